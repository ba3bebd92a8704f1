"""The clock's jobs: each a plain function of (db, ctx, now), run by `tick`.

The decisions live in dispatch (offering, escalation, paging, alerts); these
only call them and commit."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dispatch import alerts, escalation, lifecycle, offering, outbox, paging, pauses, texts
from dispatch.db import one_of
from dispatch.hotline import Context, on_call
from dispatch.models import ACTIVE_STATES, ClockState, Offer, Request

SUMMARY_AT = (8, 30)
SUMMARY_UNTIL = (12, 0)  # a clock restarted late in the day does not send it at night
# A summary naming only requests a coordinator was alerted about this recently
# (the alerts held overnight go at 08:00) tells them nothing new: not sent.
SUMMARY_FRESH = timedelta(hours=2)


# Asked at every tick: built once.
_STALE = select(Offer).where(Offer.status == "pending",
                             Offer.expires_at <= bindparam("now")).limit(500)


def expire_offers(db: Session, ctx: Context, now: datetime) -> int:
    """Offers whose time is up: expired (coach passed over) or withdrawn unsent."""
    stale = list(db.scalars(_STALE, {"now": now}))
    expired = sum(lifecycle.expire(db, offer, now) for offer in stale)
    db.commit()
    return expired


def end_pauses(db: Session, ctx: Context, now: datetime) -> int:
    """Coaches whose dated pause is over: offered requests again, and told."""
    ended = pauses.end_due(db, ctx, now)
    db.commit()
    return ended


def offer_open_requests(db: Session, ctx: Context, now: datetime,
                        policy: offering.Policy = offering.rank) -> int:
    return offering.offer_due(db, ctx, now, policy)


def escalate(db: Session, ctx: Context, now: datetime) -> int:
    return escalation.escalate(db, ctx, now)


def page_crises(db: Session, ctx: Context, now: datetime) -> int:
    paged = paging.climb(db, ctx, now)
    db.commit()
    return paged


def deliver_alerts(db: Session, ctx: Context, now: datetime) -> int:
    sent = alerts.deliver(db, ctx, now)
    db.commit()
    return sent


def daily_summary(db: Session, ctx: Context, state: ClockState, now: datetime) -> bool:
    """At 08:30 local, once a day: the overdue requests, to the coordinators on call."""
    local = now.astimezone(ctx.tz)
    today = local.date().isoformat()
    if not SUMMARY_AT <= (local.hour, local.minute) < SUMMARY_UNTIL \
            or state.last_summary_on == today:
        return False
    state.last_summary_on = today
    # At-risk requests have their own alerts; the morning's list is what is late.
    # Taken in hand by someone now off duty counts: the shift on call must hear of it.
    duty = on_call(db, now, ctx.tz)
    overdue = [r for r in db.scalars(select(Request).where(
        one_of(Request.status, ACTIVE_STATES), Request.deadline <= now,
        # A mail waiting for its number is not late: only the person can act.
        Request.callback_number.is_not(None) | Request.crisis).order_by(Request.deadline))
        if not lifecycle.keeps_it(r, now, ctx.tz)]
    if not overdue:
        db.commit()  # nothing to report: no SMS is better than an empty one
        return False
    numbers = [r.id for r in overdue]
    body = texts.text("summary", hotline=ctx.name, date=f"{local.day}/{local.month}",
                      overdue=texts.requests_named(numbers, {r.id for r in overdue if r.crisis}),
                      url=f"{ctx.base_url}/")
    for coordinator in duty:
        # Every one of them was in an alert of theirs this morning, in its own
        # SMS or a line of its own in a digest (the 08:00 one of the night's
        # alerts, repeated word for word at 08:30): nothing new to tell. One
        # a digest only named or counted is not told.
        if set(numbers) <= alerts.told_since(db, coordinator, now - SUMMARY_FRESH,
                                             listed_only=True):
            continue
        outbox.queue(db, coordinator.mobile, body, now, kind="summary")
    db.commit()
    return True
