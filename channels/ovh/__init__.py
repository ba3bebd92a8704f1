"""A French two-way A2P route: OVHcloud SMS (the official `ovh` client).

Settings: OVH_ENDPOINT (ovh-eu), OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET,
OVH_CONSUMER_KEY (rights: GET/POST on /sms/*), OVH_SMS_ACCOUNT (sms-xx11111-1),
OVH_SMS_SENDER (optional: a two-way sender of the account; empty, OVH sends
from a short number people can answer), OVH_CREDIT_WARN (credits below which
the dashboard warns; 50). Messages are not marketing: no STOP clause. OVH
has no webhook here: the clock reads incoming SMS, delivery reports and the
account's credit (channels.ovh.poll). OVH answers no opt-out word: Rappel
confirms STOP. No voice: a crisis page's call fails, its SMS goes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channels.route import Route

if TYPE_CHECKING:
    from flask import Flask

    from channels.ovh.transport import OvhTransport

KEYS = ("OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY",
        "OVH_SMS_ACCOUNT", "OVH_SMS_SENDER", "OVH_CREDIT_WARN")


def _settings(s: dict[str, Any]) -> None:
    from webhooks.settings import SettingsError, _int
    s["OVH_ENDPOINT"] = s.get("OVH_ENDPOINT") or "ovh-eu"
    for name in ("OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY",
                 "OVH_SMS_ACCOUNT"):
        if not s.get(name):
            raise SettingsError(f"SMS_BACKEND=ovh needs {name}: see the README's OVHcloud "
                                "section")
    s["OVH_SMS_SENDER"] = s.get("OVH_SMS_SENDER") or None
    s["OVH_CREDIT_WARN"] = _int("OVH_CREDIT_WARN", s.get("OVH_CREDIT_WARN", 50))


def _build(app: Flask) -> OvhTransport:
    from channels.ovh.transport import OvhTransport
    conf = app.config
    return OvhTransport(conf["OVH_ENDPOINT"], conf["OVH_APPLICATION_KEY"],
                        conf["OVH_APPLICATION_SECRET"], conf["OVH_CONSUMER_KEY"],
                        conf["OVH_SMS_ACCOUNT"], sender=conf.get("OVH_SMS_SENDER"),
                        session=conf.get("OVH_HTTP_SESSION"))


def _poll(*args: Any) -> int:
    from channels.ovh.poll import poll
    return poll(*args)


def _check(app: Flask) -> list[str]:
    from channels.ovh.poll import check
    return check(app)


ROUTE = Route(name="ovh", label="OVHcloud SMS", keys=KEYS, check_settings=_settings,
              build=_build, poll=_poll, check=_check, voice=False)
