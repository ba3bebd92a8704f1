"""`rappel simulate`: synthetic traffic through the real engine, on a virtual clock.

Each policy gets a scratch SQLite database (migrated, the roster synced) and
an app with the console transport. Entrepreneurs' SMS and coaches' answers go
through `dispatch.inbound.receive`, time-driven work through the real
`scheduling.tick`, at virtual times. The clock jumps from one moment where
something can happen to the next (an SMS, an offer expiring, a request due a
look, at least every 30 minutes) on a 5-minute grid, so a week takes seconds.

Three policies see the same traffic and the same coach answers:
- configured: the engine as it is (dispatch.matching.rank);
- naive: round robin among eligible coaches, no slot matching;
- oracle: the configured order, but a coach known to accept in time first: it
  takes away declines and unanswered offers, what a cleverer ranking could
  at best save (on an overloaded roster it is no bound: more coaches are).
The policies, and the speed-ups of the clock they bring, are in
scheduling.simulate_policies.
"""
from __future__ import annotations

import heapq
import logging
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select

from dispatch.models import (
    ACCEPTED, ACTIVE_STATES, OPEN, Coach, Escalation, Message, Offer, Request,
)
from scheduling.simulate_policies import policy, put_back
from scheduling.simulate_traffic import (
    ATTEMPTS, CALL, RETRY_AFTER, Sms, answer, arrivals, call_time, in_slot, reached, scaled,
)

POLICIES = ("configured", "naive", "oracle")
START = date(2026, 11, 30)  # a Monday
DRAIN = timedelta(days=8)   # after the last arrival, let the requests finish
HEARTBEAT = timedelta(minutes=30)
QUIET_HEARTBEAT = timedelta(hours=3)  # once arrivals stop, escalations matter less
STEP = timedelta(minutes=5)  # the clock's grid; a real clock ticks every minute
RETRY_STEP = timedelta(minutes=15)


@dataclass
class Outcome:
    """What one policy achieved on the requests received during the run."""
    policy: str
    requests: int = 0
    within_24h: int = 0
    within_deadline: int = 0
    contact_minutes: list[float] = field(default_factory=list)
    offers: int = 0
    escalations: Counter[str] = field(default_factory=Counter)
    load: dict[str, int] = field(default_factory=dict)
    ticks: int = 0


def _scratch_app(folder: str, roster: Any) -> Any:
    from dispatch.db import make_engine
    from dispatch.migrate import upgrade
    from dispatch.roster_sync import sync
    from webhooks import create_app
    url = f"sqlite:///{folder}/simulation.sqlite3"
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _fast(conn: Any, _record: Any) -> None:  # a scratch file: durability is not needed
        conn.execute("PRAGMA synchronous=OFF")

    upgrade(engine)
    app = create_app({"DATABASE_URL": url, "ENGINE": engine, "SMS_BACKEND": "console",
                      "TESTING": True, "SECRET_KEY": "simulation", "INSTANCE_PATH": folder,
                      "PUBLIC_URL": "https://rappel.invalid"})
    with app.extensions["rappel.sessions"]() as db:
        sync(db, roster)
        db.commit()
    return app


