"""Only one clock acts at a time, across processes and machines.

PostgreSQL: a session-level advisory lock held for the length of a tick.
SQLite: one machine by nature; a file lock next to the database keeps two
processes on it (a `rappel serve` and a stray `rappel scheduler`) apart.
"""
from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

ADVISORY_KEY = 0x52415050  # "RAPP"
_local = threading.Lock()


@contextmanager
def clock_lock(engine: Engine) -> Iterator[bool]:
    """Yield True when this process holds the clock, False when another does."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                    {"k": ADVISORY_KEY}).scalar())
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                    conn.commit()
        return
    if not _local.acquire(blocking=False):
        yield False
        return
    try:
        with _file_lock(engine) as got:
            yield got
    finally:
        _local.release()


@contextmanager
def _file_lock(engine: Engine) -> Iterator[bool]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield True
        return
    path = Path(database + ".clock-lock")
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
