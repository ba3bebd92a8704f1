"""The 24-hour promise: at risk, overdue, and the escalation ladder.

Ladder (spec/service.md, part 6), each step once per request:
  no_coach    no eligible coach in a whole round (or none at all)
  unaccepted  not accepted after 6 calling hours of offers (counted from when a
              coach could first read it: a request for Saturday is not "not
              accepted" on Tuesday)
  due_soon    not contacted 4 hours before the deadline, once the person's
              last chosen slot has begun: the coach holding it is reminded
              when they next read SMS before the deadline (remind_at), and
              the coordinators are told once the coach had time to answer
  overdue     deadline passed

A crisis has its own, faster ladder: the pages of part 7 (dispatch.paging).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dispatch.localtime import WeekPlan, calling_window, next_calling_start, windows_between
from dispatch.matching import RequestView, call_in, read_in
from dispatch.models import ACCEPTED, ACTIVE_STATES, Request

UNACCEPTED_AFTER = timedelta(hours=6)   # of calling hours
DUE_SOON_BEFORE = timedelta(hours=4)
# How long the clock waits to look again at a request nobody can take now
# (dispatch.offering): a look planned further ahead is an offer waiting for
# a coach who can read it.
RETRY_NO_COACH = timedelta(minutes=30)
# Later steps first: when a stopped clock catches up, only the most severe
# step due is announced; the milder ones are recorded as passed, silently.
LADDER = ("overdue", "due_soon", "unaccepted")


def calling_time(start: datetime, end: datetime, calling: tuple[str, str],
                 tz: ZoneInfo) -> timedelta:
    """How much of [start, end) falls in calling hours."""
    if end <= start:
        return timedelta(0)
    return sum((we - ws for ws, we in windows_between(calling_window(calling), start, end, tz)),
               timedelta(0))


def unaccepted_at(received_at: datetime, calling: tuple[str, str], tz: ZoneInfo) -> datetime:
    """When 6 calling hours have passed since receipt (a night does not count)."""
    left = UNACCEPTED_AFTER
    for ws, we in windows_between(calling_window(calling), received_at,
                                  received_at + timedelta(days=4), tz):
        if we - ws >= left:
            return ws + left
        left -= we - ws
    return received_at + timedelta(days=4)


def last_slot_start(request: Request) -> datetime | None:
    """The start of the person's last chosen slot that begins before the deadline."""
    starts = [datetime.fromisoformat(s["start"]) for s in request.slots or []]
    before = [s for s in starts if s < request.deadline]
    return max(before) if before else None


def due_soon_at(request: Request) -> datetime:
    """4 h before the deadline, but not before the person's last slot has begun:
    a call planned in that slot is not late yet."""
    warn = request.deadline - DUE_SOON_BEFORE
    last = last_slot_start(request)
    return max(warn, last) if last is not None and not request.flexible else warn


def remind_at(request: Request, plan: WeekPlan, now: datetime, calling: tuple[str, str],
              tz: ZoneInfo) -> tuple[datetime, bool]:
    """When the coach holding `request`, with weekly `plan`, is reminded of it
    once it is due soon (`now`), and whether they can still call in time.

    A coach with a window before the deadline to call the person in is
    reminded the first moment they read SMS before it (one of their windows
    or the two hours before it, in calling hours: matching.read_at); one with
    none (their windows on Saturday, the request due Tuesday) at once, or at
    the start of calling hours: the coordinators are to hear of it at once."""
    if can_call_in_time(request, plan, now, tz):
        read = read_in(plan, now, tz, calling, request.deadline)
        if read is not None:
            return read, True
    return next_calling_start(now, calling, tz), False


def can_call_in_time(request: Request, plan: WeekPlan, now: datetime, tz: ZoneInfo) -> bool:
    """Whether a coach with weekly `plan` can call the person before the
    deadline within one of their windows, inside one of the person's slots
    (any time when flexible or with none), as matching asks of the coaches
    it offers a request to."""
    slots = tuple((datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
                  for s in request.slots or [])
    view = RequestView(request.language, request.topic, slots, request.flexible,
                       request.deadline, frozenset())
    return call_in(plan, view, now, tz, request.deadline) is not None


def is_overdue(request: Request, now: datetime) -> bool:
    return request.status in ACTIVE_STATES and now >= request.deadline


def is_at_risk(request: Request, now: datetime, calling: tuple[str, str], tz: ZoneInfo,
               offered_since: datetime | None) -> bool:
    """Whether a coordinator should look at `request` before it is late: the
    ladder's due_soon or unaccepted moment has come (due_steps).

    `offered_since`: when an offer first reached a coach (None: never yet).
    One never offered counts its 6 calling hours from receipt (nobody could be
    offered it: a coordinator should see that), unless the line plans to offer
    it later, when a coach can read it (a request for Saturday on Tuesday)."""
    if request.status not in ACTIVE_STATES or is_overdue(request, now):
        return False
    if now >= due_soon_at(request):
        return True
    if request.status == ACCEPTED:
        return False
    if offered_since is None and _offer_planned(request, now):
        return False
    return now >= unaccepted_at(offered_since or request.received_at, calling, tz)


def _offer_planned(request: Request, now: datetime) -> bool:
    """Whether the clock's next look is an offer planned for when a coach can
    read it: further ahead than the half hour it waits when nobody can take it."""
    look = request.next_check_at
    return look is not None and look > now + RETRY_NO_COACH


def due_steps(request: Request, now: datetime, done: set[str], calling: tuple[str, str],
              tz: ZoneInfo, offered_since: datetime | None) -> list[str]:
    """The ladder steps due at `now` not yet taken, most severe first.

    `offered_since`: when an offer first reached a coach (None: never yet)."""
    if request.status not in ACTIVE_STATES:
        return []
    due = []
    if now >= request.deadline:
        due.append("overdue")
    if now >= due_soon_at(request):
        due.append("due_soon")
    if request.status != ACCEPTED and offered_since is not None \
            and now >= unaccepted_at(offered_since, calling, tz):
        due.append("unaccepted")
    if "overdue" in done:
        return []   # said late already: "not accepted yet" after it would read as news
    return [step for step in due if step not in done]


def urgency(request: Request, now: datetime, calling: tuple[str, str], tz: ZoneInfo,
            offered_since: datetime | None) -> tuple[int, datetime]:
    """Sort key, most urgent first: crisis, overdue, at risk, waiting, the rest
    (at risk as is_at_risk says, with the same arguments)."""
    if request.status in ACTIVE_STATES and request.crisis:
        rank = 0
    elif is_overdue(request, now):
        rank = 1
    elif is_at_risk(request, now, calling, tz, offered_since):
        rank = 2
    elif request.status in ACTIVE_STATES and request.status != ACCEPTED:
        rank = 3
    elif request.status == ACCEPTED:
        rank = 4
    else:
        rank = 5
    return rank, request.deadline
