"""A handset out of reach (Twilio's 30003, transient in spec/twilio.md): the
message is sent again when the phone may be back, the number is not marked,
and nobody is told until a day has passed. Through the real twilio library,
its fake HTTP layer, and signed status callbacks."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Alert, Offer, PhoneStatus
from scheduling import tick
from tests.conftest import NOW, PAUL, REAL_CLAIRE, Phone, queue, row
from tests.test_carrier_outage import ACK, PAGE, run
from tests.twilio_fakes import LOST


def report(app: Any, sid: str, status: str, code: str | None = None) -> None:
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "1" * 32}
    if code is not None:
        form["ErrorCode"] = code
    response = Phone(app.test_client()).post("/twilio/status", form)
    assert response.status_code == 200 and response.data == b""


def alerts(app: Any) -> list[str]:
    with app.extensions["rappel.sessions"]() as db:
        return [a.kind for a in db.scalars(select(Alert))]


def test_a_page_to_a_handset_out_of_reach_is_sent_again_not_given_up(twilio_app, http):
    page = queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page")
    run(twilio_app, NOW, NOW + timedelta(minutes=1))
    first = row(twilio_app, page).sid
    assert first is not None
    with freeze_time(NOW + timedelta(minutes=1)):
        report(twilio_app, first, "undelivered", "30003")
        # Out of order: the "sent" of the attempt that failed comes after.
        report(twilio_app, first, "sent")
    waiting = row(twilio_app, page)
    assert waiting.status == "queued" and waiting.error_code == 30003
    run(twilio_app, NOW + timedelta(minutes=1), NOW + timedelta(minutes=10))
    again = row(twilio_app, page)
    assert again.status == "sent" and again.sid not in (None, first)
    assert http.carrier.sent_bodies() == [PAGE, PAGE]
    with twilio_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, REAL_CLAIRE) is None  # the number is good
    assert alerts(twilio_app) == []


def test_a_phone_off_all_night_is_tried_less_and_less_often_then_given_up_once(
        twilio_app, http):
    ack = queue(twilio_app, to=PAUL, body=ACK, kind="ack")
    at, sends = NOW, []
    # One frozen clock moved minute by minute (see conftest.run_clock).
    with freeze_time(at) as clock:
        while at < NOW + timedelta(hours=26):
            clock.move_to(at)
            tick(twilio_app, at)
            message = row(twilio_app, ack)
            if message.status == "sent":
                sends.append(at)
                report(twilio_app, message.sid or "", "undelivered", "30003")
            at += timedelta(minutes=1)
    gaps = [later - earlier for earlier, later in zip(sends, sends[1:], strict=False)]
    assert gaps[0] == timedelta(minutes=5) and max(gaps) == timedelta(hours=2)
    assert gaps == sorted(gaps)   # never more often than the time before
    assert len(sends) <= 16       # not an SMS charged every few minutes all night
    assert row(twilio_app, ack).status == "failed"
    assert alerts(twilio_app) == ["alert_send_failed"]


def test_an_offer_to_a_coach_out_of_reach_moves_on_without_marking_the_number(app, phone, db):
    from tests.conftest import MICHEL, ODILE, outbox
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        tick(app)
    [offer_sms] = outbox(db, to=MICHEL)
    with freeze_time(NOW + timedelta(minutes=2)):
        phone.post("/twilio/status", {"MessageSid": offer_sms.sid or "",
                                      "MessageStatus": "undelivered", "ErrorCode": "30003"})
        tick(app)
    db.expire_all()
    assert [o.status for o in db.scalars(select(Offer).order_by(Offer.id))] == [
        "expired", "pending"]
    assert len(outbox(db, to=ODILE)) == 1
    assert db.get(PhoneStatus, MICHEL) is None
    assert [m.status for m in outbox(db, to=MICHEL)] == ["undelivered"]  # not sent again
    assert list(db.scalars(select(Alert))) == []


def test_a_lost_answer_for_a_message_still_in_twilios_queue_is_found_not_sent_twice(
        twilio_app, http):
    """Twilio has no date_sent for a message in its queue: a DateSent filter
    would hide it, and the page would go twice."""
    page = queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page")
    http.carrier.hold = True
    http.script = [LOST]
    run(twilio_app, NOW, NOW + timedelta(minutes=12))
    assert http.carrier.sent_bodies() == [PAGE]
    found = row(twilio_app, page)
    assert found.status == "sent" and found.sid == http.carrier.messages[0]["sid"]
    [listed] = [r for r in http.requests if r["method"] == "GET"
                and r["params"].get("To") == REAL_CLAIRE]
    assert not any(key.startswith("DateSent") for key in listed["params"])


def test_a_lost_answer_for_a_message_twilio_could_not_deliver_is_sent_again(twilio_app, http):
    page = queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page")
    http.script = [LOST]
    run(twilio_app, NOW, NOW + timedelta(minutes=1))
    http.carrier.messages[0]["status"] = "undelivered"
    run(twilio_app, NOW + timedelta(minutes=1), NOW + timedelta(minutes=12))
    assert http.carrier.sent_bodies() == [PAGE, PAGE]
    assert row(twilio_app, page).sid == http.carrier.messages[1]["sid"]
