"""One policy on one seed: synthetic people through the real engine.

The engine is the production one: `create_app` on a scratch in-memory SQLite
database (migrated and the roster synced once per process, then copied), the
console transport, and the policy given in `app.extensions["rappel.policy"]`.
Every SMS goes through `dispatch.inbound.receive` at its virtual time: the
entrepreneurs' first messages, the coaches' `OK n`, `NON n`, `FAIT n`,
`ECHEC n`, the coordinators' `PRIS n`. Time-driven work is the real
`scheduling.tick`, run at every moment the engine has work due that can
change a request's course (see `Run._engine_due`) instead of every 15
seconds. After each tick the SMS it sent are read as the people would: an
offer reaches its coach, a page its coordinator. Escalation steps and alerts,
which change no one's course here (simulated coordinators answer pages, not
alerts), are taken at the next tick after they fall due.

What is measured for each person is their first request: when it arrived,
its deadline (the engine's), when a coach first called (answered or not:
the hotline called back), when they were reached, and for a crisis when a
human first took it in hand (a coordinator's PRIS or a coach's call).
"""
from __future__ import annotations

import heapq
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from dispatch import paging
from dispatch.db import one_of
from dispatch.localtime import calling_window, in_plan, windows_between
from dispatch.matching import READ_AHEAD
from dispatch.models import (
    ACCEPTED,
    ACTIVE_STATES,
    OFFERED,
    OPEN,
    Coach,
    Coordinator,
    Event,
    Message,
    Offer,
    Request,
)
from dispatch.paging import CLIMB_AFTER
from planner import people
from planner.assumptions import Assumptions
from planner.policies import Policy
from planner.scratch import scratch_app
from planner.traffic import Arrival

START = date(2026, 11, 30)   # a Monday
DRAIN = timedelta(days=10)   # the latest a run goes on after the last arrival
SETTLE = timedelta(hours=4)  # after the last arrival, follow-ups are all in
LOOK_GRID = timedelta(minutes=30)
# A crisis pages its levels (dispatch.paging), ten minutes apart, from its first SMS,
# then again every half hour for as long as nobody takes it (REPEAT_FOR).
CLIMBING = paging.REPEAT_FOR + CLIMB_AFTER + timedelta(minutes=5)
CRISIS_GRID = timedelta(minutes=15)


def _due_statement() -> Any:
    """One round trip: offers expiring, new requests, retries, crises, SMS that
    matter to someone's answer (offers, pages; the others leave with them).
    Built once: it has no parameter, and the planner asks it at every step."""
    # Equalities rather than IN (...): an IN list is rendered again into the SQL
    # at every execution, which here would cost more than the query itself.
    waiting = or_(Request.status == OPEN, Request.status == OFFERED)
    look = select(func.min(Request.next_check_at)).where(waiting)
    fresh = Request.next_check_at <= Request.received_at
    return select(
        select(func.min(Offer.expires_at)).where(Offer.status == "pending").scalar_subquery(),
        look.where(fresh).scalar_subquery(),
        look.where(~fresh, Request.crisis.is_(False)).scalar_subquery(),
        look.where(~fresh, Request.crisis.is_(True)).scalar_subquery(),
        select(func.min(Message.next_attempt_at)).where(
            Message.status == "queued",
            or_(Message.kind == "offer", Message.kind == "page")).scalar_subquery())


_DUE = _due_statement()
# The SMS sent past the floor, with what their readers need: the offer's coach,
# the request and its sender (an offer's request is the message's own).
_SENT = (select(Message.id, Message.status, Message.kind, Message.to_number, Offer.coach_id,
                func.coalesce(Offer.request_id, Message.request_id), Request.sender)
         .outerjoin(Offer, Offer.id == Message.offer_id)
         .outerjoin(Request, Request.id == func.coalesce(Offer.request_id, Message.request_id))
         .where(Message.direction == "out", Message.id > bindparam("floor"),
                Message.kind != "reply")
         .order_by(Message.id))

# A request as it stands now, read again even when the session holds it.
_REQUEST = (select(Request).where(Request.id == bindparam("id"))
            .execution_options(populate_existing=True))


@dataclass
class Fate:
    """What became of one person's first request."""
    sender: str
    received_at: datetime
    crisis: bool
    deadline: datetime | None = None
    first_call_at: datetime | None = None
    reached_at: datetime | None = None
    first_human_at: datetime | None = None

    def kept(self) -> bool:
        return self.first_call_at is not None and self.deadline is not None \
            and self.first_call_at <= self.deadline

    def within_24h(self) -> bool:
        return self.first_call_at is not None and \
            self.first_call_at <= self.received_at + timedelta(hours=24)


