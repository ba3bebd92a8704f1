"""The coordinators' board (search, filters, what to do next), a request's page
with its actions (closing and cancelling behind a confirmation, with a reason,
undone for 24 hours; erasing the person's data on request behind a typed
confirmation), and the coaches with the week's crisis coverage.

Thin: each view reads through dispatch.desk* and acts through dispatch.lifecycle.
`init_app` also sets up login, CSRF and rate limits (webhooks.auth) and the
monthly report's page (webhooks.report_page).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import (
    session as cookie,
)
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from dispatch import (
    desk,
    desk_actions,
    desk_coaches,
    desk_end,
    desk_mail,
    desk_words,
    erasure,
    lifecycle,
)
from dispatch.desk_search import Filters
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.localtime import slot_words
from dispatch.models import ACTIVE_STATES, Coach, Offer, Request
from dispatch.risk import Risk
from scheduling import context_for
from webhooks import auth, clock, templating
from webhooks.db import session

bp = Blueprint("dashboard", __name__)

SECTION_TITLES = {"attention": "À traiter", "in_progress": "En cours",
                  "contacted": "Rappelées ces 7 derniers jours",
                  "ended": "Closes ou annulées ces 7 derniers jours",
                  "no_content": "Messages incompris ces 7 derniers jours"}
# Kept for the tests and templates that name an event by its French words.
KIND_LABELS = desk_words.EVENTS


def now() -> datetime:
    """The hotline's time (the simulator may run it ahead: webhooks.clock)."""
    return clock.now()


def ctx() -> Context:
    if "rappel_ctx" not in g:
        g.rappel_ctx = context_for(current_app, session())
    return g.rappel_ctx


def actor() -> str:
    person = auth.current_coordinator()
    return person.name if person is not None else "coordination"


def _filters() -> Filters:
    """The board's search and filters, kept in the session (never in a URL: a
    search may be a phone number or a name)."""
    return Filters.read(cookie.get("board_filters") or {})


def _board() -> desk.Board:
    return desk.board(session(), now(), ctx(), _filters())


def _board_context() -> dict[str, Any]:
    db = session()
    return {"board": _board(), "filters": _filters(),
            "coaches": list(db.scalars(select(Coach).order_by(Coach.name)))}


@bp.get("/")
@auth.login_required
def board() -> str:
    return render_template("board.html", **_board_context())


@bp.get("/board/fragment")
@auth.login_required
def board_fragment() -> str:
    """The board's body alone: desk.js swaps it in every 30 s."""
    return render_template("_board.html", **_board_context())


@bp.post("/board/filters")
@auth.login_required
def set_filters() -> Response:
    """Search and filter the board (POST, then back to it: nothing personal in a URL)."""
    if request.form.get("reset"):
        cookie.pop("board_filters", None)
    else:
        cookie["board_filters"] = Filters.read(request.form).as_dict()
    return redirect(url_for("dashboard.board"))


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
    risk = Risk.of(db, ctx(), [req])
    left, tone = desk.time_left(req, moment, risk)
    offers = list(db.scalars(select(Offer).where(Offer.request_id == n).order_by(Offer.id)))
    pending = [o for o in offers if o.status == lifecycle.PENDING]
    holder = req.coach or (pending[0].coach if pending and req.status == "offered" else None)
    return render_template(
        "request.html", r=req, left=left, tone=tone, state=desk.state_of(req, moment, risk),
        slots=[slot_words(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]),
                          ctx().tz) for s in req.slots],
        sms=desk.original_sms(db, n),
        timeline=desk_words.lines(desk.timeline(db, n), req, desk_words.people(db)),
        offers=offers, choices=desk_actions.offer_choices(db, ctx(), req, moment),
        seen=desk_actions.Seen.of(req).token(), holder=holder,
        step=desk.next_step(req, moment, risk, pending, desk.escalations_of(db, req),
                            bool(offers)),
        undo=desk_end.undoable(db, req, moment), notices=_notices(req),
        close_reasons=desk_end.CLOSE_REASONS, cancel_reasons=desk_end.CANCEL_REASONS,
        waiting=desk_mail.waits_for_number(req), emails=desk_mail.emails_of(req),
        # Held by someone off call for a while (lifecycle.keeps_it): the shift
        # on call can take it over.
        takeable=not lifecycle.keeps_it(req, moment, ctx().tz))


def _notices(req: Request) -> dict[str, str]:
    """The SMS the person would get, by text key, as the forms show them."""
    keys = ("closed_notice", "unreachable_notice", "cancelled_notice", "reopened_notice")
    return {key: desk_end.notice(ctx(), req, key) for key in keys}


