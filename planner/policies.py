"""The rankings the planner compares, given to the engine as its policy.

A policy has the signature of `dispatch.matching.rank` (`dispatch.offering.
Policy`) and reaches the engine through `app.extensions["rappel.policy"]`,
which `scheduling.tick` passes to the offers: nothing is patched.

- configured: `dispatch.matching.rank`, the engine as it runs;
- round robin: what a coordinator does by hand, going down the list: every
  coach who may take the request, least recently offered first, as soon as
  they can read an SMS; no slots, no topic, no answering record;
- random (for tests): one or two coaches drawn at random among those not yet
  tried in this round, free or not, able to call or not, speaking the
  language or not, offered at once whatever the hour; it
  breaks every rule the engine's ranking keeps, and still cannot beat the
  oracle bound.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dispatch.matching import (
    LOOKAHEAD,
    CoachView,
    Match,
    RequestView,
    calling_hours,
    can_take,
    rank,
    read_at,
)

Policy = Callable[..., list[Match]]
NEVER = datetime.min.replace(tzinfo=timezone.utc)


def round_robin(request: RequestView, coaches: list[CoachView], now: datetime, tz: ZoneInfo,
                calling: tuple[str, str], relaxed: bool = False) -> list[Match]:
    turn = sorted((c for c in coaches if can_take(c, request)),
                  key=lambda c: (c.last_offered_at or NEVER, c.id))
    out = []
    hours = calling_hours(calling, now, now + LOOKAHEAD, tz)
    for coach in turn:
        reads = read_at(coach, now, tz, calling, now + LOOKAHEAD, hours)
        if reads is not None:
            out.append(Match(coach.id, reads, reads, False, False,
                             f"{coach.name.split()[0]} : à son tour"))
    return out


def random_policy(seed: int) -> Policy:
    """One or two untried coaches drawn from `seed`, whoever they are, offered at once."""
    rng = random.Random(f"policy:{seed}")

    def ranked(request: RequestView, coaches: list[CoachView], now: datetime, tz: ZoneInfo,
               calling: tuple[str, str], relaxed: bool = False) -> list[Match]:
        left = [c for c in coaches
                if c.id not in request.excluded and c.id not in request.offered_to]
        chosen = rng.sample(left, min(len(left), rng.choice((1, 2))))
        return [Match(c.id, now, now, False, False, f"{c.name.split()[0]} : au hasard")
                for c in chosen]
    return ranked


POLICIES: dict[str, Policy] = {"configured": rank, "round_robin": round_robin}


def named(name: str) -> Policy:
    """A policy by name: configured, round_robin, or random:SEED."""
    if name.startswith("random:"):
        return random_policy(int(name.split(":", 1)[1]))
    return POLICIES[name]
