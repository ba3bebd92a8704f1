"""Timeouts everywhere: settings, a deadline on a block's database work, and
PostgreSQL's statement timeout."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from dispatch.db import deadline
from tests.conftest import make_app, postgres_only
from webhooks.settings import SettingsError, load

LONG_QUERY = text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                  "LIMIT 500000000) SELECT sum(x) FROM c")


def test_the_clocks_settings_have_defaults_and_refuse_nonsense(tmp_path):
    settings = load({"INSTANCE_PATH": str(tmp_path)})
    assert settings["SEND_CONCURRENCY"] == 4 and settings["SEND_RATE"] == "5/second"
    assert settings["WEB_DB_DEADLINE"] == 10 and settings["RECONCILE_SINCE"] is None
    since = load({"INSTANCE_PATH": str(tmp_path), "RECONCILE_SINCE": "2026-12-01T00:00:00"})
    assert since["RECONCILE_SINCE"] == datetime(2026, 12, 1, tzinfo=timezone.utc)
    for name, value in (("SEND_RATE", "fast"), ("SEND_CONCURRENCY", "0"),
                        ("WEB_DB_DEADLINE", "-1"), ("RECONCILE_SINCE", "yesterday")):
        with pytest.raises(SettingsError, match=name):
            load({"INSTANCE_PATH": str(tmp_path), name: value})


def test_a_deadline_cuts_a_statement_that_holds_the_caller(database_url, tmp_path):
    if database_url.startswith("postgresql"):
        query = text("SELECT pg_sleep(30)")
        app = make_app(database_url, tmp_path, DB_STATEMENT_TIMEOUT=60)
    else:
        query, app = LONG_QUERY, make_app(database_url, tmp_path)
    engine = app.extensions["rappel.engine"]
    started = time.monotonic()
    with pytest.raises(SQLAlchemyError), deadline(0.5), engine.connect() as conn:
        conn.execute(query)
    assert time.monotonic() - started < 10  # cut at 0.5 s, not left to run 30 s
    with engine.connect() as conn:  # the pool hands out a working connection again
        assert conn.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()


@postgres_only
def test_postgresql_cancels_a_statement_past_its_timeout(database_url, tmp_path):
    app = make_app(database_url, tmp_path, DB_STATEMENT_TIMEOUT=0.5)
    engine = app.extensions["rappel.engine"]
    with pytest.raises(SQLAlchemyError, match="statement timeout"), engine.connect() as conn:
        conn.execute(text("SELECT pg_sleep(30)"))
    engine.dispose()
