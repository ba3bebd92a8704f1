"""A request's life: open, offered, accepted, contacted, closed, cancelled.

Each transition that another process could also make (the clock expiring an
offer while the coach answers OK, two coaches answering OK at once, two
coordinators acting at once) is one conditional UPDATE whose row count says
who won. Callers commit.

Offers: pending (its SMS queued or sent), accepted, declined, expired (sent
and unanswered in time: the coach is passed over for this round), unsent (it
would have expired before its SMS left: withdrawn, the coach not passed
over), withdrawn (the request went elsewhere), returned (accepted, then given
back).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from dispatch import outbox, texts
from dispatch.db import changed, one_of, write
from dispatch.hotline import Context
from dispatch.localtime import (
    WeekPlan,
    at_words,
    in_plan,
    moment_words,
    next_calling_start,
    slots_words,
)
from dispatch.matching import answer_from
from dispatch.models import (
    ACCEPTED,
    ACTIVE_STATES,
    CANCELLED,
    CLOSED,
    CONTACTED,
    OFFERED,
    OPEN,
    Alert,
    Coach,
    Coordinator,
    Event,
    Message,
    Offer,
    Request,
)
from dispatch.phones import national

DEADLINE = timedelta(hours=24)
FAILED_CALLS_LIMIT = 3  # after this many ECHEC the coordinators decide
PENDING, ACCEPTED_OFFER, DECLINED, EXPIRED, UNSENT, WITHDRAWN, RETURNED = (
    "pending", "accepted", "declined", "expired", "unsent", "withdrawn", "returned")
# A coach who said no, or gave the request back, is not offered it again by the clock.
REFUSALS = (DECLINED, RETURNED)


class Outcome(Enum):
    DONE = "done"
    TOO_LATE = "too_late"          # another coach holds the request, or it is over
    CANCELLED = "cancelled"        # the request was cancelled meanwhile
    NOT_YOURS = "not_yours"
    WRONG_STATE = "wrong_state"
    ALREADY = "already"            # nothing to do: it is already so
    UNAVAILABLE = "unavailable"    # the coach chosen left, is inactive or in PAUSE
    FULL = "full"                  # a late OK from a coach already at max_active


# A line of the timeline is written, never read back in the same session: an
# INSERT of the table, not an object for the session to flush (most of a
# clock tick's flushes were a lone event's).
_LOG = insert(cast(Table, Event.__table__))


def log(db: Session, request_id: int | None, now: datetime, actor: str, kind: str,
        detail: str = "") -> None:
    write(db, _LOG, {"request_id": request_id, "at": now, "actor": actor, "kind": kind,
                     "detail": detail})


def deadline_for(received_at: datetime, slots: list[dict[str, str]]) -> datetime:
    """24 h after receipt; the end of the first slot when every slot starts later."""
    limit = received_at + DEADLINE
    if slots and all(datetime.fromisoformat(s["start"]) >= limit for s in slots):
        return datetime.fromisoformat(slots[0]["end"])
    return limit


def lang_of(coach: Coach) -> str:
    return "fr" if "fr" in coach.languages else "en"


def details(request: Request, ctx: Context, lang: str = "fr",
            now: datetime | None = None) -> dict[str, str | int]:
    """The values the SMS templates quote about a request (with `now`, its
    slots still to come)."""
    return {
        "n": request.id,
        # A coach offered a request that came by mail is told so (the person
        # may expect the call less than after an SMS); never the address. So
        # is one to call in another language than the coach's own texts.
        "first_name": (request.first_name or ("the person" if lang == "en" else "la personne"))
        + ((" (by e-mail)" if lang == "en" else " (par mail)") if request.channel == "email"
           else "") + _in_language(request.language, lang),
        "callback": _numbers(request, lang),
        "slots": slots_words(request.slots, request.flexible, ctx.tz, lang, after=now),
        "topic": texts.topic_word(request.topic, lang),
        "deadline": moment_words(request.deadline, ctx.tz, lang),
        "status": texts.status_word(request.status, lang),
        "hotline": ctx.name,
        "request_url": f"{ctx.base_url}/requests/{request.id}",
        "urgent": (("URGENT, distress, suicide risk mentioned, 3114 given. " if lang == "en"
                    else "URGENT, détresse, risque suicidaire évoqué, 3114 donné. ")
                   if request.crisis else ""),
    }


def _numbers(request: Request, lang: str) -> str:
    """The number to call, and another one the person gave ("vous pouvez aussi
    essayer mon associé au 06…"): a coach whose call rings out tries it."""
    if not request.callback_number:
        return "-"
    other = next((p for p in request.phones or [] if p != request.callback_number), None)
    if other is None:
        return national(request.callback_number)
    return f"{national(request.callback_number)} ({'or' if lang == 'en' else 'ou'} " \
        f"{national(other)})"


def _in_language(spoken: str | None, lang: str) -> str:
    """" (en anglais)": the person wrote in another language than the texts' own."""
    if not spoken or spoken == lang:
        return ""
    if lang == "en":
        return f" (in {texts.LANGUAGE_NAMES_EN.get(spoken, spoken)})"
    return f" (en {texts.LANGUAGE_NAMES.get(spoken, spoken)})"


def within(request: Request, moment: datetime, lang: str) -> str:
    """How soon a crisis is to be called: "within the hour" would read as a fresh
    one once its hour is out."""
    if moment < request.deadline:
        return "within the hour" if lang == "en" else "dans l'heure"
    return "as soon as you can" if lang == "en" else "au plus vite"


def open_count(db: Session, coach_id: int) -> int:
    """Requests a coach holds: accepted ones (but those tried 3 times in vain,
    which the coordinators now decide on) plus offers awaiting an answer."""
    accepted = db.scalar(select(func.count()).select_from(Request).where(
        Request.coach_id == coach_id, Request.status == ACCEPTED,
        Request.failed_attempts < FAILED_CALLS_LIMIT)) or 0
    pending = db.scalar(select(func.count()).select_from(Offer).where(
        Offer.coach_id == coach_id, Offer.status == PENDING)) or 0
    return accepted + pending


def tell_coach(db: Session, coach: Coach, key: str, now: datetime, *, kind: str,
               request_id: int | None = None, not_before: datetime | None = None,
               **values: Any) -> None:
    lang = lang_of(coach)
    outbox.queue(db, coach.mobile, texts.text(key, lang, **values), now, kind=kind,
                 request_id=request_id, not_before=not_before)


# The statements of every offer and of every request ending, built once, and
# run as plain writes (dispatch.db.write): no object in the session follows them.
_TO_OFFERED = (update(Request).where(Request.id == bindparam("request_id"),
                                     one_of(Request.status, (OPEN, OFFERED)))
               .values(status=OFFERED, next_check_at=bindparam("look_at")))
_REOPEN = (update(Request).where(Request.id == bindparam("request_id"), Request.status == OFFERED,
                                 ~select(Offer.id).where(Offer.request_id == Request.id,
                                                         Offer.status == PENDING).exists())
           .values(status=OPEN, next_check_at=bindparam("now")))
# A deadline this close: every eligible coach is asked at once (dispatch.offering).
BROADCAST_BEFORE = timedelta(hours=6)
# A coach freed (an offer settled, a call reported, a request given back or
# ended, a pause over): the requests near their deadline are looked at again
# at the next tick, not at their next planned look, which can be hours away
# when every coach able to take them was busy or away. Crises look every 5
# minutes anyway; further from its deadline a request waits for its best coach.
_WAKE = (update(Request).where(or_(Request.status == OPEN, Request.status == OFFERED),
                               Request.crisis.is_(False), Request.next_check_at > bindparam("now"),
                               Request.deadline <= bindparam("near_by"))
         .values(next_check_at=bindparam("now")))
_TO_ACCEPTED = (update(Request).where(Request.id == bindparam("request_id"),
                                      one_of(Request.status, (OPEN, OFFERED)))
                .values(status=ACCEPTED, coach_id=bindparam("by_coach"),
                        accepted_at=bindparam("now"), next_check_at=None))
_LAST_OFFERED = update(Coach).where(Coach.id == bindparam("coach_id")).values(
    last_offered_at=bindparam("now"))
_OFFER_ACCEPTED = (update(Offer).where(Offer.id == bindparam("offer_id"))
                   .values(status=ACCEPTED_OFFER, answered_at=bindparam("now")))
_OFFER_DECLINED = (update(Offer).where(Offer.id == bindparam("offer_id"),
                                       one_of(Offer.status, (PENDING, EXPIRED, UNSENT)))
                   .values(status=DECLINED, answered_at=bindparam("now")))
_OFFER_SETTLED = (update(Offer).where(Offer.id == bindparam("offer_id"), Offer.status == PENDING)
                  .values(status=bindparam("settled")))
_OFFER_SMS_CANCELLED = (update(Message).where(Message.offer_id == bindparam("for_offer"),
                                              Message.status == "queued")
                        .values(status="cancelled", next_attempt_at=None))
_ACTIVE_OF = (select(Request).where(
    (Request.sender == bindparam("sender"))
    | ((Request.channel == "email") & (Request.callback_number == bindparam("sender"))),
    one_of(Request.status, ACTIVE_STATES)).order_by(Request.id.desc()).limit(1))
_PENDING_OFFERS = select(Offer).where(Offer.request_id == bindparam("request_id"),
                                      Offer.status == PENDING)


def answer_by(ctx: Context, plan: WeekPlan, crisis: bool, sent_at: datetime) -> datetime:
    """When an offer whose SMS left at `sent_at` lapses: the acknowledgement
    timeout after the coach can read it (matching.answer_from: an offer sent
    at 16:00 for an 18:00 window stands until 18:30, not 16:30, when the coach
    would find it lapsed and the request offered again). A crisis cannot wait
    for a window: from the send."""
    return (sent_at if crisis else answer_from(plan, sent_at, ctx.tz)) + ctx.ack_timeout


def make_offer(db: Session, ctx: Context, request: Request, coach: Coach, reason: str,
               now: datetime, actor: str = "clock", send_at: datetime | None = None) -> Offer | None:
    """Offer `request` to `coach`; None when the request is no longer waiting for one.

    Another offer may stand at the same time (a crisis, a deadline near, a
    coordinator's choice). The SMS leaves at `send_at` (by default now, or at
    the start of calling hours outside a crisis) and the time to answer runs
    from when the carrier accepts it, or from when the coach's window opens
    (answer_by): until then `expires_at` is provisional."""
    if send_at is None:
        send_at = now if request.crisis else next_calling_start(now, ctx.calling, ctx.tz)
    expires = answer_by(ctx, coach.availability, request.crisis, send_at)
    moved = changed(write(db, _TO_OFFERED, {"request_id": request.id, "look_at": expires}))
    if moved != 1:
        return None
    offer = Offer(request_id=request.id, coach_id=coach.id, status=PENDING, created_at=now,
                  expires_at=expires, reason=reason, round=request.round)
    db.add(offer)
    db.flush()
    write(db, _LAST_OFFERED, {"coach_id": coach.id, "now": now})
    set_committed_value(coach, "last_offered_at", now)
    lang = lang_of(coach)
    key = "offer_crisis" if request.crisis else "offer_late" if request.deadline <= send_at \
        else "offer"
    body = texts.text(key, lang, **details(request, ctx, lang, send_at),
                      link=ctx.offer_link(offer.id),
                      within=within(request, send_at, lang))
    outbox.queue(db, coach.mobile, body, now, kind="offer", request_id=request.id,
                 offer_id=offer.id, not_before=send_at)
    log(db, request.id, now, actor, "offered", reason)
    # What _TO_OFFERED wrote, without reading the row again.
    set_committed_value(request, "status", OFFERED)
    set_committed_value(request, "next_check_at", expires)
    return offer


def accept(db: Session, ctx: Context, offer: Offer, now: datetime) -> Outcome:
    """The coach's OK: the first one wins, late or not, while nobody holds the request.

    The coaches still being offered it are thanked and told it is taken. A
    late OK (the offer lapsed) is FULL when the coach already has max_active
    requests in hand, but to a crisis."""
    # Read as it stands now (another coach's OK may have won meanwhile), in one
    # statement whether or not the session holds it.
    request = db.get(Request, offer.request_id, populate_existing=True)
    assert request is not None  # an offer's request is never deleted
    if request.status == ACCEPTED and request.coach_id == offer.coach_id:
        return Outcome.ALREADY
    if offer.status != PENDING and request.status in (OPEN, OFFERED) and not request.crisis \
            and open_count(db, offer.coach_id) >= offer.coach.max_active:
        # A standing offer was made while the coach had room, and counts among
        # theirs; a lapsed one does not, and since then they may have taken
        # others (late OKs to every offer seen in the morning): not past the
        # maximum they set. A person in distress is not left waiting for it.
        return Outcome.FULL
    won = changed(write(db, _TO_ACCEPTED, {"request_id": request.id,
                                            "by_coach": offer.coach_id, "now": now}))
    if won != 1:
        db.refresh(request)
        return Outcome.CANCELLED if request.status == CANCELLED else Outcome.TOO_LATE
    late = offer.status != PENDING
    write(db, _OFFER_ACCEPTED, {"offer_id": offer.id, "now": now})
    if request.crisis:
        outbox.withdraw(db, request.id, "page")   # unsent, they say nobody has it
    others = _withdraw_offers(db, request.id, now)
    if others:
        coach_freed(db, now)
    for other in others:
        if other.sent_at is not None:
            tell_coach(db, other.coach, "taken", now, kind="taken", request_id=request.id,
                       n=request.id)
    log(db, request.id, now, offer.coach.name, "accepted",
        "réponse après le délai, la demande attendait encore" if late else "")
    db.refresh(request)
    # What _OFFER_ACCEPTED wrote, without reading the row again.
    set_committed_value(offer, "status", ACCEPTED_OFFER)
    set_committed_value(offer, "answered_at", now)
    return Outcome.DONE


def decline(db: Session, offer: Offer, now: datetime) -> Outcome:
    """The coach's NON to an offer (pending, or expired and answered late)."""
    won = changed(write(db, _OFFER_DECLINED, {"offer_id": offer.id, "now": now}))
    if won != 1:
        return Outcome.TOO_LATE
    _reopen(db, offer.request_id, now)
    log(db, offer.request_id, now, offer.coach.name, "declined")
    return Outcome.DONE


def give_back(db: Session, request: Request, coach: Coach, now: datetime) -> Outcome:
    """`RENDRE N` (or `NON N` after `OK`): the request goes back to be offered again."""
    moved = changed(db.execute(update(Request).where(Request.id == request.id,
                                             Request.status == ACCEPTED,
                                             Request.coach_id == coach.id)
                       .values(status=OPEN, coach_id=None, accepted_at=None, next_check_at=now)
                       .execution_options(synchronize_session=False)))
    if moved != 1:
        return Outcome.NOT_YOURS
    db.execute(update(Offer).where(Offer.request_id == request.id, Offer.coach_id == coach.id,
                                   Offer.status == ACCEPTED_OFFER)
               .values(status=RETURNED).execution_options(synchronize_session=False))
    coach_freed(db, now)
    log(db, request.id, now, coach.name, "given_back")
    db.refresh(request)
    return Outcome.DONE


def expire(db: Session, offer: Offer, now: datetime, why: str = "pas de réponse à temps") -> bool:
    """Settle a pending offer whose time is up; False if it was already settled.

    An offer whose SMS left is expired (the coach passed over for this round);
    one whose SMS never left is withdrawn unsent (the coach not passed over)."""
    unsent = offer.sent_at is None
    won = changed(write(db, _OFFER_SETTLED, {"offer_id": offer.id,
                                              "settled": UNSENT if unsent else EXPIRED}))
    if won != 1:
        return False
    if unsent:
        write(db, _OFFER_SMS_CANCELLED, {"for_offer": offer.id})
    _reopen(db, offer.request_id, now)
    detail = "SMS non parti à temps, proposition retirée" if unsent else why
    log(db, offer.request_id, now, "clock", "offer_unsent" if unsent else "offer_expired",
        f"{offer.coach.name} : {detail}")
    return True


def _reopen(db: Session, request_id: int, now: datetime) -> None:
    """Back in line when no offer stands any more; the coach is free for others."""
    write(db, _REOPEN, {"request_id": request_id, "now": now})
    coach_freed(db, now)


def coach_freed(db: Session, now: datetime) -> None:
    """Someone can take more than a moment ago: the requests near their
    deadline are looked at again now (offering.offer_due), so that none waits
    for a look planned while that coach was busy."""
    write(db, _WAKE, {"now": now, "near_by": now + BROADCAST_BEFORE})


def _end(db: Session, request: Request, now: datetime, actor: str, *, allowed: Any,
         kind: str, tell: str | None = None, tell_holder: bool = True, detail: str = "",
         not_before: datetime | None = None, **values: Any) -> Outcome:
    """Move a request out of its current state if it is still in `allowed`,
    withdraw pending offers, and tell the coaches being offered it whose SMS
    left (and the one holding it, with `tell_holder`)."""
    holder = request.coach if request.status == ACCEPTED and tell_holder else None
    moved = changed(db.execute(update(Request).where(Request.id == request.id, allowed)
                       .values(**values)))
    if moved != 1:
        return Outcome.WRONG_STATE
    told = [holder] if holder is not None else []
    told += [o.coach for o in _withdraw_offers(db, request.id, now) if o.sent_at is not None]
    coach_freed(db, now)
    if tell is not None:
        for coach in {c.id: c for c in told}.values():
            tell_coach(db, coach, tell, now, kind=kind, request_id=request.id,
                       not_before=not_before, n=request.id)
    log(db, request.id, now, actor, kind, detail)
    db.refresh(request)
    return Outcome.DONE


def mark_contacted(db: Session, request: Request, now: datetime, actor: str,
                   note: str | None = None, tell_holder: bool = False) -> Outcome:
    # The coach who reports the call knows; a coach still being offered it is
    # told, and the one holding it when the desk marks it (`tell_holder`).
    extra: dict[str, Any] = {"note": note} if note else {}
    return _end(db, request, now, actor, allowed=one_of(Request.status, ACTIVE_STATES),
                kind="contacted", tell="withdrawn", tell_holder=tell_holder, status=CONTACTED,
                contacted_at=now, next_check_at=None, detail=note or "", **extra)


# A coach's ECHEC soon after their own FAIT corrects it (a FAIT sent by mistake,
# or for the wrong number): the request is theirs to call again.
CORRECT_FAIT_WITHIN = timedelta(hours=2)


def unmark_contacted(db: Session, request: Request, coach: Coach, now: datetime) -> bool:
    """Take back `coach`'s own FAIT on `request`, sent less than two hours ago;
    False when it is not theirs, too old, or the request moved on since."""
    if request.status != CONTACTED or request.coach_id != coach.id             or request.contacted_at is None or now - request.contacted_at > CORRECT_FAIT_WITHIN:
        return False
    last = db.scalar(select(Event.actor).where(Event.request_id == request.id,
                                               Event.kind == "contacted")
                     .order_by(Event.id.desc()).limit(1))
    if last != coach.name:
        return False   # the desk marked it: a coordinator's word, not the coach's to undo
    moved = changed(db.execute(update(Request).where(Request.id == request.id,
                                             Request.status == CONTACTED,
                                             Request.coach_id == coach.id)
                       .values(status=ACCEPTED, contacted_at=None)
                       .execution_options(synchronize_session=False)))
    if moved != 1:
        return False
    log(db, request.id, now, coach.name, "reopened",
        "FAIT repris par le coach : l'appel n'a pas abouti")
    db.refresh(request)
    return True


def close(db: Session, request: Request, now: datetime, actor: str,
          reason: str | None = None) -> Outcome:
    """Close without a call (reason "unreachable" after failed calls, or none)."""
    return _end(db, request, now, actor, allowed=Request.status.not_in((CLOSED, CANCELLED)),
                kind="closed", tell="withdrawn", status=CLOSED, closed_at=now,
                next_check_at=None, closed_reason=reason,
                detail="personne injoignable" if reason == "unreachable" else "")


def cancel(db: Session, ctx: Context, request: Request, now: datetime, actor: str) -> Outcome:
    """Cancel a request and tell the coach who holds it or is being offered it."""
    tell = "request_cancelled" if actor == "entrepreneur" else "request_cancelled_by_desk"
    # A volunteer asleep is not texted at 23:50 that tomorrow's call is off: it
    # can wait for calling hours (08:00). A crisis's coach hears of it at once.
    later = None if request.crisis else next_calling_start(now, ctx.calling, ctx.tz)
    return _end(db, request, now, actor, allowed=one_of(Request.status, ACTIVE_STATES),
                kind="cancelled", tell=tell, not_before=later, status=CANCELLED, closed_at=now,
                next_check_at=None)


def reassign(db: Session, request: Request, now: datetime, actor: str) -> Outcome:
    """A coordinator takes a request back to offer it elsewhere; its coach is told.

    The coach's accepted offer is withdrawn too: their OK after that does not
    take the request back from the coordinators (coach_commands refuses it)."""
    holder = request.coach_id if request.status == ACCEPTED else None
    outcome = _end(db, request, now, actor, allowed=one_of(Request.status, (OPEN, OFFERED, ACCEPTED)),
                   kind="reassigned", tell="withdrawn", status=OPEN, coach_id=None,
                   accepted_at=None, next_check_at=now)
    if outcome is Outcome.DONE and holder is not None:
        db.execute(update(Offer).where(Offer.request_id == request.id, Offer.coach_id == holder,
                                       Offer.status == ACCEPTED_OFFER)
                   .values(status=WITHDRAWN))
    return outcome


def take_in_hand(db: Session, request: Request, coordinator: Coordinator, now: datetime,
                 via: str, tz: ZoneInfo | None = None) -> Outcome:
    """`PRIS N`, 1 on a page's call, "Je prends": the coordinator takes the request
    in hand; alerts and pages about it stop going to anyone else.

    With `tz`, a request its holder no longer keeps (keeps_it: off call and
    taken more than HOLD ago) is taken over: the next shift must be able to act
    on it, not be told who had it. The holder is then told who took it over
    (an alert: at once for a crisis, else at a decent hour). TOO_LATE when
    someone else holds it and keeps it."""
    if request.taken_by_id == coordinator.id:
        return Outcome.ALREADY
    if request.status not in ACTIVE_STATES:
        return Outcome.WRONG_STATE   # called back, closed or cancelled: nothing to take
    holder, held_since = request.taken_by, request.taken_at
    over = tz is not None and holder is not None and not keeps_it(request, now, tz)
    held = Request.taken_by_id == holder.id if over and holder is not None \
        else Request.taken_by_id.is_(None)
    moved = changed(db.execute(update(Request).where(Request.id == request.id, held)
                               .values(taken_by_id=coordinator.id, taken_at=now)
                               .execution_options(synchronize_session=False)))
    db.refresh(request)
    if moved != 1:
        return Outcome.ALREADY if request.taken_by_id == coordinator.id else Outcome.TOO_LATE
    if over and holder is not None and tz is not None:
        since = f", prise {at_words(held_since, tz)}" if held_since is not None else ""
        log(db, request.id, now, coordinator.name, "taken",
            f"{via}, à la place de {holder.name} (plus de permanence{since})")
        db.add(Alert(request_id=request.id, kind="alert_taken_over",
                     values={"who": coordinator.name}, crisis=request.crisis, created_at=now,
                     due_at=now, to_id=holder.id))
    else:
        log(db, request.id, now, coordinator.name, "taken", via)
    if request.crisis:
        _stand_down(db, request, coordinator, now)
    return Outcome.DONE


def _stand_down(db: Session, request: Request, taker: Coordinator, now: datetime) -> None:
    """The others paged about a crisis someone took are told so (an alert to
    each: at a decent hour, as alerts go): not left to wonder in the morning
    whether anyone went. Pages that have not left yet (a carrier down) never
    will: nobody is woken for a crisis someone holds, nor told of it after."""
    outbox.withdraw(db, request.id, "page")
    paged = {n for n in db.scalars(select(Message.to_number).where(
        Message.request_id == request.id, Message.kind == "page",
        Message.direction == "out", Message.status != "cancelled")) if n is not None}
    for other in db.scalars(select(Coordinator).where(Coordinator.mobile.in_(paged),
                                                      Coordinator.id != taker.id)):
        db.add(Alert(request_id=request.id, kind="alert_crisis_taken", values={"who": taker.name},
                     crisis=False, created_at=now, due_at=now, to_id=other.id))


# Who took a request in hand keeps it this long, on call or not. A coordinator
# woken by a crisis page who answered PRIS is on it, maybe on the phone with
# the person: a second PRIS, even from the one on call, must not send a second
# caller who believes the first stood down (it is told who has it and how to
# reach them). Three hours cover the crisis hour and a long call after it;
# past that, with no call noted, the shift on call must be able to act.
HOLD = timedelta(hours=3)


def keeps_it(request: Request, now: datetime, tz: ZoneInfo) -> bool:
    """Whether a request taken in hand stays with its holder: while they are on
    call, and a crisis for HOLD after they took it (paged at night, off duty,
    they answered: two people must not call the same person in distress; an
    ordinary request passes to the next shift as it ends). False when nobody
    holds it or the holder left the roster."""
    holder = request.taken_by
    if holder is None or not holder.active:
        return False
    if request.crisis and request.taken_at is not None and now < request.taken_at + HOLD:
        return True
    return in_plan(holder.on_call, now, tz)


def _withdraw_offers(db: Session, request_id: int, now: datetime) -> list[Offer]:
    pending = list(db.scalars(_PENDING_OFFERS, {"request_id": request_id}))
    if pending:
        write(db, _WITHDRAW, {"of_request": request_id})
    # The rows just read are every offer of the request the update touched:
    # the session's objects are kept in step without reading them again.
    for offer in pending:
        set_committed_value(offer, "status", WITHDRAWN)
        set_committed_value(offer, "answered_at", None)
    return pending


_WITHDRAW = (update(Offer).where(Offer.request_id == bindparam("of_request"),
                                 Offer.status == PENDING)
             .values(status=WITHDRAWN, answered_at=None))


def active_request_of(db: Session, sender: str) -> Request | None:
    """The request in progress of `sender` (a number or an address); a
    request that came by mail is also the one of the number it is to be
    called back on, so that person's SMS are added to it."""
    return db.scalar(_ACTIVE_OF, {"sender": sender})
