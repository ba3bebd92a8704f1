"""Which requests need a coordinator: overdue and at risk (also `rappel overdue`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.deadlines import is_overdue
from dispatch.hotline import Context
from dispatch.localtime import duration_words
from dispatch.models import ACTIVE_STATES, Request
from dispatch.risk import Risk


def needing_attention(db: Session, ctx: Context, now: datetime) -> list[Request]:
    """Overdue and at-risk requests (as the coordinators' alerts count it), most urgent first."""
    active = list(db.scalars(select(Request).where(Request.status.in_(ACTIVE_STATES))))
    risk = Risk.of(db, ctx, active)
    late = [r for r in active if is_overdue(r, now) or risk.at_risk(r, now)]
    return sorted(late, key=lambda r: risk.urgency(r, now))


def attention_table(db: Session, ctx: Context, now: datetime) -> str:
    rows = needing_attention(db, ctx, now)
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
