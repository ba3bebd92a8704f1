"""The monthly confidential report: figures the partners may see.

`monthly_report` is a pure computation over the database. It outputs only
times, states, topics, languages, channels (SMS or mail), counts, partners and (on request) coach
ids: never a name, a number, an e-mail or a message text, so none can leak
into any of the renderings (dispatch.report_render). The coaches' notes are
read only to count orientations (dispatch.report_outcomes).

It answers the monthly review of the partners' convention: the volume of
requests, the needs (topics), what became of them (outcomes, the promise,
time to first call), crises and how fast a human reached them, the answers
given (orientations in the coaches' notes), who called back (by partner),
the coaches' load, and the follow-up to plan.

Small counts are suppressed: a count of 1 or 2 requests (or coaches) is shown
as the string "< 3". An empty group (0) identifies nobody and is shown as 0.
When a breakdown of a shown total has exactly one suppressed cell, the total
minus the other cells would give it away, so the smallest other non-empty cell
is also masked, as "≥ 3" (complementary suppression). Medians and percentiles
are given only over 3 requests or more.

Conventions: the month is a calendar month of the hotline's local time; a
request belongs to the month it was received in. A message held for saying
nothing (dispatch.conversation, closed "no_content") is not a request: it is
counted apart as `unclear_messages`. Shares of the promise leave out the
requests cancelled (by the person or the desk): a cancelled request is not a
miss. ISO weeks cut by the month's edges are marked partial, with their days.
Durations are in minutes.
The median of an even count is the mean of the two middle values; the 90th
percentile is the nearest-rank one (the value at rank ceil(0.9 n)).
"""
from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dispatch import paging
from dispatch.models import Coach, Escalation, Offer, Request
from dispatch.paging import level_kind, level_of

SMALL = "< 3"
MASKED = "≥ 3"
THRESHOLD = 3
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TOPICS = ("equilibre", "financier", "juridique", "social", "administratif", "rebond")
CHANNELS = ("sms", "email")   # how requests came in (never who sent them)
NO_TOPIC = "unspecified"
ESCALATION_KINDS = ("no_coach", "unaccepted", "due_soon", "overdue")
NO_CONTENT = "no_content"   # dispatch.conversation's held messages: not requests
PROMISE = timedelta(hours=24)

Count = int | str


class MonthError(ValueError):
    """The month is not of the form YYYY-MM."""


