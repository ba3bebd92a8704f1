"""Which requests need a coordinator: overdue and at risk (also `rappel overdue`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.deadlines import is_at_risk, is_overdue, urgency
from dispatch.localtime import duration_words
from dispatch.models import ACTIVE_STATES, Request


def needing_attention(db: Session, now: datetime) -> list[Request]:
    active = db.scalars(select(Request).where(Request.status.in_(ACTIVE_STATES)))
    late = [r for r in active if is_overdue(r, now) or is_at_risk(r, now)]
    return sorted(late, key=lambda r: urgency(r, now))


def attention_table(db: Session, now: datetime) -> str:
    rows = needing_attention(db, now)
    if not rows:
        return "Nothing overdue or at risk."
    lines = [f"{'N':>5}  {'state':<9}  {'status':<9}  {'deadline':<25}  {'left':<12}  coach"]
    for r in rows:
        state = "overdue" if is_overdue(r, now) else "at risk"
        left = ("-" if now >= r.deadline else "") + duration_words(r.deadline - now)
        coach = r.coach.key if r.coach else "-"
        crisis = "  CRISIS" if r.crisis else ""
        lines.append(f"{r.id:>5}  {state:<9}  {r.status:<9}  {r.deadline.isoformat():<25}  "
                     f"{left:<12}  {coach}{crisis}")
    return "\n".join(lines)
