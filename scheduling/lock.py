"""Only one process does a given clock job at a time, across machines.

PostgreSQL: a session-level advisory lock held for the length of the job.
SQLite: one machine by nature; a file lock next to the database keeps two
processes on it (a `rappel serve` and a stray `rappel scheduler`) apart.
The deciding clock and reconciliation have separate locks: one slow call to
the carrier's API never holds up a decision.
"""
from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

# "RAPP", "RAPQ", "RAPR": the mailbox has its own, so a slow IMAP server
# never holds up reconciliation with the SMS carrier.
ADVISORY_KEYS = {"clock": 0x52415050, "reconcile": 0x52415051, "mail": 0x52415052}
_local = {name: threading.Lock() for name in ADVISORY_KEYS}


@contextmanager
def clock_lock(engine: Engine) -> Iterator[bool]:
    """Yield True when this process holds the deciding clock, False when another does."""
    with named_lock(engine, "clock") as mine:
        yield mine


@contextmanager
def named_lock(engine: Engine, name: str) -> Iterator[bool]:
    """Yield True when this process holds the lock `name`, False when another does."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, ADVISORY_KEYS[name]) as got:
            yield got
        return
    if not _local[name].acquire(blocking=False):
        yield False
        return
    try:
        with _file_lock(engine, name) as got:
            yield got
    finally:
        _local[name].release()


@contextmanager
def _advisory_lock(engine: Engine, key: int) -> Iterator[bool]:
    with engine.connect() as conn:
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()


@contextmanager
def _file_lock(engine: Engine, name: str) -> Iterator[bool]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield True
        return
    suffix = ".clock-lock" if name == "clock" else f".{name}-lock"
    path = Path(database + suffix)
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
