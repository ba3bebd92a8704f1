"""The same conversation on every route: an SMS in, an offer, OK, FAIT, STOP."""
from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Message, PhoneStatus, Request
from tests.conftest import NOW, PAUL, REAL_MICHEL


def test_a_request_goes_from_sms_to_callback_to_stop_on_every_route(line):
    with freeze_time(NOW):
        line.text(PAUL, "Bonjour, Paul Martin, j'ai des dettes, rappel possible demain "
                        "14h-16h")
    [ack] = line.received(PAUL)
    assert "demande 1" in ack.lower()
    [offer] = line.received(REAL_MICHEL)
    assert "Demande 1" in offer and "OK 1" in offer
    with freeze_time(NOW + timedelta(minutes=10)):
        line.text(REAL_MICHEL, "OK 1")
    assert said(line, REAL_MICHEL, "Demande 1 pour vous")
    with freeze_time(NOW + timedelta(hours=28)):
        line.text(REAL_MICHEL, "FAIT 1 orienté CCI")
    assert said(line, REAL_MICHEL, "Merci pour cet appel")
    with freeze_time(NOW + timedelta(hours=29)):
        line.text(PAUL, "STOP")
    with line.app.extensions["rappel.sessions"]() as db:
        request = db.get(Request, 1)
        assert request.status == "contacted" and request.note == "orienté CCI"
        assert db.get(PhoneStatus, PAUL).opted_out_at is not None
        routes = set(db.scalars(select(Message.route).where(Message.route.is_not(None))))
    assert routes == {line.name}  # the outbox and the inbox say which route
    confirmations = [m for m in line.received(PAUL) if "ne recevrez plus" in m]
    if line.name in ("twilio", "console"):
        assert confirmations == []  # Twilio's form: the carrier confirms STOP itself
    else:
        assert len(confirmations) == 1  # no carrier answers STOP here: Rappel does


def said(line, number, words) -> bool:
    return any(words in body for body in line.received(number))


REFUSALS = {  # each provider's own way of saying "this number cannot get SMS"
    "twilio": (400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400}),
    "sms-gateway": (400, {"message": "invalid phone number"}),
    "ovh": (200, {"ids": [], "validReceivers": [], "invalidReceivers": [PAUL],
                  "totalCreditsRemoved": 0}),
}


def test_a_number_refused_for_good_is_undeliverable_whatever_the_route(line):
    import pytest

    from dispatch import outbox as box
    if line.name not in REFUSALS:
        pytest.skip("the console refuses nothing")
    line.provider.script = [REFUSALS[line.name]]
    with line.app.extensions["rappel.sessions"]() as db:
        box.queue(db, PAUL, "Bonjour", NOW, kind="test")
        db.commit()
    with freeze_time(NOW):
        from scheduling import tick
        tick(line.app)
    with line.app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, PAUL).undeliverable_code is not None
        later = box.queue(db, PAUL, "encore", NOW, kind="test")
        assert later.status == "cancelled"
