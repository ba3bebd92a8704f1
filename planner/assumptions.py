"""What the planner assumes about the people it simulates, in one place.

Every figure has a default (the hotline's guesses, from what similar lines
report) and may be learned from the hotline's own history instead
(planner.history); `from_history` names those that were. The traffic and the
behaviour of coaches, entrepreneurs and coordinators are drawn from these
figures only, so that the oracle bound (planner.bound) sees the same ones.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

# Arrivals by hour of the week, Monday 00h first (relative weights). Business
# owners text after the shop shuts (19h-23h), at lunch, on Sunday evenings
# before the week starts, and some in the night when they cannot sleep.
WEEKDAY = (0.35, 0.25, 0.2, 0.15, 0.12, 0.15, 0.3, 0.5, 0.8, 0.9, 0.9, 0.9,
           1.1, 1.1, 0.9, 0.9, 0.9, 1.0, 1.3, 1.6, 1.9, 2.0, 1.6, 0.8)
SATURDAY = (0.4, 0.3, 0.2, 0.15, 0.12, 0.12, 0.2, 0.3, 0.5, 0.7, 0.8, 0.8,
            0.7, 0.7, 0.6, 0.6, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.0, 0.6)
SUNDAY = (0.5, 0.35, 0.25, 0.15, 0.12, 0.12, 0.15, 0.25, 0.4, 0.6, 0.7, 0.7,
          0.6, 0.6, 0.7, 0.8, 1.0, 1.3, 1.8, 2.4, 2.8, 2.8, 2.2, 1.4)
DAY_FACTOR = (1.1, 1.0, 1.0, 1.0, 0.9, 0.6, 0.8)


def default_profile() -> tuple[float, ...]:
    """168 weights summing to 7, so that a mean of 1 request a day is `per_day` 1."""
    raw = []
    for day in range(7):
        hours = WEEKDAY if day < 5 else SATURDAY if day == 5 else SUNDAY
        raw += [w * DAY_FACTOR[day] for w in hours]
    total = sum(raw)
    return tuple(7 * w / total for w in raw)


@dataclass(frozen=True)
class Habits:
    """How one coach handles offers (the same for every coach unless learned)."""
    answer_median_min: float = 12.0   # from reading an offer to answering it
    accept_topic: float = 0.85        # offers on a topic they cover
    accept_other: float = 0.45        # other topics, or none said
    accept_crisis: float = 0.95       # a crisis, for a coach trained for it
    accept_crisis_untrained: float = 0.3
    silent: float = 0.12              # offers never answered at all
    margin_min: float = 90.0          # they read SMS this long around their windows


@dataclass(frozen=True)
class Assumptions:
    profile: tuple[float, ...] = field(default_factory=default_profile)
    crisis_share: float = 0.05
    english_share: float = 0.02
    no_slot_share: float = 0.25       # first SMS without a time to call
    follow_up_share: float = 0.6      # of those, who answer "when?" with a time
    call_min: float = 45.0            # a call and its notes, in minutes:
    call_mode: float = 75.0           # triangular between min and max
    call_max: float = 180.0
    call_sample: tuple[float, ...] = ()   # learned durations, drawn from when present
    unreachable_share: float = 0.08   # people who never pick up
    pickup: float = 0.7               # a reachable person answers a given try
    attempts: int = 3                 # tries before a coach stops (then the desk decides)
    retry_after_min: float = 90.0
    failed_call_min: float = 5.0      # a try that rings out, and the ECHEC SMS
    night: tuple[str, str] = ("22:00", "07:30")   # nobody reads SMS then, outside their windows
    coordinator_on_call: float = 0.9  # a page answered by a coordinator on call...
    coordinator_off_call: float = 0.4  # ...and by one paged off duty
    coordinator_median_min: float = 6.0
    habits: Habits = field(default_factory=Habits)
    coach_habits: tuple[tuple[str, Habits], ...] = ()   # learned, per coach id
    from_history: tuple[str, ...] = ()

    def of(self, coach_key: str) -> Habits:
        return dict(self.coach_habits).get(coach_key, self.habits)

    def learned(self, name: str, **values: Any) -> Assumptions:
        """A copy with `values` set and `name` listed as learned from history."""
        return replace(self, from_history=(*self.from_history, name), **values)

    def to_json(self) -> dict[str, Any]:
        """The figures as `rappel simulate --json` prints them."""
        out = asdict(self)
        out["profile_by_day"] = [round(sum(self.profile[d * 24:(d + 1) * 24]), 3)
                                 for d in range(7)]
        out.pop("profile")
        out["call_sample"] = len(self.call_sample)
        out["coach_habits"] = {key: asdict(h) for key, h in self.coach_habits}
        out["from_history"] = list(self.from_history)
        return out
