"""The production app on a scratch in-memory SQLite database, for one run.

The schema is made by the real migrations and the roster synced by the real
`rappel volunteers sync`, once per process and roster; each run then starts
from an in-memory copy (`sqlite3` serialise / deserialise), which takes
milliseconds. One connection (StaticPool): the run's sessions and the tick's
take turns, never overlap.
"""
from __future__ import annotations

import tempfile
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from planner.policies import Policy

_TEMPLATES: dict[str, bytes] = {}


def memory_engine(data: bytes | None = None) -> Any:
    """An in-memory SQLite engine on one connection, holding `data` (a
    serialised database) when given."""
    engine = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _pragmas(conn: Any, _record: Any) -> None:
        conn.execute("PRAGMA foreign_keys=ON")

    if data is not None:
        connection = engine.raw_connection().driver_connection
        assert connection is not None  # a SQLite connection, open
        connection.deserialize(data)
    return engine


def template(roster: Any) -> bytes:
    """A migrated database with `roster` synced, serialised; built once per process."""
    key = repr(roster)
    if key not in _TEMPLATES:
        from dispatch.migrate import upgrade
        from dispatch.roster_sync import sync
        engine = memory_engine()
        upgrade(engine)
        with Session(engine) as db:
            sync(db, roster)
            db.commit()
        _TEMPLATES[key] = engine.raw_connection().driver_connection.serialize()
        engine.dispose()
    return _TEMPLATES[key]


def scratch_app(roster: Any, policy: Policy) -> Any:
    """The production app on an in-memory copy of the template, with `policy`."""
    from webhooks import create_app
    engine = memory_engine(template(roster))
    app = create_app({"DATABASE_URL": "sqlite://", "ENGINE": engine, "SMS_BACKEND": "console",
                      "TESTING": True, "FIXED_TICK_CLOCK": True, "SECRET_KEY": "planner",
                      "INSTANCE_PATH": tempfile.gettempdir(),
                      "PUBLIC_URL": "https://rappel.invalid"})
    app.extensions["rappel.policy"] = policy
    return app
