"""The sender: drains the outbox apart from the deciding clock.

A pass claims what is due, most urgent first (crisis pages, then alerts and
summaries, then the rest), as far as the free workers and each route's rate
allow, and hands each row to a worker thread; one worker is kept for urgent
rows, so a page never waits behind a slow carrier's offers. A route that
fails three times in a row rests (30 s, doubling to 2 min, no longer than a
page waits between tries) instead of spending a timeout on every row. The
sender beats a heartbeat into clock_state for /healthz, with each route's
state.

`drain` runs passes until nothing more is due: `scheduling.tick` uses it,
inline and one row at a time, so that tests see the same order every time.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from channels.base import Transport
from dispatch.db import changed, write
from dispatch.hotline import Context
from dispatch.models import ClockState
from scheduling import outbox
from scheduling.outbox import Claim, Clock

log = logging.getLogger(__name__)
FAILURES_BEFORE_REST = 3
# A resting route is tried again at most 2 minutes on (scheduling.outbox's
# URGENT_CAP): a page goes soon after an outage of hours ends.
REST, MAX_REST = timedelta(seconds=30), timedelta(minutes=2)
POLL_SECONDS = 1.0
BEAT_EVERY = timedelta(seconds=10)
STUCK_AFTER = timedelta(minutes=2)  # a worker busy this long: no heartbeat


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Route:
    """One way out (SMS, calls): resting after failures in a row."""
    name: str
    failures: int = 0
    rest: timedelta = REST
    resting_until: datetime | None = None

    def open(self, now: datetime) -> bool:
        return self.resting_until is None or now >= self.resting_until

    def record(self, outcome: str, now: datetime) -> bool:
        """Note an outcome; True when the route's state changed."""
        if outcome in ("cancelled", "expired", "error"):  # the carrier was not asked
            return False
        if outcome in ("retry", "unreachable"):
            self.failures += 1
            if self.failures >= FAILURES_BEFORE_REST and self.open(now):
                self.resting_until = now + self.rest
                self.rest = min(self.rest * 2, MAX_REST)
                log.warning("route %s: %s failures in a row, resting until %s", self.name,
                            self.failures, self.resting_until.isoformat())
                return True
            return False
        changed = self.failures >= FAILURES_BEFORE_REST
        self.failures, self.rest, self.resting_until = 0, REST, None
        return changed

    def state(self, now: datetime) -> dict[str, Any]:
        resting = not self.open(now)
        return {"state": "resting" if resting else "ok", "failures_in_a_row": self.failures,
                "until": self.resting_until.isoformat() if resting and self.resting_until
                else None}


# The sender's heartbeat, written every 10 s: built once, a plain write
# (a fresh session holds no clock row to keep in step).
_BEAT = (update(ClockState).where(ClockState.id == 1)
         .values(sender_at=bindparam("beat_at"), routes=bindparam("route_states")))


