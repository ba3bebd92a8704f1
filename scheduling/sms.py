"""SMS transports: one small interface, a console and a Twilio implementation.

`send(to, body) -> sid` raises `SendError(permanent=..., unknown=...)`; only
transient errors are retried, and one whose outcome is `unknown` (the carrier
may have accepted the message before the answer was lost) is looked for with
`find_sent` before it is tried again.
"""
from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from dispatch.phones import is_fictional, mask
from dispatch.segments import segments

log = logging.getLogger(__name__)

# Twilio error codes after which retrying cannot help (spec/twilio.md).
PERMANENT_CODES = {21211, 21408, 21610, 21614, 30005, 30006, 21612, 21606}
OPTED_OUT_CODE = 21610
TIMEOUT = 10.0  # seconds for one call to Twilio's API


class SendError(Exception):
    """A send that failed. `unknown`: it may have left all the same."""

    def __init__(self, message: str, *, permanent: bool, code: int | None = None,
                 unknown: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code
        self.unknown = unknown and not permanent


@dataclass(frozen=True)
class Found:
    """A message the carrier holds: its id and when it took it."""
    sid: str
    at: datetime


class Transport(Protocol):
    def send(self, to: str, body: str) -> str: ...

    def call(self, message: Any) -> str:
        """Ring `message.to_number` and say `message.body`; pressing 1 takes
        request `message.request_id` in hand (a crisis page)."""
        ...

    def find_sent(self, channel: str, to: str, body: str, since: datetime) -> list[Found]: ...


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
            self.sent.append({"sid": sid, "to": to, "body": body,
                              "at": datetime.now(timezone.utc)})
        if self.echo:
            # Masked like every log line: the console is a log too.
            print(f"--- SMS to {mask(to)} ({count} segment{'s' if count > 1 else ''}, "
                  f"{encoding}) ---\n"
                  f"{body}\n", flush=True)
        return sid

    def call(self, message: Any) -> str:
        """Records the call as it records SMS: the phone simulator shows it."""
        sid = "CAconsole" + uuid.uuid4().hex[:24]
        with self.lock:
            self.sent.append({"sid": sid, "to": message.to_number, "body": message.body,
                              "channel": "call", "request": message.request_id,
                              "at": datetime.now(timezone.utc)})
        if self.echo:
            print(f"--- CALL to {mask(message.to_number)} (press 1 to take request "
                  f"{message.request_id}) ---\n{message.body}\n", flush=True)
        return sid

    def find_sent(self, channel: str, to: str, body: str, since: datetime) -> list[Found]:
        with self.lock:
            return [Found(s["sid"], s["at"]) for s in self.sent
                    if s["to"] == to and s["body"] == body and s.get("at", since) >= since]


class TwilioTransport:
    """Sends through twilio's Client, with a timeout and a status callback."""

    def __init__(self, account_sid: str, auth_token: str, *, from_number: str | None,
                 messaging_service_sid: str | None, status_callback: str | None,
                 http_client: Any = None, timeout: float = TIMEOUT,
                 public_url: str | None = None) -> None:
        self.public_url = public_url
        self.account_sid, self.auth_token = account_sid, auth_token
        self.http_client, self.timeout = http_client, timeout
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.status_callback = status_callback
        self._local = threading.local()
        self.client  # noqa: B018 - built now, so bad settings fail at start

    @property
    def client(self) -> Any:
        """A Client per thread: the sender sends several messages at once and
        a requests session is not meant to be shared between threads."""
        client = getattr(self._local, "client", None)
        if client is None:
            from twilio.http.http_client import TwilioHttpClient
            from twilio.rest import Client
            http = self.http_client or TwilioHttpClient(timeout=self.timeout)
            client = self._local.client = Client(self.account_sid, self.auth_token,
                                                 http_client=http)
        return client

    def send(self, to: str, body: str) -> str:
        if is_fictional(to):
            raise SendError(f"{mask(to)} is a fictional number", permanent=True, code=21211)
        params: dict[str, Any] = {"to": to, "body": body}
        if self.messaging_service_sid:
            params["messaging_service_sid"] = self.messaging_service_sid
        else:
            params["from_"] = self.from_number
        if self.status_callback:
            params["status_callback"] = self.status_callback
        return str(_calling(lambda: self.client.messages.create(**params)).sid)

    def call(self, message: Any) -> str:
        """A page by phone (Programmable Voice): the text said twice in French, and
        a <Gather> whose answer (1: take the request in hand) comes back signed to
        /twilio/voice/<request>. Calls go out from the hotline's own number."""
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
        return str(_calling(lambda: self.client.calls.create(
            to=to, from_=self.from_number, twiml=str(answer), timeout=30)).sid)

    def find_sent(self, channel: str, to: str, body: str, since: datetime) -> list[Found]:
        """What the carrier took for `to` since `since`: messages with this body,
        or calls. Raises SendError when the carrier cannot be asked."""
        if channel == "call":
            calls = _calling(lambda: self.client.calls.list(
                to=to, start_time_after=since.date(), limit=100))
            return [Found(c.sid, c.start_time or c.date_created) for c in calls
                    if (c.date_created or since) >= since]
        # Twilio filters on the day the message was sent; the moment and the
        # body are checked here. A message still in Twilio's queue has no
        # date_sent yet, so its creation counts.
        listed = _calling(lambda: self.client.messages.list(
            to=to, date_sent_after=since.date(), limit=200))
        return [Found(m.sid, m.date_created or m.date_sent) for m in listed
                if (m.direction or "").startswith("outbound") and (m.body or "") == body
                and (m.date_created or m.date_sent or since) >= since]

    def list_inbound(self, to: str | None, since: datetime) -> list[dict[str, Any]]:
        """Every message received since `since` (on `to`, or through the
        Messaging Service), newest first, through as many pages as it takes."""
        found = []
        pages = self.client.messages.stream(to=to or _unset(), date_sent_after=since.date(),
                                            page_size=1000)
        for m in pages:
            moment = m.date_sent or m.date_created
            if moment is not None and moment < since:
                break  # newest first: everything further is older
            if not (m.direction or "").startswith("inbound"):
                continue
            if to is None and m.messaging_service_sid != self.messaging_service_sid:
                continue
            found.append({"sid": m.sid, "from": m.from_, "to": m.to, "body": m.body or "",
                          "num_media": int(m.num_media or 0), "date_sent": moment})
        return found


def _unset() -> Any:
    from twilio.base import values
    return values.unset


def _calling(call: Any) -> Any:
    """Run one call to Twilio's API, its failures as SendError."""
    from twilio.base.exceptions import TwilioException, TwilioRestException
    try:
        return call()
    except TwilioRestException as exc:
        raise _classify(exc.code, exc.status, str(exc.msg)) from exc
    except TwilioException as exc:  # TwilioServiceException and network errors
        raise _classify(getattr(exc, "code", None), getattr(exc, "status", None),
                        str(exc)) from exc
    except OSError as exc:  # requests' errors are OSErrors too
        raise SendError(f"network: {exc}", permanent=False,
                        unknown=not _before_sending(exc)) from exc


def _before_sending(exc: BaseException) -> bool:
    """True when the request certainly never reached the carrier: the
    connection could not even be opened. A timeout waiting for the answer or
    a connection dropped mid-way leaves the outcome unknown."""
    import requests
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, (ConnectionRefusedError,)):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return type(reason).__name__ == "NewConnectionError"


def _classify(code: Any, status: Any, message: str) -> SendError:
    code = int(code) if isinstance(code, int) or (isinstance(code, str) and code.isdigit()) else None
    status = int(status) if isinstance(status, int) else None
    if code in PERMANENT_CODES:
        return SendError(message, permanent=True, code=code)
    # 401/403 mean our credentials are wrong: keep the SMS until they are fixed.
    transient = status is None or status >= 500 or status in (401, 403, 429) \
        or code in (20429, 30003)
    # A 5xx may come after Twilio took the message: look before sending again.
    return SendError(message, permanent=not transient, code=code,
                     unknown=status is None or status >= 500)


LOOK_BACK = timedelta(minutes=2)  # clocks differ: look a little before the attempt
