"""The clock against a slow carrier: a crisis page's latency and the offers'
time left to answer, measured from outside through the production wiring.

The real twilio client sends to a fake Twilio HTTP server on 127.0.0.1 that
takes --delay seconds per message. `scheduling.runner.start_background(app)`
runs the clock as `rappel serve` does; --offers open requests are waiting
for it, so its first run makes that many offers and queues their SMS. Once
the first offer reaches the carrier, a crisis page (kind "page") and a crisis
alert (kind "alert") are queued. Each coach answers `OK N` through the signed
webhook --answer-after seconds after their offer arrives. /healthz is polled
every 2 s. Printed: the page's and the alert's latency, each deciding run's
length, the offers' time left to answer when their SMS arrived, offers that
arrived after their expiry, "too late" answers, and /healthz's verdicts.

It only uses interfaces that main's commit 924069e has too, so the same file
measures the old behaviour from an export of that commit:

    .venv/bin/python -m benchmarks.slow_carrier --db postgres --delay 5
    (git archive 924069e | tar -x -C /tmp/before; copy benchmarks/slow_carrier.py
     and tests/twilio_fakes.py there; run the same command from /tmp/before)
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from twilio.request_validator import RequestValidator

from benchmarks import seed as seeding
from tests.twilio_fakes import FakeTwilioServer, LocalTwilioHttpClient

TOKEN, PUBLIC_URL, HOTLINE = "bench-token", "https://rappel.example.org", "+33380000000"
COORDINATOR = "+33612000001"
OK_N = re.compile(r"\bOK (\d+)\b")


def roster(directory: Path, coaches: int) -> Path:
    """Everyone available at any hour, so the run does not depend on the time of day."""
    lines = ['hotline:', '  name: "Banc"', f'  number: "{HOTLINE}"', '  timezone: Europe/Paris',
             '  calling_hours: "00:00-23:59"', '  quiet_hours: "23:59-00:00"',
             'coordinators:', '  - id: claire', '    name: Claire Moreau',
             f'    mobile: "{COORDINATOR}"', '    email: claire@example.org',
             '    on_call: {mon-sun: "00:00-23:59"}', 'coaches:']
    for i in range(coaches):
        lines += [f'  - id: coach{i}', f'    name: Coach {i}', f'    mobile: "+336130{i:05d}"',
                  '    languages: [fr]', '    availability: {mon-sun: "00:00-23:59"}',
                  '    max_active: 3']
    path = directory / "roster.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def build(url: str, directory: Path, server: FakeTwilioServer, args: Any) -> Any:
    from dispatch.models import Request
    from webhooks import create_app
    engine = seeding.prepare(url)
    seeding.sync_roster(engine, roster(directory, args.offers + 5))
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SMS_BACKEND": "twilio", "TESTING": True,
                      "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": TOKEN,
                      "HOTLINE_NUMBER": HOTLINE, "PUBLIC_URL": PUBLIC_URL,
                      "SECRET_KEY": "bench", "INSTANCE_PATH": str(directory / "instance"),
                      "ACK_TIMEOUT_MINUTES": args.ack_minutes,
                      "TWILIO_HTTP_CLIENT": LocalTwilioHttpClient(server.url)})
    logging.getLogger().setLevel(logging.WARNING)  # twilio logs every request's headers
    now = datetime.now(timezone.utc)
    with app.extensions["rappel.sessions"]() as db:
        for i in range(args.offers):
            number = f"+336140{i:05d}"
            db.add(Request(received_at=now, deadline=now + timedelta(hours=24), sender=number,
                           callback_number=number, name=f"Client {i}", flexible=True,
                           next_check_at=now))
        db.commit()
    return app


class Coaches:
    """Answer each offer `after` seconds after it reaches the coach's phone."""

    def __init__(self, app: Any, after: float) -> None:
        self.app, self.after = app, after
        self.answers: list[str] = []
        self.lock = threading.Lock()

    def received(self, form: dict[str, str]) -> None:
        found = OK_N.search(form.get("Body", ""))
        if found:
            threading.Timer(self.after, self._answer, (form["To"], found.group(1))).start()

    def _answer(self, coach: str, number: str) -> None:
        form = {"MessageSid": f"SMbench{coach[-5:]}{number:0>6}", "From": coach, "To": HOTLINE,
                "Body": f"OK {number}", "NumMedia": "0", "AccountSid": "AC" + "1" * 32}
        sig = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + "/twilio/sms", form)
        answer = self.app.test_client().post("/twilio/sms", data=form,
                                             headers={"X-Twilio-Signature": sig})
        with self.lock:
            self.answers.append(answer.get_data(as_text=True))


