"""Inbound SMS under load: the signed Twilio webhook served by gunicorn.

For SQLite and PostgreSQL, each seeded with --closed past requests
(benchmarks/seed.py), the app runs as production runs it:

    gunicorn -w 2 -b 127.0.0.1:PORT 'webhooks:create_app()'

with DATABASE_URL, TWILIO_AUTH_TOKEN, PUBLIC_URL=http://127.0.0.1:PORT,
SECRET_KEY, SMS_BACKEND=console and VOLUNTEERS_FILE in its environment. From
other processes, --clients workers (http.client; gunicorn's sync workers
close the connection after each answer, so the client reconnects as Twilio
would) send signed inbound SMS for --duration seconds after a short warm-up:
a unique MessageSid each, French texts from varied senders, about 70 % first
messages (a new request) and 30 % follow-ups from a sender already seen (merged
into the request), never more than 3 per sender (the flood rule starts at 11).

The same load then goes to benchmarks/bare_app.py (Flask answering a fixed
TwiML message) under the same gunicorn setup: the framework's floor. Every
answer must be 200 with a TwiML <Response>; anything else counts as an error.
Afterwards the database is checked: every answered SMS stored once.

    .venv/bin/python -m benchmarks.webhook [--db sqlite|postgres|both]
        [--duration 10] [--clients 4] [--closed 100000]
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select

from benchmarks import seed as seeding

ROOT = seeding.ROOT
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
TOKEN = "bench-auth-token-0123456789abcdef"
HOTLINE = seeding.HOTLINE
CORPUS = Path("/work/shared/corpus/dev.jsonl")
PG_DB = "rappel_bench_webhook"

FOLLOW_UPS = [
    "Je précise : plutôt jeudi après-midi si possible.",
    "Mon autre numéro c'est le 06 12 48 77 31, merci",
    "Vous pouvez aussi m'écrire à contact.boulangerie@orange.fr",
    "Finalement demain matin ce serait mieux, avant 10h",
    "Merci pour votre réponse. C'est assez urgent.",
    "Je suis dispo n'importe quand cette semaine",
    "Pardon j'ai oublié : c'est pour la trésorerie, l'URSSAF me relance",
    "ok merci",
    "Mon comptable m'a conseillé de vous écrire, je suis joignable après 18h",
    "Ce soir c'est possible aussi",
]


def texts() -> tuple[list[str], list[str]]:
    """First messages (the parsing corpus and generated ones) and crisis messages."""
    first: list[str] = []
    crisis: list[str] = []
    if CORPUS.exists():
        for line in CORPUS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            (crisis if row["expected"]["crisis"] else first).append(row["text"])
    rng = random.Random(5)
    first += [seeding.first_sms(rng)[0] for _ in range(200)]
    if not crisis:
        crisis = ["Les dettes m'étouffent, cette nuit j'ai pensé à en finir. Appelez moi svp."]
    return first, crisis


# ---------------------------------------------------------------- client

@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    warmup_ok: int = 0
    replies: dict[str, int] = field(default_factory=dict)

    def merge(self, other: Tally) -> None:
        self.latencies += other.latencies
        self.ok += other.ok
        self.warmup_ok += other.warmup_ok
        for target, source in ((self.errors, other.errors), (self.replies, other.replies)):
            for key, value in source.items():
                target[key] = target.get(key, 0) + value


def _kind_of(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    if "<Message>" not in text:
        return "empty"
    if "3114" in text:
        return "crisis"
    if "bien recue" in text or "received" in text:
        return "new request"
    if "c'est note" in text or "c&apos;est note" in text or "added to" in text:
        return "merged"
    return "other"


class Sender:
    """Invents the next inbound SMS: a new request, or a follow-up from a known sender."""

    def __init__(self, worker: int, seed: int, first: list[str], crisis: list[str]) -> None:
        self.rng = random.Random(seed * 1000 + worker)
        self.first, self.crisis = first, crisis
        self.seen: list[list[Any]] = []  # [number, messages sent]

    def next(self) -> tuple[str, str]:
        reusable = [s for s in self.seen[-50:] if s[1] < 3]
        if reusable and self.rng.random() < 0.3:
            entry = self.rng.choice(reusable)
            entry[1] += 1
            return entry[0], self.rng.choice(FOLLOW_UPS)
        number = seeding.french_mobile(self.rng)
        self.seen.append([number, 1])
        if self.rng.random() < 0.01:
            return number, self.rng.choice(self.crisis)
        return number, self.rng.choice(self.first)


def form_for(number: str, body: str) -> dict[str, str]:
    sid = "SM" + uuid.uuid4().hex
    return {"ToCountry": "FR", "ToState": "", "SmsMessageSid": sid, "NumMedia": "0",
            "ToCity": "", "FromZip": "", "SmsSid": sid, "FromState": "", "SmsStatus": "received",
            "FromCity": "", "Body": body, "FromCountry": "FR", "To": HOTLINE, "ToZip": "",
            "NumSegments": "1", "MessageSid": sid, "AccountSid": "AC" + "b" * 32,
            "From": number, "ApiVersion": "2010-04-01"}


def client(worker: int, port: int, start_at: float, end_at: float, seed: int,
           queue: Any) -> None:
    """One client process: POSTs signed SMS back to back until `end_at`."""
    from twilio.request_validator import RequestValidator
    first, crisis = texts()
    sender = Sender(worker, seed, first, crisis)
    validator = RequestValidator(TOKEN)
    url = f"http://127.0.0.1:{port}/twilio/sms"
    tally = Tally()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    while True:
        started = time.perf_counter()
        if started >= end_at:
            break
        number, body = sender.next()
        form = form_for(number, body)
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Twilio-Signature": validator.compute_signature(url, form),
                   "User-Agent": "TwilioProxy/1.1"}
        try:
            conn.request("POST", "/twilio/sms", body=urlencode(form).encode(), headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            status, data = type(exc).__name__, b""
        spent = time.perf_counter() - started
        counted = started >= start_at
        if status == "200" and b"<Response" in data:
            if counted:
                tally.ok += 1
                tally.latencies.append(spent)
                kind = _kind_of(data)
                tally.replies[kind] = tally.replies.get(kind, 0) + 1
            else:
                tally.warmup_ok += 1
        else:
            key = status
            tally.errors[key] = tally.errors.get(key, 0) + 1
    conn.close()
    queue.put(tally)


def load(port: int, clients: int, duration: float, warmup: float, seed: int) -> Tally:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    start_at = time.perf_counter() + warmup + 0.3  # perf_counter is system-wide on Linux
    end_at = start_at + duration
    procs = [ctx.Process(target=client, args=(i, port, start_at, end_at, seed, queue))
             for i in range(clients)]
    for proc in procs:
        proc.start()
    total = Tally()
    for _ in procs:
        total.merge(queue.get(timeout=duration + warmup + 60))
    for proc in procs:
        proc.join(timeout=10)
    return total


# ---------------------------------------------------------------- server

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn -w N in a subprocess, stopped on exit."""

    def __init__(self, app: str, env: dict[str, str], port: int, log: Path,
                 workers: int = 2) -> None:
        self.port, self.log = port, log
        self.handle = log.open("ab")
        self.proc = subprocess.Popen(
            [GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--chdir", str(ROOT), app],
            env=env, stdout=self.handle, stderr=subprocess.STDOUT, cwd=str(ROOT))
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/twilio/sms")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready after {timeout} s; see {self.log}")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.handle.close()


