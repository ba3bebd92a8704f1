"""The monthly review's answers to the partners' questions: what became of the
requests, how fast the first call came, how crises were reached, which
answers the coaches gave, which partner called back, and what follow-up to plan.

Like dispatch.report, it outputs only counts and durations, small ones
suppressed. It reads the coaches' notes (`Request.note`, the words after
`FAIT N`) only to count orientations with the keyword list below; no word of
a note is ever output.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.models import Coach, Event, Request
from dispatch.report import breakdown, durations, small

# What became of a request, one outcome each (a closed request called back
# counts as called back). Cancelled requests are not misses of the promise.
OUTCOMES = ("contacted_by_deadline", "contacted_late", "unreachable", "cancelled_by_person",
            "cancelled_by_desk", "closed_other", "still_open")

# Orientations a coach's note may name, matched on words without case or
# accents: (key, words or phrases, who follows up). "cci" is the hotline's
# own chamber; "association" the coaches' association. A note may name several.
ORIENTATIONS = (
    ("cci", ("cci", "chambre de commerce", "conseiller cci"), "cci"),
    ("urssaf", ("urssaf",), "cci"),
    ("impots", ("impot", "impots", "sie", "dgfip", "tresor public"), "cci"),
    ("tribunal", ("tribunal", "prevention", "conciliation", "mandat ad hoc", "cip",
                  "redressement", "sauvegarde", "liquidation"), "cci"),
    ("credit", ("mediation du credit", "banque de france", "mediateur"), "cci"),
    ("cma", ("cma", "chambre des metiers"), "cci"),
    ("avocat", ("avocat", "barreau", "juriste"), "association"),
    ("comptable", ("comptable", "expert-comptable", "expert comptable"), "association"),
    ("soutien", ("apesa", "psy", "psychologue", "medecin", "soutien psychologique",
                 "ecoute"), "association"),
    ("emploi", ("france travail", "pole emploi", "apec"), "association"),
)
NO_PARTNER = "none"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " " + " ".join(re.sub(r"[^a-z0-9-]+", " ", plain).split()) + " "


def orientations(note: str | None) -> set[str]:
    """The orientations a coach's note names ("FAIT 12 orienté CCI et URSSAF")."""
    if not note:
        return set()
    text = _fold(note)
    return {key for key, words, _ in ORIENTATIONS
            if any(f" {word} " in text for word in words)}


def _minutes(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 60


def _events(db: Session, ids: list[int]) -> dict[int, list[Event]]:
    found: dict[int, list[Event]] = {}
    for start in range(0, len(ids), 500):
        for event in db.scalars(select(Event).where(Event.request_id.in_(ids[start:start + 500]))
                                .order_by(Event.at, Event.id)):
            found.setdefault(event.request_id or 0, []).append(event)
    return found


def outcome(request: Request, events: list[Event]) -> str:
    """One of OUTCOMES for a request, as things stand."""
    if request.contacted_at is not None:
        return "contacted_by_deadline" if request.contacted_at <= request.deadline \
            else "contacted_late"
    if request.status == "closed":
        return "unreachable" if request.closed_reason == "unreachable" else "closed_other"
    if request.status == "cancelled":
        ended = [e for e in events if e.kind in ("cancelled", "opted_out")]
        return "cancelled_by_person" if ended and ended[-1].actor == "entrepreneur" \
            else "cancelled_by_desk"
    return "still_open"


def first_call(request: Request, events: list[Event]) -> datetime | None:
    """The first call to the person: a failed one (ECHEC) or the call that reached them."""
    tries = [e.at for e in events if e.kind == "call_failed"]
    if request.contacted_at is not None:
        tries.append(request.contacted_at)
    return min(tries) if tries else None


def _crises(requests: list[Request], events: dict[int, list[Event]]) -> dict[str, Any]:
    """Crises: how many, how many a coordinator marked or unmarked, and how fast the
    first page left, a coordinator acknowledged it and a coach called, from the
    moment it became a crisis."""
    pages: list[float] = []
    acks: list[float] = []
    calls: list[float] = []
    ever = marked = unmarked = 0
    for request in requests:
        mine = events.get(request.id, [])
        kinds = {e.kind for e in mine}
        if not (request.crisis or kinds & {"crisis", "crisis_marked"}):
            continue
        ever += 1
        marked += "crisis_marked" in kinds
        unmarked += "crisis_unmarked" in kinds
        start = next((e.at for e in mine if e.kind in ("crisis", "crisis_marked")),
                     request.received_at)
        for kind, bucket in (("paged", pages), ("taken", acks)):
            at = next((e.at for e in mine if e.kind == kind and e.at >= start), None)
            if (minutes := _minutes(start, at)) is not None:
                bucket.append(minutes)
        if (minutes := _minutes(start, request.contacted_at)) is not None:
            calls.append(minutes)
    return {"count": small(ever), "marked_by_coordinator": small(marked),
            "unmarked_by_coordinator": small(unmarked),
            "minutes_to_first_page": durations(pages),
            "minutes_to_acknowledgement": durations(acks),
            "minutes_to_coach_call": durations(calls)}


def _answers(requests: list[Request]) -> dict[str, Any]:
    called = [r for r in requests if r.contacted_at is not None]
    named = [orientations(r.note) for r in called]
    counts = Counter(key for keys in named for key in keys)
    follow = Counter(who for keys in named
                     for who in {who for key, _, who in ORIENTATIONS if key in keys})
    # A note may name several orientations: the cells are not parts of one total.
    return {"called_back": small(len(called)),
            "with_note": small(sum(1 for r in called if (r.note or "").strip())),
            "orientations": {key: small(counts.get(key, 0)) for key, _, _ in ORIENTATIONS},
            "follow_up_by": {who: small(follow.get(who, 0)) for who in ("cci", "association")}}


def _by_partner(db: Session, requests: list[Request]) -> dict[str, Any]:
    partners = {c.id: c.partner or NO_PARTNER for c in db.scalars(select(Coach))}
    called = Counter(partners.get(r.coach_id or 0, NO_PARTNER) for r in requests
                     if r.contacted_at is not None)
    known = sorted(set(partners.values()) - {NO_PARTNER})
    cells = {key: called.get(key, 0) for key in known}
    if called.get(NO_PARTNER):
        cells[NO_PARTNER] = called[NO_PARTNER]
    return breakdown(cells)


def review(db: Session, requests: list[Request]) -> dict[str, Any]:
    """The sections of the monthly review that need the timeline."""
    events = _events(db, [r.id for r in requests])
    outcomes = Counter(outcome(r, events.get(r.id, [])) for r in requests)
    waits = [m for r in requests
             if (m := _minutes(r.received_at, first_call(r, events.get(r.id, [])))) is not None]
    counted = {key: outcomes.get(key, 0) for key in OUTCOMES}
    return {
        "outcomes": breakdown(counted),
        "minutes_to_first_call": durations(waits),
        "crises": _crises(requests, events),
        "answers": _answers(requests),
        "by_partner": _by_partner(db, requests),
        "follow_up": {
            "still_open": small(counted["still_open"]),
            "unreachable": small(counted["unreachable"]),
            "contacted_late": small(counted["contacted_late"]),
        },
    }
