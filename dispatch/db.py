"""Engine and sessions, with timeouts everywhere.

SQLite gets WAL and a busy timeout so the web process and the clock can share
one file. PostgreSQL gets a connect timeout, a statement timeout, TCP
keepalives and a TCP user timeout, so that a database that stops answering
fails a request instead of holding it. None of those helps when the database
is behind something that accepts the bytes and never answers (a proxy that
black-holes, a half-open connection): `deadline()` covers that case, by
cutting the connections a block of code holds once its time is up.
"""
from __future__ import annotations

import contextvars
import heapq
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event, exc, or_
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timeouts:
    """Seconds. `statement` is PostgreSQL's statement_timeout for every statement."""
    connect: int = 3
    statement: float = 10.0
    pool: float = 3.0


# How long a write waits for another one holding the SQLite file. Writes take
# milliseconds; one held longer is stuck (a crashed tool, a backup). The wait
# happens inside SQLite, which `deadline()` cannot cut short: it must end
# within WEB_DB_DEADLINE (10 s), for a webhook to answer before Twilio gives
# up at 15 s (then reconciliation finds the message again).
SQLITE_BUSY = 8.0


def make_engine(url: str, timeouts: Timeouts | None = None) -> Engine:
    timeouts = timeouts or Timeouts()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: a database error's log line must not carry an SMS body.
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY},
                               hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record) -> None:
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY * 1000)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    else:
        engine = create_engine(url, pool_size=5, max_overflow=5, hide_parameters=True,
                               pool_timeout=timeouts.pool, pool_recycle=1800,
                               connect_args=_pg_args(timeouts))
    _guard(engine)
    return engine


def _pg_args(timeouts: Timeouts) -> dict[str, Any]:
    statement_ms = int(timeouts.statement * 1000)
    return {
        # libpq counts the whole handshake against connect_timeout (2 s at least).
        "connect_timeout": max(2, timeouts.connect),
        "options": f"-c statement_timeout={statement_ms} -c lock_timeout={statement_ms} "
                   f"-c idle_in_transaction_session_timeout={statement_ms * 6}",
        # A peer that vanished (cable, NAT, failover) is noticed in seconds,
        # not after the kernel's two hours.
        "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
        "keepalives_count": 3, "tcp_user_timeout": statement_ms,
    }


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# ---------------------------------------------------------------- deadlines

class DeadlineExceeded(exc.TimeoutError):
    """The block's time ran out before the database answered (a SQLAlchemyError,
    so callers that handle a database being down handle this too)."""


@dataclass
class _Deadline:
    at: float
    held: list[Any] = field(default_factory=list)
    expired: bool = False
    done: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hold(self, dbapi_connection: Any) -> None:
        with self.lock:
            if self.expired:
                raise DeadlineExceeded("no time left for the database")
            self.held.append(dbapi_connection)

    def release(self, dbapi_connection: Any) -> None:
        with self.lock:
            self.held = [c for c in self.held if c is not dbapi_connection]

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            held, self.held = self.held, []
        for connection in held:
            _cut(connection)


_current: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar(
    "rappel_db_deadline", default=None)


class _Watchdog:
    """One thread that expires deadlines when their time comes (rather than a
    timer thread per web request)."""

    def __init__(self) -> None:
        self.pending: list[tuple[float, int, _Deadline]] = []
        self.wake = threading.Condition()
        self.thread: threading.Thread | None = None
        self.count = 0

    def watch(self, state: _Deadline) -> None:
        with self.wake:
            self.count += 1
            heapq.heappush(self.pending, (state.at, self.count, state))
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="rappel-db-deadlines",
                                               daemon=True)
                self.thread.start()
            self.wake.notify()

    def _run(self) -> None:
        while True:
            with self.wake:
                while not self.pending:
                    self.wake.wait()
                at, _, state = self.pending[0]
                left = at - time.monotonic()
                if left > 0:
                    self.wake.wait(left)
                    continue
                heapq.heappop(self.pending)
            if not state.done:
                state.expire()


