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


@freeze_time(NOW)
def test_repeated_commands_get_ten_replies_then_silence(phone, db):
    from tests.conftest import MICHEL, PAUL
    for sender, body in ((PAUL, "AIDE"), ("+33698765432", "ANNULER"), (MICHEL, "OK 12"),
                         ("+33698765433", "HELP")):
        replies = [reply_of(phone.text(sender, body)) for _ in range(30)]
        assert all(replies[:10]) and not any(replies[10:]), (sender, body)
    assert count(db, Message, Message.kind == "reply") == 40
    assert count(db, Message, Message.direction == "in") == 120  # every SMS kept


@freeze_time(NOW)
def test_a_crisis_repeated_is_answered_with_3114_once_and_kept_each_time(phone, db):
    from dispatch.models import Event
    from tests.conftest import PAUL
    text = "Je n'en peux plus, je veux en finir ce soir"
    replies = [reply_of(phone.text(PAUL, text)) for _ in range(30)]
    assert "3114" in replies[0] and not any("3114" in r for r in replies[1:])
    assert sum(bool(r) for r in replies) <= 10
    assert count(db, Request) == 1 and count(db, Request, Request.crisis) == 1
    assert count(db, Event, Event.kind == "crisis") == 1
    assert count(db, Event, Event.kind == "sms_in") == 30  # each shown on the timeline


@freeze_time(NOW)
def test_a_crisis_after_a_flood_of_help_still_gets_3114(phone, db):
    from tests.conftest import PAUL
    for _ in range(12):
        phone.text(PAUL, "AIDE")
    reply = reply_of(phone.text(PAUL, "Je n'en peux plus, je veux en finir ce soir"))
    assert "3114" in reply and count(db, Request, Request.crisis) == 1
