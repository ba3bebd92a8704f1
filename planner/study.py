"""Many seeds, each figure with its 95 % interval, and the windows worth adding.

A seed is one month of people (planner.traffic) run through the engine with
each policy (planner.run), then given to the oracle (planner.bound), in a
worker process of its own: seeds run in parallel, policies of a seed in turn.
Figures are shares of the month's requests, averaged over the seeds with a
Student 95 % interval of the mean. A window is worth adding by what it lets
the oracle keep more, on the same seeds; the best ones are then checked with
the configured policy through the engine.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

from scipy.stats import t as student

from dispatch.localtime import DAYS_FR
from dispatch.roster import Coach, Roster, Window
from planner.assumptions import Assumptions
from planner.bound import bound
from planner.policies import named
from planner.run import START, RunResult, run
from planner.traffic import Arrival, arrivals, start_of

POLICIES = ("configured", "round_robin")
TARGET = 0.95   # the share of requests the promise asks to keep
BLOCKS = (("09:00", "12:00"), ("14:00", "17:00"), ("18:00", "21:00"))
TOPICS = ("equilibre", "financier", "juridique", "social", "administratif", "rebond")
CHECKED = 3     # windows checked through the engine...
CHECK_SEEDS = 6  # ...on this many of the seeds (the same for both, so the noise is shared)


@dataclass(frozen=True)
class Setup:
    roster: Roster
    per_day: float
    days: int
    assumed: Assumptions

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.roster.hotline.timezone)

    @property
    def start(self) -> datetime:
        return start_of(START, self.tz)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(days=self.days)

    def people(self, seed: int) -> list[Arrival]:
        return arrivals(seed, START, self.days, self.per_day, self.tz, self.assumed)


@dataclass
class Month:
    """One seed: each policy's shares, the oracle's, and where requests were lost."""
    seed: int
    requests: int
    by_deadline: dict[str, float] = field(default_factory=dict)
    within_24h: dict[str, float] = field(default_factory=dict)
    crisis_min: dict[str, float | None] = field(default_factory=dict)
    arrived_by_hour: list[int] = field(default_factory=lambda: [0] * 168)
    lost_by_hour: list[int] = field(default_factory=lambda: [0] * 168)
    seconds: float = 0.0


def one_month(setup: Setup, seed: int, policies: tuple[str, ...] = POLICIES) -> Month:
    began = time.perf_counter()
    persons = setup.people(seed)
    results = {name: run(setup.roster, persons, seed, setup.assumed, name, named(name),
                         setup.start, setup.end) for name in policies}
    month = Month(seed, len(persons))
    for name, result in results.items():
        _measure(month, name, result)
    mine = results.get("configured") or next(iter(results.values()))
    for fate in mine.fates.values():
        hour = _hour_of_week(fate.received_at, setup.tz)
        month.arrived_by_hour[hour] += 1
        month.lost_by_hour[hour] += not fate.kept()
    best = bound(setup.roster, persons, latest_deadlines(results.values()), seed,
                 setup.assumed, setup.start, setup.end)
    month.by_deadline["bound"] = best.kept / best.requests if best.requests else 1.0
    month.within_24h["bound"] = best.within_24h / best.requests if best.requests else 1.0
    month.crisis_min["bound"] = _mean(best.crisis_minutes)
    month.seconds = time.perf_counter() - began
    return month


def latest_deadlines(results: Any) -> dict[str, datetime]:
    """Each person's deadline, the latest any run saw (a later SMS may move it)."""
    out: dict[str, datetime] = {}
    for result in results:
        for fate in result.fates.values():
            if fate.deadline is not None:
                out[fate.sender] = max(out.get(fate.sender, fate.deadline), fate.deadline)
    return out


def _measure(month: Month, name: str, result: RunResult) -> None:
    fates = list(result.fates.values())
    count = len(fates) or 1
    month.by_deadline[name] = sum(f.kept() for f in fates) / count if fates else 1.0
    month.within_24h[name] = sum(f.within_24h() for f in fates) / count if fates else 1.0
    month.crisis_min[name] = _mean([(f.first_human_at - f.received_at) / timedelta(minutes=1)
                                    for f in fates if f.crisis and f.first_human_at])


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _hour_of_week(moment: datetime, tz: ZoneInfo) -> int:
    local = moment.astimezone(tz)
    return local.weekday() * 24 + local.hour


