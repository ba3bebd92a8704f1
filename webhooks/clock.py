"""The app's "now", which the phone simulator may move forward (console transport only).

A newcomer trying the hotline wants to see an offer, an acceptance, a request
at risk, one overdue and a crisis page in a few minutes, not in a day. With
the console transport (nothing leaves the machine) the simulator adds an
offset to the real time; `tick`, the webhooks and the pages all read `now`
through `app.extensions["rappel.now"]`, which `install` sets. The offset is
kept in a file under the instance folder, so that `rappel scheduler` in
another process moves with `rappel serve`. With any other transport the
offset is always zero: real messages follow real time.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from flask import Flask, current_app

FILE = "simulated-clock-offset"


def _path(app: Flask) -> Path:
    return Path(app.config["INSTANCE_PATH"]) / FILE


def offset(app: Flask | None = None) -> timedelta:
    """How far the simulated clock is ahead of the real one (zero unless console)."""
    app = app or current_app
    if app.config.get("SMS_BACKEND") != "console":
        return timedelta(0)
    path = _path(app)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return timedelta(0)
    cached: Any = app.extensions.get("rappel.clock_offset")
    if cached is None or cached[0] != stamp:
        try:
            seconds = float(path.read_text().strip() or 0)
        except (OSError, ValueError):
            seconds = 0.0
        cached = (stamp, timedelta(seconds=max(0.0, seconds)))
        app.extensions["rappel.clock_offset"] = cached
    return cached[1]


def now(app: Flask | None = None) -> datetime:
    """The time the hotline lives in: real time plus the simulator's offset."""
    return datetime.now(timezone.utc) + offset(app)


def move(app: Flask, by: timedelta) -> datetime:
    """Move the simulated clock forward by `by` (never backward); the new now."""
    if app.config.get("SMS_BACKEND") != "console":
        raise RuntimeError("the clock moves only with the console transport")
    total = offset(app) + max(by, timedelta(0))
    _write(app, total)
    return datetime.now(timezone.utc) + total


def reset(app: Flask) -> None:
    """Back to real time. What happened at simulated times keeps its dates."""
    _write(app, timedelta(0))


def _write(app: Flask, total: timedelta) -> None:
    path = _path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(f"{total.total_seconds():.0f}\n")
    os.replace(temporary, path)   # atomic: another process never reads half a number
    app.extensions.pop("rappel.clock_offset", None)


def install(app: Flask) -> None:
    """Make `tick` and the webhooks read this clock (console transport only)."""
    if app.config.get("SMS_BACKEND") == "console":
        app.extensions["rappel.now"] = lambda: now(app)


def serving_at(app: Flask, host: str, port: int) -> None:
    """`rappel serve` on one machine with the console transport and no PUBLIC_URL:
    the links in SMS (offers, pages, alerts) point to the address actually served."""
    if app.config.get("SMS_BACKEND") == "console" and not app.config.get("PUBLIC_URL"):
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        app.config["PUBLIC_URL"] = f"http://{shown}:{port}"
