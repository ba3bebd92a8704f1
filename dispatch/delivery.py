"""What the carrier tells us after sending: statuses and failures.

Status callbacks arrive out of order, so a status only ever moves forward.
An offer whose SMS did not arrive counts as unanswered: it expires at once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch import lifecycle
from dispatch.alerts import alert_on_call
from dispatch.hotline import Context
from dispatch.models import Message, Offer, PhoneStatus
from dispatch.phones import mask

ORDER = {"queued": 0, "accepted": 0, "sending": 1, "sent": 2, "delivered": 3,
         "undelivered": 3, "failed": 3, "read": 4}
FAILED = ("undelivered", "failed")
OPTED_OUT = 21610
# Codes that say the number itself cannot get SMS (spec/twilio.md).
BAD_NUMBER = {21211, 21614, 30006, 30005, 21408, 21610}


def apply_status(db: Session, ctx: Context, sid: str, status: str, error_code: int | None,
                 now: datetime) -> bool:
    """Record a status callback; False when the sid is unknown or it is stale."""
    message = db.scalar(select(Message).where(Message.sid == sid, Message.direction == "out"))
    if message is None or status not in ORDER:
        return False
    if ORDER[status] <= ORDER.get(message.status, 0) and message.status != "sending":
        return False
    message.status = status
    if status in FAILED:
        message.error_code = error_code
        undeliverable(db, ctx, message, error_code, now)
    return True


def undeliverable(db: Session, ctx: Context, message: Message, code: int | None,
                  now: datetime) -> None:
    """An SMS that will never arrive: expire its offer, mark the number, tell coordinators."""
    if message.offer_id is not None:
        offer = db.get(Offer, message.offer_id)
        if offer is not None:
            lifecycle.expire(db, offer, now, why=f"offer SMS not delivered ({code})")
    if code in BAD_NUMBER and message.to_number:
        status = db.get(PhoneStatus, message.to_number) or PhoneStatus(number=message.to_number)
        db.add(status)
        if code == OPTED_OUT:
            status.opted_out_at = status.opted_out_at or now
            status.opt_out_keyword = status.opt_out_keyword or "21610"
        else:
            status.undeliverable_code, status.undeliverable_at = code, now
    if message.kind != "alert" and code is not None:
        alert_on_call(db, ctx, now, "alert_undeliverable", message.request_id,
                      number=mask(message.to_number), code=code)
