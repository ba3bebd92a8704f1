"""Crisis pages (spec/service.md, "A request's life" 7): a human within minutes.

A crisis pages the first coordinator on call at once, whatever the hour, by
SMS and by a phone call (the route decides whether it can ring a phone).
Unacknowledged after 10 minutes, the page goes to the next coordinator in
the roster's order; after 10 more, to all of them, and again to all of them
every 10 minutes until the crisis hour is out (as on-call tools repeat an
escalation policy: a phone that rang once at 03:00 may not have woken
anyone). `PRIS N`, 1 on the call,
"Je prends" on the request page or the link in the SMS acknowledge it
(dispatch.lifecycle.take_in_hand), which stops the climb; so does the request
leaving the active states. Opted-out coordinators are skipped; when nobody
can be reached the request says so on the dashboard.

Each level is an Escalation row (`page_1` … `page_6`): taken once, by one
clock, whatever happens.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dispatch import lifecycle, outbox, texts
from dispatch.hotline import Context, on_call, page_token, reachable
from dispatch.models import ACTIVE_STATES, Coordinator, Escalation, Message, Request

CLIMB_AFTER = timedelta(minutes=10)
# The on-call coordinator, the next one, then everyone four times: 50 minutes.
LEVELS = ("page_1", "page_2", "page_3", "page_4", "page_5", "page_6")


def start(db: Session, ctx: Context, request: Request, now: datetime, actor: str,
          why: str, kind: str = "crisis", page: bool = True) -> None:
    """Make `request` a crisis: one-hour deadline, offered at once, first page
    now (unless a coordinator on call has it in hand already: `page` False)."""
    request.crisis = True
    request.deadline = min(request.deadline, now + ctx.crisis_deadline)
    request.next_check_at = now
    lifecycle.log(db, request.id, now, actor, kind, why)
    db.flush()
    if page:
        _take_level(db, ctx, request, "page_1", now)


# Asked at every tick: built once.
_UNACKNOWLEDGED = select(Request).where(Request.crisis.is_(True),
                                        Request.status.in_(ACTIVE_STATES),
                                        Request.taken_by_id.is_(None))


def climb(db: Session, ctx: Context, now: datetime) -> int:
    """Page the next level for every crisis left unacknowledged; returns pages sent."""
    crises = list(db.scalars(_UNACKNOWLEDGED))
    sent = 0
    for request in crises:
        taken = {e.kind: e.at for e in db.scalars(select(Escalation).where(
            Escalation.request_id == request.id, Escalation.kind.in_(LEVELS)))}
        if "page_1" not in taken:
            sent += _take_level(db, ctx, request, "page_1", now)
            continue
        for level, previous in zip(LEVELS[1:], LEVELS[:-1], strict=True):
            if level not in taken and previous in taken and now >= taken[previous] + CLIMB_AFTER:
                sent += _take_level(db, ctx, request, level, now)
                break
    return sent


def _take_level(db: Session, ctx: Context, request: Request, level: str, now: datetime) -> int:
    try:
        with db.begin_nested():
            db.add(Escalation(request_id=request.id, kind=level, at=now))
    except IntegrityError:
        return 0  # another clock paged this level
    people = whom(db, ctx, request, level, now)
    if not people:
        lifecycle.log(db, request.id, now, "clock", "page_unreachable",
                      "personne de la coordination joignable : ni SMS ni appel possibles")
        return 0
    for person in people:
        page(db, ctx, request, person, now)
    names = ", ".join(p.name for p in people)
    lifecycle.log(db, request.id, now, "clock", "paged",
                  f"{names} (niveau {LEVELS.index(level) + 1}, SMS et appel)")
    return len(people)


def whom(db: Session, ctx: Context, request: Request, level: str,
         now: datetime) -> list[Coordinator]:
    """Level 1: the first coordinator on call (else the first in the roster);
    level 2: the next one in the roster's order; level 3 and after: everyone."""
    everyone = reachable(db)
    if not everyone:
        return []
    if LEVELS.index(level) >= 2:
        return everyone
    paged = paged_ids(db, request.id)
    if level == "page_1":
        duty = on_call(db, now, ctx.tz)
        return [(duty or everyone)[0]]
    first = next((c for c in everyone if c.id in paged), everyone[0])
    after = everyone[everyone.index(first) + 1:] + everyone[:everyone.index(first)]
    rest = [c for c in after if c.id not in paged]
    return rest[:1] or everyone


def paged_ids(db: Session, request_id: int) -> set[int]:
    numbers = set(db.scalars(select(Message.to_number).where(
        Message.request_id == request_id, Message.kind == "page")))
    return {c.id for c in db.scalars(select(Coordinator).where(Coordinator.mobile.in_(numbers)))}


def page(db: Session, ctx: Context, request: Request, person: Coordinator,
         now: datetime) -> None:
    """One page: an SMS that says what to do, and a call that says it aloud."""
    values = lifecycle.details(request, ctx)
    link = f"{ctx.base_url}/p/{page_token(ctx.secret, request.id, person.id)}"
    # Its own sentence, then a space (a text's ends are trimmed).
    taken = (texts.text("page_coach_on_it", "fr", coach=request.coach.first_name) + " "
             if request.coach is not None else "")
    sms = texts.text("page", "fr", link=link, taken=taken, **values)
    outbox.queue(db, person.mobile, sms, now, kind="page", request_id=request.id)
    spoken = texts.text("page_call", "fr", **values)
    outbox.queue(db, person.mobile, spoken, now, kind="page", request_id=request.id,
                 channel="call")


def unreached(db: Session) -> list[Request]:
    """Active crises nobody has taken in hand and no coordinator could be paged for."""
    from dispatch.models import Event
    stuck = set(db.scalars(select(Event.request_id).where(Event.kind == "page_unreachable")))
    if not stuck:
        return []
    return list(db.scalars(select(Request).where(
        Request.id.in_(stuck), Request.status.in_(ACTIVE_STATES),
        Request.taken_by_id.is_(None)).order_by(Request.id)))
