"""Sending through Twilio: SMS, and the crisis page's phone call.

`send` raises the neutral SendError (channels.twilio.errors maps Twilio's
codes); an unknown outcome is looked for with `find_sent` (Twilio's list of
messages or calls) before the message is tried again.
"""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from channels.base import CALL, SMS, Found, Outgoing, SendError
from channels.twilio.errors import classify
from dispatch.phones import is_fictional, mask

TIMEOUT = 10.0  # seconds for one call to Twilio's API
FICTIONAL = 21211  # Twilio's "not a valid number", given before asking it
# An unknown outcome is looked for among the newest messages to the number (one
# page): minutes old at most, among what one hotline sends one person.
LOOK_AT = 50
# Twilio's statuses of a message it did not deliver and will not.
NOT_TAKEN = ("failed", "undelivered", "canceled")


class TwilioTransport:
    """Sends through twilio's Client, with a timeout and a status callback."""
    name = "twilio"
    channels = frozenset((SMS, CALL))

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

    def send(self, out: Outgoing) -> str:
        if is_fictional(out.to):
            raise SendError(f"{mask(out.to)} is a fictional number", permanent=True,
                            code=FICTIONAL)
        if out.channel == CALL:
            return self._call(out)
        params: dict[str, Any] = {"to": out.to, "body": out.body}
        if self.messaging_service_sid:
            params["messaging_service_sid"] = self.messaging_service_sid
        else:
            params["from_"] = self.from_number
        if self.status_callback:
            params["status_callback"] = self.status_callback
        return str(_calling(lambda: self.client.messages.create(**params)).sid)

    def _call(self, out: Outgoing) -> str:
        """A page by phone (Programmable Voice): the text said twice in French, and
        a <Gather> whose answer (1: take the request in hand) comes back signed to
        /twilio/voice/<request>. Calls go out from the hotline's own number."""
        from twilio.twiml.voice_response import Gather, VoiceResponse
        if not self.from_number or not self.public_url:
            raise SendError("no number to call from (HOTLINE_NUMBER) or no PUBLIC_URL",
                            permanent=True, bad_address=False)
        answer = VoiceResponse()
        gather = Gather(num_digits=1, action=f"{self.public_url}/twilio/voice/{out.request_id}",
                        method="POST", timeout=10, action_on_empty_result=True)
        gather.say(out.body, language="fr-FR", loop=2)
        answer.append(gather)
        return str(_calling(lambda: self.client.calls.create(
            to=out.to, from_=self.from_number, twiml=str(answer), timeout=30)).sid)

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        """What the carrier took for `out.to` since `since`: messages with this
        body, or calls. Raises SendError when the carrier cannot be asked."""
        to, body = out.to, out.body
        if out.channel == CALL:
            calls = _calling(lambda: self.client.calls.list(
                to=to, start_time_after=since.date(), limit=100))
            return [Found(c.sid, c.start_time or c.date_created) for c in calls
                    if (c.date_created or since) >= since]
        # The newest messages to this number, without Twilio's DateSent filter:
        # a message still in Twilio's queue has no date_sent yet, and a filter
        # on it would hide the very message looked for (and it would be sent
        # twice). The moment (its creation), the body and the outcome are
        # checked here: one Twilio could not deliver is sent again.
        listed = _calling(lambda: self.client.messages.list(to=to, limit=LOOK_AT))
        return [Found(m.sid, m.date_created or m.date_sent) for m in listed
                if (m.direction or "").startswith("outbound") and (m.body or "") == body
                and (m.status or "") not in NOT_TAKEN
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
        raise classify(exc.code, exc.status, str(exc.msg)) from exc
    except TwilioException as exc:  # TwilioServiceException and network errors
        raise classify(getattr(exc, "code", None), getattr(exc, "status", None),
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
