"""What a coordinator's SMS does: `PRIS N` (or `ACK N`) takes a request in
hand, `INFO N` gives its details; anything else gets the short help."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from dispatch import lifecycle, texts
from dispatch.commands import parse_command
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.models import Coordinator, Request


def handle(db: Session, ctx: Context, person: Coordinator, body: str, now: datetime) -> str:
    command = parse_command(body)
    if command is None or command.verb not in ("PRIS", "INFO") or command.number is None:
        return texts.text("help_coordinator", "fr", hotline=ctx.name, url=ctx.base_url or "/")
    request = db.get(Request, command.number)
    if request is None:
        return texts.text("not_a_request", "fr", n=command.number)
    values = lifecycle.details(request, ctx)
    if command.verb == "INFO":
        return texts.text("info", "fr", **values)
    return take(db, request, person, now, "par SMS (PRIS)", ctx)


def take(db: Session, request: Request, person: Coordinator, now: datetime, via: str,
         ctx: Context) -> str:
    """Take the request in hand and say so; who has it when someone was quicker."""
    outcome = lifecycle.take_in_hand(db, request, person, now, via)
    values = lifecycle.details(request, ctx)
    if outcome is Outcome.TOO_LATE and request.taken_by is not None:
        return texts.text("taken_by_other", "fr", who=request.taken_by.name, **values)
    return texts.text("taken_ok", "fr", **values)
