"""The outbox: every outbound SMS is a row before anything is sent.

`queue` never sends; the clock does (scheduling.outbox). Numbers that opted
out or cannot receive SMS get a row marked `cancelled`, so the timeline shows
what would have been said, and nothing leaves.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Exists

from channels.base import EMAIL, SMS
from dispatch.db import changed, one_of, read, write
from dispatch.models import Message, PhoneStatus
from dispatch.segments import to_gsm7

# Asked for every SMS queued: built once. Two columns rather than
# `Session.get`, which for the usual number (no row: never opted out, never
# bounced) misses the identity map and loads through the ORM each time;
# autoflush makes a status changed in this session count all the same.
_STATUS_OF = select(PhoneStatus.opted_out_at, PhoneStatus.undeliverable_code).where(
    PhoneStatus.number == bindparam("number"))


def blocked_reason(db: Session, number: str) -> str | None:
    status = read(db, _STATUS_OF, {"number": number}).first()
    if status is None:
        return None
    opted_out_at, undeliverable_code = status
    if opted_out_at is not None:
        return "opted-out"
    if undeliverable_code is not None:
        return f"undeliverable {undeliverable_code}"
    return None


def phone_status(db: Session, number: str) -> PhoneStatus:
    """The number's status row, created (not yet flushed) when missing."""
    status = db.get(PhoneStatus, number)
    if status is None:
        status = PhoneStatus(number=number)
        db.add(status)
    return status


# A number no SMS may go to: opted out, or known not to receive SMS.
_STOPPED = PhoneStatus.opted_out_at.is_not(None) | PhoneStatus.undeliverable_code.is_not(None)
# Asked at every page: built once.
_BLOCKED = select(PhoneStatus.number).where(_STOPPED)


def blocked_numbers(db: Session) -> set[str]:
    """Numbers no SMS may go to: opted out, or known not to receive SMS."""
    return set(read(db, _BLOCKED).scalars())


def blocked(number: Any) -> Exists:
    """The same, as SQL for a column of numbers (the coaches' views, every tick)."""
    return exists().where(PhoneStatus.number == number, _STOPPED)


def queue(db: Session, to: str, body: str, now: datetime, *, kind: str,
          request_id: int | None = None, offer_id: int | None = None,
          not_before: datetime | None = None, channel: str = "sms",
          despite_opt_out: bool = False) -> Message:
    """Write an outbound message to the outbox (status queued, or cancelled if blocked).

    `channel` "call" is a phone call whose body is what it says aloud;
    `despite_opt_out`: the confirmation of a STOP, sent by Rappel where the
    route's carrier does not confirm it itself."""
    if channel == SMS and "@" in to:
        # A text for a person known only by e-mail (a request that came by
        # mail, told something by a coach's ECHEC or the desk): it goes as a mail.
        channel = EMAIL
    reason = blocked_reason(db, to)
    if despite_opt_out and reason == "opted-out":
        reason = None
    message = Message(
        direction="out", channel=channel, to_number=to,
        body=to_gsm7(body) if channel == "sms" else body, kind=kind, request_id=request_id,
        offer_id=offer_id, created_at=now, attempts=0,
        status="cancelled" if reason else "queued",
        next_attempt_at=None if reason else (not_before or now),
    )
    db.add(message)
    db.flush()
    return message


# Rows not handed to the carrier yet: waiting, or retrying after an error
# whose outcome was unknown (a 500: the next claim would first ask the carrier
# whether it took it; withdrawn, it is not sent again either way).
_UNSENT = (Message.direction == "out") & Message.sid.is_(None) \
    & one_of(Message.status, ("queued", "sending"))


def withdraw(db: Session, request_id: int, kind: str, to: str | None = None) -> int:
    """Cancel the messages of `kind` about a request that have not left yet
    (to `to` only, when given); returns how many. One conditional UPDATE: a
    sender claims a row only while it is still queued or sending, so a row it
    has not claimed yet never leaves. One claimed this very moment may still
    go, as it would have."""
    unsent = update(Message).where(_UNSENT, Message.request_id == request_id,
                                   Message.kind == kind)
    if to is not None:
        unsent = unsent.where(Message.to_number == to)
    return changed(db.execute(unsent.values(status="cancelled", next_attempt_at=None)
                              .execution_options(synchronize_session="fetch")))


def record_reply(db: Session, inbound: Message, to: str, body: str, now: datetime,
                 request_id: int | None) -> None:
    """Keep a TwiML reply in the messages table so conversations read whole.

    It was answered through the webhook's response, so it is never queued;
    never read back in the same session either: a plain INSERT (one for
    every SMS received), not an object to flush."""
    write(db, _REPLY, {"to_number": to, "body": body, "request_id": request_id,
                       "created_at": now, "sent_at": now, "from_number": inbound.to_number})


_REPLY = insert(cast(Table, Message.__table__)).values(
    direction="out", channel=SMS, kind="reply", status="sent", attempts=1)


_INBOUND_SINCE = select(func.count()).select_from(Message).where(
    Message.direction == "in", Message.from_number == bindparam("number"),
    Message.created_at >= bindparam("since"))


def recent_inbound_count(db: Session, number: str, since: datetime) -> int:
    return read(db, _INBOUND_SINCE, {"number": number, "since": since}).scalar() or 0
