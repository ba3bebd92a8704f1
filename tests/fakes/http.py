"""Real `requests.Response` objects, as the client libraries read them."""
from __future__ import annotations

import json
from typing import Any

import requests


def response(status: int, body: Any = None, url: str = "") -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer.url = url
    answer._content = b"" if body is None else json.dumps(body).encode()
    answer.headers["Content-Type"] = "application/json"
    answer.reason = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content"}.get(
        status, "Error")
    return answer


def scripted(script: list[Any], lock: Any, url: str) -> requests.Response | None:
    """The next scripted answer of a fake: an exception raised, a (status,
    body) pair answered, or None when nothing is scripted (the fake answers
    as the provider would)."""
    with lock:
        item = script.pop(0) if script else None
    if isinstance(item, BaseException):
        raise item
    return None if item is None else response(item[0], item[1], url)
