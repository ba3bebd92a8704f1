"""A phone simulator for the console transport: text the hotline from the browser.

Registered only with SMS_BACKEND=console (with Twilio its routes do not
exist). An SMS typed here goes through dispatch.inbound.receive exactly as a
webhook would, with a generated sid; each phone's conversation is the
messages table for that number plus what the console transport sent.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from flask import (
    Blueprint, Flask, current_app, flash, jsonify, redirect, render_template, request, url_for,
)
from flask import session as browser
from sqlalchemy import or_, select

from dispatch.inbound import Inbound, receive
from dispatch.models import Coach, Coordinator, Message
from dispatch.phones import to_e164
from scheduling import context_for, tick, transport_for
from webhooks.auth import login_required
from webhooks.db import session

bp = Blueprint("simulator", __name__, url_prefix="/simulator")
DEFAULT_ENTREPRENEUR = "+33612345678"
SHOWN = 40


@dataclass(frozen=True)
class Phone:
    number: str
    name: str
    role: str  # entrepreneur, coach, coordinator


@dataclass(frozen=True)
class Bubble:
    mine: bool        # written on this phone (an SMS to the hotline)
    body: str
    at: datetime | None
    note: str


def roster_phones() -> list[Phone]:
    db = session()
    coaches = [Phone(c.mobile, c.name, "coach") for c in db.scalars(
        select(Coach).where(Coach.active.is_(True)).order_by(Coach.name))]
    coordinators = [Phone(c.mobile, c.name, "coordination") for c in db.scalars(
        select(Coordinator).where(Coordinator.active.is_(True)).order_by(Coordinator.name))]
    return coaches + coordinators


def _entrepreneur(raw: str | None) -> str | None:
    """The typed number as E.164, None when it is not a phone number."""
    raw = raw or ""
    if raw.startswith(" "):  # an unencoded "+" in a query string arrives as a space
        raw = "+" + raw.lstrip()
    return to_e164(raw.strip()) if raw.strip() else None


NOTES = {"queued": "en file : part au prochain tic", "sending": "en cours d'envoi",
         "sent": "reçu", "delivered": "reçu", "cancelled": "non envoyé (numéro bloqué)",
         "failed": "échec d'envoi", "undelivered": "non distribué"}


def conversation(number: str) -> list[Bubble]:
    """The last SMS this phone wrote or received, oldest first."""
    rows = list(session().scalars(
        select(Message).where(or_(Message.from_number == number, Message.to_number == number))
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(SHOWN)))[::-1]
    known = set(session().scalars(select(Message.sid).where(Message.to_number == number,
                                                             Message.sid.is_not(None))))
    bubbles = [Bubble(m.direction == "in", m.body or "", m.created_at,
                      "envoyé" if m.direction == "in" else
                      ("réponse immédiate" if m.kind == "reply" else NOTES.get(m.status, m.status)))
               for m in rows]
    transport = transport_for(current_app)
    for item in list(getattr(transport, "sent", [])):
        if item.get("to") == number and item.get("sid") not in known:
            bubbles.append(Bubble(False, item.get("body", ""), None, "console"))
    return bubbles


# The phones shown are kept in the session, never in a URL: URLs end up in
# access logs, and these are people's numbers.
def _shown_number() -> str:
    return browser.get("sim_number") or DEFAULT_ENTREPRENEUR


@bp.get("/")
@login_required
def page() -> str:
    return render_template("simulator.html", number=_shown_number(), roster=roster_phones(),
                           who=browser.get("sim_who", "entrepreneur"))


@bp.route("/phones", methods=["GET", "POST"])
@login_required
def phones() -> str:
    """The phones' conversations; a POST names the entrepreneur's number in its body."""
    number = _entrepreneur(request.form.get("number")) if request.method == "POST" else None
    shown = [Phone(number or _shown_number(), "Entrepreneur·e", "entrepreneur")] + roster_phones()
    return render_template("_phones.html", phones=[(p, conversation(p.number)) for p in shown])


def _answer(ok: bool, message: str, number: str, who: str) -> Any:
    browser["sim_number"], browser["sim_who"] = number, who
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify({"ok": ok, "message": message})
    flash(message, "ok" if ok else "error")
    return redirect(url_for("simulator.page"))


@bp.post("/send")
@login_required
def send() -> Any:
    who = request.form.get("who", "entrepreneur")
    number = _entrepreneur(request.form.get("number"))
    body = (request.form.get("body") or "").strip()
    if who == "entrepreneur" and number is None:
        return _answer(False, "Ce numéro n'est pas un numéro de téléphone.",
                       DEFAULT_ENTREPRENEUR, who)
    number = number or DEFAULT_ENTREPRENEUR
    if who != "entrepreneur":
        if who not in {p.number for p in roster_phones()}:
            return _answer(False, "Ce téléphone n'est pas dans l'équipe.", number, "entrepreneur")
        sender = who
    else:
        sender = number
    if not body:
        return _answer(False, "Écrivez un message.", number, who)
    db = session()
    ctx = context_for(current_app, db)
    hotline = ctx.number or current_app.config.get("HOTLINE_NUMBER") or "+33380000000"
    sms = Inbound(sid="SMsim" + uuid.uuid4().hex[:27], sender=sender, to=hotline, body=body)
    reply = receive(db, ctx, sms, datetime.now(timezone.utc))
    words = f"Réponse de la ligne : {reply}" if reply else "La ligne n'a pas répondu (c'est voulu pour ce message)."
    return _answer(True, words, number, who)


@bp.post("/tick")
@login_required
def run_clock() -> Any:
    """Run the clock once now, rather than wait for its next tick (15 s)."""
    done = tick(current_app)
    sent = done.get("sent", 0) if isinstance(done.get("sent"), int) else 0
    message = "Horloge : " + (f"{sent} SMS envoyé(s)." if "skipped" not in done
                              else "une autre horloge tourne déjà.")
    return _answer(True, message, _entrepreneur(request.form.get("number")) or DEFAULT_ENTREPRENEUR,
                   request.form.get("who", "entrepreneur"))


def init_app(app: Flask) -> None:
    if app.config.get("SMS_BACKEND") != "console":
        return
    app.register_blueprint(bp)
