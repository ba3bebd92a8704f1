"""The entrepreneur's side of the conversation (spec/service.md, parts 1, 2, 6).

`handle` takes a stored inbound message and returns the reply to give, or
None for no reply (a carrier that answers its own opt-out words is not
answered twice; a flooding sender gets silence).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from channels.base import EMAIL, NO_CARRIER_WORDS, CarrierWords
from dispatch import deadlines, lifecycle, outbox, paging, texts, waiting
from dispatch.alerts import alert_on_call, in_quiet_hours
from dispatch.commands import CANCEL_REQUEST, HELP, OPT_IN, OPT_OUT, is_cancel, keyword
from dispatch.db import changed, one_of
from dispatch.hotline import Context, reachable
from dispatch.localtime import (
    at_words,
    day_words,
    hour_words,
    in_plan,
    moment_words,
    next_calling_start,
    promised_by,
    slot_phrase,
)
from dispatch.models import (
    ACCEPTED,
    CANCELLED,
    CLOSED,
    CONTACTED,
    OFFERED,
    OPEN,
    Escalation,
    Event,
    Message,
    PhoneStatus,
    Request,
)
from dispatch.parsing import ParseResult, parse
from dispatch.phones import mask
from dispatch.risk import first_offers

FLOOD_LIMIT = 10
FLOOD_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Answer:
    """What to tell the person, before it is worded for a channel: the text's
    key in dispatch.texts, its language and values. An SMS gets `sms`; a mail
    is worded by dispatch.mail_inbound from the same key."""
    key: str
    lang: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def sms(self) -> str:
        return texts.text(self.key, self.lang, **self.values)


def handle(db: Session, ctx: Context, message: Message, now: datetime,
           carrier: CarrierWords = NO_CARRIER_WORDS) -> str | None:
    """The reply to an entrepreneur's SMS; `carrier` says which words the
    route's carrier already acted on (opt-out, opt-in, its own answers)."""
    sender = message.from_number or ""
    body = message.body or ""
    word = keyword(body)
    request = lifecycle.active_request_of(db, sender)
    attached = waiting.by_sms(db, sender, body, now) if request is None else None
    request = request or attached
    message.request_id = request.id if request else None
    if word in OPT_OUT or word in carrier.opt_out:
        return _opt_out(db, ctx, message, word, request, now, carrier)
    if word in OPT_IN or (word in carrier.opt_in and _opted_out(db, sender)):
        outbox.phone_status(db, sender).opted_out_at = None
        lifecycle.log(db, request.id if request else None, now, mask(sender), "opted_in")
        return None if word in carrier.opt_in else \
            texts.text("opted_in", request.language if request else "fr", hotline=ctx.name)
    lang = request.language if request else "fr"
    if word in carrier.answers:
        return None
    if word in HELP:
        return texts.text("help_entrepreneur", "en" if word == "HELP" else lang, hotline=ctx.name)
    folded = _folded(body)
    if STOP_IN_WORDS.match(folded):
        # "Stop svp", "arrêtez de m'envoyer des SMS": no carrier acts on these,
        # Rappel does (and confirms it: it is not one of the carrier's words).
        return _opt_out(db, ctx, message, "STOP (en toutes lettres)", request, now, carrier)
    # CANCEL alone, where the carrier does not take it for an opt-out, is
    # ANNULER in English.
    if word in CANCEL_REQUEST or word == "CANCEL" or is_cancel(body):
        if request is None:
            return texts.text("nothing_to_cancel", lang)
        lifecycle.cancel(db, ctx, request, now, "entrepreneur")
        return texts.text("cancelled", lang, n=request.id)
    flooding = is_flooding(db, ctx, sender, now)
    if not any(c.isalnum() for c in body):
        if request is not None:
            lifecycle.log(db, request.id, now, "entrepreneur", "sms_in",
                          "(media or symbols only)" if body.strip() else "(empty message)")
        return None if flooding else texts.text("empty", lang, hotline=ctx.name)
    parsed = parse(body, now, ctx.tz.key)
    held = _held(db, sender, now) if request is None else None
    if held is not None and says_nothing(parsed, body):
        # Still nothing to go on: kept with the held request, not answered twice.
        message.request_id = held.id
        lifecycle.log(db, held.id, now, "entrepreneur", "sms_in", body)
        return None
    recent = recently_ended(db, sender, now) if request is None and held is None else None
    if recent is not None and recent.status == CANCELLED and not only_thanks(body):
        recent = None   # after ANNULER, anything but a thank-you is heard as new
    if recent is not None and says_not_called(body):
        return not_called(db, ctx, message, parsed, recent, now).sms
    if recent is not None and says_nothing_new(parsed, body, now):
        # "Merci beaucoup !" after the call: kept with that request, no new one.
        message.request_id = recent.id
        lifecycle.log(db, recent.id, now, "entrepreneur", "sms_in", body)
        return None
    if recent is not None and recent.status == CONTACTED and recent.coach is not None \
            and not parsed.crisis and FOLLOW_UP_PLANNED.search(folded) \
            and not NOT_HAPPENED.search(folded) and not is_chasing(body):
        # "Michel doit me rappeler jeudi, merci": the call agreed with the coach
        # who called, not a new request for someone else; that coach is told.
        message.request_id = recent.id
        lifecycle.log(db, recent.id, now, "entrepreneur", "sms_in", body)
        _forward(db, ctx, recent, body, now)
        return texts.text("merged", recent.language, n=recent.id)
    if request is None and held is None and says_nothing(parsed, body):
        reply = _hold(db, ctx, message, parsed, now)
    elif request is None:
        reply = open_request(db, ctx, message, parsed, now, held).sms
    else:
        answer = merge(db, ctx, request, message, parsed, now, flooding)
        if attached is not None and answer.key in ("merged", "merged_slot"):
            answer = Answer("number_added", answer.lang, {"hotline": ctx.name, "n": request.id})
        elif answer.key == "merged" and not NOT_GIVING_UP.search(folded) and (
                GIVING_UP.search(folded)
                or (CALLED_ALREADY.search(folded) and request.status in (OPEN, OFFERED))):
            # "Laissez tomber", "j'ai trouvé de l'aide": asked to confirm, not
            # left to believe it is cancelled while a coach will call.
            answer = Answer("cancel_confirm", answer.lang, {"n": request.id})
        reply = answer.sms
    return None if flooding and not parsed.crisis else reply


