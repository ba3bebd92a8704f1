"""A coach's PAUSE, with or without an end, and the clock lifting the pauses due.

"PAUSE" stops offers until DISPO. "PAUSE jusqu'au 4 janvier", or "PAUSE 2
semaines", stops them until the end of that (last) day, read in the hotline's
zone (dispatch.pause_dates):
from 00:00 local the day after, the coach is offered requests again and told
so by one SMS at a decent hour (`back_at`). DISPO ends either at once. A date
that has passed or cannot be read, or a while of nothing or of more than
six months, is answered and changes nothing.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from dispatch import lifecycle, outbox, pause_dates, texts
from dispatch.db import changed, one_of, write
from dispatch.hotline import Context
from dispatch.localtime import WeekPlan, at_local, day_windows, day_words, next_calling_start
from dispatch.matching import READ_AHEAD
from dispatch.models import OFFERED, OPEN, Coach, Message, Offer, Request

# The SMS saying a pause is over reaches the coach by this time of their
# first day back, earlier when an offer could reach them earlier.
BACK_BY = time(9, 0)

# Asked at every tick: built once.
_DUE = select(Coach).where(Coach.paused.is_(True), Coach.paused_until <= bindparam("now"))
# Lifted only if still the same pause: a DISPO or a new PAUSE at this very
# moment, or another clock, wins, and the coach is told once.
_LIFT = (update(Coach).where(Coach.id == bindparam("coach_id"), Coach.paused.is_(True),
                             Coach.paused_until == bindparam("until"))
         .values(paused=False, paused_until=None))
# A coach back: every request waiting for one is looked at again now, not only
# those near their deadline (lifecycle.coach_freed). The request may have been
# waiting for them: a coach back at noon, for a person's 14h-16h slot, would
# otherwise be offered it at the look planned for 16:00, past the slot.
_WAKE = (update(Request).where(one_of(Request.status, (OPEN, OFFERED)), Request.crisis.is_(False),
                               Request.next_check_at > bindparam("now"))
         .values(next_check_at=bindparam("now")))


def start(db: Session, ctx: Context, coach: Coach, body: str, now: datetime, lang: str) -> str:
    """The coach's PAUSE (`body` as written): the reply. A pause until DISPO,
    or until the date given; a date gone by or unreadable changes nothing."""
    end = pause_dates.read_end(body, now.astimezone(ctx.tz).date())
    if end.refused == "past" and end.last_day is not None:
        return texts.text("pause_date_past", lang, day=_day(end.last_day, ctx.tz, lang))
    if end.refused == "duration":
        return texts.text("pause_duration_refused", lang)
    if end.refused:
        return texts.text("pause_date_unclear", lang)
    coach.paused = True
    coach.paused_until = ends_at(end.last_day, ctx.tz) if end.last_day else None
    _withdraw_back(db, coach)
    until = f"jusqu'au {_day(end.last_day, ctx.tz)} inclus" if end.last_day else ""
    lifecycle.log(db, None, now, coach.name, "paused", until)
    # What stands offered to them goes to someone else now, not in 30 minutes.
    for offer in db.scalars(select(Offer).where(Offer.coach_id == coach.id,
                                                Offer.status == lifecycle.PENDING)):
        lifecycle.expire(db, offer, now, why="en pause (PAUSE)")
    reply = texts.text("paused", lang) if end.last_day is None else \
        texts.text("paused_until", lang, day=_day(end.last_day, ctx.tz, lang))
    # Calls they accepted stay theirs through a pause: a volunteer leaving for two
    # weeks with one still to make is reminded of it, and of how to pass it on,
    # rather than the person waiting for the deadline alert to find it.
    held = list(db.scalars(_HELD, {"coach_id": coach.id}))
    if held:
        reply += "\n" + texts.text("pause_still_yours", lang, held=_named(held, lang))
    return reply


_HELD = (select(Request.id).where(Request.coach_id == bindparam("coach_id"),
                                  Request.status == lifecycle.ACCEPTED).order_by(Request.id))


def _named(numbers: list[int], lang: str) -> str:
    """ "demande 4", "demandes 4 et 7" (or "request 4", "requests 4 and 7")."""
    noun = ("request" if lang == "en" else "demande") + ("s" if len(numbers) > 1 else "")
    return f"{noun} {texts.and_list(numbers, lang)}"


def stop(db: Session, coach: Coach, now: datetime) -> None:
    """The coach's DISPO: offered requests again now, whatever end their pause had."""
    coach.paused = False
    coach.paused_until = None
    _withdraw_back(db, coach)
    write(db, _WAKE, {"now": now})
    lifecycle.log(db, None, now, coach.name, "resumed")


def end_due(db: Session, ctx: Context, now: datetime) -> int:
    """Lift the pauses whose last day is over; returns how many. Each coach is
    offered requests again from now and told so once, at `back_at`."""
    ended = 0
    for coach in list(db.scalars(_DUE, {"now": now})):
        lifted = write(db, _LIFT, {"coach_id": coach.id, "until": coach.paused_until})
        db.expire(coach)
        if changed(lifted) != 1:
            continue
        ended += 1
        lifecycle.log(db, None, now, coach.name, "resumed", "fin de la pause annoncée")
        outbox.queue(db, coach.mobile, texts.text("pause_over", lifecycle.lang_of(coach)), now,
                     kind="pause_over", not_before=back_at(coach.availability, now, ctx))
    if ended:
        write(db, _WAKE, {"now": now})
    return ended


def ends_at(last_day: date, tz: ZoneInfo) -> datetime:
    """The end of a pause whose last day away is `last_day`: 00:00 local the day after."""
    return at_local(last_day + timedelta(days=1), time(0, 0), tz)


def last_day(coach: Coach, tz: ZoneInfo) -> date | None:
    """The last day away of a dated pause, None for none."""
    if not coach.paused or coach.paused_until is None:
        return None
    return (coach.paused_until.astimezone(tz) - timedelta(days=1)).date()


def until_words(coach: Coach, tz: ZoneInfo) -> str:
    """ "jusqu'au lun. 4/1 inclus" for a dated pause (the coaches' page), else ""."""
    day = last_day(coach, tz)
    return f"jusqu'au {_day(day, tz)} inclus" if day else ""


def back_at(plan: WeekPlan, now: datetime, ctx: Context) -> datetime:
    """When to tell a coach back from a pause: by 09:00 local, earlier when an
    offer could reach them earlier (matching.READ_AHEAD before their first
    window), never outside calling hours (then at their next opening)."""
    today = now.astimezone(ctx.tz).date()
    told_by = at_local(today, BACK_BY, ctx.tz)
    windows = day_windows(plan, today, ctx.tz)
    if windows:
        told_by = min(told_by, windows[0][0] - READ_AHEAD)
    return next_calling_start(max(told_by, now), ctx.calling, ctx.tz)


def _day(day: date, tz: ZoneInfo, lang: str = "fr") -> str:
    return day_words(at_local(day, time(12, 0), tz), lang)


def _withdraw_back(db: Session, coach: Coach) -> None:
    """A "pause over" SMS not sent yet is void once the coach said PAUSE or DISPO."""
    db.execute(update(Message).where(Message.to_number == coach.mobile,
                                     Message.kind == "pause_over", Message.direction == "out",
                                     Message.status == "queued", Message.sid.is_(None))
               .values(status="cancelled", next_attempt_at=None)
               .execution_options(synchronize_session=False))
