"""What a coordinator's SMS does: `PRIS N` (or `ACK N`) takes a request in
hand (`PRIS 1 2` each of them; "OK", "oui", "1" the one paged about),
`FAIT N [words]` says the call was made, `ECHEC N` that it was tried and
nobody answered, `INFO N` gives its details; anything else gets the short
help."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dispatch import lifecycle, texts
from dispatch.alerts import told_since
from dispatch.coach_commands import just_reported, tell_tried
from dispatch.commands import Command, normalise, parse_command
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.localtime import when_words
from dispatch.models import (
    ACCEPTED,
    ACTIVE_STATES,
    CLOSED,
    CONTACTED,
    Alert,
    Coordinator,
    Request,
)
from dispatch.phones import national

RECENT = timedelta(hours=24)


# How coordinators answer a page or an alert, besides PRIS: "oui", "OK 1",
# "je la prends", "je l'appelle", "OK je rappelle", "je m'en occupe", "je
# gère", PRIS mistyped ("pri 1", "prsi 1"). Whoever is a coach too is routed
# as a coach (dispatch.inbound): their OK stays an OK.
TAKE_SAID = re.compile(r"^(?:(?:OK|OUI|D ACCORD|DACCORD)\s+)?(?:JE (?:LA |LE )?PRENDS"
                       r"|J APPELLE|JE L APPELLE|JE (?:LA |LE )?RAPPELLE"
                       r"|JE M EN (?:OCCUPE|CHARGE)|JE GERE"
                       r"|PRIS|PRI|PRSI|PIRS|RPIS|PRISS)\b")


def read(body: str) -> Command | None:
    """The command a coordinator's SMS is, with what they answer a page with
    read as PRIS (spec 6-7: the alert says PRIS N, the call « appuyez sur 1 »)."""
    text = normalise(body).replace("#", " ").strip()
    if text == "1":
        return Command("PRIS", None)   # the key the page's call asks for, texted
    if re.match(r"^PRIS\s+NOTE\b", text):
        return None   # "pris note": noted, not taken
    said = TAKE_SAID.match(text)
    if said:
        command = parse_command("PRIS" + text[said.end():])
        # In other words than PRIS, only with nothing more said: "je prends mon
        # service à 8h" takes nothing.
        exact = said.group(0) == "PRIS"
        return command if command is None or exact or _only_polite(command.words) else None
    command = parse_command(body)
    if command is not None and command.verb == "OK" and _only_polite(command.words):
        # "OK 1", "oui": not "OK merci" (a thank-you for an alert), nor
        # "ok 1 sec" (a minute, not request 1).
        return replace(command, verb="PRIS") if command.number is not None \
            or not command.words else command
    return command


_POLITE = {"SVP", "STP", "MERCI", "PLEASE", "THANKS", "C", "EST", "MOI", "POUR", "LA", "LE"}


# "je m'en occupe tout de suite" says no more than "je m'en occupe"; "demain" does.
_AT_ONCE = re.compile(r"\b(?:TOUT DE SUITE|DE SUITE|DESUITE|MAINTENANT|TDS)\b")


def _only_polite(words: str) -> bool:
    return all(word in _POLITE for word in _AT_ONCE.sub(" ", normalise(words)).split())


def handle(db: Session, ctx: Context, person: Coordinator, body: str, now: datetime) -> str:
    command = read(body)
    if command is not None and command.verb == "AIDE":
        return texts.text("help_coordinator", "fr", hotline=ctx.name, url=ctx.base_url or "/")
    if command is None or command.verb not in ("PRIS", "INFO", "FAIT", "ECHEC"):
        return texts.text("not_understood_coordinator", "fr", url=ctx.base_url or "/")
    number = command.number
    if command.verb == "PRIS" and number is not None and command.more:
        return take_several(db, [number, *command.more], person, now, ctx)
    if number is None:
        asked = _could_mean(db, person, now, command.verb)
        if len(asked) != 1:
            if not asked:
                return texts.text("help_coordinator", "fr", hotline=ctx.name,
                                  url=ctx.base_url or "/")
            return texts.text("which_request", "fr", verb=command.verb,
                              numbers=" / ".join(str(n) for n in asked))
        number = asked[0]
    request = db.get(Request, number)
    if request is None:
        return texts.text("not_a_request", "fr", n=number)
    values = lifecycle.details(request, ctx)
    if command.verb == "INFO":
        return " ".join([texts.text("info", "fr", **values), *_hands(request, person)])
    if command.verb == "FAIT":
        return done(db, request, person, now, command.words, ctx)
    if command.verb == "ECHEC":
        return tried(db, request, person, now, command.words, ctx)
    return take(db, request, person, now, "par SMS (PRIS)", ctx)


def _could_mean(db: Session, person: Coordinator, now: datetime, verb: str) -> list[int]:
    """The requests a command without its number may be about."""
    if verb in ("FAIT", "ECHEC"):
        # The call made or tried: one this coordinator took in hand.
        held = list(db.scalars(select(Request.id).where(
            Request.taken_by_id == person.id, Request.status.in_(ACTIVE_STATES))
            .order_by(Request.id)))
        # Only one they took in hand: "c'est fait" after an alert may be about
        # anything (a coach found, a call given to someone), and a request
        # marked called wrongly is a person nobody calls.
        return held
    # None left untaken: the one someone else took meanwhile, so that the
    # answer says who has it (a second caller is worse than a help text).
    return told_about(db, person, now) or told_about(db, person, now, taken_too=True)


def _hands(request: Request, person: Coordinator) -> list[str]:
    """Whose hands it is in, for a coordinator's INFO: the coach calling, the
    coordinator who took it, or nobody yet (and how to take it)."""
    said = []
    if request.status == ACCEPTED and request.coach is not None \
            and request.failed_attempts >= lifecycle.FAILED_CALLS_LIMIT:
        said.append(texts.text("info_tries", "fr", coach=request.coach.first_name,
                               tries=request.failed_attempts))
    elif request.status == ACCEPTED and request.coach is not None:
        said.append(texts.text("page_coach_on_it", "fr", coach=request.coach.first_name))
    elif request.status in (CONTACTED, CLOSED) and request.contacted_at is not None \
            and request.coach is not None:
        said.append(texts.text("info_called_by", "fr", coach=request.coach.first_name))
    if request.taken_by is not None:
        who = "vous" if request.taken_by_id == person.id else request.taken_by.name
        said.append(texts.text("info_taken", "fr", who=who))
    elif request.status in ACTIVE_STATES:
        said.append(texts.text("info_not_taken", "fr", n=request.id))
    return said


def told_about(db: Session, person: Coordinator, now: datetime,
               taken_too: bool = False) -> list[int]:
    """Active requests nobody has taken in hand (with `taken_too`, taken or
    not) that this coordinator was paged or alerted about in the last day:
    what a bare `PRIS` can mean."""
    paged = told_since(db, person, now - RECENT)
    if not paged:
        return []
    query = select(Request.id).where(Request.id.in_(paged), Request.status.in_(ACTIVE_STATES))
    if not taken_too:
        query = query.where(Request.taken_by_id.is_(None))
    return list(db.scalars(query.order_by(Request.id)))


def take(db: Session, request: Request, person: Coordinator, now: datetime, via: str,
         ctx: Context) -> str:
    """Take the request in hand and say so. When someone else holds it and keeps
    it: who, since when and how to reach them (two callers must not phone the
    same person); when it was theirs and is taken over: from whom; when a
    coach accepted it: who will call (not a second caller either)."""
    before, held_at = request.taken_by, request.taken_at
    outcome = lifecycle.take_in_hand(db, request, person, now, via, ctx.tz)
    values = lifecycle.details(request, ctx)
    holder = request.taken_by
    if outcome is Outcome.TOO_LATE and holder is not None:
        # Told here who has it: the "prise en main par ..., rien à faire" SMS
        # waiting for the morning would wake them on their day off to say it again.
        db.execute(update(Alert).where(
            Alert.request_id == request.id, Alert.to_id == person.id,
            Alert.kind == "alert_crisis_taken", Alert.delivered_at.is_(None))
            .values(delivered_at=now, outcome="resolved"))
        # No time known (a row from before taken_at was kept): no gap left for it.
        return texts.text("taken_by_other", "fr", who=holder.name, mobile=national(holder.mobile),
                          when=_when(request.taken_at, now, ctx), **values).replace("  ", " ")
    if outcome is Outcome.WRONG_STATE:
        return texts.text("nothing_to_take", "fr", **values)
    coach = _calling(request)
    if outcome is Outcome.DONE and before is not None and before.id != person.id:
        over = texts.text("taken_over_ok", "fr", who=before.name, when=_when(held_at, now, ctx),
                          **values)
        if not coach:
            return over
        return " ".join([over, texts.text("taken_coach_on_it", "fr", coach=coach, n=request.id)])
    if coach:
        return texts.text("taken_ok_coach", "fr", coach=coach, **values)
    return texts.text("taken_ok", "fr", **values)


def _calling(request: Request) -> str:
    """The first name of the coach who accepted the request and is to call
    (not one whose calls went unanswered: that is the coordinators' to decide)."""
    if request.status == ACCEPTED and request.coach is not None \
            and request.failed_attempts < lifecycle.FAILED_CALLS_LIMIT:
        return request.coach.first_name
    return ""


def done(db: Session, request: Request, person: Coordinator, now: datetime, words: str,
         ctx: Context) -> str:
    """`FAIT N [words]`: the coordinator made the call (a crisis they took).
    Marked contacted as the desk's "rappelée" does: the coach holding it and
    those being offered it are told, the pages and alerts stop; the words are
    the note on the call, as a coach's."""
    outcome = lifecycle.mark_contacted(db, request, now, person.name, note=words or None,
                                       tell_holder=True)
    if outcome is Outcome.DONE:
        return texts.text("contacted_ok", "fr", n=request.id)
    if words:
        # Called back already, or closed: what the call said is kept all the same.
        request.note = f"{request.note}\n{words}" if request.note else words
        lifecycle.log(db, request.id, now, person.name, "note", words)
    return texts.text("contacted_already", "fr", **lifecycle.details(request, ctx))


def tried(db: Session, request: Request, person: Coordinator, now: datetime, words: str,
          ctx: Context) -> str:
    """`ECHEC N [words]`: the coordinator called and nobody answered (a crisis
    they took in hand, say). Noted on the timeline as a coach's ECHEC is, which
    tells the clock someone is on it (dispatch.held), and the person is told
    that someone tried, once for the same ECHEC sent twice. The coach's count
    of tries (three, then the coordinators decide) stays the coach's."""
    if request.status not in ACTIVE_STATES:
        return texts.text("contacted_already", "fr", **lifecycle.details(request, ctx))
    if not just_reported(db, request, person.name, now):
        lifecycle.log(db, request.id, now, person.name, "call_failed", "sans réponse")
        if words:
            # A note of its own: the words may name the person, which a
            # call_failed line, kept past the retention period, must not.
            lifecycle.log(db, request.id, now, person.name, "note", words)
        tell_tried(db, ctx, request, now)
    return texts.text("tried_noted", "fr", n=request.id)


def take_several(db: Session, numbers: list[int], person: Coordinator, now: datetime,
                 ctx: Context) -> str:
    """`PRIS 1 2`: each taken in hand in turn (not the first alone), and one
    reply: those now the coordinator's, then a line for each one not taken
    and why (who has it and how to reach them, or that it is over)."""
    taken: list[int] = []
    crises: set[int] = set()
    said, calling = [], []
    for number in numbers:
        request = db.get(Request, number)
        if request is None:
            said.append(texts.text("not_a_request", "fr", n=number))
            continue
        outcome = lifecycle.take_in_hand(db, request, person, now, "par SMS (PRIS)", ctx.tz)
        holder = request.taken_by
        if outcome in (Outcome.DONE, Outcome.ALREADY):
            taken.append(number)
            if request.crisis:
                crises.add(number)
            if _calling(request):
                calling.append(texts.text("taken_coach_on_it", "fr", n=number,
                                          coach=_calling(request)))
        elif outcome is Outcome.TOO_LATE and holder is not None:
            said.append(texts.text("taken_several_other", "fr", n=number, who=holder.name,
                                   mobile=national(holder.mobile)))
        else:
            said.append(texts.text("nothing_to_take", "fr", **lifecycle.details(request, ctx)))
    if taken:
        said[:0] = [texts.text("taken_several", "fr",
                               numbers=texts.requests_named(taken, crises)), *calling]
    return " ".join(said)


def _when(moment: datetime | None, now: datetime, ctx: Context) -> str:
    return when_words(moment, now, ctx.tz) if moment is not None else ""
