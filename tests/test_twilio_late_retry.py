"""The Twilio route's edges. Twilio's retry of a MessageSid whose first
webhook answered too late: the person gets the acknowledgement once, by SMS or
by TwiML, never both. A Messaging Service with no HOTLINE_NUMBER: crisis pages
cannot ring anyone, and the operator is told."""
from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from channels.registry import active
from channels.twilio.reconcile import webhook_done
from dispatch import inbound
from dispatch.models import Message
from scheduling import context_for, tick
from tests.conftest import HOTLINE, NOW, PAUL, Phone, make_app, reply_of
from tests.twilio_fakes import inbound_item

BODY = "Paul Martin, demain 14h-16h"


def replies_to(http, number: str) -> list[str]:
    return [s["Body"] for s in http.sent if s["To"] == number]


def test_a_retry_after_a_late_answer_gets_an_empty_answer(twilio_app, http):
    phone = Phone(twilio_app.test_client())
    # Each reading of the clock moves it 20 s: the webhook finishes after Twilio's 15 s.
    with freeze_time(NOW, auto_tick_seconds=20):
        phone.text(PAUL, BODY, sid="SMslow")
    with freeze_time(NOW + timedelta(seconds=16)):  # Twilio retries the same sid
        retry = phone.text(PAUL, BODY, sid="SMslow")
    assert retry.status_code == 200
    with freeze_time(NOW + timedelta(minutes=15)):
        tick(twilio_app)
    by_sms = replies_to(http, PAUL)
    assert all("demande 1" in body for body in by_sms)
    assert len(by_sms) + bool(reply_of(retry)) == 1  # one acknowledgement in all
    assert len(by_sms) == 1 and reply_of(retry) == ""  # by SMS; the retry says nothing more
    with twilio_app.extensions["rappel.sessions"]() as db:
        assert len(list(db.scalars(select(Message).where(Message.direction == "in")))) == 1


def test_a_retry_of_a_message_whose_webhook_died_answers_it_and_only_once(twilio_app, http):
    arrived = NOW - timedelta(minutes=10)
    with twilio_app.extensions["rappel.sessions"]() as db:  # stored, then the worker was killed
        inbound.receive(db, context_for(twilio_app, db),
                        inbound.Inbound("SMdied", PAUL, HOTLINE, BODY), arrived)
    with freeze_time(arrived + timedelta(seconds=16)):  # Twilio's retry, answered in time
        retry = Phone(twilio_app.test_client()).text(PAUL, BODY, sid="SMdied")
    assert "demande 1" in reply_of(retry)
    http.inbound = [inbound_item("SMdied", PAUL, BODY, date_sent=arrived)]
    with freeze_time(NOW):
        tick(twilio_app)
    assert replies_to(http, PAUL) == []  # the clock does not send it again


def test_a_retry_of_a_message_answered_in_time_is_answered_the_same(twilio_app, http):
    phone = Phone(twilio_app.test_client())
    with freeze_time(NOW):
        first = phone.text(PAUL, BODY, sid="SMok")
    with freeze_time(NOW + timedelta(seconds=5)):
        retry = phone.text(PAUL, BODY, sid="SMok")
    assert "demande 1" in reply_of(first)
    assert reply_of(retry) == reply_of(first)
    with freeze_time(NOW + timedelta(minutes=15)):
        tick(twilio_app)
    assert replies_to(http, PAUL) == []


def test_a_retry_answered_while_the_first_webhook_still_runs_wins_the_reply(twilio_app, http):
    with twilio_app.extensions["rappel.sessions"]() as db:  # the first webhook, stored...
        inbound.receive(db, context_for(twilio_app, db),
                        inbound.Inbound("SMrace", PAUL, HOTLINE, BODY), NOW)
    with freeze_time(NOW + timedelta(seconds=16)):  # ...when Twilio's retry is answered
        retry = Phone(twilio_app.test_client()).text(PAUL, BODY, sid="SMrace")
    assert "demande 1" in reply_of(retry)
    with twilio_app.extensions["rappel.sessions"]() as db:  # ...then the first one ends, late
        assert webhook_done(db, "SMrace", NOW, NOW + timedelta(seconds=20)) is True
    with freeze_time(NOW + timedelta(minutes=15)):
        tick(twilio_app)
    assert replies_to(http, PAUL) == []  # TwiML only: not by SMS as well


SERVICE = "MG" + "2" * 32


def twilio(database_url, tmp_path, http, **settings):
    return make_app(database_url, tmp_path, SMS_BACKEND="twilio",
                    TWILIO_ACCOUNT_SID="AC" + "1" * 32, TWILIO_HTTP_CLIENT=http, **settings)


def test_with_a_messaging_service_only_the_check_says_pages_cannot_call(database_url, tmp_path,
                                                                         http):
    app = twilio(database_url, tmp_path, http, TWILIO_MESSAGING_SERVICE_SID=SERVICE)
    text = "\n".join(active(app).check(app))
    assert "twilio: crisis pages can NOT ring the coordinator's phone: HOTLINE_NUMBER not set" \
        in text
    assert "a Twilio number that can place calls" in text and "PUBLIC_URL" in text
    assert "(Programmable Voice)" not in text
    assert http.sent == []  # it sends nothing
    app.extensions["rappel.engine"].dispose()


def test_with_a_hotline_number_the_check_says_pages_call_from_it(database_url, tmp_path, http):
    app = twilio(database_url, tmp_path, http, TWILIO_MESSAGING_SERVICE_SID=SERVICE,
                 HOTLINE_NUMBER=HOTLINE)
    text = "\n".join(active(app).check(app))
    assert "twilio: crisis pages ring the coordinator's phone (Programmable Voice) " \
        f"from {HOTLINE}" in text
    assert "NOT ring" not in text
    app.extensions["rappel.engine"].dispose()


def test_the_app_warns_at_startup_when_pages_cannot_call(database_url, tmp_path, http, caplog):
    with caplog.at_level("WARNING", logger="channels.twilio"):
        app = twilio(database_url, tmp_path, http, TWILIO_MESSAGING_SERVICE_SID=SERVICE)
    [warning] = [r for r in caplog.records if r.name == "channels.twilio"]
    assert warning.levelname == "WARNING"
    assert "can NOT ring the coordinator's phone: HOTLINE_NUMBER not set" in warning.getMessage()
    app.extensions["rappel.engine"].dispose()
    caplog.clear()
    with caplog.at_level("WARNING", logger="channels.twilio"):
        app = twilio(database_url, tmp_path, http, HOTLINE_NUMBER=HOTLINE)
    assert [r for r in caplog.records if r.name == "channels.twilio"] == []
    app.extensions["rappel.engine"].dispose()