@dataclass
class Sender:
    sessions: sessionmaker[Session]
    context: Callable[[Session], Context]
    transport: Transport
    concurrency: int = 4
    rate: str | None = None  # per route, e.g. "5/second"; None: no limit
    clock: Clock = utc_now
    routes: dict[str, Route] = field(default_factory=lambda: {r: Route(r) for r in outbox.ROUTES})
    sent: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight: dict[int, tuple[bool, datetime, Future[str] | None]] = {}
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.pool: ThreadPoolExecutor | None = None
        self.thread: threading.Thread | None = None
        self.last_beat: datetime | None = None
        self.limiter: Any = None
        if self.rate:
            from limits import parse
            from limits.storage import MemoryStorage
            from limits.strategies import MovingWindowRateLimiter
            self.limiter, self.limit = MovingWindowRateLimiter(MemoryStorage()), parse(self.rate)

    # ------------------------------------------------------------ passes

    def pump(self, inline: bool = False) -> int:
        """One pass: claim what is due and may go now, and send it (in the
        workers, or here with `inline`). Returns how many rows were claimed."""
        claimed = 0
        with self.sessions() as db:
            now = self.clock()
            for row in outbox.claim(db, self._pick(db, now), now):
                claimed += 1
                route = self.routes[row.route]
                if inline:
                    self._deliver(row, route)
                else:
                    self._submit(row, route)
        return claimed

    def _pick(self, db: Session, now: datetime) -> list[outbox.Due]:
        """The due rows that may go now: within the free workers (one kept
        for urgent rows, so a page never queues behind offers), routes that
        are not resting, and each route's rate."""
        with self.lock:
            busy = len(self.in_flight)
            busy_normal = sum(1 for urgent, _, _ in self.in_flight.values() if not urgent)
        free = self.concurrency - busy
        room_normal = self.concurrency - (1 if self.concurrency > 1 else 0) - busy_normal
        allowance = {name: self._allowance(route) for name, route in self.routes.items()
                     if route.open(now)}
        picked = []
        for row in outbox.due(db, now, list(allowance), free):
            if allowance[row.route] <= 0 or (not row.urgent and room_normal <= 0):
                continue
            allowance[row.route] -= 1
            room_normal -= 0 if row.urgent else 1
            self._hit(self.routes[row.route])
            picked.append(row)
        return picked

    def _allowance(self, route: Route) -> int:
        if self.limiter is None:
            return self.concurrency
        return int(self.limiter.get_window_stats(self.limit, route.name).remaining)

    def _hit(self, route: Route) -> None:
        if self.limiter is not None:
            self.limiter.hit(self.limit, route.name)

    def _submit(self, row: Claim, route: Route) -> None:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="rappel-send")
        with self.lock:
            self.in_flight[row.id] = (row.urgent, self.clock(), None)
        future = self.pool.submit(self._deliver, row, route)
        with self.lock:
            if row.id in self.in_flight:
                self.in_flight[row.id] = (row.urgent, self.in_flight[row.id][1], future)

    def _deliver(self, row: Claim, route: Route) -> str:
        outcome = "error"
        try:
            with self.sessions() as db:
                outcome = outbox.deliver(db, self.context(db), self.transport, row, self.clock)
        except Exception:  # one row's trouble (the database gone) must not stop the rest
            log.exception("sending message %s", row.id)
        finally:
            with self.lock:
                self.in_flight.pop(row.id, None)
                self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
                if outcome in ("sent", "found"):
                    self.sent += 1
                changed = route.record(outcome, self.clock())
            if changed:
                self._beat(force=True)
            self.wake.set()
        return outcome

    def drain(self, inline: bool = True) -> int:
        """Pass after pass until nothing due can go; returns how many were sent."""
        before, busy = self.sent, False
        while True:
            claimed = self.pump(inline=inline)
            busy = busy or bool(claimed)
            with self.lock:
                futures = [f for _, _, f in self.in_flight.values() if f is not None]
            if not claimed and not futures:
                break
            if futures:
                wait(futures, return_when=FIRST_COMPLETED)
        if busy:  # an idle pass writes nothing (the simulator ticks thousands of times)
            self._beat(force=True)
        return self.sent - before

    # ------------------------------------------------------------ running apart

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="rappel-sender", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout)
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _run(self) -> None:
        failing = False
        while not self.stopping.is_set():
            self.wake.clear()
            try:
                self.pump()
                self._beat()
                failing = False
            except SQLAlchemyError as exc:  # the database away: try again shortly
                if not failing:
                    log.warning("sender: database unavailable (%s), retrying", exc)
                failing = True
            except Exception:
                log.exception("sender pass failed")
            self.wake.wait(POLL_SECONDS)

    def _beat(self, force: bool = False) -> None:
        """Write the heartbeat and the routes' state, at most every 10 s;
        none while a worker has been stuck for two minutes."""
        now = self.clock()
        with self.lock:
            stuck = any(now - began > STUCK_AFTER for _, began, _ in self.in_flight.values())
            routes = {name: route.state(now) for name, route in self.routes.items()}
        if stuck or (not force and self.last_beat and now - self.last_beat < BEAT_EVERY):
            return
        with self.sessions() as db:
            beat = changed(write(db, _BEAT, {"beat_at": now, "route_states": routes}))
            if beat == 0:
                try:
                    with db.begin_nested():
                        db.add(ClockState(id=1, sender_at=now, routes=routes))
                except IntegrityError:
                    pass  # the deciding clock made the row meanwhile: next beat updates it
            db.commit()
        self.last_beat = now


def tick_clock(now: datetime) -> Clock:
    """The clock of a tick at `now`: `now` plus the real time spent since, so
    a long tick's later rows are stamped with when they really went."""
    started = time.monotonic()
    return lambda: now + timedelta(seconds=max(0.0, time.monotonic() - started))
