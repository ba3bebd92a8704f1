"""/healthz gives the database the contract's 2 s: 200 when it answers in
1.2 s, 503 when it takes 2.5 s. A slow database is made by an engine event
that sleeps before the probe's first statement; nothing here times the
endpoint itself."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event

from scheduling import tick


@pytest.fixture
def slow_database(app):
    """The database takes `slow_database[0]` seconds to answer /healthz's probe."""
    delay = [0.0]

    def slow(conn, cursor, statement, *args):
        if statement.strip() == "SELECT 1" and \
                threading.current_thread().name.startswith("rappel-health"):
            time.sleep(delay[0])

    engine = app.extensions["rappel.engine"]
    event.listen(engine, "before_cursor_execute", slow)
    yield delay
    pool = app.extensions.get("rappel.health")
    if pool is not None:
        pool.shutdown(wait=True)  # the probe still asleep ends before the engine goes
    event.remove(engine, "before_cursor_execute", slow)


def test_a_database_answering_in_1_2_s_is_healthy(app, client, slow_database):
    tick(app)
    slow_database[0] = 1.2  # 0.75 s to spare: the probe reads its rows after it, on a loaded CI machine too
    response = client.get("/healthz")
    assert response.json["database"] == "ok"
    assert response.status_code == 200


def test_a_database_answering_in_2_5_s_is_not(app, client, slow_database):
    tick(app)
    slow_database[0] = 2.5
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "not answering within 2 s"
