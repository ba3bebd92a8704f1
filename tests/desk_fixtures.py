"""Fixtures of the coordinators' desk: logged-in coordinators, requests in any state."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from dispatch.models import Coach, Coordinator, Event, Message, Request
from tests.conftest import NOW

PASSWORD = "un mot de passe solide"
# Hashed once: scrypt is slow on purpose, the tests need not pay for it each time.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt")
CLAIRE_EMAIL, BERTRAND_EMAIL = "claire.moreau@example.org", "bertrand.lagrange@example.org"


def set_passwords(app: Any) -> None:
    with app.extensions["rappel.sessions"]() as db:
        for person in db.scalars(select(Coordinator)):
            person.password_hash = PASSWORD_HASH
        db.commit()


def login_as(app: Any, client: Any, key: str = "claire") -> Any:
    """Put a coordinator's login in the client's session (the login form has its own tests)."""
    from webhooks.auth import _fingerprint
    with app.extensions["rappel.sessions"]() as db:
        person = db.scalar(select(Coordinator).where(Coordinator.key == key))
        person.password_hash = person.password_hash or PASSWORD_HASH
        db.commit()
        ident, stored = person.id, person.password_hash
    with app.test_request_context():
        fingerprint = _fingerprint(stored)
    with client.session_transaction() as session:
        session["coordinator_id"] = ident
        session["pw"] = fingerprint
        session.permanent = True
    return client


@pytest.fixture
def clock() -> Any:
    """The time machine, stopped at NOW (Tuesday 24 November 2026, 10:15 in Dijon)."""
    with freeze_time(NOW) as frozen:
        yield frozen


@pytest.fixture
def claire(app: Any, clock: Any) -> Any:
    """A test client logged in as Claire Moreau, at NOW."""
    return login_as(app, app.test_client(), "claire")


@pytest.fixture
def bertrand(app: Any, clock: Any) -> Any:
    return login_as(app, app.test_client(), "bertrand")


def coach(db: Any, key: str) -> Coach:
    return db.scalar(select(Coach).where(Coach.key == key))


def make_request(db: Any, *, received: timedelta = timedelta(hours=1),
                 deadline: timedelta | None = None, status: str = "open",
                 name: str | None = "Paul Martin", topic: str | None = "financier",
                 crisis: bool = False, coach_key: str | None = None, sender: str = "+33612345678",
                 body: str = "Bonjour, Paul Martin, demain 14h-16h", now: datetime = NOW,
                 **fields: Any) -> Request:
    """A request received `received` before `now`, due `deadline` after `now` (24 h after receipt)."""
    received_at = now - received
    holder = coach(db, coach_key) if coach_key else None
    values: dict[str, Any] = {"phones": [], "emails": [], "slots": [], "flexible": True,
                              "language": "fr", "failed_attempts": 0}
    values.update(fields)
    request = Request(status=status, received_at=received_at,
                      deadline=now + deadline if deadline is not None else received_at + timedelta(hours=24),
                      sender=sender, callback_number=sender, name=name, topic=topic, crisis=crisis,
                      coach_id=holder.id if holder else None,
                      accepted_at=received_at + timedelta(minutes=10) if holder else None,
                      **values)
    db.add(request)
    db.flush()
    db.add(Message(direction="in", sid=f"SMdesk{request.id:026d}", from_number=sender,
                   to_number="+33380000000", body=body, status="received",
                   created_at=received_at, request_id=request.id))
    db.add(Event(request_id=request.id, at=received_at, actor="entrepreneur", kind="sms_in",
                 detail=body))
    db.commit()
    return request


INES_EMAIL = "Ines.Roux@Example.org"
INES_SUBJECT = "Besoin d'aide pour ma boulangerie"
INES_BODY = "Bonjour, Inès Roux, boulangerie en difficulté, trésorerie à sec. Merci de me rappeler."


def make_email_request(db: Any, *, address: str = INES_EMAIL, number: str | None = None,
                       subject: str = INES_SUBJECT, body: str = INES_BODY,
                       name: str | None = "Inès Roux", received: timedelta = timedelta(hours=1),
                       now: datetime = NOW, **fields: Any) -> Request:
    """A request that came by mail from `address`, with the mail as the e-mail
    intake stores it (Message-ID, subject) and the acknowledgement sent back in
    its thread; `number` is the callback number written in it (None: not given)."""
    received_at = now - received
    values: dict[str, Any] = {"status": "open", "phones": [number] if number else [],
                              "emails": [address], "slots": [], "flexible": True,
                              "language": "fr", "failed_attempts": 0, "topic": "financier"}
    values.update(fields)
    request = Request(received_at=received_at, deadline=received_at + timedelta(hours=24),
                      sender=address, channel="email", callback_number=number, name=name,
                      **values)
    db.add(request)
    db.flush()
    mail_id = f"<in{request.id}.7f3a@mail.example.org>"
    db.add(Message(direction="in", channel="email", route="email", from_number=address,
                   to_number="ecoute@rappel.example.org", subject=subject, body=body,
                   mail_id=mail_id, status="received", created_at=received_at,
                   request_id=request.id))
    db.add(Message(direction="out", channel="email", route="email", kind="reply",
                   from_number="ecoute@rappel.example.org", to_number=address,
                   subject=f"Re: {subject} [demande {request.id}]",
                   body=f"Bonjour, nous avons bien reçu votre demande {request.id}.",
                   mail_id=f"<out{request.id}@rappel.example.org>", references=mail_id,
                   status="sent", created_at=received_at, sent_at=received_at,
                   request_id=request.id))
    db.add(Event(request_id=request.id, at=received_at, actor="entrepreneur", kind="mail_in",
                 detail=body))
    db.commit()
    return request


def numbers_in(html: str) -> list[int]:
    """The request numbers of the board's rows, top to bottom."""
    return [int(n) for n in re.findall(r'data-number="(\d+)"', html)]


def seen_token(html: str) -> str:
    import html as html_lib
    return html_lib.unescape(_value(r'name="seen" value="([^"]*)"', html))


def csrf_token(html: str) -> str:
    return _value(r'name="csrf_token" value="([^"]*)"', html)


def _value(pattern: str, html: str) -> str:
    found = re.search(pattern, html)
    assert found is not None, f"no {pattern} in the page"
    return found.group(1)
