"""Sending through SMS Gateway for Android's API (the `android-sms-gateway` client).

Each attempt carries its own id (Outgoing.key), so that after an unknown
outcome the gateway can be asked whether it took that attempt
(`get_state`), and its sms:sent/delivered/failed events name it.
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Any

import requests
from android_sms_gateway import APIClient, Message, TextMessage, errors
from android_sms_gateway.http import RequestsHttpClient

from channels.base import SMS, Found, Outgoing, SendError
from dispatch.phones import is_fictional, mask

TIMEOUT = (5.0, 15.0)  # connect, read: the library sets none of its own


class _TimeoutSession(requests.Session):
    """A requests session that never waits for ever on the phone."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


class GatewayTransport:
    """SMS only: the phone cannot place a call for a crisis page."""
    name = "sms-gateway"
    channels = frozenset((SMS,))

    def __init__(self, url: str, user: str, password: str, *, session: Any = None) -> None:
        self.url, self.user, self.password = url, user, password
        self.session = session  # tests: a recording session for the real client
        self._local = threading.local()

    @property
    def client(self) -> APIClient:
        """A client per thread: a requests session is not shared between threads."""
        client = getattr(self._local, "client", None)
        if client is None:
            http = RequestsHttpClient(session=self.session or _TimeoutSession())
            client = self._local.client = APIClient(self.user, self.password,
                                                    base_url=self.url, http=http)
        return client

    def send(self, out: Outgoing) -> str:
        if is_fictional(out.to):
            raise SendError(f"{mask(out.to)} is a fictional number", permanent=True)
        message = Message(phone_numbers=[out.to], text_message=TextMessage(text=out.body),
                          id=out.key, with_delivery_report=True)
        state = calling(lambda: self.client.send(message))
        return str(state.id)

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        """The gateway holds the attempt under its key, or it never took it."""
        try:
            state = calling(lambda: self.client.get_state(out.key))
        except SendError as exc:
            if isinstance(exc.__cause__, errors.NotFoundError):
                return []
            raise
        return [Found(str(state.id), state.created_at or datetime.now(timezone.utc))]


def calling(call: Any) -> Any:
    """One call to the gateway's API, its failures as SendError."""
    try:
        return call()
    except errors.BadRequestError as exc:
        # The gateway checks the number before queueing: refused for good.
        raise SendError(f"refused by the gateway: {exc.response or exc}",
                        permanent=True) from exc
    except errors.APIError as exc:
        status = exc.status_code or 0
        # 401/403: credentials being fixed; 409: an id it holds already (asked
        # next time); 5xx: the cloud server may have taken it.
        raise SendError(f"gateway answered {status}: {exc}", permanent=False,
                        unknown=status >= 500 or status == 409) from exc
    except requests.exceptions.ConnectionError as exc:
        if isinstance(exc, requests.exceptions.ConnectTimeout) or _refused(exc):
            raise SendError(f"the phone is not answering: {exc}", permanent=False,
                            route_down=True) from exc
        raise SendError(f"network: {exc}", permanent=False, unknown=True) from exc
    except requests.exceptions.RequestException as exc:  # a read timeout: may have left
        raise SendError(f"network: {exc}", permanent=False, unknown=True) from exc


def _refused(exc: BaseException) -> bool:
    """The connection could not even be opened: nothing reached the phone."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return type(reason).__name__ == "NewConnectionError" or \
        isinstance(exc.__context__, ConnectionRefusedError)
