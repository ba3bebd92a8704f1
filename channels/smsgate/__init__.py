"""The hotline's own phone: SMS Gateway for Android (local, cloud or private mode).

The app turns an Android phone and its SIM into an SMS gateway, so the
hotline keeps the number it already publishes. Settings: SMSGATE_URL (the
app's API: the phone's address in local mode, https://api.sms-gate.app/3rdparty/v1
in cloud mode), SMSGATE_USER, SMSGATE_PASSWORD, SMSGATE_SIGNING_KEY (Settings
> Webhooks > Signing Key in the app). Inbound SMS and delivery reports come
to POST /sms-gateway/events, signed with that key. The phone cannot ring a
coordinator: a crisis page's call fails as "no voice on this route" while
its SMS goes. The carrier answers no opt-out word: Rappel confirms STOP.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channels.route import Route

if TYPE_CHECKING:
    from flask import Flask

    from channels.smsgate.transport import GatewayTransport

KEYS = ("SMSGATE_URL", "SMSGATE_USER", "SMSGATE_PASSWORD", "SMSGATE_SIGNING_KEY")
CLOUD_URL = "https://api.sms-gate.app/3rdparty/v1"


def _settings(s: dict[str, Any]) -> None:
    from webhooks.settings import SettingsError
    s["SMSGATE_URL"] = (s.get("SMSGATE_URL") or CLOUD_URL).rstrip("/")
    for name in ("SMSGATE_USER", "SMSGATE_PASSWORD", "SMSGATE_SIGNING_KEY"):
        if not s.get(name):
            raise SettingsError(f"SMS_BACKEND=sms-gateway needs {name}: the app shows it "
                                "(Home tab; Settings > Webhooks for the signing key)")
    if not s.get("HOTLINE_NUMBER"):
        raise SettingsError("SMS_BACKEND=sms-gateway needs HOTLINE_NUMBER: the phone's own "
                            "number, the one the hotline publishes")


def _build(app: Flask) -> GatewayTransport:
    from channels.smsgate.transport import GatewayTransport
    conf = app.config
    return GatewayTransport(conf["SMSGATE_URL"], conf["SMSGATE_USER"], conf["SMSGATE_PASSWORD"],
                            session=conf.get("SMSGATE_HTTP_SESSION"))


def _init_app(app: Flask) -> None:
    from channels.registry import open_webhooks
    from channels.smsgate.webhooks import bp
    open_webhooks(app, bp)


def _poll(*args: Any) -> int:
    from channels.smsgate.poll import poll
    return poll(*args)


def _check(app: Flask) -> list[str]:
    from channels.smsgate.poll import check
    return check(app)


ROUTE = Route(name="sms-gateway", label="SMS Gateway for Android", keys=KEYS,
              check_settings=_settings, build=_build, init_app=_init_app, poll=_poll,
              check=_check, voice=False)
