"""The coordinators' board, a request's page with its actions (erasing the
person's data on request among them, behind a confirmation), and the coaches.

Thin: each view reads through dispatch.desk and acts through dispatch.lifecycle.
`init_app` also sets up login, CSRF and rate limits (webhooks.auth) and the
monthly report's page (webhooks.report_page).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import (
    Blueprint, Flask, Response, abort, current_app, flash, g, redirect, render_template,
    request, url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch import desk, lifecycle, retention, texts
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.localtime import duration_words, moment_words, slot_words
from dispatch.models import ACTIVE_STATES, Coach, Offer, Request
from dispatch.phones import national
from scheduling import context_for
from webhooks import auth
from webhooks.db import session

bp = Blueprint("dashboard", __name__)

KIND_LABELS = {
    "sms_in": "SMS reçu", "opened": "demande ouverte", "offered": "proposée",
    "accepted": "acceptée", "declined": "refusée", "offer_expired": "proposition expirée",
    "contacted": "rappel fait", "closed": "close", "cancelled": "annulée",
    "reassigned": "reprise par la coordination", "note": "note", "escalated": "escalade",
    "crisis": "crise", "call_failed": "appel sans réponse", "opted_out": "STOP",
    "crisis_marked": "marquée crise", "crisis_unmarked": "n'est plus une crise",
    "taken": "prise en main", "paged": "coordination appelée", "page_unreachable":
    "personne n'a pu être appelé", "given_back": "rendue par le coach", "new_round":
    "nouveau tour", "offer_unsent": "proposition retirée avant envoi", "chased":
    "relance de la personne", "deadline_moved": "échéance déplacée", "sms_page": "SMS : appel d'urgence",
    "call_page": "appel téléphonique d'urgence", "sms_taken": "SMS : prise par un autre coach",
    "opted_in": "START", "sms_offer": "SMS : proposition", "sms_reply": "SMS : réponse",
    "sms_alert": "SMS : alerte", "sms_reminder": "SMS : rappel au coach",
    "sms_forward": "SMS : transmis au coach", "sms_cancelled": "SMS : annulation",
    "sms_tried_to_call": "SMS : tentative d'appel",
    "erased": "données personnelles effacées", "anonymised": "anonymisée (durée de conservation)",
}
SECTION_TITLES = {"attention": "À traiter", "in_progress": "En cours",
                  "contacted": "Rappelées ces 7 derniers jours"}
TOPIC_LABELS = {"equilibre": "équilibre"}  # texts.py spells it for SMS, without accents
OFFER_LABELS = {"pending": "en attente de réponse", "accepted": "acceptée", "declined": "refusée",
                "expired": "expirée", "withdrawn": "retirée"}
STATE_LABELS = {"crisis": "crise", "overdue": "en retard", "at_risk": "à risque",
                "waiting": "attend un coach", "in_progress": "en cours", "contacted": "rappelée",
                "cancelled": "annulée", "closed": "close"}


def now() -> datetime:
    return datetime.now(timezone.utc)


def ctx() -> Context:
    if "rappel_ctx" not in g:
        g.rappel_ctx = context_for(current_app, session())
    return g.rappel_ctx  # type: ignore[no-any-return]


def actor() -> str:
    person = auth.current_coordinator()
    return person.name if person is not None else "coordination"


@bp.get("/")
@auth.login_required
def board() -> str:
    return render_template("board.html", board=desk.board(session(), now()))


@bp.get("/board/fragment")
@auth.login_required
def board_fragment() -> str:
    """The board's body alone: desk.js swaps it in every 30 s."""
    return render_template("_board.html", board=desk.board(session(), now()))


def _request_or_404(n: int) -> Request:
    found = session().get(Request, n)
    if found is None:
        abort(404)
    return found


@bp.get("/requests/<int:n>")
@auth.login_required
def request_page(n: int) -> str:
    db = session()
    req = _request_or_404(n)
    moment = now()
    left, tone = desk.time_left(req, moment)
    offers = list(db.scalars(select(Offer).where(Offer.request_id == n).order_by(Offer.id)))
    return render_template(
        "request.html", r=req, left=left, tone=tone, state=desk.state_of(req, moment),
        slots=[slot_words(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]),
                          ctx().tz) for s in req.slots],
        sms=desk.original_sms(db, n), timeline=desk.timeline(db, n), offers=offers,
        choices=desk.offer_choices(db, ctx(), req, moment), seen=desk.Seen.of(req).token(),
        holder=desk.coach_of(req, desk.pending_offers(db, [n])))


