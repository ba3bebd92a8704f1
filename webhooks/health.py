"""GET /healthz: is the database answering, and is the clock ticking?

A stopped clock is the silent failure of a service like this one: requests
keep coming in and nothing goes out. So a clock older than two minutes is 503.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import Blueprint, jsonify
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from dispatch.models import ClockState
from webhooks.db import session

bp = Blueprint("health", __name__)
CLOCK_STALE_AFTER = timedelta(minutes=2)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    now = datetime.now(timezone.utc)
    body: dict[str, object] = {"database": "ok", "last_tick_at": None, "clock": "stopped"}
    try:
        db = session()
        db.execute(text("SELECT 1"))
        last = db.scalar(select(ClockState.last_tick_at).where(ClockState.id == 1))
    except SQLAlchemyError as exc:
        body["database"] = f"error: {type(exc).__name__}"
        return jsonify(body), 503
    if last is not None:
        body["last_tick_at"] = last.isoformat()
        if now - last <= CLOCK_STALE_AFTER:
            body["clock"] = "ok"
    return jsonify(body), 200 if body["clock"] == "ok" else 503