AFTERWORD_WINDOW = timedelta(days=3)
KNOWN_FOR = timedelta(days=90)   # an earlier request this recent gives its first name


# Asked for every SMS from an entrepreneur: built once.
_RECENTLY_ENDED = (select(Request).where(
    Request.sender == bindparam("sender"), one_of(Request.status, (CONTACTED, CLOSED, CANCELLED)),
    func.coalesce(Request.contacted_at, Request.closed_at) >= bindparam("since"))
    .order_by(Request.id.desc()).limit(1))
_LATEST_OF = (select(Request).where(Request.sender == bindparam("sender"))
              .order_by(Request.id.desc()).limit(1))


def recently_ended(db: Session, sender: str, now: datetime) -> Request | None:
    """The sender's request contacted or closed in the last three days, if any."""
    return db.scalar(_RECENTLY_ENDED, {"sender": sender, "since": now - AFTERWORD_WINDOW})


THANKS = re.compile(r"\b(merci|thanks?|thank you|bravo|super|parfait|top)\b")
# A later SMS whose times replace the earlier ones rather than add to them...
CORRECTS_SLOTS = re.compile(
    r"\b(finalement|plutot|en fait|changement|change|modifier|decaler|reporter"
    r"|(ne )?(suis|serai|serais) (pas|plus) (dispo|disponible|libre|la)|pas (dispo|disponible|libre)"
    r"|instead|actually|rather|not available|can t make)\b")
# ...unless it says so: "Vendredi aussi c'est possible, plutôt le matin".
ALSO = re.compile(r"\b(aussi|egalement|ou bien|en plus|also|too|as well)\b")
# A later SMS that corrects the number to call rather than adding one (not
# "vous pouvez aussi joindre mon associé au…", not "mon fixe, plutôt le soir").
CORRECTS_NUMBER = re.compile(
    r"\b(erreur|errone|faux|mauvais|corrige|correction|wrong)\b.*\b(numero|num|tel|telephone"
    r"|portable|number)\b|\b(numero|num|tel|portable|number)\b.*\b(erreur|errone|faux|mauvais"
    r"|corrige|wrong)\b|\bmon (vrai |bon |nouveau )?(numero|portable) (c est|est)\b"
    r"|\bmy (correct |right |new )?number is\b")
# ...not someone else's number, nor one given as well.
SOMEONE_ELSE = re.compile(
    r"\b(comptable|associee?|femme|mari|epouse|conjointe?|fils|fille|avocate?|banque|secretaire"
    r"|collegue|frere|soeur|pere|mere|aussi|egalement|partner|wife|husband|also)\b")
# ...unless the person says it is their own: "je vous ai écrit avec le portable
# de ma fille, mon numéro à moi c'est le 06…".
MY_NUMBER = re.compile(r"\b(mon|my) (propre |vrai |bon |nouveau |own )?(numero|num|portable|tel"
                       r"|telephone|number)( a moi| perso| personnel)? (c est|est|is)\b")
# Opting out in a few words: the whole message, nothing else in it ("arrêtez de
# m'écrire, je vais en finir" is a cry for help, not an opt-out).
STOP_IN_WORDS = re.compile(
    r"^(stop|arret|arrete|arretez)( (svp|stp|merci|please|les sms|les messages|sms))+$"
    r"|^(arretez|arrete|stop|cessez) (de )?(m |me )?(envoyer|ecrire)( (des|les|vos))?"
    r"( (sms|messages|textos))?( (svp|stp|merci|please))*$"
    r"|^stop (sending|texting)( me)?( (sms|messages|texts))?( please)?$")
