"""POST /sms-gateway/events: the app's webhooks (sms:received, sms:sent,
sms:delivered, sms:failed, system:ping). Thin: verify, store, call dispatch.

The app retries a webhook that did not get a 2xx (10 s, then doubling, for
about two days): a message that came while the database was away is
answered 503 and comes again. Replies go by SMS through the outbox: the
app's webhook has no answer to carry them.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from android_sms_gateway import SmsReceivedPayload
from flask import Blueprint, Response, abort, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from channels.base import DELIVERED, FAILED, SENT, Failure, Report
from channels.smsgate.poll import record_state
from channels.smsgate.signature import valid
from dispatch import delivery, inbound
from scheduling import context_for
from webhooks.db import session

bp = Blueprint("sms_gateway", __name__, url_prefix="/sms-gateway")
log = logging.getLogger(__name__)
ROUTE = "sms-gateway"
REPORTS = {"sms:sent": SENT, "sms:delivered": DELIVERED, "sms:failed": FAILED}
# A received time further back than this is the device's clock, not the person.
OLDEST = timedelta(days=3)


def _verify() -> dict[str, Any]:
    """The event once its signature and time are checked; 403 otherwise."""
    body = request.get_data(cache=True)
    if not valid(current_app.config.get("SMSGATE_SIGNING_KEY") or "", body,
                 request.headers.get("X-Timestamp", ""), request.headers.get("X-Signature", ""),
                 time.time()):
        log.warning("sms-gateway webhook refused: bad signature or time from %s",
                    request.remote_addr)
        abort(403)
    try:
        event = json.loads(body)
    except ValueError:
        abort(400)
    if not isinstance(event, dict) or not isinstance(event.get("payload"), dict):
        abort(400)
    return event


def received_sid(payload: SmsReceivedPayload) -> str:
    """The app's messageId is derived from the text and repeats (the same "OK"
    twice), and one SMS can come as two events with different event ids: an
    SMS is its sender, its moment of receipt and its text."""
    moment = payload.received_at.astimezone(timezone.utc).isoformat()
    key = f"{payload.phone_number}|{moment}|{payload.message}".encode()
    return "SG" + hashlib.sha256(key).hexdigest()[:40]


def _receive(event: dict[str, Any], now: datetime) -> Response:
    try:
        payload = SmsReceivedPayload.from_dict(event["payload"])
    except (KeyError, TypeError, ValueError):
        abort(400)
    sms = inbound.Inbound(sid=received_sid(payload), sender=payload.phone_number,
                          to=payload.recipient or current_app.config.get("HOTLINE_NUMBER") or "",
                          body=payload.message, route=ROUTE)
    # The request's clock starts when the person texted (a retried event
    # comes late), within what the phone's clock can be trusted for.
    received = min(max(payload.received_at, now - OLDEST), now)
    try:
        db = session()
        inbound.receive(db, context_for(current_app, db), sms, received, reply_by_sms=True)
    except SQLAlchemyError:
        log.exception("inbound %s not stored: database unavailable; the app retries", sms.sid)
        return Response("database unavailable", status=503, mimetype="text/plain")
    return jsonify({"ok": True})


def _report(event: dict[str, Any], status: str, now: datetime) -> Response:
    payload = event["payload"]
    sid = str(payload.get("messageId") or "")
    if not sid:
        abort(400)
    failure = None
    if status == FAILED:
        log.warning("sms %s failed on the phone: %s", sid, payload.get("reason"))
        # The phone's reasons (no signal, radio off) say nothing of the number:
        # sent again later.
        failure = Failure(transient=True)
    try:
        db = session()
        delivery.apply_report(db, context_for(current_app, db), Report(sid, status, failure), now)
        db.commit()
    except SQLAlchemyError:
        log.exception("report for %s not stored: database unavailable", sid)
        return Response("", status=503)
    return jsonify({"ok": True})


@bp.post("/events")
def events() -> Response:
    event = _verify()
    now = current_app.extensions.get("rappel.now", lambda: datetime.now(timezone.utc))()
    kind = event.get("event")
    if kind == "sms:received":
        return _receive(event, now)
    if kind in REPORTS:
        return _report(event, REPORTS[kind], now)
    if kind == "system:ping":
        record_state(current_app, "ok", "the phone pinged", now)
    return jsonify({"ok": True})  # other events: nothing to do
