"""SMS transports: one small interface, a console and a Twilio implementation.

`send(to, body) -> sid` raises `SendError(permanent=...)`; only transient
errors are retried.
"""
from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from dispatch.phones import is_fictional, mask
from dispatch.segments import segments

log = logging.getLogger(__name__)

# Twilio error codes after which retrying cannot help (spec/twilio.md).
PERMANENT_CODES = {21211, 21408, 21610, 21614, 30005, 30006, 21612, 21606}
OPTED_OUT_CODE = 21610


class SendError(Exception):
    def __init__(self, message: str, *, permanent: bool, code: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code


class Transport(Protocol):
    def send(self, to: str, body: str) -> str: ...

    def call(self, message: Any) -> str:
        """Ring `message.to_number` and say `message.body`; pressing 1 takes
        request `message.request_id` in hand (a crisis page)."""
        ...


@dataclass
class ConsoleTransport:
    """Prints each SMS with its segment count and keeps it (the simulator reads it)."""
    sent: list[dict[str, Any]] = field(default_factory=list)
    echo: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, to: str, body: str) -> str:
        encoding, count = segments(body)
        sid = "SMconsole" + uuid.uuid4().hex[:24]
        with self.lock:
            self.sent.append({"sid": sid, "to": to, "body": body})
        if self.echo:
            print(f"--- SMS to {to} ({count} segment{'s' if count > 1 else ''}, {encoding}) ---\n"
                  f"{body}\n", flush=True)
        return sid

    def call(self, message: Any) -> str:
        """Records the call as it records SMS: the phone simulator shows it."""
        sid = "CAconsole" + uuid.uuid4().hex[:24]
        with self.lock:
            self.sent.append({"sid": sid, "to": message.to_number, "body": message.body,
                              "channel": "call", "request": message.request_id})
        if self.echo:
            print(f"--- CALL to {message.to_number} (press 1 to take request "
                  f"{message.request_id}) ---\n{message.body}\n", flush=True)
        return sid


class TwilioTransport:
    """Sends through twilio's Client, with a timeout and a status callback."""

    def __init__(self, account_sid: str, auth_token: str, *, from_number: str | None,
                 messaging_service_sid: str | None, status_callback: str | None,
                 http_client: Any = None, timeout: float = 10.0,
                 public_url: str | None = None) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client
        self.client = Client(account_sid, auth_token,
                             http_client=http_client or TwilioHttpClient(timeout=timeout))
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.status_callback = status_callback
        self.public_url = public_url

    def send(self, to: str, body: str) -> str:
        from twilio.base.exceptions import TwilioException, TwilioRestException
        if is_fictional(to):
            raise SendError(f"{mask(to)} is a fictional number", permanent=True, code=21211)
        params: dict[str, Any] = {"to": to, "body": body}
        if self.messaging_service_sid:
            params["messaging_service_sid"] = self.messaging_service_sid
        else:
            params["from_"] = self.from_number
        if self.status_callback:
            params["status_callback"] = self.status_callback
        try:
            return str(self.client.messages.create(**params).sid)
        except TwilioRestException as exc:
            raise _classify(exc.code, exc.status, str(exc.msg)) from exc
        except TwilioException as exc:  # TwilioServiceException and network errors
            code = getattr(exc, "code", None)
            status = getattr(exc, "status", None)
            raise _classify(code, status, str(exc)) from exc
        except OSError as exc:
            raise SendError(f"network: {exc}", permanent=False) from exc

    def call(self, message: Any) -> str:
        """A page by phone (Programmable Voice): the text said twice in French, and
        a <Gather> whose answer (1: take the request in hand) comes back signed to
        /twilio/voice/<request>. Calls go out from the hotline's own number."""
        from twilio.base.exceptions import TwilioException, TwilioRestException
        from twilio.twiml.voice_response import Gather, VoiceResponse
        to = message.to_number or ""
        if is_fictional(to):
            raise SendError(f"{mask(to)} is a fictional number", permanent=True, code=21211)
        if not self.from_number or not self.public_url:
            raise SendError("no number to call from (HOTLINE_NUMBER) or no PUBLIC_URL",
                            permanent=True)
        answer = VoiceResponse()
        gather = Gather(num_digits=1, action=f"{self.public_url}/twilio/voice/{message.request_id}",
                        method="POST", timeout=10, action_on_empty_result=True)
        gather.say(message.body or "", language="fr-FR", loop=2)
        answer.append(gather)
        try:
            return str(self.client.calls.create(to=to, from_=self.from_number,
                                                twiml=str(answer), timeout=30).sid)
        except TwilioRestException as exc:
            raise _classify(exc.code, exc.status, str(exc.msg)) from exc
        except TwilioException as exc:
            raise _classify(getattr(exc, "code", None), getattr(exc, "status", None),
                            str(exc)) from exc
        except OSError as exc:
            raise SendError(f"network: {exc}", permanent=False) from exc

    def list_inbound(self, to: str, since: Any) -> list[dict[str, Any]]:
        """Recent messages received on `to`, for reconciling after an outage."""
        messages = self.client.messages.list(to=to, date_sent_after=since, limit=200)
        return [{"sid": m.sid, "from": m.from_, "to": m.to, "body": m.body or "",
                 "num_media": int(m.num_media or 0), "date_sent": m.date_sent}
                for m in messages if (m.direction or "").startswith("inbound")]


def _classify(code: Any, status: Any, message: str) -> SendError:
    code = int(code) if isinstance(code, int) or (isinstance(code, str) and code.isdigit()) else None
    status = int(status) if isinstance(status, int) else None
    if code in PERMANENT_CODES:
        return SendError(message, permanent=True, code=code)
    # 401/403 mean our credentials are wrong: keep the SMS until they are fixed.
    transient = status is None or status >= 500 or status in (401, 403, 429) \
        or code in (20429, 30003)
    return SendError(message, permanent=not transient, code=code)
