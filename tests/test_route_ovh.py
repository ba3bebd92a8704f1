"""OVHcloud SMS through the real `ovh` client: jobs, incoming SMS and delivery
reports read by the clock, the account's credit, requests signed as OVH checks."""
from __future__ import annotations

from datetime import timedelta

import requests
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Message, PhoneStatus, Request
from scheduling import tick
from tests.conftest import NOW, PAUL, REAL_CLAIRE, queue, row
from tests.fakes import ovh


def test_it_sends_a_job_people_can_answer_without_the_marketing_stop_clause(ovh_app, ovh_api):
    message_id = queue(ovh_app)
    with freeze_time(NOW):
        assert tick(ovh_app)["sent"] == 1
    [job] = ovh_api.posted
    assert job == {"message": "Bonjour", "receivers": [PAUL], "noStopClause": True,
                   "priority": "high", "senderForResponse": True,
                   "tag": f"rappel-{message_id}-1"}
    stored = row(ovh_app, message_id)
    assert stored.status == "sent" and stored.sid.startswith("ovh-") and stored.route == "ovh"
    assert ovh_api.refused == 0  # every request signed as OVH checks it


def test_a_two_way_sender_of_the_account_is_used_when_set(database_url, tmp_path, ovh_api):
    from tests.conftest import route_app
    app = route_app(database_url, tmp_path, SMS_BACKEND="ovh", OVH_APPLICATION_KEY=ovh.APP_KEY,
                    OVH_APPLICATION_SECRET=ovh.APP_SECRET, OVH_CONSUMER_KEY=ovh.CONSUMER_KEY,
                    OVH_SMS_ACCOUNT=ovh.ACCOUNT, OVH_SMS_SENDER="+33700000000",
                    OVH_HTTP_SESSION=ovh_api)
    queue(app)
    with freeze_time(NOW):
        tick(app)
    assert ovh_api.posted[0]["sender"] == "+33700000000"
    assert "senderForResponse" not in ovh_api.posted[0]
    app.extensions["rappel.engine"].dispose()


def test_a_wrong_secret_is_refused_by_ovh_and_the_message_waits(database_url, tmp_path, ovh_api):
    from tests.conftest import route_app
    app = route_app(database_url, tmp_path, SMS_BACKEND="ovh", OVH_APPLICATION_KEY=ovh.APP_KEY,
                    OVH_APPLICATION_SECRET="forged", OVH_CONSUMER_KEY=ovh.CONSUMER_KEY,
                    OVH_SMS_ACCOUNT=ovh.ACCOUNT, OVH_HTTP_SESSION=ovh_api)
    message_id = queue(app)
    with freeze_time(NOW):
        tick(app)
    assert ovh_api.refused >= 1 and ovh_api.outgoing == {}
    assert row(app, message_id).status == "queued"  # kept until the keys are fixed
    with freeze_time(NOW):
        assert app.test_client().get("/healthz").json["route"]["state"] == "unreachable"
    app.extensions["rappel.engine"].dispose()


def test_incoming_sms_are_read_by_the_clock_once_each(ovh_app, ovh_api):
    with freeze_time(NOW):
        tick(ovh_app)  # the first run: from now on
        ovh_api.text(PAUL, "Bonjour, Paul Martin, rappel demain 14h-16h", NOW)
    with freeze_time(NOW + timedelta(minutes=1)):
        assert tick(ovh_app)["reconciled"] == 1
    with freeze_time(NOW + timedelta(minutes=2)):
        assert tick(ovh_app)["reconciled"] == 0  # read again in the overlap: stored once
    with ovh_app.extensions["rappel.sessions"]() as db:
        [stored] = db.scalars(select(Message).where(Message.direction == "in")).all()
        assert stored.route == "ovh" and db.get(Request, 1).received_at == NOW
    [ack] = ovh_api.sent_to(PAUL)
    assert "demande 1" in ack.lower()  # answered by SMS: no webhook to answer in


