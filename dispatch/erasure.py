"""Erasure on request: a person's data goes at once, when they ask.

`erase_request` anonymises one request as the retention purge would
(dispatch.retention), and records "personal data erased on request" on the
timeline, with no personal data; `erase_person` does it for every request the
person sent. Callers commit.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dispatch import lifecycle, retention_mail
from dispatch.models import ACTIVE_STATES, Message, Request
from dispatch.retention import (
    PurgeReport,
    anonymise,
    linked_messages,
    numbers_of,
    scrub_message,
    staff_numbers,
)


class StillActive(Exception):
    """The request is in progress: cancel it before erasing it."""


def erase_request(db: Session, request_id: int, now: datetime, actor: str,
                  ctx: Any = None) -> PurgeReport:
    """Erase a request's personal data at once, at the person's request.

    An active request is cancelled first (its coach told) when `ctx` is given;
    without it, StillActive is raised. Unlinked messages that quote the
    person's numbers, e-mails or name (a coach's reply quoting the callback
    number) are erased too. Raises LookupError for an unknown request."""
    request = db.get(Request, request_id)
    if request is None:
        raise LookupError(f"no request {request_id}")
    mentions = _mentions(db, request)
    notices: frozenset[int] = frozenset()
    if request.status in ACTIVE_STATES:
        if ctx is None:
            raise StillActive(f"request {request_id} is in progress: cancel it first")
        before = {m.id for m in linked_messages(db, [request.id])}
        lifecycle.cancel(db, ctx, request, now, actor)
        db.flush()
        # The coach's "request N cancelled" notice quotes only the number: it must go out.
        notices = frozenset(m.id for m in linked_messages(db, [request.id])) - before
    report = anonymise(db, [request], now, None, False, PurgeReport(now, False), notices)
    staff = staff_numbers(db)
    report.mail_copies += retention_mail.queue_copies(db, mentions, now)
    for message in mentions:
        scrub_message(message, staff)
    report.messages += len(mentions)
    lifecycle.log(db, request.id, now, actor, "erased", "personal data erased on request")
    return report


def erase_person(db: Session, request_id: int, now: datetime, actor: str,
                 ctx: Any = None) -> list[int]:
    """Erase a request and every other request of the same sender (a person's
    right to erasure covers all they told us): written from the same number, or
    from the same e-mail address whatever its case. Not those that merely name
    an address or number of theirs: it may be someone else's (an accountant's),
    whose request must not be cancelled; search finds them. Returns the
    requests erased."""
    request = db.get(Request, request_id)
    if request is None:
        raise LookupError(f"no request {request_id}")
    sender = request.sender
    same = (func.lower(Request.sender) == sender.lower()) if sender and "@" in sender \
        else (Request.sender == sender)
    others = [] if not sender else list(db.scalars(select(Request.id).where(
        same, Request.id != request.id, Request.anonymised_at.is_(None)).order_by(Request.id)))
    for number in [request.id, *others]:
        erase_request(db, number, now, actor, ctx)
    return [request.id, *others]


def _mentions(db: Session, request: Request) -> list[Message]:
    """Unlinked messages since the request arrived that quote the person."""
    from dispatch.phones import national
    needles = [n for n in numbers_of([request])] + [national(n) for n in numbers_of([request])]
    needles += [request.name] if request.name else []
    if not needles:
        return []
    people = {n.lower() for n in numbers_of([request])}
    return list(db.scalars(select(Message).where(
        Message.request_id.is_(None), Message.created_at >= request.received_at,
        or_(*[Message.body.contains(n, autoescape=True) for n in needles],
            *[Message.reply.contains(n, autoescape=True) for n in needles],
            *[Message.subject.contains(n, autoescape=True) for n in needles],
            func.lower(Message.from_number).in_(people),
            func.lower(Message.to_number).in_(people)))))
