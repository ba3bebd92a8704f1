"""Alerts to the coordinators on call (all of them when nobody is)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dispatch import outbox, texts
from dispatch.hotline import Context, on_call


def alert_on_call(db: Session, ctx: Context, now: datetime, key: str,
                  request_id: int | None = None, **values: Any) -> int:
    """Queue the alert `key` to each coordinator on call; returns how many."""
    about = f" Demande {request_id}." if request_id is not None else ""
    body = texts.text(key, "fr", hotline=ctx.name, n=request_id, about=about, **values)
    people = on_call(db, now, ctx.tz)
    for coordinator in people:
        outbox.queue(db, coordinator.mobile, body, now, kind="alert", request_id=request_id)
    return len(people)
