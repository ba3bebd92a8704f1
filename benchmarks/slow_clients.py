"""Slow clients against the web process exactly as the Procfile starts it.

Starts the `web:` line of the Procfile (or --command) on a free port, with a
migrated SQLite database and the sample roster, then, for each count of slow
connections, opens that many connections that trickle their request one byte
every second (the slowloris pattern; --kind body sends whole headers and
trickles the body, --kind idle connects and sends nothing), and meanwhile:

- polls GET /healthz --polls times, each allowed 2 s: "answered" counts any
  HTTP answer (503 included: the clock is not running here, what matters is
  that the process answers);
- sends one signed inbound SMS, allowed Twilio's 15 s.

With --post-mb, one anonymous POST of that size with a forged signature
follows, and the server's memory growth is reported.

    .venv/bin/python -m benchmarks.slow_clients [--slow 0 2 4 8 64] [--kind headers]
        [--post-mb 200] [--command "gunicorn -w 2 --bind 127.0.0.1:$PORT 'webhooks:create_app()'"]

The slow connections stay open until the polls are done, then are closed. Every
loop here is bounded in count and time and talks to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "slow-clients-auth-token-0123456789"
HOTLINE = "+33380000000"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def procfile_web() -> str:
    """The Procfile's web command, as the platform runs it."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.split(":", 1)[1].strip()
    raise LookupError("no web line in the Procfile")


def prepare_database(directory: Path) -> str:
    """A migrated SQLite database with the sample roster loaded."""
    from dispatch.db import make_engine
    from dispatch.migrate import upgrade
    url = f"sqlite:///{directory / 'rappel.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    load_roster(url, ROOT / "volunteers.yaml")
    return url


def load_roster(url: str, roster: Path) -> None:
    """Sync `roster` into the (migrated) database at `url`."""
    from dispatch.db import make_engine, make_sessionmaker
    from dispatch.roster import load_roster_file
    from dispatch.roster_sync import sync
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db:
        sync(db, load_roster_file(roster))
        db.commit()
    engine.dispose()