ACTIONS = ("offer", "contacted", "note", "close", "cancel", "reassign", "take", "crisis",
           "undo", "retry")


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
        if not text:
            flash("Note vide : rien n'a été ajouté.", "error")
        elif desk_actions.add_note(db, req, text, now(), actor()):
            db.commit()
            flash("Note ajoutée.", "ok")
        else:
            flash("Cette note figure déjà dans l'historique.", "info")
        return back
    if action == "take":
        return _take(db, req, back)
    if action == "crisis":
        return _crisis(db, req, back)
    if action == "offer" and desk_mail.waits_for_number(req):
        flash(f"Pas encore de numéro pour la demande {req.id} : aucun coach ne peut rappeler. "
              "Elle sera proposée dès que la personne aura donné son numéro.", "error")
        return back
    if action in ("close", "cancel") and not (request.form.get("motive") or "").strip():
        flash("Choisissez une raison : elle figure dans l'historique.", "error")
        return back
    seen = desk_actions.Seen.parse(request.form.get("seen", ""))
    if seen is None:
        abort(400)
    if not desk_actions.still_as_seen(db, n, seen):
        db.rollback()
        db.refresh(req)
        flash(desk_actions.describe(Outcome.WRONG_STATE, req, seen.status), "error")
        return back
    outcome, done = _do(db, req, action)
    if outcome is Outcome.DONE:
        db.commit()
        flash(done, "ok")
    else:
        db.rollback()
        db.refresh(req)
        flash(desk_actions.describe(outcome, req, seen.status), "error")
    return back


def _do(db: Session, req: Request, action: str) -> tuple[Outcome, str]:
    """Carry out one action; the outcome and the words that confirm it."""
    moment, who, form = now(), actor(), request.form
    told = form.get("tell") == "1"
    if action == "offer":
        coach = db.get(Coach, form.get("coach", type=int) or 0)
        if coach is None or not coach.active or coach.paused:
            # A coach who sent PAUSE asked for no offers until DISPO: the desk too.
            return Outcome.UNAVAILABLE, ""
        return (desk_actions.offer_to(db, ctx(), req, coach, moment, who),
                f"Demande {req.id} proposée à {coach.name}.")
    if action == "retry":
        return (desk_actions.retry(db, ctx(), req, moment, who),
                f"Demande {req.id} : {req.coach.name if req.coach else 'le coach'} est prévenu·e "
                "de réessayer.")
    if action == "contacted":
        return (lifecycle.mark_contacted(db, req, moment, who, tell_holder=True),
                f"Demande {req.id} rappelée.")
    if action in ("close", "cancel"):
        motive = form.get("motive", "other")
        outcome = desk_end.end(db, ctx(), req, action, motive,
                               (form.get("reason") or "").strip()[:300], told, moment, who)
        what = "close" if action == "close" else "annulée"
        message = "mail" if req.channel == "email" else "SMS"
        return outcome, (f"Demande {req.id} {what}" + (f" : la personne est prévenue par {message}"
                                                        if told else f", sans {message} à la personne")
                         + ". Vous pouvez la rétablir pendant 24 h.")
    if action == "undo":
        return (desk_end.undo(db, ctx(), req, moment, who, told),
                f"Demande {req.id} rétablie" + (" ; la personne est prévenue." if told else "."))
    return (lifecycle.reassign(db, req, moment, who),
            f"Demande {req.id} reprise : elle sera proposée à un autre coach.")


def _take(db: Session, req: Request, back: Response) -> Response:
    """ "Je prends": the coordinator takes the request in hand (a page stops climbing)."""
    person = auth.current_coordinator()
    if person is None:
        abort(403)
    outcome = lifecycle.take_in_hand(db, req, person, now(), "depuis le tableau de bord",
                                     ctx().tz)
    db.commit()
    if outcome is Outcome.TOO_LATE and req.taken_by is not None:
        flash(f"Demande {req.id} déjà prise en main par {req.taken_by.name}.", "error")
    elif outcome is Outcome.WRONG_STATE:
        flash(f"Demande {req.id} « {desk_actions.label(req.status)} » : plus rien à prendre "
              "en main.", "error")
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
    person = auth.current_coordinator()
    was_taken = req.taken_by_id is not None
    outcome = desk_actions.set_crisis(db, ctx(), req, mark, reason, now(), actor(), by=person)
    if outcome is Outcome.DONE:
        db.commit()
        if not mark:
            flash(f"Demande {req.id} n'est plus marquée comme crise.", "ok")
        elif not was_taken and person is not None and req.taken_by_id == person.id:
            flash(f"Demande {req.id} marquée comme crise : vous êtes d'astreinte, elle est en "
                  "main pour vous (les appels ne passent pas à d'autres). Coachs formé·es "
                  "sollicité·es.", "ok")
        else:
            flash(f"Demande {req.id} marquée comme crise : coordination d'astreinte appelée, "
                  "coachs formé·es sollicité·es.", "ok")
    else:
        db.rollback()
        flash(f"Rien à changer pour la demande {req.id}." if outcome is Outcome.ALREADY else
              f"Demande {req.id} « {desk_actions.label(req.status)} » : plus rien à changer.",
              "info")
    return back


