"""APScheduler wiring: `tick` every 15 seconds, coalesced, never overlapping."""
from __future__ import annotations

import logging
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduling import tick

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 15


def _job(app: Flask) -> None:
    try:
        done = tick(app)
    except Exception:  # one bad tick must not stop the clock; the next one retries
        log.exception("tick failed")
        return
    if any(v for k, v in done.items() if k not in ("at", "summary")):
        log.info("tick: %s", done)


def _configure(scheduler: Any, app: Flask) -> Any:
    scheduler.add_job(_job, "interval", args=[app], seconds=INTERVAL_SECONDS, id="tick",
                      coalesce=True, max_instances=1, misfire_grace_time=INTERVAL_SECONDS,
                      next_run_time=None)
    scheduler.modify_job("tick", next_run_time=_now())
    return scheduler


def _now() -> Any:
    from datetime import datetime, timezone
    return datetime.now(timezone.utc)


def run_blocking(app: Flask) -> None:
    """`rappel scheduler`: the clock alone, in the foreground."""
    scheduler = _configure(BlockingScheduler(timezone="UTC"), app)
    log.info("clock started: tick every %s s", INTERVAL_SECONDS)
    scheduler.start()


def start_background(app: Flask) -> BackgroundScheduler:
    """`rappel serve`: the same job beside the web server, in one process."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    _configure(scheduler, app)
    scheduler.resume()
    return scheduler
