"""E-mail intake in figures: what each sample mail produced, and how long a
person waits for the acknowledgement at the default polling interval.

Runs against a real Dovecot and an SMTP sink (the tests' own harness:
tests/dovecot_server.py, tests/smtp_sink.py, one throwaway CA), on a fresh
SQLite database:

1. every mail of tests/mail_samples delivered into the mailbox, the clock run
   once (`scheduling.tick`, real time), then one line per mail: request
   opened or merged, channel, callback number, slots, answer sent and its
   subject;
2. the clock and the sender running as in `rappel scheduler` (APScheduler,
   real time, MAIL_POLL_SECONDS at its default unless --poll), N mails
   delivered a few seconds apart: the time from each mail's arrival in the
   mailbox to its acknowledgement reaching the SMTP sink, mean and max.

    .venv/bin/python -m benchmarks.mail_intake [--mails 8] [--gap 7] [--poll SECONDS]
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "mail_samples"
FROM = "Ça va patron ? <contact@hotline.example.org>"


def make_app(directory: Path, dovecot: Any, sink: Any, **extra: Any) -> Any:
    from dispatch.roster import load_roster_file
    from dispatch.roster_sync import sync
    from webhooks import create_app
    app = create_app({"DATABASE_URL": f"sqlite:///{directory / 'rappel.sqlite3'}",
                      "SECRET_KEY": "bench", "INSTANCE_PATH": str(directory / "instance"),
                      "VOLUNTEERS_FILE": str(ROOT / "tests" / "cast.yaml"),
                      "IMAP_URL": dovecot.imap_url(), "SMTP_URL": sink.smtp_url(),
                      "MAIL_FROM": FROM, "MAIL_CA_FILE": dovecot.ca_file, **extra})
    from dispatch.migrate import upgrade
    upgrade(app.extensions["rappel.engine"])
    with app.extensions["rappel.sessions"]() as db:
        sync(db, load_roster_file(ROOT / "tests" / "cast.yaml"))
        db.commit()
    from channels.registry import transport_for
    for transport in getattr(transport_for(app), "transports", ()):
        if hasattr(transport, "echo"):
            transport.echo = False  # the console's SMS: not this table's business
    return app


def earlier_requests(app: Any, now: datetime) -> None:
    """Requests 12 to 15, whose acknowledgements the sample replies answer."""
    from dispatch.models import Message, Request
    people = {12: "paul.martin@example.net", 13: "n.roux@example.net",
              14: "julie.bernard@example.net", 15: "k.haddad@example.net"}
    with app.extensions["rappel.sessions"]() as db:
        for n, address in people.items():
            db.add(Request(id=n, status="open", received_at=now, deadline=now + timedelta(days=1),
                           sender=address, channel="email", phones=[], emails=[address],
                           slots=[]))
            db.flush()
            db.add(Message(id=n, direction="out", channel="email", to_number=address, body="…",
                           status="sent", kind="reply", request_id=n, created_at=now,
                           sent_at=now, attempts=1,
                           mail_id=f"<rappel-{n}-ack@hotline.example.org>"))
        db.commit()


def samples_table(dovecot: Any, sink: Any, directory: Path) -> list[dict[str, str]]:
    from channels.email.reading import read_mail
    from dispatch.models import Message, Request
    from dispatch.phones import national
    from scheduling import tick
    app = make_app(directory, dovecot, sink)
    earlier_requests(app, datetime.now(timezone.utc))
    dovecot.reset()
    paths = sorted(SAMPLES.glob("*.eml"))
    for path in paths:
        dovecot.deliver(path.read_bytes())
    tick(app)
    sink.wait_for(8, timeout=20)
    rows = []
    with app.extensions["rappel.sessions"]() as db:
        for path in paths:
            mail = read_mail(path.read_bytes())
            stored = db.scalar(select(Message).where(Message.sid == mail.sid))
            request = db.get(Request, stored.request_id) if stored and stored.request_id else None
            answer = db.scalar(select(Message).where(
                Message.direction == "out", Message.channel == "email",
                Message.to_number == mail.sender, Message.id > 15).order_by(Message.id))
            rows.append({
                "mail": path.stem,
                "request": ("-" if request is None else f"n° {request.id} "
                            + ("(its mail marked failed)" if stored and stored.kind
                               else "merged" if request.id in (12, 13, 14, 15) else "opened")),
                "kind": stored.kind or "person" if stored else "not stored",
                "channel": request.channel if request else "-",
                "callback": national(request.callback_number)
                if request and request.callback_number else "-",
                "slots": str(len(request.slots)) if request else "-",
                "crisis": "yes" if request and request.crisis else "",
                "answer": f"{answer.status}: {answer.subject}" if answer else "none",
            })
    app.extensions["rappel.engine"].dispose()
    return rows


def latency(dovecot: Any, sink: Any, directory: Path, count: int, gap: float,
            poll: int | None) -> list[float]:
    """Seconds from each mail's arrival in the mailbox to its acknowledgement at the sink."""
    from scheduling import sender_for
    from scheduling.runner import start_background
    extra = {"MAIL_POLL_SECONDS": poll} if poll else {}
    app = make_app(directory, dovecot, sink, **extra)
    dovecot.reset()
    already = len(sink.received)
    arrived: dict[str, float] = {}
    acked: dict[str, float] = {}
    stop = threading.Event()

    def watch() -> None:
        seen = already
        while not stop.is_set():
            for got in sink.received[seen:]:
                acked.setdefault(str(got.message["In-Reply-To"]), time.monotonic())
            seen = len(sink.received)
            time.sleep(0.02)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    scheduler = start_background(app)
    template = (SAMPLES / "plain.eml").read_bytes()
    try:
        for i in range(count):
            mail_id = f"<bench-{i}-{time.time_ns()}@example.net>"
            raw = re.sub(rb"Message-ID: <[^>]+>", f"Message-ID: {mail_id}".encode(), template)
            raw = raw.replace(b"sandrine.morel@", f"sandrine.morel+{i}@".encode())
            dovecot.deliver(raw)
            arrived[mail_id] = time.monotonic()
            time.sleep(gap)
        deadline = time.monotonic() + 3 * app.config["MAIL_POLL_SECONDS"] + 30
        while len(acked) < count and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        scheduler.shutdown(wait=False)
        sender_for(app).stop()
        app.extensions["rappel.engine"].dispose()
    return [acked[m] - arrived[m] for m in arrived if m in acked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=8)
    parser.add_argument("--gap", type=float, default=7.0, help="seconds between two mails")
    parser.add_argument("--poll", type=int, default=None, help="MAIL_POLL_SECONDS (default: "
                        "the setting's default)")
    args = parser.parse_args()
    import logging

    from channels.email import DEFAULT_POLL_SECONDS
    from tests.dovecot_server import Dovecot, binary
    from tests.mail_tls import MailCA
    from tests.smtp_sink import SmtpSink
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's every command
    executable = binary()
    if executable is None:
        raise SystemExit("Dovecot is not installed: apt-get install dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="rappel-mailbench-"))
    root.chmod(0o755)  # under root, Dovecot's `nobody` must reach the maildir below
    ca = MailCA.create(root)
    dovecot, sink = Dovecot(root / "dovecot", ca), SmtpSink(ca)
    (root / "dovecot").mkdir()
    try:
        dovecot.start(executable)
        (root / "a").mkdir()
        rows = samples_table(dovecot, sink, root / "a")
        widths = {k: max(len(k), *(len(r[k]) for r in rows)) for k in rows[0]}
        print(" | ".join(k.ljust(w) for k, w in widths.items()))
        print("-|-".join("-" * w for w in widths.values()))
        for row in rows:
            print(" | ".join(row[k].ljust(w) for k, w in widths.items()))
        (root / "b").mkdir()
        waits = latency(dovecot, sink, root / "b", args.mails, args.gap, args.poll)
        poll = args.poll or DEFAULT_POLL_SECONDS
        print(f"\narrival in the mailbox -> acknowledgement at the SMTP server, "
              f"MAIL_POLL_SECONDS={poll}, {len(waits)}/{args.mails} mails, {args.gap} s apart:")
        if waits:
            print(f"  mean {statistics.mean(waits):.1f} s, median {statistics.median(waits):.1f} s,"
                  f" min {min(waits):.1f} s, max {max(waits):.1f} s")
            print("  each: " + ", ".join(f"{w:.1f}" for w in waits))
    finally:
        sink.stop()
        dovecot.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
