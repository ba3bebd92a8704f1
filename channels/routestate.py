"""A route's own state (channels.base.RouteState), kept on clock_state for
/healthz and the dashboard: the SMS route's at the top of `route_state`, the
mailbox's under its "mailbox" key (with the reading cursor: UIDVALIDITY and
the last UID handled). Each writer keeps the other's part, under a row lock."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from channels.base import RouteState
from dispatch.models import ClockState

MAILBOX = "mailbox"


def save(db: Session, state: RouteState) -> None:
    """Write the SMS route's state on the clock's row (the caller commits)."""
    mailbox = _current(db).get(MAILBOX)
    _write(db, {**state.as_dict(), **({MAILBOX: mailbox} if mailbox else {})})


def save_mailbox(db: Session, state: dict[str, Any], cursor: dict[str, Any]) -> None:
    """Write the mailbox's state and cursor (the caller commits)."""
    _write(db, {**_current(db), MAILBOX: {**state, "cursor": cursor}})


def load_mailbox(db: Session) -> dict[str, Any]:
    """The mailbox's reading cursor ({} before its first run)."""
    state = db.scalar(select(ClockState.route_state).where(ClockState.id == 1))
    return dict(((state or {}).get(MAILBOX) or {}).get("cursor") or {})


def _current(db: Session) -> dict[str, Any]:
    """The stored states, the row locked until commit (PostgreSQL) so that
    the SMS route's job and the mailbox's never write over each other."""
    query = select(ClockState.route_state).where(ClockState.id == 1)
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return dict(db.scalar(query) or {})


def _write(db: Session, value: dict[str, Any]) -> None:
    db.execute(update(ClockState).where(ClockState.id == 1)
               .values(route_state=value).execution_options(synchronize_session=False))


def load(state: ClockState) -> dict[str, Any]:
    return {k: v for k, v in (state.route_state or {}).items() if k != MAILBOX}
