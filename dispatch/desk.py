"""The coordinators' desk: what the board shows and what a coordinator may do.

Everything takes `now`. Actions go through dispatch.lifecycle; `still_as_seen`
is the guard that lets two coordinators act at once: the first wins, the
second is told what changed and nothing of theirs is done.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dispatch import lifecycle
from dispatch.deadlines import is_at_risk, is_overdue, urgency
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.localtime import duration_words, moment_words, windows_between
from dispatch.models import (
    ACCEPTED, ACTIVE_STATES, OFFERED, OPEN, Coach, Event, Message, Offer, Request,
)

RECENT = timedelta(days=7)
STATS_PERIOD = timedelta(days=30)
STATUS_LABELS = {
    "open": "en attente d'un coach", "offered": "proposée", "accepted": "acceptée",
    "contacted": "rappelée", "closed": "close", "cancelled": "annulée",
}
SECTIONS = ("attention", "in_progress", "contacted")


@dataclass
class BoardRow:
    request: Request
    state: str             # crisis, overdue, at_risk, waiting, in_progress, contacted
    left: str              # "3 h 20 min", "dépassé de 2 h 05 min", "rappelée il y a 1 j 2 h"
    tone: str              # css class: late, risk, ok, done
    coach: Coach | None    # the holder, or the coach it is offered to


@dataclass
class Board:
    sections: dict[str, list[BoardRow]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # Crises nobody has taken in hand yet, and those no coordinator could be paged for.
    untaken_crises: list[Request] = field(default_factory=list)
    unreached: list[Request] = field(default_factory=list)


def pending_offers(db: Session, request_ids: list[int] | None = None) -> dict[int, Offer]:
    """The pending offer of each request that has one, by request id."""
    query = select(Offer).where(Offer.status == "pending")
    # Pending offers are few (one per request being offered); a long list of
    # ids would exceed the driver's bind-parameter limit, so load them all.
    if request_ids is not None and len(request_ids) <= 500:
        query = query.where(Offer.request_id.in_(request_ids))
    return {o.request_id: o for o in db.scalars(query)}


def coach_of(request: Request, offers: dict[int, Offer]) -> Coach | None:
    """Who holds the request, or who it is being offered to; None otherwise."""
    if request.coach is not None:
        return request.coach
    offer = offers.get(request.id)
    return offer.coach if offer is not None and request.status == OFFERED else None


def state_of(request: Request, now: datetime) -> str:
    if request.status == "cancelled" or (request.status == "closed" and not request.contacted_at):
        return request.status
    rank = urgency(request, now)[0]
    return ("crisis", "overdue", "at_risk", "waiting", "in_progress", "contacted")[rank]


def time_left(request: Request, now: datetime) -> tuple[str, str]:
    """The deadline in words and its colour class, for one row of the board."""
    if request.status not in ACTIVE_STATES:
        word = {"cancelled": "annulée"}.get(request.status, "rappelée")
        if request.status == "closed" and not request.contacted_at:
            word = "close"
        since = now - (request.contacted_at or request.closed_at or now)
        return f"{word} il y a {duration_words(since)}", "done"
    if is_overdue(request, now):
        return f"dépassé de {duration_words(now - request.deadline)}", "late"
    tone = "risk" if is_at_risk(request, now) or request.crisis else "ok"
    return f"reste {duration_words(request.deadline - now)}", tone


def board(db: Session, now: datetime) -> Board:
    """Active requests, most urgent first, then those contacted in the last 7 days."""
    active = list(db.scalars(select(Request).where(Request.status.in_(ACTIVE_STATES))))
    recent = list(db.scalars(select(Request).where(
        Request.status.not_in(ACTIVE_STATES), Request.contacted_at >= now - RECENT)
        .order_by(Request.contacted_at.desc())))
    from dispatch.paging import unreached
    offers = pending_offers(db, [r.id for r in active])
    result = Board(sections={name: [] for name in SECTIONS},
                   untaken_crises=sorted((r for r in active if r.crisis and r.taken_by_id is None),
                                         key=lambda r: r.received_at),
                   unreached=unreached(db))
    for request in sorted(active, key=lambda r: urgency(r, now)) + recent:
        state = state_of(request, now)
        left, tone = time_left(request, now)
        section = "attention" if state in ("crisis", "overdue", "at_risk", "waiting") \
            else state
        result.sections[section].append(BoardRow(request, state, left, tone,
                                                 coach_of(request, offers)))
        result.counts[state] = result.counts.get(state, 0) + 1
    return result


@dataclass(frozen=True)
class Entry:
    """One line of a request's timeline."""
    at: datetime
    actor: str
    kind: str
    detail: str
    to: str | None = None


