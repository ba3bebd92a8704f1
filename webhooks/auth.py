"""Who may see the desk: coordinators with a password, and API clients with the token.

Everything is closed by default: a guard before every request lets through
only the open endpoints (health, the SMS route's webhooks, each checking its
provider's signature, the coach's signed offer link, the login page, static
files); any other page sends an anonymous
visitor to the login page, and any API route answers 401.
"""
from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import timedelta
from functools import cache, wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from dispatch.models import Coordinator
from webhooks import login_limits
from webhooks.db import session as db_session

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()

OPEN_ENDPOINTS = {"static", "health.healthz", "auth.login"}
OPEN_BLUEPRINTS = {"offer_links", "page_links"}  # and the route's webhooks (below)
SESSION_LIFETIME = timedelta(hours=12)  # a working day; logged out overnight


@cache
def _dummy_hash() -> str:
    """Checked when the e-mail is unknown, so that a wrong e-mail costs as much
    time as a wrong password and does not reveal who has an account."""
    return generate_password_hash("not a password", method="scrypt")


def current_coordinator() -> Coordinator | None:
    """The coordinator logged in on this session, None if nobody (or a stale session)."""
    if "coordinator" not in g:
        ident = session.get("coordinator_id")
        person = db_session().get(Coordinator, ident) if isinstance(ident, int) else None
        if person is not None and (not person.active or not person.password_hash
                                   or session.get("pw") != _fingerprint(person.password_hash)
                                   or session.get("sv", 0) != person.session_version):
            person = None  # deactivated, the password changed, or logged out since
        g.coordinator = person
    return g.coordinator


def _fingerprint(password_hash: str) -> str:
    return hmac.new(current_app.secret_key.encode(), password_hash.encode(),  # type: ignore[union-attr]
                    "sha256").hexdigest()[:16]


def bearer_ok() -> bool:
    """True when the request carries `Authorization: Bearer <API_TOKEN>`.

    No API_TOKEN configured: every bearer is refused."""
    expected = current_app.config.get("API_TOKEN") or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


def _is_open() -> bool:
    endpoint = request.endpoint or ""
    return endpoint in OPEN_ENDPOINTS or request.blueprint in OPEN_BLUEPRINTS \
        or request.blueprint in _route_webhooks()


def _route_webhooks() -> set[str]:
    """The SMS route's webhook blueprints (channels.registry.open_webhooks)."""
    return current_app.extensions.get("rappel.open_blueprints", set())


def _refuse() -> ResponseReturnValue:
    if request.blueprint == "api" or request.path.startswith("/api/"):
        response = jsonify({"error": "authentication required"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="rappel"'
        return response
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def guard() -> ResponseReturnValue | None:
    """before_request: refuse the anonymous on every endpoint that is not open."""
    if request.endpoint is None or _is_open():
        return None  # 404 and 405 stay what they are
    if current_coordinator() is not None:
        return None
    if request.blueprint == "api" and bearer_ok():
        return None
    return _refuse()


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """For views outside the guard's reach (the guard already covers every route)."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_coordinator() is None:
            return _refuse()
        return view(*args, **kwargs)
    return wrapped


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("dashboard.board")
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else url_for("dashboard.board")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    email = (request.form.get("email") or "").strip().lower()
    password = request.form.get("password") or ""
    person = db_session().scalar(select(Coordinator).where(Coordinator.email == email,
                                                           Coordinator.active.is_(True)))
    stored = person.password_hash if person is not None else None
    valid = check_password_hash(stored or _dummy_hash(), password) and bool(stored)
    if person is None or stored is None or not valid:
        current_app.logger.warning("dashboard login refused from %s", request.remote_addr)
        flash("E-mail ou mot de passe incorrect.", "error")
        return render_template("login.html", next=request.form.get("next", ""), email=email), 401
    session.clear()  # a fresh session: no fixation of an older one
    session.permanent = True
    session["coordinator_id"] = person.id
    session["pw"] = _fingerprint(stored)
    session["sv"] = person.session_version
    return login_limits.remember_device(redirect(_safe_next(request.form.get("next"))), email)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Ends this session and every other one of the coordinator: the cookie,
    even copied elsewhere, no longer opens anything."""
    person = current_coordinator()
    if person is not None:
        db = db_session()
        db.execute(update(Coordinator).where(Coordinator.id == person.id)
                   .values(session_version=Coordinator.session_version + 1))
        db.commit()
    session.clear()
    flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("auth.login"))


def _too_many(_error: Exception) -> tuple[str, int]:
    message = ("Trop de tentatives de connexion : réessayez dans une minute, "
               "ou depuis un navigateur où vous vous êtes déjà connecté·e.")
    return render_template("error.html", title="Trop de tentatives", message=message), 429


def _csrf_failed(_error: CSRFError) -> tuple[str, int]:
    return render_template("error.html", title="Formulaire expiré",
                           message="Ce formulaire a expiré ou ne vient pas de Rappel. "
                                   "Rechargez la page et recommencez."), 400


def init_app(app: Flask) -> None:
    """Login, the guard, CSRF and the login rate limits, for this app."""
    app.config["PERMANENT_SESSION_LIFETIME"] = SESSION_LIFETIME
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.register_blueprint(bp)
    app.before_request(guard)
    csrf.init_app(app)
    for name in ("api", *app.extensions.get("rappel.open_blueprints", ())):
        if name in app.blueprints:
            csrf.exempt(app.blueprints[name])
    app.extensions["rappel.limiter"] = login_limits.init_app(app)
    app.context_processor(lambda: {"coordinator": current_coordinator()})
    app.register_error_handler(429, _too_many)
    app.register_error_handler(CSRFError, _csrf_failed)
