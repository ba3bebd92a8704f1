"""A route's own state (channels.base.RouteState), kept on clock_state for
/healthz and the dashboard."""
from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from channels.base import RouteState
from dispatch.models import ClockState


def save(db: Session, state: RouteState) -> None:
    """Write the route's state on the clock's row (the caller commits)."""
    db.execute(update(ClockState).where(ClockState.id == 1)
               .values(route_state=state.as_dict()).execution_options(synchronize_session=False))


def load(state: ClockState) -> dict[str, Any]:
    return dict(state.route_state or {})
