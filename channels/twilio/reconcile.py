"""Catching up with the carrier: inbound SMS missed or answered too late.

While the database is down or hangs, the webhook answers 503 (or nothing in
time) and Twilio records the error; the message is not lost, it is on
Twilio's side. Every minute reconciliation pages through every inbound
message since the last one it handled (a cursor of Twilio's date_sent and
sid, not a count) and

- handles each MessageSid it has not stored, replying by SMS since no TwiML
  can be given now;
- for a stored one whose webhook never confirmed answering in Twilio's time
  (`handled_at` NULL: the webhook died, or stored it after Twilio gave up),
  sends the reply it had computed by SMS.

On a fresh database it looks back only to RECONCILE_SINCE, by default to its
own first run: older messages were someone else's to answer.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from channels.base import Transport
from channels.twilio import offline
from channels.twilio.errors import GAVE_UP, WORDS
from channels.twilio.transport import TwilioTransport
from dispatch import inbound, outbox
from dispatch.db import changed
from dispatch.hotline import Context
from dispatch.models import ClockState, Message

log = logging.getLogger(__name__)
EVERY = timedelta(minutes=1)
# Messages can show up in Twilio's list a little after their date_sent.
OVERLAP = timedelta(minutes=5)
# A message younger than this may still be in its webhook (10 s deadline,
# gunicorn's 30 s timeout): leave it to it.
SETTLE = timedelta(minutes=2)
# Twilio stops waiting for the webhook's answer after 15 s; our clock starts
# a little after Twilio's (network, proxy), so a reply later than this may
# not have arrived.
ANSWER_WITHIN = timedelta(seconds=14)


def poll(app: Flask, db: Session, ctx: Context, state: ClockState, now: datetime) -> int:
    """The Twilio route's clock job (channels.route.Poll): reconciliation."""
    from channels.registry import transport_for
    return reconcile(app, db, ctx, state, transport_for(app), now)


def reconcile(app: Flask, db: Session, ctx: Context, state: ClockState, transport: Transport,
              now: datetime) -> int:
    """Handle what the webhook missed; returns how many messages were caught up."""
    to = app.config.get("HOTLINE_NUMBER") or None
    if not isinstance(transport, TwilioTransport) or \
            (to is None and not app.config.get("TWILIO_MESSAGING_SERVICE_SID")):
        return 0
    if state.last_reconcile_at is not None and now - state.last_reconcile_at < EVERY:
        return 0
    floor = _floor(app, state, now)
    since = max(floor, (state.reconcile_cursor_at or floor) - OVERLAP)
    try:
        listed = transport.list_inbound(to, since)
    except Exception as exc:  # the carrier's API down must not stop the clock
        log.warning("reconcile: could not list inbound messages: %s", exc)
        return 0
    state.last_reconcile_at = now
    db.commit()
    ready = sorted((i for i in listed if i["date_sent"] is not None
                    and since <= i["date_sent"] <= now - SETTLE),
                   key=lambda i: (i["date_sent"], i["sid"]))
    handled = _catch_up(app, db, ctx, state, ready, now)
    state.reconcile_cursor_at = max(now - SETTLE, state.reconcile_cursor_at or floor)
    state.reconcile_cursor_sid = None
    db.commit()
    return handled


def _floor(app: Flask, state: ClockState, now: datetime) -> datetime:
    if state.reconcile_from is None:
        state.reconcile_from = app.config.get("RECONCILE_SINCE") or now
    return state.reconcile_from


def _catch_up(app: Flask, db: Session, ctx: Context, state: ClockState,
              items: list[dict[str, Any]], now: datetime) -> int:
    stored = dict(db.execute(select(Message.sid, Message.id).where(
        Message.sid.in_([i["sid"] for i in items]))).tuples().all()) if items else {}
    handled = 0
    for item in items:
        known = stored.get(item["sid"])
        try:
            handled += answer_late(db, known, now) if known else _handle(app, db, ctx, item, now)
        except SQLAlchemyError:
            db.rollback()
            raise  # the database is away again: the cursor stays before this one
        except Exception:  # a message that cannot be handled must not block the others
            db.rollback()
            log.exception("reconcile: could not handle %s", item["sid"])
        state.reconcile_cursor_at, state.reconcile_cursor_sid = item["date_sent"], item["sid"]
        db.commit()
    return handled


