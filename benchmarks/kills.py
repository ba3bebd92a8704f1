"""Duplicates and false records after the clock is killed mid-send.

Each round queues --batch messages, starts a clock process (`tick(app, T)` in
a child, the real twilio client against a fake Twilio HTTP server taking
--delay s a message), kills it with SIGKILL at a random moment once sending
has begun, then lets a fresh clock run past the lease (`tick(app, T + 6 min)`,
twice). Counted against what the fake carrier accepted: messages it took
twice, rows recorded otherwise than the carrier's record (taken but not
`sent`, or `sent` but never taken), and attempts recorded as 0 for a message
that left. Only `scheduling.tick` is used, so the same file measures main's
924069e from an export of it.

    .venv/bin/python -m benchmarks.kills [--rounds 25]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks import seed as seeding
from tests.twilio_fakes import FakeTwilioServer, LocalTwilioHttpClient

T0 = datetime(2026, 11, 24, 9, 15, tzinfo=timezone.utc)
PAUL = "+33612345678"


def _config(url: str, directory: Path) -> dict[str, Any]:
    return {"DATABASE_URL": url, "SMS_BACKEND": "twilio", "TESTING": True,
            "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "t",
            "HOTLINE_NUMBER": "+33380000000", "PUBLIC_URL": "https://rappel.example.org",
            "SECRET_KEY": "bench", "INSTANCE_PATH": str(directory / "instance"),
            "VOLUNTEERS_FILE": str(seeding.VOLUNTEERS)}


def _child(config: dict[str, Any], carrier: str, at: datetime) -> str:
    return textwrap.dedent(f"""
        import logging, sys
        from datetime import datetime
        sys.path.insert(0, {os.getcwd()!r})
        from webhooks import create_app
        from scheduling import tick
        from tests.twilio_fakes import LocalTwilioHttpClient
        app = create_app({{**{config!r}, "TWILIO_HTTP_CLIENT": LocalTwilioHttpClient({carrier!r})}})
        logging.getLogger().setLevel(logging.CRITICAL)
        tick(app, datetime.fromisoformat({at.isoformat()!r}))
    """)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from dispatch import outbox
    from dispatch.models import Message
    from scheduling import tick
    from webhooks import create_app
    rng = random.Random(args.seed)
    url = seeding.recreate_postgres("rappel_bench_kills")
    engine = seeding.prepare(url)
    seeding.sync_roster(engine, seeding.VOLUNTEERS)
    engine.dispose()
    with tempfile.TemporaryDirectory(prefix="rappel-kills-") as name, \
            FakeTwilioServer(delay=args.delay) as server:
        config = _config(url, Path(name))
        app = create_app({**config, "TWILIO_HTTP_CLIENT": LocalTwilioHttpClient(server.url)})
        logging.getLogger().setLevel(logging.CRITICAL)
        killed = 0
        for round_ in range(args.rounds):
            at = T0 + timedelta(minutes=15 * round_)
            with app.extensions["rappel.sessions"]() as db:
                for i in range(args.batch):
                    outbox.queue(db, PAUL, f"round {round_} message {i}", at, kind="reminder")
                db.commit()
            before = len(server.posts)
            child = subprocess.Popen([sys.executable, "-c", _child(config, server.url, at)])
            while len(server.posts) == before and child.poll() is None:
                time.sleep(0.02)
            time.sleep(rng.uniform(0, args.delay * args.batch * 0.8))
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                killed += 1
            child.wait()
            for later in (6, 12):
                tick(app, at + timedelta(minutes=later))
        taken = Counter(body for body in server.carrier.sent_bodies())
        with app.extensions["rappel.sessions"]() as db:
            rows = db.execute(select(Message.body, Message.status, Message.attempts)
                              .where(Message.direction == "out", Message.to_number == PAUL)).all()
        app.extensions["rappel.engine"].dispose()
    seeding.drop_postgres("rappel_bench_kills")
    print(json.dumps({
        "rounds": args.rounds, "killed": killed, "messages": len(rows),
        "taken_by_carrier": len(taken),
        "taken_twice": sum(1 for n in taken.values() if n > 1),
        "never_taken": sum(1 for body, _, _ in rows if body not in taken),
        "taken_but_not_recorded_sent": sum(1 for body, status, _ in rows
                                           if body in taken and status != "sent"),
        "recorded_sent_but_not_taken": sum(1 for body, status, _ in rows
                                           if body not in taken and status == "sent"),
        "left_with_0_attempts": sum(1 for body, _, attempts in rows
                                    if body in taken and attempts == 0),
    }, indent=1))


if __name__ == "__main__":
    main()