def test_sms_that_came_while_the_database_was_away_are_read_when_it_is_back(ovh_app, ovh_api,
                                                                            monkeypatch):
    from sqlalchemy.exc import OperationalError

    from dispatch import inbound
    with freeze_time(NOW):
        tick(ovh_app)
        ovh_api.text(PAUL, "Paul, rappelez-moi demain 9h", NOW)
    real = inbound.receive

    def away(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is away"))

    monkeypatch.setattr(inbound, "receive", away)
    with freeze_time(NOW + timedelta(minutes=1)):
        assert tick(ovh_app)["reconciled"] == 0
    monkeypatch.setattr(inbound, "receive", real)
    with freeze_time(NOW + timedelta(minutes=20)):
        assert tick(ovh_app)["reconciled"] == 1
    with ovh_app.extensions["rappel.sessions"]() as db:
        assert db.get(Request, 1).received_at == NOW  # when Paul texted


def test_delivery_reports_are_read_and_a_permanent_failure_marks_the_number(ovh_app, ovh_api):
    delivered_id, failed_id = queue(ovh_app), queue(ovh_app, to="+33612000099")
    with freeze_time(NOW):
        tick(ovh_app)
    for item in ovh_api.outgoing.values():
        if item["receiver"] == PAUL:
            item["deliveryReceipt"] = 1
        else:
            item["deliveryReceipt"], item["ptt"] = 2, 12  # 12: permanent, says GET /sms/ptts
    with freeze_time(NOW + timedelta(minutes=1)):
        tick(ovh_app)
    assert row(ovh_app, delivered_id).status == "delivered"
    failed = row(ovh_app, failed_id)
    assert failed.status == "undelivered" and failed.error_code == 12
    with ovh_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, "+33612000099").undeliverable_code == 12


def test_a_temporary_failure_leaves_the_number_alone(ovh_app, ovh_api):
    message_id = queue(ovh_app)
    with freeze_time(NOW):
        tick(ovh_app)
    for item in ovh_api.outgoing.values():
        item["deliveryReceipt"], item["ptt"] = 16, 4  # 4: temporary
    with freeze_time(NOW + timedelta(minutes=1)):
        tick(ovh_app)
    waiting = row(ovh_app, message_id)
    assert waiting.status == "queued" and waiting.error_code == 4  # to be sent again
    with ovh_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, PAUL) is None
    with freeze_time(NOW + timedelta(minutes=6)):
        tick(ovh_app)
    assert len(ovh_api.outgoing) == 2 and row(ovh_app, message_id).status == "sent"


def test_a_number_ovh_lists_as_invalid_is_marked_undeliverable(ovh_app, ovh_api):
    message_id = queue(ovh_app, to="+4915112345678")  # the fake takes French mobiles only
    with freeze_time(NOW):
        tick(ovh_app)
    assert row(ovh_app, message_id).status == "failed"
    with ovh_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, "+4915112345678").undeliverable_code is not None


def test_an_unknown_outcome_is_looked_for_by_its_tag(ovh_app, ovh_api):
    ovh_api.script = [requests.exceptions.ReadTimeout("no answer in time")]
    message_id = queue(ovh_app)
    with freeze_time(NOW):
        tick(ovh_app)
    assert row(ovh_app, message_id).status == "sending"
    # OVH took it after all (the answer was lost): it is in the outgoing list.
    ovh_api.outgoing[77] = {"id": 77, "receiver": PAUL, "message": "Bonjour",
                            "tag": f"rappel-{message_id}-1", "deliveryReceipt": 0, "ptt": 0,
                            "creationDatetime": NOW.isoformat()}
    with freeze_time(row(ovh_app, message_id).next_attempt_at):
        tick(ovh_app)
    stored = row(ovh_app, message_id)
    assert stored.status == "sent" and stored.sid == "ovh-77"
    assert len(ovh_api.posted) == 1  # not sent twice


def test_the_credit_shows_on_healthz_with_a_warning_when_low(ovh_app, ovh_api):
    ovh_api.credits = 12
    with freeze_time(NOW):
        tick(ovh_app)
        route = ovh_app.test_client().get("/healthz").json["route"]
    assert route["name"] == "ovh" and route["state"] == "warning"
    assert route["credits"] == 12 and route["credit_low"] is True


def test_a_crisis_call_fails_as_no_voice_and_the_page_sms_goes(ovh_app, ovh_api):
    call_id = queue(ovh_app, to=REAL_CLAIRE, body="Crise. Tapez 1.", kind="page", channel="call")
    queue(ovh_app, to=REAL_CLAIRE, body="Crise : PRIS 7", kind="page")
    with freeze_time(NOW):
        tick(ovh_app)
    assert row(ovh_app, call_id).status == "failed"
    assert ovh_api.sent_to(REAL_CLAIRE) == ["Crise : PRIS 7"]


def test_channels_check_reads_the_account_and_sends_nothing(ovh_app, ovh_api):
    from channels.registry import active
    text = "\n".join(active(ovh_app).check(ovh_app))
    assert "noStopClause" in text and "120 crédits" in text and "no voice" in text
    assert ovh_api.posted == []


def test_the_board_warns_the_coordinators_when_credit_runs_low(ovh_app, ovh_api):
    from tests.desk_fixtures import login_as
    ovh_api.credits = 7
    with freeze_time(NOW):
        tick(ovh_app)
    client = ovh_app.test_client()
    login_as(ovh_app, client)
    page = client.get("/").get_data(as_text=True)
    assert "Ligne SMS (ovh)" in page and "7 crédits SMS restants : rechargez le compte" in page
