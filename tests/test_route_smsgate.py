"""The hotline's own phone (SMS Gateway for Android), through the real
`android-sms-gateway` client and signed webhooks as the app sends them."""
from __future__ import annotations

import time
from datetime import timedelta

import requests
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Message, PhoneStatus
from scheduling import tick
from tests.conftest import NOW, PAUL, REAL_CLAIRE, queue, row
from tests.fakes.smsgate import event, post_event, received


def test_it_sends_through_the_apps_api_with_an_id_per_attempt(gateway_app, gateway):
    message_id = queue(gateway_app)
    with freeze_time(NOW):
        assert tick(gateway_app)["sent"] == 1
    [posted] = gateway.posted
    assert posted["phoneNumbers"] == [PAUL] and posted["textMessage"] == {"text": "Bonjour"}
    assert posted["id"] == f"rappel-{message_id}-1" and posted["withDeliveryReport"] is True
    stored = row(gateway_app, message_id)
    assert stored.status == "sent" and stored.sid == posted["id"] and stored.route == "sms-gateway"


def test_delivery_events_move_the_message_forward_never_back(gateway_app, gateway):
    message_id = queue(gateway_app)
    with freeze_time(NOW):
        tick(gateway_app)
    sid = row(gateway_app, message_id).sid
    client = gateway_app.test_client()
    for kind in ("sms:delivered", "sms:sent"):  # out of order
        answer = post_event(client, event(kind, {"messageId": sid, "phoneNumber": PAUL}))
        assert answer.status_code == 200
    assert row(gateway_app, message_id).status == "delivered"


def test_a_failed_event_is_sent_again_later_and_keeps_the_number(gateway_app, gateway):
    message_id = queue(gateway_app)
    with freeze_time(NOW):
        tick(gateway_app)
    sid = row(gateway_app, message_id).sid
    with freeze_time(NOW + timedelta(minutes=1)):
        post_event(gateway_app.test_client(), event("sms:failed", {
            "messageId": sid, "phoneNumber": PAUL, "reason": "RESULT_ERROR_NO_SERVICE"}))
    assert row(gateway_app, message_id).status == "queued"  # no signal: not lost
    with gateway_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, PAUL) is None  # no signal is not a bad number
    with freeze_time(NOW + timedelta(minutes=6)):
        tick(gateway_app)
    again = row(gateway_app, message_id)
    assert again.status == "sent" and again.sid not in (None, sid)


def test_a_forged_or_stale_webhook_is_refused(gateway_app):
    client = gateway_app.test_client()
    body = event("sms:received", received(PAUL, "Bonjour", NOW))
    assert post_event(client, body, key="not-the-key").status_code == 403
    assert post_event(client, body, signature="").status_code == 403
    stale = int(time.time()) - 600  # outside the five minutes the app's docs advise
    assert post_event(client, body, timestamp=stale).status_code == 403
    tampered = body.replace(b"Bonjour", b"Bonsoir")
    from channels.smsgate.signature import sign
    stamp = str(int(time.time()))
    answer = client.post("/sms-gateway/events", data=tampered, content_type="application/json",
                         headers={"X-Signature": sign("gateway-signing-key", body, stamp),
                                  "X-Timestamp": stamp})
    assert answer.status_code == 403
    with gateway_app.extensions["rappel.sessions"]() as db:
        assert db.scalars(select(Message).where(Message.direction == "in")).all() == []


def test_the_same_sms_twice_is_stored_once_and_the_same_words_later_are_new(gateway_app, gateway):
    client = gateway_app.test_client()
    with freeze_time(NOW):
        first = received(PAUL, "Paul, rappelez-moi demain 14h", NOW, message_id="dup")
        assert post_event(client, event("sms:received", first, "ev-1")).status_code == 200
        # The app can post one SMS twice under two event ids (its issue #291).
        assert post_event(client, event("sms:received", first, "ev-2")).status_code == 200
        later = received(PAUL, "Paul, rappelez-moi demain 14h", NOW + timedelta(minutes=3),
                         message_id="dup")  # same text, same messageId: a new SMS
        assert post_event(client, event("sms:received", later, "ev-3")).status_code == 200
    with gateway_app.extensions["rappel.sessions"]() as db:
        inbound = db.scalars(select(Message).where(Message.direction == "in")).all()
    assert len(inbound) == 2 and {m.route for m in inbound} == {"sms-gateway"}


def test_stop_is_confirmed_by_rappel_since_the_phone_answers_nothing(gateway_app, gateway):
    client = gateway_app.test_client()
    with freeze_time(NOW):
        post_event(client, event("sms:received", received(PAUL, "Stop", NOW)))
        tick(gateway_app)
        later = queue(gateway_app, body="encore")
    [confirmation] = gateway.sent_to(PAUL)
    assert "ne recevrez plus" in confirmation and "START" in confirmation
    assert row(gateway_app, later).status == "cancelled"
    with freeze_time(NOW + timedelta(minutes=1)):
        post_event(client, event("sms:received", received(PAUL, "START", NOW + timedelta(minutes=1))))
        tick(gateway_app)
    assert "à nouveau" in gateway.sent_to(PAUL)[-1]


