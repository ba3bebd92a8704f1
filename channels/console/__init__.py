"""The console route (the default): records and prints, feeds the phone simulator.

Nothing leaves the machine. Inbound SMS come from the phone simulator and
from unsigned posts of this machine in Twilio's form to /twilio/sms (curl,
the simulator's scripts), so the Twilio webhooks are registered too.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channels.route import Route

if TYPE_CHECKING:
    from flask import Flask

    from channels.console.transport import ConsoleTransport


def _settings(_settings: dict[str, Any]) -> None:
    return None


def _build(app: Flask) -> ConsoleTransport:
    from channels.console.transport import ConsoleTransport
    return ConsoleTransport(echo=not app.config.get("TESTING", False))


def _init_app(app: Flask) -> None:
    from channels.twilio import webhooks
    webhooks.init_app(app)


def _check(_app: Flask) -> list[str]:
    return ["console: SMS and calls are printed here and shown in the phone simulator "
            "(/simulator); nothing leaves this machine"]


ROUTE = Route(name="console", label="console", keys=(), check_settings=_settings,
              build=_build, init_app=_init_app, check=_check, voice=True)
