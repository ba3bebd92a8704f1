"""GET /healthz: the database, the deciding clock and the sender, apart.

A stopped clock is the silent failure of a service like this one: requests
keep coming in and nothing goes out. So the answer is 503 when the database
does not answer within 2 s, when the deciding clock has not run for two
minutes, or when the sender is not draining (no heartbeat for two minutes
while a message has been due that long). A carrier outage is not a stopped
sender: its lane shows "resting", and the answer stays 200. The SMS route's
own view of itself (a phone that stopped answering, an account low on
credit) is shown under "route", written by its clock job; the mailbox's,
when e-mail is on, under "mailbox" ("unreachable" when the server is away).

The probe runs in a worker thread. The database has its 2 s, counted from
the moment the request reached this view, less only what writing the answer
takes (WRITING): /healthz itself answers within those 2 s whatever the
database does, so an uptime check or a load balancer with a 2 s timeout reads
a 503 and why, not a timeout.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Blueprint, current_app, jsonify
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from dispatch.db import deadline
from dispatch.models import ClockState, Message

bp = Blueprint("health", __name__)
CLOCK_STALE_AFTER = timedelta(minutes=2)
SENDER_STALE_AFTER = timedelta(minutes=2)
ANSWER_WITHIN = 2.0  # seconds: the database's time to answer, and /healthz's own
# Kept from ANSWER_WITHIN to build and send the answer once the wait is over
# (milliseconds; a margin for a loaded machine).
WRITING = 0.05  # seconds
ROUTES = ("sms", "call", "email")


@bp.get("/healthz")
def healthz():
    started = time.monotonic()
    now = datetime.now(timezone.utc)
    body: dict[str, Any] = {"database": "ok", "last_tick_at": None, "clock": "stopped"}
    pool = current_app.extensions.get("rappel.health")
    if pool is None:
        pool = current_app.extensions["rappel.health"] = ThreadPoolExecutor(
            2, thread_name_prefix="rappel-health")
    probe = pool.submit(_probe, current_app.extensions["rappel.engine"], now)
    try:
        seen = probe.result(timeout=max(0.0, started + ANSWER_WITHIN - WRITING
                                        - time.monotonic()))
    except FutureTimeout:
        body["database"] = "not answering within 2 s"
        return jsonify(body), 503
    except WriteLocked:
        body["database"] = "write lock held elsewhere for over 1.5 s: writes are stuck"
        return jsonify(body), 503
    except SQLAlchemyError as exc:
        body["database"] = f"error: {type(exc).__name__}"
        return jsonify(body), 503
    ok = _judge(body, seen, now)
    return jsonify(body), 200 if ok else 503


def _probe(engine: Engine, now: datetime) -> dict[str, Any]:
    with deadline(ANSWER_WITHIN), engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        if engine.dialect.name == "sqlite":
            _can_write(conn)
        state = conn.execute(select(ClockState.last_tick_at, ClockState.sender_at,
                                    ClockState.routes, ClockState.route_state)
                             .where(ClockState.id == 1)).first()
        backlog, oldest = conn.execute(
            select(func.count(), func.min(Message.next_attempt_at)).where(
                Message.direction == "out", Message.status.in_(("queued", "sending")),
                Message.channel.in_(ROUTES), Message.next_attempt_at <= now)).one()
    last, sender_at, routes, route = state if state is not None else (None, None, {}, None)
    return {"last_tick_at": last, "sender_at": sender_at, "routes": routes or {},
            "route": route or {}, "backlog": backlog, "oldest_due_at": _aware(oldest)}


# On SQLite (WAL), reads go on while another process holds the write lock, and
# every webhook waits for it then fails: the lock is tried too, for this long.
WRITE_LOCK_WAIT = 1.5  # seconds


class WriteLocked(SQLAlchemyError):
    """The SQLite file's write lock stayed held by someone else."""


def _can_write(conn: Any) -> None:
    """Take SQLite's write lock and let it go at once (no change is written)."""
    import sqlite3

    from dispatch.db import SQLITE_BUSY
    raw = conn.connection.driver_connection
    if raw.in_transaction:
        raw.rollback()  # a read left open by the statements before: nothing written
    raw.execute(f"PRAGMA busy_timeout={int(WRITE_LOCK_WAIT * 1000)}")
    try:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        raise WriteLocked(str(exc)) from exc
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY * 1000)}")


def _aware(moment: Any) -> datetime | None:
    """min() comes back as the column's raw value on SQLite: naive UTC text."""
    if moment is None or isinstance(moment, datetime):
        return moment.replace(tzinfo=moment.tzinfo or timezone.utc) if moment else None
    return datetime.fromisoformat(str(moment)).replace(tzinfo=timezone.utc)


def _judge(body: dict[str, Any], seen: dict[str, Any], now: datetime) -> bool:
    last = seen["last_tick_at"]
    if last is not None:
        body["last_tick_at"] = last.isoformat()
        if now - last <= CLOCK_STALE_AFTER:
            body["clock"] = "ok"
    oldest, beat = seen["oldest_due_at"], seen["sender_at"]
    waiting = oldest is not None and now - oldest > SENDER_STALE_AFTER
    alive = beat is not None and now - beat <= SENDER_STALE_AFTER
    body["sender"] = {
        "state": "ok" if alive else "stopped" if waiting else "not running",
        "last_run_at": beat.isoformat() if beat else None,
        "backlog": seen["backlog"],
        "oldest_due_at": oldest.isoformat() if oldest else None,
    }
    body["routes"] = seen["routes"]
    route = dict(seen["route"])
    mailbox = route.pop("mailbox", None) or {}
    body["route"] = {"name": current_app.config["SMS_BACKEND"], "state": "unknown", **route}
    if current_app.config.get("MAIL_ENABLED"):
        # The e-mail route beside it: its mailbox as the clock last read it.
        body["mailbox"] = {"name": "email", "state": "unknown",
                           **{k: v for k, v in mailbox.items() if k != "cursor"}}
    return body["clock"] == "ok" and (alive or not waiting)
