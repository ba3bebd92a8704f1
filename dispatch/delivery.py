"""What a route tells us after sending: reports and failures, in neutral terms.

Reports arrive out of order, so a status only ever moves forward. An offer
whose SMS did not arrive counts as unanswered: it expires at once. A failure
that says the address cannot receive (whatever the route) marks the number,
and one that says the person opted out records it. A failure that says the
handset could not be reached now (switched off, out of reach) marks nothing:
the message is queued again, later and later, until the outbox's horizon (a
day after it was queued), when the coordinators are told it never arrived.
"""
from __future__ import annotations

from datetime import datetime, timedelta

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
# A handset out of reach: sent again after 5 minutes, then 10, 20... at most
# every 2 hours (a phone switched off for the night gets it when it is back on,
# without an SMS charged every few minutes all night).
REDELIVER_FIRST, REDELIVER_CAP = timedelta(minutes=5), timedelta(hours=2)


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
        if failure.transient and message.offer_id is None:
            send_again(message, now)
        elif failure.transient:
            # The coach cannot read it now: the request moves on, as for an
            # offer left unanswered; the number is not marked.
            offer = db.get(Offer, message.offer_id)
            if offer is not None:
                lifecycle.expire(db, offer, now,
                                 why=f"SMS de proposition non remis ({failure.code})")
        else:
            undeliverable(db, ctx, message, failure, now)
    return True


def send_again(message: Message, now: datetime) -> None:
    """Queue `message` again after a transient failure the route reported.

    The carrier's id is forgotten: a late report about the attempt that
    failed (reports arrive out of order) must not mark the next one sent."""
    tries = max(1, message.attempts)
    delay = min(REDELIVER_CAP, REDELIVER_FIRST * 2 ** min(tries - 1, 10))
    message.status, message.sid, message.next_attempt_at = "queued", None, now + delay


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
