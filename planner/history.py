"""The planner's assumptions learned from the hotline's own database.

Each figure is learned only when the history holds enough of it (else the
assumed one stays, and says so):

- profile: requests by hour of the week (local time), blended with the
  assumed profile as if it were 48 more requests, so that an hour nobody
  happened to text in is not taken for an hour nobody ever texts in;
- crisis_share: the share of requests that were crises;
- habits: for each coach with enough offers, the share never answered, the
  median time from the offer SMS to the answer, the share accepted on a
  topic they cover and on others;
- call_sample: the time from `OK` to `FAIT` (calls of six hours or more are
  a coach who called later, not a long call, and are left out);
- unreachable_share and pickup: requests closed as unreachable or tried
  three times in vain, among those accepted; calls answered among tries.
"""
from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dispatch.lifecycle import FAILED_CALLS_LIMIT
from dispatch.models import Coach, Event, Offer, Request
from planner.assumptions import Assumptions, Habits

MIN_REQUESTS = 40
MIN_OFFERS = 8
MIN_CALLS = 15
PRIOR_WEIGHT = 48
LONGEST_CALL = timedelta(hours=6)


def learn(db: Session, tz: ZoneInfo, assumed: Assumptions | None = None) -> Assumptions:
    """`assumed` (the defaults) with whatever the history knows better."""
    assumed = assumed or Assumptions()
    rows = list(db.execute(select(Request.received_at, Request.crisis, Request.accepted_at,
                                  Request.contacted_at, Request.failed_attempts,
                                  Request.closed_reason)))
    if len(rows) >= MIN_REQUESTS:
        assumed = assumed.learned("profile", profile=_profile([r[0] for r in rows], tz,
                                                              assumed.profile))
        assumed = assumed.learned("crisis_share",
                                  crisis_share=sum(1 for r in rows if r[1]) / len(rows))
    durations = [(r[3] - r[2]) / timedelta(minutes=1) for r in rows
                 if r[2] is not None and r[3] is not None
                 and timedelta(0) < r[3] - r[2] < LONGEST_CALL]
    if len(durations) >= MIN_CALLS:
        assumed = assumed.learned("call_sample", call_sample=tuple(sorted(durations)))
    accepted = [r for r in rows if r[2] is not None]
    if len(accepted) >= MIN_REQUESTS:
        lost = sum(1 for r in accepted
                   if r[5] == "unreachable" or r[4] >= FAILED_CALLS_LIMIT)
        assumed = assumed.learned("unreachable_share", unreachable_share=lost / len(accepted))
        failed = db.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "call_failed")) or 0
        reached = sum(1 for r in accepted if r[3] is not None)
        if reached + failed:
            assumed = assumed.learned("pickup", pickup=reached / (reached + failed))
    habits = _habits(db, assumed.habits)
    if habits:
        assumed = assumed.learned("habits", coach_habits=tuple(sorted(habits.items())))
    return assumed


def _profile(moments: list[datetime], tz: ZoneInfo, prior: tuple[float, ...]
             ) -> tuple[float, ...]:
    counts: Counter[int] = Counter()
    for moment in moments:
        local = moment.astimezone(tz)
        counts[local.weekday() * 24 + local.hour] += 1
    total = len(moments)
    blended = [counts[h] + PRIOR_WEIGHT * prior[h] / 7 for h in range(168)]
    scale = 7 / (total + PRIOR_WEIGHT)
    return tuple(w * scale for w in blended)


def _habits(db: Session, default: Habits) -> dict[str, Habits]:
    """Each coach's own way of answering, for those with enough offers."""
    offers: dict[int, list[tuple[Offer, Request]]] = {}
    for offer, request in db.execute(select(Offer, Request).join(
            Request, Request.id == Offer.request_id).where(Offer.sent_at.is_not(None))):
        offers.setdefault(offer.coach_id, []).append((offer, request))
    out = {}
    for coach in db.scalars(select(Coach)):
        mine = offers.get(coach.id, [])
        if len(mine) < MIN_OFFERS:
            continue
        answered = [(o, r) for o, r in mine if o.answered_at is not None]
        delays = [(o.answered_at - o.sent_at) / timedelta(minutes=1) for o, _ in answered
                  if o.answered_at is not None and o.sent_at is not None]
        said_yes = {o.id for o, _ in answered if o.status in ("accepted", "returned")}
        covered = [(o, r) for o, r in answered if r.topic in coach.topics and not r.crisis]
        other = [(o, r) for o, r in answered if r.topic not in coach.topics and not r.crisis]
        out[coach.key] = Habits(
            answer_median_min=statistics.median(delays) if delays else default.answer_median_min,
            accept_topic=_share(covered, said_yes, default.accept_topic),
            accept_other=_share(other, said_yes, default.accept_other),
            accept_crisis=default.accept_crisis,
            accept_crisis_untrained=default.accept_crisis_untrained,
            silent=1 - len(answered) / len(mine),
            margin_min=default.margin_min)
    return out


def _share(answered: list[tuple[Offer, Request]], said_yes: set[int], default: float) -> float:
    if len(answered) < 3:
        return default
    return sum(1 for o, _ in answered if o.id in said_yes) / len(answered)
