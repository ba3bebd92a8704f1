"""The coordinator's signed link /p/<token> from a crisis page's SMS: see the
request and take it in hand from a phone, without logging in.

The token, signed with SECRET_KEY, names one request and one coordinator and
is only sent to that coordinator. It shows what the page said (first name,
number, 3114 given) and acts once: "Je prends", the same as `PRIS N`.

An SMS can be forwarded or read off a lock screen: the link works while the
crisis is being handled (the request active, within a day of its first
page); after that it leads to the login, and the request's page behind it.
"""
from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from werkzeug.wrappers import Response

from dispatch import lifecycle
from dispatch.hotline import check_page_token
from dispatch.lifecycle import Outcome
from dispatch.models import ACTIVE_STATES, Coordinator, Escalation, Request
from dispatch.phones import national
from webhooks import clock
from webhooks.db import session

bp = Blueprint("page_links", __name__, url_prefix="/p")


LINK_LASTS = timedelta(hours=24)


def _found(token: str) -> tuple[Request, Coordinator]:
    ids = check_page_token(current_app.config["SECRET_KEY"], token)
    if ids is None:
        abort(404)
    db = session()
    found, person = db.get(Request, ids[0]), db.get(Coordinator, ids[1])
    if found is None or person is None or not person.active:
        abort(404)
    return found, person


def _still_open(found: Request) -> bool:
    """The crisis is still being handled: the request active, its first page
    less than a day old."""
    if found.status not in ACTIVE_STATES:
        return False
    paged = session().scalar(select(Escalation.at).where(Escalation.request_id == found.id,
                                                         Escalation.kind == "page_1"))
    return paged is not None and clock.now() <= paged + LINK_LASTS


@bp.get("/<token>")
def page(token: str) -> Response | str:
    found, person = _found(token)
    if not _still_open(found):
        return redirect(url_for("auth.login", next=f"/requests/{found.id}"))
    return render_template("page_link.html", r=found, person=person, token=token,
                           callback=national(found.callback_number)
                           if found.callback_number else "-")


@bp.post("/<token>")
def take(token: str) -> Response:
    found, person = _found(token)
    if not _still_open(found):
        return redirect(url_for("auth.login", next=f"/requests/{found.id}"))
    db = session()
    outcome = lifecycle.take_in_hand(db, found, person, clock.now(),
                                     "par le lien du SMS d'urgence")
    db.commit()
    if outcome is Outcome.TOO_LATE and found.taken_by is not None:
        flash(f"Déjà prise en main par {found.taken_by.name}.", "info")
    else:
        flash(f"Vous prenez la demande {found.id} en main. Merci, {person.name.split()[0]}.",
              "ok")
    return redirect(request.path)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
