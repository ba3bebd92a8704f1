"""The SMS side under abuse: the hotline's own number, a sender who repeats
commands or a crisis text, and webhook bodies nobody on the project wrote."""
from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import func, select

from dispatch.models import Message, Request
from tests.conftest import HOTLINE, NOW, reply_of


def count(db, model, *where) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


@freeze_time(NOW)
def test_the_hotlines_own_number_opens_nothing(phone, db):
    for sender in (HOTLINE, "+33 3 80 00 00 00"):
        response = phone.text(sender, "Bonjour, Paul Martin, rappel demain 14h-16h, dettes")
        assert response.status_code == 200 and reply_of(response) == ""
    assert count(db, Request) == 0
    assert count(db, Message, Message.direction == "in") == 2  # stored all the same
    assert count(db, Message, Message.direction == "out") == 0
