"""What a coach's SMS command does (spec/service.md, "SMS commands").

Each handler returns the one short SMS that confirms or refuses; refusals
change nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch import lifecycle, outbox, texts
from dispatch.commands import Command
from dispatch.alerts import alert_on_call
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.models import ACCEPTED, CANCELLED, Coach, Offer, Request
from dispatch.phones import national

ATTEMPTS_BEFORE_ALERT = 3


def lang_of(coach: Coach) -> str:
    return "fr" if "fr" in coach.languages else "en"


def handle(db: Session, ctx: Context, coach: Coach, command: Command, now: datetime) -> str:
    lang = lang_of(coach)
    if command.verb == "AIDE":
        return texts.text("help_coach", lang)
    if command.verb == "PAUSE":
        coach.paused = True
        lifecycle.log(db, None, now, coach.name, "paused")
        return texts.text("paused", lang)
    if command.verb == "DISPO":
        coach.paused = False
        lifecycle.log(db, None, now, coach.name, "resumed")
        return texts.text("resumed", lang)
    if command.verb in ("OK", "NON"):
        return _answer_offer(db, ctx, coach, command, now, lang)
    return _about_request(db, ctx, coach, command, now, lang)


def _pending_offers(db: Session, coach: Coach) -> list[Offer]:
    return list(db.scalars(select(Offer).where(Offer.coach_id == coach.id,
                                               Offer.status == "pending").order_by(Offer.id)))


def _held(db: Session, coach: Coach) -> list[Request]:
    return list(db.scalars(select(Request).where(Request.coach_id == coach.id,
                                                 Request.status == ACCEPTED).order_by(Request.id)))


def _which(numbers: list[int], command: Command, lang: str) -> str:
    if not numbers:
        return texts.text("no_request", lang)
    return texts.text("which_request", lang, verb=command.verb,
                      numbers=" / ".join(str(n) for n in numbers))


def _answer_offer(db: Session, ctx: Context, coach: Coach, command: Command, now: datetime,
                  lang: str) -> str:
    if command.number is None:
        offers = _pending_offers(db, coach)
        if len(offers) != 1:
            return _which([o.request_id for o in offers], command, lang)
        offer = offers[0]
    else:
        offer = db.scalar(select(Offer).where(Offer.coach_id == coach.id,
                                              Offer.request_id == command.number)
                          .order_by(Offer.id.desc()).limit(1))
        if offer is None:
            return texts.text("not_yours", lang, n=command.number)
    n = offer.request_id
    if command.verb == "NON":
        outcome = lifecycle.decline(db, offer, now)
        return texts.text("declined" if outcome is Outcome.DONE else "too_late", lang, n=n)
    outcome = lifecycle.accept(db, offer, now)
    if outcome is Outcome.CANCELLED:
        return texts.text("request_cancelled", lang, n=n)
    if outcome is not Outcome.DONE:
        return texts.text("too_late", lang, n=n)
    return texts.text("accepted", lang, **lifecycle.details(offer.request, ctx, lang))


def _about_request(db: Session, ctx: Context, coach: Coach, command: Command, now: datetime,
                   lang: str) -> str:
    if command.number is None:
        held = _held(db, coach)
        if command.verb == "INFO":
            held += [o.request for o in _pending_offers(db, coach)]
        if len(held) != 1:
            return _which([r.id for r in held], command, lang)
        request = held[0]
    else:
        request = db.get(Request, command.number)
        offered = request is not None and db.scalar(select(Offer.id).where(
            Offer.request_id == request.id, Offer.coach_id == coach.id,
            Offer.status == "pending"))
        if request is None or (request.coach_id != coach.id and not
                               (command.verb == "INFO" and offered)):
            return texts.text("not_yours", lang, n=command.number)
    if command.verb == "INFO":
        return texts.text("info", lang, **lifecycle.details(request, ctx, lang))
    if request.status == CANCELLED:
        return texts.text("request_cancelled", lang, n=request.id)
    if command.verb == "FAIT":
        outcome = lifecycle.mark_contacted(db, request, now, coach.name)
        return texts.text("done", lang, n=request.id) if outcome is Outcome.DONE else \
            texts.text("info", lang, **lifecycle.details(request, ctx, lang))
    return _failed_call(db, ctx, coach, request, now, lang)


def _failed_call(db: Session, ctx: Context, coach: Coach, request: Request, now: datetime,
                 lang: str) -> str:
    if request.status != ACCEPTED:
        return texts.text("info", lang, **lifecycle.details(request, ctx, lang))
    request.failed_attempts += 1
    tries = request.failed_attempts
    lifecycle.log(db, request.id, now, coach.name, "call_failed", f"attempt {tries}")
    # To the mobile that texted us: the callback number may be a landline.
    if request.sender:
        outbox.queue(db, request.sender,
                     texts.text("tried_to_call", request.language, hotline=ctx.name, n=request.id,
                                coach_number=national(coach.mobile)),
                     now, kind="tried_to_call", request_id=request.id)
    if tries == ATTEMPTS_BEFORE_ALERT:
        alert_on_call(db, ctx, now, "alert_attempts", request.id, tries=tries, coach=coach.name)
        lifecycle.log(db, request.id, now, "clock", "escalated", f"{tries} failed attempts")
    return texts.text("failed_logged", lang, n=request.id, tries=tries)