def _handle(app: Flask, db: Session, ctx: Context, item: dict[str, Any], now: datetime) -> int:
    sms = inbound.Inbound(sid=item["sid"], sender=item["from"], to=item["to"],
                          body=item["body"], num_media=item["num_media"], carrier=WORDS,
                          route="twilio")
    # The request's clock starts when the person texted, not when we caught up.
    received = min(item["date_sent"] or now, now)
    # Words of danger were answered by the webhook even so (channels.twilio.offline).
    given = offline.answered(app, sms.sid)
    inbound.receive(db, ctx, sms, received, reply_by_sms=True, answered=given)
    db.execute(update(Message).where(Message.sid == sms.sid, Message.direction == "in")
               .values(handled_at=now))
    if given is not None:
        db.commit()
        offline.forget(app, sms.sid)
    log.info("reconcile: handled %s received while the database was away", sms.sid)
    return 1


def answer_late(db: Session, message_id: int, now: datetime) -> int:
    """Send by SMS the reply of a stored message whose webhook's answer did not
    reach Twilio in time; 0 when it was answered already. The caller commits."""
    won = db.execute(update(Message).where(Message.id == message_id,
                                           Message.handled_at.is_(None))
                     .values(handled_at=now).execution_options(synchronize_session=False))
    message = db.get(Message, message_id, populate_existing=True)
    if changed(won) != 1 or message is None:
        return 0
    if not message.reply or not (message.from_number or "").startswith("+"):
        return 0
    # The reply recorded as given through TwiML never reached anyone.
    db.execute(update(Message).where(
        Message.direction == "out", Message.kind == "reply", Message.status == "sent",
        Message.sid.is_(None), Message.to_number == message.from_number,
        Message.created_at == message.created_at, Message.body == message.reply)
        .values(status="failed", error_code=GAVE_UP))
    outbox.queue(db, message.from_number or "", message.reply, now, kind="reply",
                 request_id=message.request_id)
    log.info("reply to %s sent by SMS: its webhook answered too late", message.sid)
    return 1


def webhook_done(db: Session, sid: str, started: datetime, finished: datetime) -> bool:
    """Record that the webhook for `sid` finished at `finished`; return whether
    its TwiML answer may carry the reply.

    Past Twilio's wait, its TwiML answer goes nowhere: the reply goes by SMS
    instead (the late answer carries it all the same, for nobody). In time,
    the webhook claims the answer (`handled_at`); when it was claimed before,
    this is Twilio's retry of the same MessageSid: answered the same if the
    reply went through TwiML, with nothing if it went or goes by SMS (then the
    person would get it twice). Whoever claims `handled_at` first sends the
    reply, so a retry never races the clock's send. A database failure here
    is left to reconciliation (handled_at stays NULL)."""
    try:
        if finished - started <= ANSWER_WITHIN:
            won = db.execute(update(Message).where(Message.sid == sid, Message.direction == "in",
                                                   Message.handled_at.is_(None))
                             .values(handled_at=finished)
                             .execution_options(synchronize_session=False))
            db.commit()
            return changed(won) == 1 or _answered_by_twiml(db, sid)
        message_id = db.scalar(select(Message.id).where(Message.sid == sid,
                                                        Message.direction == "in"))
        if message_id is not None:
            answer_late(db, message_id, finished)
        db.commit()
    except SQLAlchemyError as exc:
        db.rollback()
        log.warning("inbound %s: could not record its answer (%s); reconciliation will", sid,
                    exc)
    return True


def _answered_by_twiml(db: Session, sid: str) -> bool:
    """Whether the reply to the stored message `sid` was given through TwiML in
    time: its record still stands, not failed by `answer_late` (which queued
    it by SMS) nor missing (caught up by reconciliation, replied by SMS)."""
    message = db.scalar(select(Message).where(Message.sid == sid, Message.direction == "in"))
    if message is None or not message.reply:
        return True  # nothing to say, nothing said twice
    given = db.scalar(select(Message.id).where(
        Message.direction == "out", Message.kind == "reply", Message.status == "sent",
        Message.sid.is_(None), Message.to_number == message.from_number,
        Message.created_at == message.created_at, Message.body == message.reply).limit(1))
    return given is not None
