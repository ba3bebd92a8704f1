"""Settings of the web layer, read beside webhooks.settings (same strictness):

- `TRUSTED_PROXIES` (0): how many reverse proxies of ours stand in front of
  the web process. X-Forwarded-For/-Proto/-Host are believed for that many
  hops and no more; with 0 they are ignored. Replaces `BEHIND_PROXY`, which
  still means 1 when TRUSTED_PROXIES is not set.
- `RATELIMIT_STORAGE_URI` (`memory://`): where login failures are counted, a
  storage URI of the `limits` library. memory:// is shared by the threads of
  the one waitress process; for several web processes or machines use
  `redis://host:6379/0`, so that every process sees the same counts.
- Request bodies are limited to 64 KB (an SMS webhook is under 10 KB),
  refused with 413 before they are read.
"""
from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask, Response

from webhooks.settings import SettingsError

log = logging.getLogger(__name__)
KEYS = ("TRUSTED_PROXIES", "RATELIMIT_STORAGE_URI")
MAX_BODY = 64 * 1024
HSTS = "max-age=31536000"  # a year; no includeSubDomains: other sites of the domain are not ours


def _count(name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise SettingsError(f"{name} must be 0 or more, not {number}")
    return number


def load(conf: dict[str, Any]) -> dict[str, Any]:
    """The web settings from the environment, `conf` (create_app's config) winning."""
    raw = {k: os.environ[k] for k in KEYS if os.environ.get(k)}
    raw.update({k: conf[k] for k in KEYS if conf.get(k) not in (None, "")})
    if "TRUSTED_PROXIES" in raw:
        proxies = _count("TRUSTED_PROXIES", raw["TRUSTED_PROXIES"])
    else:
        proxies = 1 if conf.get("BEHIND_PROXY") else 0
        if proxies:
            log.warning("BEHIND_PROXY is deprecated: set TRUSTED_PROXIES=1 (the number of "
                        "proxies in front of Rappel)")
    return {"TRUSTED_PROXIES": proxies,
            "RATELIMIT_STORAGE_URI": str(raw.get("RATELIMIT_STORAGE_URI") or "memory://"),
            # A storage that stops answering must not stop logins: count in memory meanwhile.
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
            "MAX_CONTENT_LENGTH": conf.get("MAX_CONTENT_LENGTH") or MAX_BODY}


def _hsts(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """HSTS when the public address is https: browsers then never try http again."""
    if (app.config.get("PUBLIC_URL") or "").startswith("https://"):
        app.after_request(_hsts)
