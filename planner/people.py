"""How the simulated people behave: pure functions of the seed and the roster.

- A coach reads SMS inside their own windows, and in the `margin` around
  them unless it is night; an offer sent at any other time waits until then.
  Once read, they answer after a delay of their own (a few minutes to an
  hour), or never (`silent`). Whether they accept depends on the topic, a
  crisis on their training, and never a language they do not speak.
- A coach calls inside their windows, one call at a time, in the person's
  slots when they can before the deadline; a try that rings out is followed
  by another later (`attempts` in all).
- A coordinator paged for a crisis answers `PRIS` after a few minutes, more
  often when on call than when paged off duty.

Each answer is fixed per (seed, coach, person): the same whoever offers it,
whenever, and however often, which is what lets the oracle (planner.bound)
know every answer in advance.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dispatch.localtime import WeekPlan, parse_hhmm, windows_between
from planner.assumptions import Assumptions, Habits
from planner.traffic import Arrival

HORIZON = timedelta(days=9)
LAST_START = timedelta(minutes=15)   # a call starts at least this long before a window ends

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Answer:
    accepts: bool | None    # None: never answers
    delay: timedelta        # from reading the offer to answering it


def answer(seed: int, coach_key: str, languages: tuple[str, ...], topics: tuple[str, ...],
           trained: bool, person: Arrival, habits: Habits) -> Answer:
    """How this coach answers an offer to call this person back."""
    rng = random.Random(f"answer:{seed}:{coach_key}:{person.sender}")
    silent, roll, spread = rng.random(), rng.random(), rng.gauss(0, 0.9)
    if person.language not in languages:
        chance = 0.0
    elif person.crisis:
        chance = habits.accept_crisis if trained else habits.accept_crisis_untrained
    elif person.topic is not None and person.topic in topics:
        chance = habits.accept_topic
    else:
        chance = habits.accept_other
    delay = timedelta(minutes=min(habits.answer_median_min * math.exp(spread), 360))
    return Answer(None if silent < habits.silent else roll < chance, delay)


def page_answer(seed: int, coordinator_key: str, person: Arrival, on_call: bool,
                assumed: Assumptions, page: int = 1) -> timedelta | None:
    """How long a paged coordinator takes to answer PRIS; None when they miss it.

    Each page of the same crisis (`page`: 1 for the first this coordinator
    got, 2 for the next...) is a fresh chance: a call missed at 02:30 may be
    heard when it rings again ten minutes later."""
    rng = random.Random(f"page:{seed}:{coordinator_key}:{person.sender}"
                        + (f":{page}" if page > 1 else ""))
    roll, spread = rng.random(), rng.gauss(0, 0.7)
    chance = assumed.coordinator_on_call if on_call else assumed.coordinator_off_call
    if roll >= chance:
        return None
    return timedelta(minutes=min(assumed.coordinator_median_min * math.exp(spread), 120))


def _daytime(start: datetime, end: datetime, tz: ZoneInfo,
             night: tuple[str, str]) -> list[Interval]:
    """The parts of [start, end) outside the night (night from 22:00 to 07:30)."""
    dusk, dawn = parse_hhmm(night[0]), parse_hhmm(night[1])
    out = []
    day: date = start.astimezone(tz).date() - timedelta(days=1)
    while datetime.combine(day, time(0), tzinfo=tz) < end:
        lo = max(start, datetime.combine(day, dawn, tzinfo=tz))
        hi = min(end, datetime.combine(day, dusk, tzinfo=tz))
        if lo < hi:
            out.append((lo, hi))
        day += timedelta(days=1)
    return out


def reading_times(plan: WeekPlan, after: datetime, tz: ZoneInfo, margin: timedelta,
                  night: tuple[str, str]) -> list[Interval]:
    """When the coach reads SMS from `after` on, over the next days, in order."""
    out: list[Interval] = []
    for ws, we in windows_between(plan, after - margin, after + HORIZON, tz):
        out += _daytime(ws - margin, ws, tz, night)
        out.append((ws, we))
        out += _daytime(we, we + margin, tz, night)
    return sorted((max(s, after), e) for s, e in out if e > after)


def reads_at(plan: WeekPlan, sent: datetime, tz: ZoneInfo, habits: Habits,
             night: tuple[str, str]) -> datetime | None:
    """The first moment at or after `sent` when the coach reads an SMS."""
    times = reading_times(plan, sent, tz, timedelta(minutes=habits.margin_min), night)
    return times[0][0] if times else None


def call_start(plan: WeekPlan, tz: ZoneInfo, after: datetime, length: timedelta,
               busy: list[Interval], slots: list[Interval], deadline: datetime) -> datetime | None:
    """When the coach calls: the first moment from `after` inside a window of theirs
    (at least 15 minutes before it ends) when they are free for `length`, in the
    person's slots before the deadline when possible, else before the deadline,
    else as soon as they can."""
    windows = [(s, e - LAST_START) for s, e in windows_between(plan, after, after + HORIZON, tz)
               if e - LAST_START > s]
    wishes = []
    for lo, hi in slots:
        wishes += [(max(s, lo), min(e, hi, deadline)) for s, e in windows]
    for candidates in (wishes, [(s, min(e, deadline)) for s, e in windows], windows):
        found = _first_free(sorted(c for c in candidates if c[0] < c[1]), length, busy)
        if found is not None:
            return found
    return None


def _first_free(spans: list[Interval], length: timedelta, busy: list[Interval]) -> datetime | None:
    for lo, hi in spans:
        moment = lo
        for s, e in sorted(busy):
            if e <= moment:
                continue
            if s >= moment + length:
                break
            moment = e
        if moment <= hi:
            return moment
    return None
