"""The oracle: how many requests the roster could keep at best, on one seed.

The oracle knows everything the simulation draws: every arrival, every
coach's answer to every person and how fast they read and answer, how long
each call lasts and whether the person picks up. It offers every request to
every coach the moment it arrives and assigns the first calls to the coaches'
time optimally. No policy can do better, because everything the engine and
the simulated people do only adds constraints:

- coach c can first call person r at s only if c accepts r (the same answer
  whoever offers it, whenever) and s >= E(r, c), the moment c would answer an
  offer sent on arrival (reading is monotone: an offer sent later is read
  later), and s is inside one of c's windows;
- a coach makes one call at a time: the first calls a policy obtains are
  disjoint intervals of each coach's time (retries and later calls only take
  more of it);
- the promise is kept when the first call starts by the deadline.

The formulation is an integer programme over the coaches' time cut in
15-minute units: x[r, c, u] = 1 when r's first call is made by c starting in
unit u; each request at most once; each (coach, unit) hosts at most one call,
a call of length d occupying floor(d / 15 min) units from its start unit.
Rounding starts and lengths down only relaxes it (two disjoint calls stay
disjoint on the grid), so its optimum bounds every policy; it is solved
exactly with HiGHS (`scipy.optimize.milp`), and on a time-out its dual bound
is taken, still an upper bound.

The crisis bound is the first moment any coordinator (paged on arrival and at
every climb after it, with the better chance of answering each page) or any
trained or untrained coach who accepts could take it in hand.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from dispatch.localtime import windows_between
from dispatch.paging import CLIMB_AFTER, LEVELS
from dispatch.roster_sync import plan
from planner import people
from planner.assumptions import Assumptions
from planner.traffic import Arrival

UNIT = timedelta(minutes=15)
HORIZON = timedelta(days=12)
TIME_LIMIT = 20.0   # seconds; the dual bound is used past it


@dataclass(frozen=True)
class Bound:
    kept: int               # first calls by the deadline, at best
    within_24h: int         # first calls within 24 hours, at best
    requests: int
    crisis_minutes: list[float]   # per crisis, the earliest a human could take it


@dataclass(frozen=True)
class Reach:
    """When coach `coach` could first call person `person`, and for how long."""
    person: int
    coach: int
    earliest: datetime
    units: int


def bound(roster: Any, persons: list[Arrival], deadlines: dict[str, datetime], seed: int,
          assumed: Assumptions, start: datetime, end: datetime, whole: bool = True) -> Bound:
    """The oracle's best on this seed; `deadlines` by sender (the latest seen).

    Without `whole`, only the share kept by deadline (within_24h is then 0)."""
    tz = ZoneInfo(roster.hotline.timezone)
    measured = [p for p in persons if p.sender in deadlines]
    reaches = _reaches(roster, measured, seed, assumed, tz)
    windows = {i: windows_between(plan(c.availability), start, end + HORIZON, tz)
               for i, c in enumerate(roster.coaches)}
    kept = _best(measured, reaches, windows, [deadlines[p.sender] for p in measured], start)
    if not whole:
        return Bound(kept, 0, len(measured), [])
    day = _best(measured, reaches, windows, [p.at + timedelta(hours=24) for p in measured],
                start)
    crises = [_crisis_minutes(roster, p, [r for r in reaches if r.person == i], seed, assumed,
                              windows, tz)
              for i, p in enumerate(measured) if p.crisis]
    return Bound(kept, day, len(measured), [m for m in crises if m is not None])


def _reaches(roster: Any, persons: list[Arrival], seed: int, assumed: Assumptions,
             tz: ZoneInfo) -> list[Reach]:
    out = []
    for i, person in enumerate(persons):
        first_try = person.call_min if person.failures == 0 else assumed.failed_call_min
        units = math.floor(timedelta(minutes=first_try) / UNIT)
        for j, coach in enumerate(roster.coaches):
            if not coach.active:
                continue
            habits = assumed.of(coach.id)
            said = people.answer(seed, coach.id, coach.languages, coach.topics, coach.crisis,
                                 person, habits)
            if not said.accepts:
                continue
            reads = people.reads_at(plan(coach.availability), person.at, tz, habits,
                                    assumed.night)
            if reads is not None:
                out.append(Reach(i, j, reads + said.delay, units))
    return out


def _best(persons: list[Arrival], reaches: list[Reach],
          windows: dict[int, list[people.Interval]], limits: list[datetime],
          start: datetime) -> int:
    """The most first calls that can start by each person's limit."""
    columns: list[tuple[int, int, int, int]] = []   # (person, coach, unit, units)
    for reach in reaches:
        limit = limits[reach.person]
        for ws, we in windows[reach.coach]:
            lo, hi = max(reach.earliest, ws), min(we - timedelta(microseconds=1), limit)
            if ws > limit:
                break
            if lo <= hi:
                for unit in range(_unit(lo, start), _unit(hi, start) + 1):
                    columns.append((reach.person, reach.coach, unit, reach.units))
    if not columns:
        return 0
    return _solve(len(persons), columns)


def _unit(moment: datetime, start: datetime) -> int:
    return math.floor((moment - start) / UNIT)


def _solve(persons: int, columns: list[tuple[int, int, int, int]]) -> int:
    rows, cols = [], []
    slots: dict[tuple[int, int], int] = {}
    for k, (person, coach, unit, units) in enumerate(columns):
        rows.append(person)
        cols.append(k)
        for v in range(unit, unit + units):
            rows.append(persons + slots.setdefault((coach, v), len(slots)))
            cols.append(k)
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)),
                        shape=(persons + len(slots), len(columns))).tocsr()
    found = milp(-np.ones(len(columns)), constraints=LinearConstraint(matrix, ub=1),
                 integrality=np.ones(len(columns)), bounds=Bounds(0, 1),
                 options={"time_limit": TIME_LIMIT})
    if found.status == 0:
        return round(-found.fun)
    dual = getattr(found, "mip_dual_bound", None)
    return math.floor(-dual + 1e-6) if dual is not None else persons


def _crisis_minutes(roster: Any, person: Arrival, reaches: list[Reach], seed: int,
                    assumed: Assumptions, windows: dict[int, list[people.Interval]],
                    tz: ZoneInfo) -> float | None:
    moments = []
    for coordinator in roster.coordinators:
        # The engine's n-th page to a coordinator leaves no earlier than n - 1
        # climbs after the arrival; each draws its own answer (planner.run).
        for page in range(1, len(LEVELS) + 1):
            delay = people.page_answer(seed, coordinator.id, person, True, assumed, page=page)
            if delay is not None:
                moments.append(person.at + (page - 1) * CLIMB_AFTER + delay)
    for reach in reaches:
        later = [max(ws, reach.earliest) for ws, we in windows[reach.coach]
                 if we > reach.earliest]
        moments += later[:1]
    if not moments:
        return None
    return (min(moments) - person.at) / timedelta(minutes=1)
