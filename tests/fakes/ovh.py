"""OVHcloud's SMS API, in memory, behind a `requests.Session` stand-in given
to the real `ovh` client; it checks each request's signature as OVH does
("$1$" + SHA-1 of secret+consumer key+method+URL+body+timestamp)."""
from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from tests.fakes.http import response, scripted

ENDPOINT = "https://eu.api.ovh.com/1.0"
APP_KEY, APP_SECRET, CONSUMER_KEY = "ovh-app-key", "ovh-app-secret", "ovh-consumer-key"
ACCOUNT = "sms-ab12345-1"


def ovh_signature(secret: str, consumer: str, method: str, url: str, body: str,
                  timestamp: str) -> str:
    raw = "+".join([secret, consumer, method.upper(), url, body, timestamp])
    return "$1$" + hashlib.sha1(raw.encode("utf-8")).hexdigest()


class FakeOvh:
    """The /sms/{account} resources Rappel uses. `incoming`, `outgoing` and
    `jobs` are the account's lists; `script` items (popped per POST jobs) are
    exceptions to raise or (status, body) pairs to answer."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.incoming: dict[int, dict[str, Any]] = {}
        self.outgoing: dict[int, dict[str, Any]] = {}
        self.jobs: dict[int, dict[str, Any]] = {}
        self.script: list[Any] = []
        self.credits = 120.0
        self.ptts = {12: "permanent", 4: "temporary"}
        self.next_id = 1000
        self.refused = 0  # requests whose signature did not match

    def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                data: str = "", timeout: Any = None, **_: Any) -> requests.Response:
        headers = dict(headers or {})
        parts = urlsplit(url)
        path = parts.path.removeprefix("/1.0")
        query = dict(parse_qsl(parts.query))
        body = json.loads(data) if data else None
        with self.lock:
            self.requests.append({"method": method, "path": path, "query": query, "json": body,
                                  "headers": headers, "timeout": timeout})
        if path == "/auth/time":
            return response(200, int(time.time()), url)
        expected = ovh_signature(APP_SECRET, CONSUMER_KEY, method, url, data or "",
                                 headers.get("X-Ovh-Timestamp", ""))
        if headers.get("X-Ovh-Application") != APP_KEY or \
                headers.get("X-Ovh-Signature") != expected:
            self.refused += 1
            return response(400, {"errorCode": "INVALID_SIGNATURE",
                                  "message": "Invalid signature"}, url)
        return self._route(method, path, query, body, url)

    def _route(self, method: str, path: str, query: dict[str, str], body: Any,
               url: str) -> requests.Response:
        base = f"/sms/{ACCOUNT}"
        if method == "POST" and path == f"{base}/jobs":
            return self._job(body, url)
        if method == "GET" and path == base:
            return response(200, {"name": ACCOUNT, "creditsLeft": self.credits,
                                  "status": "enable"}, url)
        if method == "GET" and path == "/sms/ptts":
            duration = self.ptts.get(int(query["ptt"]), "indeterminated")
            return response(200, {"comment": "", "description": "", "duration": duration}, url)
        for kind in ("incoming", "outgoing", "jobs"):
            listed: dict[int, dict[str, Any]] = getattr(self, kind)
            if method == "GET" and path == f"{base}/{kind}":
                return response(200, self._filter(listed, query), url)
            if method == "GET" and path.startswith(f"{base}/{kind}/"):
                found = listed.get(int(path.rsplit("/", 1)[1]))
                return response(200, found, url) if found else \
                    response(404, {"message": "not found"}, url)
        return response(404, {"message": f"no {path}"}, url)

    @staticmethod
    def _filter(listed: dict[int, dict[str, Any]], query: dict[str, str]) -> list[int]:
        ids = []
        for item_id, item in listed.items():
            since = query.get("creationDatetime.from")
            if since and datetime.fromisoformat(item["creationDatetime"]) < \
                    datetime.fromisoformat(since):
                continue
            if query.get("tag") and item.get("tag") != query["tag"]:
                continue
            ids.append(item_id)
        return ids

    def _job(self, body: dict[str, Any], url: str) -> requests.Response:
        answer = scripted(self.script, self.lock, url)
        if answer is not None:
            return answer
        ids, valid, invalid = [], [], []
        for receiver in body["receivers"]:
            if not receiver.startswith("+33"):
                invalid.append(receiver)
                continue
            with self.lock:
                self.next_id += 1
                ids.append(self.next_id)
                self.outgoing[self.next_id] = {
                    "id": self.next_id, "receiver": receiver, "message": body["message"],
                    "tag": body.get("tag"), "sender": body.get("sender") or "36123",
                    "creationDatetime": datetime.now(timezone.utc).isoformat(),
                    "deliveryReceipt": 0, "ptt": 0, "credits": 1}
            valid.append(receiver)
        return response(200, {"ids": ids, "validReceivers": valid,
                              "invalidReceivers": invalid, "totalCreditsRemoved": len(ids)}, url)

    def text(self, sender: str, message: str, at: datetime | None = None) -> int:
        """An SMS from `sender` arrives in the account's incoming list."""
        with self.lock:
            self.next_id += 1
            self.incoming[self.next_id] = {
                "id": self.next_id, "sender": sender, "message": message, "tag": "",
                "credits": 0,
                "creationDatetime": (at or datetime.now(timezone.utc)).isoformat()}
            return self.next_id

    def sent_to(self, number: str) -> list[str]:
        with self.lock:
            return [o["message"] for o in self.outgoing.values() if o["receiver"] == number]

    @property
    def posted(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r["json"] for r in self.requests
                    if r["method"] == "POST" and r["path"].endswith("/jobs")]
