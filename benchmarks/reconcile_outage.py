"""Reconciliation after an outage, and on a fresh database.

Scenario 1: the clock runs every minute from T0; from T0+10 to T0+40 the
database is down (no clock, every webhook 503) while --missed entrepreneurs
text the hotline; the clock then runs every minute until T0+70. Counted:
messages handled (each once?), people answered.
Scenario 2: a fresh database starts while Twilio holds 18 messages from 3 to
20 hours old: how many are replayed as new requests.

Twilio is the recording client of tests/twilio_fakes.py (paged like Twilio's
list), time is moved with freezegun, and only `scheduling.tick(app, now)` is
called, so the same file measures main's 924069e from an export of it.

    .venv/bin/python -m benchmarks.reconcile_outage [--db sqlite|postgres]
"""
from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from freezegun import freeze_time
from sqlalchemy import func, select

from benchmarks import seed as seeding
from tests.twilio_fakes import RecordingHttpClient, inbound_item

T0 = datetime(2026, 11, 24, 9, 15, tzinfo=timezone.utc)
HOTLINE = "+33380000000"


def _app(url: str, directory: Path, http: RecordingHttpClient) -> Any:
    from webhooks import create_app
    engine = seeding.prepare(url)
    seeding.sync_roster(engine, seeding.VOLUNTEERS)
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SMS_BACKEND": "twilio", "TESTING": True,
                      "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "t",
                      "HOTLINE_NUMBER": HOTLINE, "PUBLIC_URL": "https://rappel.example.org",
                      "SECRET_KEY": "bench", "INSTANCE_PATH": str(directory / "instance"),
                      "TWILIO_HTTP_CLIENT": http})
    logging.getLogger().setLevel(logging.CRITICAL)
    return app


def outage(url: str, directory: Path, missed: int) -> dict[str, Any]:
    from dispatch.models import Message
    from scheduling import tick
    http = RecordingHttpClient()
    app = _app(url, directory, http)
    start, end = T0 + timedelta(minutes=10), T0 + timedelta(minutes=40)
    step = (end - start) / missed
    texts = [inbound_item(f"SMmiss{i:028d}", f"+3361{i:07d}", "Bonjour, rappelez-moi demain",
                          date_sent=start + step * i) for i in range(missed)]
    started = time.perf_counter()
    for minute in list(range(0, 10)) + list(range(41, 71)):
        now = T0 + timedelta(minutes=minute)
        http.inbound = [t for t in texts if _sent(t) <= now]  # Twilio holds what arrived
        with freeze_time(now):
            tick(app, now)
    with app.extensions["rappel.sessions"]() as db:
        stored = set(db.scalars(select(Message.sid).where(Message.direction == "in")))
    answered = Counter(s["To"] for s in http.sent if s["To"].startswith("+3361"))
    app.extensions["rappel.engine"].dispose()
    return {"missed": missed, "handled": len(stored & {t["sid"] for t in texts}),
            "people_answered": len(answered),
            "answered_twice": sum(1 for n in answered.values() if n > 1),
            "seconds": round(time.perf_counter() - started, 1)}


def fresh(url: str, directory: Path) -> dict[str, Any]:
    from dispatch.models import Request
    from scheduling import tick
    http = RecordingHttpClient()
    app = _app(url, directory, http)
    http.inbound = [inbound_item(f"SMold{h:030d}", f"+336120000{h:02d}",
                                 "Paul, rappel demain 14h", date_sent=T0 - timedelta(hours=h))
                    for h in range(3, 21)]
    with freeze_time(T0):
        tick(app, T0)
    with app.extensions["rappel.sessions"]() as db:
        replayed = db.scalar(select(func.count()).select_from(Request))
    told = sum(1 for s in http.sent if "bien re" in s["Body"] or "demande" in s["Body"])
    app.extensions["rappel.engine"].dispose()
    return {"old_messages_at_twilio": 18, "replayed_as_requests": replayed,
            "acknowledgements_sent": told}


def _sent(item: dict[str, Any]) -> datetime:
    from email.utils import parsedate_to_datetime
    return parsedate_to_datetime(item["date_sent"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--missed", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rappel-reconcile-") as name:
        results = {}
        for label, scenario in (("outage", lambda u, d: outage(u, d, args.missed)),
                                ("fresh_database", fresh)):
            directory = Path(name) / label
            directory.mkdir()
            if args.db == "postgres":
                url = seeding.recreate_postgres(f"rappel_bench_{label}")
            else:
                url = seeding.sqlite_url(directory / "r.sqlite3")
            results[label] = scenario(url, directory)
            if args.db == "postgres":
                seeding.drop_postgres(f"rappel_bench_{label}")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
