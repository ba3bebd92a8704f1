"""Twilio's voice webhook: the answer to a crisis page's phone call.

The page's TwiML <Gather> posts here, signed like the SMS webhooks, with the
digit the coordinator pressed (or none). 1 takes the request in hand, the
same as replying `PRIS N`; the answer is TwiML that says what happened.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from twilio.twiml.voice_response import VoiceResponse

from channels.twilio.webhooks import _verify
from dispatch import lifecycle, texts
from dispatch.hotline import who
from dispatch.models import Coordinator, Request
from dispatch.phones import to_e164
from webhooks.db import session

bp = Blueprint("twilio_voice", __name__, url_prefix="/twilio/voice")


def say(words: str) -> Response:
    answer = VoiceResponse()
    answer.say(words, language="fr-FR")
    answer.hangup()
    return Response(str(answer), mimetype="text/xml")


@bp.post("/<int:n>")
def gathered(n: int) -> Response:
    _verify()
    digits = (request.form.get("Digits") or "").strip()
    callee = to_e164(request.form.get("To") or "") or ""
    try:
        db = session()
        found = db.get(Request, n)
        person = who(db, callee) if callee else None
        if found is None or not isinstance(person, Coordinator):
            return say("Cette demande est inconnue. Au revoir.")
        if digits != "1":
            return say(texts.text("page_call_no_key", "fr", n=n))
        take(db, found, person)
        db.commit()
        if found.taken_by_id != person.id and found.taken_by is not None:
            return say(f"La demande {n} est déjà prise en main par {found.taken_by.name}. "
                       "Au revoir.")
        return say(texts.text("page_call_taken", "fr", n=n))
    except SQLAlchemyError:
        current_app.logger.exception("voice answer for request %s not stored", n)
        return say("Une erreur est survenue : répondez PRIS par SMS. Au revoir.")


def take(db: Session, found: Request, person: Coordinator) -> None:
    lifecycle.take_in_hand(db, found, person, datetime.now(timezone.utc),
                           "touche 1 pendant l'appel")


