"""The web process exactly as the Procfile starts it, on a free port, with real sockets:
slow clients, oversized bodies, and what its access log keeps."""
from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks import slow_clients as sc

PAUL = "+33612345678"


@pytest.fixture(scope="module")
def web(tmp_path_factory: Any) -> Any:
    directory = tmp_path_factory.mktemp("web")
    port = sc.free_port()
    env = sc.server_env(sc.prepare_database(directory), port, directory,
                        API_TOKEN="server-test-token")
    log = directory / "web.log"
    with sc.web_process(sc.procfile_web(), env, log) as proc:
        yield port, proc, log


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LookupError("no VmRSS")


@pytest.mark.parametrize("kind", ["headers", "body", "idle"])
def test_slow_clients_do_not_stop_the_health_check_or_twilio(web, kind):
    port, _, _ = web
    with sc.SlowClients(port, 16, kind):
        answered = [sc.get(port, "/healthz", 5.0) for _ in range(4)]
        status = sc.signed_sms(port, PAUL, "Bonjour, Paul, rappel demain 14h", f"SMslow{kind}",
                               timeout=15)  # Twilio waits 15 s, then gives up (error 11200)
    assert None not in answered, answered
    assert status == 200


def _post_huge(port: int, headers: bytes, chunk: bytes, total: int) -> bytes:
    """Send a POST of `total` body bytes (or until the server hangs up); its answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(headers)
        sent, deadline = 0, time.monotonic() + 20
        try:
            while sent < total and time.monotonic() < deadline:
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass  # refused before the end: what we want
        try:
            return sock.recv(200)
        except OSError:
            return b""


@pytest.mark.parametrize("chunked", [False, True])
def test_an_anonymous_200_mb_post_is_refused_before_it_is_read(web, chunked):
    port, proc, _ = web
    before = rss_kb(proc.pid)
    megabyte = b"Body=" + b"a" * (1 << 20)
    if chunked:
        head = (b"POST /twilio/sms HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
        chunk = f"{len(megabyte):x}\r\n".encode() + megabyte + b"\r\n"
    else:
        head = (b"POST /twilio/sms HTTP/1.1\r\nHost: x\r\nContent-Length: 209715200\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
        chunk = megabyte
    answer = _post_huge(port, head, chunk, 200 << 20)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert rss_kb(proc.pid) - before < 16 * 1024  # KB: the body was never held
    assert sc.get(port, "/healthz", 2.0) is not None


def test_the_access_log_never_carries_a_number_or_an_offer_links_signature(web):
    port, _, log = web
    import http.client
    for path in ("/api/messages?from=%2B33612345678", "/api/messages?to=+33612345678",
                 "/api/messages?from=0612345678", "/o/12.abcdefghijkl"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path, headers={"Authorization": "Bearer server-test-token"})
        conn.getresponse().read()
        conn.close()
    time.sleep(0.3)
    text = log.read_text(errors="replace")
    assert '"GET /api/messages" 200' in text and '"GET /o/12.…" 404' in text
    assert not re.search(r"6[ .]?12[ .]?34[ .]?56[ .]?78", text), text
    assert "abcdefghijkl" not in text
