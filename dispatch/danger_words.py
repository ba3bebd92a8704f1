"""Words of danger from the team's own numbers (spec 7: a person in danger
is answered at once, whoever writes).

A coach relaying danger about the person they call ("Karim me dit qu'il veut
en finir ce soir") makes that request a crisis, as a coordinator marking it
from the desk would: one-hour deadline, the on-call coordinator paged, the
3114 given to the person, the coach's words on the timeline. A coach writing
of their own distress ("je n'en peux plus, je veux en finir") is given the
3114 and reaches the on-call coordinator at once; so does a coach's relay
when no request could be meant. A coordinator's own distress is answered
with the 3114 and reaches one colleague at once, whatever the hour: the one
on call if it is someone else (the writer may be the one on call), else the
next coordinator of the roster; told only that they wrote in distress, not
their words.

Danger is what the parser calls a crisis (dispatch.parsing.crisis), which
knows the idioms ("je vais me tuer à la tâche"); an ordinary note or FAIT is
left alone.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch import texts
from dispatch.alerts import alert_on_call
from dispatch.commands import Command, normalise
from dispatch.desk_actions import set_crisis
from dispatch.hotline import Context, on_call, reachable
from dispatch.lifecycle import Outcome, lang_of, log
from dispatch.models import (
    ACCEPTED,
    ACTIVE_STATES,
    CONTACTED,
    Alert,
    Coach,
    Coordinator,
    Request,
)
from dispatch.parsing.crisis import is_crisis
from dispatch.parsing.normalize import fold
from dispatch.phones import national

# Someone else's words, said on: a third person, or what they told the coach.
# Without any, first-person danger is the coach's own ("je veux en finir").
RELAYED = re.compile(
    r"\b(?:IL|ELLE|ILS|ELLES|LUI|SON|SA|SES|LEUR|ME DIT|M A DIT|MA DIT|ME DISAIT|DIT QU"
    r"|LA PERSONNE|CETTE PERSONNE|LE CLIENT|LA CLIENTE|MONSIEUR|MADAME"
    r"|MR|MME|HE|SHE|HIM|HER|HIS|THEY|THEM|SAYS|SAID|TOLD ME)\b")
# A call reported lately: relayed words may still be about it ("Karim m'a
# rappelée ce soir, il veut en finir").
CALLED_WITHIN = timedelta(days=7)
QUOTED = 60


def said(words: str) -> bool:
    """Whether `words` speak of a danger to life, as the parser reads a crisis."""
    return bool(words) and is_crisis(fold(words).text)


def from_coach(db: Session, ctx: Context, coach: Coach, body: str, request: Request | None,
               now: datetime, answer: str | None = None) -> str:
    """The reply to a coach whose SMS carries words of danger, `request` the
    one they could mean (`meant`).

    `answer` is what the command in the SMS already replied (FAIT 3 with its
    note, say): kept, and the danger answer follows it."""
    if request is None or not relayed(body, request):
        _distress(db, ctx, coach, body, now)
        reply = texts.text("coach_distress", lang_of(coach))
    else:
        _relay(db, ctx, coach, request, body, now)
        reply = texts.text("danger_relayed", lang_of(coach), n=request.id)
    return f"{answer}\n{reply}" if answer else reply


def from_coordinator(db: Session, ctx: Context, coordinator: Coordinator,
                     now: datetime) -> str:
    """The reply to a coordinator's own distress (no command in their SMS):
    the 3114, and the colleague asked to call them, when there is one.

    The colleague's alert (crisis: at once, in quiet hours too) names the
    writer and their mobile, never their words, and is written on no
    request's timeline."""
    colleague = _colleague(db, ctx, coordinator, now)
    if colleague is None:
        return texts.text("coordinator_distress", "fr")
    db.add(Alert(request_id=None, kind="alert_coordinator_distress", crisis=True,
                 values={"who": coordinator.name, "mobile": national(coordinator.mobile)},
                 created_at=now, due_at=now, to_id=colleague.id))
    return texts.text("coordinator_distress_told", "fr", who=colleague.name)


