"""The clock: deciding (scheduling.jobs), sending (scheduling.sender) and
the SMS route's own job (reading inbound SMS and reports, reconciling:
channels.<route>), wired together.

`tick` does all of it once at `now`: tests and the simulator call it under
freezegun. In production scheduling.runner runs `decide` and
`reconcile_now` as their own APScheduler jobs and the sender in its own
threads, so that a slow carrier never delays an expiry, an offer or a page.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from flask import Flask
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from channels.registry import active, transport_for
from dispatch import offering, retention
from dispatch.db import write
from dispatch.hotline import Context, load_context
from dispatch.models import ClockState
from scheduling import jobs
from scheduling.lock import clock_lock, named_lock
from scheduling.sender import Sender, tick_clock

__all__ = ["context_for", "decide", "read_mail_now", "reconcile_now", "send_due", "sender_for",
           "tick", "transport_for"]
log = logging.getLogger(__name__)


CONTEXT_TTL = 30.0


def context_for(app: Flask, db: Any) -> Context:
    """The hotline's context, read again at most every 30 s (a roster sync in
    another process shows up within that time) rather than once per SMS."""
    cached = app.extensions.get("rappel.context")
    now = time.monotonic()
    if cached is not None and 0 <= now - cached[0] < CONTEXT_TTL:
        return cached[1]
    conf = app.config
    ctx = load_context(db, secret=conf["SECRET_KEY"],
                       base_url=conf.get("PUBLIC_URL") or "http://127.0.0.1:5000",
                       ack_timeout_minutes=conf["ACK_TIMEOUT_MINUTES"],
                       default_tz=conf["TIMEZONE"])
    if ctx.number:  # not cached before the roster is loaded
        app.extensions["rappel.context"] = (now, ctx)
    return ctx


def sender_for(app: Flask) -> Sender:
    """The app's long-running sender (the scheduler starts it), built once."""
    sender = app.extensions.get("rappel.sender")
    if sender is None:
        sender = Sender(app.extensions["rappel.sessions"], lambda db: context_for(app, db),
                        transport_for(app), concurrency=app.config.get("SEND_CONCURRENCY", 4),
                        rate=app.config.get("SEND_RATE"))
        app.extensions["rappel.sender"] = sender
    return sender


def tick(app: Flask, now: datetime | None = None) -> dict[str, Any]:
    """Do once all time-driven work due at `now`: reconcile, decide, send.

    Tests and the simulator call it; in production the same parts run apart
    (scheduling.runner), so that a slow carrier never delays a decision.
    "skipped" says another clock held the deciding lock; sending goes on."""
    now = now or app.extensions.get("rappel.now", lambda: datetime.now(timezone.utc))()
    done: dict[str, Any] = {"at": now.isoformat()}
    done["reconciled"] = reconcile_now(app, now)
    done["mail"] = read_mail_now(app, now)
    done.update(decide(app, now))
    done["sent"] = send_due(app, now)
    return done


def decide(app: Flask, now: datetime) -> dict[str, Any]:
    """The deciding jobs, in order, under the clock lock; they only queue
    messages. The last run's time is the clock's heartbeat (/healthz)."""
    with clock_lock(app.extensions["rappel.engine"]) as mine:
        if not mine:
            return {"skipped": "another clock is running"}
        with app.extensions["rappel.sessions"]() as db:
            state = _state(db)
            ctx = context_for(app, db)
            done: dict[str, Any] = {}
            done["expired"] = jobs.expire_offers(db, ctx, now)
            done["pauses_ended"] = jobs.end_pauses(db, ctx, now)
            done["offered"] = jobs.offer_open_requests(
                db, ctx, now, app.extensions.get("rappel.policy", offering.rank))
            done["paged"] = jobs.page_crises(db, ctx, now)
            done["escalated"] = jobs.escalate(db, ctx, now)
            done["alerts"] = jobs.deliver_alerts(db, ctx, now)
            done["summary"] = jobs.daily_summary(db, ctx, state, now)
            done["purged"] = bool(retention.nightly(db, state, now, ctx.tz,
                                                    app.config["RETENTION_DAYS"]))
            # A plain write: as a change of the clock's row, it was a flush of its own
            # at every tick.
            write(db, _TICKED, {"now": now})
            db.commit()
    return done


def send_due(app: Flask, now: datetime) -> int:
    """Send every message due at `now`, one at a time, most urgent first;
    returns how many the carrier took. Times are `now` plus the time spent."""
    # A simulation wants the same month for the same seed: its sends are stamped
    # at `now` exactly, not `now` plus the real time the tick took.
    clock = (lambda: now) if app.config.get("FIXED_TICK_CLOCK") else tick_clock(now)
    sender = Sender(app.extensions["rappel.sessions"], lambda db: context_for(app, db),
                    transport_for(app), concurrency=1, clock=clock)
    return sender.drain(inline=True)


def reconcile_now(app: Flask, now: datetime) -> int:
    """The SMS route's clock job (inbound SMS and reports it must fetch,
    reconciliation with the carrier), one process at a time; 0 when the route
    has none, another process is at it or the database is away (the next run
    catches up)."""
    poll = active(app).poll
    if poll is None:
        return 0
    return _one_at_a_time(app, "reconcile", lambda db, state: poll(
        app, db, context_for(app, db), state, now))


def read_mail_now(app: Flask, now: datetime) -> int:
    """The e-mail route's clock job (channels.email.poll), one process at a
    time; how many mails it handled. 0 when e-mail is off, another process is
    at it or the database is away (the next run finds the mails again)."""
    from channels import email
    if not email.enabled(app):
        return 0
    from channels.email.poll import poll
    return _one_at_a_time(app, "mail", lambda db, _state: poll(
        app, db, context_for(app, db), now))


def _one_at_a_time(app: Flask, name: str, job: Callable[[Any, ClockState], int]) -> int:
    """Run a route's clock job under the named lock, with the clock's row."""
    with named_lock(app.extensions["rappel.engine"], name) as mine:
        if not mine:
            return 0
        with app.extensions["rappel.sessions"]() as db:
            try:
                state = _state(db)
                db.commit()
                return job(db, state)
            except SQLAlchemyError as exc:
                log.warning("%s: database unavailable (%s)", name, exc)
                return 0


# Read and written at every tick, always in a fresh session: built once.
_CLOCK_ROW = select(ClockState).where(ClockState.id == 1)
_TICKED = update(ClockState).where(ClockState.id == 1).values(last_tick_at=bindparam("now"))


def _state(db: Any) -> ClockState:
    state = db.scalar(_CLOCK_ROW)
    if state is None:
        state = ClockState(id=1)
        db.add(state)
        try:
            db.flush()
        except IntegrityError:  # the sender or another clock made it meanwhile
            db.rollback()
            state = db.get(ClockState, 1)
    return state