def run(args: Any, directory: Path, url: str) -> dict[str, Any]:
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

    from dispatch import outbox
    from dispatch.models import Message, Offer
    from scheduling.runner import start_background

    with FakeTwilioServer(delay=args.delay) as server:
        app = build(url, directory, server, args)
        coaches = Coaches(app, args.answer_after)
        runs: list[tuple[str, float]] = []
        health: list[tuple[int, str]] = []
        wall = {"start": time.monotonic()}

        def ended(event: Any) -> None:
            spent = datetime.now(timezone.utc) - event.scheduled_run_time
            runs.append((event.job_id, spent.total_seconds()))

        scheduler = start_background(app)
        scheduler.add_listener(ended, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        queued: dict[str, float] = {}
        seen = 0
        client = app.test_client()
        next_poll = time.monotonic()
        deadline = time.monotonic() + args.max_seconds
        while time.monotonic() < deadline:
            posts = list(server.posts)
            for _, form in posts[seen:]:
                coaches.received(form)
            seen = len(posts)
            if posts and not queued:  # sending has begun: the crisis comes in now
                with app.extensions["rappel.sessions"]() as db:
                    now = datetime.now(timezone.utc)
                    outbox.queue(db, COORDINATOR, "CRISE: page", now, kind="page")
                    outbox.queue(db, COORDINATOR, "CRISE: alerte", now, kind="alert")
                    db.commit()
                queued = {"page": time.monotonic(), "alert": time.monotonic()}
            if time.monotonic() >= next_poll:
                answer = client.get("/healthz")
                health.append((answer.status_code, (answer.json or {}).get("clock", "")))
                next_poll += 2
            offers = sum(1 for _, f in posts if OK_N.search(f.get("Body", "")))
            if queued and offers >= args.offers and \
                    len(coaches.answers) >= offers and \
                    all(any(f.get("Body", "").startswith(f"CRISE: {k}") for _, f in posts)
                        for k in queued):
                break
            time.sleep(0.2)
        scheduler.shutdown(wait=False)
        sender = app.extensions.get("rappel.sender")
        if sender is not None:
            sender.stop()
        arrivals = _arrivals(server, wall["start"])
        with app.extensions["rappel.sessions"]() as db:
            offers = db.execute(select(Message.sid, Message.to_number, Message.body,
                                       Offer.expires_at, Offer.status)
                                .join(Offer, Offer.id == Message.offer_id)
                                .where(Message.kind == "offer")).all()
        app.extensions["rappel.engine"].dispose()
    return _report(args, posts, queued, arrivals, offers, coaches.answers, runs, health)


def _arrivals(server: FakeTwilioServer, started: float) -> dict[tuple[str, str], datetime]:
    """When each SMS reached the carrier, on the wall clock."""
    offset = datetime.now(timezone.utc) - timedelta(seconds=time.monotonic())
    return {(f.get("To", ""), f.get("Body", "")): offset + timedelta(seconds=at)
            for at, f in server.posts}


def _report(args: Any, posts: list[tuple[float, dict[str, str]]], queued: dict[str, float],
            arrivals: dict[tuple[str, str], datetime], offers: list[Any], answers: list[str],
            runs: list[tuple[str, float]], health: list[tuple[int, str]]) -> dict[str, Any]:
    latency = {k: next((at - since for at, f in posts
                        if f.get("Body", "").startswith(f"CRISE: {k}")), None)
               for k, since in queued.items()}
    left = []
    for _, to, body, expires_at, _ in offers:
        arrived = arrivals.get((to or "", body or ""))
        if arrived is not None:
            left.append((expires_at - arrived).total_seconds())
    ticks = [spent for job, spent in runs if job == "tick"]
    return {
        "delay_s": args.delay, "offers_queued": args.offers, "ack_minutes": args.ack_minutes,
        "page_latency_s": _round(latency.get("page")),
        "alert_latency_s": _round(latency.get("alert")),
        "tick_s": {"runs": len(ticks), "median": _round(statistics.median(ticks) if ticks
                                                        else None),
                   "max": _round(max(ticks) if ticks else None)},
        "offer_sms_arrived": len(left),
        "time_left_s": {"min": _round(min(left) if left else None),
                        "median": _round(statistics.median(left) if left else None),
                        "max": _round(max(left) if left else None)},
        "arrived_after_expiry": sum(1 for s in left if s <= 0),
        "answers_ok": len(answers),
        "too_late": sum(1 for a in answers if "trop tard" in a.lower()),
        "healthz": {"polls": len(health), "503": sum(1 for code, _ in health if code == 503),
                    "clock_stopped": sum(1 for _, clock in health if clock != "ok")},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--delay", type=float, default=5.0, help="seconds per message")
    parser.add_argument("--offers", type=int, default=60)
    parser.add_argument("--ack-minutes", type=int, default=2)
    parser.add_argument("--answer-after", type=float, default=60.0,
                        help="seconds a coach takes to answer OK after the SMS arrives")
    parser.add_argument("--max-seconds", type=float, default=900.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rappel-slow-") as name:
        directory = Path(name)
        if args.db == "postgres":
            url = seeding.recreate_postgres("rappel_bench_slow_carrier")
        else:
            url = seeding.sqlite_url(directory / "slow.sqlite3")
        result = run(args, directory, url)
        if args.db == "postgres":
            seeding.drop_postgres("rappel_bench_slow_carrier")
    print(json.dumps(result, indent=1))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
