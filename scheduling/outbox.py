"""Sending one outbox row, at most once, with retries and a true record.

A row is claimed by a conditional UPDATE (queued -> sending) so two senders
never both send it; the claim is a lease. A row left `sending` once its lease
or backoff ran out is one whose last attempt has an unknown outcome (the
process died mid-send, or the carrier's answer was lost): before it is sent
again the carrier is asked whether it took it, the way GoAlert checks stuck
messages with its provider. An offer's SMS "arms" the offer just before it
leaves, so an offer that no longer stands is never sent and the coach's time
to answer runs from the carrier's acceptance; a coach's reminder that no
longer stands is not sent either.

A transient failure (the carrier down, refusing for a while, rate limiting)
counts against no limit: a carrier outage of minutes or hours loses nothing,
the row being tried again every two minutes (pages, alerts, summaries) or
four (the rest) until the carrier answers. A permanent error ends a row at
once; one still unsent a day after it was queued is no longer worth sending
and is given up, the coordinators told once.

Every time comes from `clock`, read at the moment it matters (claim, attempt,
acceptance, failure), never from the start of a pass.
"""
from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, case, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from channels.base import EMAIL, LOOK_BACK, Found, Outgoing, SendError, Transport, route_for
from dispatch.alerts import alert_on_call
from dispatch.db import changed, one_of, read, write
from dispatch.delivery import undeliverable
from dispatch.hotline import Context
from dispatch.lifecycle import answer_by
from dispatch.models import ACCEPTED, Coach, Event, Message, Offer, Request
from dispatch.phones import mask

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
LEASE = timedelta(minutes=5)
# No longer worth sending: still unsent this long after it was queued. The row
# keeps no time it was due, hence `created_at`; one held for calling hours
# (overnight at most) still has most of a day once due. An offer's SMS ends
# sooner, with its offer (`_arm`).
HORIZON = timedelta(hours=24)
ROUTES = ("sms", "call", "email")  # Message.channel values this sender carries
# Crisis pages first, then what coordinators are told, then everything else.
URGENT_KINDS = ("page", "alert", "summary")
PRIORITY = case((Message.kind == "page", 0), (one_of(Message.kind, ("alert", "summary")), 1),
                else_=2)
# Exponential backoff with jitter: 30 s, 1 min, 2 min... up to a cap kept
# short because an outage may last hours and a page must go within a minute or
# two of the carrier's return: 2 min for pages, alerts and summaries, 4 min for
# the rest. It is persisted on the row (the sender may restart between
# attempts), which is why a retry library's in-process loop does not fit here.
BASE_DELAY = 30.0
URGENT_CAP, CAP = timedelta(minutes=2), timedelta(minutes=4)
_MARKS_FROM = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _delay(attempts: int) -> float:
    return BASE_DELAY * 2 ** min(max(0, attempts - 1), 20)  # bounded: no limit on attempts


def backoff(attempts: int, rng: Callable[[], float] = random.random,
            cap: timedelta = CAP) -> timedelta:
    delay = min(cap.total_seconds(), _delay(attempts))
    return timedelta(seconds=delay * (0.5 + rng() / 2))


