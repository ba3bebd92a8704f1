"""The clock: `tick` does once all time-driven work due at `now`.

The APScheduler jobs (scheduling.runner) call it; tests call it under
freezegun. It only wires the jobs of scheduling.jobs together.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Any

from flask import Flask

from dispatch import offering, retention
from dispatch.hotline import Context, load_context
from dispatch.models import ClockState
from scheduling import jobs, outbox
from scheduling.lock import clock_lock
from scheduling.sms import ConsoleTransport, Transport, TwilioTransport

log = logging.getLogger(__name__)


def transport_for(app: Flask) -> Transport:
    """The app's SMS transport, built once."""
    transport = app.extensions.get("rappel.transport")
    if transport is None:
        conf = app.config
        if conf["SMS_BACKEND"] == "twilio":
            callback = f"{conf['PUBLIC_URL']}/twilio/status" if conf.get("PUBLIC_URL") else None
            transport = TwilioTransport(
                conf["TWILIO_ACCOUNT_SID"], conf["TWILIO_AUTH_TOKEN"],
                from_number=conf.get("HOTLINE_NUMBER"),
                messaging_service_sid=conf.get("TWILIO_MESSAGING_SERVICE_SID"),
                status_callback=callback, http_client=conf.get("TWILIO_HTTP_CLIENT"),
                public_url=conf.get("PUBLIC_URL"))
        else:
            transport = ConsoleTransport(echo=not conf.get("TESTING", False))
        app.extensions["rappel.transport"] = transport
    return transport


CONTEXT_TTL = 30.0


def context_for(app: Flask, db: Any) -> Context:
    """The hotline's context, read again at most every 30 s (a roster sync in
    another process shows up within that time) rather than once per SMS."""
    cached = app.extensions.get("rappel.context")
    now = time.monotonic()
    if cached is not None and 0 <= now - cached[0] < CONTEXT_TTL:
        return cached[1]  # type: ignore[no-any-return]
    conf = app.config
    ctx = load_context(db, secret=conf["SECRET_KEY"],
                       base_url=conf.get("PUBLIC_URL") or "http://127.0.0.1:5000",
                       ack_timeout_minutes=conf["ACK_TIMEOUT_MINUTES"],
                       default_tz=conf["TIMEZONE"])
    if ctx.number:  # not cached before the roster is loaded
        app.extensions["rappel.context"] = (now, ctx)
    return ctx


def tick(app: Flask, now: datetime | None = None) -> dict[str, Any]:
    """Expire offers, offer the next coach, escalate, summarise, purge, send the outbox.

    Returns what it did; {"skipped": ...} when another clock holds the lock."""
    now = now or app.extensions.get("rappel.now", lambda: datetime.now(timezone.utc))()
    engine = app.extensions["rappel.engine"]
    with clock_lock(engine) as mine:
        if not mine:
            return {"skipped": "another clock is running"}
        with app.extensions["rappel.sessions"]() as db:
            state = db.get(ClockState, 1) or ClockState(id=1)
            db.add(state)
            ctx = context_for(app, db)
            done: dict[str, Any] = {"at": now.isoformat()}
            done["reconciled"] = _reconcile(app, db, ctx, state, now)
            done["expired"] = jobs.expire_offers(db, ctx, now)
            done["offered"] = jobs.offer_open_requests(
                db, ctx, now, app.extensions.get("rappel.policy", offering.rank))
            done["paged"] = jobs.page_crises(db, ctx, now)
            done["escalated"] = jobs.escalate(db, ctx, now)
            done["alerts"] = jobs.deliver_alerts(db, ctx, now)
            done["summary"] = jobs.daily_summary(db, ctx, state, now)
            done["purged"] = bool(retention.nightly(db, state, now, ctx.tz,
                                                    app.config["RETENTION_DAYS"]))
            done["sent"] = outbox.send_due(db, ctx, transport_for(app), now)
            state.last_tick_at = now
            db.commit()
    return done


def _reconcile(app: Flask, db: Any, ctx: Context, state: ClockState, now: datetime) -> int:
    from scheduling.reconcile import reconcile
    return reconcile(app, db, ctx, state, transport_for(app), now)