def interval(values: list[float]) -> dict[str, float | None]:
    """The mean and its Student 95 % interval ({"mean", "low", "high"})."""
    if not values:
        return {"mean": None, "low": None, "high": None}
    mean = statistics.fmean(values)
    if len(values) < 2:
        return {"mean": mean, "low": mean, "high": mean}
    half = student.ppf(0.975, len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return {"mean": mean, "low": mean - half, "high": mean + half}


def _one(args: tuple[Setup, int, tuple[str, ...]]) -> Month:
    return one_month(*args)


Progress = Callable[[int], None]


def quiet(_steps: int) -> None:
    """A Progress that shows nothing."""


def months(setup: Setup, seeds: list[int], policies: tuple[str, ...] = POLICIES,
           jobs: int | None = None, progress: Progress = quiet) -> list[Month]:
    """Each seed in a worker process (one per core by default), in seed order;
    `progress(1)` as each seed is done (a month takes seconds, twenty minutes)."""
    jobs = max(1, min(len(seeds), jobs or os.cpu_count() or 1))
    work = [(setup, seed, policies) for seed in seeds]
    found = []
    if jobs == 1:
        for w in work:
            found.append(_one(w))
            progress(1)
        return found
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        for month in pool.map(_one, work):
            found.append(month)
            progress(1)
    return found


def summary(setup: Setup, found: list[Month], policies: tuple[str, ...] = POLICIES
            ) -> dict[str, Any]:
    """The figures of `rappel simulate --json` for the policies and the bound."""
    out: dict[str, dict[str, Any]] = {}
    for name in (*policies, "bound"):
        out[name] = {
            "by_deadline": interval([m.by_deadline[name] for m in found]),
            "within_24h": interval([m.within_24h[name] for m in found]),
            "crisis_first_human_min": interval([minutes for m in found
                                                if (minutes := m.crisis_min.get(name))
                                                is not None]),
            "runs": [round(m.by_deadline[name], 4) for m in found],
        }
    return out


def keeps(figures: dict[str, Any], target: float = TARGET) -> bool:
    """The verdict: the whole interval of the share kept by deadline above target."""
    low = figures["by_deadline"]["low"]
    return low is not None and low >= target


# Windows a coordinator could add: one more volunteer for three hours on a day,
# or one more crisis-trained volunteer in the evening, every day.


@dataclass(frozen=True)
class Candidate:
    label: str
    coach: Coach


def candidates(roster: Roster) -> list[Candidate]:
    out: list[Candidate] = []
    for day in range(7):
        for start, end in BLOCKS:
            label = f"{DAYS_FR[day]} {start}-{end}"
            hours: dict[int, tuple[Window, ...]] = {day: (_window(start, end),)}
            out.append(Candidate(label, _volunteer(len(out), hours)))
    nights: dict[int, tuple[Window, ...]] = {day: (_window("21:00", "24:00"),)
                                             for day in range(7)}
    out.append(Candidate("une personne de plus formée aux crises, chaque soir 21:00-24:00",
                         _volunteer(len(out), nights, crisis=True)))
    return out


def _window(start: str, end: str) -> Window:
    def parse(value: str) -> clock:
        return clock.max if value == "24:00" else clock.fromisoformat(value)
    return Window(parse(start), parse(end))


def _volunteer(index: int, availability: dict[int, tuple[Window, ...]],
               crisis: bool = False) -> Coach:
    return Coach(id=f"renfort-{index}", name=f"Renfort {index}", mobile=f"+3363998{9000 + index}",
                 languages=("fr",), topics=TOPICS, availability=availability, max_active=3,
                 crisis=crisis)


def with_candidate(roster: Roster, candidate: Candidate) -> Roster:
    return replace(roster, coaches=(*roster.coaches, candidate.coach))


def _bound_gain(args: tuple[Setup, list[int], Candidate, dict[int, float]]) -> float:
    setup, seeds, candidate, base = args
    bigger = replace(setup, roster=with_candidate(setup.roster, candidate))
    gains = []
    for seed in seeds:
        persons = setup.people(seed)
        deadlines = _deadlines_by_rule(persons)
        best = bound(bigger.roster, persons, deadlines, seed, setup.assumed, setup.start,
                     setup.end, whole=False)
        gains.append(best.kept / max(best.requests, 1) - base[seed])
    return statistics.fmean(gains)


def _deadlines_by_rule(persons: list[Arrival]) -> dict[str, datetime]:
    """Deadlines without running the engine: 24 h, 1 h for a crisis (later slots aside)."""
    return {p.sender: p.at + (timedelta(hours=1) if p.crisis else timedelta(hours=24))
            for p in persons}


def window_gains(setup: Setup, seeds: list[int], found: list[Month],
                 jobs: int | None = None, check: int = CHECKED,
                 progress: Progress = quiet) -> list[dict[str, Any]]:
    """Each candidate window with what it would gain, best first.

    `bound_gain` is what the oracle keeps more with it (on deadlines of 24 h,
    1 h for a crisis); the `check` best are run through the engine with the
    configured policy on the first seeds, and `gain` is then what it keeps more
    on them (else `gain` is the oracle's)."""
    base = {}
    for seed in seeds:
        persons = setup.people(seed)
        best = bound(setup.roster, persons, _deadlines_by_rule(persons), seed, setup.assumed,
                     setup.start, setup.end, whole=False)
        base[seed] = best.kept / max(best.requests, 1)
    options = candidates(setup.roster)
    work = [(setup, seeds, c, base) for c in options]
    jobs = max(1, min(len(work), jobs or os.cpu_count() or 1))
    if jobs == 1:
        gains = [_bound_gain(w) for w in work]
    else:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            gains = list(pool.map(_bound_gain, work))
    ranked = sorted(zip(options, gains, strict=False), key=lambda pair: -pair[1])
    mine = {m.seed: m.by_deadline["configured"] for m in found[:CHECK_SEEDS]
            if "configured" in m.by_deadline}
    out = []
    for rank, (option, gain) in enumerate(ranked):
        entry: dict[str, Any] = {"window": option.label, "gain": round(gain, 4),
                                 "bound_gain": round(gain, 4)}
        if rank < check and mine:
            bigger = replace(setup, roster=with_candidate(setup.roster, option))
            again = months(bigger, sorted(mine), ("configured",), jobs, progress)
            entry["gain"] = round(statistics.fmean(
                m.by_deadline["configured"] - mine[m.seed] for m in again), 4)
            entry["checked"] = True
        out.append(entry)
    checked = sorted([e for e in out if e.get("checked")], key=lambda e: -e["gain"])
    return checked + [e for e in out if not e.get("checked")]
