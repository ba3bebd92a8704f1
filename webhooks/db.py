"""One database session per HTTP request."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session


def session() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["rappel.sessions"]()
    return g.db  # type: ignore[no-any-return]


def _close(_exc: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close)
