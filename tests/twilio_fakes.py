"""A recording twilio HttpClient: the real twilio library, no network."""
from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qs

from twilio.http import HttpClient
from twilio.http.response import Response


class RecordingHttpClient(HttpClient):
    """Records each request; answers from a queue of scripted responses.

    A scripted item is a (status, body dict) pair or an exception to raise."""

    def __init__(self) -> None:
        super().__init__(logging.getLogger("tests.twilio"), is_async=False)
        self.requests: list[dict[str, Any]] = []
        self.script: list[Any] = []
        self.inbound: list[dict[str, Any]] = []
        self.count = 0

    def request(self, method: str, uri: str, params: Any = None, data: Any = None,
                headers: Any = None, auth: Any = None, timeout: Any = None,
                allow_redirects: bool = False) -> Response:
        self.requests.append({"method": method, "uri": uri, "params": dict(params or {}),
                              "data": dict(data or {}), "timeout": timeout})
        if method == "GET" and uri.endswith("/Messages.json"):
            return Response(200, json.dumps({"messages": self.inbound, "next_page_uri": None,
                                              "page": 0, "page_size": 50}))
        if self.script:
            item = self.script.pop(0)
            if isinstance(item, BaseException):
                raise item
            status, body = item
            return Response(status, json.dumps(body))
        self.count += 1
        sid = f"SM{self.count:032d}"
        return Response(201, json.dumps({"sid": sid, "status": "queued",
                                         "to": (data or {}).get("To"),
                                         "body": (data or {}).get("Body")}))

    @property
    def sent(self) -> list[dict[str, Any]]:
        return [r["data"] for r in self.requests if r["method"] == "POST"]


def inbound_item(sid: str, sender: str, body: str, to: str = "+33380000000") -> dict[str, Any]:
    return {"sid": sid, "from": sender, "to": to, "body": body, "direction": "inbound",
            "num_media": "0", "status": "received", "date_sent": "Tue, 24 Nov 2026 09:05:00 +0000"}
