"""Crisis coverage of the week: who is paged first, and which trained coaches
are available, hour by hour (spec/service.md, "A request's life" 7).

A pure function of the roster's weekly plans, so that `rappel volunteers
check` can print it for a file and the coaches' page can draw it for the
database. The hours when nobody is on call, or no crisis-trained coach is
available, are the gaps a 24/7 hotline must fill: they are warnings, not
errors (a roster with them still loads).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from dispatch.localtime import DAYS_FR, WeekPlan, parse_hhmm

HOURS = range(24)


@dataclass(frozen=True)
class Person:
    name: str
    plan: WeekPlan      # {"0": [["08:00", "20:00"]], ...}, Monday = "0"


@dataclass(frozen=True)
class Hour:
    day: int                    # 0 = Monday
    hour: int
    paged_first: str | None     # the first coordinator on call, None when nobody is
    crisis_coaches: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    hours: tuple[Hour, ...]     # 168, Monday 00h first
    first_in_roster: str | None  # paged when nobody is on call

    def gaps(self) -> list[str]:
        """Warnings in French, one per run of hours with the same gap."""
        out = []
        for what, test in (("personne d'astreinte", lambda h: h.paged_first is None),
                           ("aucune personne formée aux crises disponible",
                            lambda h: not h.crisis_coaches)):
            for day, start, end in _runs([h for h in self.hours if test(h)]):
                out.append(f"{DAYS_FR[day]} {start}h-{end}h : {what}")
        return out

    def lines(self) -> list[str]:
        """The week as ranges of hours with the same people, for a terminal."""
        out = []
        for day in range(7):
            hours = [h for h in self.hours if h.day == day]
            start = 0
            for i in range(1, 25):
                if i == 24 or _who(hours[i]) != _who(hours[start]):
                    first = hours[start]
                    paged = first.paged_first or (
                        f"personne d'astreinte (par défaut : {self.first_in_roster})"
                        if self.first_in_roster else "personne")
                    coaches = ", ".join(first.crisis_coaches) or "aucune personne formée"
                    out.append(f"{DAYS_FR[day]} {start:02d}h-{i:02d}h  {paged} ; {coaches}")
                    start = i
        return out


def _who(hour: Hour) -> tuple[str | None, tuple[str, ...]]:
    return hour.paged_first, hour.crisis_coaches


def _runs(hours: list[Hour]) -> list[tuple[int, int, int]]:
    """Consecutive hours of one day as (day, start, end)."""
    runs: list[tuple[int, int, int]] = []
    for h in hours:
        if runs and runs[-1][0] == h.day and runs[-1][2] == h.hour:
            runs[-1] = (h.day, runs[-1][1], h.hour + 1)
        else:
            runs.append((h.day, h.hour, h.hour + 1))
    return runs


def _covers(plan: WeekPlan, day: int, hour: int) -> bool:
    """Whether the plan covers the whole hour [hour:00, hour+1:00) of `day`."""
    start, end = time(hour), time(hour + 1) if hour < 23 else time.max
    for begin, finish in plan.get(str(day), []):
        until = time.max if finish in ("24:00", "23:59") else parse_hhmm(finish)
        if parse_hhmm(begin) <= start and (until >= end or until == time.max):
            return True
    return False


def coverage(coordinators: list[Person], crisis_coaches: list[Person]) -> Coverage:
    """`coordinators` in the roster's order (the order pages climb)."""
    hours = []
    for day in range(7):
        for hour in HOURS:
            duty = next((c.name for c in coordinators if _covers(c.plan, day, hour)), None)
            trained = tuple(c.name for c in crisis_coaches if _covers(c.plan, day, hour))
            hours.append(Hour(day, hour, duty, trained))
    return Coverage(tuple(hours), coordinators[0].name if coordinators else None)