# Giving up the request in words: asked to confirm with ANNULER (a word too
# easily written for something else to cancel on). Only when that is all the
# message says: not "je n'ai plus besoin de prêt, c'est l'URSSAF".
GIVING_UP = re.compile(
    r"^(laissez|laisse) tomber( (svp|merci|c est bon))*$|\bje veux annuler$|\bje souhaite annuler$"
    r"|\bplus besoin( de (vous|votre aide|rappel|d aide|m appeler|me rappeler|etre rappele))?"
    r"( merci( beaucoup)?)?$|\bj ?ai trouve (de l ?)?aide( merci( beaucoup)?)?$"
    r"|\bcancel (please|it)$|\bnever ?mind\b|\bno longer need (it|you|help)\b")
# "C'est bon, on m'a rappelé" with no coach holding the request: someone
# (a coordinator, another service) called; asked to confirm with ANNULER, or
# coaches would go on being offered a call already made. With a coach holding
# it, that coach is forwarded the words and notes the call (FAIT).
CALLED_ALREADY = re.compile(
    r"\b(on m ?a|j ?ai (bien )?ete|vous m ?avez|quelqu ?un m ?a) (bien |deja )*"
    r"(rappele|appele|contacte|recontacte)e?s?( merci( beaucoup)?)?$"
    r"|\b(someone|you) (already )?(called|rang) me( back)?( thanks?( you)?)?$"
    r"|\bi (have been|was|ve been) called( back)?( thanks?( you)?)?$")
NOT_GIVING_UP = re.compile(r"\b(mais|quand meme|toujours|but|still)\b")
# A person chasing a late request: "personne ne m'a rappelée", "toujours rien",
# "j'attends", "c'est urgent", "vous m'avez oublié".
CHASING = re.compile(
    r"\bpersonne\b.*\b(rappel|appel|contact)|\btoujours (pas|rien|personne|aucun|en attente)"
    r"|\bj ?attends\b|\bon attend\b|\bpas (eu )?de (nouvelles|rappel|appel|reponse)"
    r"|\burgen(t|ce)\b|\bvous m ?avez oubli|\brelance|\bquand (allez|vais|va)[- ]"
    r"|\bstill (no|waiting|nothing)|\bno one (has )?(called|rang)|\bnobody (has )?(called|rang)"
    r"|\bwaiting\b|\burgent\b"
    r"|\ballo\b|\bvous etes (la|ou)\b|\bon m ?a oubli|\bm ?avez vous oubli"
    r"|\bquelqu ?un (va|peut|pourrait) me (rappeler|contacter|appeler)|\bvous allez me rappeler"
    r"|\bare you there\b|\banyone there\b|\bforgot(ten)? (me|about me)\b"
    r"|\ballez vous me (rappeler|contacter|appeler)\b")


