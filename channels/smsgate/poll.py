"""The phone's clock job: is it answering, and what did it not tell us.

Every run asks the gateway whether the phone is there (cloud and private
modes: the device's last contact with the server; local mode: the phone's
own health answer) and writes it for /healthz and the dashboard. Every ten
minutes it asks the phone to send again the sms:received events of the
last stretch (`refresh_inbox`): webhooks the app gave up on are found
again, and the ones already stored are recognised and ignored.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from channels import routestate
from channels.base import RouteState, SendError
from dispatch.hotline import Context
from dispatch.models import ClockState

log = logging.getLogger(__name__)
NAME = "sms-gateway"
SILENT_AFTER = timedelta(minutes=10)  # a phone not seen this long is not answering
REFRESH_EVERY = timedelta(minutes=10)
OVERLAP = timedelta(minutes=5)


def poll(app: Flask, db: Session, ctx: Context, state: ClockState, now: datetime) -> int:
    """Check the phone, and ask it again for what came in lately; never raises
    for the gateway's sake (the clock must go on)."""
    from channels.registry import transport_for
    transport: Any = transport_for(app)
    seen = phone_state(transport.client, now)
    routestate.save(db, seen)
    if state.reconcile_from is None:  # a fresh database: older SMS were someone else's
        state.reconcile_from = app.config.get("RECONCILE_SINCE") or now
        state.reconcile_cursor_at = state.last_reconcile_at = now
    db.commit()
    if seen.state != "ok" or not _refresh_due(state, now):
        return 0
    since = max(state.reconcile_from, (state.reconcile_cursor_at or now) - OVERLAP)
    try:
        _refresh(transport.client, since, now)
    except SendError as exc:
        log.warning("sms-gateway: could not ask the phone for its inbox: %s", exc)
        return 0
    state.reconcile_cursor_at = state.last_reconcile_at = now
    db.commit()
    return 0  # what the phone sends again arrives through the webhook


def _refresh_due(state: ClockState, now: datetime) -> bool:
    return state.last_reconcile_at is None or now - state.last_reconcile_at >= REFRESH_EVERY


def _refresh(client: Any, since: datetime, until: datetime) -> None:
    from android_sms_gateway import InboxRefreshRequest

    from channels.smsgate.transport import calling
    calling(lambda: client.refresh_inbox(InboxRefreshRequest(since=since, until=until)))


def phone_state(client: Any, now: datetime) -> RouteState:
    """"ok" when the phone answers or was seen lately, "unreachable" otherwise."""
    from android_sms_gateway import errors

    from channels.smsgate.transport import calling
    try:
        devices = calling(client.list_devices)
    except SendError as exc:
        if not isinstance(exc.__cause__, errors.NotFoundError):
            return RouteState(NAME, "unreachable", f"the gateway does not answer: {exc}", now)
        devices = None  # local mode: the API is the phone itself
    if devices is None:
        try:
            calling(client.health_check)
        except SendError as exc:
            return RouteState(NAME, "unreachable", f"the phone does not answer: {exc}", now)
        return RouteState(NAME, "ok", "the phone answers", now)
    seen = [d.last_seen for d in devices if d.last_seen is not None and d.deleted_at is None]
    if not seen:
        return RouteState(NAME, "unreachable", "no phone registered with the gateway", now)
    last = max(seen).astimezone(timezone.utc)
    state = "ok" if now - last <= SILENT_AFTER else "unreachable"
    return RouteState(NAME, state, f"phone last seen {last.isoformat()}", now,
                      {"last_seen": last.isoformat()})


def record_state(app: Flask, state: str, detail: str, now: datetime) -> None:
    """A ping from the phone: it is there (its own webhook says so)."""
    from sqlalchemy.exc import SQLAlchemyError
    try:
        with app.extensions["rappel.sessions"]() as db:
            routestate.save(db, RouteState(NAME, state, detail, now, {"last_seen": now.isoformat()}))
            db.commit()
    except SQLAlchemyError as exc:
        log.warning("sms-gateway: ping not recorded (%s)", exc)


def check(app: Flask) -> list[str]:
    """What is configured and reachable, sending nothing."""
    from channels.registry import transport_for
    conf = app.config
    client: Any = transport_for(app).client  # type: ignore[attr-defined]
    lines = [f"sms-gateway: API {conf['SMSGATE_URL']} as {conf['SMSGATE_USER']}, "
             f"the phone's number {conf.get('HOTLINE_NUMBER')}",
             "sms-gateway: no voice on this route: crisis pages go by SMS only "
             "(the page's call is marked failed)"]
    seen = phone_state(client, datetime.now(timezone.utc))
    lines.append(f"sms-gateway: {seen.state}: {seen.detail}")
    lines += _webhook_lines(client, f"{conf['PUBLIC_URL']}/sms-gateway/events")
    return lines


def _webhook_lines(client: Any, url: str) -> list[str]:
    from channels.smsgate.transport import calling
    wanted = ("sms:received", "sms:sent", "sms:delivered", "sms:failed")
    try:
        hooks = calling(client.get_webhooks)
    except SendError as exc:
        return [f"sms-gateway: webhooks could not be listed: {exc}"]
    have = {h.event.value for h in hooks if h.url == url}
    missing = [event for event in wanted if event not in have]
    if not missing:
        return [f"sms-gateway: webhooks registered to {url}"]
    return [f"sms-gateway: MISSING webhooks to {url}: {', '.join(missing)} "
            f"(register each: POST /webhooks {{\"url\": \"{url}\", \"event\": \"...\"}})"]
