"""Twilio's webhooks: inbound SMS and delivery status. Thin: verify, store,
call dispatch, answer TwiML. Nothing here calls Twilio's API.

With the console route they take unsigned posts from this machine (curl,
local scripts), Twilio's form all the same."""
from __future__ import annotations

import logging
import re
from datetime import datetime, timezone

from flask import Blueprint, Flask, Response, abort, current_app, request
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from channels.registry import open_webhooks
from channels.twilio import offline
from channels.twilio.errors import WORDS, report
from channels.twilio.reconcile import webhook_done
from dispatch import delivery, inbound
from scheduling import context_for
from webhooks.db import session

bp = Blueprint("twilio", __name__, url_prefix="/twilio")
log = logging.getLogger(__name__)
FORM = "application/x-www-form-urlencoded"  # all Twilio ever posts
SID = re.compile(r"[A-Za-z0-9]{2,64}", re.ASCII)  # "SM" + 32 hex; the column holds 64
WORD = re.compile(r"[a-z_-]{0,32}", re.ASCII)
CODE = re.compile(r"\d{1,9}", re.ASCII)
MAX_ADDRESS = 64  # the messages table's from/to columns


def _public_url() -> str:
    """The URL Twilio signed: PUBLIC_URL + path + the raw query string."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")
    query = request.query_string.decode("latin-1")
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def _peer_address() -> str | None:
    """The address of whoever opened the connection, whatever X-Forwarded-For says."""
    original = request.environ.get("werkzeug.proxy_fix.orig", {})
    return original.get("REMOTE_ADDR", request.environ.get("REMOTE_ADDR"))


def _verify() -> None:
    """403 unless signed by Twilio; decided from the headers when they suffice,
    so that an unsigned body is never read."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token:
        # One machine with the console transport and no token: nothing to
        # sign with, so only this machine may post (curl, the simulator).
        if current_app.config["SMS_BACKEND"] == "console" and \
                _peer_address() in ("127.0.0.1", "::1"):
            return
        abort(403)
    if not signature:
        abort(403)
    if request.mimetype != FORM:
        abort(415)
    if not RequestValidator(token).validate(_public_url(), request.form, signature):
        log.warning("twilio webhook %s refused: bad or missing signature from %s",
                    request.path, request.remote_addr)
        abort(403)


def _signed_form() -> dict[str, str]:
    """Twilio's fields once the signature is checked; 400 for fields no carrier
    sends (a sid that is not one, control characters, longer than the columns)."""
    _verify()
    if request.mimetype != FORM:  # the unsigned console mode gets the same check
        abort(415)
    form = request.form.to_dict()
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    if not SID.fullmatch(sid):
        abort(400)
    for name in ("From", "To"):
        value = form.get(name, "")
        if len(value) > MAX_ADDRESS or not value.isprintable():
            abort(400)
    status, code = form.get("MessageStatus", "").lower(), form.get("ErrorCode", "")
    if not WORD.fullmatch(status) or (code and not CODE.fullmatch(code)):
        abort(400)
    return form


def twiml(body: str | None) -> Response:
    reply = MessagingResponse()
    if body:
        reply.message(body)
    return Response(str(reply), mimetype="text/xml")


@bp.post("/sms")
def sms() -> Response:
    form = _signed_form()
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    try:
        num_media = int(form.get("NumMedia") or 0)
    except ValueError:
        num_media = 0
    sms = inbound.Inbound(sid=sid, sender=form.get("From", ""), to=form.get("To", ""),
                          body=form.get("Body", ""), num_media=num_media, carrier=WORDS,
                          route=current_app.config["SMS_BACKEND"])
    now = current_app.extensions.get("rappel.now", lambda: datetime.now(timezone.utc))()
    try:
        db = session()
        reply = inbound.receive(db, context_for(current_app, db), sms, now)
    except SQLAlchemyError:
        # Twilio records the error; the message stays on its side and the
        # clock reconciles it once the database is back. The request's
        # database deadline (WEB_DB_DEADLINE) makes this come within 15 s.
        log.exception("inbound %s not stored: database unavailable", sid)
        return _while_away(sms, now)
    # Stored after Twilio stopped waiting, the reply goes by SMS instead; a
    # retry of a message whose reply went by SMS is answered with nothing.
    if not webhook_done(db, sid, now, datetime.now(timezone.utc)):
        return twiml(None)
    return twiml(reply)


def _while_away(sms: inbound.Inbound, now: datetime) -> Response:
    """The answer when the database is away: words of danger get the crisis
    answer at once (written down, so that reconciliation does not give it
    twice); anything else gets a 503 and its real answer by SMS once the
    database is back (a holding reply then would be a second one)."""
    said = offline.crisis_answer(sms.body, now) if sms.sender.startswith("+") else None
    if said is None:
        return Response("database unavailable", status=503, mimetype="text/plain")
    offline.remember(current_app, sms.sid, said)
    return twiml(said)


@bp.post("/status")
def status() -> Response:
    form = _signed_form()
    sid = form.get("MessageSid", "")
    state = (form.get("MessageStatus") or "").lower()
    code = form.get("ErrorCode")
    said = report(sid, state, int(code) if code and code.isdigit() else None)
    if said is None:
        return Response("", status=200)
    try:
        db = session()
        delivery.apply_report(db, context_for(current_app, db), said,
                              datetime.now(timezone.utc))
        db.commit()
    except SQLAlchemyError:
        log.exception("status callback %s not stored: database unavailable", sid)
        return Response("", status=503)
    return Response("", status=200)


def init_app(app: Flask) -> None:
    from channels.twilio.voice import bp as voice
    open_webhooks(app, bp, voice)