class Run:
    """One policy's run: the event queue, the virtual clock, the coaches' behaviour."""

    def __init__(self, app: Any, traffic: list[Sms], seed: int, accept: float,
                 start: datetime, end: datetime, fast: bool = True) -> None:
        from scheduling import context_for
        self.app, self.seed, self.accept, self.fast = app, seed, accept, fast
        self.start, self.end = start, end
        self.sessions = app.extensions["rappel.sessions"]
        self.queue: list[tuple[datetime, int, str, str]] = []
        self.count = 0
        self.seen_offer = 0
        self.booked: dict[int, list[tuple[datetime, datetime]]] = {}
        self.summary_day: date | None = None
        self.last_tick: datetime | None = None  # when the clock ran, or would have
        with self.sessions() as db:
            self.keys = {c.id: c.key for c in db.scalars(select(Coach))}
            self.ctx = context_for(app, db)
        for sms in traffic:
            self.push(sms.at, sms.sender, sms.body)

    def push(self, at: datetime, sender: str, body: str) -> None:
        self.count += 1
        heapq.heappush(self.queue, (at, self.count, sender, body))

    def will_accept(self, coach_id: int, sender: str) -> bool:
        said = answer(self.seed, self.keys[coach_id], sender, self.accept)
        return said.accepts and said.delay < self.ctx.ack_timeout

    def go(self) -> int:
        """Run to the end of the traffic plus the drain; returns how many ticks it took."""
        from scheduling import tick
        now, ticks = self.start, 0
        while now <= self.end + DRAIN:
            with self.sessions() as db:
                self._deliver(db, now)
                due = self._due(db, now)
            if due:
                tick(self.app, now)
                ticks += 1
            with self.sessions() as db:
                self._answer_offers(db)
                if now > self.end and self._settled(db, now):
                    break
                now = self._next(db, now)
        return ticks

    def _due(self, db: Any, now: datetime) -> bool:
        """Whether to tick at `now`: when there is work (an offer to expire, an SMS to
        send, a request to look at), and at least every HEARTBEAT (escalations).

        With `fast`, the ticks that would change nothing but the time of the next
        look at requests no coach can take are skipped (`put_back` does that
        part), and so are heartbeats with no escalation step or summary due; the
        heartbeat's timer runs as if they had happened, so the outcome is the same."""
        work = any(db.scalar(query.limit(1)) is not None for query in (
            select(Offer.id).where(Offer.status == "pending", Offer.expires_at <= now),
            select(Message.id).where(Message.status == "queued",
                                     Message.next_attempt_at <= now)))
        waiting = list(db.scalars(select(Request).where(Request.status == OPEN,
                                                        Request.next_check_at <= now)))
        beat = self.last_tick is None or now - self.last_tick >= HEARTBEAT
        if not (work or waiting or beat):
            return False
        first, self.last_tick = self.last_tick is None, now
        if work or first or not self.fast:
            return True
        if waiting and not put_back(db, self.ctx, waiting, now):
            return True
        return self._clock_work(db, now)

    def _clock_work(self, db: Any, now: datetime) -> bool:
        """Whether an escalation step or the morning summary is due: a heartbeat
        with neither would be a tick that does nothing, so it is skipped."""
        from dispatch.deadlines import due_steps
        from scheduling.jobs import SUMMARY_AT
        local = now.astimezone(self.ctx.tz)
        if (local.hour, local.minute) >= SUMMARY_AT and self.summary_day != local.date():
            self.summary_day = local.date()
            return True
        active = list(db.execute(select(Request.id, Request.status, Request.received_at,
                                        Request.deadline, Request.slots,
                                        Request.flexible).where(
            Request.status.in_(ACTIVE_STATES))))
        taken: dict[int, set[str]] = {}
        for request_id, kind in db.execute(select(Escalation.request_id, Escalation.kind).join(
                Request, Request.id == Escalation.request_id).where(
                Request.status.in_(ACTIVE_STATES))):
            taken.setdefault(request_id, set()).add(kind)
        return any(due_steps(row, now, taken.get(row.id, set()), self.ctx.calling, self.ctx.tz)
                   for row in active)

    @staticmethod
    def _settled(db: Any, now: datetime) -> bool:
        """Whether every request's fate is known: done, or past its deadline.

        What happens later changes neither share measured, so the run stops
        (time to contact is then over the requests contacted by that point)."""
        return db.scalar(select(Request.id).where(Request.status.in_(ACTIVE_STATES),
                                                  Request.deadline > now).limit(1)) is None

    def _deliver(self, db: Any, now: datetime) -> None:
        """Everything due by `now`, each at its own time: SMS in, and coaches' calls."""
        from dispatch.inbound import Inbound, receive
        while self.queue and self.queue[0][0] <= now:
            at, n, who, what = heapq.heappop(self.queue)
            if who.startswith("call:"):
                request_id, attempt = (int(part) for part in what.split())
                self._call(db, who[5:], request_id, attempt, at)
                continue
            receive(db, self.ctx, Inbound(f"SMsim{n:028d}", who, self.ctx.number, what), at)
            if what.startswith("OK "):
                self._plan_call(db, who, int(what[3:]), at, 1)

    def _answer_offers(self, db: Any) -> None:
        for offer in db.scalars(select(Offer).where(Offer.id > self.seen_offer)
                                .order_by(Offer.id)):
            self.seen_offer = offer.id
            said = answer(self.seed, self.keys[offer.coach_id], offer.request.sender or "",
                          self.accept)
            word = "OK" if said.accepts else "NON"
            self.push(offer.created_at + said.delay, offer.coach.mobile,
                      f"{word} {offer.request_id}")

    def _plan_call(self, db: Any, mobile: str, request_id: int, after: datetime,
                   attempt: int) -> None:
        request = db.get(Request, request_id)
        coach = db.scalar(select(Coach).where(Coach.mobile == mobile))
        if request is None or request.status != ACCEPTED or request.coach_id != coach.id:
            return  # too late: the offer had expired or gone elsewhere
        said = answer(self.seed, coach.key, request.sender or "", self.accept)
        calls = self.booked.setdefault(coach.id, [])
        when = call_time(db, coach, request, after, self.ctx.tz, said.call_offset, calls)
        calls.append((when, when + CALL))
        self.push(when, f"call:{mobile}", f"{request_id} {attempt}")

    def _call(self, db: Any, mobile: str, request_id: int, attempt: int, at: datetime) -> None:
        """The coach calls: FAIT when the person answers, else ECHEC and a later try."""
        request = db.get(Request, request_id)
        if request is None or request.status != ACCEPTED:
            return  # cancelled meanwhile, or taken back by a coordinator
        coach = db.scalar(select(Coach).where(Coach.mobile == mobile))
        if reached(self.seed, coach.key, request.sender or "", attempt,
                   in_slot(request, at)):
            self.push(at + CALL, mobile, f"FAIT {request_id}")
            return
        self.push(at + timedelta(minutes=5), mobile, f"ECHEC {request_id}")
        if attempt < ATTEMPTS:
            self._plan_call(db, mobile, request_id, at + RETRY_AFTER, attempt + 1)

    def _next(self, db: Any, now: datetime) -> datetime:
        """The next step of the clock where something can happen (at most a heartbeat away).

        The clock moves on a grid of STEP minutes; SMS are still received at their
        own times, just before the tick that follows them."""
        moments = [now + (HEARTBEAT if now < self.end else QUIET_HEARTBEAT)]
        if self.queue:
            moments.append(self.queue[0][0])
        moments += [db.scalar(select(func.min(Offer.expires_at)).where(
                        Offer.status == "pending", Offer.expires_at > now)),
                    db.scalar(select(func.min(Message.next_attempt_at)).where(
                        Message.status == "queued", Message.next_attempt_at > now))]
        soonest = self._grid(min(m for m in moments if m is not None and m > now), STEP)
        # Retries of requests no coach could take yet (every 30 min) are what keeps
        # a saturated clock busy; running them on a coarser grid halves the ticks.
        retry = db.scalar(select(func.min(Request.next_check_at)).where(
            Request.status == OPEN, Request.next_check_at > now))
        return min(soonest, self._grid(retry, RETRY_STEP)) if retry else soonest

    def _grid(self, moment: datetime, step: timedelta) -> datetime:
        """The first point of the clock's grid at or after `moment`."""
        return self.start - ((self.start - moment) // step) * step


def measure(app: Any, name: str, start: datetime, end: datetime) -> Outcome:
    outcome = Outcome(name)
    with app.extensions["rappel.sessions"]() as db:
        # One request per person: a late second SMS may open another one, and
        # whether it does depends on the policy.
        firsts = select(func.min(Request.id)).where(Request.received_at >= start,
                                                    Request.received_at < end
                                                    ).group_by(Request.sender)
        requests = list(db.scalars(select(Request).where(Request.id.in_(firsts))))
        ids = [r.id for r in requests]
        outcome.requests = len(requests)
        for r in requests:
            if r.contacted_at is not None:
                minutes = (r.contacted_at - r.received_at).total_seconds() / 60
                outcome.contact_minutes.append(minutes)
                outcome.within_24h += minutes <= 24 * 60
                outcome.within_deadline += r.contacted_at <= r.deadline
        outcome.offers = db.scalar(select(func.count()).select_from(Offer).where(
            Offer.request_id.in_(ids))) or 0
        outcome.escalations.update(db.scalars(select(Escalation.kind).where(
            Escalation.request_id.in_(ids))))
        keys = {c.id: c.key for c in db.scalars(select(Coach).order_by(Coach.id))}
        accepted = Counter(r.coach_id for r in requests if r.accepted_at is not None)
        outcome.load = {key: accepted.get(cid, 0) for cid, key in keys.items()}
    return outcome


def simulate_one(roster: Any, name: str, traffic: list[Sms], seed: int, accept: float,
                 start: datetime, end: datetime, fast: bool = True) -> Outcome:
    """One policy on a fresh scratch database."""
    with tempfile.TemporaryDirectory(prefix="rappel-sim-") as folder:
        app = _scratch_app(folder, roster)
        try:
            run = Run(app, traffic, seed, accept, start, end, fast)
            with policy(app, name, run.will_accept):
                ticks = run.go()
            outcome = measure(app, name, start, end)
            outcome.ticks = ticks
        finally:
            app.extensions["rappel.engine"].dispose()
    return outcome


def simulate(roster_path: str | Path, *, per_day: float = 40, days: int = 7,
             accept: float = 0.7, seed: int = 1, coaches: int | None = None,
             policies: tuple[str, ...] = POLICIES, jobs: int | None = None,
             fast: bool = True) -> dict[str, Any]:
    """Run each policy on the same traffic; returns the outcomes and the wall time.

    Policies run in parallel processes (`jobs`, default: one per policy); each
    has its own scratch database, so results do not depend on it. `fast=False`
    runs without the speed-ups of scheduling.simulate_policies (for the test
    that they change no outcome)."""
    from dispatch.roster import load_roster_file
    roster = scaled(load_roster_file(roster_path), coaches)
    tz = ZoneInfo(roster.hotline.timezone)
    start = datetime(START.year, START.month, START.day, tzinfo=tz).astimezone(timezone.utc)
    end = start + timedelta(days=days)
    traffic = arrivals(seed, START, days, per_day, tz)
    # One process per policy by default: three on two cores still beats two rounds.
    jobs = min(len(policies), jobs or max(len(policies), os.cpu_count() or 1))
    began = time.perf_counter()
    quiet = logging.root.manager.disable
    logging.disable(logging.INFO)  # one log line per SMS would drown the answer
    try:
        args = [(roster, name, traffic, seed, accept, start, end, fast) for name in policies]
        if jobs > 1:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, mp_context=context) as pool:
                outcomes = dict(zip(policies, pool.map(_simulate_one, args)))
        else:
            outcomes = {name: _simulate_one(a) for name, a in zip(policies, args)}
    finally:
        logging.disable(quiet)
    return {"outcomes": outcomes, "seconds": time.perf_counter() - began,
            "coaches": [c.id for c in roster.coaches], "messages": len(traffic),
            "start": START, "days": days, "per_day": per_day, "accept": accept, "seed": seed,
            "jobs": jobs}


def _simulate_one(args: tuple[Any, ...]) -> Outcome:
    return simulate_one(*args)
