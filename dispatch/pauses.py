"""A coach's PAUSE, with or without an end, and the clock lifting the pauses due.

"PAUSE" stops offers until DISPO. "PAUSE jusqu'au 4 janvier", or "PAUSE 2
semaines", stops them until the end of that (last) day, read in the hotline's
zone (dispatch.pause_dates):
from 00:00 local the day after, the coach is offered requests again and told
so by one SMS at a decent hour (`back_at`). "PAUSE 2h", "PAUSE jusqu'à 18h"
stop them until that very moment (dispatch.pause_hours), and end silently: the
coach named the hour, and one more SMS would be noise. DISPO ends any of them
at once. A date that has passed or cannot be read, or a while of nothing or
of more than six months (or 72 hours, given in hours), is answered and
changes nothing.

A pause is "to the hour" when it ends at any other time than 00:00 local
(`to_the_hour`): that is all the row keeps, and all the clock needs. A pause
of hours that happens to end at midnight ("PAUSE 14h" sent at 10:00) is
that whole day, said and ended as a dated pause is.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from dispatch import lifecycle, outbox, pause_dates, pause_hours, texts
from dispatch.db import changed, one_of, write
from dispatch.hotline import Context
from dispatch.localtime import (
    WeekPlan,
    at_local,
    at_words,
    day_windows,
    day_words,
    hour_words,
    next_calling_start,
)
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
    until the date given, or of hours (dispatch.pause_hours); a date gone by,
    a length refused or words unread change nothing."""
    hours = pause_hours.read_until(body, now, ctx.tz)
    if hours is not None and hours.until is not None:
        return _pause(db, ctx, coach, hours.until, now, lang)
    end = pause_dates.read_end(body, now.astimezone(ctx.tz).date()) if hours is None \
        else pause_dates.PauseEnd(refused=hours.refused)
    if end.refused == "past" and end.last_day is not None:
        return texts.text("pause_date_past", lang, day=_day(end.last_day, ctx.tz, lang))
    if end.refused == "duration":
        return texts.text("pause_duration_refused", lang)
    if end.refused:
        return texts.text("pause_date_unclear", lang)
    return _pause(db, ctx, coach, ends_at(end.last_day, ctx.tz) if end.last_day else None, now,
                  lang)


def _pause(db: Session, ctx: Context, coach: Coach, until: datetime | None, now: datetime,
           lang: str) -> str:
    """Pause `coach` until `until` (None: until DISPO); the reply."""
    coach.paused = True
    coach.paused_until = until
    _withdraw_back(db, coach)
    lifecycle.log(db, None, now, coach.name, "paused", _logged(until, ctx.tz))
    # What stands offered to them goes to someone else now, not in 30 minutes.
    for offer in db.scalars(select(Offer).where(Offer.coach_id == coach.id,
                                                Offer.status == lifecycle.PENDING)):
        lifecycle.expire(db, offer, now, why="en pause (PAUSE)")
    reply = _said(until, now, ctx.tz, lang)
    # Calls they accepted stay theirs through a pause: a volunteer leaving for two
    # weeks with one still to make is reminded of it, and of how to pass it on,
    # rather than the person waiting for the deadline alert to find it. Not for
    # a pause of a few hours: they will call after their meeting.
    if until is not None and to_the_hour(until, ctx.tz) and until - now < timedelta(days=1):
        return reply
    held = list(db.scalars(_HELD, {"coach_id": coach.id}))
    if held:
        reply += "\n" + texts.text("pause_still_yours", lang, held=_named(held, lang))
    return reply


def _said(until: datetime | None, now: datetime, tz: ZoneInfo, lang: str) -> str:
    """The reply to a PAUSE until `until`: until DISPO, a last day, or an hour."""
    if until is None:
        return texts.text("paused", lang)
    local = until.astimezone(tz)
    if not to_the_hour(until, tz):
        return texts.text("paused_until", lang, day=day_words(local - timedelta(days=1), lang))
    hour, days = hour_words(local, lang), (local.date() - now.astimezone(tz).date()).days
    if days == 0:
        return texts.text("paused_hours", lang, hour=hour)
    if days == 1:
        return texts.text("paused_hours_tomorrow", lang, hour=hour)
    return texts.text("paused_hours_day", lang, day=day_words(local, lang), hour=hour)


def _logged(until: datetime | None, tz: ZoneInfo) -> str:
    """Until when, in the requests' and coaches' history (read days later: no "demain")."""
    if until is None:
        return ""
    if to_the_hour(until, tz):
        return f"jusqu'au {at_words(until, tz)}"
    return f"jusqu'au {day_words(until.astimezone(tz) - timedelta(days=1))} inclus"


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
    """Lift the pauses whose end has come; returns how many. Each coach is
    offered requests again from now; back from a dated pause, told so once,
    at `back_at`; back from a pause to the hour, not told (they chose it)."""
    ended = 0
    for coach in list(db.scalars(_DUE, {"now": now})):
        until = coach.paused_until
        lifted = write(db, _LIFT, {"coach_id": coach.id, "until": until})
        db.expire(coach)
        if changed(lifted) != 1 or until is None:
            continue
        ended += 1
        if to_the_hour(until, ctx.tz):
            lifecycle.log(db, None, now, coach.name, "resumed", "fin de la pause à l'heure dite")
            continue
        lifecycle.log(db, None, now, coach.name, "resumed", "fin de la pause annoncée")
        outbox.queue(db, coach.mobile, texts.text("pause_over", lifecycle.lang_of(coach)), now,
                     kind="pause_over", not_before=back_at(coach.availability, now, ctx))
    if ended:
        write(db, _WAKE, {"now": now})
    return ended


def ends_at(last_day: date, tz: ZoneInfo) -> datetime:
    """The end of a pause whose last day away is `last_day`: 00:00 local the day after."""
    return at_local(last_day + timedelta(days=1), time(0, 0), tz)


def to_the_hour(until: datetime, tz: ZoneInfo) -> bool:
    """A pause ending at `until` was given in hours, not in days: it does not
    end at 00:00 local."""
    return until.astimezone(tz).time() != time(0, 0)


def last_day(coach: Coach, tz: ZoneInfo) -> date | None:
    """The last day away of a dated pause, None for none (or a pause to the hour)."""
    if not coach.paused or coach.paused_until is None or to_the_hour(coach.paused_until, tz):
        return None
    return (coach.paused_until.astimezone(tz) - timedelta(days=1)).date()


def until_words(coach: Coach, tz: ZoneInfo, now: datetime) -> str:
    """Until when a coach is away, as the coaches' page says it after "en
    pause": "jusqu'au lun. 4/1 inclus" for a dated pause, "jusqu'à 18h" for a
    pause to the hour ending today, "jusqu'à demain 8h", "jusqu'au mer. 9/12 à
    8h"; "" for a pause until DISPO."""
    day = last_day(coach, tz)
    if day is not None:
        return f"jusqu'au {_day(day, tz)} inclus"
    if not coach.paused or coach.paused_until is None:
        return ""
    local = coach.paused_until.astimezone(tz)
    days = (local.date() - now.astimezone(tz).date()).days
    if days in (0, 1):
        return f"jusqu'à {'demain ' if days else ''}{hour_words(local)}"
    return f"jusqu'au {at_words(local, tz)}"


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
