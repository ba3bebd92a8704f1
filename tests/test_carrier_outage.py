"""A carrier outage of minutes or hours loses nothing: through the real twilio
library and its fake HTTP layer, the clock run minute by minute."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Alert, Message, PhoneStatus
from scheduling import tick
from tests.conftest import NOW, PAUL, REAL_CLAIRE, queue, row
from tests.twilio_fakes import LOST

PAGE = "CRISE demande 9 : appelez maintenant"
ACK = "Votre demande 9 est bien enregistree"
# What Twilio answers every POST while it is down, a fresh error each time.
OUTAGES: dict[str, Callable[[], Any]] = {
    "HTTP 500": lambda: (500, {"code": 20500, "message": "Internal Server Error",
                               "status": 500}),
    "connection error": lambda: requests.exceptions.ConnectionError("connection refused"),
    "HTTP 429": lambda: (429, {"code": 20429, "message": "Too Many Requests", "status": 429}),
}
OPTED_OUT = (400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient",
                   "status": 400})


def carrier_down(http: Any, failure: Callable[[], Any]) -> None:
    http.script = [failure() for _ in range(2000)]


def run(app: Any, start: datetime, end: datetime, step: timedelta = timedelta(minutes=1),
        each: Callable[[datetime], None] | None = None) -> None:
    """The clock, one tick every `step` from `start` until before `end`, time
    frozen at each (one freeze_time moved along: see conftest.run_clock)."""
    at = start
    with freeze_time(start) as clock:
        while at < end:
            clock.move_to(at)
            tick(app, at)
            if each is not None:
                each(at)
            at += step


def outbound(app: Any) -> list[Message]:
    with app.extensions["rappel.sessions"]() as db:
        return list(db.scalars(select(Message).where(Message.direction == "out")
                               .order_by(Message.id)))


def alerts(app: Any, kind: str) -> list[Alert]:
    with app.extensions["rappel.sessions"]() as db:
        return list(db.scalars(select(Alert).where(Alert.kind == kind)))


@pytest.mark.parametrize("failure", list(OUTAGES.values()), ids=list(OUTAGES))
def test_a_two_hour_outage_loses_nothing_and_the_page_goes_first(twilio_app, http, failure):
    carrier_down(http, failure)
    ack = queue(twilio_app, to=PAUL, body=ACK, kind="ack", now=NOW + timedelta(minutes=20))
    page = queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page",
                 now=NOW + timedelta(minutes=50))
    back = NOW + timedelta(hours=2)

    def retried_often(at: datetime) -> None:
        # A page is tried again within two minutes, anything else within five.
        for message_id, within in ((page, timedelta(minutes=2)), (ack, timedelta(minutes=5))):
            waiting = row(twilio_app, message_id)
            assert waiting.status in ("queued", "sending"), (at, waiting.status)
            if waiting.attempts:
                assert waiting.next_attempt_at is not None, at
                assert waiting.next_attempt_at - at <= within + timedelta(seconds=5), at

    run(twilio_app, NOW, back, each=retried_often)
    assert http.carrier.sent_bodies() == []  # nothing got through the outage
    assert row(twilio_app, page).attempts >= 30  # tried all along
    http.script = []  # the carrier answers again
    run(twilio_app, back, back + timedelta(minutes=30))
    # Each once, the page first, and nothing else: no alert that an SMS was lost.
    assert http.carrier.sent_bodies() == [PAGE, ACK]
    assert [m.status for m in outbound(twilio_app)] == ["sent", "sent"]
    assert alerts(twilio_app, "alert_send_failed") == []


def test_a_page_taken_as_the_carrier_came_back_is_not_sent_twice(twilio_app, http):
    carrier_down(http, OUTAGES["HTTP 500"])
    page = queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page")
    ack = queue(twilio_app, to=PAUL, body=ACK, kind="ack")
    back = NOW + timedelta(hours=1)
    run(twilio_app, NOW, back)
    # The first POST after the outage is taken, but its answer is lost.
    http.script = [LOST]
    run(twilio_app, back, back + timedelta(minutes=30))
    assert http.carrier.sent_bodies() == [PAGE, ACK]
    assert row(twilio_app, page).status == "sent" and row(twilio_app, ack).status == "sent"
    assert row(twilio_app, page).sid == http.carrier.messages[0]["sid"]


def test_a_permanent_error_after_an_outage_still_ends_the_message_at_once(twilio_app, http):
    carrier_down(http, OUTAGES["HTTP 500"])
    page = queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page")
    ack = queue(twilio_app, to=PAUL, body=ACK, kind="ack")
    back = NOW + timedelta(hours=1)
    run(twilio_app, NOW, back)
    # Back: the page goes (it is tried first), Paul's number has opted out.
    http.script = [None, OPTED_OUT]
    run(twilio_app, back, back + timedelta(minutes=30))
    stopped = row(twilio_app, ack)
    assert stopped.status == "failed" and stopped.error_code == 21610
    assert row(twilio_app, page).status == "sent"
    assert [s["To"] for s in http.sent[-3:]].count(PAUL) == 1  # not tried again
    with twilio_app.extensions["rappel.sessions"]() as db:
        assert db.get(PhoneStatus, PAUL).opted_out_at is not None
    assert alerts(twilio_app, "alert_send_failed") == []
    assert len(alerts(twilio_app, "alert_undeliverable")) == 1


def test_past_the_horizon_a_message_is_given_up_and_the_coordinators_told_once(twilio_app,
                                                                                 http):
    carrier_down(http, OUTAGES["HTTP 500"])
    ack = queue(twilio_app, to=PAUL, body=ACK, kind="ack")
    step = timedelta(minutes=10)
    run(twilio_app, NOW, NOW + timedelta(hours=23, minutes=50), step)
    assert row(twilio_app, ack).status in ("queued", "sending")  # still worth sending
    assert alerts(twilio_app, "alert_send_failed") == []
    back = NOW + timedelta(hours=25)
    run(twilio_app, NOW + timedelta(hours=23, minutes=50), back, step)
    given_up = row(twilio_app, ack)
    assert given_up.status == "failed" and given_up.next_attempt_at is None
    http.script = []  # the carrier answers again
    run(twilio_app, back, back + timedelta(hours=1), step)
    assert ACK not in http.carrier.sent_bodies()  # too late: never sent
    assert len(alerts(twilio_app, "alert_send_failed")) == 1
    told = [b for b in http.carrier.sent_bodies() if "SMS non envoy" in b]
    assert len(told) == 1 and "+33 6" in told[0]
