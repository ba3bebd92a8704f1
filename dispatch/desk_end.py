"""Closing and cancelling a request from the desk, and undoing it.

A coordinator gives a reason (it goes on the timeline with the step) and
chooses whether the person is told by SMS: the form shows the very text
(dispatch.texts' *_notice). Within UNDO_WITHIN of a coordinator's close or
cancel, "Rétablir" puts the request back: called back already, it reads
called back again; otherwise it waits for a coach again, in a new round so
that its coach may be asked first. What the person and the coaches were
told stays told; the person may be told it is open again.

A request held for saying nothing (dispatch.conversation) may be reopened
the same way, at any time, when a coordinator knows better.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dispatch import lifecycle, outbox, texts
from dispatch.conversation import NO_CONTENT
from dispatch.db import changed
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.localtime import moment_words
from dispatch.models import CANCELLED, CLOSED, CONTACTED, OPEN, Event, Message, Request

UNDO_WITHIN = timedelta(hours=24)
# Why a request is closed or cancelled, as the form offers it.
CLOSE_REASONS = {
    "unreachable": "personne injoignable après plusieurs appels",
    "handled": "traitée autrement (téléphone, partenaire)",
    "duplicate": "doublon d'une autre demande",
    "out_of_scope": "hors du champ de la ligne",
    "other": "autre raison",
}
CANCEL_REASONS = {
    "asked": "à la demande de la personne",
    "duplicate": "doublon d'une autre demande",
    "mistake": "essai ou erreur",
    "other": "autre raison",
}
# Steps taken by the person, the clock or the line itself are not undone here.
NOT_THE_DESK = ("entrepreneur", "clock", "hotline")


def notice_key(action: str, motive: str = "") -> str:
    """The text that tells the person: cancelled, closed, or closed as unreachable."""
    if action == "cancel":
        return "cancelled_notice"
    return "unreachable_notice" if motive == "unreachable" else "closed_notice"


def notice(ctx: Context, request: Request, key: str) -> str:
    return texts.text(key, request.language, hotline=ctx.name, n=request.id)


def end(db: Session, ctx: Context, request: Request, action: str, motive: str, words: str,
        tell: bool, now: datetime, actor: str) -> Outcome:
    """Close (`action` "close") or cancel a request with a reason; tell the person
    by SMS when `tell`. Coaches holding or being offered it are told as always."""
    reasons = CLOSE_REASONS if action == "close" else CANCEL_REASONS
    reason = reasons.get(motive, reasons["other"]) + (f" : {words}" if words else "")
    if action == "close":
        outcome = lifecycle.close(db, request, now, actor,
                                  "unreachable" if motive == "unreachable" else None)
    else:
        outcome = lifecycle.cancel(db, ctx, request, now, actor)
    if outcome is not Outcome.DONE:
        return outcome
    kind = "closed" if action == "close" else "cancelled"
    event = db.scalar(select(Event).where(Event.request_id == request.id, Event.kind == kind)
                      .order_by(Event.id.desc()).limit(1))
    if event is not None:
        event.detail = reason
    if tell:
        _tell(db, ctx, request, notice_key(action, motive), now, actor)
    return Outcome.DONE


def _tell(db: Session, ctx: Context, request: Request, key: str, now: datetime,
          actor: str) -> None:
    """Tell the person on the channel they wrote by: a request that came by mail
    is answered by mail (the e-mail route sends the outbox's "email" rows)."""
    if not request.sender:
        return
    body = notice(ctx, request, key)
    by_mail = request.channel == "email"
    outbox.queue(db, request.sender, body, now, kind="notice", request_id=request.id,
                 channel="email" if by_mail else "sms")
    lifecycle.log(db, request.id, now, actor, "notice",
                  "mail à la personne" if by_mail else "SMS à la personne")


@dataclass(frozen=True)
class Undo:
    """A close or cancel the desk may still take back."""
    kind: str             # closed, cancelled, or no_content (held for saying nothing)
    by: str
    at: datetime
    until: datetime | None
    reason: str
    told: bool            # the person was told by SMS


def undoable(db: Session, request: Request, now: datetime) -> Undo | None:
    """What "Rétablir" would take back, or None (too late, not the desk's, erased)."""
    if request.status not in (CLOSED, CANCELLED) or request.closed_at is None \
            or request.anonymised_at is not None:
        return None
    if request.closed_reason == NO_CONTENT:
        return Undo(NO_CONTENT, "la ligne", request.closed_at, None, "message incompris", False)
    if now - request.closed_at > UNDO_WITHIN:
        return None
    event = db.scalar(select(Event).where(Event.request_id == request.id,
                                          Event.kind.in_(("closed", "cancelled")))
                      .order_by(Event.id.desc()).limit(1))
    if event is None or event.actor in NOT_THE_DESK:
        return None
    told = db.scalar(select(Message.id).where(Message.request_id == request.id,
                                              Message.kind == "notice",
                                              Message.created_at >= request.closed_at)
                     .limit(1)) is not None
    return Undo(event.kind, event.actor, request.closed_at, request.closed_at + UNDO_WITHIN,
                event.detail, told)


def undo(db: Session, ctx: Context, request: Request, now: datetime, actor: str,
         tell: bool) -> Outcome:
    """Take back the desk's close or cancel (or reopen a request held for saying
    nothing). A guarded UPDATE: a second coordinator doing it too finds it done."""
    taken_back = undoable(db, request, now)
    if taken_back is None:
        return Outcome.WRONG_STATE
    contacted = request.contacted_at is not None
    values: dict[str, object] = {"status": CONTACTED if contacted else OPEN, "closed_at": None,
                                 "closed_reason": None}
    if not contacted:
        values.update(next_check_at=now, coach_id=None, accepted_at=None,
                      round=Request.round + 1)
        if taken_back.kind == NO_CONTENT:   # the promise starts when a person is known
            values.update(received_at=now, deadline=now + lifecycle.DEADLINE)
    moved = changed(db.execute(update(Request).where(Request.id == request.id,
                                             Request.status == request.status,
                                             Request.closed_at == request.closed_at)
                       .values(**values).execution_options(synchronize_session=False)))
    if moved != 1:
        return Outcome.WRONG_STATE
    db.refresh(request)
    what = {"closed": "clôture", "cancelled": "annulation",
            NO_CONTENT: "message incompris"}[taken_back.kind]
    lifecycle.log(db, request.id, now, actor, "reopened",
                  f"{what} annulée : " + ("la demande est de nouveau rappelée" if contacted else
                                         f"elle attend un coach, échéance "
                                         f"{moment_words(request.deadline, ctx.tz)}"))
    if tell and not contacted:
        _tell(db, ctx, request, "reopened_notice", now, actor)
    return Outcome.DONE
