"""What a coach's SMS does (spec/service.md, "SMS commands").

Each handler returns the one short SMS that confirms or refuses; refusals
change nothing.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from channels.base import EMAIL
from dispatch import deadlines, lifecycle, outbox, pause_dates, pauses, texts
from dispatch.alerts import alert_on_call
from dispatch.commands import Command, normalise
from dispatch.db import one_of
from dispatch.hotline import Context
from dispatch.lifecycle import FAILED_CALLS_LIMIT, Outcome, lang_of
from dispatch.models import (
    ACCEPTED,
    CANCELLED,
    CLOSED,
    CONTACTED,
    OFFERED,
    OPEN,
    Coach,
    Event,
    Offer,
    Request,
)

__all__ = ["handle", "free_text", "just_reported", "lang_of", "tell_tried"]


def handle(db: Session, ctx: Context, coach: Coach, command: Command, now: datetime,
           body: str = "") -> str:
    if command.loose and command.number is not None and not _ever_offered(db, coach,
                                                                          command.number):
        # "OK pour 9 30", "non le 25 je peux pas": a time or a date, not a
        # request of theirs; read as the command alone.
        command = replace(command, number=None, more=())
    if command.more:
        # "OK 1 2": each number answered in turn, the answers in one SMS.
        return "\n".join(handle(db, ctx, coach, replace(command, number=n, more=()), now)
                         for n in (command.number, *command.more))
    # A coach who speaks both and writes "YES 3" is answered in English.
    lang = "en" if command.lang == "en" and "en" in coach.languages else lang_of(coach)
    if command.verb == "AIDE":
        return texts.text("help_coach", lang)
    if command.verb == "PAUSE":
        # "PAUSE until Monday" from a coach who speaks both is answered in English.
        if "en" in coach.languages and pause_dates.in_english(body or command.words):
            lang = "en"
        return pauses.start(db, ctx, coach, body or command.words, now, lang)
    if command.verb == "DISPO":
        pauses.stop(db, coach, now)
        return texts.text("resumed", lang)
    if command.verb == "PRIS":
        # "Je prends la 2" from a coach is their OK (a coordinator's PRIS);
        # "je prends note, je la rappelle demain" is words, not an OK.
        if command.number is None and _worth_keeping(command.words):
            return free_text(db, ctx, coach, body or command.words, now)
        command = replace(command, verb="OK")
    if command.verb == "OK":
        if not coach.active:
            # Set `active: false` in the roster: nothing new for them (what they
            # held went back in line, roster_sync); FAIT, ECHEC, INFO still work.
            return texts.text("coach_inactive", lang)
        return _accept(db, ctx, coach, command, now, lang)
    if command.verb in ("NON", "RENDRE"):
        return _decline_or_give_back(db, ctx, coach, command, now, lang)
    return _about_request(db, ctx, coach, command, now, lang)


def free_text(db: Session, ctx: Context, coach: Coach, body: str, now: datetime) -> str:
    """Words that are no command: a note on the one request the coach holds, else help."""
    lang = lang_of(coach)
    if lang != "en" and "en" in coach.languages and _written_in_english(body):
        lang = "en"   # "Tried, no answer" from a coach who speaks both
    held = _held(db, coach)
    if len(held) != 1:
        return texts.text("not_understood_coach", lang)
    request = held[0]
    _add_note(db, request, coach, body, now)
    return texts.text("noted", lang, n=request.id)


def _written_in_english(body: str) -> bool:
    from dispatch.parsing.language import detect
    from dispatch.parsing.normalize import fold, words
    return detect(words(fold(body).text)) == "en"


def _add_note(db: Session, request: Request, coach: Coach, words: str, now: datetime) -> None:
    words = words.strip()[:2000]
    request.note = f"{request.note}\n{words}" if request.note else words
    lifecycle.log(db, request.id, now, coach.name, "note", words)


def _pending_offers(db: Session, coach: Coach) -> list[Offer]:
    return list(db.scalars(select(Offer).where(Offer.coach_id == coach.id,
                                               Offer.status == lifecycle.PENDING,
                                               Offer.sent_at.is_not(None))
                           .order_by(Offer.id)))


LAPSED_WITHIN = timedelta(hours=24)
# The latest expired offer of each request still waiting for a coach.
_LAPSED = (select(Offer).join(Request, Request.id == Offer.request_id)
           .where(Offer.coach_id == bindparam("coach_id"), Offer.status == lifecycle.EXPIRED,
                  Offer.sent_at >= bindparam("since"), one_of(Request.status, (OPEN, OFFERED)))
           .order_by(Offer.id.desc()))


def _lapsed_offers(db: Session, coach: Coach, now: datetime) -> list[Offer]:
    latest: dict[int, Offer] = {}
    for offer in db.scalars(_LAPSED, {"coach_id": coach.id, "since": now - LAPSED_WITHIN}):
        latest.setdefault(offer.request_id, offer)
    return sorted(latest.values(), key=lambda o: o.request_id)


def _held(db: Session, coach: Coach) -> list[Request]:
    return list(db.scalars(select(Request).where(Request.coach_id == coach.id,
                                                 Request.status == ACCEPTED).order_by(Request.id)))


def _which(numbers: list[int], command: Command, lang: str) -> str:
    if not numbers:
        return texts.text("no_request", lang)
    verb = ENGLISH_VERBS.get(command.verb, command.verb) if lang == "en" else command.verb
    return texts.text("which_request", lang, verb=verb,
                      numbers=" / ".join(str(n) for n in numbers))


def _not_yours(db: Session, coach: Coach, command: Command, lang: str) -> str:
    """A report about a request that is not the coach's: the ones they do hold
    named, with the command to use (a mistyped number, most often)."""
    held = [r.id for r in _held(db, coach)] if command.verb in ("FAIT", "ECHEC") else []
    if not held:
        return texts.text("not_yours", lang, n=command.number)
    verb = ENGLISH_VERBS.get(command.verb, command.verb) if lang == "en" else command.verb
    return texts.text("not_yours_held", lang, n=command.number, verb=verb,
                      numbers=" / ".join(str(n) for n in held))


# The canonical verbs as an English speaker writes them (dispatch.commands reads both).
ENGLISH_VERBS = {"NON": "NO", "FAIT": "DONE", "RENDRE": "NO", "ECHEC": "FAILED"}


# Asked for every coach's answer: built once.
_LATEST_OFFER = (select(Offer).where(Offer.coach_id == bindparam("coach_id"),
                                     Offer.request_id == bindparam("request_id"))
                 .order_by(Offer.id.desc()).limit(1))
_OFFERED_TO = select(Offer.id).where(Offer.request_id == bindparam("request_id"),
                                     Offer.coach_id == bindparam("coach_id"),
                                     Offer.status == lifecycle.PENDING)


def _ever_offered(db: Session, coach: Coach, number: int) -> bool:
    return _latest_offer(db, coach, number) is not None


def _latest_offer(db: Session, coach: Coach, number: int) -> Offer | None:
    return db.scalar(_LATEST_OFFER, {"coach_id": coach.id, "request_id": number})


def _accept(db: Session, ctx: Context, coach: Coach, command: Command, now: datetime,
            lang: str) -> str:
    if command.number is None:
        # A late OK still wins while nobody holds the request: with no offer
        # standing, the one request whose offer to this coach lapsed lately.
        offers = _pending_offers(db, coach)
        if not offers and (not command.words or not _held(db, coach)):
            # "Ok merci" from a coach calling someone is a thank-you, not a
            # late OK to an offer they let pass.
            offers = _lapsed_offers(db, coach, now)
        if len(offers) != 1:
            return _which([o.request_id for o in offers], command, lang)
        offer: Offer | None = offers[0]
    else:
        offer = _latest_offer(db, coach, command.number)
        if offer is None:
            return texts.text("not_yours", lang, n=command.number)
    assert offer is not None
    n = offer.request_id
    if offer.status == lifecycle.WITHDRAWN and offer.request.status in (OPEN, OFFERED):
        # The coordinators took it back to give it elsewhere: their decision
        # stands, a late OK does not undo it (held by someone: "too late" below).
        return texts.text("not_yours", lang, n=n)
    outcome = lifecycle.accept(db, ctx, offer, now)
    if outcome is Outcome.CANCELLED:
        return texts.text("request_cancelled", lang, n=n)
    if outcome is Outcome.ALREADY:
        return texts.text("already_yours", lang, n=n)
    if outcome is Outcome.FULL:
        return texts.text("accept_full", lang, n=n, count=lifecycle.open_count(db, coach.id))
    if outcome is not Outcome.DONE:
        return _too_late(db, coach, n, lang)
    if _worth_keeping(command.words):
        _add_note(db, offer.request, coach, command.words, now)   # "OK 1 mais pas avant 18h"
    return texts.text(_accepted_key(offer.request, coach, ctx, now), lang,
                      **lifecycle.details(offer.request, ctx, lang, now),
                      within=lifecycle.within(offer.request, now, lang))


def _accepted_key(request: Request, coach: Coach, ctx: Context, now: datetime) -> str:
    """The reply to an OK that won: a crisis, late, or to call outside the
    coach's own windows (the deadline said plainly, and the way to give it
    back while someone else still can call in time)."""
    if request.crisis:
        return "accepted_crisis"
    if now >= request.deadline:
        return "accepted_late"
    if not deadlines.can_call_in_time(request, coach.availability, now, ctx.tz):
        return "accepted_outside"
    return "accepted"


def _too_late(db: Session, coach: Coach, n: int, lang: str) -> str:
    """Taken by someone else (the coach's late OK or NON): said now, so the
    "taken" notice queued for this coach when the other OK won
    (lifecycle.accept) is not sent on top of it."""
    outbox.withdraw(db, n, "taken", to=coach.mobile)
    return texts.text("too_late", lang, n=n)


# Words after a command that say nothing about the request.
_POLITE = {"MERCI", "MERCI BEAUCOUP", "OK", "SVP", "THANKS", "THANK YOU", "BIEN RECU", "DACCORD",
           "DESOLE", "DESOLEE", "SORRY", "DESOLE MERCI", "DESOLEE MERCI",
           "D ACCORD", "PARFAIT", "SUPER", "TOP", "BONNE JOURNEE", "BONNE SOIREE", "CDT",
           "CORDIALEMENT", "BISES", "A PLUS"}


SAME_REPORT_WITHIN = timedelta(minutes=5)


def _just_reported(db: Session, request: Request, coach: Coach, now: datetime) -> bool:
    """This coach reported a failed call on this request minutes ago."""
    return just_reported(db, request, coach.name, now)


def just_reported(db: Session, request: Request, actor: str, now: datetime) -> bool:
    """`actor` (a coach's or a coordinator's name) reported a failed call on
    this request minutes ago."""
    return db.scalar(select(Event.id).where(
        Event.request_id == request.id, Event.kind == "call_failed", Event.actor == actor,
        Event.at > now - SAME_REPORT_WITHIN).limit(1)) is not None


def tell_tried(db: Session, ctx: Context, request: Request, now: datetime,
               key: str = "tried_to_call") -> None:
    """Tell the person someone tried to call them (`key`: or, after the last
    try, to give a better time): to the mobile that texted us (the callback
    number may be a landline), by mail to whoever wrote by mail; never with
    the caller's own number."""
    if request.sender and request.channel == EMAIL:
        # Imported here: mail_inbound reaches back to dispatch.inbound, which imports us.
        from dispatch import mail_inbound
        mail_inbound.tell(db, ctx, request, key, now, kind="tried_to_call")
    elif request.sender:
        outbox.queue(db, request.sender,
                     texts.text(key, request.language, hotline=ctx.name, n=request.id),
                     now, kind="tried_to_call", request_id=request.id)


def _worth_keeping(words: str) -> bool:
    return bool(words) and normalise(words) not in _POLITE


def _decline_or_give_back(db: Session, ctx: Context, coach: Coach, command: Command,
                          now: datetime, lang: str) -> str:
    """NON to an offer declines it; NON or RENDRE to a request held gives it back."""
    away = command.verb == "NON" and bool(UNAVAILABLE.search(normalise(command.words)))
    if command.number is None:
        offers = [] if command.verb == "RENDRE" else _pending_offers(db, coach)
        held = _held(db, coach)
        if command.verb == "NON" and not offers \
                and (not _worth_keeping(command.words) or not held):
            # A late "Non désolé" answers the offer that lapsed unread, as a
            # late OK takes it (_accept): it must not give back the request
            # held ("Non, je rappelle le 26" is about that one, below).
            offers = _lapsed_offers(db, coach, now)
        if away and len(offers) > 1:
            # "Non désolé, pas dispo ce week-end" with two offers standing: no
            # to both, not "which one?"; and the way to stop offers said.
            declined = [o.request_id for o in offers
                        if lifecycle.decline(db, o, now) is Outcome.DONE]
            if declined:
                return texts.text("declined_all_away", lang,
                                  numbers=texts.and_list(declined, lang))
        if offers and held and offers[0].status != lifecycle.PENDING:
            # A bare no from a coach calling someone, with an offer that lapsed
            # since: the request held or the offer? Asked, not guessed (the
            # one held handed back by mistake, or the no lost on the offer).
            return _which(sorted({o.request_id for o in offers} | {r.id for r in held}),
                          command, lang)
        if offers:
            # A bare no is to the offers standing; a request held is given
            # back only by RENDRE, or with its number, then.
            if len(offers) != 1:
                return _which([o.request_id for o in offers], command, lang)
            held = []
        elif len(held) != 1:
            return _which([r.id for r in held], command, lang)
        if not offers and _worth_keeping(command.words):
            # "Non, toujours pas joignable", "non je rappelle le 26": words about
            # the call, not a request handed back without a number; kept, and
            # the way to hand it back said.
            _add_note(db, held[0], coach, command.words, now)
            return texts.text("confirm_give_back", lang, n=held[0].id)
        number = offers[0].request_id if offers else held[0].id
    else:
        number = command.number
    request = db.get(Request, number)
    if request is not None and request.status == ACCEPTED and request.coach_id == coach.id:
        lifecycle.give_back(db, request, coach, now)
        return texts.text("given_back", lang, n=number)
    if request is not None and request.status == CANCELLED \
            and _latest_offer(db, coach, number) is not None:
        return texts.text("request_cancelled", lang, n=number)
    offer = _latest_offer(db, coach, number)
    if offer is None or command.verb == "RENDRE":
        return texts.text("not_yours", lang, n=number)
    outcome = lifecycle.decline(db, offer, now)
    if outcome is not Outcome.DONE:
        return _too_late(db, coach, number, lang)
    return texts.text("declined_away" if away else "declined", lang, n=number)


# A no that says the coach is away for a while, not only from this request:
# "pas dispo ce week-end", "en déplacement", "not available this week".
UNAVAILABLE = re.compile(
    r"\b(PAS|PLUS) (DISPO|DISPONIBLE|LIBRE)S?\b|\bINDISPO(NIBLE)?S?\b|\bEN (VACANCES|DEPLACEMENT"
    r"|CONGES?|ARRET)\b|\bMALADE\b|\bHOSPITALISEE?\b|\bNOT AVAILABLE\b|\bUNAVAILABLE\b"
    r"|\bON (HOLIDAY|VACATION|LEAVE)\b|\bAWAY\b|\bSICK\b")


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
        found = db.get(Request, command.number)
        offered = found is not None and db.scalar(_OFFERED_TO, {"request_id": found.id,
                                                               "coach_id": coach.id})
        if found is not None and offered and found.coach_id is None \
                and command.verb in ("FAIT", "ECHEC") and found.status in (OPEN, OFFERED):
            # Called straight away, without the OK first: the call is theirs.
            offer = _latest_offer(db, coach, found.id)
            if offer is not None and lifecycle.accept(db, ctx, offer, now) is Outcome.DONE:
                db.refresh(found)
        if found is None or (found.coach_id != coach.id and not
                             (command.verb == "INFO" and offered)):
            return _not_yours(db, coach, command, lang)
        request = found
    if command.verb == "INFO":
        return texts.text("info", lang, **lifecycle.details(request, ctx, lang))
    if request.status == CANCELLED:
        return texts.text("request_cancelled", lang, n=request.id)
    if command.verb == "FAIT":
        outcome = lifecycle.mark_contacted(db, request, now, coach.name,
                                           note=command.words or None)
        if outcome is not Outcome.DONE:
            if request.status == CLOSED and request.coach_id == coach.id:
                # The coordinators closed it (unreachable, say) and the coach got
                # through after all: their words go on the timeline, not lost.
                lifecycle.log(db, request.id, now, coach.name, "note",
                              "appel fait après la clôture" + (f" : {command.words}"
                                                                if command.words else ""))
                return texts.text("done_after_close", lang, n=request.id)
            if request.status != CONTACTED or request.coach_id != coach.id:
                return texts.text("info", lang, **lifecycle.details(request, ctx, lang))
            # Marked called back already (by the desk): the coach's words on the
            # call (an orientation, say) are kept all the same.
            if command.words:
                _add_note(db, request, coach, command.words, now)
        return texts.text("done_noted" if command.words else "done", lang, n=request.id)
    return _failed_call(db, ctx, coach, request, now, lang, command.words)


def _failed_call(db: Session, ctx: Context, coach: Coach, request: Request, now: datetime,
                 lang: str, words: str = "") -> str:
    if request.status == CONTACTED:
        # ECHEC just after their own FAIT: the FAIT was a mistake; the call
        # did not happen and the request is still theirs to call.
        lifecycle.unmark_contacted(db, request, coach, now)
    if request.status != ACCEPTED:
        return texts.text("info", lang, **lifecycle.details(request, ctx, lang))
    if _just_reported(db, request, coach, now):
        # The same ECHEC sent again (no network, a double tap): one try, one
        # SMS to the person, not a step towards the three-tries alert.
        return texts.text("failed_logged", lang, n=request.id, tries=request.failed_attempts)
    if _worth_keeping(words):
        _add_note(db, request, coach, words, now)   # "ECHEC 3 messagerie pleine"
    request.failed_attempts += 1
    tries = request.failed_attempts
    lifecycle.log(db, request.id, now, coach.name, "call_failed", f"essai {tries}")
    limit = tries == FAILED_CALLS_LIMIT
    tell_tried(db, ctx, request, now, "better_time" if limit else "tried_to_call")
    if limit:
        lifecycle.coach_freed(db, now)   # three tries: no longer counted as a call in hand
        alert_on_call(db, ctx, now, "alert_attempts", request.id, tries=tries, coach=coach.name,
                      deadline=lifecycle.details(request, ctx)["deadline"])
        lifecycle.log(db, request.id, now, "clock", "escalated",
                      f"{tries} appels sans réponse : à la coordination de décider")
        return texts.text("failed_limit", lang, n=request.id, tries=tries)
    return texts.text("failed_logged", lang, n=request.id, tries=tries)