_watchdog = _Watchdog()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Within the block, every connection taken from a pool is cut once
    `seconds` have passed, so a hung database raises (DeadlineExceeded or a
    disconnect, both SQLAlchemyError) instead of holding the caller; the pool
    then drops the cut connection and opens a fresh one when next asked."""
    token = start_deadline(seconds)
    try:
        yield
    finally:
        end_deadline(token)


def start_deadline(seconds: float) -> Any:
    """`deadline` for callers that cannot use a with block (a request's hooks)."""
    state = _Deadline(time.monotonic() + seconds)
    _watchdog.watch(state)
    return state, _current.set(state)


def end_deadline(token: Any) -> None:
    state, reset = token
    state.done = True
    try:
        _current.reset(reset)
    except ValueError:  # ended from another context (a framework's teardown)
        _current.set(None)


def _guard(engine: Engine) -> None:
    """Register each checked-out connection with the caller's deadline, then
    ping it: a stale connection is replaced (the pool retries on
    DisconnectionError), and a hung one is cut by the deadline."""

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy) -> None:
        state = _current.get()
        if state is not None:
            state.hold(dbapi_connection)
            record.info["rappel.deadline"] = state
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure means: not usable
            if state is not None and state.expired:
                raise DeadlineExceeded("the database did not answer in time") from error
            raise exc.DisconnectionError(str(error)) from error


    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection, record) -> None:
        # Back in the pool, the connection may go to another thread: the
        # deadline of the block that used it must no longer cut it.
        state = record.info.pop("rappel.deadline", None) if record is not None else None
        if state is not None:
            state.release(dbapi_connection)


def _cut(dbapi_connection: Any) -> None:
    """Make a blocked call on this connection fail now, from another thread."""
    interrupt = getattr(dbapi_connection, "interrupt", None)
    if interrupt is not None:  # sqlite3
        interrupt()
        return
    try:
        fd = dbapi_connection.fileno()
    except Exception:  # noqa: BLE001 - already closed: nothing to cut
        return
    # shutdown() on a duplicate acts on the shared socket: the blocked
    # recv/poll in the other thread wakes with an end of file. The socket
    # itself is left for the driver to close.
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
        log.warning("database did not answer in time: connection cut")
    except OSError:
        pass


def write(db: Session, statement: Any, params: dict[str, Any]) -> CursorResult[Any]:
    """Run a prebuilt UPDATE, DELETE or INSERT of mapped rows that keeps no object of
    the session in step, through the session's connection: the ORM's own pass
    over such a statement (it annotates it again, so its cache key is made
    again) costs about three times the statement itself. What the session
    holds is flushed first, as `Session.execute` would."""
    db.flush()
    return db.connection().execute(statement, params)


def read(db: Session, statement: Any, params: dict[str, Any] | None = None) -> Result[Any]:
    """Run a prebuilt SELECT of columns (no entity) through the session's
    connection: the ORM's pass over a statement that loads no object costs
    about twice the statement itself, and the clock asks these at every
    tick. What the session holds is flushed first, as `Session.execute`
    would."""
    db.flush()
    return db.connection().execute(statement, params or {})


def changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed: who won a guarded transition.

    `Session.execute` is typed as returning a plain Result; for these
    statements it is a CursorResult, which has the row count."""
    return cast("CursorResult[Any]", result).rowcount


def one_of(column: Any, values: tuple[Any, ...] | list[Any]) -> ColumnElement[bool]:
    """`column IN values` for a fixed, short list of constants, written as
    equalities: an IN list is rendered into the SQL again at every execution
    (SQLAlchemy's "post-compile" step), which costs about as much as a small
    indexed query itself, and the clock asks such statements at every tick."""
    if not values:
        raise ValueError("one_of needs at least one value")
    return or_(*(column == value for value in values))