def _erase_page(req: Request, status: int = 200) -> tuple[str, int]:
    mails = [m for m in desk.original_sms(session(), req.id) if m.channel == "email"]
    return render_template("erase_confirm.html", r=req, active=req.status in ACTIVE_STATES,
                           seen=desk_actions.Seen.of(req).token(), mails=mails), status


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
    """Erase the person's data at their request (dispatch.erasure.erase_request):
    an active request is cancelled first, its coach told. Done only if the number
    typed is the request's and the request is still as the confirmation page showed it."""
    db = session()
    req = _request_or_404(n)
    seen = desk_actions.Seen.parse(request.form.get("seen", ""))
    if seen is None:
        abort(400)
    typed = (request.form.get("confirm") or "").strip().lstrip("#").strip()
    if typed != str(n):
        flash("Le numéro saisi ne correspond pas à la demande : rien n'a été effacé.", "error")
        return _erase_page(req, 400)
    # still_as_seen takes the row (or SQLite's write lock) until commit: two
    # coordinators erasing at once do it once, the second finds it done.
    if not desk_actions.still_as_seen(db, n, seen):
        db.rollback()
        db.refresh(req)
        if req.anonymised_at is None:
            flash(desk_actions.describe(Outcome.WRONG_STATE, req, seen.status).replace(
                "recommencez si besoin", "confirmez à nouveau si besoin"), "error")
            return _erase_page(req, 409)
    db.refresh(req)
    if req.anonymised_at is not None:
        db.rollback()
        flash(f"Les données personnelles de la demande {n} étaient déjà effacées.", "info")
        return redirect(url_for("dashboard.request_page", n=n))
    erased = erasure.erase_person(db, n, now(), actor(), ctx())
    db.commit()
    current_app.logger.info("requests %s: personal data erased on request by a coordinator",
                            erased)
    also = (f" (et des demandes {', '.join(map(str, erased[1:]))} de la même personne)"
            if len(erased) > 1 else "")
    flash(f"Données personnelles de la demande {n}{also} effacées : nom, numéros, e-mails, "
          "SMS et mails ne sont plus conservés.", "ok")
    return redirect(url_for("dashboard.request_page", n=n))


@bp.get("/coaches")
@auth.login_required
def coaches() -> str:
    db = session()
    return render_template("coaches.html",
                           lines=desk_coaches.coach_lines(db, now(), ctx().tz),
                           week=desk_coaches.week_coverage(db), days=desk_coaches.DAYS)


ERRORS = {
    400: ("Requête incomplète", "Le formulaire envoyé est incomplet ou ancien : rechargez la "
                                "page et recommencez."),
    404: ("Page introuvable", "Cette page n'existe pas, ou plus : vérifiez l'adresse ou le "
                              "numéro de la demande."),
    405: ("Action impossible", "Cette adresse ne s'ouvre pas ainsi : revenez à la page "
                               "précédente."),
}


def _error_page(error: HTTPException) -> Any:
    """People read errors in French; machines (API, webhooks) keep theirs."""
    if request.path == "/api" or request.path.startswith("/api/"):
        from webhooks.api import _json_error
        return _json_error(error)
    if request.path.startswith(("/twilio/", "/sms-gateway/", "/healthz")) \
            or error.code not in ERRORS:
        return error
    title, message = ERRORS[error.code or 404]
    return render_template("error.html", title=title, message=message), error.code


def init_app(app: Flask) -> None:
    from webhooks import report_page
    for code in ERRORS:
        app.register_error_handler(code, _error_page)
    app.register_blueprint(bp)
    report_page.init_app(app)
    auth.init_app(app)
    templating.install(app)
    app.after_request(templating.headers)
    app.context_processor(lambda: {"section_titles": SECTION_TITLES,
                                   "simulator_on": "simulator" in app.blueprints})