def retry_at(message: Message, now: datetime) -> datetime:
    """When to try `message` again after a transient failure, or a carrier
    that could not be asked, at `now`.

    Once its backoff reaches the cap, a row is tried on the clock's marks of
    that cap (every even minute, every fourth minute) rather than at a jittered
    moment of its own: whatever waits out an outage falls due on marks a
    page's include, so the pass after the carrier's return takes it all, most
    urgent first, and an acknowledgement never leaves before a waiting page."""
    cap = URGENT_CAP if message.kind in URGENT_KINDS else CAP
    if _delay(message.attempts) < cap.total_seconds():
        return now + backoff(message.attempts, cap=cap)
    # The first mark half a cap away or more (a row tried late is not tried
    # again at once).
    return _MARKS_FROM + -((_MARKS_FROM - (now + cap / 2)) // cap) * cap


@dataclass(frozen=True)
class Claim:
    id: int
    route: str
    urgent: bool
    unsure: bool  # its last attempt's outcome is unknown: ask the carrier first


@dataclass(frozen=True)
class Due:
    id: int
    route: str
    status: str
    urgent: bool


def due(db: Session, now: datetime, routes: list[str], limit: int) -> list[Due]:
    """Rows of `routes` due at `now`, most urgent first."""
    if limit <= 0 or not routes:
        return []
    rows = read(db, _due_statement(tuple(routes), limit), {"now": now})
    return [Due(id, route, status, kind in URGENT_KINDS) for id, route, status, kind in rows]


@lru_cache(maxsize=64)
def _due_statement(routes: tuple[str, ...], limit: int) -> Any:
    # Asked at every pass of the sender: built once per routes and limit.
    return (select(Message.id, Message.channel, Message.status, Message.kind)
            .where(Message.direction == "out", one_of(Message.channel, routes),
                   one_of(Message.status, ("queued", "sending")),
                   Message.next_attempt_at <= bindparam("now"))
            .order_by(PRIORITY, Message.next_attempt_at, Message.id).limit(limit))


# The statements of every SMS sent, built once (the values are parameters);
# the writes among them are plain writes (dispatch.db.write).
_CLAIM = (update(Message).where(Message.id == bindparam("row_id"),
                                Message.status == bindparam("was"),
                                Message.next_attempt_at <= bindparam("now"))
          .values(status="sending", next_attempt_at=bindparam("lease_until")))
# The claimed row as it stands now, even when this session holds it.
_CLAIMED = (select(Message).where(Message.id == bindparam("row_id"))
            .execution_options(populate_existing=True))
_PROVISIONAL = select(Offer.expires_at).where(Offer.id == bindparam("offer_id"))
# What the time to answer an offer depends on (lifecycle.answer_by).
_ANSWER_TERMS = (select(Coach.availability, Request.crisis)
                 .join(Offer, Offer.coach_id == Coach.id)
                 .join(Request, Request.id == Offer.request_id)
                 .where(Offer.id == bindparam("offer_id")))
# Arming an offer: unsent, or (a row whose last attempt was lost may have armed
# it already) sent by this row's last attempt.
_ARM_WHERE = (Offer.id == bindparam("offer_id"), Offer.status == "pending",
              Offer.expires_at > bindparam("now"))
_ARM_VALUES: dict[str, Any] = {"sent_at": bindparam("now"), "expires_at": bindparam("until")}
_ARM_FIRST = (update(Offer).where(*_ARM_WHERE, Offer.sent_at.is_(None)).values(_ARM_VALUES))
_ARM_AGAIN = (update(Offer).where(*_ARM_WHERE, Offer.sent_at.is_(None)
                                  | (Offer.sent_at == bindparam("attempted_at")))
              .values(_ARM_VALUES))
_START_OFFER = (update(Offer).where(Offer.id == bindparam("offer_id"), Offer.status == "pending")
                .values(sent_at=bindparam("at"), expires_at=bindparam("until")))


def claim(db: Session, rows: list[Due], now: datetime) -> list[Claim]:
    """Take a lease on each row still due; the ones another sender took are skipped."""
    claimed = []
    for row in rows:
        won = changed(write(db, _CLAIM, {"row_id": row.id, "was": row.status, "now": now,
                                          "lease_until": now + LEASE}))
        if won == 1:
            claimed.append(Claim(row.id, row.route, row.urgent, unsure=row.status == "sending"))
    if rows:
        db.commit()
    return claimed


def deliver(db: Session, ctx: Context, transport: Transport, claimed: Claim,
            clock: Clock) -> str:
    """Send one claimed row. Returns what happened: "sent", "found" (the
    carrier had it already), "cancelled", "failed" (for good), "retry" (a
    transient failure), "unreachable" (the carrier could not be asked), or
    "expired" (past the HORIZON: given up, the carrier not asked)."""
    message = db.scalar(_CLAIMED, {"row_id": claimed.id})
    if message is None or message.status != "sending":
        return "cancelled"
    if claimed.unsure:
        try:
            found = _look_for(db, transport, message)
        except SendError as exc:
            _still_unsure(db, message, exc, clock())
            return "unreachable"
        if found is not None:
            _accepted(db, ctx, message, found.sid, found.at)
            log.info("sms %s was taken by the carrier before (%s): not sent again",
                     message.id, found.sid)
            return "found"
    if clock() >= message.created_at + HORIZON:
        # Only now, once the carrier was asked about an unknown outcome: a
        # row it took is sent, not given up.
        _give_up(db, ctx, message, clock())
        return "expired"
    return _attempt(db, ctx, transport, message, clock)


def send_due(db: Session, ctx: Context, transport: Transport, now: datetime) -> int:
    """Send, in this session and one at a time, every row due at `now`, most
    urgent first; returns how many the carrier took (scheduling.tick's way)."""
    from contextlib import nullcontext

    from scheduling.sender import Sender, tick_clock
    sender = Sender(lambda: nullcontext(db), lambda _db: ctx, transport,  # type: ignore[arg-type]
                    concurrency=1, clock=tick_clock(now))
    return sender.drain(inline=True)


def _attempt(db: Session, ctx: Context, transport: Transport, message: Message,
             clock: Clock) -> str:
    started = clock()
    if not _reminder_stands(db, message):
        message.status, message.next_attempt_at = "cancelled", None
        db.commit()
        return "cancelled"
    provisional = _arm(db, ctx, message, started)
    if isinstance(provisional, bool):  # False: the offer no longer stands
        message.status, message.next_attempt_at = "cancelled", None
        db.commit()
        return "cancelled"
    # Counted and committed before the carrier is called: a crash mid-send
    # leaves a row that says an attempt began, and when.
    route = route_for(transport, message.channel)
    _store(db, message, attempts=message.attempts + 1, attempted_at=started,
           next_attempt_at=started + LEASE, route=route.name)
    if message.channel == EMAIL and hasattr(route, "message_id"):
        # Stored before it leaves: the person's reply names it (threading).
        _store(db, message, mail_id=route.message_id(outgoing(message)))
    db.commit()
    try:
        sid = _hand_over(transport, message)
    except SendError as exc:
        _failed(db, ctx, message, exc, clock(), provisional)
        db.commit()
        return "failed" if message.status == "failed" else "retry"
    _accepted(db, ctx, message, sid, clock())
    return "sent"


def outgoing(message: Message) -> Outgoing:
    """The row's current attempt, as a route sees it."""
    return Outgoing(message.id, message.attempts, message.channel, message.to_number or "",
                    message.body or "", message.request_id, message.subject,
                    tuple((message.references or "").split()), message.kind)


def _hand_over(transport: Transport, message: Message) -> str:
    out = outgoing(message)
    if out.channel not in transport.channels:
        raise SendError(f"no {out.channel} on the {transport.name} route", permanent=True,
                        bad_address=False)
    return transport.send(out)


def _look_for(db: Session, transport: Transport, message: Message) -> Found | None:
    """The carrier's record of this row's last attempt, if it took it."""
    since = (message.attempted_at or message.created_at) - LOOK_BACK
    for found in transport.find_sent(outgoing(message), since):
        # Matched on recipient, body and time; a sid already recorded is another row's.
        if db.scalar(select(Message.id).where(Message.sid == found.sid)) is None:
            return found
    return None


def _arm(db: Session, ctx: Context, message: Message, now: datetime) -> datetime | None | bool:
    """Arm the offer this SMS carries: its time to answer starts now, or when
    the coach's window opens (lifecycle.answer_by).

    Returns the offer's expiry before arming (to restore it if the send
    fails), None when the row carries no offer, False when the offer no
    longer stands (answered, withdrawn, or expired before its SMS could leave)."""
    if message.offer_id is None:
        return None
    provisional = read(db, _PROVISIONAL, {"offer_id": message.offer_id}).scalar()
    values = {"offer_id": message.offer_id, "now": now,
              "until": _answer_by(db, ctx, message.offer_id, now)}
    if message.attempted_at is None:
        armed = changed(write(db, _ARM_FIRST, values))
    else:
        armed = changed(write(db, _ARM_AGAIN, {**values, "attempted_at": message.attempted_at}))
    return provisional if armed == 1 else False


def _answer_by(db: Session, ctx: Context, offer_id: int, sent_at: datetime) -> datetime:
    """When the offer `offer_id`, its SMS gone at `sent_at`, lapses."""
    terms = read(db, _ANSWER_TERMS, {"offer_id": offer_id}).first()
    if terms is None:   # never: an offer is not deleted while its SMS waits
        return sent_at + ctx.ack_timeout
    plan, crisis = terms
    return answer_by(ctx, plan, crisis, sent_at)


_MOVED_SINCE = select(Event.id).where(Event.request_id == bindparam("request_id"),
                                     Event.kind == "deadline_moved",
                                     Event.at >= bindparam("since")).limit(1)


def _reminder_stands(db: Session, message: Message) -> bool:
    """A coach's reminder ("à rappeler avant mar. 10h", held for calling hours)
    leaves only while the request is still theirs to call by the deadline it
    quotes: not once they reported the call (FAIT at 07:30, the reminder at
    08:00), gave it back or lost it, nor once the deadline moved (the person
    chose Thursday) or it became a crisis. Other rows: True."""
    if message.kind != "reminder" or message.request_id is None:
        return True
    request = db.get(Request, message.request_id)
    return request is not None and request.status == ACCEPTED and not request.crisis \
        and request.coach is not None and request.coach.mobile == message.to_number \
        and db.scalar(_MOVED_SINCE, {"request_id": request.id,
                                     "since": message.created_at}) is None


def _disarm(db: Session, message: Message, provisional: datetime | None) -> None:
    """The SMS did not leave (or may not have): the coach is not passed over
    for it, and the offer stands until its provisional expiry again."""
    if message.offer_id is None or message.attempted_at is None:
        return
    values: dict[str, object] = {"sent_at": None}
    if provisional is not None:
        values["expires_at"] = provisional
    db.execute(update(Offer).where(Offer.id == message.offer_id, Offer.status == "pending",
                                   Offer.sent_at == message.attempted_at)
               .values(**values).execution_options(synchronize_session=False))


def _accepted(db: Session, ctx: Context, message: Message, sid: str, at: datetime) -> None:
    """The carrier took it at `at`: that is when it was sent, and when the
    offer it carries starts to run, or when the coach's window opens
    (unless the coach answered already)."""
    _store(db, message, sid=sid, status="sent", sent_at=at, next_attempt_at=None,
           error_code=None)
    if message.offer_id is not None:
        write(db, _START_OFFER, {"offer_id": message.offer_id, "at": at,
                                  "until": _answer_by(db, ctx, message.offer_id, at)})
    db.commit()


# A sent row's columns, written as the values given (their names): built once
# for each set of them.
_MESSAGE_ROW = update(Message).where(Message.id == bindparam("message_id"))


def _store(db: Session, message: Message, **values: Any) -> None:
    """Write `values` to the message's row and keep the loaded message in step:
    the two writes of every SMS sent (its attempt, then the carrier's answer)
    were each a flush of the object of their own (dispatch.db.write)."""
    write(db, _MESSAGE_ROW, {"message_id": message.id, **values})
    for key, value in values.items():
        set_committed_value(message, key, value)


def _still_unsure(db: Session, message: Message, exc: SendError, now: datetime) -> None:
    """The carrier could not be asked: keep the row unsure and ask again later."""
    log.warning("sms %s: could not check with the carrier (%s)", message.id, exc)
    message.next_attempt_at = retry_at(message, now)
    db.commit()


def _failed(db: Session, ctx: Context, message: Message, exc: SendError, now: datetime,
            provisional: datetime | None) -> None:
    log.warning("sms %s to %s failed (%s, %s): %s", message.id, mask(message.to_number),
                "permanent" if exc.permanent else "unknown outcome" if exc.unknown
                else "transient", exc.code, exc)
    message.error_code = exc.code
    if exc.permanent:
        message.status, message.next_attempt_at = "failed", None
        undeliverable(db, ctx, message, exc.failure, now)
        return
    _disarm(db, message, provisional)
    if exc.route_down:
        # Nothing left: the message waits in the outbox, the attempt uncounted,
        # while the sender rests the route (scheduling.sender).
        message.attempts -= 1
        message.status, message.next_attempt_at = "queued", now + backoff(1)
    elif exc.unknown:
        # Stays `sending`: the next claim asks the carrier before anything else.
        message.next_attempt_at = retry_at(message, now)
    else:
        # Counted against no limit: tried again until the carrier takes it
        # or until the HORIZON (`deliver`).
        message.status, message.next_attempt_at = "queued", retry_at(message, now)


def _give_up(db: Session, ctx: Context, message: Message, now: datetime) -> None:
    message.status, message.next_attempt_at = "failed", None
    if message.kind != "alert":
        alert_on_call(db, ctx, now, "alert_send_failed", message.request_id,
                      number=mask(message.to_number), tries=message.attempts)
    undeliverable(db, ctx, message, None, now)
    db.commit()
