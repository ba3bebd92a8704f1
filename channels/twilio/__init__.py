"""The Twilio route: SMS and the crisis page's phone call through Twilio.

Settings: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, HOTLINE_NUMBER (or
TWILIO_MESSAGING_SERVICE_SID), PUBLIC_URL. Inbound at POST /twilio/sms,
delivery reports at POST /twilio/status, the page call's answer at POST
/twilio/voice/<n>, all signed with the auth token. Twilio answers its own
opt-out words (channels.twilio.errors.WORDS); reconciliation reads
Twilio's list of messages (channels.twilio.reconcile).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from channels.route import Route
from channels.twilio.errors import WORDS

if TYPE_CHECKING:
    from flask import Flask

    from channels.twilio.transport import TwilioTransport

log = logging.getLogger(__name__)
KEYS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_MESSAGING_SERVICE_SID")


def _settings(s: dict[str, Any]) -> None:
    from webhooks.settings import SettingsError
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"):
        if not s.get(name):
            raise SettingsError(f"SMS_BACKEND=twilio needs {name}: set it in the environment")
    if not s.get("HOTLINE_NUMBER") and not s.get("TWILIO_MESSAGING_SERVICE_SID"):
        raise SettingsError("SMS_BACKEND=twilio needs HOTLINE_NUMBER "
                            "(or TWILIO_MESSAGING_SERVICE_SID) to send from")


def _build(app: Flask) -> TwilioTransport:
    from channels.twilio.transport import TwilioTransport
    conf = app.config
    callback = f"{conf['PUBLIC_URL']}/twilio/status" if conf.get("PUBLIC_URL") else None
    return TwilioTransport(
        conf["TWILIO_ACCOUNT_SID"], conf["TWILIO_AUTH_TOKEN"],
        from_number=conf.get("HOTLINE_NUMBER"),
        messaging_service_sid=conf.get("TWILIO_MESSAGING_SERVICE_SID"),
        status_callback=callback, http_client=conf.get("TWILIO_HTTP_CLIENT"),
        public_url=conf.get("PUBLIC_URL"))


def _init_app(app: Flask) -> None:
    from channels.twilio import webhooks
    from channels.twilio.check import call_problem
    webhooks.init_app(app)
    problem = call_problem(app.config)
    if problem is not None:  # a crisis page's call would fail each time, silently
        log.warning("twilio: %s (see `rappel channels check`)", problem)


def _check(app: Flask) -> list[str]:
    from channels.twilio.check import check
    return check(app)


def _poll(*args: Any) -> int:
    from channels.twilio.reconcile import poll
    return poll(*args)


ROUTE = Route(name="twilio", label="Twilio", keys=KEYS, check_settings=_settings,
              build=_build, words=WORDS, init_app=_init_app, poll=_poll, check=_check,
              voice=True)