def run_target(name: str, db: str, app: str, env: dict[str, str], args: argparse.Namespace,
               tmp: Path) -> dict[str, Any]:
    port = free_port()
    env = dict(env, PUBLIC_URL=f"http://127.0.0.1:{port}")
    server = Server(app, env, port, tmp / f"gunicorn-{db}-{name.split()[0]}.log", args.workers)
    try:
        tally = load(port, args.clients, args.duration, args.warmup, args.seed)
    finally:
        server.stop()
    lat = sorted(tally.latencies)
    logged = server.log.read_text(encoding="utf-8", errors="replace").splitlines()
    problems = [line for line in logged if "Traceback" in line or " ERROR " in line
                or "[ERROR]" in line or "WARNING" in line]
    return {"log_problems": problems[:5], "log_problem_count": len(problems),
            "name": name, "db": db, "ok": tally.ok, "warmup_ok": tally.warmup_ok,
            "errors": tally.errors, "replies": tally.replies,
            "rps": tally.ok / args.duration,
            "p50": statistics.median(lat) if lat else float("nan"),
            "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("nan"),
            "log": str(server.log)}


# ---------------------------------------------------------------- databases

def prepare_db(db: str, closed: int, active: int, tmp: Path) -> tuple[str, dict[str, Any]]:
    if db == "postgres":
        url = seeding.recreate_postgres(PG_DB)
    else:
        url = seeding.sqlite_url(tmp / "webhook.sqlite3")
    engine = seeding.prepare(url)
    info = seeding.seed(engine, datetime.now(timezone.utc), closed=closed, active=active)
    with engine.connect() as conn:
        info["max_message"] = conn.scalar(select(func.max(seeding.Message.id))) or 0
        info["max_request"] = conn.scalar(select(func.max(seeding.Request.id))) or 0
    engine.dispose()
    return url, info


