"""`rappel channels check` for Twilio: the account and the sender, sending nothing."""
from __future__ import annotations

from typing import Any

from flask import Flask


def check(app: Flask) -> list[str]:
    from channels.registry import transport_for
    conf = app.config
    sender = conf.get("TWILIO_MESSAGING_SERVICE_SID") or conf.get("HOTLINE_NUMBER")
    lines = [f"twilio: account {conf['TWILIO_ACCOUNT_SID'][:6]}..., sending from {sender}",
             f"twilio: inbound at {conf['PUBLIC_URL']}/twilio/sms, reports at "
             f"{conf['PUBLIC_URL']}/twilio/status (set them on the number or service)",
             "twilio: crisis pages ring the coordinator's phone (Programmable Voice)"]
    client: Any = transport_for(app).client  # type: ignore[attr-defined]
    try:
        account = client.api.v2010.accounts(conf["TWILIO_ACCOUNT_SID"]).fetch()
    except Exception as exc:  # any failure is what the operator needs to read
        lines.append(f"twilio: NOT reachable: {exc}")
    else:
        lines.append(f"twilio: reachable, account status {account.status}")
    return lines
