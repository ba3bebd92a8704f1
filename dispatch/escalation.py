"""The escalation ladder's clock job (spec/service.md, part 6; dispatch.deadlines).

Each step is taken once per request (a unique Escalation row) and raised as
an alert, which dispatch.alerts delivers to whoever is on call at a decent
hour. A crisis climbs its own ladder of pages instead (dispatch.paging).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from dispatch import deadlines, lifecycle
from dispatch.alerts import LATE_SOON, alert_on_call
from dispatch.db import one_of, read
from dispatch.hotline import Context
from dispatch.models import ACCEPTED, ACTIVE_STATES, Alert, Escalation, Offer, Request
from dispatch.offering import take_step
from dispatch.phones import national
from dispatch.risk import first_offers

WORDS = {"overdue": "échéance passée", "due_soon": "pas encore rappelée 4 h avant l'échéance",
         "unaccepted": "pas acceptée après 6 heures d'appel de propositions"}


def _not_taken(kind: str) -> Any:
    return ~exists().where(Escalation.request_id == Request.id, Escalation.kind == kind)


# Asked at every tick: built once, with the moments as parameters.
_CANDIDATES = select(Request).where(
    one_of(Request.status, ACTIVE_STATES),
    # A crisis climbs its own ladder of pages (dispatch.paging) for its hour;
    # past it with nobody having called, it is late and said so, taken in hand
    # or not: to its taker while on call, else to whoever is (dispatch.alerts).
    (Request.crisis.is_(True) & (Request.deadline <= bindparam("now"))
     & _not_taken("overdue"))
    | Request.crisis.is_(False)
    # Waiting for the number only the person can give (dispatch.waiting).
    & Request.callback_number.is_not(None)
    & (((Request.deadline <= bindparam("now")) & _not_taken("overdue"))
    | ((Request.deadline <= bindparam("soon")) & _not_taken("due_soon"))
    | ((Request.status != ACCEPTED)
       & (Request.received_at <= bindparam("since"))
       # Counted from the first offer sent, 6 calling hours at least: a
       # request no coach was ever offered is not a candidate at every tick.
       & exists().where(Offer.request_id == Request.id, Offer.sent_at.is_not(None),
                        Offer.sent_at <= bindparam("since"))
       & _not_taken("unaccepted"))))

_STEPS_TAKEN = select(Escalation.request_id, Escalation.kind).where(
    Escalation.request_id.in_(bindparam("ids", expanding=True)))


def escalate(db: Session, ctx: Context, now: datetime) -> int:
    """Climb the ladder for every active request due a step; one alert per event.

    Necessary conditions are filtered in SQL (the exact moments, which depend on
    calling hours and the person's slots, in Python), so a tick that finds
    nothing new costs one indexed query whatever the number of late requests."""
    candidates = list(db.scalars(_CANDIDATES, {
        "now": now, "soon": now + deadlines.DUE_SOON_BEFORE,
        "since": now - deadlines.UNACCEPTED_AFTER}))
    taken: dict[int, set[str]] = {}
    first_offer: dict[int, datetime] = {}
    if candidates:
        ids = [r.id for r in candidates]
        for request_id, kind in read(db, _STEPS_TAKEN, {"ids": ids}):
            taken.setdefault(request_id, set()).add(kind)
        first_offer = first_offers(db, ids)
    raised = 0
    for request in candidates:
        steps = deadlines.due_steps(request, now, taken.get(request.id, set()),
                                    ctx.calling, ctx.tz, first_offer.get(request.id))
        if request.crisis:
            steps = [step for step in steps if step == "overdue"]
        fresh = [step for step in steps if take_step(db, request, step, now)]
        if fresh:
            _announce(db, ctx, request, fresh[0], now)
            raised += 1
    db.commit()
    return raised


def _announce(db: Session, ctx: Context, request: Request, step: str, now: datetime) -> None:
    values = lifecycle.details(request, ctx)
    coach = request.coach.name if request.coach else "aucun"
    coach_first = _remind(db, ctx, request, now) if step == "due_soon" else None
    if request.crisis and request.taken_by is not None:
        _tell_holder(db, ctx, request, now, values)
    elif request.crisis:
        # Whatever the hour: a person in distress is still waiting for a human.
        alert_on_call(db, ctx, now, "alert_crisis_overdue", request.id,
                      deadline=values["deadline"], coach=coach, crisis=True)
    else:
        alert_on_call(db, ctx, now, f"alert_{step}", request.id, deadline=values["deadline"],
                      coach=coach, not_before=coach_first)
    lifecycle.log(db, request.id, now, "clock", "escalated", WORDS[step])


def _remind(db: Session, ctx: Context, request: Request, now: datetime) -> datetime | None:
    """The coach holding a request due soon is reminded of it when they next
    read SMS before the deadline (deadlines.remind_at). Returns when the
    coordinators' alert may follow: when the coach can still call in time,
    once they had the time given to answer an offer (a FAIT meanwhile drops
    it), but a quarter of an hour before the deadline at the latest; None
    (at once) when they cannot, or no coach holds it."""
    holder = request.coach
    if request.status != ACCEPTED or holder is None:
        return None
    at, in_time = deadlines.remind_at(request, holder.availability, now, ctx.calling, ctx.tz)
    lang = lifecycle.lang_of(holder)
    lifecycle.tell_coach(db, holder, "reminder", now, kind="reminder", request_id=request.id,
                         not_before=at, **lifecycle.details(request, ctx, lang))
    return min(at + ctx.ack_timeout, request.deadline - LATE_SOON) if in_time else None


def _tell_holder(db: Session, ctx: Context, request: Request, now: datetime,
                 values: dict[str, Any]) -> None:
    """A crisis taken in hand, its hour out with no call noted. Its holder is
    told at once, whatever the hour: a PRIS sent half asleep at 03:14 must not
    leave the person waiting until morning; one who is on the phone with them
    reads one SMS. The shift on call hears of it at a decent hour, as before
    (the holder may be calling); not the holder again (dispatch.alerts)."""
    holder = request.taken_by
    assert holder is not None
    coach = request.coach if request.status == ACCEPTED else None
    if coach is not None:
        # A coach said OK and may be on the phone: the holder checks with them
        # before calling, not a second call to someone in distress unawares.
        db.add(Alert(request_id=request.id, kind="alert_crisis_held_coach", crisis=True,
                     values={"deadline": values["deadline"], "coach": coach.name,
                             "mobile": national(coach.mobile)},
                     created_at=now, due_at=now, to_id=holder.id))
    else:
        db.add(Alert(request_id=request.id, kind="alert_crisis_held_overdue", crisis=True,
                     values={"deadline": values["deadline"], "first_name": values["first_name"],
                             "callback": values["callback"]},
                     created_at=now, due_at=now, to_id=holder.id))
    alert_on_call(db, ctx, now, "alert_crisis_taken_overdue", request.id,
                  deadline=values["deadline"], who=holder.name)
