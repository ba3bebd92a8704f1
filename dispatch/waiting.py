"""A request that came by mail without a phone number waits for one: no coach
can call an e-mail address. It is never offered meanwhile (callback_number
None; dispatch.offering skips it). The number comes by a reply to the
thread (dispatch.conversation.merge) or by an SMS that gives the request's
e-mail address (`by_sms`); from then on the request is offered as any other,
its promise starting then (24 hours, or the person's later slot): the hotline
could not call before, as when the desk reopens a request. Meanwhile no
deadline alert is raised about it (dispatch.escalation): nobody can act but
the person.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from channels.base import EMAIL
from dispatch import lifecycle
from dispatch.db import changed
from dispatch.models import ACTIVE_STATES, OPEN, Request
from dispatch.parsing.emails import find_emails
from dispatch.phones import mask


def by_sms(db: Session, sender: str, body: str, now: datetime) -> Request | None:
    """A request that came by e-mail without a number, whose address this SMS
    gives: the SMS's number becomes its callback number (spec: the number
    arrives by mail or by SMS), and the request can be offered. None when the
    SMS names no such request."""
    addresses = [found.address for found in find_emails(body)]
    if not addresses:
        return None
    request = db.scalar(select(Request).where(
        Request.channel == EMAIL, Request.sender.in_(addresses), Request.callback_number.is_(None),
        Request.status.in_(ACTIVE_STATES)).order_by(Request.id.desc()).limit(1))
    if request is not None:
        request.phones = [*request.phones, *([sender] if sender not in request.phones else [])]
        number_arrived(db, request, sender, now, "par SMS")
    return request


def number_arrived(db: Session, request: Request, number: str, now: datetime, how: str) -> None:
    """A request waiting for a number gets one: it is offered from now on.

    Guarded: a reply by mail and an SMS bringing a number at once give it
    once (the first wins; the other number stays among the request's phones)."""
    db.flush()
    # A crisis keeps its own short deadline, already running.
    promise = {} if request.crisis else {
        "received_at": now, "deadline": lifecycle.deadline_for(now, request.slots)}
    given = changed(db.execute(
        update(Request).where(Request.id == request.id, Request.callback_number.is_(None))
        .values(callback_number=number,
                next_check_at=case((Request.status == OPEN, now), else_=Request.next_check_at),
                **promise)
        .execution_options(synchronize_session=False)))
    db.refresh(request)
    if given == 1:
        lifecycle.log(db, request.id, now, "entrepreneur", "number_given",
                      f"numéro de rappel reçu {how} : {mask(number)}, la demande peut être "
                      "proposée" + ("" if request.crisis else ", sa promesse court à partir "
                                    "de maintenant"))
