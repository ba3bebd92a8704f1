"""Alerts to the coordinators: raised at once, delivered at the right moment.

`alert_on_call` records an alert; `deliver` (a clock job) sends what is due
to the coordinators on call at that moment, never in quiet hours, merging
the alerts due within a few minutes into one SMS per coordinator. An alert
about a request that a coordinator took in hand goes to that coordinator
only (a crisis one also to whoever is on call, once that coordinator is no
longer on call and no longer keeps it); one about a request no longer
waiting (contacted, closed, cancelled), or whose reason no longer holds, is
dropped. Crisis pages do not wait: they are dispatch.paging's.
"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dispatch import deadlines, lifecycle, outbox, texts
from dispatch.db import one_of
from dispatch.hotline import Context, on_call, reachable
from dispatch.localtime import moment_words, parse_hhmm
from dispatch.models import ACTIVE_STATES, Alert, Coordinator, Message, Request

# Alerts raised within this time of each other leave as one SMS.
MERGE_WINDOW = timedelta(minutes=3)
# More lines than this in one SMS would not be read: the rest are counted.
MAX_LINES = 4
# Alerts that can wait for the next digest: a coordinator who was just sent
# one gets these at most once an hour, merged. The others leave at once.
ROUTINE = frozenset({"alert_round_over", "alert_no_coach_in_time", "alert_no_coach",
                     "alert_unaccepted", "alert_flood"})
ROUTINE_EVERY = timedelta(hours=1)
# A page this recent says all that the morning word after the night's pages
# would (dispatch.paging: the first hour's ladder pages every 10 minutes).
PAGE_SAYS_IT = timedelta(minutes=10)


def alert_on_call(db: Session, ctx: Context, now: datetime, key: str,
                  request_id: int | None = None, crisis: bool = False,
                  not_before: datetime | None = None, **values: Any) -> int:
    """Record the alert `key` (a text of dispatch.texts) for the coordinators on call.

    It leaves with the next delivery that may reach them, not before
    `not_before` when given; returns 1. A `crisis` alert leaves at once, in
    quiet hours too, and when nobody is on call it goes to every coordinator
    (as the crisis pages did)."""
    due = now if crisis else max(now + MERGE_WINDOW, not_before or now)
    db.add(Alert(request_id=request_id, kind=key, values={k: _plain(v) for k, v in values.items()},
                 crisis=crisis, created_at=now, due_at=due))
    db.flush()
    return 1


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def in_quiet_hours(ctx: Context, now: datetime) -> bool:
    start, end = (parse_hhmm(t) if t != "24:00" else time.max for t in ctx.quiet)
    clock = now.astimezone(ctx.tz).time()
    if start <= end:
        return start <= clock < end
    return clock >= start or clock < end


def still_worth_saying(alert: Alert, request: Request | None, now: datetime) -> bool:
    """An alert about a request that is no longer waiting for anyone is dropped;
    so is one whose reason no longer holds at `now` (held overnight, the
    deadline may have moved, a coach may have accepted)."""
    if request is None:
        return alert.request_id is None
    if alert.kind in NOTHING_TO_TAKE:
        return True   # the all-clear after a page: worth it even once the call is made
    if request.status not in ACTIVE_STATES:
        return False
    if alert.kind in _LATE and now < request.deadline:
        return False   # the person moved their time: no longer late
    if alert.kind == "alert_due_soon" and not deadlines.due_soon_at(request) <= now \
            < request.deadline:
        # Moved far away, it is no longer due soon; late, "EN RETARD" says it.
        return False
    if alert.kind in _UNTIL_ACCEPTED:
        # Late, or about to be: "EN RETARD" follows within minutes and says
        # more ("proposée à chaque coach" at 9h00, "EN RETARD" at 9h05).
        # Raised before the deadline only: one raised after it (a coach gave it
        # back once late) is news "EN RETARD", told already, does not say.
        late_follows = now >= request.deadline - LATE_SOON \
            and (alert.created_at is None or alert.created_at < request.deadline) \
            and (request.crisis or request.callback_number is not None)
        return request.status != "accepted" and not late_follows
    if alert.kind == "alert_crisis_unanswered":
        # Taken in hand meanwhile: alert_crisis_taken says by whom. A coach
        # holding it is someone on it too.
        return request.taken_by_id is None and request.status != "accepted"
    return True


# Alerts about finding a coach: moot once one accepted (held an hour by the
# routine limit, "nobody accepted" would arrive after someone did).
_UNTIL_ACCEPTED = ("alert_unaccepted", "alert_round_over", "alert_no_coach",
                   "alert_no_coach_in_time", "alert_no_coach_language")
# Alerts that say the deadline has passed.
_LATE = ("alert_overdue", "alert_crisis_overdue", "alert_crisis_taken_overdue",
         "alert_crisis_held_overdue", "alert_crisis_held_coach")
# A deadline this close: the late alert (raised when it passes, for a request
# the ladder follows: dispatch.escalation) is minutes away.
LATE_SOON = timedelta(minutes=15)


# Asked at every tick: built once.
_WAITING = select(Alert).where(Alert.delivered_at.is_(None)).order_by(Alert.created_at, Alert.id)


def deliver(db: Session, ctx: Context, now: datetime) -> int:
    """Send the alerts that are due to whoever may read them now; returns SMS queued."""
    waiting = list(db.scalars(_WAITING))
    if not any(a.due_at <= now for a in waiting):
        return 0
    requests = {r.id: r for r in db.scalars(select(Request).where(
        Request.id.in_({a.request_id for a in waiting if a.request_id is not None})))}
    live = []
    duty: set[int] | None = None
    for alert in waiting:
        request = requests.get(alert.request_id or 0)
        if alert.kind == "alert_crisis_taken" and request is not None \
                and request.status in ACTIVE_STATES and now >= request.deadline:
            # Past its hour with no call noted: not "rien à faire". Whoever is
            # on call hears of it as such (alert_crisis_taken_overdue); the
            # others, paged in the night, are told who has it and who follows.
            # Decided when it can go (not in quiet hours): a call noted by then
            # makes it the plain all-clear.
            if in_quiet_hours(ctx, now):
                continue
            duty = {c.id for c in on_call(db, now, ctx.tz)} if duty is None else duty
            if alert.to_id in duty:
                alert.delivered_at, alert.outcome = now, "resolved"
                continue
            alert.kind = "alert_crisis_taken_open"
        if alert.kind == "alert_crisis_taken_overdue" and request is not None \
                and not in_quiet_hours(ctx, now):
            # Its holder was told at once (alert_crisis_held_overdue); the shift
            # on call hears of it now, unless that is still the holder.
            duty = {c.id for c in on_call(db, now, ctx.tz)} if duty is None else duty
            if request.taken_by_id in duty:
                alert.delivered_at, alert.outcome = now, "resolved"
                continue
        if alert.kind == "alert_crisis_unanswered" and not in_quiet_hours(ctx, now) \
                and _paged_since(db, alert, now - PAGE_SAYS_IT):
            # The morning word is for pages that went unanswered in the night:
            # to someone paged at this very moment, or minutes ago, that page
            # says it all ("aucun appel de la nuit" 5 minutes after one's only
            # page, or with the 08:00 page and its call, was one SMS too many).
            alert.delivered_at, alert.outcome = now, "paged"
            continue
        if still_worth_saying(alert, request, now):
            live.append(alert)
        else:
            alert.delivered_at, alert.outcome = now, "resolved"
    if in_quiet_hours(ctx, now):
        live = [a for a in live if a.crisis]
        if not live:
            return 0
    by_person = _recipients(db, ctx, live, requests, now)
    addressed = {a.id for _, alerts in by_person.values() for a in alerts}
    for alert in live:
        if alert.to_id is not None and alert.id not in addressed:
            # Meant for one coordinator who left the roster or sent STOP.
            alert.delivered_at, alert.outcome = now, "unreachable"
    last = _last_alerted(db, [p for p, _ in by_person.values()])
    for key, (coordinator, alerts) in list(by_person.items()):
        routine = all(a.kind in ROUTINE for a in alerts)
        if routine and coordinator.mobile in last and now < last[coordinator.mobile] + ROUTINE_EVERY:
            del by_person[key]  # merged into the next one, within the hour
            continue
        if not any(a.due_at <= now for a in alerts):
            del by_person[key]
    for coordinator, alerts in by_person.values():
        body = _body(ctx, alerts, requests, coordinator, now)
        single = alerts[0].request_id if len({a.request_id for a in alerts}) == 1 else None
        outbox.queue(db, coordinator.mobile, body, now, kind="alert", request_id=single)
    for alert in {a.id: a for _, alerts in by_person.values() for a in alerts}.values():
        alert.delivered_at, alert.outcome = now, "sent"
    return len(by_person)


def _paged_since(db: Session, alert: Alert, since: datetime) -> bool:
    """Whether the one coordinator `alert` is meant for was paged about its
    request since `since`."""
    return db.scalar(select(Message.id).where(
        Message.kind == "page", Message.request_id == alert.request_id,
        Message.created_at >= since,
        Message.to_number == select(Coordinator.mobile).where(
            Coordinator.id == alert.to_id).scalar_subquery()).limit(1)) is not None


def _last_alerted(db: Session, people: list[Coordinator]) -> dict[str, datetime]:
    """When each coordinator was last sent an alert SMS."""
    if not people:
        return {}
    rows = db.execute(select(Message.to_number, func.max(Message.created_at)).where(
        Message.to_number.in_([p.mobile for p in people]),
        one_of(Message.kind, ("alert", "summary"))).group_by(Message.to_number)).all()
    return {number: at for number, at in rows if number is not None and at is not None}


def _recipients(db: Session, ctx: Context, alerts: list[Alert], requests: dict[int, Request],
                now: datetime) -> dict[int, tuple[Coordinator, list[Alert]]]:
    """Who gets which alerts now: the taker of a request while on call, else
    those on call (who can take it over: PRIS)."""
    duty = on_call(db, now, ctx.tz)
    on_duty = {c.id for c in duty}
    people = {c.id: c for c in reachable(db)}
    out: dict[int, tuple[Coordinator, list[Alert]]] = {}
    for alert in alerts:
        request = requests.get(alert.request_id or 0)
        taker = request.taken_by_id if request is not None else None
        if alert.to_id is not None:
            # Meant for one coordinator: nobody else, even when they cannot be reached.
            targets = [people[alert.to_id]] if alert.to_id in people else []
        elif taker is not None and taker in people and (taker in on_duty or not duty):
            targets = [people[taker]]
        elif alert.crisis and taker is not None and taker in people:
            # A crisis is news for the one who holds it, on call or no longer,
            # and for whoever is on call now, who can take it over (PRIS) once
            # the holder no longer keeps it. Before that (lifecycle.HOLD), a
            # "merci, ça va mieux" at 03:40 woke someone who could do nothing.
            # Words of danger are for whoever is on call as well, hold or not.
            keeps = request is not None and lifecycle.keeps_it(request, now, ctx.tz) \
                and not alert.values.get("danger")
            targets = [people[taker]] if keeps else [people[taker], *duty]
        else:
            targets = duty or (list(people.values()) if alert.crisis else [])
        for person in targets:
            out.setdefault(person.id, (person, []))[1].append(alert)
    return out


# Alerts whose {coach} is the request's coach now (not the one who tried: alert_attempts).
_COACH_NOW = ("alert_due_soon", "alert_overdue", "alert_crisis_overdue")


def line(ctx: Context, alert: Alert, requests: dict[int, Request],
         to: Coordinator | None = None) -> str:
    values = dict(alert.values)
    request = requests.get(alert.request_id or 0)
    if request is not None:
        # Said as the request stands when the SMS leaves: one held for quiet
        # hours read "échéance mar. 10h (coach : aucun)" at 08:00 when the
        # person had moved to Thursday, or a coach had accepted at 07:50.
        if "deadline" in values:
            values["deadline"] = moment_words(request.deadline, ctx.tz)
        if alert.kind in _COACH_NOW:
            values["coach"] = request.coach.name if request.coach is not None else "aucun"
    if to is not None and request is not None and request.taken_by_id == to.id \
            and alert.kind in ("alert_crisis_taken_overdue", "alert_crisis_wrote"):
        values["who"] = "vous"   # "prise en main par vous", to the one who took it
    return texts.text(alert.kind, "fr", hotline=ctx.name, n=alert.request_id, **values)


# Most severe first: a digest shows what is late before what could wait, and
# cuts the last lines ("et 2 autre(s)"). Every kind of alert has its place
# (tests/test_alert_order.py): a kind missing came last, after the all-clears.
SEVERITY = (
    # A person in danger, or one of the team: URGENT, at any hour.
    "alert_crisis_wrote", "alert_danger_relayed", "alert_coach_distress",
    "alert_coordinator_distress", "alert_crisis_held_overdue", "alert_crisis_held_coach",
    "alert_crisis_overdue",
    "alert_crisis_unanswered", "alert_crisis_taken_overdue",
    # Late, or a person waiting on a coordinator's decision or promise.
    "alert_overdue", "alert_new_time", "alert_attempts", "alert_chase", "alert_not_called",
    "alert_not_called_closed", "alert_due_soon",
    # An SMS that did not reach someone.
    "alert_undeliverable", "alert_send_failed",
    # Finding a coach.
    "alert_no_coach", "alert_no_coach_language", "alert_no_coach_in_time", "alert_round_over",
    "alert_unaccepted",
    # The line itself.
    "alert_flood", "alert_flood_mail", "alert_purge_tomorrow",
    # Nothing to do: someone has it.
    "alert_crisis_taken", "alert_crisis_taken_open", "alert_taken_over")


def _severity(alert: Alert) -> int:
    return SEVERITY.index(alert.kind) if alert.kind in SEVERITY else len(SEVERITY)


def _worst_per_request(alerts: list[Alert]) -> list[Alert]:
    """One line per request (its most severe alert), then the others, worst first."""
    worst: dict[int, Alert] = {}
    loose: list[Alert] = []
    for alert in alerts:
        if alert.request_id is None:
            loose.append(alert)
        elif alert.request_id not in worst or _severity(alert) < _severity(
                worst[alert.request_id]):
            worst[alert.request_id] = alert
    return sorted([*worst.values(), *loose], key=lambda a: (_severity(a), a.request_id or 0))


MAX_NAMED = 10   # requests named beyond the lines of a digest
# No "PRIS N": someone has it.
NOTHING_TO_TAKE = ("alert_crisis_taken", "alert_crisis_taken_open", "alert_taken_over")


def _body(ctx: Context, alerts: list[Alert], requests: dict[int, Request],
          to: Coordinator | None = None, now: datetime | None = None) -> str:
    """One alert: its text and the request's link. Several: one line each (the
    worst one for a request), most severe first."""
    lines = _worst_per_request(alerts)
    numbers = sorted({a.request_id for a in lines if a.request_id is not None})
    # A person who chased is worth saying even under a worse line ("EN RETARD").
    chased = {a.request_id for a in alerts if a.kind == "alert_chase"}

    def said(alert: Alert) -> str:
        extra = texts.text("alert_also_chased", "fr") \
            if alert.request_id in chased and alert.kind != "alert_chase" else ""
        return line(ctx, alert, requests, to) + (f" {extra}" if extra else "")

    takeable = [a.request_id for a in lines
                if a.request_id is not None and _to_take(ctx, a, requests, to, now)]
    if len(lines) == 1:
        alert = lines[0]
        link = f" {ctx.base_url}/requests/{alert.request_id}" if alert.request_id else ""
        take = " " + texts.text("alert_take", "fr", n=alert.request_id) if takeable else ""
        return f"{ctx.name} : {said(alert)}{take}{link}"
    shown = [said(a) for a in lines[:MAX_LINES]]
    hidden = [a.request_id for a in lines[MAX_LINES:] if a.request_id is not None][:MAX_NAMED]
    more = len(lines) - len(shown) - len(hidden)
    # The requests left out are named: "et 2 autre(s)" gave nothing to PRIS.
    if hidden:
        shown.append(texts.text("alert_more_requests" if len(hidden) > 1 else "alert_more_request",
                                "fr", numbers=", ".join(str(n) for n in hidden)))
    if more:
        shown.append(texts.text("alert_more", "fr", count=more))
    where = (f"{ctx.base_url}/requests/{numbers[0]}" if len(numbers) == 1
             else f"{ctx.base_url}/")
    return texts.text("alert_digest", "fr", hotline=ctx.name, count=len(lines),
                      lines=" / ".join(shown), take=_how_to_take(takeable), link=where)


def _to_take(ctx: Context, alert: Alert, requests: dict[int, Request], to: Coordinator | None,
             now: datetime | None) -> bool:
    """The alert's request is one `to` may take in hand with PRIS: nobody's, or
    someone else's who no longer keeps it (a PRIS then would be refused), and
    the alert is not an all-clear."""
    held = requests.get(alert.request_id or 0)
    if alert.kind in NOTHING_TO_TAKE or held is None or held.taken_by_id is None:
        return alert.kind not in NOTHING_TO_TAKE
    if to is not None and held.taken_by_id == to.id:
        return False
    return now is None or not lifecycle.keeps_it(held, now, ctx.tz)


def _how_to_take(takeable: list[int]) -> str:
    """A digest's hint to take one of its requests in hand, with a space after
    it: by its number when it is the only one; "" when there is none."""
    if len(takeable) > 1:
        return texts.text("alert_take_one", "fr") + " "
    if takeable:
        return texts.text("alert_take_named", "fr", n=takeable[0]) + " "
    return ""


def told_since(db: Session, person: Coordinator, since: datetime,
               listed_only: bool = False) -> set[int]:
    """The requests `person` was paged or alerted about since `since`, also
    those an SMS of several alerts was about; with `listed_only`, of these
    only the ones it gave a line of their own (it may only name or count the
    others: "aussi : demandes 5, 6", "et 2 autre(s)")."""
    told = {n for n in db.scalars(select(Message.request_id).where(
        Message.to_number == person.mobile, one_of(Message.kind, ("page", "alert")),
        Message.created_at >= since, Message.request_id.is_not(None))) if n is not None}
    # An SMS of several alerts names no one request: its alerts were delivered
    # at the moment it was written.
    several = db.execute(select(Alert.request_id, Message.body).join(
        Message, Message.created_at == Alert.delivered_at).where(
        Message.to_number == person.mobile, Message.kind == "alert",
        Message.created_at >= since, Message.request_id.is_(None),
        Alert.outcome == "sent", Alert.request_id.is_not(None)))
    told |= {n for n, body in several
             if n is not None and (not listed_only or _has_line(body or "", n))}
    return told


def _has_line(digest: str, n: int) -> bool:
    """Whether an SMS of several alerts gave request `n` a line of its own
    (each starts "demande N"; "aussi : demande N" only names it). Alerts
    delivered at the same moment went to others too: it tells them apart."""
    return re.search(rf"(?<!aussi : )\bdemande {n}\b", digest) is not None