def timeline(db: Session, request_id: int) -> list[Entry]:
    """Every event of the request and every SMS sent about it, oldest first.

    Inbound SMS are already events (`sms_in`), so only outbound ones are added."""
    entries = [Entry(e.at, e.actor, e.kind, e.detail or "")
               for e in db.scalars(select(Event).where(Event.request_id == request_id)
                                   .order_by(Event.at, Event.id))]
    for m in db.scalars(select(Message).where(Message.request_id == request_id,
                                              Message.direction == "out")
                        .order_by(Message.created_at, Message.id)):
        channel = "call" if m.channel == "call" else "sms"
        entries.append(Entry(m.created_at, "hotline", f"{channel}_{m.kind or 'out'}",
                             f"{m.body or ''} [{m.status}]", to=m.to_number))
    return sorted(entries, key=lambda e: e.at)


def original_sms(db: Session, request_id: int) -> list[Message]:
    """What the entrepreneur wrote, oldest first."""
    return list(db.scalars(select(Message).where(Message.request_id == request_id,
                                                 Message.direction == "in")
                           .order_by(Message.created_at, Message.id)))


# --- acting on a request -------------------------------------------------

@dataclass(frozen=True)
class Seen:
    """What the coordinator's page showed: the action stands only if it still holds."""
    status: str
    coach_id: int | None
    next_check_at: datetime | None

    @classmethod
    def of(cls, request: Request) -> "Seen":
        return cls(request.status, request.coach_id, request.next_check_at)

    def token(self) -> str:
        check = self.next_check_at.isoformat() if self.next_check_at else ""
        return f"{self.status}|{self.coach_id or ''}|{check}"

    @classmethod
    def parse(cls, token: str) -> "Seen | None":
        """The Seen a form sent back, None when it is garbled."""
        parts = (token or "").split("|")
        if len(parts) != 3 or not parts[0]:
            return None
        try:
            coach = int(parts[1]) if parts[1] else None
            check = datetime.fromisoformat(parts[2]) if parts[2] else None
        except ValueError:
            return None
        return cls(parts[0], coach, check)


def still_as_seen(db: Session, request_id: int, seen: Seen) -> bool:
    """Lock the request if it is still as the coordinator saw it; False otherwise.

    A no-op conditional UPDATE: it takes the row (PostgreSQL) or the write lock
    (SQLite) until commit, so a concurrent action waits, then finds it changed."""
    query = update(Request).where(Request.id == request_id, Request.status == seen.status)
    query = query.where(Request.coach_id.is_(None) if seen.coach_id is None
                        else Request.coach_id == seen.coach_id)
    query = query.where(Request.next_check_at.is_(None) if seen.next_check_at is None
                        else Request.next_check_at == seen.next_check_at)
    return db.execute(query.values(status=Request.status)).rowcount == 1


def offer_to(db: Session, ctx: Context, request: Request, coach: Coach, now: datetime,
             actor: str) -> Outcome:
    """Offer the request to a coach the coordinator chose, again if need be.

    A request a coach holds is taken back from them first (they are told);
    offers standing to others stay (the first OK wins). NOT_YOURS: an offer to
    this coach is already waiting for their answer."""
    if request.status not in ACTIVE_STATES:
        return Outcome.WRONG_STATE
    if db.scalar(select(Offer.id).where(Offer.request_id == request.id, Offer.coach_id == coach.id,
                                        Offer.status == lifecycle.PENDING)) is not None:
        return Outcome.NOT_YOURS
    if request.status == ACCEPTED and \
            lifecycle.reassign(db, request, now, actor) is not Outcome.DONE:
        return Outcome.WRONG_STATE
    offer = lifecycle.make_offer(db, ctx, request, coach, "choix de la coordination", now,
                                 actor=actor)
    return Outcome.DONE if offer is not None else Outcome.WRONG_STATE


def add_note(db: Session, request: Request, text: str, now: datetime, actor: str) -> None:
    lifecycle.log(db, request.id, now, actor, "note", text.strip()[:2000])


@dataclass(frozen=True)
class Choice:
    """A coach as the "Proposer à" list shows them."""
    coach: Coach
    call_at: datetime | None   # the first moment they can call the person
    in_time: bool              # inside the slots, before the deadline
    load: int
    pending: bool              # an offer to them is waiting for an answer
    refused: bool              # they declined or gave it back


