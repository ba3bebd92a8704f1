"""Catching up with the carrier after the database was unreachable.

While the database is down the webhook answers 503 and Twilio records the
error; the message is not lost, it is on Twilio's side. Every few minutes the
clock lists the recent inbound messages through Twilio's API and handles each
MessageSid it has not stored, replying by SMS since no TwiML can be given now.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch import inbound
from dispatch.hotline import Context
from dispatch.models import ClockState, Message
from scheduling.sms import Transport, TwilioTransport

log = logging.getLogger(__name__)
EVERY = timedelta(minutes=5)
OVERLAP = timedelta(minutes=15)
# A message younger than this may still be in its webhook: leave it to it.
SETTLE = timedelta(minutes=1)
FIRST_LOOK_BACK = timedelta(hours=24)


def reconcile(app: Flask, db: Session, ctx: Context, state: ClockState, transport: Transport,
              now: datetime) -> int:
    if not isinstance(transport, TwilioTransport) or not app.config.get("HOTLINE_NUMBER"):
        return 0
    if state.last_reconcile_at is not None and now - state.last_reconcile_at < EVERY:
        return 0
    since = (state.last_reconcile_at - OVERLAP) if state.last_reconcile_at else now - FIRST_LOOK_BACK
    try:
        listed = transport.list_inbound(app.config["HOTLINE_NUMBER"], since)
    except Exception as exc:  # the carrier's API down must not stop the clock
        log.warning("reconcile: could not list inbound messages: %s", exc)
        return 0
    state.last_reconcile_at = now
    db.commit()
    handled = 0
    for item in listed:
        if item["date_sent"] is not None and item["date_sent"] > now - SETTLE:
            continue
        if db.scalar(select(Message.id).where(Message.sid == item["sid"])) is not None:
            continue
        handled += _handle(db, ctx, item, now)
    return handled


def _handle(db: Session, ctx: Context, item: dict[str, Any], now: datetime) -> int:
    sms = inbound.Inbound(sid=item["sid"], sender=item["from"], to=item["to"],
                          body=item["body"], num_media=item["num_media"])
    # The request's clock starts when the person texted, not when we caught up.
    received = min(item["date_sent"] or now, now)
    inbound.receive(db, ctx, sms, received, reply_by_sms=True)
    log.info("reconcile: handled %s received while the database was away", sms.sid)
    return 1
