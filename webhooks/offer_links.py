"""The coach's signed link /o/<token>: answer an offer without typing an SMS.

No login: the token, signed with SECRET_KEY, names one offer and is only ever
sent to its coach. It acts only while the offer stands: pending (accept or
decline), or accepted by this coach with the request still in their hands
(call done, or no answer). A forged token is a 404; a stale one says so.
"""
from __future__ import annotations

import re
from datetime import datetime

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request
from werkzeug.wrappers import Response

from dispatch import coach_commands, lifecycle
from dispatch.commands import Command
from dispatch.hotline import check_offer_token
from dispatch.lifecycle import Outcome
from dispatch.localtime import at_words, slots_words
from dispatch.models import ACCEPTED, Offer
from dispatch.phones import national
from scheduling import context_for
from webhooks import clock
from webhooks.db import session

bp = Blueprint("offer_links", __name__, url_prefix="/o")
# What dispatch.hotline.offer_token makes: ASCII digits, a dot, 12 base64url characters.
# Anything else (other scripts' digits, a 5,000-digit id) is a 404 before it is parsed.
TOKEN = re.compile(r"[0-9]{1,10}\.[A-Za-z0-9_-]{12}", re.ASCII)


def _offer(token: str) -> Offer:
    if not TOKEN.fullmatch(token):
        abort(404)
    offer_id = check_offer_token(current_app.config["SECRET_KEY"], token)
    offer = session().get(Offer, offer_id) if offer_id is not None else None
    if offer is None:
        abort(404)
    return offer


def stage(offer: Offer, now: datetime) -> str:
    """pending: may accept or decline (late too, while nobody holds the request);
    held: may report the call; gone: nothing to do."""
    request = offer.request
    if offer.status in ("pending", "expired") and request.status in ("open", "offered"):
        return "pending"
    if offer.status == "accepted" and request.status == ACCEPTED \
            and request.coach_id == offer.coach_id:
        return "held"
    return "gone"


def why_gone(offer: Offer, now: datetime) -> str:
    if offer.status == "expired" or (offer.status == "pending" and offer.expires_at <= now):
        return "le délai de réponse est passé"
    if offer.status == "declined":
        return "vous l'avez refusée"
    if offer.request.status == "cancelled":
        return "elle a été annulée"
    return "elle a été confiée à quelqu'un d'autre"


@bp.get("/<token>")
def page(token: str) -> str:
    offer = _offer(token)
    now = clock.now()
    db = session()
    ctx = context_for(current_app, db)
    if offer.status == "pending" and offer.sent_at is None:
        # The coach has it in hand: their time to answer runs from now.
        offer.sent_at, offer.expires_at = now, max(offer.expires_at, now + ctx.ack_timeout)
        db.commit()
    r = offer.request
    return render_template(
        "offer.html", offer=offer, r=r, stage=stage(offer, now), token=token,
        why=why_gone(offer, now),
        callback=national(r.callback_number) if r.callback_number else "-",
        slots=slots_words(r.slots, r.flexible, ctx.tz), deadline=at_words(r.deadline, ctx.tz))


@bp.post("/<token>")
def answer(token: str) -> Response:
    offer = _offer(token)
    db = session()
    now = clock.now()
    action = request.form.get("action", "")
    current = stage(offer, now)
    if current == "pending" and action in ("accept", "decline"):
        ctx = context_for(current_app, db)
        outcome = lifecycle.accept(db, ctx, offer, now) if action == "accept" \
            else lifecycle.decline(db, offer, now)
        words = {"accept": "Merci ! La demande {n} est à vous : rappelez la personne avant l'échéance.",
                 "decline": "C'est noté : la demande {n} sera proposée à un autre coach."}[action]
    elif current == "held" and action == "done":
        note = (request.form.get("note") or "").strip()[:2000] or None
        outcome = lifecycle.mark_contacted(db, offer.request, now, offer.coach.name, note=note)
        words = "Merci ! La demande {n} est marquée rappelée."
    elif current == "held" and action == "failed":
        ctx = context_for(current_app, db)
        words = coach_commands.handle(db, ctx, offer.coach, Command("ECHEC", offer.request_id), now)
        outcome = Outcome.DONE
    else:
        outcome, words = Outcome.WRONG_STATE, ""
    if outcome is Outcome.DONE:
        db.commit()
        flash(words.format(n=offer.request_id), "ok")
    else:
        db.rollback()
        flash(f"Cette action n'est plus possible pour la demande {offer.request_id}.", "error")
    return redirect(request.path)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
