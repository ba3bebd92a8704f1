"""The words of the coordinators' desk: a request's timeline, states and message
statuses in French, never an identifier or a raw state.

The timeline keeps its raw kinds for the API (dispatch.desk.timeline); these
turn each entry into what a coordinator reads: who, what, to whom, and how
the message fared ("SMS à Michel Bernard · remis").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.desk import Entry
from dispatch.desk_mail import same_person
from dispatch.models import Coach, Coordinator, Request
from dispatch.phones import national

# What happened, by event kind (dispatch.lifecycle.log and the modules that log).
EVENTS = {
    "sms_in": "SMS reçu", "mail_in": "mail reçu", "opened": "demande ouverte",
    "no_content": "message incompris", "offered": "proposée", "accepted": "acceptée",
    "declined": "refusée", "offer_expired": "proposition restée sans réponse",
    "offer_unsent": "proposition retirée avant envoi", "contacted": "rappel fait",
    "closed": "close", "cancelled": "annulée", "reassigned": "reprise par la coordination",
    "note": "note", "escalated": "alerte à la coordination", "crisis": "crise",
    "crisis_marked": "marquée comme crise", "crisis_unmarked": "n'est plus une crise",
    "crisis_again": "la personne en détresse réécrit",
    "call_failed": "appel sans réponse", "opted_out": "ne veut plus de SMS (STOP)",
    "opted_in": "accepte à nouveau les SMS (START)", "taken": "prise en main",
    "paged": "coordination appelée en urgence",
    "page_unreachable": "personne de la coordination joignable", "given_back": "rendue par le coach",
    "new_round": "nouveau tour de propositions", "chased": "relance de la personne",
    "deadline_moved": "échéance déplacée", "erased": "données personnelles effacées",
    "anonymised": "anonymisée (durée de conservation)", "reopened": "rétablie",
    "notice": "personne prévenue",
    "number_given": "numéro de rappel reçu", "mail_bounced": "mail revenu en erreur",
    "mail_unreadable": "mail illisible", "paused": "coach en pause",
    "resumed": "coach de nouveau disponible",
}
# What an outbound message was, by its kind.
MESSAGES = {
    "reply": "réponse immédiate", "offer": "proposition", "alert": "alerte",
    "page": "appel d'urgence", "reminder": "rappel au coach", "forward": "message transmis",
    "taken": "prise par une autre personne", "cancelled": "annulation",
    "closed": "clôture", "contacted": "rappel noté", "reassigned": "reprise",
    "tried_to_call": "tentative d'appel", "summary": "récapitulatif du matin",
    "notice": "information à la personne", "retry_asked": "demande de réessayer",
}
STATUSES = {
    "queued": "en attente d'envoi", "sending": "en cours d'envoi", "sent": "envoyé",
    "delivered": "remis", "undelivered": "non remis", "failed": "échec d'envoi",
    "cancelled": "non envoyé (numéro bloqué ou demande close)", "received": "reçu",
    "unreadable": "illisible, laissé dans la boîte aux lettres",
}
CALL_STATUSES = {"queued": "appel en attente", "sending": "appel en cours",
                 "sent": "appel passé", "delivered": "appel passé", "failed": "appel impossible",
                 "cancelled": "appel non passé"}
MAIL_STATUSES = {**STATUSES, "cancelled": "non envoyé (adresse bloquée ou demande close)"}
# Details other modules write in English, as a coordinator reads them.
DETAILS = {
    "personal data erased on request": "à la demande de la personne",
    "(media or symbols only)": "(image ou symboles seulement)",
    "(empty message)": "(message vide)",
}


@dataclass(frozen=True)
class Line:
    """One timeline entry as shown: when, who, what, to whom, how it fared."""
    at: datetime
    actor: str
    what: str
    detail: str
    to_name: str | None = None
    to_number: str | None = None
    status: str | None = None
    call: bool = False
    raw: str = ""             # the raw kind, for styling only
    subject: str | None = None   # an e-mail's subject
    mail: bool = False           # went by e-mail: `to_number` is an address


def actor_words(actor: str) -> str:
    return {"entrepreneur": "la personne", "hotline": "la ligne", "clock": "l'horloge",
            "coordination": "la coordination"}.get(actor, actor)


def detail_words(detail: str) -> str:
    if detail in DETAILS:
        return DETAILS[detail]
    if detail.startswith("personal data erased after "):
        return f"après {detail.split()[-2]} jours de conservation"
    return detail


def people(db: Session) -> dict[str, str]:
    """Names of the team by mobile, to say who a message went to."""
    found = {c.mobile: c.name for c in db.scalars(select(Coach))}
    found.update({c.mobile: c.name for c in db.scalars(select(Coordinator))})
    return found


def lines(entries: list[Entry], request: Request, names: dict[str, str]) -> list[Line]:
    """The request's timeline (dispatch.desk.timeline) in words."""
    out = []
    for e in entries:
        if e.to is None:
            out.append(Line(e.at, actor_words(e.actor), EVENTS.get(e.kind, e.kind.replace("_", " ")),
                            detail_words(e.detail), raw=e.kind))
            continue
        channel, _, kind = e.kind.partition("_")
        body, status = e.body, e.status or ""
        call, mail = channel == "call", channel == "email"
        who = names.get(e.to) or ("la personne" if same_person(e.to, request) else None)
        what = ("appel téléphonique" if call else "mail" if mail else "SMS") + \
            (f" · {MESSAGES[kind]}" if kind in MESSAGES and not call else "")
        shown = (CALL_STATUSES if call else MAIL_STATUSES if mail else STATUSES).get(status, status)
        out.append(Line(e.at, "la ligne", what, body, who, e.to, shown, call, e.kind,
                        e.subject if mail else None, mail))
    return out


def phone_words(number: str | None) -> str:
    return national(number) if number else "—"