ACTIONS = ("offer", "contacted", "note", "close", "cancel", "reassign", "take", "crisis")


@bp.post("/requests/<int:n>/<action>")
@auth.login_required
def act(n: int, action: str) -> Response:
    if action not in ACTIONS:
        abort(404)
    db = session()
    req = _request_or_404(n)
    back = redirect(url_for("dashboard.request_page", n=n))
    if action == "note":
        text = (request.form.get("text") or "").strip()
        if text:
            desk.add_note(db, req, text, now(), actor())
            db.commit()
            flash("Note ajoutée.", "ok")
        return back
    if action == "take":
        return _take(db, req, back)
    if action == "crisis":
        return _crisis(db, req, back)
    seen = desk.Seen.parse(request.form.get("seen", ""))
    if seen is None:
        abort(400)
    if not desk.still_as_seen(db, n, seen):
        db.rollback()
        db.refresh(req)
        flash(desk.describe(Outcome.WRONG_STATE, req, seen.status), "error")
        return back
    outcome, done = _do(db, req, action)
    if outcome is Outcome.DONE:
        db.commit()
        flash(done, "ok")
    else:
        db.rollback()
        db.refresh(req)
        flash(desk.describe(outcome, req, seen.status), "error")
    return back


def _do(db: Session, req: Request, action: str) -> tuple[Outcome, str]:
    """Carry out one action; the outcome and the words that confirm it."""
    moment, who = now(), actor()
    if action == "offer":
        coach = db.get(Coach, request.form.get("coach", type=int) or 0)
        if coach is None or not coach.active:
            return Outcome.NOT_YOURS, ""
        return (desk.offer_to(db, ctx(), req, coach, moment, who),
                f"Demande {req.id} proposée à {coach.name}.")
    if action == "contacted":
        return lifecycle.mark_contacted(db, req, moment, who), f"Demande {req.id} rappelée."
    if action == "close":
        reason = "unreachable" if request.form.get("reason") == "unreachable" else None
        return (lifecycle.close(db, req, moment, who, reason),
                f"Demande {req.id} close" + (" (personne injoignable)." if reason else "."))
    if action == "cancel":
        return lifecycle.cancel(db, ctx(), req, moment, who), f"Demande {req.id} annulée."
    return (lifecycle.reassign(db, req, moment, who),
            f"Demande {req.id} reprise : elle sera proposée à un autre coach.")


def _take(db: Session, req: Request, back: Response) -> Response:
    """ "Je prends": the coordinator takes the request in hand (a page stops climbing)."""
    person = auth.current_coordinator()
    if person is None:
        abort(403)
    outcome = lifecycle.take_in_hand(db, req, person, now(), "depuis le tableau de bord")
    db.commit()
    if outcome is Outcome.TOO_LATE and req.taken_by is not None:
        flash(f"Demande {req.id} déjà prise en main par {req.taken_by.name}.", "error")
    else:
        flash(f"Vous prenez la demande {req.id} en main : les alertes à son sujet ne vont "
              "plus qu'à vous.", "ok")
    return back


def _crisis(db: Session, req: Request, back: Response) -> Response:
    """Mark a request as a crisis, or unmark one flagged wrongly, with a reason."""
    reason = (request.form.get("reason") or "").strip()[:500]
    mark = request.form.get("crisis") == "1"
    if not reason:
        flash("Indiquez la raison : elle figure dans l'historique.", "error")
        return back
    outcome = desk.set_crisis(db, ctx(), req, mark, reason, now(), actor())
    if outcome is Outcome.DONE:
        db.commit()
        flash(f"Demande {req.id} marquée comme crise : coordination appelée, coachs formés "
              "sollicités." if mark else f"Demande {req.id} n'est plus marquée comme crise.",
              "ok")
    else:
        db.rollback()
        flash(f"Rien à changer pour la demande {req.id}.", "info")
    return back


def _erase_page(req: Request, status: int = 200) -> tuple[str, int]:
    return render_template("erase_confirm.html", r=req, active=req.status in ACTIVE_STATES,
                           seen=desk.Seen.of(req).token()), status