def test_a_webhook_while_the_database_is_away_is_answered_503_for_the_app_to_retry(
        gateway_app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from dispatch import inbound

    def away(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is away"))

    monkeypatch.setattr(inbound, "receive", away)
    body = event("sms:received", received(PAUL, "Bonjour", NOW))
    assert post_event(gateway_app.test_client(), body).status_code == 503


def test_the_clock_asks_the_phone_to_send_its_inbox_again_every_ten_minutes(gateway_app, gateway):
    with freeze_time(NOW):
        tick(gateway_app)
    with freeze_time(NOW + timedelta(minutes=5)):
        tick(gateway_app)
    assert gateway.refreshed == []  # the first run only sets where to look from
    with freeze_time(NOW + timedelta(minutes=11)):
        tick(gateway_app)
    [asked] = gateway.refreshed
    assert asked["since"] <= NOW.isoformat() and asked["until"] > asked["since"]


def test_a_phone_switched_off_shows_on_healthz_and_its_messages_wait(gateway_app, gateway):
    gateway.down = True
    message_id = queue(gateway_app)
    at = NOW
    for _ in range(8):  # more tries than a message is ever given
        with freeze_time(at):
            tick(gateway_app)
        at += timedelta(minutes=6)
    waiting = row(gateway_app, message_id)
    assert waiting.status == "queued" and waiting.attempts == 0
    with freeze_time(at):
        health = gateway_app.test_client().get("/healthz").json
    assert health["route"]["name"] == "sms-gateway"
    assert health["route"]["state"] == "unreachable"
    gateway.down = False
    with freeze_time(at + timedelta(minutes=6)):
        tick(gateway_app)
    assert row(gateway_app, message_id).status == "sent"


def test_a_phone_the_cloud_has_not_seen_for_long_is_unreachable(gateway_app, gateway):
    gateway.last_seen = NOW - timedelta(hours=1)
    with freeze_time(NOW):
        tick(gateway_app)
        assert gateway_app.test_client().get("/healthz").json["route"]["state"] == "unreachable"


def test_an_unknown_outcome_is_asked_of_the_gateway_before_sending_again(gateway_app, gateway):
    gateway.script = [requests.exceptions.ReadTimeout("no answer in time")]
    message_id = queue(gateway_app)
    with freeze_time(NOW):
        tick(gateway_app)
    unsure = row(gateway_app, message_id)
    assert unsure.status == "sending"
    with freeze_time(unsure.next_attempt_at):
        tick(gateway_app)
    asked = [r for r in gateway.requests if r["method"] == "GET"
             and r["path"] == f"/messages/rappel-{message_id}-1"]
    assert len(asked) == 1  # it was not taken (404): sent again under a new id
    assert [p["id"] for p in gateway.posted] == [f"rappel-{message_id}-1",
                                                  f"rappel-{message_id}-2"]
    assert row(gateway_app, message_id).status == "sent"


def test_a_number_the_gateway_refuses_is_marked_undeliverable(gateway_app, gateway):
    gateway.script = [(400, {"message": "invalid phone number"})]
    message_id = queue(gateway_app)
    with freeze_time(NOW):
        tick(gateway_app)
    assert row(gateway_app, message_id).status == "failed"
    with gateway_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, PAUL).undeliverable_code is not None


def test_a_crisis_call_fails_cleanly_as_no_voice_while_the_page_sms_goes(gateway_app, gateway):
    call_id = queue(gateway_app, to=REAL_CLAIRE, body="Crise, demande 7. Tapez 1.",
                    kind="page", channel="call")
    sms_id = queue(gateway_app, to=REAL_CLAIRE, body="Crise : demande 7. PRIS 7", kind="page")
    with freeze_time(NOW):
        tick(gateway_app)
    call, sms = row(gateway_app, call_id), row(gateway_app, sms_id)
    assert call.status == "failed" and call.attempts == 1
    assert sms.status == "sent" and gateway.sent_to(REAL_CLAIRE) == ["Crise : demande 7. PRIS 7"]
    with gateway_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, REAL_CLAIRE) is None  # the number is fine


def test_channels_check_says_what_is_configured_and_sends_nothing(gateway_app, gateway):
    from channels.registry import active
    lines = active(gateway_app).check(gateway_app)
    text = "\n".join(lines)
    assert "no voice on this route" in text and "ok" in text
    assert "MISSING webhooks" in text and "sms:received" in text
    assert gateway.posted == []
