"""A request's life: open, offered, accepted, contacted, closed, cancelled.

Each transition that another process could also make (the clock expiring an
offer while the coach answers OK, two coordinators reassigning at once) is one
conditional UPDATE whose row count says who won. Callers commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dispatch import outbox, texts
from dispatch.hotline import Context
from dispatch.localtime import moment_words, next_calling_start, slots_words
from dispatch.models import (
    ACCEPTED, ACTIVE_STATES, CANCELLED, CLOSED, CONTACTED, OFFERED, OPEN,
    Coach, Event, Offer, Request,
)
from dispatch.phones import national

DEADLINE = timedelta(hours=24)


class Outcome(Enum):
    DONE = "done"
    TOO_LATE = "too_late"          # the offer expired or went to someone else
    CANCELLED = "cancelled"        # the request was cancelled meanwhile
    NOT_YOURS = "not_yours"
    WRONG_STATE = "wrong_state"


def log(db: Session, request_id: int | None, now: datetime, actor: str, kind: str,
        detail: str = "") -> None:
    db.add(Event(request_id=request_id, at=now, actor=actor, kind=kind, detail=detail))


def deadline_for(received_at: datetime, slots: list[dict[str, str]]) -> datetime:
    """24 h after receipt; the end of the first slot when every slot starts later."""
    limit = received_at + DEADLINE
    if slots and all(datetime.fromisoformat(s["start"]) >= limit for s in slots):
        return datetime.fromisoformat(slots[0]["end"])
    return limit


def details(request: Request, ctx: Context, lang: str = "fr") -> dict[str, str | int]:
    """The values the SMS templates quote about a request."""
    return {
        "n": request.id,
        "first_name": request.first_name or ("the person" if lang == "en" else "la personne"),
        "callback": national(request.callback_number) if request.callback_number else "-",
        "slots": slots_words(request.slots, request.flexible, ctx.tz, lang),
        "topic": texts.topic_word(request.topic, lang),
        "deadline": moment_words(request.deadline, ctx.tz, lang),
        "status": texts.STATUS_WORDS.get(request.status, request.status),
        "hotline": ctx.name,
    }


def open_count(db: Session, coach_id: int) -> int:
    """Requests a coach holds: accepted ones plus offers awaiting an answer."""
    accepted = db.scalar(select(func.count()).select_from(Request).where(
        Request.coach_id == coach_id, Request.status == ACCEPTED)) or 0
    pending = db.scalar(select(func.count()).select_from(Offer).where(
        Offer.coach_id == coach_id, Offer.status == "pending")) or 0
    return accepted + pending


def make_offer(db: Session, ctx: Context, request: Request, coach: Coach, reason: str,
               now: datetime, actor: str = "clock") -> Offer | None:
    """Offer `request` to `coach`; None when the request is no longer open.

    Outside calling hours (a coordinator offering at night) the SMS waits for
    the morning, except in a crisis, and the offer's time runs from then."""
    sends_at = now if request.crisis else next_calling_start(now, ctx.calling, ctx.tz)
    moved = db.execute(update(Request).where(Request.id == request.id, Request.status == OPEN)
                       .values(status=OFFERED, next_check_at=sends_at + ctx.ack_timeout)
                       .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        return None
    offer = Offer(request_id=request.id, coach_id=coach.id, status="pending", created_at=now,
                  expires_at=sends_at + ctx.ack_timeout, reason=reason)
    db.add(offer)
    db.flush()
    coach.last_offered_at = now
    lang = "en" if "fr" not in coach.languages else "fr"
    body = texts.text("offer", lang, **details(request, ctx, lang), link=ctx.offer_link(offer.id))
    outbox.queue(db, coach.mobile, body, now, kind="offer", request_id=request.id,
                 offer_id=offer.id, not_before=sends_at)
    log(db, request.id, now, actor, "offered", reason)
    db.refresh(request)
    return offer


def accept(db: Session, offer: Offer, now: datetime) -> Outcome:
    won = db.execute(update(Offer).where(Offer.id == offer.id, Offer.status == "pending",
                                         Offer.expires_at > now)
                     .values(status="accepted", answered_at=now)).rowcount
    if won != 1:
        db.refresh(offer)
        return Outcome.CANCELLED if offer.request.status == CANCELLED else Outcome.TOO_LATE
    db.execute(update(Request).where(Request.id == offer.request_id, Request.status == OFFERED)
               .values(status=ACCEPTED, coach_id=offer.coach_id, accepted_at=now,
                       next_check_at=None))
    log(db, offer.request_id, now, offer.coach.name, "accepted")
    db.refresh(offer.request)
    return Outcome.DONE


def decline(db: Session, offer: Offer, now: datetime) -> Outcome:
    won = db.execute(update(Offer).where(Offer.id == offer.id, Offer.status == "pending")
                     .values(status="declined", answered_at=now)).rowcount
    if won != 1:
        return Outcome.TOO_LATE
    _reopen(db, offer.request_id, now)
    log(db, offer.request_id, now, offer.coach.name, "declined")
    return Outcome.DONE


def expire(db: Session, offer: Offer, now: datetime, why: str = "no answer in time") -> bool:
    """Expire a pending offer and put its request back in line; False if already settled."""
    won = db.execute(update(Offer).where(Offer.id == offer.id, Offer.status == "pending")
                     .values(status="expired", answered_at=now)
                     .execution_options(synchronize_session=False)).rowcount
    if won != 1:
        return False
    _reopen(db, offer.request_id, now)
    log(db, offer.request_id, now, "clock", "offer_expired", f"{offer.coach.name}: {why}")
    return True


def _reopen(db: Session, request_id: int, now: datetime) -> None:
    db.execute(update(Request).where(Request.id == request_id, Request.status == OFFERED)
               .values(status=OPEN, next_check_at=now)
               .execution_options(synchronize_session=False))


def _end(db: Session, request: Request, now: datetime, actor: str, *, allowed: Any,
         kind: str, tell: str | None = None, tell_holder: bool = True,
         **values: Any) -> Outcome:
    """Move a request out of its current state if it is still in `allowed`,
    withdraw pending offers, and tell the coach being offered it (and the one
    holding it, with `tell_holder`)."""
    holder = request.coach if request.status == ACCEPTED and tell_holder else None
    moved = db.execute(update(Request).where(Request.id == request.id, allowed)
                       .values(**values)).rowcount
    if moved != 1:
        return Outcome.WRONG_STATE
    for offer in _withdraw_offers(db, request.id, now):
        holder = holder or offer.coach
    if tell is not None and holder is not None:
        lang = "fr" if "fr" in holder.languages else "en"
        outbox.queue(db, holder.mobile, texts.text(tell, lang, n=request.id), now,
                     kind=kind, request_id=request.id)
    log(db, request.id, now, actor, kind)
    db.refresh(request)
    return Outcome.DONE


def mark_contacted(db: Session, request: Request, now: datetime, actor: str) -> Outcome:
    # The coach who reports the call knows; a coach still being offered it is told.
    return _end(db, request, now, actor, allowed=Request.status.in_(ACTIVE_STATES),
                kind="contacted", tell="withdrawn", tell_holder=False, status=CONTACTED,
                contacted_at=now, next_check_at=None)


def close(db: Session, request: Request, now: datetime, actor: str) -> Outcome:
    return _end(db, request, now, actor, allowed=Request.status.not_in((CLOSED, CANCELLED)),
                kind="closed", tell="withdrawn", status=CLOSED, closed_at=now,
                next_check_at=None)


def cancel(db: Session, ctx: Context, request: Request, now: datetime, actor: str) -> Outcome:
    """Cancel a request and tell the coach who holds it or is being offered it."""
    tell = "request_cancelled" if actor == "entrepreneur" else "request_cancelled_by_desk"
    return _end(db, request, now, actor, allowed=Request.status.in_(ACTIVE_STATES),
                kind="cancelled", tell=tell, status=CANCELLED, closed_at=now, next_check_at=None)


def reassign(db: Session, request: Request, now: datetime, actor: str) -> Outcome:
    """A coordinator takes a request back to offer it elsewhere; its coach is told."""
    return _end(db, request, now, actor, allowed=Request.status.in_((OPEN, OFFERED, ACCEPTED)),
                kind="reassigned", tell="withdrawn", status=OPEN, coach_id=None,
                accepted_at=None, next_check_at=now)


def _withdraw_offers(db: Session, request_id: int, now: datetime) -> list[Offer]:
    pending = list(db.scalars(select(Offer).where(Offer.request_id == request_id,
                                                  Offer.status == "pending")))
    db.execute(update(Offer).where(Offer.request_id == request_id, Offer.status == "pending")
               .values(status="withdrawn", answered_at=now))
    return pending


def active_request_of(db: Session, sender: str) -> Request | None:
    return db.scalar(select(Request).where(Request.sender == sender,
                                           Request.status.in_(ACTIVE_STATES))
                     .order_by(Request.id.desc()).limit(1))
