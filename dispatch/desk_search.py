"""Finding a request on the board: search (number, name, phone, e-mail) and filters.

A coordinator looking for the caller who asks to be erased types what they
have: "12", "#12", "06 12 34 56 78", "345678", "Inès", "ines.r@" (the address
a request came by mail from counts as one of its e-mails).  Search
covers every request whose personal data is still kept, whatever its state;
names and e-mails match without case or accents, numbers by their digits.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.desk_mail import emails_of
from dispatch.models import Request
from dispatch.phones import national

LIMIT = 50
STATES = {
    "": "tous les états", "attention": "à traiter", "crisis": "crise", "overdue": "en retard",
    "at_risk": "à risque", "waiting": "attend un coach", "no_number": "attend un numéro",
    "in_progress": "en cours",
    "contacted": "rappelée", "ended": "close ou annulée", "no_content": "message incompris",
}
SORTS = {"urgency": "les plus urgentes d'abord", "deadline": "échéance la plus proche",
         "received": "les plus récentes d'abord", "number": "numéro"}


@dataclass(frozen=True)
class Filters:
    """What the board's search box and filters ask for; the defaults show everything."""
    q: str = ""
    state: str = ""
    topic: str = ""          # a topic key, "none" for no topic, "" for all
    coach: int | None = None
    crisis: bool = False
    sort: str = "urgency"

    @classmethod
    def read(cls, form: Mapping[str, Any]) -> Filters:
        """Filters from a submitted form or the session; unknown values are ignored."""
        coach = str(form.get("coach") or "")
        return cls(q=str(form.get("q") or "").strip()[:100],
                   state=str(form.get("state") or "") if form.get("state") in STATES else "",
                   topic=str(form.get("topic") or "")[:32],
                   coach=int(coach) if coach.isdigit() else None,
                   crisis=str(form.get("crisis") or "").lower() in ("1", "on", "true"),
                   sort=str(form.get("sort")) if form.get("sort") in SORTS else "urgency")

    def as_dict(self) -> dict[str, Any]:
        return {"q": self.q, "state": self.state, "topic": self.topic, "coach": self.coach,
                "crisis": self.crisis, "sort": self.sort}

    @property
    def any(self) -> bool:
        return bool(self.q or self.state or self.topic or self.coach or self.crisis)

    def keeps(self, request: Request, state: str, coach_id: int | None) -> bool:
        """Whether a board row passes the filters (the search is `search`'s)."""
        if self.crisis and not request.crisis:
            return False
        if self.topic and (request.topic or "none") != self.topic:
            return False
        if self.coach is not None and coach_id != self.coach:
            return False
        if self.state == "attention":
            return state in ("crisis", "overdue", "at_risk", "waiting")
        if self.state == "ended":
            return state in ("closed", "cancelled")
        return not self.state or state == self.state


def fold(text: str) -> str:
    """Lower case without accents: "Inès" and "ines" match."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _numbers(request: Request) -> list[str]:
    """Every number of the request as digits, E.164 and national ("33612…", "0612…")."""
    found = {request.callback_number, *(request.phones or [])}
    if request.channel != "email":
        found.add(request.sender)
    out = []
    for number in found:
        if number:
            out += [_digits(number), _digits(national(number))]
    return out


def matches(request: Request, query: str) -> bool:
    """Whether `query` names this request: its number, a phone, the name or an e-mail."""
    text = query.strip()
    if not text:
        return True
    bare = text.lstrip("#").strip()
    if bare.isdigit() and int(bare) == request.id:
        return True
    digits = _digits(text)
    if len(digits) >= 4 and len(digits) * 2 >= len(re.sub(r"[\s.+()-]", "", text)):
        wanted = digits[1:] if digits.startswith("0") else digits
        return any(wanted in number for number in _numbers(request))
    folded = fold(text)
    if request.name and all(part in fold(request.name) for part in folded.split()):
        return True
    return any(folded in fold(email) for email in emails_of(request))


def search(db: Session, query: str) -> list[Request]:
    """The requests `query` names, newest first, among those whose data is kept."""
    found = []
    for request in db.scalars(select(Request).where(Request.anonymised_at.is_(None))
                              .order_by(Request.id.desc())):
        if matches(request, query):
            found.append(request)
            if len(found) >= LIMIT:
                break
    return found
