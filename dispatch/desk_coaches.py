"""The coaches' page: each coach's load, next availability and answers, and the
week's crisis coverage (who is paged first, which trained coaches are available).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.coverage import Coverage, Person, coverage
from dispatch.localtime import at_words, median_span, windows_between
from dispatch.models import ACCEPTED, Coach, Coordinator, Offer, Request
from dispatch.pauses import until_words

STATS_PERIOD = timedelta(days=30)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass
class CoachLine:
    coach: Coach
    open_requests: list[int]
    pending: list[int]
    next_available: str
    answer_rate: float | None      # answered / offers that asked for an answer
    median_accept: timedelta | None
    offers: int
    pause_end: str = ""            # "jusqu'au lun. 4/1 inclus", "jusqu'à 18h": pauses.until_words


def next_available(coach: Coach, now: datetime, tz: ZoneInfo) -> str:
    """"maintenant (jusqu'à 12h)" or "jeu. 26/11 à 14h", or "aucune" for an empty week."""
    windows = windows_between(coach.availability or {}, now, now + timedelta(days=8), tz)
    if not windows:
        return "aucune"
    start, end = windows[0]
    if start <= now:
        local = end.astimezone(tz)
        return f"maintenant (jusqu'à {local.hour}h{local.minute:02d})".replace("h00)", "h)")
    return at_words(start, tz)


def coach_lines(db: Session, now: datetime, tz: ZoneInfo) -> list[CoachLine]:
    since = now - STATS_PERIOD
    held: dict[int, list[int]] = {}
    for r in db.scalars(select(Request).where(Request.status == ACCEPTED).order_by(Request.id)):
        held.setdefault(r.coach_id or 0, []).append(r.id)
    recent = list(db.scalars(select(Offer).where(Offer.created_at >= since)))
    lines = []
    for coach in db.scalars(select(Coach).order_by(Coach.active.desc(), Coach.name)):
        mine = [o for o in recent if o.coach_id == coach.id]
        asked = [o for o in mine if o.status in ("accepted", "declined", "expired")]
        answered = [o for o in asked if o.status != "expired"]
        waits = [(o.answered_at - o.created_at) for o in mine
                 if o.status == "accepted" and o.answered_at is not None]
        lines.append(CoachLine(
            coach, held.get(coach.id, []),
            [o.request_id for o in mine if o.status == "pending"],
            next_available(coach, now, tz),
            len(answered) / len(asked) if asked else None,
            median_span(waits) if waits else None, len(mine), until_words(coach, tz, now)))
    return lines


def week_coverage(db: Session) -> Coverage:
    """The crisis coverage of the roster in the database, as `rappel volunteers check`
    prints it for the file: active coordinators in the roster's order (the order
    pages climb), active crisis-trained coaches, by first name."""
    coordinators = db.scalars(select(Coordinator).where(Coordinator.active.is_(True))
                              .order_by(Coordinator.rank, Coordinator.id))
    trained = db.scalars(select(Coach).where(Coach.active.is_(True), Coach.crisis.is_(True))
                         .order_by(Coach.name))
    return coverage([Person(c.name.split()[0], c.on_call or {}) for c in coordinators],
                    [Person(c.first_name, c.availability or {}) for c in trained])