def server_env(url: str, port: int, directory: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TWILIO_", "DATABASE_", "RATELIMIT_", "TRUSTED_"))}
    env.update(DATABASE_URL=url, TWILIO_AUTH_TOKEN=TOKEN, SECRET_KEY="slow-clients-secret",
               SMS_BACKEND="console", VOLUNTEERS_FILE=str(ROOT / "volunteers.yaml"),
               RAPPEL_INSTANCE=str(directory / "instance"), PUBLIC_URL=f"http://127.0.0.1:{port}",
               PORT=str(port), PYTHONUNBUFFERED="1",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.update(extra)
    return env


@contextmanager
def web_process(command: str, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` through the shell (as a Procfile line is), stop it on exit."""
    port = int(env["PORT"])
    with log.open("ab") as handle:
        proc = subprocess.Popen(["/bin/sh", "-c", f"exec {command}"], env=env, cwd=str(ROOT),
                                stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_ready(proc, port, log)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_ready(proc: subprocess.Popen[bytes], port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the web process exited:\n{log.read_text(errors='replace')}")
        if get(port, "/healthz", 1.0) is not None:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the web process did not answer within {timeout:g} s")


def get(port: int, path: str, timeout: float) -> int | None:
    """The status of GET `path`, or None when no answer came within `timeout`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def signed_sms(port: int, sender: str, body: str, sid: str, timeout: float = 15) -> int | None:
    """POST a signed inbound SMS as Twilio would; its status, None on timeout."""
    from twilio.request_validator import RequestValidator
    url = f"http://127.0.0.1:{port}/twilio/sms"
    form = {"MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": sender, "To": HOTLINE,
            "Body": body, "NumMedia": "0"}
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, form)}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/twilio/sms", body=urlencode(form).encode(), headers=headers)
        return conn.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


class SlowClients:
    """`count` connections that each send their request one byte a second."""

    def __init__(self, port: int, count: int, kind: str = "headers", every: float = 1.0) -> None:
        self.port, self.count, self.kind, self.every = port, count, kind, every
        self.stop = threading.Event()
        self.socks: list[socket.socket] = []
        self.thread = threading.Thread(target=self._trickle, daemon=True)

    def _start_bytes(self) -> bytes:
        head = (b"POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n")
        if self.kind == "body":
            return head + b"Content-Length: 100000\r\nX-Twilio-Signature: x\r\n\r\nBody="
        return head[:20] if self.kind == "headers" else b""

    def __enter__(self) -> SlowClients:
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            first = self._start_bytes()
            if first:
                sock.sendall(first)
            self.socks.append(sock)
        self.thread.start()
        time.sleep(0.5)  # let the server pick them up
        return self

    def _trickle(self) -> None:
        filler = b"X-a: b\r\n" if self.kind == "headers" else b"a"
        position = 0
        while not self.stop.wait(self.every):
            if self.kind == "idle":
                continue
            byte = filler[position % len(filler):position % len(filler) + 1]
            position += 1
            for sock in list(self.socks):
                try:
                    sock.send(byte)
                except OSError:
                    self.socks.remove(sock)  # the server closed it: fine

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        for sock in self.socks:
            sock.close()


def measure(port: int, slow: int, kind: str, polls: int, sid: str) -> dict[str, object]:
    with SlowClients(port, slow, kind) as clients:
        answered = sum(get(port, "/healthz", 2.0) is not None for _ in range(polls))
        started = time.monotonic()
        sms = signed_sms(port, "+33612345678", "Bonjour, Paul, rappel demain 14h", sid)
        spent = time.monotonic() - started
        still_open = len(clients.socks)
    return {"slow": slow, "answered": answered, "polls": polls, "sms": sms,
            "sms_seconds": spent, "slow_still_open": still_open}


def tree_rss_kb(pid: int) -> int:
    """Resident memory of `pid` and its children (gunicorn's workers), in KB."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                          if ":" in line)
        except OSError:
            continue
        if int(fields.get("Pid", "0")) == pid or int(fields.get("PPid", "0")) == pid:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total


def post_huge(port: int, pid: int, megabytes: int) -> tuple[str, int]:
    """An anonymous urlencoded POST of `megabytes` with a forged signature: the
    answer's status line, and the largest growth of the server's memory (KB)
    seen while it was sent and just after."""
    before, peak = tree_rss_kb(pid), 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, tree_rss_kb(pid) - before)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    chunk = b"a" * (1 << 20)
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"POST /twilio/sms HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                     b"X-Twilio-Signature: forged\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n\r\nBody="
                     % (megabytes * len(chunk) + 5))
        try:
            for _ in range(megabytes):
                sock.sendall(chunk)
        except OSError:
            pass  # refused before the end
        try:
            answer = sock.recv(100)
        except OSError:
            pass
    time.sleep(1.0)
    done.set()
    watcher.join()
    return answer.split(b"\r\n", 1)[0].decode(errors="replace") or "(no answer)", peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slow", type=int, nargs="+", default=[0, 2, 4, 8, 64])
    parser.add_argument("--kind", choices=("headers", "body", "idle"), default="headers")
    parser.add_argument("--polls", type=int, default=4)
    parser.add_argument("--command", default=None, help="default: the Procfile's web line")
    parser.add_argument("--post-mb", type=int, default=0,
                        help="then one anonymous POST of this many MB, with the memory it cost")
    args = parser.parse_args()
    command = args.command or procfile_web()
    with tempfile.TemporaryDirectory(prefix="rappel-slow-") as name:
        directory = Path(name)
        url = prepare_database(directory)
        port = free_port()
        env = server_env(url, port, directory)
        print(f"command: {command}\nslow connections: {args.kind}, one byte a second")
        with web_process(command, env, directory / "web.log") as proc:
            for n, slow in enumerate(args.slow):
                row = measure(port, slow, args.kind, args.polls, f"SM{n:032d}")
                print(f"{row['slow']:>4} slow: health polls answered {row['answered']}/"
                      f"{row['polls']} (2 s each); signed SMS -> {row['sms']} in "
                      f"{row['sms_seconds']:.1f} s; slow connections still open "
                      f"{row['slow_still_open']}", flush=True)
            if args.post_mb:
                answer, grown = post_huge(port, proc.pid, args.post_mb)
                print(f"anonymous POST of {args.post_mb} MB: {answer}; server memory grew "
                      f"by {grown / 1024:.0f} MB at most")


if __name__ == "__main__":
    main()
