"""The web server the Procfile runs (`rappel web`) and `rappel serve` uses: waitress.

Why waitress rather than gunicorn: waitress reads every request, headers and
body, in one event loop and hands it to a thread only once it is complete,
and buffers the answer the same way. A client that sends its request one byte
a second (or reads the answer as slowly) holds a socket, never a thread. With
gunicorn's sync workers two such clients stopped the process; gthread workers
(gunicorn 27) wait 5 s in a thread for the first byte, then read the rest in
the thread with no time limit, so each slow client still pins a thread
(benchmarks/slow_clients.py gives the figures).

Waitress also refuses a body over the size limit with 413 from its headers,
before reading it. It has no access log of its own: `access_log` writes one
line per request with the path only, never the query string (numbers travel
there: /api/messages?from=+336...) and never an offer link's signature.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

log = logging.getLogger("rappel.access")

THREADS = 8             # requests handled at once; PostgreSQL's pool has 5 + 5 connections
CONNECTION_LIMIT = 1000  # sockets held open, slow ones included; the fd limit is far above
CHANNEL_TIMEOUT = 30     # seconds a connection may stay silent before it is closed
MAX_HEADER_BYTES = 32 * 1024
OFFER_LINK = re.compile(r"^(/o/[^/.]*\.)[^/]+")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def access_log(inner: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so that each request is logged without its query string."""
    def logged(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.monotonic()
        seen: dict[str, str] = {}

        def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            seen["status"] = status.split(" ", 1)[0]
            return start_response(status, headers, *args)

        try:
            return inner(environ, start)
        finally:
            # After the app: ProxyFix has set REMOTE_ADDR to the client behind the proxies.
            path = OFFER_LINK.sub(r"\1…", environ.get("PATH_INFO", ""))
            log.info('%s "%s %s" %s %.0f ms', environ.get("REMOTE_ADDR", "-"),
                     environ.get("REQUEST_METHOD", "-"), path, seen.get("status", "-"),
                     (time.monotonic() - started) * 1000)
    return logged


def serve(app: Flask, host: str, port: int) -> None:
    """Serve `app` until the process is stopped."""
    from waitress import serve as waitress_serve
    limit = int(app.config["MAX_CONTENT_LENGTH"])
    waitress_serve(
        access_log(app), host=host, port=port, threads=THREADS,
        connection_limit=CONNECTION_LIMIT, asyncore_use_poll=True,  # poll: no 1024-fd ceiling
        channel_timeout=CHANNEL_TIMEOUT, cleanup_interval=5,
        # waitress refuses a body of max_request_body_size bytes or more; Flask, one over the limit
        max_request_body_size=limit + 1, max_request_header_size=MAX_HEADER_BYTES,
        ident="rappel")
