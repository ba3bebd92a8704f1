"""SMS Gateway for Android's API, in memory, behind a `requests.Session`
stand-in given to the real `android-sms-gateway` client (its
RequestsHttpClient reads these responses and maps the errors); and the
app's webhooks, signed as the app signs them."""
from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from channels.smsgate.signature import sign
from tests.fakes.http import response, scripted

URL = "https://gateway.example.org/3rdparty/v1"
USER, PASSWORD, SIGNING_KEY = "rappel", "gateway-password", "gateway-signing-key"
DEVICE = "ffffffffceb0b1db0000018e937c815b"


class FakeGateway:
    """Records every request; answers from `messages`, `devices`, `webhooks`.
    A scripted item (popped per POST /messages) is an exception to raise or a
    (status, body) pair to answer."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.script: list[Any] = []
        self.last_seen: datetime | None = datetime.now(timezone.utc)
        self.local = False  # local mode: no /devices, /health is the phone's
        self.down = False   # the phone switched off: nothing answers
        self.webhooks: list[dict[str, Any]] = []
        self.refreshed: list[dict[str, Any]] = []

    # requests.Session's surface that RequestsHttpClient uses
    def get(self, url: str, headers: dict[str, str] | None = None, **_: Any) -> requests.Response:
        return self._answer("GET", url, headers, None)

    def post(self, url: str, headers: dict[str, str] | None = None, json: Any = None,
             **_: Any) -> requests.Response:
        return self._answer("POST", url, headers, json)

    def delete(self, url: str, headers: dict[str, str] | None = None, **_: Any) -> requests.Response:
        return self._answer("DELETE", url, headers, None)

    def _answer(self, method: str, url: str, headers: dict[str, str] | None,
                payload: Any) -> requests.Response:
        parts = urlsplit(url)
        path = parts.path.removeprefix(urlsplit(URL).path)
        with self.lock:
            self.requests.append({"method": method, "path": path, "json": payload,
                                  "query": dict(parse_qsl(parts.query)),
                                  "headers": dict(headers or {})})
        if self.down:
            raise refused(url)
        if (headers or {}).get("Authorization") != "Basic " + base64.b64encode(
                f"{USER}:{PASSWORD}".encode()).decode():
            return response(401, {"message": "Unauthorized"}, url)
        if method == "POST" and path == "/messages":
            return self._send(payload, url)
        if method == "GET" and path.startswith("/messages/"):
            found = self.messages.get(path.rsplit("/", 1)[1])
            return response(200, found, url) if found else response(404, {"message": "not found"}, url)
        if method == "GET" and path == "/devices":
            if self.local:
                return response(404, {"message": "not found"}, url)
            seen = self.last_seen.isoformat() if self.last_seen else None
            return response(200, [{"id": DEVICE, "name": "Hotline", "lastSeen": seen}], url)
        if method == "GET" and path == "/health":
            return response(200, {"status": "pass"}, url)
        if method == "GET" and path == "/webhooks":
            return response(200, self.webhooks, url)
        if method == "POST" and path == "/inbox/refresh":
            self.refreshed.append(payload)
            return response(202, {}, url)
        return response(404, {"message": "not found"}, url)

    def _send(self, payload: dict[str, Any], url: str) -> requests.Response:
        answer = scripted(self.script, self.lock, url)
        if answer is not None:
            return answer
        state = {"id": payload["id"], "deviceId": DEVICE, "state": "Pending",
                 "isHashed": False, "isEncrypted": False,
                 "createdAt": datetime.now(timezone.utc).isoformat(),
                 "recipients": [{"phoneNumber": n, "state": "Pending"}
                                for n in payload["phoneNumbers"]],
                 "text": payload["textMessage"]["text"]}
        with self.lock:
            self.messages[payload["id"]] = state
        return response(202, state, url)

    def sent_to(self, number: str) -> list[str]:
        with self.lock:
            return [m["text"] for m in self.messages.values()
                    if m["recipients"][0]["phoneNumber"] == number]

    @property
    def posted(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r["json"] for r in self.requests
                    if r["method"] == "POST" and r["path"] == "/messages"]


def event(kind: str, payload: dict[str, Any], event_id: str = "Ey6ECgOkVVFjz3CL48B8C") -> bytes:
    """A webhook body as the app posts it."""
    return json.dumps({"deviceId": DEVICE, "event": kind, "id": event_id,
                       "payload": payload, "webhookId": "wh-1"}).encode()


def received(sender: str, text: str, at: datetime, message_id: str = "abc123") -> dict[str, Any]:
    return {"messageId": message_id, "message": text, "phoneNumber": sender, "sender": sender,
            "simNumber": 1, "receivedAt": at.isoformat()}


def post_event(client: Any, body: bytes, *, key: str = SIGNING_KEY,
               timestamp: int | None = None, signature: str | None = None) -> Any:
    """POST /sms-gateway/events signed as the app signs: HMAC-SHA256 of the
    raw body followed by X-Timestamp, hex."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    sig = sign(key, body, stamp) if signature is None else signature
    return client.post("/sms-gateway/events", data=body, content_type="application/json",
                       headers={"X-Signature": sig, "X-Timestamp": stamp})


def refused(url: str) -> requests.exceptions.ConnectionError:
    """What requests raises when nothing listens at the phone's address."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError
    reason = NewConnectionError(None, "Failed to establish a new connection: "  # type: ignore[arg-type]
                                      "[Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(MaxRetryError(None, url, reason))  # type: ignore[arg-type]
