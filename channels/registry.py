"""The routes Rappel knows, by the name `SMS_BACKEND` gives them, and the
e-mail route beside whichever SMS route is chosen (channels.email: on when
IMAP_URL and SMTP_URL are set).

Adding an SMS route is a package under channels/ declaring a `ROUTE` and one
line here.
"""
from __future__ import annotations

import importlib
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from channels import email
from channels.base import Routes, Transport
from channels.route import Route

if TYPE_CHECKING:
    from flask import Flask

# Unreadable mails are shown on the board for a week, the time to open them.
UNREADABLE_SHOWN = timedelta(days=7)

ROUTES = {
    "console": "channels.console",
    "twilio": "channels.twilio",
    "sms-gateway": "channels.smsgate",
    "ovh": "channels.ovh",
}


def route(name: str) -> Route:
    """The route called `name`; KeyError for a name no route has."""
    return importlib.import_module(ROUTES[name]).ROUTE


def setting_keys() -> tuple[str, ...]:
    """Every route's settings, read from the environment."""
    return tuple(key for name in ROUTES for key in route(name).keys) + email.KEYS


def check_settings(settings: dict[str, Any], given: dict[str, Any]) -> None:
    """Complete and check the chosen route's settings (SettingsError).

    `given` is what the environment and config said, before defaults. Every
    route but the console reaches people outside this machine: their links
    need PUBLIC_URL and a SECRET_KEY shared by the web and clock processes."""
    from webhooks.settings import SettingsError
    name = settings["SMS_BACKEND"]
    if name not in ROUTES:
        raise SettingsError(f"SMS_BACKEND must be one of {', '.join(ROUTES)}, not {name!r}")
    route(name).check_settings(settings)
    email.check_settings(settings)
    if name == "console":
        return
    if not settings["PUBLIC_URL"]:
        raise SettingsError(f"SMS_BACKEND={name} needs PUBLIC_URL: webhooks are signed "
                            "for it and coaches' links point to it")
    if not given.get("SECRET_KEY"):
        raise SettingsError(f"SMS_BACKEND={name} needs SECRET_KEY, the same for the web "
                            "and clock processes (it signs the coaches' links)")


def active(app: Flask) -> Route:
    return route(app.config["SMS_BACKEND"])


def transport_for(app: Flask) -> Transport:
    """The app's transport, built once: the SMS route's, with the e-mail
    route beside it when it is on (each message goes by its channel)."""
    transport = app.extensions.get("rappel.transport")
    if transport is None:
        transport = active(app).build(app)
        if email.enabled(app):
            transport = Routes(transport, email.build(app))
        app.extensions["rappel.transport"] = transport
    return transport


def open_webhooks(app: Flask, *blueprints: Any) -> None:
    """Register a route's webhook blueprints, open to the anonymous (each
    checks its provider's signature) and without CSRF tokens."""
    opened = app.extensions.setdefault("rappel.open_blueprints", set())
    for bp in blueprints:
        if bp.name not in app.blueprints:
            app.register_blueprint(bp)
        opened.add(bp.name)


def init_app(app: Flask) -> None:
    """The chosen route's webhooks, and its state for the dashboard."""
    active(app).init_app(app)
    # A function, so the database is read only by the pages that show it.
    app.context_processor(lambda: {"route_state": lambda: _route_state(app)})


def _route_state(app: Flask) -> dict[str, Any]:
    """The route's last known state (dashboard fragment); {} when unknown."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from dispatch.models import ClockState, Message
    from webhooks import clock
    try:
        with app.extensions["rappel.sessions"]() as db:
            state = dict(db.scalar(select(ClockState.route_state)
                                   .where(ClockState.id == 1)) or {})
            if state.get("mailbox"):
                # Mails the hotline could not read stay in its mailbox: someone
                # must open them there (channels.email.poll keeps them).
                state["unreadable_mails"] = db.scalar(
                    select(func.count()).select_from(Message).where(
                        Message.status == "unreadable",
                        Message.created_at >= clock.now(app) - UNREADABLE_SHOWN)) or 0
    except SQLAlchemyError:
        return {}
    return state
