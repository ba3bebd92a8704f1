"""Twilio's webhooks: inbound SMS and delivery status. Thin: verify, store,
call dispatch, answer TwiML. Nothing here calls Twilio's API."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from flask import Blueprint, Flask, Response, abort, current_app, request
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from dispatch import delivery, inbound
from scheduling import context_for
from webhooks.db import session

bp = Blueprint("twilio", __name__, url_prefix="/twilio")
log = logging.getLogger(__name__)


def _public_url() -> str:
    """The URL Twilio signed: PUBLIC_URL + path + the raw query string."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")
    query = request.query_string.decode("latin-1")
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def _verify() -> None:
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token:
        # One machine with the console transport and no token: nothing to
        # sign with, so only this machine may post (curl, the simulator).
        if current_app.config["SMS_BACKEND"] == "console" and \
                request.remote_addr in ("127.0.0.1", "::1"):
            return
        abort(403)
    if not signature or not RequestValidator(token).validate(_public_url(), request.form,
                                                                 signature):
        log.warning("twilio webhook %s refused: bad or missing signature from %s",
                    request.path, request.remote_addr)
        abort(403)


def twiml(body: str | None) -> Response:
    reply = MessagingResponse()
    if body:
        reply.message(body)
    return Response(str(reply), mimetype="text/xml")


@bp.post("/sms")
def sms() -> Response:
    _verify()
    form = request.form
    sid = form.get("MessageSid") or form.get("SmsSid")
    if not sid:
        abort(400)
    try:
        num_media = int(form.get("NumMedia") or 0)
    except ValueError:
        num_media = 0
    sms = inbound.Inbound(sid=sid, sender=form.get("From", ""), to=form.get("To", ""),
                          body=form.get("Body", ""), num_media=num_media)
    now = current_app.extensions.get("rappel.now", lambda: datetime.now(timezone.utc))()
    try:
        db = session()
        reply = inbound.receive(db, context_for(current_app, db), sms, now)
    except SQLAlchemyError:
        # Twilio records the error; the message stays on its side and the
        # clock reconciles it once the database is back.
        log.exception("inbound %s not stored: database unavailable", sid)
        return Response("database unavailable", status=503, mimetype="text/plain")
    return twiml(reply)


@bp.post("/status")
def status() -> Response:
    _verify()
    sid = request.form.get("MessageSid", "")
    state = (request.form.get("MessageStatus") or "").lower()
    code = request.form.get("ErrorCode")
    try:
        db = session()
        delivery.apply_status(db, context_for(current_app, db), sid, state,
                              int(code) if code and code.isdigit() else None,
                              datetime.now(timezone.utc))
        db.commit()
    except SQLAlchemyError:
        log.exception("status callback %s not stored: database unavailable", sid)
        return Response("", status=503)
    return Response("", status=200)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
