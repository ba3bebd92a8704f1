"""What a route tells us after sending: reports and failures, in neutral terms.

Reports arrive out of order, so a status only ever moves forward. An offer
whose SMS did not arrive counts as unanswered: it expires at once. A failure
that says the address cannot receive (whatever the route) marks the number,
and one that says the person opted out records it.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from channels.base import FAILED_STATES, ORDER, Failure, Report
from dispatch import lifecycle
from dispatch.alerts import alert_on_call
from dispatch.hotline import Context
from dispatch.models import Message, Offer, PhoneStatus
from dispatch.phones import mask

# A failure the route gave no number for still marks the number (0: "no code").
NO_CODE = 0


def apply_report(db: Session, ctx: Context, report: Report, now: datetime) -> bool:
    """Record a route's report; False when the message is unknown or it is stale."""
    message = db.scalar(select(Message).where(Message.sid == report.sid,
                                              Message.direction == "out"))
    if message is None or report.status not in ORDER:
        return False
    if ORDER[report.status] <= ORDER.get(message.status, 0) and message.status != "sending":
        return False
    message.status = report.status
    if report.status in FAILED_STATES:
        failure = report.failure or Failure()
        message.error_code = failure.code
        undeliverable(db, ctx, message, failure, now)
    return True


def undeliverable(db: Session, ctx: Context, message: Message, failure: Failure | None,
                  now: datetime) -> None:
    """A message that will never arrive: expire its offer, mark the number when
    the failure says so, tell coordinators when the route gave a reason."""
    failure = failure or Failure()
    if message.offer_id is not None:
        offer = db.get(Offer, message.offer_id)
        if offer is not None:
            lifecycle.expire(db, offer, now, why=f"SMS de proposition non remis ({failure.code})")
    if (failure.bad_address or failure.opted_out) and message.to_number:
        status = db.get(PhoneStatus, message.to_number) or PhoneStatus(number=message.to_number)
        db.add(status)
        if failure.opted_out:
            status.opted_out_at = status.opted_out_at or now
            status.opt_out_keyword = status.opt_out_keyword or str(failure.code or "route")
        else:
            status.undeliverable_code = failure.code if failure.code is not None else NO_CODE
            status.undeliverable_at = now
    if message.kind != "alert" and failure.code is not None:
        alert_on_call(db, ctx, now, "alert_undeliverable", message.request_id,
                      number=mask(message.to_number), code=failure.code)
