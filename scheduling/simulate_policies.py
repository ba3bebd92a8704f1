"""The policies `rappel simulate` compares, put in place of the engine's ranking
for the length of a run (scheduling.jobs imports `rank` and `request_view`,
so replacing them there is enough), and restored afterwards.

- configured: dispatch.matching.rank, as the engine runs;
- naive: round robin among eligible coaches, no slot matching, no topic;
- oracle: the configured order with the coaches known to accept in time first.

Every run also gets speed-ups of the clock's own work that change no outcome
(`remembered`, and `put_back`, which scheduling.simulate calls);
tests/test_simulate.py checks that the engine's functions are back after a run.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from dispatch.matching import CoachView, Match, RequestView, eligible
from dispatch.models import ACCEPTED, Coach, Escalation, Offer, Request


def round_robin(request: RequestView, coaches: list[CoachView], now: datetime,
                tz: ZoneInfo) -> list[Match]:
    """The naive policy: eligible coaches, least recently offered first; no slots, no topic."""
    never = datetime.min.replace(tzinfo=timezone.utc)
    turn = sorted((c for c in coaches if eligible(c, request)),
                  key=lambda c: (c.last_offered_at or never, c.id))
    return [Match(c.id, None, f"{c.name.split()[0]}: round robin") for c in turn]


@dataclass(frozen=True)
class KnownRequest(RequestView):
    """The request as the ranking sees it, plus who sent it (for the oracle only)."""
    sender: str = ""


def view_with_sender(request_view: Any) -> Any:
    def view(db: Any, request: Request, *args: Any, **kwargs: Any) -> KnownRequest:
        base = request_view(db, request, *args, **kwargs)
        return KnownRequest(**{f: getattr(base, f) for f in base.__dataclass_fields__},
                            sender=request.sender or "")
    return view


def oracle(rank: Any, will_accept: Any) -> Any:
    """The configured order, with the coaches known to accept in time moved first."""
    def ranked(request: KnownRequest, coaches: list[CoachView], now: datetime,
               tz: ZoneInfo) -> list[Match]:
        matches = rank(request, coaches, now, tz)
        yes = [m for m in matches if will_accept(m.coach_id, request.sender)]
        return yes + [m for m in matches if m not in yes]
    return ranked


def remembered(take_step: Any) -> Any:
    """`jobs._take_step` that skips steps it already knows are taken.

    The clock retries a request no coach can take every 30 minutes, and each
    retry tries to record the "no_coach" step again, which the unique
    constraint refuses (a savepoint and an IntegrityError each time). A step
    once taken stays taken, so remembering it changes nothing but the time:
    on an overloaded roster it is a third of the run."""
    taken: set[tuple[int, str]] = set()

    def take(db: Any, request: Request, kind: str, now: datetime) -> bool:
        if (request.id, kind) in taken:
            return False
        taken.add((request.id, kind))
        return take_step(db, request, kind, now)
    return take


@contextmanager
def policy(name: str, will_accept: Any, fast: bool = True) -> Iterator[None]:
    """Put the policy's ranking in place of the engine's for the run, then restore it
    (with `remembered` escalation steps, a speed-up that changes no outcome)."""
    from scheduling import jobs
    saved = {n: getattr(jobs, n) for n in ("rank", "request_view", "_take_step")}
    if fast:
        jobs._take_step = remembered(saved["_take_step"])
    if name == "naive":
        jobs.rank = round_robin
    elif name == "oracle":
        jobs.request_view = view_with_sender(jobs.request_view)
        jobs.rank = oracle(saved["rank"], will_accept)
    try:
        yield
    finally:
        for n, value in saved.items():
            setattr(jobs, n, value)


def put_back(db: Any, ctx: Any, waiting: list[Request], now: datetime) -> bool:
    """Do at once what the tick would do to requests no coach can take, if that is all.

    When every coach holds as many requests as they may, the clock's only
    work on a waiting request is to look again later (in 30 minutes, or at
    the opening of calling hours), once its "no coach" alert is sent. That
    is done here in one UPDATE, and the tick skipped: on an overloaded
    roster this is most ticks, and the outcome is the same."""
    from dispatch.localtime import in_calling_hours, next_calling_start
    from scheduling.jobs import RETRY_NO_COACH
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
