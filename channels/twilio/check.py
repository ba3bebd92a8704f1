"""`rappel channels check` for Twilio: the account and the sender, sending nothing."""
from __future__ import annotations

from typing import Any

from flask import Flask

CALL_SETTINGS = ("HOTLINE_NUMBER", "PUBLIC_URL")


def call_problem(conf: Any) -> str | None:
    """Why a crisis page cannot ring anyone with these settings (its call would
    fail, only its SMS would go); None when it can. A call goes out from
    HOTLINE_NUMBER, a Messaging Service cannot place one, and the digit
    pressed comes back to PUBLIC_URL."""
    missing = [name for name in CALL_SETTINGS if not conf.get(name)]
    if not missing:
        return None
    return (f"crisis pages can NOT ring the coordinator's phone: {' and '.join(missing)} "
            "not set; a call needs HOTLINE_NUMBER (a Twilio number that can place calls, "
            "which a Messaging Service cannot) and PUBLIC_URL, else each page's call fails "
            "and only its SMS goes")


def check(app: Flask) -> list[str]:
    from channels.registry import transport_for
    conf = app.config
    sender = conf.get("TWILIO_MESSAGING_SERVICE_SID") or conf.get("HOTLINE_NUMBER")
    lines = [f"twilio: account {conf['TWILIO_ACCOUNT_SID'][:6]}..., sending from {sender}",
             f"twilio: inbound at {conf['PUBLIC_URL']}/twilio/sms, reports at "
             f"{conf['PUBLIC_URL']}/twilio/status (set them on the number or service)",
             "twilio: " + (call_problem(conf) or "crisis pages ring the coordinator's phone "
                           f"(Programmable Voice) from {conf['HOTLINE_NUMBER']}")]
    client: Any = transport_for(app).client  # type: ignore[attr-defined]
    try:
        account = client.api.v2010.accounts(conf["TWILIO_ACCOUNT_SID"]).fetch()
    except Exception as exc:  # any failure is what the operator needs to read
        lines.append(f"twilio: NOT reachable: {exc}")
    else:
        lines.append(f"twilio: reachable, account status {account.status}")
    return lines
