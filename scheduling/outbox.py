"""Sending what the outbox holds, at most once per row, with retries.

A row is claimed by a conditional UPDATE (queued -> sending) so two clocks
never both send it. A claim is a lease: a process that dies mid-send leaves
the row `sending`, and once the lease runs out it is queued again, so no SMS
is lost (at the price of a rare duplicate after a crash, never after a race).
"""
from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dispatch.alerts import alert_on_call
from dispatch.delivery import undeliverable
from dispatch.hotline import Context
from dispatch.models import Message, Offer
from dispatch.phones import mask
from scheduling.sms import SendError, Transport

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
BATCH = 200
MAX_ATTEMPTS = 6
GIVE_UP_AFTER = 3  # transient failures in a row before a tick stops sending
# Exponential backoff with jitter: 30 s, 1 min, 2 min... capped at 30 min.
# It is persisted on the row (the clock may restart between attempts), which
# is why a retry library's in-process loop does not fit here.
BASE_DELAY, MAX_DELAY = 30.0, 1800.0


def backoff(attempts: int, rng: Callable[[], float] = random.random) -> timedelta:
    delay = min(MAX_DELAY, BASE_DELAY * 2 ** max(0, attempts - 1))
    return timedelta(seconds=delay * (0.5 + rng() / 2))


def send_due(db: Session, ctx: Context, transport: Transport, now: datetime) -> int:
    """Send every queued SMS that is due; returns how many went out."""
    db.execute(update(Message).where(Message.status == "sending", Message.next_attempt_at <= now)
               .values(status="queued"))
    db.commit()
    # Alerts first: in a backlog, the coordinators' SMS matter most.
    due = list(db.scalars(select(Message).where(Message.status == "queued",
                                                Message.next_attempt_at <= now)
                          .order_by((Message.kind == "page").desc(), (Message.kind == "alert").desc(),
                  Message.next_attempt_at,
                                    Message.id).limit(BATCH)))
    sent = failures = 0
    for message in due:
        if failures >= GIVE_UP_AFTER:
            # The carrier is down: leave the rest for the next tick rather than
            # hold the clock for a timeout per message.
            break
        claimed = db.execute(update(Message).where(Message.id == message.id,
                                                   Message.status == "queued")
                             .values(status="sending", next_attempt_at=now + LEASE)
                             .execution_options(synchronize_session=False)).rowcount
        db.commit()
        if claimed == 1:
            went = _send_one(db, ctx, transport, message, now)
            sent += went
            failures = 0 if went or message.status != "queued" else failures + 1
    return sent


def _stale(db: Session, ctx: Context, message: Message, now: datetime) -> bool:
    """An offer SMS for an offer that no longer stands is not worth sending.

    Otherwise the offer is armed: its time to answer runs from now."""
    if message.offer_id is None:
        return False
    armed = db.execute(update(Offer).where(Offer.id == message.offer_id,
                                           Offer.status == "pending", Offer.sent_at.is_(None),
                                           Offer.expires_at > now)
                       .values(sent_at=now, expires_at=now + ctx.ack_timeout)
                       .execution_options(synchronize_session=False)).rowcount
    return armed != 1


def _send_one(db: Session, ctx: Context, transport: Transport, message: Message,
              now: datetime) -> int:
    db.refresh(message)
    if _stale(db, ctx, message, now):
        message.status = "cancelled"
        db.commit()
        return 0
    message.attempts += 1
    try:
        if message.channel == "call":
            sid = transport.call(message)
        else:
            sid = transport.send(message.to_number or "", message.body or "")
    except SendError as exc:
        _failed(db, ctx, message, exc, now)
        db.commit()
        return 0
    message.sid, message.status, message.sent_at, message.next_attempt_at = sid, "sent", now, None
    db.commit()
    return 1


def _failed(db: Session, ctx: Context, message: Message, exc: SendError, now: datetime) -> None:
    log.warning("sms %s to %s failed (%s, %s): %s", message.id, mask(message.to_number),
                "permanent" if exc.permanent else "transient", exc.code, exc)
    message.error_code = exc.code
    if exc.permanent:
        message.status, message.next_attempt_at = "failed", None
        undeliverable(db, ctx, message, exc.code, now)
    elif message.attempts >= MAX_ATTEMPTS:
        message.status, message.next_attempt_at = "failed", None
        if message.kind != "alert":
            alert_on_call(db, ctx, now, "alert_send_failed", message.request_id,
                          number=mask(message.to_number), tries=message.attempts)
        undeliverable(db, ctx, message, None, now)
    else:
        message.status, message.next_attempt_at = "queued", now + backoff(message.attempts)
