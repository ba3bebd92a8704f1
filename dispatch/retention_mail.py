"""Retention and erasure for people known by e-mail (dispatch.retention).

A person's e-mail addresses are personal data like their numbers: the one a
request came from (`Request.sender`) and those written in it (`emails`).
A mail's row holds more than an SMS's: its subject, its Message-ID and the
ids it answers, all of which go with the body.

An inbound mail also has a copy in the hotline's mailbox. Before its row
loses its Message-ID, a MailErasure row asks the e-mail route's clock job to
delete that copy (or move it, as the settings say) and then the row: once the
id is cleared nobody could find the copy again, so the order matters.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from dispatch.models import MailErasure, Message, Request


def addresses_of(request: Request) -> set[str]:
    """The request's e-mail addresses, as stored and in lower case (an address
    is matched without case, a mailbox may have stored either)."""
    found = set(request.emails or [])
    if request.sender and "@" in request.sender:
        found.add(request.sender)
    return found | {address.lower() for address in found}


def mailbox_copies(messages: Iterable[Message]) -> list[str]:
    """The Message-IDs of the inbound mails among `messages` still known."""
    return [m.mail_id for m in messages
            if m.direction == "in" and m.channel == "email" and m.mail_id]


def queue_copies(db: Session, messages: Iterable[Message], now: datetime) -> int:
    """Ask for the mailbox copy of each inbound mail to be deleted; how many.
    Call before scrub_mail: the Message-ID is what finds the copy."""
    ids = sorted(set(mailbox_copies(messages)))
    db.add_all(MailErasure(mail_id=mail_id, queued_at=now) for mail_id in ids)
    return len(ids)


def scrub_mail(message: Message) -> None:
    """Forget what a mail's row says beyond its body: subject and thread ids."""
    message.subject, message.mail_id, message.references = None, None, None
