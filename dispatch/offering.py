"""Offering requests to coaches, round after round (spec/service.md, parts 3, 4, 7).

`offer_due` is the clock's job: every request waiting for a coach whose next
look is due is offered to the best eligible coach when that coach can read
it; to every eligible coach at once when its deadline is less than 6 hours
away; and, for a crisis, at once to the crisis-trained coaches available now
(in calling hours, failing them, to every coach available now). Whoever was
tried in this round is passed over; when everyone was, a new round begins.
When nobody can call before the deadline, the coaches who can call soonest
after it are offered it and the coordinators told. A request always leaves
with an offer standing or a next look scheduled.

The ranking is a policy (dispatch.matching.rank by default), so that the
capacity planner can run this same engine with another one.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from dispatch import deadlines, lifecycle, outbox, texts
from dispatch.alerts import alert_on_call
from dispatch.db import one_of, read, write
from dispatch.hotline import Context
from dispatch.lifecycle import EXPIRED, PENDING, REFUSALS, UNSENT
from dispatch.localtime import WeekPlan, in_calling_hours, iter_windows, median_span
from dispatch.matching import Answering, CoachView, Match, RequestView, available_now, rank
from dispatch.models import ACCEPTED, OFFERED, OPEN, Coach, Escalation, Offer, Request

Policy = Callable[..., list[Match]]

RETRY_NO_COACH = deadlines.RETRY_NO_COACH   # then nobody can take it: looked at again
BROADCAST_BEFORE = lifecycle.BROADCAST_BEFORE   # every eligible coach at once
CRISIS_LOOK_AGAIN = timedelta(minutes=5)
# A new round offers a coach the same request again, but not right after they
# let it expire: twice an hour to someone at work is noise, not a chance.
REOFFER_AFTER = timedelta(hours=2)
REOFFER_AFTER_NEAR = timedelta(hours=1)
REOFFER_AFTER_CRISIS = timedelta(minutes=30)
# Each time a coach lets the same request pass unanswered, the gap before it is
# offered to them again doubles (2 h, 4 h, 8 h...), up to a day: the only coach
# who can take it is not sent the same SMS three times a day all week.
REOFFER_AT_MOST = timedelta(hours=24)
STATS_PERIOD = timedelta(days=30)
BATCH = 200


# The statements of every tick, built once (the moments are parameters).
_DUE = (select(Request).where(one_of(Request.status, (OPEN, OFFERED)),
                              Request.next_check_at <= bindparam("now"),
                              Request.callback_number.is_not(None))
        .order_by(Request.crisis.desc(), Request.deadline).limit(BATCH))
# An offer still standing has no outcome yet: not counted as left unanswered
# (a coach offered something a minute ago would rank below a newcomer).
_ANSWERING = select(Offer.coach_id, Offer.sent_at, Offer.answered_at).where(
    Offer.sent_at >= bindparam("since"), Offer.status != UNSENT, Offer.status != PENDING)
# Every active coach with what matching reads of them, in one statement at
# every tick: their load (accepted requests still being called, offers
# standing) and whether their number can receive SMS.
_STANDING = select(func.count()).where(Offer.coach_id == Coach.id, Offer.status == PENDING) \
    .scalar_subquery()
_LOAD = (select(func.count()).where(Request.coach_id == Coach.id, Request.status == ACCEPTED,
                                    Request.failed_attempts < lifecycle.FAILED_CALLS_LIMIT)
         .scalar_subquery() + _STANDING)
_COACHES = select(Coach.id, Coach.name, Coach.active & ~outbox.blocked(Coach.mobile), Coach.paused,
                  Coach.max_active, _LOAD, Coach.languages, Coach.topics, Coach.availability,
                  Coach.last_offered_at, Coach.crisis, _STANDING).where(Coach.active.is_(True))


def offer_due(db: Session, ctx: Context, now: datetime, policy: Policy = rank) -> int:
    """Offer each request whose next look is due; returns how many offers were made."""
    # A request with no number to call (it came by mail without one) waits
    # for it: no coach can call an e-mail address.
    due = list(db.scalars(_DUE, {"now": now}))
    if not due:
        return 0
    views = coach_views(db, now, ctx.tz)
    made = 0
    for request in due:
        for coach_id in _offer(db, ctx, request, views, now, policy):
            made += 1
            view = views[coach_id]
            views[coach_id] = replace(view, open_requests=view.open_requests + 1,
                                      offers_standing=view.offers_standing + 1,
                                      last_offered_at=now)
    db.commit()
    return made


def coach_views(db: Session, now: datetime, tz: ZoneInfo | None = None) -> dict[int, CoachView]:
    """Every active coach as matching sees them, in two queries for the batch."""
    # The columns matching reads, not whole coaches: this runs at every tick.
    rows = list(read(db, _COACHES))
    stats = answering(db, now, {row[0]: row[8] for row in rows}, tz)
    return {coach_id: CoachView(coach_id, name, bool(reachable), paused, max_active, load or 0,
                                tuple(languages), tuple(topics), availability,
                                last_offered_at, crisis, stats.get(coach_id, Answering()),
                                standing or 0)
            for (coach_id, name, reachable, paused, max_active, load, languages, topics,
                 availability, last_offered_at, crisis, standing) in rows}


def answering(db: Session, now: datetime, plans: dict[int, WeekPlan] | None = None,
              tz: ZoneInfo | None = None) -> dict[int, Answering]:
    """Each coach's offers over the last 30 days: sent, answered, median delay.

    With the coaches' weekly `plans`, an offer's delay runs from when its coach
    could read it: one sent in the two hours before their window (they may
    read it then) and answered as the window opens was answered at once, not
    in two hours; counted from the send, the coach who answers first thing
    ranked below one who had not been offered anything, and a request waited
    hours for an evening coach while the noon one was free."""
    rows = read(db, _ANSWERING, {"since": now - STATS_PERIOD})
    sent: dict[int, int] = {}
    delays: dict[int, list[timedelta]] = {}
    keys = {coach_id: json.dumps(plan, sort_keys=True) for coach_id, plan in plans.items()} \
        if plans and tz is not None else {}
    for coach_id, sent_at, answered_at in rows:
        sent[coach_id] = sent.get(coach_id, 0) + 1
        if answered_at is not None and sent_at is not None:
            key = keys.get(coach_id)
            start = _readable_from(key, sent_at, tz.key) if key and tz is not None else sent_at
            delays.setdefault(coach_id, []).append(max(answered_at - start, timedelta(0)))
    return {c: Answering(n, len(delays.get(c, [])),
                         median_span(delays[c]) if delays.get(c) else None)
            for c, n in sent.items()}


@lru_cache(maxsize=16384)
def _readable_from(plan: str, sent_at: datetime, tz: str) -> datetime:
    """When a coach with this weekly plan (as JSON) could first read an offer
    sent at `sent_at`: then, inside a window; else when the next one opens.
    A pure function of its arguments, asked for each offer at every tick:
    cached."""
    window = next(iter_windows(json.loads(plan), sent_at, sent_at + READ_SPAN, ZoneInfo(tz)),
                  None)
    return window[0] if window is not None else sent_at


READ_SPAN = timedelta(days=2)   # a window further than that: counted from the send


@dataclass(frozen=True)
class Offered:
    """One offer of the request, as a look at it needs it."""
    coach_id: int
    status: str
    round: int
    created_at: datetime
    expires_at: datetime


def offers_of(db: Session, request: Request) -> list[Offered]:
    """The request's offers, read once for a look at it (who was tried, who is
    out, who was offered it lately, which offers stand)."""
    return [Offered(*row) for row in read(db, _OFFERS_OF, {"request_id": request.id})]


# Asked for every request looked at: built once (statements with parameters).
_OFFERS_OF = select(Offer.coach_id, Offer.status, Offer.round, Offer.created_at,
                    Offer.expires_at).where(Offer.request_id == bindparam("request_id"))
_EARLIEST_EXPIRY = select(func.min(Offer.expires_at)).where(
    Offer.request_id == bindparam("request_id"), Offer.status == PENDING)
_LOOK_AT = update(Request).where(Request.id == bindparam("request_id")).values(
    next_check_at=bindparam("at"))
_STEP_TAKEN = select(Escalation.id).where(Escalation.request_id == bindparam("request_id"),
                                          Escalation.kind == bindparam("kind")).limit(1)


def request_view(db: Session, request: Request,
                 offers: list[Offered] | None = None) -> RequestView:
    """The request as matching sees it: who was tried this round, who is out.

    Out: coaches who declined or gave it back, and those it stands offered to.
    `offers`: the request's offers when already read (offers_of)."""
    tried: set[int] = set()
    out: set[int] = set()
    for offer in offers_of(db, request) if offers is None else offers:
        coach_id, status, round_ = offer.coach_id, offer.status, offer.round
        if status in REFUSALS or status == PENDING:
            out.add(coach_id)
        if round_ == request.round and status != UNSENT:
            tried.add(coach_id)
    slots = tuple((datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
                  for s in request.slots)
    return RequestView(request.language, request.topic, slots, request.flexible,
                       request.deadline, frozenset(tried), frozenset(out), request.crisis,
                       request.sender or "")


def _standing(db: Session, request: Request,
              offers: list[Offered] | None = None) -> datetime | None:
    """The earliest expiry of the offers standing for this request, if any."""
    if offers is not None:
        return min((o.expires_at for o in offers if o.status == PENDING), default=None)
    return read(db, _EARLIEST_EXPIRY, {"request_id": request.id}).scalar()


def _offer(db: Session, ctx: Context, request: Request, views: dict[int, CoachView],
           now: datetime, policy: Policy) -> list[int]:
    """Offer one request as its situation asks; the coaches offered it."""
    if request.crisis:
        return _offer_crisis(db, ctx, request, views, now, policy)
    near = request.deadline - now <= BROADCAST_BEFORE
    # Read once: nothing below changes an offer before one is made.
    offers = offers_of(db, request)
    standing = _standing(db, request, offers)
    if near and _round_began_before_near(request, offers):
        # The last 6 hours ask every eligible coach at once: those tried earlier
        # in this round too (a day ago, say), not one at a time as rounds turn.
        request.round += 1
        lifecycle.log(db, request.id, now, "clock", "new_round",
                      f"tour {request.round} : moins de 6 h avant l'échéance, "
                      "proposée à tous les coachs à la fois")
    if standing is not None and not near:
        _look_at(db, request, _capped(request, max(standing, now + timedelta(minutes=1)), now))
        return []
    matches = _matches(db, ctx, request, views, now, policy, offers,
                       waiting=standing is not None)
    readable = [m for m in matches if m.read_at is not None and m.read_at <= now]
    if near:
        targets = readable
    else:
        # The best coach first, once they can read it (not asleep, not at work).
        targets = matches[:1] if matches and matches[0] in readable else []
    offered = _offer_each(db, ctx, request, targets, now)
    # Offers stand as they stood unless one was just tried.
    _look_at(db, request, _next_look(db, request, matches, offered, now, near,
                                     _standing(db, request) if targets else standing,
                                     _changes(request, offers, now) if near else ()))
    return offered


def _look_at(db: Session, request: Request, when: datetime) -> None:
    """Write the request's next look at once, and keep the loaded request in
    step: every request looked at gets one, at every tick, and as a change of
    the object each was a flush of its own (dispatch.db.write)."""
    if request.next_check_at != when:
        write(db, _LOOK_AT, {"request_id": request.id, "at": when})
        set_committed_value(request, "next_check_at", when)


def _changes(request: Request, offers: list[Offered], now: datetime) -> list[datetime]:
    """When who may take it changes, near the deadline, besides a coach freed
    (lifecycle.coach_freed): a coach offered it lately may be asked again (not
    one who said no, nor one whose offer stands); one of the person's slots
    ends (once all are past, any time a coach is free will do)."""
    out = {o.coach_id for o in offers if o.status in REFUSALS or o.status == PENDING}
    lapses = [at for coach_id, at in _recent_until(offers, now, REOFFER_AFTER_NEAR).items()
              if coach_id not in out]
    return lapses + [datetime.fromisoformat(s["end"]) for s in request.slots]


def _round_began_before_near(request: Request, offers: list[Offered]) -> bool:
    """Whether this round tried someone before the last 6 hours began."""
    near_from = request.deadline - BROADCAST_BEFORE
    return any(o.round == request.round and o.status != UNSENT and o.created_at < near_from
               for o in offers)


def _next_look(db: Session, request: Request, matches: list[Match], offered: list[int],
               now: datetime, near: bool, standing: datetime | None,
               changes: Iterable[datetime] = ()) -> datetime:
    """When to look at the request again: when its offers expire; when the next
    coach can read it (every coach, once the deadline is near, and whenever who
    may take it `changes`; else the best one); in half an hour when nobody can;
    at the latest when every coach is to be asked at once. A coach freed
    meanwhile brings the look forward (lifecycle.coach_freed): no need to look
    every half hour near the deadline in case one was."""
    times = []
    if near:
        times = [m.read_at for m in matches
                 if m.read_at is not None and m.read_at > now and m.coach_id not in offered]
        times += [at for at in changes if at > now]
    elif not offered and matches and matches[0].read_at is not None:
        times = [matches[0].read_at]
    if standing is not None:
        times.append(standing)
    if not times:
        times.append(now + RETRY_NO_COACH)
    return _capped(request, max(min(times), now + timedelta(minutes=1)), now)


def _capped(request: Request, when: datetime, now: datetime) -> datetime:
    """Never later than the moment every coach is asked at once."""
    broadcast = request.deadline - BROADCAST_BEFORE
    return min(when, broadcast) if broadcast > now else when


def _matches(db: Session, ctx: Context, request: Request, views: dict[int, CoachView],
             now: datetime, policy: Policy, offers: list[Offered],
             waiting: bool = False) -> list[Match]:
    """The coaches to offer it to in this round; a new round when everyone was
    tried; after the deadline when nobody can call before it; the coordinators
    told once when it comes to that. With offers still `waiting` for an answer,
    nothing more than this round's untried coaches."""
    view = request_view(db, request, offers)
    coaches = list(views.values())
    near = request.deadline - now <= BROADCAST_BEFORE
    recent = _recently_offered(offers, now, REOFFER_AFTER_NEAR if near else REOFFER_AFTER)
    # Nobody is asked again right after letting it pass, not even when a new
    # round begins at the last 6 hours (14:00 and again 14:30 was noise).
    untried = replace(view, offered_to=view.offered_to | recent)
    found = policy(untried, coaches, now, ctx.tz, ctx.calling)
    if found or waiting:
        return found
    if (not near or any(c.offers_standing for c in coaches)) and policy(
            untried, [_once_free(c, near) for c in coaches], now, ctx.tz, ctx.calling):
        # Someone who can call in time is only busy for now (calls in hand,
        # offers waiting for an answer): looked at again within the half hour
        # or as they are freed, not given up on, and nobody told that no
        # coach can. Near the deadline, only offers waiting for an answer
        # count as "for now" (they settle within the half hour): Hélène, the
        # Saturday coach, full with two offers at 08:00, was reported unable
        # to call Julien at 11:00, and was offered him 25 minutes later.
        return []
    if untried.offered_to and policy(replace(view, offered_to=frozenset()), coaches, now,
                                     ctx.tz, ctx.calling):
        # Everyone who can call in time was tried: a new round, but nobody is
        # asked again right after letting it pass.
        again = policy(replace(view, offered_to=recent), coaches, now, ctx.tz, ctx.calling)
        if again:
            _new_round(db, ctx, request, now)
        else:
            _tell_no_coach(db, ctx, request, now, "alert_round_over")
        return again
    late = policy(untried, coaches, now, ctx.tz, ctx.calling, relaxed=True)
    if untried.offered_to:
        # Past keeping the promise, the person is called as soon as possible:
        # a coach tried in this round who can call sooner than anyone untried
        # (the weekend's only coach, the others back on Monday) is asked again
        # in a new round, not left out until Monday with the coordinators as
        # the only recourse.
        again = policy(replace(view, offered_to=recent), coaches, now, ctx.tz, ctx.calling,
                       relaxed=True)
        if again and (not late or _soonest(again) < _soonest(late)):
            _new_round(db, ctx, request, now)
            late = again
    if late:
        _tell_no_coach(db, ctx, request, now, "alert_no_coach_in_time")
        return late
    if not any(request.language in c.languages for c in coaches if c.active):
        # Nobody on the roster speaks it: say so, or the coordinator looks for
        # a free coach in vain.
        _tell_no_coach(db, ctx, request, now, "alert_no_coach_language")
    else:
        _tell_no_coach(db, ctx, request, now, "alert_no_coach")
    return []


def _once_free(coach: CoachView, near: bool) -> CoachView:
    """The coach as they will be once busy no more: with no request at all,
    or, near the deadline, with only their calls in hand."""
    left = coach.open_requests - coach.offers_standing if near else 0
    return replace(coach, open_requests=left)


def _soonest(matches: list[Match]) -> datetime:
    return min(m.call_at for m in matches)


def _recently_offered(offers: list[Offered], now: datetime, gap: timedelta,
                      backoff: bool = True, from_lapse: bool = True) -> frozenset[int]:
    """The coaches offered it within `gap`, doubled for each time they let it
    pass unanswered (at most a day) when `backoff`."""
    return frozenset(_recent_until(offers, now, gap, backoff, from_lapse))


def _recent_until(offers: list[Offered], now: datetime, gap: timedelta,
                  backoff: bool = True, from_lapse: bool = True) -> dict[int, datetime]:
    """Each coach offered it lately (_recently_offered), with when they may be
    offered it again: the gap runs from when their last offer of it was made,
    or with `from_lapse` lapsed unanswered (an offer read ahead of a window
    stands into it: made at 16:00, lapsed at 18:30, not sent again at 18:30)."""
    last: dict[int, datetime] = {}
    passed: dict[int, int] = {}
    for o in offers:
        if o.status == UNSENT:
            continue
        at = max(o.created_at, o.expires_at) if from_lapse and o.status == EXPIRED \
            else o.created_at
        last[o.coach_id] = max(at, last.get(o.coach_id, at))
        if o.status == EXPIRED:
            passed[o.coach_id] = passed.get(o.coach_id, 0) + 1
    recent = {}
    for coach_id, at in last.items():
        times = passed.get(coach_id, 0) if backoff else 0
        wait = min(gap * 2 ** max(times - 1, 0), max(gap, REOFFER_AT_MOST))
        if at > now - wait:
            recent[coach_id] = at + wait
    return recent


def _new_round(db: Session, ctx: Context, request: Request, now: datetime) -> None:
    request.round += 1
    lifecycle.log(db, request.id, now, "clock", "new_round",
                  f"tour {request.round} : chaque coach a eu sa chance, on recommence")
    _tell_no_coach(db, ctx, request, now, "alert_round_over")


def _tell_no_coach(db: Session, ctx: Context, request: Request, now: datetime, key: str) -> None:
    """The "no eligible coach in a whole round" step: once per request."""
    if not take_step(db, request, "no_coach", now):
        return
    language = texts.LANGUAGE_NAMES.get(request.language, request.language)
    alert_on_call(db, ctx, now, key, request.id,
                  deadline=lifecycle.details(request, ctx)["deadline"], language=language)
    lifecycle.log(db, request.id, now, "clock", "escalated", {
        "alert_round_over": "proposée à chaque coach possible, pas encore acceptée",
        "alert_no_coach_in_time": "aucun coach ne peut rappeler dans ses créneaux d'ici "
                                  "l'échéance",
        "alert_no_coach": "aucun coach disponible",
        "alert_no_coach_language": f"aucun coach ne parle {language}"}[key])


def take_step(db: Session, request: Request, kind: str, now: datetime) -> bool:
    """Record an escalation step; False when it was already taken."""
    # Already taken (the usual case: a request looked at again while nobody can
    # take it): one indexed read, rather than an insert that fails and rolls its
    # savepoint back. The unique constraint still settles a race between clocks.
    if read(db, _STEP_TAKEN, {"request_id": request.id, "kind": kind}).scalar() is not None:
        return False
    try:
        with db.begin_nested():
            db.add(Escalation(request_id=request.id, kind=kind, at=now))
    except IntegrityError:
        return False
    return True


def _offer_each(db: Session, ctx: Context, request: Request, matches: list[Match],
                now: datetime) -> list[int]:
    offered = []
    for match in matches:
        coach = db.get(Coach, match.coach_id)
        if coach is None or lifecycle.make_offer(db, ctx, request, coach, match.reason, now,
                                                 send_at=now) is None:
            continue
        offered.append(coach.id)
    return offered


def _offer_crisis(db: Session, ctx: Context, request: Request, views: dict[int, CoachView],
                  now: datetime, policy: Policy) -> list[int]:
    """Trained coaches available now, all at once; in calling hours, failing them,
    every coach available now; outside them, no untrained coach is woken."""
    _look_at(db, request, now + CRISIS_LOOK_AGAIN)
    offers = offers_of(db, request)
    view = request_view(db, request, offers)
    # Nobody is offered it again within 30 minutes while nobody has it in hand
    # within its hour; once a coordinator took it or the hour is out, within
    # the usual gap: the same "URGENT" SMS twice an hour all day is noise to a
    # coach, not a call. This round's or the last's, whichever.
    handled = request.taken_by_id is not None or now >= request.deadline
    # Within its hour, a crisis is offered again every 30 minutes whoever let it pass.
    # Counted from the offer, not its lapse: a crisis offer runs from its send.
    recent = _recently_offered(offers, now, REOFFER_AFTER if handled else REOFFER_AFTER_CRISIS,
                               backoff=handled, from_lapse=False)
    offered = _crisis_targets(replace(view, offered_to=view.offered_to | recent), views, now,
                              ctx, policy)
    if not offered and view.offered_to and _standing(db, request, offers) is None:
        fresh = replace(view, offered_to=recent)
        if _crisis_targets(fresh, views, now, ctx, policy):
            request.round += 1
            lifecycle.log(db, request.id, now, "clock", "new_round",
                          f"tour {request.round} : nouvelle proposition à tous")
            offered = _crisis_targets(fresh, views, now, ctx, policy)
    result = _offer_each(db, ctx, request, offered, now)
    _look_at(db, request, now + CRISIS_LOOK_AGAIN)
    return result


def _crisis_targets(view: RequestView, views: dict[int, CoachView], now: datetime,
                    ctx: Context, policy: Policy) -> list[Match]:
    # Deadline aside: a crisis is offered to whoever can act now.
    open_ended = replace(view, slots=(), flexible=True)
    everyone = policy(open_ended, list(views.values()), now, ctx.tz, ctx.calling, relaxed=True)
    here = [m for m in everyone if available_now(views[m.coach_id], now, ctx.tz)]
    trained = [m for m in here if views[m.coach_id].crisis]
    if trained:
        return trained
    if not in_calling_hours(now, ctx.calling, ctx.tz):
        return []
    if here:
        return here
    # Nobody inside a window right now: whoever can read it now, in calling hours.
    return [m for m in everyone if m.read_at is not None and m.read_at <= now]
