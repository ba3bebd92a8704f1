"""A database that hangs (a partition, not a refusal): answers come in time.

A TCP proxy between the app and PostgreSQL swallows every byte once told to,
as a partition does: connections stay open and nothing comes back.
"""
from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from dispatch.models import Message
from tests.conftest import PAUL, Phone, make_app, postgres_only, sync_cast
from tests.netfaults import BlackHole


def timed(call: Any) -> tuple[Any, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def sqlite_file_app(tmp_path: Any) -> Any:
    """The app on a migrated SQLite file, held.sqlite3, with the cast synced."""
    from dispatch.db import make_engine
    from dispatch.migrate import upgrade
    url = f"sqlite:///{tmp_path}/held.sqlite3"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = make_app(url, tmp_path)
    sync_cast(app)
    return app


def test_a_sqlite_file_held_by_a_stuck_writer_gets_a_503_before_twilio_gives_up(tmp_path):
    """Another process holds the write lock and never lets go: SQLite's own wait
    (which the web deadline cannot interrupt) ends in time for Twilio's 15 s."""
    import sqlite3
    app = sqlite_file_app(tmp_path)
    held = None
    try:
        phone = Phone(app.test_client())
        assert phone.text(PAUL, "Paul Martin, demain 14h").status_code == 200
        held = sqlite3.connect(f"{tmp_path}/held.sqlite3")
        held.execute("BEGIN EXCLUSIVE")
        answer, seconds = timed(lambda: phone.text(PAUL, "Vous m'entendez ?", sid="SMheld"))
        assert answer.status_code == 503 and seconds < 12  # Twilio still listening
        held.rollback()
        assert phone.text(PAUL, "Vous m'entendez ?", sid="SMheld").status_code == 200
    finally:
        if held is not None:
            held.close()
        app.extensions["rappel.engine"].dispose()


@postgres_only
def test_a_hung_database_gets_503s_in_time_and_the_pool_recovers(database_url, tmp_path):
    url = make_url(database_url)
    hole = BlackHole((url.host or "127.0.0.1", url.port or 5432))
    app = make_app(url.set(host="127.0.0.1", port=hole.port).render_as_string(
        hide_password=False), tmp_path)
    try:
        sync_cast(app)
        phone, client = Phone(app.test_client()), app.test_client()
        assert phone.text(PAUL, "Paul Martin, demain 14h").status_code == 200

        hole.swallow.set()
        answer, seconds = timed(lambda: phone.text(PAUL, "Vous m'entendez ?", sid="SMhung"))
        assert answer.status_code == 503 and seconds < 15  # Twilio still listening
        health, seconds = timed(lambda: client.get("/healthz"))
        assert health.status_code == 503 and seconds < 2.0
        assert health.json["database"] == "not answering within 2 s"

        hole.swallow.clear()
        assert phone.text(PAUL, "Je rappelle", sid="SMback").status_code == 200
        with app.extensions["rappel.sessions"]() as db:
            sids = set(db.scalars(select(Message.sid).where(Message.direction == "in")))
        assert "SMback" in sids and "SMhung" not in sids  # left to reconciliation
    finally:
        hole.swallow.clear()
        app.extensions["rappel.engine"].dispose()
        hole.close()


def test_healthz_says_so_when_another_process_holds_the_sqlite_write_lock(tmp_path):
    """In WAL mode reads go on while a stuck writer holds the file: every
    webhook would wait and fail, so /healthz must not read it as healthy."""
    import sqlite3

    from scheduling import tick
    app = sqlite_file_app(tmp_path)
    held = None
    try:
        tick(app)
        client = app.test_client()
        assert client.get("/healthz").json["database"] == "ok"
        held = sqlite3.connect(f"{tmp_path}/held.sqlite3")
        held.execute("BEGIN IMMEDIATE")
        answer, seconds = timed(lambda: client.get("/healthz"))
        assert answer.status_code == 503 and seconds < 2.5
        assert "write lock" in answer.json["database"]
        held.rollback()
        assert client.get("/healthz").json["database"] == "ok"
        # The probe left SQLite's own wait for writes as it was.
        with app.extensions["rappel.engine"].connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 8000
    finally:
        if held is not None:
            held.close()
        app.extensions["rappel.engine"].dispose()


DANGER = "je n'en peux plus, je veux en finir"


def test_words_of_danger_get_3114_at_once_while_the_database_is_held_and_only_once(tmp_path,
                                                                                  http):
    """Crisis detection needs no database: the 3114 answer comes in the
    webhook's TwiML; reconciliation stores the SMS later and pages, without
    giving the 3114 a second time."""
    import sqlite3
    from datetime import timedelta

    from freezegun import freeze_time

    from dispatch.models import Request
    from scheduling import tick
    from tests.conftest import HOTLINE, NOW, REAL_CLAIRE, reply_of, route_app
    from tests.twilio_fakes import inbound_item
    url = f"sqlite:///{tmp_path}/held.sqlite3"
    sqlite_file_app(tmp_path).extensions["rappel.engine"].dispose()   # migrated
    app = route_app(url, tmp_path, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC" + "1" * 32,
                    HOTLINE_NUMBER=HOTLINE, TWILIO_HTTP_CLIENT=http)
    held = sqlite3.connect(f"{tmp_path}/held.sqlite3")
    try:
        with freeze_time(NOW - timedelta(hours=1)):
            tick(app)   # the clock's first run: reconciliation looks back to it
        held.execute("BEGIN EXCLUSIVE")
        with freeze_time(NOW, tick=True):
            answer, seconds = timed(lambda: Phone(app.test_client()).text(PAUL, DANGER,
                                                                          sid="SMdanger"))
        assert answer.status_code == 200 and seconds < 12   # Twilio still listening
        assert "3114" in reply_of(answer) and "15 ou 112" in reply_of(answer)
        held.rollback()
        http.inbound.append(inbound_item("SMdanger", PAUL, DANGER, date_sent=NOW))
        for minutes in (3, 4, 5):
            with freeze_time(NOW + timedelta(minutes=minutes)):
                tick(app)
        with app.extensions["rappel.sessions"]() as db:
            assert db.get(Request, 1).crisis
        assert any("URGENT" in s["Body"] for s in http.sent if s["To"] == REAL_CLAIRE)
        assert [s["Body"] for s in http.sent if s["To"] == PAUL] == []   # not a second 3114
    finally:
        held.close()
        app.extensions["rappel.engine"].dispose()


def test_an_ordinary_sms_while_the_database_is_held_is_left_to_reconciliation(tmp_path):
    import sqlite3
    app = sqlite_file_app(tmp_path)
    held = sqlite3.connect(f"{tmp_path}/held.sqlite3")
    try:
        held.execute("BEGIN EXCLUSIVE")
        answer = Phone(app.test_client()).text(PAUL, "Paul Martin, demain 14h", sid="SMplain")
        assert answer.status_code == 503   # its answer, with its number, comes by SMS later
    finally:
        held.close()
        app.extensions["rappel.engine"].dispose()
