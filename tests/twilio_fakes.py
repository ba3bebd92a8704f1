"""A fake Twilio for the real twilio library: in process (a recording
`HttpClient`) or over HTTP on 127.0.0.1 (for benchmarks and a killed clock).

Both answer from one `FakeCarrier`: messages it accepted are listed again
(newest first, paged, filtered by To and DateSent like Twilio's list), which
is what the sender's check of an unknown outcome and reconciliation read.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

ACCOUNT = "AC" + "1" * 32
LOST = "accepted, then the answer lost"  # a script item: taken, but the caller hears nothing


def rfc2822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone.utc), usegmt=False)


def _when(item: dict[str, Any]) -> datetime:
    return parsedate_to_datetime(item.get("date_sent") or item["date_created"])


class FakeCarrier:
    """Twilio's Messages resource, in memory. A scripted item is a (status,
    body) pair, an exception to raise, or LOST."""

    def __init__(self, clock: Any = None) -> None:
        self.lock = threading.Lock()
        self.messages: list[dict[str, Any]] = []  # accepted outbound
        self.inbound: list[dict[str, Any]] = []
        self.script: list[Any] = []
        self.count = 0
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.hold = False  # True: messages stay in Twilio's queue (no date_sent)

    def post(self, data: dict[str, Any]) -> tuple[int, dict[str, Any]] | BaseException | str:
        with self.lock:
            item = self.script.pop(0) if self.script else None
            if item is not None and item != LOST:
                return item
            self.count += 1
            moment = rfc2822(self.clock())
            message = {"sid": f"SM{self.count:032d}", "status": "queued",
                       "to": data.get("To"), "from": data.get("From"),
                       "messaging_service_sid": data.get("MessagingServiceSid"),
                       "body": data.get("Body"), "direction": "outbound-api",
                       "num_media": "0", "date_created": moment,
                       # Twilio stamps date_sent once the carrier took it; in its
                       # queue a message has none (and DateSent filters skip it).
                       "date_sent": None if self.hold else moment}
            self.messages.append(message)
            return LOST if item == LOST else (201, message)

    def page(self, query: dict[str, str], base: str) -> dict[str, Any]:
        """One page of the list, newest first, and the link to the next."""
        with self.lock:
            items = [dict(m) for m in self.inbound + self.messages]
        if query.get("To"):
            items = [m for m in items if m.get("to") == query["To"]]
        if query.get("DateSent>"):
            since = datetime.fromisoformat(query["DateSent>"].replace("Z", "+00:00"))
            items = [m for m in items if m.get("date_sent") is not None
                     and parsedate_to_datetime(m["date_sent"]) >= since]
        items.sort(key=lambda m: (_when(m), m["sid"]), reverse=True)
        size = int(query.get("PageSize") or 50)
        number = int(query.get("Page") or 0)
        chunk = items[number * size:(number + 1) * size]
        following = None
        if (number + 1) * size < len(items):
            following = base + "?" + urlencode({**query, "Page": number + 1,
                                                "PageToken": f"PA{number + 1}"})
        return {"messages": chunk, "next_page_uri": following, "page": number,
                "page_size": size}

    def sent_bodies(self) -> list[str]:
        with self.lock:
            return [m["body"] for m in self.messages]


class RecordingHttpClient(HttpClient):
    """Records each request and answers as Twilio would, from a FakeCarrier;
    `delay` seconds of real time per POST play a slow carrier."""

    def __init__(self, carrier: FakeCarrier | None = None, delay: float = 0.0) -> None:
        super().__init__(logging.getLogger("tests.twilio"), is_async=False)
        self.carrier = carrier or FakeCarrier()
        self.requests: list[dict[str, Any]] = []
        self.delay = delay
        # A carrier that holds every POST until the test opens the gate: "slow"
        # without a single timed assertion.
        self.gate: threading.Event | None = None
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)

    # The scripted answers and the inbound messages live on the carrier.
    script = property(lambda self: self.carrier.script,
                      lambda self, value: setattr(self.carrier, "script", value))
    inbound = property(lambda self: self.carrier.inbound,
                       lambda self, value: setattr(self.carrier, "inbound", value))

    def request(self, method: str, uri: str, params: Any = None, data: Any = None,
                headers: Any = None, auth: Any = None, timeout: Any = None,
                allow_redirects: bool = False) -> Response:
        parts = urlsplit(uri)
        query = {**dict(parse_qsl(parts.query)), **{k: str(v) for k, v in (params or {}).items()}}
        with self.lock:
            self.requests.append({"method": method, "uri": uri, "params": query,
                                  "data": dict(data or {}), "timeout": timeout})
            self.arrived.notify_all()
        if method == "GET" and parts.path.endswith("/Messages.json"):
            return Response(200, json.dumps(self.carrier.page(query, parts.path)))
        if self.delay:
            time.sleep(self.delay)
        if self.gate is not None:
            self.gate.wait(timeout=60)
        answer = self.carrier.post(dict(data or {}))
        if answer == LOST:
            raise ConnectionError("connection reset after the request was sent")
        if isinstance(answer, BaseException):
            raise answer
        status, body = cast("tuple[int, Any]", answer)  # a (status, body) pair
        return Response(status, json.dumps(body))

    @property
    def sent(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r["data"] for r in self.requests if r["method"] == "POST"]

    def wait_for(self, condition: Any, timeout: float = 30.0) -> bool:
        """Wait until `condition(posted forms)` holds (a safety timeout, not a measure)."""
        with self.lock:
            return self.arrived.wait_for(
                lambda: condition([r["data"] for r in self.requests if r["method"] == "POST"]),
                timeout)

    @property
    def count(self) -> int:
        return self.carrier.count


def inbound_item(sid: str, sender: str, body: str, to: str = "+33380000000",
                 date_sent: datetime | str = "Tue, 24 Nov 2026 09:05:00 +0000") -> dict[str, Any]:
    moment = rfc2822(date_sent) if isinstance(date_sent, datetime) else date_sent
    return {"sid": sid, "from": sender, "to": to, "body": body, "direction": "inbound",
            "num_media": "0", "status": "received", "date_sent": moment,
            "date_created": moment, "messaging_service_sid": None}


# ---------------------------------------------------------------- over HTTP

class FakeTwilioServer:
    """The FakeCarrier behind a real HTTP server on 127.0.0.1, with a delay
    per POST (a slow carrier); point `LocalTwilioHttpClient` at it."""

    def __init__(self, carrier: FakeCarrier | None = None, delay: float = 0.0) -> None:
        self.carrier, self.delay = carrier or FakeCarrier(), delay
        self.posts: list[tuple[float, dict[str, Any]]] = []  # (monotonic arrival, form)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                self._json(200, fake.carrier.page(dict(parse_qsl(parts.query)), parts.path))

            def do_POST(self) -> None:  # noqa: N802
                size = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(size).decode()))
                if fake.delay:
                    time.sleep(fake.delay)
                answer = fake.carrier.post(form)
                fake.posts.append((time.monotonic(), form))
                if answer == LOST or isinstance(answer, BaseException):
                    self.close_connection = True  # taken (or not), and no answer
                    return
                self._json(*answer)

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client is gone (killed, timed out): its loss
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeTwilioServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


class LocalTwilioHttpClient(TwilioHttpClient):
    """twilio's own HTTP client (requests, timeouts), sent to a local fake."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        parts = urlsplit(url)
        local = self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        return super().request(method, local, *args, **kwargs)
