"""The outbox and the Twilio transport, through the real twilio library."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch import outbox as box
from dispatch.models import Message, PhoneStatus, Request
from scheduling import context_for, tick
from scheduling.outbox import CAP, URGENT_CAP, backoff
from tests.conftest import (
    NOW,
    PAUL,
    PUBLIC_URL,
    REAL_CLAIRE,
    make_app,
    outbox,
    postgres_only,
    queue,
    row,
)
from tests.twilio_fakes import inbound_item


def test_it_sends_through_messages_create_with_a_status_callback(twilio_app, http):
    message_id = queue(twilio_app)
    assert http.sent == []  # written first, sent by the clock
    with freeze_time(NOW):
        assert tick(twilio_app)["sent"] == 1
    [sent] = http.sent
    assert sent == {"To": PAUL, "Body": "Bonjour", "From": "+33380000000",
                    "StatusCallback": PUBLIC_URL + "/twilio/status"}
    assert http.requests[0]["uri"].endswith("/Messages.json")
    stored = row(twilio_app, message_id)
    assert stored.status == "sent" and stored.sid.startswith("SM")


def test_it_sends_through_the_messaging_service_when_set(database_url, tmp_path, http):
    app = make_app(database_url, tmp_path, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC1",
                   TWILIO_MESSAGING_SERVICE_SID="MG" + "2" * 32, TWILIO_HTTP_CLIENT=http)
    queue(app)
    with freeze_time(NOW):
        tick(app)
    assert http.sent[0]["MessagingServiceSid"] == "MG" + "2" * 32
    assert "From" not in http.sent[0]


def test_a_transient_failure_is_retried_with_backoff(twilio_app, http):
    http.script = [(429, {"code": 20429, "message": "Too many requests", "status": 429}),
                   ConnectionError("connection reset")]
    message_id = queue(twilio_app)
    with freeze_time(NOW):
        tick(twilio_app)
    first = row(twilio_app, message_id)
    assert first.status == "queued" and first.attempts == 1  # refused: certainly not sent
    assert timedelta(seconds=15) <= first.next_attempt_at - NOW <= timedelta(seconds=30)
    with freeze_time(first.next_attempt_at):
        tick(twilio_app)
    second = row(twilio_app, message_id)
    # The connection broke after the request left: nobody knows whether Twilio took it.
    assert second.status == "sending" and second.attempts == 2
    with freeze_time(second.next_attempt_at):
        tick(twilio_app)
    assert row(twilio_app, message_id).status == "sent"
    assert len(http.sent) == 3
    looked = [r for r in http.requests if r["method"] == "GET" and r["params"]["To"] == PAUL]
    assert len(looked) == 1  # Twilio's list was read before the third attempt

def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    assert backoff(1, lambda: 0.0) == timedelta(seconds=15)
    assert backoff(1, lambda: 1.0) == timedelta(seconds=30)
    assert backoff(3, lambda: 1.0) == timedelta(seconds=120)
    assert backoff(30, lambda: 1.0) == CAP == timedelta(minutes=4)
    assert backoff(30, lambda: 1.0, URGENT_CAP) == timedelta(minutes=2)


def test_transient_failures_count_against_no_limit(twilio_app, http):
    # Rate limited ten times in a row (the old limit was 6): still sent, nobody alerted.
    http.script = [(429, {"code": 20429, "message": "slow down", "status": 429})] * 10
    message_id = queue(twilio_app)
    at = NOW
    for _ in range(11):
        with freeze_time(at):
            tick(twilio_app)
        at = row(twilio_app, message_id).next_attempt_at or at
    stored = row(twilio_app, message_id)
    assert stored.status == "sent" and stored.attempts == 11
    with freeze_time(at + timedelta(minutes=5)):
        tick(twilio_app)
    with twilio_app.extensions["rappel.sessions"]() as db:
        assert outbox(db, to=REAL_CLAIRE) == []


@pytest.mark.parametrize("legacy", [True, False], ids=["TwilioRestException",
                                                       "TwilioServiceException"])
def test_an_unsubscribed_number_is_final_marked_opted_out_and_reported(twilio_app, http, legacy):
    body = ({"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}
            if legacy else {"type": "https://www.twilio.com/docs/errors/21610",
                            "title": "Unsubscribed recipient", "status": 400, "code": 21610})
    http.script = [(400, body)]
    message_id = queue(twilio_app)
    with freeze_time(NOW):
        tick(twilio_app)
    with freeze_time(NOW + timedelta(minutes=5)):  # alerts leave merged, a few minutes on
        tick(twilio_app)
    stored = row(twilio_app, message_id)
    assert stored.status == "failed" and stored.error_code == 21610 and stored.attempts == 1
    with twilio_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, PAUL).opted_out_at is not None
        alerts = outbox(db, to=REAL_CLAIRE)
        assert "21610" in alerts[0].body and "+33 6 xx xx xx 78" in alerts[0].body
        later = box.queue(db, PAUL, "encore", NOW, kind="test")
        assert later.status == "cancelled"  # nothing more goes to that number


def test_a_stop_recorded_earlier_in_the_same_transaction_blocks_the_next_sms(twilio_app):
    # The STOP is in the session, not yet flushed (receive stores it, then
    # queues in the same transaction): what is queued after it must not leave.
    with twilio_app.extensions["rappel.sessions"]() as db:
        box.phone_status(db, PAUL).opted_out_at = NOW
        assert box.queue(db, PAUL, "encore", NOW, kind="test").status == "cancelled"
        box.phone_status(db, REAL_CLAIRE).undeliverable_code = 21614
        assert box.blocked_reason(db, REAL_CLAIRE) == "undeliverable 21614"
        assert box.queue(db, "+33639980001", "bonjour", NOW, kind="test").status == "queued"


@pytest.mark.parametrize("code", [21211, 21614, 30006])
def test_an_invalid_or_landline_number_is_final(twilio_app, http, code):
    http.script = [(400, {"code": code, "message": "bad number", "status": 400})]
    message_id = queue(twilio_app)
    with freeze_time(NOW):
        tick(twilio_app)
    assert row(twilio_app, message_id).status == "failed"
    with twilio_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, PAUL).undeliverable_code == code
    assert [s["To"] for s in http.sent].count(PAUL) == 1  # the coordinators' alert went too


def test_the_client_has_a_request_timeout(twilio_app):
    from twilio.http.http_client import TwilioHttpClient

    from channels.twilio.transport import TwilioTransport
    from scheduling import transport_for
    transport = TwilioTransport("AC1", "t", from_number="+33380000000",
                                messaging_service_sid=None, status_callback=None)
    assert isinstance(transport.client.http_client, TwilioHttpClient)
    assert transport.client.http_client.timeout == 10.0
    assert transport_for(twilio_app).client.http_client is twilio_app.config["TWILIO_HTTP_CLIENT"]


def test_a_fictional_number_is_never_sent_to_twilio(twilio_app, http):
    message_id = queue(twilio_app, to="+33639981001")
    with freeze_time(NOW):
        tick(twilio_app)
    assert row(twilio_app, message_id).status == "failed"
    assert all(s["To"] != "+33639981001" for s in http.sent)


def test_status_callbacks_move_forward_only(twilio_app, http):
    from tests.conftest import Phone
    message_id = queue(twilio_app)
    with freeze_time(NOW):
        tick(twilio_app)
    sid = row(twilio_app, message_id).sid
    phone = Phone(twilio_app.test_client())
    for state in ("delivered", "sent", "queued"):  # out of order
        assert phone.post("/twilio/status", {"MessageSid": sid, "MessageStatus": state}
                          ).status_code == 200
    assert row(twilio_app, message_id).status == "delivered"


def test_a_message_is_not_lost_when_the_process_dies_mid_send(twilio_app, http):
    message_id = queue(twilio_app)
    with twilio_app.extensions["rappel.sessions"]() as db:  # claimed, then the process died
        db.get(Message, message_id).status = "sending"
        db.get(Message, message_id).next_attempt_at = NOW + timedelta(minutes=5)
        db.commit()
    with freeze_time(NOW + timedelta(minutes=1)):
        tick(twilio_app)
    assert http.sent == []  # the lease still holds
    with freeze_time(NOW + timedelta(minutes=6)):
        tick(twilio_app)
    assert row(twilio_app, message_id).status == "sent" and len(http.sent) == 1


def test_the_clock_reconciles_messages_received_while_the_database_was_down(twilio_app, http):
    with freeze_time(NOW - timedelta(minutes=20)):
        tick(twilio_app)  # the clock's first start, before the outage
    http.inbound = [inbound_item("SMlost1", PAUL, "Paul Martin, rappel demain 14h-16h")]
    with freeze_time(NOW):
        done = tick(twilio_app)
    assert done["reconciled"] == 1
    with twilio_app.extensions["rappel.sessions"]() as db:
        [request] = db.scalars(select(Request)).all()
        assert request.name == "Paul Martin"
        # Its 24 hours run from when Paul texted (10:05), not from the catch-up.
        assert request.received_at == NOW - timedelta(minutes=10)
    assert any(s["To"] == PAUL and "demande 1" in s["Body"] for s in http.sent)
    with freeze_time(NOW + timedelta(minutes=10)):
        assert tick(twilio_app)["reconciled"] == 0  # seen already: handled once

def test_reconciling_leaves_a_message_still_in_its_webhook_alone(twilio_app, http):
    from tests.twilio_fakes import inbound_item
    fresh = inbound_item("SMfresh", PAUL, "Paul, demain 14h")
    fresh["date_sent"] = "Tue, 24 Nov 2026 09:14:40 +0000"  # 20 s before NOW
    http.inbound = [fresh]
    with freeze_time(NOW):
        assert tick(twilio_app)["reconciled"] == 0


def test_a_carrier_outage_does_not_hold_the_clock(twilio_app, http):
    http.script = [ConnectionError("down")] * 3
    for i in range(10):
        queue(twilio_app, body=f"m{i}")
    with freeze_time(NOW):
        assert tick(twilio_app)["sent"] == 0
    posts = [r for r in http.requests if r["method"] == "POST"]
    assert len(posts) == 3  # three failures in a row, then it waits for the next tick


def test_the_webhook_answers_503_when_the_database_is_down(twilio_app):
    from tests.conftest import Phone
    engine = twilio_app.extensions["rappel.engine"]
    from sqlalchemy import create_engine
    twilio_app.extensions["rappel.sessions"].configure(
        bind=create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = Phone(twilio_app.test_client()).text(PAUL, "Bonjour")
    assert response.status_code == 503
    twilio_app.extensions["rappel.sessions"].configure(bind=engine)


@postgres_only
def test_two_clocks_at_once_never_send_twice(twilio_app, http, database_url, tmp_path):
    for i in range(30):
        queue(twilio_app, body=f"message {i}")
    other = make_app(database_url, tmp_path / "b", SMS_BACKEND="twilio",
                     TWILIO_ACCOUNT_SID="AC1", HOTLINE_NUMBER="+33380000000",
                     TWILIO_HTTP_CLIENT=http)
    results = []

    def run(app):
        for _ in range(5):
            results.append(tick(app, now=NOW))

    threads = [threading.Thread(target=run, args=(a,)) for a in (twilio_app, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bodies = [s["Body"] for s in http.sent]
    assert sorted(bodies) == sorted(f"message {i}" for i in range(30))


@postgres_only
def test_claims_are_exclusive_across_sessions(twilio_app, http):
    """Without the clock lock, the conditional UPDATE alone keeps one sender per row."""
    from channels.console.transport import ConsoleTransport
    from scheduling.sender import Sender
    for i in range(40):
        queue(twilio_app, body=f"m{i}")
    transports = [ConsoleTransport(echo=False), ConsoleTransport(echo=False)]

    def run(transport):
        sender = Sender(twilio_app.extensions["rappel.sessions"],
                        lambda db: context_for(twilio_app, db), transport, concurrency=3,
                        clock=lambda: NOW)
        sender.drain(inline=False)

    threads = [threading.Thread(target=run, args=(t,)) for t in transports]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bodies = [s["body"] for t in transports for s in t.sent]
    assert sorted(bodies) == sorted(f"m{i}" for i in range(40))