def month_bounds(month: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The first instant of `month` and of the next one, in local time."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except (ValueError, TypeError):
        raise MonthError(f"month must be YYYY-MM, not {month!r}") from None
    following = date(year + number // 12, number % 12 + 1, 1)
    return (datetime(first.year, first.month, 1, tzinfo=tz),
            datetime(following.year, following.month, 1, tzinfo=tz))


def small(count: int) -> Count:
    """A count as published: 1 and 2 become "< 3"."""
    return SMALL if 0 < count < THRESHOLD else count


def breakdown(counts: dict[str, int]) -> dict[str, Count]:
    """Cells of a shown total, with primary and complementary suppression."""
    shown: dict[str, Count] = {key: small(value) for key, value in counts.items()}
    suppressed = [key for key, value in shown.items() if value == SMALL]
    if len(suppressed) == 1:
        others = [(value, key) for key, value in counts.items()
                  if key not in suppressed and value > 0]
        if others:
            shown[min(others)[1]] = MASKED
    return shown


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the value at rank ceil(p/100 * n)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def durations(values: list[float]) -> dict[str, Any]:
    """Median and 90th percentile in minutes; suppressed under 3 values."""
    if len(values) < THRESHOLD:
        return {"count": small(len(values)), "median": small(len(values)) or None,
                "p90": small(len(values)) or None}
    return {"count": len(values), "median": round(median(values) or 0, 1),
            "p90": round(percentile(values, 90) or 0, 1)}


def share(count: int, total: int) -> dict[str, Any]:
    """`count` of `total` and its share in percent, suppressed when small."""
    if total == 0:
        return {"count": 0, "of": 0, "percent": None}
    if 0 < count < THRESHOLD or total < THRESHOLD:
        return {"count": small(count), "of": small(total), "percent": SMALL}
    return {"count": count, "of": total, "percent": round(100 * count / total, 1)}


def _minutes(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 60


def _weeks(first: datetime, end: datetime) -> dict[str, dict[str, Any]]:
    """The ISO weeks the month meets, each with its first and last day in the
    month and whether the month cuts it (fewer than 7 days)."""
    weeks: dict[str, dict[str, Any]] = {}
    day = first.date()
    while day < end.date():
        iso = day.isocalendar()
        week = weeks.setdefault(f"{iso.year}-W{iso.week:02d}",
                                {"from": day.isoformat(), "days": 0})
        week["to"], week["days"] = day.isoformat(), week["days"] + 1
        day += timedelta(days=1)
    for week in weeks.values():
        week["partial"] = week["days"] < 7
    return weeks


def _received(requests: list[Request], first: datetime, end: datetime,
              tz: ZoneInfo) -> dict[str, Any]:
    local = [r.received_at.astimezone(tz) for r in requests]
    calendar = _weeks(first, end)
    weeks: dict[str, int] = dict.fromkeys(calendar, 0)
    for moment in local:
        iso = moment.isocalendar()
        weeks[f"{iso.year}-W{iso.week:02d}"] += 1
    weekdays = Counter(WEEKDAYS[m.weekday()] for m in local)
    hours = Counter(f"{m.hour:02d}" for m in local)
    return {
        "total": small(len(requests)),
        "by_week": breakdown(weeks),
        "by_weekday": breakdown({d: weekdays.get(d, 0) for d in WEEKDAYS}),
        "by_hour": breakdown({f"{h:02d}": hours.get(f"{h:02d}", 0) for h in range(24)}),
        "weeks": calendar,
    }


def _response(requests: list[Request]) -> dict[str, Any]:
    total = sum(1 for r in requests if r.status != "cancelled")
    within_24h = sum(1 for r in requests if r.contacted_at is not None
                     and r.contacted_at - r.received_at <= PROMISE)
    within_deadline = sum(1 for r in requests if r.contacted_at is not None
                          and r.contacted_at <= r.deadline)
    to_accept = [m for r in requests if (m := _minutes(r.received_at, r.accepted_at)) is not None]
    to_contact = [m for r in requests
                  if (m := _minutes(r.received_at, r.contacted_at)) is not None]
    return {
        "contacted_within_24h": share(within_24h, total),
        "contacted_within_deadline": share(within_deadline, total),
        "minutes_to_acceptance": durations(to_accept),
        "minutes_to_contact": durations(to_contact),
    }


def _offers(db: Session, ids: list[int]) -> dict[str, Any]:
    per_request = dict.fromkeys(ids, 0)
    if ids:
        per_request.update(db.execute(select(Offer.request_id, func.count()).where(
            Offer.request_id.in_(ids)).group_by(Offer.request_id)).tuples().all())
    values = list(per_request.values())
    if len(values) < THRESHOLD:
        return {"mean": small(len(values)) or None, "median": small(len(values)) or None,
                "total": small(sum(values))}
    return {"mean": round(sum(values) / len(values), 2), "median": median([float(v) for v in values]),
            "total": sum(values)}


# A crisis's pages past its first hour (dispatch.paging repeats its ladder): one
# line, the requests paged again, not a line per repeat.
PAGED_AGAIN = "page_again"


def _escalations(db: Session, ids: list[int]) -> dict[str, Count]:
    """The requests that reached each step; a crisis's ladder started again
    after the person wrote again counts once per level (`page_2.2` is
    `page_2`), and its pages past the first hour are one line (PAGED_AGAIN)."""
    reached: dict[str, set[int]] = {kind: set() for kind in ESCALATION_KINDS}
    if ids:
        for kind, request_id in db.execute(select(Escalation.kind, Escalation.request_id)
                                           .where(Escalation.request_id.in_(ids))):
            page = level_of(kind)
            if page is not None and page[0] > len(paging.LEVELS):
                kind = PAGED_AGAIN
            elif page is not None:
                kind = level_kind(page[0])
            reached.setdefault(kind, set()).add(request_id)
    # Kinds are not parts of one total (a request may climb several steps).
    order = [*ESCALATION_KINDS, *sorted(set(reached) - set(ESCALATION_KINDS))]
    return {kind: small(len(reached[kind])) for kind in order}


def _workload(db: Session, requests: list[Request], with_coach_ids: bool) -> dict[str, Any]:
    accepted = Counter(r.coach_id for r in requests
                       if r.coach_id is not None and r.accepted_at is not None)
    coaches = {c.id: c.key for c in db.scalars(select(Coach))}
    result: dict[str, Any] = {"coaches_with_requests": small(len(accepted))}
    if with_coach_ids:
        result["accepted_per_coach"] = {coaches[cid]: small(n) for cid, n in
                                        sorted(accepted.items(), key=lambda kv: coaches[kv[0]])}
    else:
        # Anonymous: the loads, largest first, with no coach attached.
        result["accepted_per_coach"] = [small(n) for n in sorted(accepted.values(), reverse=True)]
    return result


def _channels(requests: list[Request]) -> dict[str, int]:
    """Requests by the channel they came by: a count, never an address."""
    counts = Counter(r.channel if r.channel in CHANNELS else "sms" for r in requests)
    return {channel: counts.get(channel, 0) for channel in CHANNELS}


def monthly_report(db: Session, month: str, tz: ZoneInfo | str, now: datetime,
                   with_coach_ids: bool = False) -> dict[str, Any]:
    """The figures of `month` ("YYYY-MM"); raises MonthError for a bad month."""
    from dispatch.report_outcomes import review
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    first, end = month_bounds(month, zone)
    received = list(db.scalars(select(Request).where(Request.received_at >= first,
                                                     Request.received_at < end)
                               .order_by(Request.received_at)))
    requests = [r for r in received if r.closed_reason != NO_CONTENT]
    ids = [r.id for r in requests]
    topics = Counter(r.topic if r.topic in TOPICS else NO_TOPIC for r in requests)
    return {
        "month": month,
        "timezone": zone.key,
        "period": {"start": first.isoformat(), "end": end.isoformat()},
        "generated_at": now.astimezone(zone).isoformat(timespec="seconds"),
        "complete": now >= end,
        "received": _received(requests, first, end, zone),
        "by_topic": breakdown({t: topics.get(t, 0) for t in (*TOPICS, NO_TOPIC)}),
        "by_language": breakdown(dict(sorted(Counter(r.language for r in requests).items()))),
        "by_channel": breakdown(_channels(requests)),
        "crisis": small(sum(1 for r in requests if r.crisis)),
        "response": _response(requests),
        "offers_per_request": _offers(db, ids),
        "escalations": _escalations(db, ids),
        "workload": _workload(db, requests, with_coach_ids),
        "unclear_messages": small(len(received) - len(requests)),
        **review(db, requests),
    }
