"""APScheduler wiring: deciding, reconciling and sending run apart.

- "tick": the deciding jobs every 15 seconds (expire, offer, escalate, page),
  coalesced, never overlapping; they only queue messages, then wake the sender.
- "reconcile": the SMS route's own job every minute (reading inbound SMS and
  reports, catching up with the carrier: it calls the provider's API, so it
  never holds up a decision).
- "mail": the mailbox read every MAIL_POLL_SECONDS when e-mail is on
  (channels.email.poll), apart from both.
- the sender: its own threads (scheduling.sender), draining the outbox as
  messages fall due, most urgent first.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduling import decide, read_mail_now, reconcile_now, sender_for

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 15
RECONCILE_SECONDS = 60


def _decide(app: Flask) -> None:
    try:
        done = decide(app, _now())
    except Exception:  # one bad tick must not stop the clock; the next one retries
        log.exception("tick failed")
        return
    sender_for(app).wake.set()  # what was just queued goes now, not at the next poll
    if any(v for k, v in done.items() if k != "summary"):
        log.info("tick: %s", done)


def _reconcile(app: Flask) -> None:
    try:
        if count := reconcile_now(app, _now()):
            log.info("reconcile: %s messages caught up", count)
            sender_for(app).wake.set()
    except Exception:
        log.exception("reconcile failed")


def _read_mail(app: Flask) -> None:
    try:
        if count := read_mail_now(app, _now()):
            log.info("mail: %s mails read", count)
            sender_for(app).wake.set()  # the acknowledgements go now
    except Exception:
        log.exception("reading the mailbox failed")


def _configure(scheduler: Any, app: Flask) -> Any:
    scheduler.add_job(_decide, "interval", args=[app], seconds=INTERVAL_SECONDS, id="tick",
                      coalesce=True, max_instances=1, misfire_grace_time=INTERVAL_SECONDS,
                      next_run_time=None)
    scheduler.add_job(_reconcile, "interval", args=[app], seconds=RECONCILE_SECONDS,
                      id="reconcile", coalesce=True, max_instances=1,
                      misfire_grace_time=RECONCILE_SECONDS, next_run_time=None)
    scheduler.modify_job("tick", next_run_time=_now())
    scheduler.modify_job("reconcile", next_run_time=_now())
    if app.config.get("MAIL_ENABLED"):
        every = app.config["MAIL_POLL_SECONDS"]
        scheduler.add_job(_read_mail, "interval", args=[app], seconds=every, id="mail",
                          coalesce=True, max_instances=1, misfire_grace_time=every,
                          next_run_time=_now())
    return scheduler


def _now() -> datetime:
    return datetime.now(timezone.utc)


def run_blocking(app: Flask) -> None:
    """`rappel scheduler`: the clock and the sender alone, in the foreground."""
    sender = sender_for(app)
    sender.start()
    scheduler = _configure(BlockingScheduler(timezone="UTC"), app)
    log.info("clock started: deciding every %s s, sending apart (%s at once, %s per route)",
             INTERVAL_SECONDS, sender.concurrency, sender.rate or "no limit")
    try:
        scheduler.start()
    finally:
        sender.stop()


def start_background(app: Flask) -> BackgroundScheduler:
    """`rappel serve`: the same jobs and sender beside the web server, in one process."""
    sender_for(app).start()
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    _configure(scheduler, app)
    scheduler.resume()
    return scheduler
