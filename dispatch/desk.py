"""The coordinators' board: what needs them, most urgent first, and what to do
about each request; a request's timeline.

Everything takes `now`. What a coordinator may do is dispatch.desk_actions'
(and desk_end's for closing, cancelling and undoing); the words shown are
dispatch.desk_words'; search and filters dispatch.desk_search's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dispatch import desk_mail, lifecycle
from dispatch.conversation import NO_CONTENT
from dispatch.deadlines import is_overdue
from dispatch.desk_search import Filters, search
from dispatch.hotline import Context
from dispatch.lifecycle import FAILED_CALLS_LIMIT
from dispatch.localtime import at_words, duration_words
from dispatch.models import (
    ACCEPTED,
    ACTIVE_STATES,
    CLOSED,
    OFFERED,
    Coach,
    Escalation,
    Event,
    Message,
    Offer,
    Request,
)
from dispatch.risk import Risk

RECENT = timedelta(days=7)
SECTIONS = ("attention", "in_progress", "contacted", "ended", "no_content")
ATTENTION = ("crisis", "overdue", "at_risk", "waiting")


@dataclass(frozen=True)
class NextStep:
    """What a coordinator should do about a request, in words, and the button for it.

    `action`: take (Je prends), offer (propose to a coach), decide (after three
    calls in vain), call_coach, call_person, mail_person (write to a person known
    only by e-mail), or None when nothing is to be done."""
    words: str
    action: str | None = None
    urgent: bool = False


@dataclass
class BoardRow:
    request: Request
    state: str             # crisis, overdue, at_risk, waiting, in_progress, contacted, ...
    left: str              # "3 h 20 min", "dépassé de 2 h 05 min", "rappelée il y a 1 j 2 h"
    tone: str              # css class: late, risk, ok, done
    coach: Coach | None    # the holder, or the coach it is offered to
    step: NextStep | None = None


@dataclass
class Board:
    sections: dict[str, list[BoardRow]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # Crises nobody has taken in hand yet, and those no coordinator could be paged for.
    untaken_crises: list[Request] = field(default_factory=list)
    unreached: list[Request] = field(default_factory=list)
    searched: bool = False     # the sections hold search results
    shown: int = 0


def pending_offers(db: Session, request_ids: list[int] | None = None) -> dict[int, Offer]:
    """The pending offer of each request that has one, by request id."""
    return {request_id: offers[0] for request_id, offers in
            all_pending_offers(db, request_ids).items()}


def all_pending_offers(db: Session, request_ids: list[int] | None = None) -> dict[int, list[Offer]]:
    """Every pending offer of each request that has some, oldest first, by request id."""
    query = select(Offer).where(Offer.status == "pending").order_by(Offer.id)
    # Pending offers are few (one per request being offered); a long list of
    # ids would exceed the driver's bind-parameter limit, so load them all.
    if request_ids is not None and len(request_ids) <= 500:
        query = query.where(Offer.request_id.in_(request_ids))
    found: dict[int, list[Offer]] = {}
    for offer in db.scalars(query):
        found.setdefault(offer.request_id, []).append(offer)
    return found


def coach_of(request: Request, offers: dict[int, Offer]) -> Coach | None:
    """Who holds the request, or who it is being offered to; None otherwise."""
    if request.coach is not None:
        return request.coach
    offer = offers.get(request.id)
    return offer.coach if offer is not None and request.status == OFFERED else None


def state_of(request: Request, now: datetime, risk: Risk) -> str:
    if request.status == CLOSED and request.closed_reason == NO_CONTENT:
        return "no_content"
    if request.status == "cancelled" or (request.status == "closed" and not request.contacted_at):
        return request.status
    if desk_mail.waits_for_number(request) and not request.crisis:
        return desk_mail.NO_NUMBER   # waiting for the person, not for a coach
    rank = risk.urgency(request, now)[0]
    if rank == 4 and request.failed_attempts >= FAILED_CALLS_LIMIT:
        rank = 3   # three calls without an answer: it waits for the coordinators' decision
    return ("crisis", "overdue", "at_risk", "waiting", "in_progress", "contacted")[rank]


def time_left(request: Request, now: datetime, risk: Risk) -> tuple[str, str]:
    """The deadline in words and its colour class, for one row of the board."""
    if request.status not in ACTIVE_STATES:
        word = {"cancelled": "annulée"}.get(request.status, "rappelée")
        if request.status == "closed" and not request.contacted_at:
            word = "close"
        if request.closed_reason == NO_CONTENT:
            word = "reçu"
        since = now - (request.contacted_at or request.closed_at or now)
        return f"{word} il y a {duration_words(since)}", "done"
    if desk_mail.waits_for_number(request) and not request.crisis:
        # No coach can call yet: the deadline is not theirs to miss.
        return f"reçue il y a {duration_words(now - request.received_at)}", "wait"
    if is_overdue(request, now):
        return f"dépassé de {duration_words(now - request.deadline)}", "late"
    tone = "risk" if risk.at_risk(request, now) or request.crisis else "ok"
    return f"reste {duration_words(request.deadline - now)}", tone


def next_step(request: Request, now: datetime, risk: Risk, offers: list[Offer] | None = None,
              escalated: set[str] | frozenset[str] = frozenset(),
              tried: bool = True) -> NextStep | None:
    """What to do next about `request`, for the board and the request's page
    (words in the hotline's zone, `risk.tz`).

    `offers`: those pending now; `escalated`: the steps taken (no_coach, ...);
    `tried`: whether it was ever offered to anyone."""
    if request.status not in ACTIVE_STATES:
        if request.closed_reason == NO_CONTENT:
            return NextStep("message incompris : la personne est invitée à préciser ; "
                            "rien à faire sauf si vous la connaissez")
        return None
    late, risky, tz = is_overdue(request, now), risk.at_risk(request, now), risk.tz
    coach = request.coach.name if request.coach else None
    if request.crisis:
        return _crisis_step(request, coach)
    if desk_mail.waits_for_number(request):
        return NextStep(desk_mail.waiting_step_words(request, now), "mail_person")
    if request.status == ACCEPTED:
        if request.failed_attempts >= lifecycle.FAILED_CALLS_LIMIT:
            return NextStep(f"{request.failed_attempts} appels sans réponse : décider "
                            "(réessayer, confier à un autre coach ou clore)", "decide", True)
        if late:
            return NextStep(f"échéance dépassée : appeler {coach}", "call_coach", True)
        if risky:
            return NextStep(f"pas encore rappelée : appeler {coach}", "call_coach", True)
        return NextStep(f"{coach} rappelle avant {at_words(request.deadline, tz)}")
    if offers:
        names = ", ".join(o.coach.name for o in offers)
        if late or risky:
            return NextStep(f"proposée à {names}, sans réponse : proposer à un autre coach",
                            "offer", late)
        until = min(o.expires_at for o in offers)
        return NextStep(f"proposée à {names}, réponse attendue avant {at_words(until, tz)}")
    look = request.next_check_at
    later = look is not None and look > now
    if not tried and (late or risky or "no_coach" in escalated):
        # The line's next look, not a coach's time: "avant 7h30" read as "no
        # coach until then".
        when = f" (nouvel essai {at_words(look, tz)})" if look is not None and later else ""
        return NextStep(f"aucun coach disponible pour le moment{when} : proposer à un coach",
                        "offer", late or risky)
    if late or risky or "no_coach" in escalated:
        return NextStep("personne n'a accepté : proposer à un coach", "offer", late or risky)
    if look is not None and later:
        return NextStep(f"sera proposée {at_words(look, tz)}, quand un coach "
                        "pourra la lire")
    return NextStep("en attente d'un coach : la ligne la propose")


def _crisis_step(request: Request, coach: str | None) -> NextStep:
    if desk_mail.waits_for_number(request):
        taker = request.taken_by.name if request.taken_by is not None else None
        return NextStep(desk_mail.crisis_words(taker), "mail_person" if taker else "take", True)
    if request.taken_by is None:
        return NextStep("crise non prise en main : Je prends", "take", True)
    taker = request.taken_by.name
    if coach:
        return NextStep(f"crise prise en main par {taker} ; {coach} rappelle dans l'heure")
    return NextStep(f"crise prise en main par {taker}, aucun coach n'a accepté : appeler la "
                    "personne", "call_person", True)


def board(db: Session, now: datetime, ctx: Context, filters: Filters | None = None) -> Board:
    """Active requests, most urgent first, then those ended in the last 7 days.

    With a search, the sections hold every request the search names instead."""
    filters = filters or Filters()
    active = list(db.scalars(select(Request).where(Request.status.in_(ACTIVE_STATES))))
    recent = list(db.scalars(select(Request).where(
        Request.status.not_in(ACTIVE_STATES),
        func.coalesce(Request.contacted_at, Request.closed_at) >= now - RECENT)))
    shown = search(db, filters.q) if filters.q else active + recent
    from dispatch.paging import unreached
    offers = all_pending_offers(db, [r.id for r in shown])
    waiting = [r.id for r in shown if r.status in ACTIVE_STATES]
    escalated = _escalations(db, waiting)
    tried = _ever_offered(db, waiting)
    risk = Risk.of(db, ctx, active)   # every active request shown is among them
    result = Board(sections={name: [] for name in SECTIONS},
                   untaken_crises=sorted((r for r in active if r.crisis and r.taken_by_id is None),
                                         key=lambda r: r.received_at),
                   unreached=unreached(db), searched=bool(filters.q))
    for request in active + recent:   # the counts ignore search and filters
        state = state_of(request, now, risk)
        result.counts[state] = result.counts.get(state, 0) + 1
    for request in _sorted(shown, now, filters.sort, risk):
        state = state_of(request, now, risk)
        holder = request.coach or (offers[request.id][0].coach
                                   if request.id in offers and request.status == OFFERED else None)
        if not filters.keeps(request, state, holder.id if holder else None):
            continue
        left, tone = time_left(request, now, risk)
        step = next_step(request, now, risk, offers.get(request.id),
                         escalated.get(request.id, set()), request.id in tried)
        result.sections[_section(state)].append(BoardRow(request, state, left, tone, holder, step))
        result.shown += 1
    return result


def _section(state: str) -> str:
    if state in ATTENTION:
        return "attention"
    return {"closed": "ended", "cancelled": "ended",
            desk_mail.NO_NUMBER: "in_progress"}.get(state, state)


def _sorted(requests: list[Request], now: datetime, sort: str, risk: Risk) -> list[Request]:
    if sort == "deadline":
        return sorted(requests, key=lambda r: (r.status not in ACTIVE_STATES, r.deadline))
    if sort == "received":
        return sorted(requests, key=lambda r: r.received_at, reverse=True)
    if sort == "number":
        return sorted(requests, key=lambda r: r.id)
    ended = lambda r: r.contacted_at or r.closed_at or r.received_at  # noqa: E731
    return sorted((r for r in requests if r.status in ACTIVE_STATES),
                  key=lambda r: risk.urgency(r, now)) + \
        sorted((r for r in requests if r.status not in ACTIVE_STATES), key=ended, reverse=True)


def _ever_offered(db: Session, ids: list[int]) -> set[int]:
    if not ids or len(ids) > 500:
        return set(ids)
    return set(db.scalars(select(Offer.request_id).where(Offer.request_id.in_(ids))
                          .distinct()))


def escalations_of(db: Session, request: Request) -> set[str]:
    """The escalation steps taken for one request (no_coach, unaccepted, ...)."""
    return _escalations(db, [request.id]).get(request.id, set())


def _escalations(db: Session, ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    if ids and len(ids) <= 500:
        for request_id, kind in db.execute(select(Escalation.request_id, Escalation.kind)
                                           .where(Escalation.request_id.in_(ids))):
            found.setdefault(request_id, set()).add(kind)
    return found


@dataclass(frozen=True)
class Entry:
    """One line of a request's timeline."""
    at: datetime
    actor: str
    kind: str
    detail: str
    to: str | None = None
    status: str | None = None     # an outbound message's status
    body: str = ""                # an outbound message's text
    subject: str | None = None    # an outbound e-mail's subject


def timeline(db: Session, request_id: int) -> list[Entry]:
    """Every event of the request and every message sent about it, oldest first.

    Inbound SMS and mails are already events (`sms_in`, `mail_in`), so only
    outbound ones are added (kinds "sms_offer", "call_page", "email_reply"...)."""
    entries = [Entry(e.at, e.actor, e.kind, e.detail or "")
               for e in db.scalars(select(Event).where(Event.request_id == request_id)
                                   .order_by(Event.at, Event.id))]
    for m in db.scalars(select(Message).where(Message.request_id == request_id,
                                              Message.direction == "out")
                        .order_by(Message.created_at, Message.id)):
        channel = m.channel if m.channel in ("call", "email") else "sms"
        entries.append(Entry(m.created_at, "hotline", f"{channel}_{m.kind or 'out'}",
                             f"{m.body or ''} [{m.status}]", to=m.to_number, status=m.status,
                             body=m.body or "", subject=m.subject))
    return sorted(entries, key=lambda e: e.at)


def original_sms(db: Session, request_id: int) -> list[Message]:
    """What the entrepreneur wrote, oldest first."""
    return list(db.scalars(select(Message).where(Message.request_id == request_id,
                                                 Message.direction == "in")
                           .order_by(Message.created_at, Message.id)))


def as_dict(entry: Entry, tz: ZoneInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"at": entry.at.astimezone(tz).isoformat(), "actor": entry.actor,
                           "kind": entry.kind, "detail": entry.detail}
    if entry.to:
        out["to"] = entry.to
    return out



# What a coordinator may do lives in dispatch.desk_actions; these names stay
# importable from here for the callers written before the split.
from dispatch.desk_actions import (  # noqa: E402,F401
    Choice,
    Seen,
    add_note,
    describe,
    label,
    offer_choices,
    offer_to,
    set_crisis,
    still_as_seen,
)
