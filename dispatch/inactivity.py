"""Requests nobody touched for the retention period, whatever their state.

A request in progress (open, offered, accepted) that has had nothing on its
timeline and no message for RETENTION_DAYS would otherwise keep its personal
data for ever. The night before it is due, the coordinators on call are told
which ones (`warn`, a "purge_notice" line on each timeline); the next night
the purge closes those still untouched and anonymises them (`due`). Anything
done on a request meanwhile (an SMS, a note, an offer) keeps it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session

from dispatch import lifecycle
from dispatch.alerts import alert_on_call
from dispatch.db import one_of
from dispatch.hotline import Context
from dispatch.models import ACTIVE_STATES, Event, Message, Request

NOTICE = "purge_notice"
AHEAD = timedelta(days=1)
# The purge runs once a night: a notice from the night before is about 24 h old.
NOTICE_MIN_AGE = timedelta(hours=20)
LISTED = 20  # request numbers quoted in one SMS


# Asked every night: built once. A request is kept out by any activity since
# the cutoff (an index probe each); the last activity is read only for those
# left, not grouped over every event and message of every request in progress.
_RECENT_EVENT = exists().where(Event.request_id == Request.id, Event.kind != NOTICE,
                               Event.at >= bindparam("cutoff"))
_RECENT_MESSAGE = exists().where(Message.request_id == Request.id,
                                 Message.created_at >= bindparam("cutoff"))
_LAST_EVENT = select(func.max(Event.at)).where(Event.request_id == Request.id,
                                               Event.kind != NOTICE).scalar_subquery()
_LAST_MESSAGE = select(func.max(Message.created_at)).where(
    Message.request_id == Request.id).scalar_subquery()
_INACTIVE = (select(Request, _LAST_EVENT, _LAST_MESSAGE)
             .where(one_of(Request.status, ACTIVE_STATES), Request.anonymised_at.is_(None),
                    Request.received_at < bindparam("cutoff"), ~_RECENT_EVENT, ~_RECENT_MESSAGE)
             .order_by(Request.id))


def inactive_since(db: Session, cutoff: datetime) -> list[tuple[Request, datetime]]:
    """Requests in progress with no activity since `cutoff`, with their last activity
    (reception, timeline lines other than notices, messages), oldest number first."""
    rows = db.execute(_INACTIVE, {"cutoff": cutoff})
    return [(r, max(t for t in (r.received_at, e, m) if t is not None)) for r, e, m in rows]


def _notices(db: Session, ids: list[int]) -> dict[int, datetime]:
    """The latest purge notice of each request in `ids` that has one."""
    if not ids:
        return {}
    rows = db.execute(select(Event.request_id, func.max(Event.at)).where(
        Event.request_id.in_(ids), Event.kind == NOTICE).group_by(Event.request_id))
    return {number: at for number, at in rows if number is not None}


def warn(db: Session, ctx: Context, now: datetime, retention_days: int) -> list[int]:
    """Tell the coordinators on call which requests the next night's purge closes.

    Each stretch of inactivity is announced once; returns the numbers announced."""
    soon = inactive_since(db, now - timedelta(days=retention_days) + AHEAD)
    notices = _notices(db, [r.id for r, _ in soon])
    fresh = [r.id for r, last in soon if r.id not in notices or notices[r.id] < last]
    if not fresh:
        return []
    for number in fresh:
        lifecycle.log(db, number, now, "clock", NOTICE,
                      f"no activity for {retention_days} days: closed and erased tomorrow")
    listed = ", ".join(str(n) for n in fresh[:LISTED])
    more = f" (+{len(fresh) - LISTED})" if len(fresh) > LISTED else ""
    alert_on_call(db, ctx, now, "alert_purge_tomorrow", numbers=listed + more)
    return fresh


def due(db: Session, now: datetime, retention_days: int) -> list[Request]:
    """Inactive for the retention period, and announced at least the night before."""
    rows = inactive_since(db, now - timedelta(days=retention_days))
    notices = _notices(db, [r.id for r, _ in rows])
    return [r for r, last in rows
            if r.id in notices and last <= notices[r.id] <= now - NOTICE_MIN_AGE]


def close(db: Session, requests: list[Request], now: datetime) -> None:
    """Close `requests` (a coach still holding or offered one is told) before anonymising."""
    for request in requests:
        lifecycle.close(db, request, now, "clock")
        request.closed_reason = "inactive"