def check_db(url: str, info: dict[str, Any]) -> dict[str, int]:
    """What the load left in the database: inbound stored, requests opened, events."""
    from dispatch.models import Message, Request
    engine = seeding.make_engine(url)
    with engine.connect() as conn:
        inbound = conn.scalar(select(func.count()).select_from(Message).where(
            Message.id > info["max_message"], Message.direction == "in")) or 0
        distinct = conn.scalar(select(func.count(func.distinct(Message.sid))).where(
            Message.id > info["max_message"], Message.direction == "in")) or 0
        replies = conn.scalar(select(func.count()).select_from(Message).where(
            Message.id > info["max_message"], Message.kind == "reply")) or 0
        requests = conn.scalar(select(func.count()).select_from(Request).where(
            Request.id > info["max_request"])) or 0
    engine.dispose()
    return {"inbound": inbound, "distinct_sids": distinct, "replies": replies,
            "requests": requests}


def base_env(url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "DATABASE_"))}
    env.update(DATABASE_URL=url, TWILIO_AUTH_TOKEN=TOKEN, SECRET_KEY="bench-secret-key",
               SMS_BACKEND="console", VOLUNTEERS_FILE=str(seeding.VOLUNTEERS),
               RAPPEL_INSTANCE=str(tmp / "instance"), PYTHONUNBUFFERED="1")
    return env


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Signed inbound SMS under load, vs bare Flask.")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--closed", type=int, default=100_000)
    parser.add_argument("--active", type=int, default=1_000,
                        help="requests in progress seeded beside the past ones")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    dbs = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    print(f"gunicorn -w {args.workers} (sync workers), {args.clients} client processes, "
          f"{args.warmup:g} s warm-up + {args.duration:g} s measured per target, "
          f"{os.cpu_count()} CPUs shared by server, clients and database; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    rows, checks = [], []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rappel-webhook-") as tmp_name:
        tmp = Path(tmp_name)
        for db in dbs:
            url, info = prepare_db(db, args.closed, args.active, tmp)
            print(f"seeded {db}: {info['rows']} in {info['seconds']:.1f} s", flush=True)
            env = base_env(url, tmp)
            app_row = run_target("rappel webhook", db, "webhooks:create_app()", env, args, tmp)
            bare_row = run_target("bare flask", db, "benchmarks.bare_app:app", env, args, tmp)
            rows += [app_row, bare_row]
            check = check_db(url, info)
            check["answered"] = app_row["ok"] + app_row["warmup_ok"]
            checks.append((db, check, app_row))
            if db == "postgres":
                seeding.drop_postgres(PG_DB)
        print_report(rows, checks, args)
    print(f"\ntotal {time.perf_counter() - started:.0f} s, load average after: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def print_report(rows: list[dict[str, Any]], checks: list[tuple[str, dict[str, int], Any]],
                 args: argparse.Namespace) -> None:
    print(f"\n== POST /twilio/sms, {args.duration:g} s, {args.clients} clients, "
          f"{args.closed} past requests ==")
    head = f"{'target':<16}{'db':<10}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'ok':>7}  errors"
    print(head)
    print("-" * (len(head) + 10))
    for r in rows:
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(r["errors"].items())) or "0"
        db = r["db"] if r["name"].startswith("rappel") else "(none)"
        print(f"{r['name']:<16}{db:<10}{r['rps']:>8.1f}{ms(r['p50']):>9}{ms(r['p99']):>9}"
              f"{r['ok']:>7}  {errors}")
    for app_row, bare_row in zip(rows[::2], rows[1::2], strict=False):
        print(f"ratio bare/rappel on {app_row['db']}: throughput "
              f"{bare_row['rps'] / app_row['rps']:.1f}x, p50 latency "
              f"{app_row['p50'] / bare_row['p50']:.1f}x" if app_row["rps"] else
              f"ratio on {app_row['db']}: no successful requests")
    for db, check, app_row in checks:
        replies = ", ".join(f"{k} {v}" for k, v in sorted(app_row["replies"].items()))
        status = "OK" if check["inbound"] == check["distinct_sids"] == check["answered"] \
            else "MISMATCH"
        print(f"{db}: {check['answered']} answered 200 (warm-up included), "
              f"{check['inbound']} inbound stored ({check['distinct_sids']} distinct sids) "
              f"[{status}], {check['requests']} new requests, {check['replies']} replies "
              f"recorded; replies measured: {replies}")
    for r in rows:
        if r["log_problem_count"]:
            print(f"{r['name']} on {r['db']}: {r['log_problem_count']} error/warning lines "
                  "in the server log, first ones:")
            for line in r["log_problems"]:
                print("    " + line[:200])


if __name__ == "__main__":
    main()
