"""The clock's jobs: each a plain function of (db, ctx, now), run by `tick`."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dispatch import deadlines, lifecycle, outbox, texts
from dispatch.alerts import alert_on_call
from dispatch.hotline import Context, on_call
from dispatch.localtime import in_calling_hours, next_calling_start
from dispatch.matching import CoachView, RequestView, rank
from dispatch.models import (
    ACCEPTED, ACTIVE_STATES, OPEN, ClockState, Coach, Escalation, Offer, Request,
)

RETRY_NO_COACH = timedelta(minutes=30)
SUMMARY_AT = (8, 30)
SUMMARY_UNTIL = (12, 0)  # a clock restarted late in the day does not send it at night


def expire_offers(db: Session, ctx: Context, now: datetime) -> int:
    stale = list(db.scalars(select(Offer).where(Offer.status == "pending",
                                                Offer.expires_at <= now).limit(500)))
    expired = sum(lifecycle.expire(db, offer, now) for offer in stale)
    db.commit()
    return expired


def _coach_views(db: Session) -> list[CoachView]:
    accepted = dict(db.execute(select(Request.coach_id, func.count()).where(
        Request.status == ACCEPTED).group_by(Request.coach_id)).all())
    pending = dict(db.execute(select(Offer.coach_id, func.count()).where(
        Offer.status == "pending").group_by(Offer.coach_id)).all())
    blocked = outbox.blocked_numbers(db)
    return [CoachView(c.id, c.name, c.active and c.mobile not in blocked, c.paused, c.max_active,
                      accepted.get(c.id, 0) + pending.get(c.id, 0), tuple(c.languages),
                      tuple(c.topics), c.availability, c.last_offered_at)
            for c in db.scalars(select(Coach).where(Coach.active.is_(True)))]


def request_view(db: Session, request: Request,
                 offered: frozenset[int] | None = None) -> RequestView:
    if offered is None:
        offered = frozenset(db.scalars(select(Offer.coach_id)
                                       .where(Offer.request_id == request.id)))
    slots = tuple((datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
                  for s in request.slots)
    return RequestView(request.language, request.topic, slots, request.flexible,
                       request.deadline, offered)


def _offered_to(db: Session, request_ids: list[int]) -> dict[int, frozenset[int]]:
    """The coaches each request was offered to, in one query for the batch."""
    seen: dict[int, set[int]] = {}
    for request_id, coach_id in db.execute(select(Offer.request_id, Offer.coach_id)
                                           .where(Offer.request_id.in_(request_ids))):
        seen.setdefault(request_id, set()).add(coach_id)
    return {k: frozenset(v) for k, v in seen.items()}


def offer_open_requests(db: Session, ctx: Context, now: datetime) -> int:
    """Offer each open request that is due to its best match."""
    due = list(db.scalars(select(Request).where(Request.status == OPEN,
                                                Request.next_check_at <= now)
                          .order_by(Request.crisis.desc(), Request.deadline).limit(200)))
    if not due:
        return 0
    if not in_calling_hours(now, ctx.calling, ctx.tz) and not any(r.crisis for r in due):
        for request in due:
            request.next_check_at = next_calling_start(now, ctx.calling, ctx.tz)
        db.commit()
        return 0
    # Coaches are loaded once per tick; each offer updates its coach's view.
    views = {view.id: view for view in _coach_views(db)}
    offered = _offered_to(db, [r.id for r in due])
    made = 0
    for request in due:
        coach_id = _offer_one(db, ctx, request, list(views.values()),
                              offered.get(request.id, frozenset()), now)
        if coach_id is not None:
            made += 1
            view = views[coach_id]
            views[coach_id] = replace(view, open_requests=view.open_requests + 1,
                                      last_offered_at=now)
    db.commit()
    return made


def _offer_one(db: Session, ctx: Context, request: Request, views: list[CoachView],
               offered: frozenset[int], now: datetime) -> int | None:
    """Offer `request` to its best match; the coach's id, or None when nobody fits."""
    if not request.crisis and not in_calling_hours(now, ctx.calling, ctx.tz):
        request.next_check_at = next_calling_start(now, ctx.calling, ctx.tz)
        return None
    matches = rank(request_view(db, request, offered), views, now, ctx.tz)
    if not matches:
        request.next_check_at = now + RETRY_NO_COACH
        told = db.scalar(select(Escalation.id).where(Escalation.request_id == request.id,
                                                     Escalation.kind == "no_coach"))
        if told is None and _take_step(db, request, "no_coach", now):
            alert_on_call(db, ctx, now, "alert_no_coach", request.id,
                          deadline=lifecycle.details(request, ctx)["deadline"])
            lifecycle.log(db, request.id, now, "clock", "escalated", "no coach left to offer")
        return None
    coach = db.get(Coach, matches[0].coach_id)
    assert coach is not None
    made = lifecycle.make_offer(db, ctx, request, coach, matches[0].reason, now)
    return coach.id if made else None