def _colleague(db: Session, ctx: Context, coordinator: Coordinator,
               now: datetime) -> Coordinator | None:
    """Who hears of a coordinator's distress: the first other one on call,
    else the next one of the roster after them (the first, past the last);
    None when the roster has no other coordinator who can get an SMS."""
    others = [c for c in on_call(db, now, ctx.tz) if c.id != coordinator.id]
    if others:
        return others[0]
    roster = [c for c in reachable(db) if c.id != coordinator.id]
    after = [c for c in roster if (c.rank, c.id) > (coordinator.rank, coordinator.id)]
    return next(iter(after or roster), None)


def relayed(body: str, request: Request) -> bool:
    """Words about someone else: a third person, or the person's first name."""
    return bool(RELAYED.search(normalise(body))) or named(body, request)


def meant(db: Session, coach: Coach, body: str, command: Command | None,
          now: datetime) -> Request | None:
    """The one request the coach's words could be about: the number the
    command gives, else the one they hold (the one named among several),
    else the one they reported called lately; None when no single one."""
    if command is not None and command.number is not None:
        found = db.get(Request, command.number)
        return found if found is not None and found.coach_id == coach.id else None
    for candidates in (_held(db, coach), _called(db, coach, now)):
        if len(candidates) == 1:
            return candidates[0]
        by_name = [r for r in candidates if named(body, r)]
        if len(by_name) == 1:
            return by_name[0]
        if candidates:
            return None
    return None


def named(body: str, request: Request) -> bool:
    name = normalise(request.first_name or "")
    return len(name) > 1 and f" {name} " in f" {normalise(body)} "


def _held(db: Session, coach: Coach) -> list[Request]:
    return list(db.scalars(select(Request).where(
        Request.coach_id == coach.id, Request.status == ACCEPTED).order_by(Request.id)))


def _called(db: Session, coach: Coach, now: datetime) -> list[Request]:
    return list(db.scalars(select(Request).where(
        Request.coach_id == coach.id, Request.status == CONTACTED,
        Request.contacted_at >= now - CALLED_WITHIN).order_by(Request.id)))


def _relay(db: Session, ctx: Context, coach: Coach, request: Request, body: str,
           now: datetime) -> None:
    """The request made a crisis as the desk marks one; one already a crisis,
    or no longer active (called back), goes to the on-call coordinator at once."""
    words = " ".join(body.split())
    reason = f"mots de danger transmis par SMS par {coach.name} (coach) : {words[:2000]}"
    if request.status in ACTIVE_STATES and not request.crisis:
        if set_crisis(db, ctx, request, True, reason, now, coach.name) is Outcome.DONE:
            return
    log(db, request.id, now, coach.name, "note", words[:2000])
    # An alert about a request called back would be dropped as moot (dispatch.alerts):
    # this one is about the person still, so it names the request in its words.
    about = request.id if request.status in ACTIVE_STATES else None
    alert_on_call(db, ctx, now, "alert_danger_relayed", about, crisis=True, danger=True,
                  request=request.id, coach=coach.name, mobile=national(coach.mobile),
                  text=_quote(words))


def _distress(db: Session, ctx: Context, coach: Coach, body: str, now: datetime) -> None:
    """The coach's own distress (or danger about nobody we can name): the
    on-call coordinator is told at once, whatever the hour, to call them. Not
    written on a request's timeline: their words are not the person's file."""
    words = " ".join(body.split())
    alert_on_call(db, ctx, now, "alert_coach_distress", crisis=True, coach=coach.name,
                  mobile=national(coach.mobile), text=_quote(words))


def _quote(words: str) -> str:
    return words if len(words) <= QUOTED else words[:QUOTED - 3].rstrip() + "..."
