"""The policies `rappel simulate` compares, given to the engine for a run
(`app.extensions["rappel.policy"]`, which `scheduling.tick` passes to the offers).

- configured: dispatch.matching.rank, as the engine runs;
- naive: round robin among eligible coaches, no slot matching, no topic;
- oracle: the configured order with the coaches known to accept in time first.

`put_back`, which scheduling.simulate calls, is a speed-up that changes no outcome.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from dispatch.matching import CoachView, Match, RequestView, can_take, rank
from dispatch.models import ACCEPTED, Coach, Escalation, Offer, Request


def round_robin(request: RequestView, coaches: list[CoachView], now: datetime,
                tz: ZoneInfo, calling: tuple[str, str], relaxed: bool = False) -> list[Match]:
    """The naive policy: eligible coaches, least recently offered first; no slots, no topic."""
    never = datetime.min.replace(tzinfo=timezone.utc)
    turn = sorted((c for c in coaches if can_take(c, request)),
                  key=lambda c: (c.last_offered_at or never, c.id))
    return [Match(c.id, now, now, False, False, f"{c.name.split()[0]} : à son tour")
            for c in turn]


def oracle(will_accept: Any) -> Any:
    """The configured order, with the coaches known to accept in time moved first."""
    def ranked(request: RequestView, coaches: list[CoachView], now: datetime,
               tz: ZoneInfo, calling: tuple[str, str], relaxed: bool = False) -> list[Match]:
        matches = rank(request, coaches, now, tz, calling, relaxed)
        yes = [m for m in matches if will_accept(m.coach_id, request.sender)]
        return yes + [m for m in matches if m not in yes]
    return ranked


@contextmanager
def policy(app: Any, name: str, will_accept: Any) -> Iterator[None]:
    """Give the engine the policy's ranking for the run (nothing is patched)."""
    chosen = {"naive": round_robin, "oracle": oracle(will_accept)}.get(name, rank)
    app.extensions["rappel.policy"] = chosen
    try:
        yield
    finally:
        app.extensions.pop("rappel.policy", None)


def put_back(db: Any, ctx: Any, waiting: list[Request], now: datetime) -> bool:
    """Do at once what the tick would do to requests no coach can take, if that is all.

    When every coach holds as many requests as they may, the clock's only
    work on a waiting request is to look again later (in 30 minutes, or at
    the opening of calling hours), once its "no coach" alert is sent. That
    is done here in one UPDATE, and the tick skipped: on an overloaded
    roster this is most ticks, and the outcome is the same."""
    from dispatch.localtime import in_calling_hours, next_calling_start
    from dispatch.offering import RETRY_NO_COACH
    if any(r.crisis for r in waiting):
        return False
    if in_calling_hours(now, ctx.calling, ctx.tz):
        alerted = set(db.scalars(select(Escalation.request_id).where(
            Escalation.kind == "no_coach", Escalation.request_id.in_([r.id for r in waiting]))))
        if _room(db) or len(alerted) < len(waiting):
            return False
        later = now + RETRY_NO_COACH
    else:
        later = next_calling_start(now, ctx.calling, ctx.tz)
    db.execute(update(Request).where(Request.id.in_([r.id for r in waiting]))
               .values(next_check_at=later))
    db.commit()
    return True


def _room(db: Any) -> bool:
    """Whether some coach could take one more request (`dispatch.matching.eligible`)."""
    held = Counter(db.scalars(select(Request.coach_id).where(Request.status == ACCEPTED)))
    held.update(db.scalars(select(Offer.coach_id).where(Offer.status == "pending")))
    return any(held[c.id] < c.max_active for c in db.scalars(
        select(Coach).where(Coach.active.is_(True), Coach.paused.is_(False))))
