"""Who is offered a request next: a pure function of the request, the
coaches and `now` (spec/service.md, "A request's life" 3).

Order: eligibility (active, not paused, below max_active, speaks the
language, not offered this request before), then the earliest overlap of the
coach's weekly availability with the asked slots before the deadline (with no
slot, or "any time", the coach's next availability), then topic, then fewest
open requests, then least recently offered.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dispatch.localtime import DAY_NAMES_EN, WeekPlan, hour_words, windows_between

NEVER = datetime.max.replace(tzinfo=timezone.utc)
LOOKAHEAD = timedelta(days=8)


@dataclass(frozen=True)
class CoachView:
    id: int
    name: str
    active: bool
    paused: bool
    max_active: int
    open_requests: int
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    availability: WeekPlan
    last_offered_at: datetime | None


@dataclass(frozen=True)
class RequestView:
    language: str
    topic: str | None
    slots: tuple[tuple[datetime, datetime], ...]
    flexible: bool
    deadline: datetime
    offered_to: frozenset[int]


@dataclass(frozen=True)
class Match:
    coach_id: int
    free_at: datetime | None
    reason: str


def eligible(coach: CoachView, request: RequestView) -> bool:
    return (coach.active and not coach.paused and coach.open_requests < coach.max_active
            and request.language in coach.languages and coach.id not in request.offered_to)


def earliest_overlap(coach: CoachView, request: RequestView, now: datetime,
                     tz: ZoneInfo) -> datetime | None:
    """The first moment the coach is free within what the person asked for.

    With no slot, or "any time", that is the coach's next availability before
    the deadline (or, failing that, within the week ahead)."""
    if request.slots and not request.flexible:
        for start, end in sorted((max(s, now), min(e, request.deadline))
                                 for s, e in request.slots):
            if start >= end:
                continue
            windows = windows_between(coach.availability, start, end, tz)
            if windows:
                return windows[0][0]
        return None
    horizon = max(request.deadline, now + LOOKAHEAD)
    windows = windows_between(coach.availability, now, horizon, tz)
    if request.flexible and request.slots:
        # "dès que possible, idéalement demain matin": the slot first, else any time.
        for s, e in request.slots:
            inside = [w for w in windows if w[0] < e and w[1] > s]
            if inside:
                return max(inside[0][0], s)
    return windows[0][0] if windows else None


def rank(request: RequestView, coaches: list[CoachView], now: datetime,
         tz: ZoneInfo) -> list[Match]:
    """Eligible coaches, best first, each with a readable reason."""
    scored = []
    for coach in coaches:
        if not eligible(coach, request):
            continue
        free_at = earliest_overlap(coach, request, now, tz)
        # Free in none of the slots asked: the sooner the coach is free at
        # all, the better the chance to keep the promise.
        fallback = None if free_at else next_free(coach, now, tz)
        topic_ok = request.topic is not None and request.topic in coach.topics
        key = (free_at is None, free_at or fallback or NEVER, not topic_ok, coach.open_requests,
               coach.last_offered_at or datetime.min.replace(tzinfo=timezone.utc), coach.id)
        reason = _reason(coach, request, free_at, fallback, topic_ok, tz)
        scored.append((key, Match(coach.id, free_at, reason)))
    scored.sort(key=lambda pair: pair[0])
    return [match for _, match in scored]


def next_free(coach: CoachView, now: datetime, tz: ZoneInfo) -> datetime | None:
    windows = windows_between(coach.availability, now, now + LOOKAHEAD, tz)
    return windows[0][0] if windows else None


def _day_hour(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{DAY_NAMES_EN[local.weekday()]} {local:%d/%m} {hour_words(local)}"


def _reason(coach: CoachView, request: RequestView, free_at: datetime | None,
            fallback: datetime | None, topic_ok: bool, tz: ZoneInfo) -> str:
    first = coach.name.split()[0]
    if free_at is not None:
        when = f"free {_day_hour(free_at, tz)}"
    elif fallback is not None:
        when = f"not free in the slots asked, next free {_day_hour(fallback, tz)}"
    else:
        when = "no availability this week"
    topic = (f"topic {request.topic}" if topic_ok else
             f"not a {request.topic} specialist" if request.topic else "no topic given")
    plural = "" if coach.open_requests == 1 else "s"
    return f"{first}: {when}, {topic}, {coach.open_requests} open request{plural}"