def offer_choices(db: Session, ctx: Context, request: Request, now: datetime) -> list[Choice]:
    """Every active coach, those who can call in time first, for the coordinator."""
    from dispatch.matching import LOOKAHEAD, call_at
    from dispatch.offering import coach_views, request_view
    views = coach_views(db, now)
    view = request_view(db, request)
    pending = set(db.scalars(select(Offer.coach_id).where(Offer.request_id == request.id,
                                                          Offer.status == lifecycle.PENDING)))
    refused = set(view.excluded) - pending
    choices = []
    for coach in db.scalars(select(Coach).where(Coach.active.is_(True)).order_by(Coach.name)):
        v = views.get(coach.id)
        in_time = v is not None and call_at(v, view, now, ctx.tz, request.deadline)
        later = v is not None and call_at(v, view, now, ctx.tz, now + LOOKAHEAD)
        choices.append(Choice(coach, in_time or later or None, bool(in_time),
                              v.open_requests if v else 0, coach.id in pending,
                              coach.id in refused))
    return sorted(choices, key=lambda c: (not c.in_time, c.call_at is None, c.pending,
                                          c.refused, c.coach.name))


def set_crisis(db: Session, ctx: Context, request: Request, crisis: bool, reason: str,
               now: datetime, actor: str) -> Outcome:
    """A coordinator marks a request as a crisis (paged and offered at once) or
    unmarks one the parser flagged wrongly; the reason goes on the timeline."""
    from dispatch import paging
    if request.crisis == crisis:
        return Outcome.ALREADY
    if crisis:
        if request.status not in ACTIVE_STATES:
            return Outcome.WRONG_STATE
        paging.start(db, ctx, request, now, actor, reason, kind="crisis_marked")
    else:
        request.crisis = False
        request.deadline = max(request.deadline,
                               lifecycle.deadline_for(request.received_at, request.slots))
        lifecycle.log(db, request.id, now, actor, "crisis_unmarked", reason)
    return Outcome.DONE


# --- the coaches' page -----------------------------------------------------

@dataclass
class CoachLine:
    coach: Coach
    open_requests: list[int]
    pending: list[int]
    next_available: str
    answer_rate: float | None      # answered / offers that asked for an answer
    median_accept: timedelta | None
    offers: int


def next_available(coach: Coach, now: datetime, tz: ZoneInfo) -> str:
    """"maintenant (jusqu'à 12h)" or "jeu. 26/11 14h", or "aucune" for an empty week."""
    windows = windows_between(coach.availability or {}, now, now + timedelta(days=8), tz)
    if not windows:
        return "aucune"
    start, end = windows[0]
    if start <= now:
        local = end.astimezone(tz)
        return f"maintenant (jusqu'à {local.hour}h{local.minute:02d})".replace("h00)", "h)")
    return moment_words(start, tz)


def coach_lines(db: Session, now: datetime, tz: ZoneInfo) -> list[CoachLine]:
    since = now - STATS_PERIOD
    held: dict[int, list[int]] = {}
    for r in db.scalars(select(Request).where(Request.status == ACCEPTED).order_by(Request.id)):
        held.setdefault(r.coach_id or 0, []).append(r.id)
    recent = list(db.scalars(select(Offer).where(Offer.created_at >= since)))
    lines = []
    for coach in db.scalars(select(Coach).order_by(Coach.active.desc(), Coach.name)):
        mine = [o for o in recent if o.coach_id == coach.id]
        asked = [o for o in mine if o.status in ("accepted", "declined", "expired")]
        answered = [o for o in asked if o.status != "expired"]
        waits = [(o.answered_at - o.created_at) for o in mine
                 if o.status == "accepted" and o.answered_at is not None]
        lines.append(CoachLine(
            coach, held.get(coach.id, []),
            [o.request_id for o in mine if o.status == "pending"],
            next_available(coach, now, tz),
            len(answered) / len(asked) if asked else None,
            median(waits) if waits else None, len(mine)))
    return lines


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def describe(outcome: Outcome, request: Request, seen_status: str) -> str:
    """Why an action was refused, in words a coordinator reads in a flash message."""
    if outcome is Outcome.NOT_YOURS:
        return f"Ce coach a déjà reçu une proposition pour la demande {request.id}."
    if request.status == seen_status:
        change = (f"elle est toujours « {label(request.status)} », mais une autre action "
                  f"(d'un coordinateur, d'un coach ou de l'horloge) a eu lieu")
    else:
        change = (f"elle est maintenant « {label(request.status)} » "
                  f"(vous aviez vu « {label(seen_status)} »)")
    return (f"La demande {request.id} a changé entre-temps : {change}. "
            f"Rien n'a été fait ; vérifiez et recommencez si besoin.")


def as_dict(entry: Entry, tz: ZoneInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"at": entry.at.astimezone(tz).isoformat(), "actor": entry.actor,
                           "kind": entry.kind, "detail": entry.detail}
    if entry.to:
        out["to"] = entry.to
    return out