@dataclass
class RunResult:
    policy: str
    seed: int
    fates: dict[str, Fate] = field(default_factory=dict)
    offers: int = 0
    ticks: int = 0
    seconds: float = 0.0


class Run:
    """The virtual clock, the people's events and what became of each request."""

    def __init__(self, app: Any, persons: list[Arrival], seed: int, assumed: Assumptions,
                 start: datetime, end: datetime) -> None:
        from scheduling import context_for
        self.app, self.seed, self.assumed = app, seed, assumed
        self.start, self.end = start, end
        self.sessions = app.extensions["rappel.sessions"]
        self.events: list[tuple[datetime, int, str, tuple[Any, ...]]] = []
        self.count = 0
        self.persons = {p.sender: p for p in persons}
        self.fates = {p.sender: Fate(p.sender, p.at, p.crisis) for p in persons}
        self.busy: dict[int, list[people.Interval]] = {}
        self.calling: set[tuple[int, int]] = set()
        # Per coordinator and crisis: the moments they were paged, and when
        # their PRIS is due (the earliest any of their pages drew).
        self.paged: dict[tuple[int, int], list[datetime]] = {}
        self.answers: dict[tuple[int, int], datetime] = {}
        self.read_floor = 0            # every message up to here is settled and read
        self.read_ids: set[int] = set()  # read above the floor
        self.horizon: datetime | None = None
        self.clock = start
        self.crises = [p.at for p in persons if p.crisis]
        self.ticks = 0
        with self.sessions() as db:
            self.ctx = context_for(app, db)
            self.coaches = {c.mobile: c for c in db.scalars(select(Coach))}
            self.coordinators = {c.mobile: c for c in db.scalars(select(Coordinator))}
        self.coach_ids = {c.id: c for c in self.coaches.values()}
        # When a retry can offer someone: some coach can read an offer
        # (dispatch.matching.read_at); a crisis, also when one is in a window.
        coaches = [c for c in self.coaches.values() if c.active]
        self.readable = _readable_times(coaches, self.ctx, start, end + DRAIN)
        self.crisis_times = _merge(self.readable + [
            w for c in coaches for w in windows_between(c.availability, start, end + DRAIN,
                                                         self.ctx.tz)])
        for p in persons:
            self.push(p.at, "sms", (p.sender, p.body))
            if p.follow_up is not None:
                self.push(p.follow_up[0], "sms", (p.sender, p.follow_up[1]))

    def push(self, at: datetime, kind: str, data: tuple[Any, ...]) -> None:
        self.count += 1
        heapq.heappush(self.events, (at, self.count, kind, data))

    def go(self) -> None:
        """Run until nothing left can change what is measured.

        SMS are received at their own times; the clock ticks whenever the
        engine has work due (after SMS received at the same moment, as a
        webhook comes before the next tick). Sessions never overlap a tick's:
        the in-memory database has one connection."""
        from scheduling import tick
        clock, last = self.start, None
        while True:
            with self.sessions() as db:
                due = self._engine_due(db, last)
                due = max(due, clock) if due is not None else None
                event_at = self.events[0][0] if self.events else None
                soonest = min([t for t in (due, event_at) if t is not None], default=None)
                if soonest is None or self._over(db, soonest):
                    return
                clock = self.clock = soonest
                if event_at is not None and event_at <= soonest:
                    while self.events and self.events[0][0] == clock:
                        _, seq, kind, data = heapq.heappop(self.events)
                        self._handle(db, kind, data, clock, seq)
                    last = None   # what they made due is due now
                    continue
            done = tick(self.app, clock)
            self.ticks += 1
            last = clock
            if done.get("sent"):
                with self.sessions() as db:
                    self._read_sent(db, clock)

    def _over(self, db: Session, now: datetime) -> bool:
        """Past the end, once every request still waiting for a call is past its
        deadline and its 24 hours: nothing later changes what is measured."""
        if now < self.end + SETTLE:
            return False
        if self.horizon is None:
            waiting = [f.sender for f in self.fates.values() if f.first_call_at is None]
            latest = db.scalar(select(func.max(Request.deadline)).where(
                Request.sender.in_(waiting))) if waiting else None
            self.horizon = max([self.end + SETTLE, *([latest] if latest else []),
                                *(self.fates[s].received_at + timedelta(hours=24)
                                  for s in waiting)])
            self.horizon = min(self.horizon, self.end + DRAIN)
        return now > self.horizon

    def _engine_due(self, db: Session, last: datetime | None) -> datetime | None:
        """The next moment after `last` when the clock has work that can change a
        request's course: an offer expiring, an SMS to send, a crisis page to
        climb, a request to look at. A new request is looked at when due, as the
        real clock (every 15 s) does; the engine's looks again (retries) are
        taken on a grid (30 minutes, 15 for a crisis), which lets several
        requests share a tick, and only when someone could be offered it then
        (a coach able to read an offer; for a crisis, one in a window)."""
        # Columns only, no entity: through the connection, past the ORM's layer.
        expiry, new, retry, crisis, message = db.connection().execute(_DUE).one()
        times = [expiry, new, message]
        if any(at <= self.clock <= at + CLIMBING for at in self.crises):
            times += self._climbs(db)
        if retry is not None:
            times.append(self._when(self._grid(retry, LOOK_GRID), self.readable))
        if crisis is not None:
            times.append(self._when(self._grid(crisis, CRISIS_GRID), self.crisis_times))
        later = [t for t in times if t is not None and (last is None or t > last)]
        return min(later, default=None)

    @staticmethod
    def _when(moment: datetime, spans: list[people.Interval]) -> datetime:
        """`moment`, or the start of the next of `spans` when it falls outside them."""
        for lo, hi in spans:
            if hi > moment:
                return max(lo, moment)
        return moment

    def _grid(self, moment: datetime, step: timedelta) -> datetime:
        """The first point of a grid of `step` at or after `moment`."""
        return self.start - ((self.start - moment) // step) * step

    def _climbs(self, db: Session) -> list[datetime]:
        """When each unacknowledged crisis pages its next level (its latest
        ladder, repeats included: dispatch.paging.next_page_at)."""
        rows = db.execute(select(Request.id, Request.status).where(
            Request.crisis.is_(True), one_of(Request.status, ACTIVE_STATES),
            Request.taken_by_id.is_(None)))
        times = []
        for request_id, status in rows:
            _, taken = paging.ladder_of(db, request_id)
            at = paging.next_page_at(taken, coach_on_it=status == ACCEPTED)
            if at is not None:
                times.append(at)
        return times

    def _handle(self, db: Session, kind: str, data: tuple[Any, ...], at: datetime,
                seq: int) -> None:
        if kind == "call":
            mobile, request_id, attempt = data
            self._call(db, mobile, request_id, attempt, at)
            return
        from dispatch.inbound import Inbound, receive
        sender, body = data
        receive(db, self.ctx, Inbound(f"SMplanner{seq:024d}", sender, self.ctx.number,
                                      body), at)
        coach = self.coaches.get(sender)
        if coach is not None and body.startswith("OK "):
            request = db.scalars(_REQUEST, {"id": int(body[3:])}).one()
            if request.status == ACCEPTED and request.coach_id == coach.id \
                    and (coach.id, request.id) not in self.calling:
                self.calling.add((coach.id, request.id))
                self._plan_call(db, coach, request, at, 1)

    def _read_sent(self, db: Session, now: datetime) -> None:
        """The SMS this tick sent, read by the people they went to.

        Found by id past a floor below which every message is settled, and
        remembered once read: the sender stamps `sent_at` with the moment of
        the send (the wall clock here), not the virtual `now`. One statement
        reads what the people need (whose offer, whose crisis)."""
        rows = list(db.execute(_SENT, {"floor": self.read_floor}))
        floor_moves = True
        for message_id, status, kind, to_number, coach_id, request_id, sender in rows:
            pending = status in ("queued", "sending")
            already = message_id in self.read_ids
            if floor_moves and not pending:
                self.read_floor = message_id
                self.read_ids.discard(message_id)
            else:
                floor_moves = False
            if pending or already or status not in ("sent", "delivered"):
                continue
            if not floor_moves:
                self.read_ids.add(message_id)
            if kind == "offer" and coach_id is not None:
                self._offered(coach_id, request_id, sender, now)
            elif kind == "page" and to_number in self.coordinators and request_id is not None:
                self._paged(self.coordinators[to_number], request_id, sender, now)

    def _offered(self, coach_id: int, request_id: int, sender: str | None,
                 now: datetime) -> None:
        coach = self.coach_ids[coach_id]
        person = self.persons.get(sender or "")
        if person is None:
            return
        habits = self.assumed.of(coach.key)
        said = people.answer(self.seed, coach.key, tuple(coach.languages), tuple(coach.topics),
                             coach.crisis, person, habits)
        reads = people.reads_at(coach.availability, now, self.ctx.tz, habits,
                                self.assumed.night)
        if said.accepts is None or reads is None:
            return
        word = "OK" if said.accepts else "NON"
        self.push(reads + said.delay, "sms", (coach.mobile, f"{word} {request_id}"))

    def _paged(self, coordinator: Coordinator, request_id: int, sender: str | None,
               now: datetime) -> None:
        """A page read: each page moment is a fresh chance to answer (an SMS and
        a call of the same level are one moment), until a PRIS is on its way."""
        key = (coordinator.id, request_id)
        moments = self.paged.setdefault(key, [])
        if now in moments or (key in self.answers and self.answers[key] <= now):
            return
        moments.append(now)
        person = self.persons.get(sender or "")
        if person is None:
            return
        on_call = in_plan(coordinator.on_call, now, self.ctx.tz)
        delay = people.page_answer(self.seed, coordinator.key, person, on_call, self.assumed,
                                   page=len(moments))
        if delay is not None and (key not in self.answers or now + delay < self.answers[key]):
            self.answers[key] = now + delay
            self.push(now + delay, "sms", (coordinator.mobile, f"PRIS {request_id}"))

    def _plan_call(self, db: Session, coach: Coach, request: Request, after: datetime,
                   attempt: int) -> None:
        person = self.persons.get(request.sender or "")
        if person is None:
            return
        minutes = person.call_min if attempt > person.failures else self.assumed.failed_call_min
        length = timedelta(minutes=minutes)
        slots = [(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
                 for s in request.slots] if not request.flexible else []
        busy = self.busy.setdefault(coach.id, [])
        when = people.call_start(coach.availability, self.ctx.tz, after, length, busy, slots,
                                 request.deadline)
        if when is not None:
            busy.append((when, when + length))
            self.push(when, "call", (coach.mobile, request.id, attempt))

    def _call(self, db: Session, mobile: str, request_id: int, attempt: int,
              at: datetime) -> None:
        """The coach calls: FAIT when the person picks up, else ECHEC and a later try."""
        coach = self.coaches[mobile]
        request = db.scalars(_REQUEST, {"id": request_id}).one()
        if request.status != ACCEPTED or request.coach_id != coach.id:
            return  # cancelled, or taken back by the desk
        person = self.persons[request.sender or ""]
        fate = self.fates.get(person.sender)
        if fate is not None and fate.first_call_at is None:
            fate.first_call_at = at
        if attempt > person.failures:
            if fate is not None:
                fate.reached_at = fate.reached_at or at
            self.push(at + timedelta(minutes=person.call_min), "sms", (mobile, f"FAIT {request_id}"))
            return
        self.push(at + timedelta(minutes=self.assumed.failed_call_min), "sms",
                  (mobile, f"ECHEC {request_id}"))
        if attempt < self.assumed.attempts:
            retry = at + timedelta(minutes=self.assumed.retry_after_min)
            self._plan_call(db, coach, request, retry, attempt + 1)

    def result(self, policy: str) -> RunResult:
        """What became of each person's first request, read from the engine's tables."""
        out = RunResult(policy, self.seed, ticks=self.ticks)
        with self.sessions() as db:
            firsts = select(func.min(Request.id)).group_by(Request.sender)
            # The first PRIS, not the last: a crisis whose holder noted no call
            # is paged again and taken anew (dispatch.held).
            taken = dict(db.execute(select(Event.request_id, func.min(Event.at)).where(
                Event.kind == "taken", Event.request_id.in_(firsts)).group_by(Event.request_id))
                .tuples().all())
            for r in db.scalars(select(Request).where(Request.id.in_(firsts))):
                fate = self.fates.get(r.sender or "")
                if fate is None:
                    continue
                fate.deadline = r.deadline
                if fate.crisis:
                    human = [t for t in (taken.get(r.id), fate.first_call_at) if t is not None]
                    fate.first_human_at = min(human, default=None)
                out.fates[fate.sender] = fate
            out.offers = db.scalar(select(func.count()).select_from(Offer)) or 0
        return out


def _readable_times(coaches: list[Coach], ctx: Any, start: datetime,
                    end: datetime) -> list[people.Interval]:
    """When at least one active coach can read an offer, merged and in order."""
    hours = windows_between(calling_window(ctx.calling), start, end, ctx.tz)
    spans = []
    for coach in coaches:
        for ws, we in windows_between(coach.availability, start, end + READ_AHEAD, ctx.tz):
            spans += [(max(ws - READ_AHEAD, hs), min(we, he)) for hs, he in hours
                      if max(ws - READ_AHEAD, hs) < min(we, he)]
    return _merge(spans)


def _merge(spans: list[people.Interval]) -> list[people.Interval]:
    merged: list[people.Interval] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def run(roster: Any, persons: list[Arrival], seed: int, assumed: Assumptions, policy_name: str,
        policy: Policy, start: datetime, end: datetime) -> RunResult:
    """One policy through the engine on one seed's people."""
    began = time.perf_counter()
    quiet = logging.root.manager.disable
    logging.disable(logging.INFO)   # a log line per SMS would drown the answer
    app = scratch_app(roster, policy)
    try:
        sim = Run(app, persons, seed, assumed, start, end)
        sim.go()
        result = sim.result(policy_name)
    finally:
        app.extensions["rappel.engine"].dispose()
        logging.disable(quiet)
    result.seconds = time.perf_counter() - began
    return result
