"""Reconciliation with the carrier: nothing missed, nothing replayed, every
message answered once, however late its webhook."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from dispatch import inbound
from dispatch.models import Message, Request
from scheduling import context_for, tick
from tests.conftest import NOW, PAUL, Phone, make_app, reply_of, sync_cast
from tests.twilio_fakes import inbound_item

STARTED = NOW - timedelta(hours=2)  # the clock's first run


def replies_to(http, number: str) -> list[str]:
    return [s["Body"] for s in http.sent if s["To"] == number]


def count(app, *where) -> int:
    with app.extensions["rappel.sessions"]() as db:
        return db.scalar(select(func.count()).select_from(Message).where(*where))


def test_it_recovers_a_thousand_messages_missed_during_an_outage_each_once(twilio_app, http):
    with freeze_time(STARTED):
        tick(twilio_app)
    outage = STARTED + timedelta(minutes=10)
    people = [f"+3361{i:07d}" for i in range(1000)]
    http.inbound = [inbound_item(f"SMout{i:029d}", who, "Bonjour, rappelez-moi demain matin",
                                 date_sent=outage + timedelta(seconds=5 * i))
                    for i, who in enumerate(people)]
    with freeze_time(NOW):
        assert tick(twilio_app)["reconciled"] == 1000
    assert count(twilio_app, Message.direction == "in") == 1000
    with twilio_app.extensions["rappel.sessions"]() as db:
        assert db.scalar(select(func.count()).select_from(Request)) == 1000
    told = Counter(s["To"] for s in http.sent)
    assert all(told[who] == 1 for who in people)
    pages = [r for r in http.requests if r["method"] == "GET" and r["params"].get("To")
             == "+33380000000"]
    assert len(pages) >= 2  # read through Twilio's pages, not just the first
    with freeze_time(NOW + timedelta(minutes=5)):
        assert tick(twilio_app)["reconciled"] == 0  # each once
    assert count(twilio_app, Message.direction == "in") == 1000


def test_on_a_fresh_database_it_replays_nothing_from_before_its_first_run(twilio_app, http):
    http.inbound = [inbound_item(f"SMold{h:030d}", f"+336120000{h:02d}", "Paul, demain 14h",
                                 date_sent=NOW - timedelta(hours=h)) for h in range(3, 21)]
    with freeze_time(NOW):
        assert tick(twilio_app)["reconciled"] == 0
    http.inbound.append(inbound_item("SMnew", PAUL, "Paul Martin, demain 14h",
                                     date_sent=NOW + timedelta(minutes=1)))
    with freeze_time(NOW + timedelta(minutes=5)):
        assert tick(twilio_app)["reconciled"] == 1  # missed after the start: caught up
    assert count(twilio_app, Message.direction == "in") == 1
    assert replies_to(http, PAUL) and not any(s["To"].startswith("+336120000") for s in http.sent)


def test_it_looks_back_as_far_as_reconcile_since_says(database_url, tmp_path, http):
    app = make_app(database_url, tmp_path, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC1",
                   HOTLINE_NUMBER="+33380000000", TWILIO_HTTP_CLIENT=http,
                   RECONCILE_SINCE=(NOW - timedelta(hours=6)).isoformat())
    sync_cast(app)
    http.inbound = [inbound_item(f"SMold{h:030d}", f"+336120000{h:02d}", "Paul, demain 14h",
                                 date_sent=NOW - timedelta(hours=h)) for h in range(3, 21)]
    with freeze_time(NOW):
        assert tick(app)["reconciled"] == 4  # 3, 4, 5 and 6 hours ago
    app.extensions["rappel.engine"].dispose()


def test_a_message_stored_after_twilio_gave_up_is_answered_by_sms(twilio_app, http):
    # Each reading of the clock moves it 20 s: the webhook finishes after Twilio's 15 s.
    with freeze_time(NOW, auto_tick_seconds=20):
        answer = Phone(twilio_app.test_client()).text(PAUL, "Paul Martin, demain 14h-16h")
    assert "demande 1" in reply_of(answer)  # answered all the same, for nobody
    with twilio_app.extensions["rappel.sessions"]() as db:
        replies = list(db.scalars(select(Message).where(Message.kind == "reply")
                                  .order_by(Message.id)))
    twiml, by_sms = replies
    assert twiml.status == "failed" and twiml.error_code == 11200  # never reached anyone
    assert by_sms.status == "queued" and by_sms.to_number == PAUL
    assert by_sms.body == twiml.body
    with freeze_time(NOW + timedelta(minutes=15)):
        tick(twilio_app)
    assert len(replies_to(http, PAUL)) == 1


def test_a_message_whose_webhook_died_is_answered_once_by_sms(twilio_app, http):
    with freeze_time(STARTED):
        tick(twilio_app)
    arrived = NOW - timedelta(minutes=10)
    with twilio_app.extensions["rappel.sessions"]() as db:  # stored, then the worker was killed
        inbound.receive(db, context_for(twilio_app, db),
                        inbound.Inbound("SMdied", PAUL, "+33380000000", "Paul, demain 14h"),
                        arrived)
    http.inbound = [inbound_item("SMdied", PAUL, "Paul, demain 14h", date_sent=arrived)]
    with freeze_time(NOW):
        assert tick(twilio_app)["reconciled"] == 1
    with freeze_time(NOW + timedelta(minutes=5)):
        assert tick(twilio_app)["reconciled"] == 0
    [reply] = replies_to(http, PAUL)
    assert "demande 1" in reply
    assert count(twilio_app, Message.direction == "in") == 1


def test_a_message_answered_in_time_is_left_alone(twilio_app, http):
    with freeze_time(STARTED):
        tick(twilio_app)
    with freeze_time(NOW - timedelta(minutes=10)):
        Phone(twilio_app.test_client()).text(PAUL, "Paul, demain 14h", sid="SMok")
    http.inbound = [inbound_item("SMok", PAUL, "Paul, demain 14h",
                                 date_sent=NOW - timedelta(minutes=10))]
    with freeze_time(NOW):
        assert tick(twilio_app)["reconciled"] == 0
    assert replies_to(http, PAUL) == []


def test_it_works_with_a_messaging_service_and_no_hotline_number(database_url, tmp_path, http):
    service = "MG" + "2" * 32
    app = make_app(database_url, tmp_path, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC1",
                   TWILIO_MESSAGING_SERVICE_SID=service, TWILIO_HTTP_CLIENT=http)
    sync_cast(app)
    with freeze_time(STARTED):
        tick(app)
    ours = inbound_item("SMours", PAUL, "Paul Martin, demain 14h", to="+33380000001",
                        date_sent=NOW - timedelta(minutes=10))
    ours["messaging_service_sid"] = service
    theirs = inbound_item("SMtheirs", "+33612000099", "autre service", to="+33380000009",
                          date_sent=NOW - timedelta(minutes=10))
    theirs["messaging_service_sid"] = "MG" + "9" * 32
    http.inbound = [ours, theirs]
    with freeze_time(NOW):
        assert tick(app)["reconciled"] == 1
    assert [s["To"] for s in http.sent] == [PAUL]
    assert http.sent[0]["MessagingServiceSid"] == service
    app.extensions["rappel.engine"].dispose()
