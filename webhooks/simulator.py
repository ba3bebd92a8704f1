"""A phone simulator for the console transport: text the hotline from the browser.

Registered only with SMS_BACKEND=console (with Twilio its routes do not
exist). An SMS typed here goes through dispatch.inbound.receive exactly as a
webhook would, with a generated sid; each phone's conversation is the
messages table for that number plus what the console transport sent. The
crisis pages' phone calls show on the coordinators' phones, where "1" takes
the request in hand as the voice webhook does. The clock can be moved
forward (webhooks.simulator_clock), and the console prints the immediate
replies as it prints the SMS the clock sends.
"""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as browser
from sqlalchemy import or_, select

from dispatch import lifecycle, texts
from dispatch.inbound import Inbound, receive
from dispatch.lifecycle import Outcome
from dispatch.localtime import at_words, span_words
from dispatch.models import Coach, Coordinator, Message, Request
from dispatch.phones import mask, to_e164
from dispatch.segments import segments
from scheduling import context_for, transport_for
from webhooks import clock, simulator_clock
from webhooks.auth import login_required
from webhooks.db import session

bp = Blueprint("simulator", __name__, url_prefix="/simulator")
DEFAULT_ENTREPRENEUR = "+33612345678"
SHOWN = 40


@dataclass(frozen=True)
class Phone:
    number: str
    name: str
    role: str  # entrepreneur·e, coach, coordination


@dataclass(frozen=True)
class Bubble:
    mine: bool        # written on this phone (an SMS to the hotline)
    body: str
    at: datetime | None
    note: str
    call: bool = False            # a crisis page's phone call, not an SMS
    message_id: int | None = None
    can_press: bool = False       # the call's request still waits for someone


def roster_phones() -> list[Phone]:
    db = session()
    coaches = [Phone(c.mobile, c.name, "coach") for c in db.scalars(
        select(Coach).where(Coach.active.is_(True)).order_by(Coach.name))]
    coordinators = [Phone(c.mobile, c.name, "coordination") for c in db.scalars(
        select(Coordinator).where(Coordinator.active.is_(True)).order_by(Coordinator.rank,
                                                                         Coordinator.name))]
    return coaches + coordinators


def _entrepreneur(raw: str | None) -> str | None:
    """The typed number as E.164, None when it is not a phone number."""
    raw = raw or ""
    if raw.startswith(" "):  # an unencoded "+" in a query string arrives as a space
        raw = "+" + raw.lstrip()
    return to_e164(raw.strip()) if raw.strip() else None


NOTES = {"queued": "en attente d'envoi : part au prochain tour d'horloge",
         "sending": "en cours d'envoi", "sent": "reçu", "delivered": "reçu",
         "cancelled": "non envoyé (numéro bloqué)", "failed": "échec d'envoi",
         "undelivered": "non distribué"}
CALL_NOTES = {"queued": "appel en attente : part au prochain tour d'horloge",
              "sending": "appel en cours", "sent": "appel téléphonique",
              "delivered": "appel téléphonique", "failed": "appel impossible",
              "cancelled": "appel non passé (numéro bloqué)"}


def _bubble(m: Message, waiting: set[int]) -> Bubble:
    if m.channel == "call":
        return Bubble(False, m.body or "", m.created_at, CALL_NOTES.get(m.status, m.status),
                      call=True, message_id=m.id,
                      can_press=m.status in ("sent", "delivered") and m.request_id in waiting)
    note = "envoyé" if m.direction == "in" else \
        ("réponse immédiate" if m.kind == "reply" else NOTES.get(m.status, m.status))
    return Bubble(m.direction == "in", m.body or "", m.created_at, note)


def conversation(number: str) -> list[Bubble]:
    """The last messages this phone wrote or received, oldest first."""
    db = session()
    rows = list(db.scalars(
        select(Message).where(or_(Message.from_number == number, Message.to_number == number))
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(SHOWN)))[::-1]
    calls = {m.request_id for m in rows if m.channel == "call" and m.request_id}
    waiting = set(db.scalars(select(Request.id).where(
        Request.id.in_(calls), Request.taken_by_id.is_(None)))) if calls else set()
    known = set(db.scalars(select(Message.sid).where(Message.to_number == number,
                                                     Message.sid.is_not(None))))
    bubbles = [_bubble(m, waiting) for m in rows]
    for item in list(getattr(transport_for(current_app), "sent", [])):
        if item.get("to") == number and item.get("sid") not in known:
            bubbles.append(Bubble(False, item.get("body", ""), None, "console",
                                  call=item.get("channel") == "call"))
    return bubbles


# The phones shown are kept in the session, never in a URL: URLs end up in
# access logs, and these are people's numbers.
def _shown_number() -> str:
    return browser.get("sim_number") or DEFAULT_ENTREPRENEUR


