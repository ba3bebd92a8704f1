"""Who is offered a request next, and when they can read it: pure functions
of the request, the coaches and `now` (spec/service.md, "A request's life" 3-4).

A coach is eligible when active, not paused, below `max_active`, speaking the
person's language, not yet tried in this round nor having declined or given
the request back, and able to call inside one of the person's slots (any time
when flexible or with no slot) within one of their own windows before the
deadline, once an offer can reach them (in calling hours, in or just before a
window of theirs; a crisis at once). Among eligible coaches the order is: topic covered; then answering
well over the last 30 days; then the earliest such window; then fewest open
requests; then least recently offered.

When nobody can call before the deadline, `rank(..., relaxed=True)` drops that
condition (the promise is already lost; the person must still be called, as
soon as possible), and the caller tells the coordinators.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from dispatch.localtime import (
    WeekPlan,
    calling_window,
    in_plan,
    iter_windows,
    moment_words,
    windows_between,
)

NEVER = datetime.max.replace(tzinfo=timezone.utc)
LOOKAHEAD = timedelta(days=8)
# A coach reads an offer sent a little before their window starts (they can
# plan the call); earlier than that it would wake them or reach them at work.
READ_AHEAD = timedelta(hours=2)


@dataclass(frozen=True)
class Answering:
    """How a coach answered offers over the last 30 days."""
    sent: int = 0
    answered: int = 0
    median: timedelta | None = None

    @property
    def share(self) -> float:
        # One imaginary answered offer: a newcomer starts well, and one offer
        # left unanswered halves it rather than zeroing it.
        return (self.answered + 1) / (self.sent + 1)

    def key(self) -> tuple[int, int]:
        """Smaller is better: the share in quarters, then the median in steps."""
        quarters = -int(self.share * 4 + 1e-9)
        if self.median is None:
            speed = 0 if self.answered == 0 and self.sent == 0 else 2
        else:
            speed = 0 if self.median <= timedelta(minutes=15) else \
                1 if self.median <= timedelta(minutes=30) else 2
        return quarters, speed


@dataclass(frozen=True)
class CoachView:
    id: int
    name: str
    active: bool
    paused: bool
    max_active: int
    open_requests: int
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    availability: WeekPlan
    last_offered_at: datetime | None
    crisis: bool = False
    answering: Answering = field(default_factory=Answering)
    # Of `open_requests`, the offers standing for an answer (the rest are
    # calls in hand): those settle within the acknowledgement timeout.
    offers_standing: int = 0
    # read_at's answers for this view, by moment: a tick ranks every request
    # due against the same coaches at the same `now` (and `replace` keeps it).
    reads: dict[tuple[datetime, ZoneInfo, tuple[str, str]], datetime | None] = field(
        default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class RequestView:
    language: str
    topic: str | None
    slots: tuple[tuple[datetime, datetime], ...]
    flexible: bool
    deadline: datetime
    # Coaches tried in the current round (offered, whatever came of it).
    offered_to: frozenset[int]
    # Coaches who declined or gave the request back: never offered it again
    # automatically (a coordinator still may).
    excluded: frozenset[int] = frozenset()
    crisis: bool = False
    sender: str = ""        # for policies that know the people (the planner's oracle)


@dataclass(frozen=True)
class Match:
    coach_id: int
    call_at: datetime       # the first moment the coach can call the person
    read_at: datetime | None  # the first moment an offer reaches them readably
    topic_ok: bool
    relaxed: bool           # True when the coach cannot call before the deadline
    reason: str


def can_take(coach: CoachView, request: RequestView) -> bool:
    """Everything but time: active, free, speaks the language, not tried."""
    return (coach.active and not coach.paused and coach.open_requests < coach.max_active
            and request.language in coach.languages and coach.id not in request.offered_to
            and coach.id not in request.excluded)


def call_at(coach: CoachView, request: RequestView, now: datetime, tz: ZoneInfo,
            until: datetime, reads: datetime | None = None) -> datetime | None:
    """The first moment in [now, until) the coach, in a window of theirs, can call
    the person inside one of their slots (any time when flexible or no slot).
    With `reads`, not before it: a coach calls once an offer has reached them
    (a slot over by then is one they cannot call in)."""
    return call_in(coach.availability, request, now, tz, until, reads)


def call_in(plan: WeekPlan, request: RequestView, now: datetime, tz: ZoneInfo,
            until: datetime, reads: datetime | None = None) -> datetime | None:
    """call_at for a coach's weekly plan alone."""
    begin = max(now, reads) if reads is not None else now
    future = sorted((max(s, begin), min(e, until)) for s, e in request.slots if e > now)
    for start, end in future:
        if start < end:
            first = next(iter_windows(plan, start, end, tz), None)
            if first is not None:
                return first[0]
    if request.slots and not request.flexible and future:
        return None
    # Flexible, no slot, or every slot already past: any time the coach is free.
    first = next(iter_windows(plan, begin, until, tz), None)
    return first[0] if first is not None else None


@lru_cache(maxsize=256)
def calling_hours(calling: tuple[str, str], now: datetime, until: datetime,
                  tz: ZoneInfo) -> tuple[tuple[datetime, datetime], ...]:
    """The calling hours read_at looks in: the same for every coach of a
    ranking, and for every ranking of a tick (a pure function of its
    arguments, asked for each coach and request: cached)."""
    return tuple(windows_between(calling_window(calling), now - READ_AHEAD, until, tz))