def _folded(body: str) -> str:
    text = unicodedata.normalize("NFKD", body.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    # Hyphens as spaces: "pouvez-vous", "rappelez-moi", "m'avez-vous".
    return " ".join(re.sub(r"[^a-z0-9? ]+", " ", text.replace("'", " ")).split())


# Asking for a call again: "vous pouvez me rappeler ?", "rappelez-moi svp",
# "je voudrais être rappelé", "call me back" (not "je n'hésiterai pas à vous
# rappeler", "il m'a dit de vous rappeler si besoin", "merci pour le rappel")...
ASKS_AGAIN = re.compile(
    r"\b(pouvez|pourriez|peut|pourrait|voudrais|veux|souhaite|souhaiterais|aimerais|merci de"
    r"|peux|pourrais)"
    r"( bien| toujours| encore)?( vous| tu)?( me)? (rappeler|recontacter|re ?appeler|appeler"
    r"|reparler|etre rappelee?|etre recontactee?|un rappel)\b"
    r"|\b(rappelez|rappelle|appelez|appelle|recontactez) ?moi\b"
    r"|\bme rappeler (svp|stp|s il vous plait)\b|\breparler\b"
    r"|\bcall me\b|\bcall back\b|\baidez ?moi\b|\baide moi\b")
# ...or a need said again: "j'ai besoin de parler à quelqu'un", "j'ai encore des
# questions" (not "ça m'a fait du bien de parler").
NEEDS_AGAIN = re.compile(
    r"\bbesoin (de |d )(parler|aide|vous|quelqu|un rappel|etre rappele)"
    r"|\b(encore|d autres|une autre|nouvelles?) questions?\b|\bj ?ai une question\b"
    r"|\bne sais plus (quoi|comment)\b|\bqu est ce que je (fais|dois faire)\b"
    r"|\bque (dois|faut) (je|il) faire\b|\bje ne sais (pas|plus) (quoi|comment)\b"
    r"|\bje fais quoi\b|\b(un |une )?(autre|nouveau|nouvelle) (souci|probleme|question|difficulte)"
    r"|\bi need (to talk|help|to speak|advice)\b|\b(another|a new) (problem|issue|question)\b")
# A follow-up call already agreed with the coach who called: "Michel doit me
# rappeler jeudi", "il va me rappeler lundi comme convenu".
FOLLOW_UP_PLANNED = re.compile(
    r"\b(doit|va) me (rappeler|recontacter)\b|\bcomme convenu\b|\bwill call me\b")
# ...and not a complaint that it did not happen ("devait me rappeler, rien").
NOT_HAPPENED = re.compile(r"\b(rien|jamais|toujours pas|pas encore|personne|still|never)\b")
NO_NEED = re.compile(r"\b(plus|pas) besoin\b|\bno need\b|\bno longer\b")
# A message that is nothing but thanks or an acknowledgement.
ONLY_THANKS = re.compile(
    r"^((ok|okay|merci|beaucoup|bien|recu|thanks?|thank|you|d|accord|daccord|super|parfait|top"
    r"|bonne|journee|soiree|au|revoir|cordialement|tres|encore|a|vous) ?)+$")


def only_thanks(body: str) -> bool:
    return bool(ONLY_THANKS.match(_folded(body).replace("?", "").strip()))


def says_nothing_new(parsed: ParseResult, body: str, now: datetime) -> bool:
    """No time to come, number, need, danger or wish to be called: a thank-you,
    not a new request.

    "Merci pour votre appel de ce matin" names a time, but a past one. A need
    named in the thanks ("merci pour vos conseils sur l'URSSAF") is the one
    just called about; one named in a sentence of its own after them ("Merci
    pour l'appel. Par contre la banque ferme mon compte") is a new one."""
    future = [s for s in parsed.slots if s.end > now]
    folded = _folded(body)
    thanks = bool(THANKS.search(folded))
    asks = bool(ASKS_AGAIN.search(folded) or NEEDS_AGAIN.search(folded)) \
        and not NO_NEED.search(folded)
    need = parsed.topic is not None and (not thanks or _need_apart(body, now))
    return not (future or parsed.crisis or parsed.phones or parsed.emails or asks
                or (parsed.flexible and not thanks) or need)


_SENTENCES = re.compile(r"(?<=[.!?;:])\s+|\n+")
# Praise for the call just made names its topic without asking anything more.
PAST_HELP = re.compile(r"\bm (a|ont|avez) (bien |beaucoup )?(aide|conseille|rassure|ecoute"
                       r"|eclaire)|\bfait du bien\b|\bgrace a (vous|lui|elle|toi)\b"
                       r"|\b(helped|reassured)\b"
                       # ...and good news since: "la banque a accepté le report".
                       r"|\b(accepte|acceptee|regle|reglee|resolu|resolue|arrange|arrangee"
                       r"|obtenu|obtenue|ca va mieux|tout va bien|c est bon|sorted|solved"
                       r"|accepted|good news|bonne nouvelle|accordent|accorde|accordee|valide"
                       r"|validee|soulagement|soulage|soulagee|ouf)\b")


def _need_apart(body: str, now: datetime) -> bool:
    """A need named in a sentence without thanks or praise for the call."""
    rest = " ".join(part for part in _SENTENCES.split(body)
                    if not THANKS.search(f := _folded(part)) and not PAST_HELP.search(f))
    return bool(rest.strip()) and parse(rest, now, "UTC").topic is not None


def is_chasing(body: str) -> bool:
    return bool(CHASING.search(_folded(body)))


# After a coach marked the call done (or the request was closed): the person
# says nobody called ("personne ne m'a rappelé", "toujours pas de nouvelles",
# "vous m'avez oublié ?"), not "j'attends le mail de Michel".
NOT_CALLED = re.compile(
    r"\bpersonne\b.*\b(rappel|appel|contact|joint)|\btoujours (pas|rien|personne|aucun)\b"
    r"|\bpas (eu |recu )?(de |d )?(nouvelles|rappel|appel)\b|\bj ?attends (toujours|encore)\b"
    r"|\bvous m ?avez oubli|\bon m ?a oubli|\bm ?avez vous oubli"
    r"|\b(ne )?m ?a(vez|ve|s)? (pas|jamais) (ete )?(rappele|appele|contacte|joint)"
    r"|\bjamais (ete )?(rappele|appele|contacte)|\bno one (has )?(called|rang)"
    r"|\bnobody (has )?(called|rang)|\bstill (no|waiting|nothing)\b|\bnever (called|rang)"
    r"|\bforgot(ten)? (me|about me)\b")


def says_not_called(body: str) -> bool:
    return bool(NOT_CALLED.search(_folded(body)))


def not_called(db: Session, ctx: Context, message: Message, parsed: ParseResult,
                ended: Request, now: datetime) -> Answer:
    """"Personne ne m'a rappelé" after a coach marked the call done (a wrong
    number in FAIT, say) or after the request was closed: a new request, so
    that someone calls, and the coordinators told whose call it was."""
    answer = open_request(db, ctx, message, parsed, now)
    fresh = message.request_id
    who = ended.coach.name.split()[0] if ended.coach is not None else "la coordination"
    lifecycle.log(db, ended.id, now, "hotline", "chased",
                  f"la personne réécrit, ne semble pas avoir été rappelée : nouvelle demande "
                  f"{fresh}")
    request = db.get(Request, fresh)
    if request is None or request.crisis:
        return answer
    deadline = lifecycle.details(request, ctx)["deadline"]
    if ended.status == CLOSED and ended.contacted_at is None:
        # Closed, not called: "marquée faite" would send the coordinator
        # looking for a call that nobody reported.
        closer = db.scalar(select(Event.actor).where(Event.request_id == ended.id,
                                                     Event.kind == "closed")
                           .order_by(Event.id.desc()).limit(1))
        by = "automatiquement" if closer in (None, "clock", "hotline") \
            else f"par {closer.split()[0]}"
        why = " comme injoignable" if ended.closed_reason == "unreachable" else ""
        alert_on_call(db, ctx, now, "alert_not_called_closed", fresh, old=ended.id,
                      how=f"close{why} {by}", deadline=deadline)
    else:
        alert_on_call(db, ctx, now, "alert_not_called", fresh, old=ended.id, who=who,
                      deadline=deadline)
    return answer


def _opted_out(db: Session, number: str) -> bool:
    status = db.get(PhoneStatus, number)
    return status is not None and status.opted_out_at is not None


def _opt_out(db: Session, ctx: Context, message: Message, word: str,
             request: Request | None, now: datetime, carrier: CarrierWords) -> str | None:
    status = outbox.phone_status(db, message.from_number or "")
    status.opted_out_at, status.opt_out_keyword, status.opt_out_sid = now, word, message.sid
    lifecycle.log(db, request.id if request else None, now, "entrepreneur", "opted_out", word)
    if word == "CANCEL" and request is not None:
        lifecycle.cancel(db, ctx, request, now, "entrepreneur")
    if word in carrier.opt_out:
        return None  # the carrier confirms its own opt-out words; do not answer twice.
    return texts.text("opted_out", request.language if request else "fr", hotline=ctx.name)


def is_flooding(db: Session, ctx: Context, sender: str, now: datetime,
                limit: int = FLOOD_LIMIT, alert: str = "alert_flood") -> bool:
    """More than `limit` messages in 10 minutes from `sender` (a number or an
    address): no more replies; coordinators told once a day (`alert`)."""
    if outbox.recent_inbound_count(db, sender, now - FLOOD_WINDOW) <= limit:
        return False
    status = outbox.phone_status(db, sender)
    if status.flood_alerted_at is None or status.flood_alerted_at < now - timedelta(hours=24):
        status.flood_alerted_at = now
        alert_on_call(db, ctx, now, alert, number=mask(sender))
    return True


# --- a message that says nothing --------------------------------------------
# "asdkj qwpoe 1234 !!! ??" names nobody, no time, no need, no number: no
# coach could call back about it. It is answered with a question and held as
# a request closed for "no_content" (so no offer, alert or summary counts it,
# and retention purges it); the sender's next SMS that says something within
# HOLD_FOR reopens that same request, whose promise starts then.
NO_CONTENT = "no_content"
HOLD_FOR = timedelta(days=7)
# Words that show a person wrote to us, whatever else they wrote (folded).
KNOWN_WORDS = frozenset("""
bonjour bonsoir salut bjr slt coucou allo merci svp stp oui non je moi me mon ma mes vous
nous tu il elle on est suis ai as avez pas plus besoin aide aider aidez urgent urgence
rappel rappeler rappelez rappelle rappelles appeler appelez appelle appelles appel
rapeler rapelez rappeller apeler apelez contacter contactez joindre ecoute ecouter soutien
parler question info renseignement probleme conseil conseils accompagnement
problemes souci soucis difficulte difficultes entreprise boite societe commerce patron
travail argent dettes dette banque impots urssaf tresorerie faillite redressement peur
stress fatigue mal secours sos detresse craque coule couler galere perdu perdue epuise
epuisee desespere desesperee
help hello hi please call me need my am is the you want talk business
company money debt problem ayuda hilfe aiuto socorro ajuda
""".split())


def says_nothing(parsed: ParseResult, body: str) -> bool:
    """No name, slot, need, number, e-mail or danger, and not one word a person
    writing to the hotline would use: keyboard mash, not a request."""
    if parsed.name or parsed.slots or parsed.flexible or parsed.topic or parsed.phones \
            or parsed.emails or parsed.crisis:
        return False
    # Words only: "rappelez-moi", "aide?" and "SOS!" are words a person uses.
    return not any(word in KNOWN_WORDS for word in re.findall(r"[a-z0-9]+", _folded(body)))


def _held(db: Session, sender: str, now: datetime) -> Request | None:
    """The sender's latest request, if it is held for saying nothing (HOLD_FOR)."""
    latest = db.scalar(_LATEST_OF, {"sender": sender})
    if latest is None or latest.status != CLOSED or latest.closed_reason != NO_CONTENT \
            or latest.closed_at is None or latest.closed_at < now - HOLD_FOR:
        return None
    return latest


def _hold(db: Session, ctx: Context, message: Message, parsed: ParseResult,
          now: datetime) -> str:
    sender = message.from_number or ""
    request = Request(
        status=CLOSED, received_at=now, deadline=now + lifecycle.DEADLINE, sender=sender,
        callback_number=sender, phones=[], emails=[], slots=[], flexible=False,
        language=parsed.language, crisis=False, next_check_at=None, failed_attempts=0,
        closed_at=now, closed_reason=NO_CONTENT)
    db.add(request)
    db.flush()
    message.request_id = request.id
    lifecycle.log(db, request.id, now, "entrepreneur", "sms_in", message.body or "")
    lifecycle.log(db, request.id, now, "hotline", NO_CONTENT,
                  "message sans prénom, créneau, besoin ni numéro : la personne est invitée "
                  "à préciser ; rien n'est proposé aux coachs d'ici là")
    return texts.text("unclear", parsed.language, hotline=ctx.name)


def open_request(db: Session, ctx: Context, message: Message, parsed: ParseResult,
                 now: datetime, held: Request | None = None) -> Answer:
    """Open a request (or reopen the one `held` for saying nothing) and answer.

    A request that came by e-mail calls back the number the mail gives; with
    none, it waits for one (callback_number None, never offered) and the
    answer asks for it: no coach can call an e-mail address."""
    fields = parsed.to_dict()
    sender = message.from_number or ""
    by_mail = message.channel == EMAIL
    callback = parsed.phones[0] if parsed.phones else (None if by_mail else sender)
    emails = parsed.emails if not by_mail or sender in parsed.emails else [sender, *parsed.emails]
    # Someone who wrote before (cancelled, called back) is not "la personne"
    # to the coach this time: their first name is carried over, and the
    # timeline points to the earlier request.
    before = db.scalar(_LATEST_OF, {"sender": sender}) if held is None and sender else None
    if before is not None and before.received_at < now - KNOWN_FOR:
        before = None
    values = dict(
        status="open", received_at=now, deadline=lifecycle.deadline_for(now, fields["slots"]),
        sender=sender, channel=EMAIL if by_mail else "sms", callback_number=callback,
        name=parsed.name or (before.name if before is not None else None), phones=parsed.phones,
        emails=emails, slots=fields["slots"], flexible=parsed.flexible, topic=parsed.topic,
        language=parsed.language,
        crisis=parsed.crisis, next_check_at=now if callback else None, failed_attempts=0)
    reopened = held is not None and changed(db.execute(
        update(Request).where(Request.id == held.id, Request.status == CLOSED,
                              Request.closed_reason == NO_CONTENT)
        .values(**values, closed_at=None, closed_reason=None)
        .execution_options(synchronize_session=False))) == 1
    if reopened and held is not None:
        request = held
        db.refresh(request)
    else:
        request = Request(**values)
        db.add(request)
        db.flush()
    message.request_id = request.id
    lifecycle.log(db, request.id, now, "entrepreneur", in_kind(message), message.body or "")
    if parsed.crisis:
        request.deadline = min(request.deadline, now + ctx.crisis_deadline)
    lifecycle.log(db, request.id, now, "hotline", "opened",
                  ("la personne a précisé sa demande, " if reopened else "")
                  + f"échéance {at_words(request.deadline, ctx.tz)}"
                  + ("" if callback else " ; en attente d'un numéro de rappel, "
                     "pas proposée aux coachs d'ici là")
                  + (f" ; demande précédente de la personne : n° {before.id} "
                     f"({texts.status_word(before.status)})" if before is not None else ""))
    said: dict[str, Any] = {"hotline": ctx.name, "n": request.id}
    if parsed.crisis:
        paging.start(db, ctx, request, now, "hotline",
                     "détresse dans le message : 3114 donné, coordination appelée")
        return Answer("crisis", parsed.language, said)
    if request.deadline > now + lifecycle.DEADLINE:
        # Every slot is later than 24 h: promise that slot, not "within 24 h".
        first = parsed.slots[0]
        slot = slot_phrase(first.start, first.end, ctx.tz, parsed.language)
        return Answer("ack_later", parsed.language, {**said, "slot": slot})
    key = "ack" if parsed.slots or parsed.flexible else "ack_ask_when"
    return Answer(key, parsed.language, said)


def in_kind(message: Message) -> str:
    """The timeline's word for a message the person sent."""
    return "mail_in" if message.channel == EMAIL else "sms_in"


def merge(db: Session, ctx: Context, request: Request, message: Message,
          parsed: ParseResult, now: datetime, flooding: bool = False) -> Answer:
    """Add what a later SMS or mail says to the request in progress."""
    fields = parsed.to_dict()
    body = message.body or ""
    lifecycle.log(db, request.id, now, "entrepreneur", in_kind(message), body)
    # After 3 calls without an answer the coordinators decide (spec 5): a
    # chase then is theirs to hear, not a cold "within 24 hours".
    late = deadlines.is_overdue(request, now) or \
        deadlines.is_at_risk(request, now, ctx.calling, ctx.tz,
                             first_offers(db, [request.id]).get(request.id)) or \
        (request.status == ACCEPTED and request.failed_attempts >= lifecycle.FAILED_CALLS_LIMIT)
    request.phones = request.phones + [p for p in parsed.phones if p not in request.phones]
    request.emails = request.emails + [e for e in parsed.emails if e not in request.emails]
    known = {(s["start"], s["end"]) for s in request.slots}
    deadline_before = request.deadline
    new_slots = [s for s in fields["slots"] if (s["start"], s["end"]) not in known]
    folded = _folded(body)
    if new_slots and CORRECTS_SLOTS.search(folded) and not ALSO.search(folded):
        # "Finalement plutôt jeudi": the times given now replace the earlier
        # ones, or a coach would call on the day the person just took back.
        request.slots = sorted(fields["slots"], key=lambda s: s["start"])
        request.flexible = parsed.flexible
        lifecycle.log(db, request.id, now, "entrepreneur", "deadline_moved",
                      "créneaux remplacés par ceux du nouveau message")
        _move_deadline(db, ctx, request, now)
    elif new_slots:
        request.slots = sorted(request.slots + new_slots, key=lambda s: s["start"])
        _move_deadline(db, ctx, request, now)
    if (new_slots or (parsed.flexible and not request.flexible)) \
            and request.status in (OPEN, OFFERED) and request.next_check_at is not None:
        # Other times, other coaches: looked at again now, not at a look
        # planned for the old ones.
        request.next_check_at = min(request.next_check_at, now)
    request.flexible = request.flexible or parsed.flexible
    request.name = request.name or parsed.name
    request.topic = request.topic or parsed.topic
    if parsed.phones and request.callback_number is None:
        waiting.number_arrived(db, request, parsed.phones[0], now, "par mail")
    elif parsed.phones and (not SOMEONE_ELSE.search(folded) or MY_NUMBER.search(folded)) and (
            request.callback_number == request.sender or CORRECTS_NUMBER.search(folded)):
        # "Pardon, erreur, mon numéro c'est le 06…", or a number given after a
        # first SMS without one: the number to call is the new one. Not an
        # associate's to try as well, nor one "aussi": kept beside the person's.
        if request.callback_number != parsed.phones[0]:
            lifecycle.log(db, request.id, now, "entrepreneur", "number_given",
                          f"numéro de rappel corrigé : {mask(parsed.phones[0])}")
        request.callback_number = parsed.phones[0]
    becomes_crisis = parsed.crisis and not request.crisis
    if request.status == ACCEPTED and request.coach is not None and (
            becomes_crisis or not flooding):
        # A coach who accepted an ordinary callback (for tomorrow, say) must
        # know at once that it cannot wait: the crisis hour starts now.
        _forward(db, ctx, request, body, now, crisis=becomes_crisis,
                 new_times=bool(new_slots), moved=request.deadline != deadline_before)
    if becomes_crisis:
        paging.start(db, ctx, request, now, "hotline",
                     "détresse dans un nouveau message : 3114 donné, coordination appelée")
        return Answer("crisis", parsed.language, {"hotline": ctx.name, "n": request.id})
    if request.crisis:
        return crisis_news(db, ctx, request, body, parsed.crisis, now, flooding)
    if late and not new_slots and is_chasing(body):
        alert_on_call(db, ctx, now, "alert_chase", request.id, text=_quote(body),
                      deadline=lifecycle.details(request, ctx)["deadline"])
        lifecycle.log(db, request.id, now, "hotline", "chased",
                      "la personne relance : coordination prévenue")
        return Answer("chased", request.language, {"hotline": ctx.name, "n": request.id,
                                                   "soon": _soon(db, ctx, now, request.language)})
    if new_slots and request.status == ACCEPTED and request.coach is not None \
            and request.failed_attempts >= lifecycle.FAILED_CALLS_LIMIT:
        alert_on_call(db, ctx, now, "alert_new_time", request.id,
                      tries=request.failed_attempts, coach=request.coach.name,
                      slots=lifecycle.details(request, ctx, "fr", now)["slots"])
        lifecycle.log(db, request.id, now, "hotline", "escalated",
                      "après les appels sans réponse, la personne propose un moment : "
                      "coordination prévenue")
    if not new_slots and is_chasing(body) and request.status in (OPEN, OFFERED, ACCEPTED):
        # "C'est urgent" well before the deadline: no alert yet (spec 2), but
        # not a cold "noted" either: when at the latest, and 3114; a moment in
        # calling hours (a deadline of 23:10 is kept by 21:00).
        promised = promised_by(request.deadline, now, ctx.calling, ctx.tz)
        return Answer("chased_early", request.language, {
            "n": request.id, "deadline": moment_words(promised, ctx.tz, request.language)})
    ahead = sorted((s for s in parsed.slots if s.end > now), key=lambda s: s.start)
    if new_slots and ahead:
        return Answer("merged_slot", request.language, {"n": request.id, "slot": slot_phrase(
            ahead[0].start, ahead[0].end, ctx.tz, request.language)})
    return Answer("merged", request.language, {"n": request.id})


def crisis_news(db: Session, ctx: Context, request: Request, body: str, danger: bool,
                now: datetime, flooding: bool = False) -> Answer:
    """A person in a crisis still active (not yet noted called, closed or
    cancelled) wrote again: news a human must see at once, at any hour.

    The coordinator who took it in hand is alerted at once (and so is whoever
    is on call when that coordinator no longer is: dispatch.alerts); with
    nobody holding it, the pages start again once their ladder has finished
    (dispatch.paging.again). The answer says who knows and gives 3114 (the
    full crisis answer, with 15 / 112, is given once per request). From a
    sender who floods, only words of distress (`danger`) alert anyone again."""
    holder = request.taken_by
    if holder is not None:
        if danger or not flooding:
            alert_on_call(db, ctx, now, "alert_crisis_wrote", request.id, crisis=True,
                          text=_quote(body), who=holder.name, danger=danger)
            said = f"la personne réécrit : alerte à {holder.name}"
        else:
            said = "la personne réécrit (plus de 10 SMS en 10 minutes : pas de nouvelle alerte)"
        lifecycle.log(db, request.id, now, "hotline", "crisis_again", said)
        return Answer("crisis_again_held", request.language, {"n": request.id})
    if request.status == ACCEPTED and request.coach is not None:
        # A coach who accepted the crisis is a human on it, and has the text
        # (merge forwards it): not a reason to page the coordination again.
        lifecycle.log(db, request.id, now, "hotline", "crisis_again",
                      f"la personne réécrit : transmis à {request.coach.name}")
        return Answer("crisis_again_held", request.language, {"n": request.id})
    # Said before the page it may start (dispatch.paging logs that one).
    lifecycle.log(db, request.id, now, "hotline", "crisis_again",
                  "la personne réécrit ; personne ne l'a prise en main : la coordination est "
                  "appelée")
    paging.again(db, ctx, request, now)
    return Answer("crisis_again", request.language, {"n": request.id})


READER_STEP = timedelta(minutes=15)
READER_HORIZON = timedelta(days=7)


def next_reader(db: Session, ctx: Context, now: datetime) -> datetime | None:
    """When a chase's alert reaches someone: the first moment, from `now`, out
    of quiet hours with a coordinator on call (dispatch.alerts holds it until
    then); None when nobody is on call all week."""
    people = reachable(db)
    at = now
    while at < now + READER_HORIZON:
        if not in_quiet_hours(ctx, at) and any(in_plan(c.on_call, at, ctx.tz) for c in people):
            return at
        # On the quarter hours: rosters and quiet hours change there.
        at = at - timedelta(minutes=at.minute % 15, seconds=at.second,
                            microseconds=at.microsecond) + READER_STEP
    return None


def _forward(db: Session, ctx: Context, request: Request, body: str, now: datetime,
             crisis: bool = False, new_times: bool = False, moved: bool = True) -> None:
    """The person's new text, to the coach of the request (with the number to
    call at once when it turns it into a crisis; with the times and deadline
    it makes, when it gives other times)."""
    coach = request.coach
    assert coach is not None
    lang = lifecycle.lang_of(coach)
    said = lifecycle.details(request, ctx, lang, now)
    key, extra = "new_text", {}
    if crisis:
        key, extra = "new_text_crisis", {"callback": said["callback"]}
    text = body[:300]
    if new_times and not crisis:
        key = "new_slot" if moved else "new_slot_same"
        extra = {"slots": said["slots"], "deadline": said["deadline"]}
        # The times follow the person's words: a sentence of their own.
        text = text.rstrip() + ("" if text.rstrip()[-1:] in (".", "!", "?") else ".")
    outbox.queue(db, coach.mobile,
                 texts.text(key, lang, n=request.id,
                            first_name=request.first_name or "la personne", text=text,
                            **extra),
                 now, kind="forward", request_id=request.id,
                 # Words for a call planned later wait for calling hours (08:00):
                 # a volunteer is not woken at 23:35 by "quand allez-vous me
                 # rappeler ?". A crisis's words go at once.
                 not_before=None if crisis or request.crisis
                 else next_calling_start(now, ctx.calling, ctx.tz))


def _soon(db: Session, ctx: Context, now: datetime, lang: str) -> str:
    """When the coordinators will read a chase: "vite" when someone on call
    reads it now; else the moment one will ("dès 8h", "dès sam. 9h"), not a
    promise of "soon" that the night or the weekend cannot keep."""
    read = next_reader(db, ctx, now)
    if read is None or read - now < READER_STEP:
        return "soon" if lang == "en" else "vite"
    local, today = read.astimezone(ctx.tz), now.astimezone(ctx.tz).date()
    if local.date() == today or local.date() == today + timedelta(days=1) and local.hour < 12 \
            and now.astimezone(ctx.tz).hour >= 18:
        return f"from {hour_words(local, 'en')}" if lang == "en" else f"dès {hour_words(local)}"
    day = day_words(local, lang)
    return f"from {day} {hour_words(local, 'en')}" if lang == "en" else \
        f"dès {day} {hour_words(local)}"


def _quote(body: str, limit: int = 60) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[:limit - 3].rstrip() + "..."


def _move_deadline(db: Session, ctx: Context, request: Request, now: datetime) -> None:
    """A later slot moves the promise to it, even after a coach accepted (spec 1)."""
    moved = lifecycle.deadline_for(request.received_at, request.slots)
    if request.crisis:
        moved = min(moved, request.deadline)
    if moved != request.deadline:
        if moved > request.deadline:
            # The ladder's steps about the old deadline ("due soon", "late") are
            # for the new one to take again: once moved to Thursday, the coach
            # is reminded and the coordinator told on Thursday (the timeline
            # keeps what was said before).
            db.execute(delete(Escalation).where(Escalation.request_id == request.id,
                                                one_of(Escalation.kind, ("due_soon", "overdue"))))
        request.deadline = moved
        lifecycle.log(db, request.id, now, "hotline", "deadline_moved",
                      f"nouvelle échéance {at_words(moved, ctx.tz)}")
