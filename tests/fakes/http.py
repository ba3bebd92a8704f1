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