def _now_words() -> str:
    ahead = clock.offset()
    moment = at_words(clock.now(), context_for(current_app, session()).tz)
    return moment + (f" (horloge simulée, en avance de {span_words(ahead)})"
                     if ahead else " (heure réelle)")


@bp.get("/")
@login_required
def page() -> str:
    return render_template("simulator.html", number=_shown_number(), roster=roster_phones(),
                           who=browser.get("sim_who", "entrepreneur"), now_words=_now_words())


@bp.route("/phones", methods=["GET", "POST"])
@login_required
def phones() -> str:
    """The phones' conversations; a POST names the entrepreneur's number in its body."""
    number = _entrepreneur(request.form.get("number")) if request.method == "POST" else None
    shown = [Phone(number or _shown_number(), "Entrepreneur·e", "entrepreneur·e")] + \
        roster_phones()
    return render_template("_phones.html", phones=[(p, conversation(p.number)) for p in shown],
                           now_words=_now_words())


def _answer(ok: bool, message: str, number: str, who: str) -> Any:
    browser["sim_number"], browser["sim_who"] = number, who
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify({"ok": ok, "message": message})
    flash(message, "ok" if ok else "error")
    return redirect(url_for("simulator.page"))


def _back() -> tuple[str, str]:
    return (_entrepreneur(request.form.get("number")) or DEFAULT_ENTREPRENEUR,
            request.form.get("who", "entrepreneur"))


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
    reply = receive(db, ctx, sms, clock.now())
    echo_reply(sender, reply)
    words = f"Réponse de la ligne : {reply}" if reply else \
        "La ligne n'a pas répondu (c'est voulu pour ce message)."
    return _answer(True, words, number, who)


@bp.post("/tick")
@login_required
def run_clock() -> Any:
    """Run the clock once now, rather than wait for its next tick (15 s)."""
    message = simulator_clock.run_once(current_app, session())
    return _answer(True, message, *_back())


@bp.post("/clock")
@login_required
def move_clock() -> Any:
    """Move the simulated clock forward (+1 h, +6 h, +24 h, 08:00 tomorrow), or back
    to real time, running the clock along the way."""
    step = request.form.get("step", "")
    if step == "real":
        clock.reset(current_app)
        return _answer(True, f"Retour à l'heure réelle : {_now_words()}. Ce qui s'est passé "
                             "en avance garde ses dates.", *_back())
    return _answer(True, simulator_clock.advance(current_app, session(), step), *_back())


@bp.post("/press")
@login_required
def press_one() -> Any:
    """"1" on a crisis page's call: take the request in hand, as /twilio/voice does."""
    db = session()
    call = db.get(Message, request.form.get("message", type=int) or 0)
    person = db.scalar(select(Coordinator).where(
        Coordinator.mobile == (call.to_number if call else None), Coordinator.active.is_(True)))
    found = db.get(Request, call.request_id) if call and call.request_id else None
    if call is None or call.channel != "call" or person is None or found is None:
        return _answer(False, "Cet appel n'existe pas.", *_back())
    outcome = lifecycle.take_in_hand(db, found, person, clock.now(), "touche 1 pendant l'appel")
    db.commit()
    if outcome is Outcome.TOO_LATE and found.taken_by is not None:
        said = f"La demande {found.id} est déjà prise en main par {found.taken_by.name}. Au revoir."
    else:
        said = texts.text("page_call_taken", "fr", n=found.id)
    return _answer(True, f"{person.name} appuie sur 1. L'appel répond : {said}", *_back())


def echo_reply(to: str, reply: str | None) -> None:
    """Print an immediate reply as the console transport prints what it sends."""
    transport = transport_for(current_app)
    if not reply or not getattr(transport, "echo", False):
        return
    encoding, count = segments(reply)
    # Masked like every log line: the console is a log too.
    print(f"--- SMS reply to {mask(to)} ({count} segment{'s' if count > 1 else ''}, {encoding})"
          " ---\n"
          f"{reply}\n", flush=True)


def _echo_webhook_reply(response: Response) -> Response:
    """The TwiML answer of /twilio/sms (curl, a local test) printed like the rest."""
    if request.endpoint == "twilio.sms" and response.status_code == 200 \
            and response.mimetype == "text/xml":
        try:
            said = " ".join(m.text or "" for m in ET.fromstring(response.get_data()).iter("Message"))
        except ET.ParseError:
            said = ""
        echo_reply(request.form.get("From", ""), said)
    return response


def init_app(app: Flask) -> None:
    if app.config.get("SMS_BACKEND") != "console":
        return
    app.register_blueprint(bp)
    clock.install(app)
    app.after_request(_echo_webhook_reply)