def _take_step(db: Session, request: Request, kind: str, now: datetime) -> bool:
    """Record an escalation step; False when it was already taken."""
    try:
        with db.begin_nested():
            db.add(Escalation(request_id=request.id, kind=kind, at=now))
    except IntegrityError:
        return False
    return True


def _not_taken(kind: str) -> Any:
    return ~exists().where(Escalation.request_id == Request.id, Escalation.kind == kind)


def escalate(db: Session, ctx: Context, now: datetime) -> int:
    """Climb the ladder for every active request due a step; one SMS per event.

    The steps already taken are filtered out in SQL, so a tick that finds
    nothing new costs one indexed query, whatever the number of late requests."""
    due_soon = Request.deadline <= now + deadlines.DUE_SOON_BEFORE
    candidates = list(db.scalars(select(Request).where(
        Request.status.in_(ACTIVE_STATES),
        ((Request.deadline <= now) & _not_taken("overdue"))
        | (due_soon & _not_taken("due_soon"))
        | ((Request.status != ACCEPTED)
           & (Request.received_at <= now - deadlines.UNACCEPTED_AFTER)
           & _not_taken("unaccepted")))))
    taken: dict[int, set[str]] = {}
    if candidates:
        for request_id, kind in db.execute(select(Escalation.request_id, Escalation.kind).where(
                Escalation.request_id.in_([r.id for r in candidates]))):
            taken.setdefault(request_id, set()).add(kind)
    sent = 0
    for request in candidates:
        steps = deadlines.due_steps(request, now, taken.get(request.id, set()))
        fresh = [step for step in steps if _take_step(db, request, step, now)]
        if fresh:
            _announce(db, ctx, request, fresh[0], now)
            sent += 1
    db.commit()
    return sent


def _announce(db: Session, ctx: Context, request: Request, step: str, now: datetime) -> None:
    values = lifecycle.details(request, ctx)
    coach = request.coach.name if request.coach else "aucun"
    alert_on_call(db, ctx, now, f"alert_{step}", request.id, deadline=values["deadline"],
                  coach=coach)
    if step == "due_soon" and request.status == ACCEPTED and request.coach is not None:
        lang = "fr" if "fr" in request.coach.languages else "en"
        outbox.queue(db, request.coach.mobile,
                     texts.text("reminder", lang, **lifecycle.details(request, ctx, lang)),
                     now, kind="reminder", request_id=request.id,
                     not_before=next_calling_start(now, ctx.calling, ctx.tz))
    words = {"overdue": "deadline passed", "due_soon": "not contacted 4 h before the deadline",
             "unaccepted": "not accepted 6 h after receipt"}
    lifecycle.log(db, request.id, now, "clock", "escalated", words[step])


def daily_summary(db: Session, ctx: Context, state: ClockState, now: datetime) -> bool:
    """At 08:30 local, once a day: overdue and at-risk requests to the on-call coordinator."""
    local = now.astimezone(ctx.tz)
    today = local.date().isoformat()
    if not SUMMARY_AT <= (local.hour, local.minute) < SUMMARY_UNTIL \
            or state.last_summary_on == today:
        return False
    state.last_summary_on = today
    active = list(db.scalars(select(Request).where(Request.status.in_(ACTIVE_STATES))
                             .order_by(Request.deadline)))
    overdue = [str(r.id) for r in active if deadlines.is_overdue(r, now)]
    at_risk = [str(r.id) for r in active if deadlines.is_at_risk(r, now)]
    if not overdue and not at_risk:
        db.commit()  # nothing to report: no SMS is better than an empty one
        return False
    body = texts.text("summary", hotline=ctx.name, date=local.strftime("%d/%m"),
                      overdue=", ".join(overdue) or "aucune", at_risk=", ".join(at_risk) or "aucune")
    for coordinator in on_call(db, now, ctx.tz):
        outbox.queue(db, coordinator.mobile, body, now, kind="summary")
    db.commit()
    return True