def read_at(coach: CoachView, now: datetime, tz: ZoneInfo, calling: tuple[str, str],
            until: datetime,
            hours: Sequence[tuple[datetime, datetime]] | None = None) -> datetime | None:
    """The first moment in [now, until) inside calling hours and inside one of the
    coach's windows or the two hours before it: when an offer can reach them.
    `hours`: calling_hours(calling, now, until, tz), when already at hand."""
    if until > now + READ_MEMO_SPAN:
        return read_in(coach.availability, now, tz, calling, until, hours)
    # The first moment before a later bound, kept when it falls before `until`,
    # is the first moment before `until` (read_in is the earliest of its
    # candidates, and a later bound only adds later ones).
    key = (now, tz, calling)
    if key not in coach.reads:
        coach.reads[key] = read_in(coach.availability, now, tz, calling, now + READ_MEMO_SPAN)
    found = coach.reads[key]
    return found if found is not None and found < until else None


# How far ahead read_at remembers a coach's first reading moment: past the
# LOOKAHEAD every ranking looks at, by a week (deadlines in a later slot).
READ_MEMO_SPAN = LOOKAHEAD + timedelta(days=7)


def read_in(plan: WeekPlan, now: datetime, tz: ZoneInfo, calling: tuple[str, str],
            until: datetime,
            hours: Sequence[tuple[datetime, datetime]] | None = None) -> datetime | None:
    """read_at for a coach's weekly plan alone (an SMS other than an offer, too)."""
    # Made lazily: the loop below mostly stops at the first window or two.
    lead = ((ws - READ_AHEAD, we)
            for ws, we in iter_windows(plan, now, until + READ_AHEAD, tz))
    if hours is None:
        hours = calling_hours(calling, now, until, tz)
    best: datetime | None = None
    for ls, le in lead:
        if best is not None and ls >= best:
            break   # in order of start: no later window is read sooner
        for hs, he in hours:
            start = max(ls, hs, now)
            if start < min(le, he, until) and (best is None or start < best):
                best = start
    return best


def answer_from(plan: WeekPlan, sent_at: datetime, tz: ZoneInfo) -> datetime:
    """When the time to answer an offer whose SMS left at `sent_at` starts to
    run: then, inside one of the coach's windows or with none opening soon;
    when their window opens, for an offer sent in the READ_AHEAD before it
    (sent early so that they can plan the call, not so that it lapses unread)."""
    # A window opening exactly READ_AHEAD after the send counts (offers go out then).
    first = next(iter_windows(plan, sent_at, sent_at + READ_AHEAD + timedelta(seconds=1), tz),
                 None)
    return first[0] if first is not None else sent_at


def available_now(coach: CoachView, now: datetime, tz: ZoneInfo) -> bool:
    """Inside one of the coach's own windows right now (a crisis cannot wait)."""
    return in_plan(coach.availability, now, tz)


def rank(request: RequestView, coaches: list[CoachView], now: datetime, tz: ZoneInfo,
         calling: tuple[str, str], relaxed: bool = False) -> list[Match]:
    """Eligible coaches, best first, each with a reason in French.

    With `relaxed`, coaches who can only call after the deadline count too."""
    scored = []
    until = max(request.deadline, now + LOOKAHEAD)
    for coach in coaches:
        if not can_take(coach, request):
            continue
        reads = read_at(coach, now, tz, calling, until)
        # A coach calls once an offer has reached them. One in a window at
        # night, outside calling hours, is told only when a window of theirs
        # next meets calling hours (Nadia, listening at 02:45 on Sunday: next
        # Saturday at 20:00); ranked by the window open now, the request
        # waited for her all day. A crisis reaches whoever is in a window now.
        if reads is None and not request.crisis:
            continue
        after = None if request.crisis else reads
        when = call_at(coach, request, now, tz, request.deadline, after)
        late = when is None
        if late and relaxed:
            # Nobody can call in the slots before the deadline: as soon as possible.
            soon = now + LOOKAHEAD
            when = call_at(coach, request, now, tz, soon, after) or \
                call_at(coach, replace(request, flexible=True), now, tz, soon, after)
        if when is None:
            continue
        topic_ok = request.topic is not None and request.topic in coach.topics
        key = (not topic_ok, coach.answering.key(), when, coach.open_requests,
               coach.last_offered_at or datetime.min.replace(tzinfo=timezone.utc), coach.id)
        scored.append((key, Match(coach.id, when, reads, topic_ok, late,
                                  reason(coach, request, when, topic_ok, late, tz))))
    scored.sort(key=lambda pair: pair[0])
    return [match for _, match in scored]


def day_hour(moment: datetime, tz: ZoneInfo) -> str:
    """ "mer. 25/11 14h" """
    return moment_words(moment, tz)


def reason(coach: CoachView, request: RequestView, when: datetime, topic_ok: bool,
           late: bool, tz: ZoneInfo) -> str:
    """Why this coach, as a coordinator would say it, for the timeline."""
    first = coach.name.split()[0]
    if late:
        free = (f"peut rappeler {day_hour(when, tz)}, hors des créneaux ou après l'échéance "
                "(personne ne le peut à temps)")
    else:
        free = f"peut rappeler {day_hour(when, tz)}"
    topic = ("sujet couvert" if topic_ok else
             "sujet non couvert" if request.topic else "sans sujet précis")
    share = coach.answering
    answers = (f"répond à {share.answered} proposition(s) sur {share.sent} en 30 jours"
               if share.sent else "pas encore de proposition en 30 jours")
    load = f"{coach.open_requests} demande(s) en cours"
    return f"{first} : {free}, {topic}, {answers}, {load}"
