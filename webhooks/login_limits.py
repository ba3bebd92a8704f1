"""How many wrong passwords the login form takes, and from whom.

Failures only are counted (Flask-Limiter, in the storage named by
RATELIMIT_STORAGE_URI, so that every web process sees the same counts):

- per address, 5 a minute: the peer's address, or the client's as told by
  the TRUSTED_PROXIES proxies of ours, never by the client itself;
- per account, 5 a quarter of an hour, and all accounts together, 10 an hour:
  both count only tries from browsers not recognised for the account typed.

A browser is recognised for an account once it has logged in to it: it keeps
a signed cookie naming the account (a "device cookie", sent to /login only).
So a stranger's wrong tries, from however many addresses, lock strangers out
of an account, never its coordinator on a browser she has used before.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

PER_ADDRESS = "5 per minute"
PER_ACCOUNT = "5 per 15 minutes"
OVERALL = "10 per hour"
DEVICE_COOKIE = "rappel_device"
DEVICE_SECONDS = 180 * 24 * 3600  # half a year: a volunteer's laptop between two rotas
DEVICE_ACCOUNTS = 5               # a shared desk computer remembers a few coordinators


def typed_email() -> str:
    return (request.form.get("email") or "").strip().lower()


def _serializer() -> URLSafeTimedSerializer:
    secret = str(current_app.secret_key)
    return URLSafeTimedSerializer(secret, salt="rappel-device")


def recognised_accounts() -> list[str]:
    """The accounts this browser has logged in to (none for a missing or forged cookie)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        accounts = _serializer().loads(raw, max_age=DEVICE_SECONDS)
    except BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def recognised() -> bool:
    return typed_email() in recognised_accounts()


def remember_device(response: Response, email: str) -> Response:
    """After a successful login: this browser is now recognised for `email`."""
    accounts = [email] + [a for a in recognised_accounts() if a != email][:DEVICE_ACCOUNTS - 1]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(accounts), max_age=DEVICE_SECONDS,
                        path="/login", httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def _failed(response: Response) -> bool:
    return response.status_code != 302


def _account_key() -> str:
    return "login-account:" + typed_email()


def _overall_key() -> str:
    return "login-unrecognised"


def init_app(app: Flask, endpoint: str = "auth.login") -> Limiter:
    """Put the three limits on the login view (POST only)."""
    limiter = Limiter(get_remote_address, app=app, storage_uri=app.config["RATELIMIT_STORAGE_URI"],
                      in_memory_fallback_enabled=True)
    view: Any = app.view_functions[endpoint]
    view = limiter.limit(PER_ADDRESS, methods=["POST"], deduct_when=_failed)(view)
    for limit, key in ((PER_ACCOUNT, _account_key), (OVERALL, _overall_key)):
        view = limiter.limit(limit, methods=["POST"], key_func=key, deduct_when=_failed,
                             exempt_when=recognised)(view)
    app.view_functions[endpoint] = view
    return limiter