@bp.get("/requests/<int:n>/erase")
@auth.login_required
def erase_confirm(n: int) -> Any:
    """The confirmation step: the coordinator types the request's number."""
    req = _request_or_404(n)
    if req.anonymised_at is not None:
        flash(f"Les données personnelles de la demande {n} sont déjà effacées.", "info")
        return redirect(url_for("dashboard.request_page", n=n))
    return _erase_page(req)


@bp.post("/requests/<int:n>/erase")
@auth.login_required
def erase(n: int) -> Any:
    """Erase the person's data at their request (dispatch.retention.erase_request):
    an active request is cancelled first, its coach told. Done only if the number
    typed is the request's and the request is still as the confirmation page showed it."""
    db = session()
    req = _request_or_404(n)
    seen = desk.Seen.parse(request.form.get("seen", ""))
    if seen is None:
        abort(400)
    typed = (request.form.get("confirm") or "").strip().lstrip("#").strip()
    if typed != str(n):
        flash("Le numéro saisi ne correspond pas à la demande : rien n'a été effacé.", "error")
        return _erase_page(req, 400)
    # still_as_seen takes the row (or SQLite's write lock) until commit: two
    # coordinators erasing at once do it once, the second finds it done.
    if not desk.still_as_seen(db, n, seen):
        db.rollback()
        db.refresh(req)
        if req.anonymised_at is None:
            flash(desk.describe(Outcome.WRONG_STATE, req, seen.status).replace(
                "recommencez si besoin", "confirmez à nouveau si besoin"), "error")
            return _erase_page(req, 409)
    db.refresh(req)
    if req.anonymised_at is not None:
        db.rollback()
        flash(f"Les données personnelles de la demande {n} étaient déjà effacées.", "info")
        return redirect(url_for("dashboard.request_page", n=n))
    erased = retention.erase_person(db, n, now(), actor(), ctx())
    db.commit()
    current_app.logger.info("requests %s: personal data erased on request by a coordinator",
                            erased)
    also = (f" (et des demandes {', '.join(map(str, erased[1:]))} de la même personne)"
            if len(erased) > 1 else "")
    flash(f"Données personnelles de la demande {n}{also} effacées : nom, numéros, e-mails et "
          "SMS ne sont plus conservés.", "ok")
    return redirect(url_for("dashboard.request_page", n=n))


@bp.get("/coaches")
@auth.login_required
def coaches() -> str:
    return render_template("coaches.html", lines=desk.coach_lines(session(), now(), ctx().tz))


def _filters(app: Flask) -> None:
    def local(moment: datetime | None) -> str:
        return moment_words(moment, ctx().tz) if moment else "-"

    def clock(moment: datetime | None) -> str:
        return moment.astimezone(ctx().tz).strftime("%d/%m %H:%M") if moment else "-"

    app.add_template_filter(local, "local")
    app.add_template_filter(clock, "clock")
    app.add_template_filter(lambda n: national(n) if n else "-", "national")
    app.add_template_filter(lambda t: TOPIC_LABELS.get(t) or texts.topic_word(t), "topic")
    app.add_template_filter(desk.label, "status")
    app.add_template_filter(lambda k: KIND_LABELS.get(k, k), "kind")
    app.add_template_filter(lambda s: STATE_LABELS.get(s, s), "state")
    app.add_template_filter(lambda s: OFFER_LABELS.get(s, s), "offer_status")
    app.add_template_filter(lambda d: duration_words(d) if d is not None else "-", "duration")


# The dashboard's Content-Security-Policy, by directive. A page that
# needs more (the report's inline SVG styles) passes its own style-src, never
# 'unsafe-inline' nor a looser script-src (webhooks.report_page).
POLICY = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
    "img-src": "'self' data:", "object-src": "'none'", "base-uri": "'none'",
    "frame-ancestors": "'none'", "form-action": "'self'",
}


def content_security_policy(style_src: str | None = None) -> str:
    """The dashboard's policy; `style_src` replaces 'self' for one page."""
    directives = dict(POLICY, **({"style-src": style_src} if style_src else {}))
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _headers(response: Response) -> Response:
    """No inline script or style anywhere: a strict policy costs nothing."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Private pages: nothing kept by the browser for the back button after logout.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    from webhooks import report_page
    app.register_blueprint(bp)
    report_page.init_app(app)
    auth.init_app(app)
    _filters(app)
    app.after_request(_headers)
    app.context_processor(lambda: {"section_titles": SECTION_TITLES,
                                   "simulator_on": "simulator" in app.blueprints})
