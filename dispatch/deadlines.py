"""The 24-hour promise: at risk, overdue, and the escalation ladder.

Ladder (spec/service.md, part 5), each step once per request:
  no_coach    no coach left to offer
  unaccepted  not accepted 6 hours after receipt
  due_soon    not contacted 4 hours before the deadline (the coach is reminded)
  overdue     deadline passed
"""
from __future__ import annotations

from datetime import datetime, timedelta

from dispatch.models import ACCEPTED, ACTIVE_STATES, Request

UNACCEPTED_AFTER = timedelta(hours=6)
DUE_SOON_BEFORE = timedelta(hours=4)
# Later steps first: when a stopped clock catches up, only the most severe
# step due is announced; the milder ones are recorded as passed, silently.
LADDER = ("overdue", "due_soon", "unaccepted")


def is_overdue(request: Request, now: datetime) -> bool:
    return request.status in ACTIVE_STATES and now >= request.deadline


def is_at_risk(request: Request, now: datetime) -> bool:
    if request.status not in ACTIVE_STATES or is_overdue(request, now):
        return False
    unaccepted = request.status != ACCEPTED and now >= request.received_at + UNACCEPTED_AFTER
    return unaccepted or now >= request.deadline - DUE_SOON_BEFORE


def due_steps(request: Request, now: datetime, done: set[str]) -> list[str]:
    """The ladder steps due at `now` not yet taken, most severe first."""
    if request.status not in ACTIVE_STATES:
        return []
    due = []
    if now >= request.deadline:
        due.append("overdue")
    if now >= request.deadline - DUE_SOON_BEFORE:
        due.append("due_soon")
    if request.status != ACCEPTED and now >= request.received_at + UNACCEPTED_AFTER:
        due.append("unaccepted")
    return [step for step in due if step not in done]


def urgency(request: Request, now: datetime) -> tuple[int, datetime]:
    """Sort key, most urgent first: crisis, overdue, at risk, waiting, the rest."""
    if request.status in ACTIVE_STATES and request.crisis:
        rank = 0
    elif is_overdue(request, now):
        rank = 1
    elif is_at_risk(request, now):
        rank = 2
    elif request.status in ACTIVE_STATES and request.status != ACCEPTED:
        rank = 3
    elif request.status == ACCEPTED:
        rank = 4
    else:
        rank = 5
    return rank, request.deadline
