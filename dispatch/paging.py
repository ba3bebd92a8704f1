"""Crisis pages (spec/service.md, "A request's life" 7): a human within minutes.

A crisis pages the first coordinator on call at once, whatever the hour, by
SMS and by a phone call (the route decides whether it can ring a phone).
Unacknowledged after 10 minutes, the page goes to the next coordinator in
the roster's order; after 10 more, to all of them, and again to all of them
every 10 minutes until the crisis hour is out. Then, as on-call tools repeat
an escalation policy until someone acknowledges (a phone that rang at 03:00
may not have woken anyone, and the person is still waiting), the ladder
starts again every 30 minutes: the coordinator on call, then everyone, for
12 hours from the first page. `PRIS N`, 1 on the call,
"Je prends" on the request page or the link in the SMS acknowledge it
(dispatch.lifecycle.take_in_hand), which stops the climb; so does the request
leaving the active states. Opted-out coordinators are skipped; when nobody
can be reached the request says so on the dashboard. Those paged in quiet
hours are told at their end (an alert, at 08:00) if it is still not taken.

Each level is an Escalation row (`page_1`, `page_2` …): taken once, by one
clock, whatever happens. A person in a crisis nobody has taken in hand who
writes again once the first hour's ladder is over starts a new one at once
(`again`), from the coordinator on call: its levels are `page_1.2`,
`page_2.2` …, the next ladder's `page_1.3` …, each taken once in the same way,
and it repeats for 12 hours from its own first page.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dispatch import lifecycle, outbox, texts
from dispatch.alerts import in_quiet_hours
from dispatch.db import one_of, read
from dispatch.hotline import Context, on_call, page_token, reachable
from dispatch.localtime import moment_words, when_words
from dispatch.models import (
    ACCEPTED,
    ACTIVE_STATES,
    Alert,
    Coordinator,
    Escalation,
    Message,
    Request,
)

CLIMB_AFTER = timedelta(minutes=10)
# The first hour's ladder: the on-call coordinator, the next one, then
# everyone four times: 50 minutes.
LEVELS = ("page_1", "page_2", "page_3", "page_4", "page_5", "page_6")
# Then the ladder repeats: every 30 minutes the coordinator on call (odd
# levels from page_7), 10 minutes later everyone (even levels). For 12 hours
# from the first page: a whole night (quiet hours are 11 hours) whatever hour
# the crisis came, so that the pages still ring when people wake; not for
# days: past that, nobody answering is a hole in the roster that more calls
# will not fill, and the dashboard, the 08:00 alerts and the morning summary
# say it. A coach who accepted the crisis is a human on it: no repeat while a
# coach holds it (the first hour's ladder runs all the same).
REPEAT_EVERY = timedelta(minutes=30)
SLOWER_AFTER, REPEAT_SLOWER = timedelta(hours=2), timedelta(hours=1)
REPEAT_FOR = timedelta(hours=12)


def level_kind(level: int, ladder: int = 1) -> str:
    """The Escalation kind of a ladder's level, both counted from 1: `page_3`
    on the first ladder, `page_3.2` on the second."""
    return f"page_{level}" if ladder == 1 else f"page_{level}.{ladder}"


_PAGE_KIND = re.compile(r"page_(?P<level>[1-9][0-9]*)(?:\.(?P<ladder>[1-9][0-9]*))?")


def level_of(kind: str) -> tuple[int, int] | None:
    """(level, ladder) of an Escalation kind; None for a step that is not a page."""
    found = _PAGE_KIND.fullmatch(kind)
    if found is None:
        return None
    return int(found["level"]), int(found["ladder"] or 1)


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
        _take_level(db, ctx, request, 1, 1, now)


# Asked at every tick: built once.
_UNACKNOWLEDGED = select(Request).where(Request.crisis.is_(True),
                                        one_of(Request.status, ACTIVE_STATES),
                                        Request.taken_by_id.is_(None))
_PAGES_OF = select(Escalation.kind, Escalation.at).where(
    Escalation.request_id == bindparam("request_id"), Escalation.kind.like("page%"))


def ladder_of(db: Session, request_id: int) -> tuple[int, dict[int, datetime]]:
    """The request's latest ladder of pages: its number (0 when none started)
    and when each of its levels was paged."""
    ladders: dict[int, dict[int, datetime]] = {}
    for kind, at in read(db, _PAGES_OF, {"request_id": request_id}):
        found = level_of(kind)
        if found is not None:
            ladders.setdefault(found[1], {})[found[0]] = at
    latest = max(ladders, default=0)
    return latest, ladders.get(latest, {})


def climb(db: Session, ctx: Context, now: datetime) -> int:
    """Page the next level for every crisis left unacknowledged; returns pages sent."""
    crises = list(db.scalars(_UNACKNOWLEDGED))
    sent = 0
    for request in crises:
        ladder, taken = ladder_of(db, request.id)
        level = due_level(taken, now, coach_on_it=request.status == ACCEPTED)
        if level is not None:
            sent += _take_level(db, ctx, request, level, max(ladder, 1), now)
    return sent


def next_page_at(taken: dict[int, datetime], coach_on_it: bool) -> datetime | None:
    """When a ladder pages its next level, given when each of its levels was
    paged (by number); None when it will not (a repeat while a coach holds the
    crisis, or past REPEAT_FOR from the ladder's first page)."""
    if not taken:
        return None
    last = max(taken)
    following = last + 1
    # Past the first hour: REPEAT_EVERY between two pages to everyone, hourly
    # once SLOWER_AFTER has passed (49 calls a night to the one on call, for one
    # crisis, was more than anyone can take; hourly still rings through a night).
    every = REPEAT_EVERY if taken[last] < taken.get(1, taken[last]) + SLOWER_AFTER \
        else REPEAT_SLOWER
    wait = every - CLIMB_AFTER if following > len(LEVELS) and following % 2 else CLIMB_AFTER
    at = taken[last] + wait
    if following > len(LEVELS) and (coach_on_it or at >= taken.get(1, at) + REPEAT_FOR):
        return None
    return at


def due_level(taken: dict[int, datetime], now: datetime, coach_on_it: bool) -> int | None:
    """The level to page now for a crisis nobody took in hand (next_page_at);
    None when the next one is not due."""
    if not taken:
        return 1
    at = next_page_at(taken, coach_on_it)
    return max(taken) + 1 if at is not None and now >= at else None


def again(db: Session, ctx: Context, request: Request, now: datetime) -> bool:
    """The person in a crisis nobody has taken in hand wrote again. While the
    first hour's ladder climbs, or a repeat is minutes away, the clock's pages
    are enough; while the repeats run, the next one is brought forward to now
    (the cadence goes on from it); once they are over, a new ladder starts now
    with the coordinator on call (then the next, then everyone, as for a new
    crisis). True when a page left now."""
    ladder, taken = ladder_of(db, request.id)
    if max(taken, default=0) < len(LEVELS):
        return False
    upcoming = next_page_at(taken, coach_on_it=request.status == ACCEPTED)
    if upcoming is None:
        # Two messages at once: the unique level lets one of them start it.
        return _take_level(db, ctx, request, 1, ladder + 1, now) > 0
    if upcoming - now <= CLIMB_AFTER:
        return False
    return _take_level(db, ctx, request, max(taken) + 1, ladder, now, wrote=True) > 0


def _take_level(db: Session, ctx: Context, request: Request, level: int, ladder: int,
                now: datetime, wrote: bool = False) -> int:
    try:
        with db.begin_nested():
            db.add(Escalation(request_id=request.id, kind=level_kind(level, ladder), at=now))
    except IntegrityError:
        return 0  # another clock paged this level
    # The ladder's first page (this one, at level 1): read once, for whom and the text.
    first = db.scalar(_FIRST_PAGE, {"request_id": request.id,
                                     "kind": level_kind(1, ladder)}) or now
    people = whom(db, ctx, request, level, now, first)
    if not people:
        if level <= len(LEVELS):   # said in the first hour, not again every half hour
            lifecycle.log(db, request.id, now, "clock", "page_unreachable",
                          "personne de la coordination joignable : ni SMS ni appel possibles")
        return 0
    for person in people:
        page(db, ctx, request, person, now, first, again=ladder > 1 or wrote)
    if in_quiet_hours(ctx, now):
        _tell_in_the_morning(db, ctx, request, people, now, first)
    names = ", ".join(p.name for p in people)
    step = (f"niveau {level}" if level <= len(LEVELS)
            else f"relance {(level - len(LEVELS) + 1) // 2}")
    why = ", la personne a réécrit" if ladder > 1 or wrote else ""
    lifecycle.log(db, request.id, now, "clock", "paged", f"{names} ({step}, SMS et appel{why})")
    return len(people)


_FIRST_PAGE = select(Escalation.at).where(Escalation.request_id == bindparam("request_id"),
                                          Escalation.kind == bindparam("kind"))


def _tell_in_the_morning(db: Session, ctx: Context, request: Request,
                         people: list[Coordinator], now: datetime, first: datetime) -> None:
    """Those paged in quiet hours are told when they end (an alert each, which
    dispatch.alerts drops if the crisis was taken in hand or ended by then):
    not left to wonder whether anyone went, nor to learn it from the summary."""
    waiting = set(db.scalars(select(Alert.to_id).where(
        Alert.request_id == request.id, Alert.kind == "alert_crisis_unanswered",
        Alert.delivered_at.is_(None))))
    for person in people:
        if person.id not in waiting:
            db.add(Alert(request_id=request.id, kind="alert_crisis_unanswered",
                         values={"since": moment_words(first, ctx.tz)}, crisis=False,
                         created_at=now, due_at=now, to_id=person.id))


def whom(db: Session, ctx: Context, request: Request, level: int, now: datetime,
         started: datetime) -> list[Coordinator]:
    """Level 1, and each repeat's first (odd levels past the first hour): the
    first coordinator on call (else the first in the roster); level 2: the
    next one in the roster's order after the one paged at level 1 of the
    ladder (`started`: that page's time); the others: everyone."""
    everyone = reachable(db)
    if not everyone:
        return []
    if level == 1 or (level > len(LEVELS) and level % 2):
        duty = on_call(db, now, ctx.tz)
        return [(duty or everyone)[0]]
    if level != 2:
        return everyone
    paged = paged_ids(db, request.id, started)
    first = next((c for c in everyone if c.id in paged), everyone[0])
    after = everyone[everyone.index(first) + 1:] + everyone[:everyone.index(first)]
    rest = [c for c in after if c.id not in paged]
    return rest[:1] or everyone


def paged_ids(db: Session, request_id: int, since: datetime) -> set[int]:
    """The coordinators paged about a request since `since`."""
    numbers = set(db.scalars(select(Message.to_number).where(
        Message.request_id == request_id, Message.kind == "page",
        Message.created_at >= since)))
    return {c.id for c in db.scalars(select(Coordinator).where(Coordinator.mobile.in_(numbers)))}


def page(db: Session, ctx: Context, request: Request, person: Coordinator,
         now: datetime, first: datetime | None = None, again: bool = False) -> None:
    """One page: an SMS that says what to do, and a call that says it aloud.
    Past the ladder's first hour (`first`: its first page), the SMS says since
    when nobody answered: not read as the same page sent twice. `again`: the
    person wrote again (a new ladder), which the page says."""
    values = lifecycle.details(request, ctx)
    link = f"{ctx.base_url}/p/{page_token(ctx.secret, request.id, person.id)}"
    # Its own sentence, then a space (a text's ends are trimmed).
    taken = (texts.text("page_coach_on_it", "fr", coach=request.coach.first_name) + " "
             if request.coach is not None else "")
    if first is not None and now - first >= ctx.crisis_deadline:
        taken += texts.text("page_waiting", "fr", when=when_words(first, now, ctx.tz)) + " "
    sms = texts.text("page_again" if again else "page", "fr", link=link, taken=taken, **values)
    # An older page to this person still waiting in the outbox (the carrier
    # down since) says less than this one: it is replaced, not sent with it.
    outbox.withdraw(db, request.id, "page", to=person.mobile)
    outbox.queue(db, person.mobile, sms, now, kind="page", request_id=request.id)
    spoken = texts.text("page_call_again" if again else "page_call", "fr", **values)
    outbox.queue(db, person.mobile, spoken, now, kind="page", request_id=request.id,
                 channel="call")


def unreached(db: Session) -> list[Request]:
    """Active crises nobody has taken in hand and no coordinator could be paged for."""
    from dispatch.models import Event
    stuck = set(db.scalars(select(Event.request_id).where(Event.kind == "page_unreachable")))
    if not stuck:
        return []
    return list(db.scalars(select(Request).where(
        Request.id.in_(stuck), one_of(Request.status, ACTIVE_STATES),
        Request.taken_by_id.is_(None)).order_by(Request.id)))
