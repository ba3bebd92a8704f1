"""One database session per HTTP request, and a deadline on its database work.

A request never waits on the database longer than WEB_DB_DEADLINE seconds in
all: past that its connections are cut and the handler gets a database error
(a webhook answers 503 while Twilio still listens, not after it gave up).
"""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from dispatch.db import end_deadline, start_deadline


def session() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["rappel.sessions"]()
    return g.db


def _start() -> None:
    g.db_deadline = start_deadline(current_app.config.get("WEB_DB_DEADLINE", 10.0))


def _close(_exc: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()
    token = g.pop("db_deadline", None)
    if token is not None:
        end_deadline(token)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.teardown_appcontext(_close)
