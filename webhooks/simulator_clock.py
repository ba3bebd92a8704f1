"""The phone simulator's clock: move time forward and say what the clock did,
or why it sent nothing ("hors des heures d'appel : les propositions partent à 8h00").

Moving forward runs the clock every STEP of simulated time on the way, as
the real clock would have, so offers expire and the next coach is asked,
alerts climb and pages go out at the moments they would have.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.alerts import in_quiet_hours
from dispatch.hotline import Context, on_call
from dispatch.localtime import (
    at_words,
    in_calling_hours,
    next_calling_start,
    parse_hhmm,
    span_words,
)
from dispatch.models import ACCEPTED, ACTIVE_STATES, Alert, Message, Offer, Request
from scheduling import context_for, tick, transport_for
from webhooks import clock

STEP = timedelta(minutes=15)
STEPS = {"1h": timedelta(hours=1), "6h": timedelta(hours=6), "24h": timedelta(hours=24)}


def target(step: str, now: datetime, ctx: Context) -> datetime | None:
    """Where a button takes the clock: +1 h, +6 h, +24 h, or 08:00 tomorrow."""
    if step in STEPS:
        return now + STEPS[step]
    if step == "morning":
        local = now.astimezone(ctx.tz)
        tomorrow = (local + timedelta(days=1)).date()
        return datetime(tomorrow.year, tomorrow.month, tomorrow.day, 8, tzinfo=ctx.tz)
    return None


def advance(app: Flask, db: Session, step: str) -> str:
    """Move the simulated clock, run it along the way, and say what happened."""
    ctx = context_for(app, db)
    start = clock.now(app)
    end = target(step, start, ctx)
    if end is None:
        return "Choisissez de combien avancer l'horloge."
    before = len(getattr(transport_for(app), "sent", []))
    moment = start
    while moment < end:
        moment = min(moment + STEP, end)
        tick(app, moment)
    clock.move(app, end - start)
    return f"Horloge avancée de {span_words(end - start)} : il est {at_words(end, ctx.tz)}. " \
        + _outcome(app, db, ctx, end, before)


def run_once(app: Flask, db: Session) -> str:
    """The clock's next tick, now, with what it did or why it did nothing."""
    ctx = context_for(app, db)
    before = len(getattr(transport_for(app), "sent", []))
    now = clock.now(app)
    done = tick(app, now)
    if "skipped" in done:
        return "Horloge : une autre horloge tourne en ce moment, réessayez dans un instant."
    return f"Horloge ({at_words(now, ctx.tz)}) : " + _outcome(app, db, ctx, now, before)


def _outcome(app: Flask, db: Session, ctx: Context, now: datetime, before: int) -> str:
    sent: list[dict[str, Any]] = list(getattr(transport_for(app), "sent", []))[before:]
    calls = sum(1 for item in sent if item.get("channel") == "call")
    sms = len(sent) - calls
    if sent:
        parts = [f"{sms} SMS envoyé{'s' if sms > 1 else ''}"] if sms else []
        if calls:
            parts.append(f"{calls} appel{'s' if calls > 1 else ''} à la coordination")
        return " et ".join(parts) + "."
    db.expire_all()
    return "Aucun SMS envoyé : " + " ; ".join(why_nothing(db, ctx, now)) + "."


def why_nothing(db: Session, ctx: Context, now: datetime) -> list[str]:
    """Why the clock sent nothing at `now`, in a coordinator's words (at most four)."""
    reasons = []
    calling = in_calling_hours(now, ctx.calling, ctx.tz)
    if not calling:
        opening = next_calling_start(now, ctx.calling, ctx.tz)
        reasons.append(f"hors des heures d'appel, les propositions partent à "
                       f"{_hour(opening, ctx)}")
    reasons += _waiting_alerts(db, ctx, now)
    active = list(db.scalars(select(Request).where(Request.status.in_(ACTIVE_STATES))
                             .order_by(Request.deadline)))
    for request in active[:3]:
        reasons.append(_request_waits(db, ctx, request, now))
    queued = db.scalar(select(Message).where(Message.status == "queued",
                                             Message.next_attempt_at > now)
                       .order_by(Message.next_attempt_at).limit(1))
    if queued is not None and queued.next_attempt_at is not None and calling:
        reasons.append(f"un SMS programmé part {at_words(queued.next_attempt_at, ctx.tz)}")
    if not active and not reasons:
        reasons.append("aucune demande en cours : écrivez à la ligne depuis le téléphone "
                       "de l'entrepreneur·e")
    return reasons[:4] or ["rien n'était dû à cette heure-ci"]


def _hour(moment: datetime, ctx: Context) -> str:
    local = moment.astimezone(ctx.tz)
    return f"{local.hour}h{local.minute:02d}"


def _waiting_alerts(db: Session, ctx: Context, now: datetime) -> list[str]:
    waiting = list(db.scalars(select(Alert).where(Alert.delivered_at.is_(None))))
    if not waiting:
        return []
    if in_quiet_hours(ctx, now):
        end = parse_hhmm(ctx.quiet[1]) if ctx.quiet[1] != "24:00" else parse_hhmm("00:00")
        return [f"les alertes à la coordination attendent la fin des heures calmes "
                f"({end.hour}h{end.minute:02d})"]
    if not on_call(db, now, ctx.tz):
        return ["personne n'est d'astreinte : les alertes attendent la prochaine astreinte"]
    due = min(a.due_at for a in waiting)
    return [f"alertes regroupées pendant quelques minutes, envoi {at_words(due, ctx.tz)}"]


def _request_waits(db: Session, ctx: Context, request: Request, now: datetime) -> str:
    n = request.id
    if request.status == ACCEPTED:
        who = request.coach.first_name if request.coach else "le coach"
        return f"demande {n} : {who} doit rappeler avant {at_words(request.deadline, ctx.tz)}"
    offers = list(db.scalars(select(Offer).where(Offer.request_id == n,
                                                 Offer.status == "pending")))
    if offers:
        names = ", ".join(o.coach.first_name for o in offers)
        until = min(o.expires_at for o in offers)
        return f"demande {n} : proposée à {names}, réponse attendue avant {at_words(until, ctx.tz)}"
    if request.next_check_at is not None and request.next_check_at > now:
        return (f"demande {n} : proposée {at_words(request.next_check_at, ctx.tz)}, quand un "
                "coach pourra la lire")
    return f"demande {n} : aucun coach disponible, la coordination est prévenue"
