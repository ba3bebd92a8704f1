"""The sender apart from the deciding clock: priorities, a slow carrier, offers
that run from their SMS, and sends whose outcome is unknown."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import timedelta
from pathlib import Path

from freezegun import freeze_time
from sqlalchemy import select

from channels.base import CALL, Found, Outgoing, SendError
from dispatch import lifecycle
from dispatch import outbox as box
from dispatch.models import ClockState, Coach, Message, Offer, Request
from scheduling import context_for, decide, send_due, tick, transport_for
from scheduling.outbox import LEASE
from scheduling.sender import Sender, tick_clock
from tests.conftest import NOW, PAUL, REAL_CLAIRE, REAL_MICHEL, Phone, queue, reply_of, row
from tests.twilio_fakes import LOST, FakeTwilioServer

PAGE = "CRISE demande 99 : appelez le 06 12 34 56 78 maintenant."


def make_offers(app, count: int, at=NOW) -> list[int]:
    """`count` open requests, each offered (lifecycle.make_offer) to Michel."""
    ids = []
    with app.extensions["rappel.sessions"]() as db:
        ctx = context_for(app, db)
        michel = db.scalar(select(Coach).where(Coach.key == "michel"))
        for i in range(count):
            request = Request(received_at=at, deadline=at + timedelta(hours=24),
                              sender=f"+336123{i:05d}", callback_number=f"+336123{i:05d}",
                              name=f"Client {i}", flexible=True)
            db.add(request)
            db.flush()
            offer = lifecycle.make_offer(db, ctx, request, michel, "test", at)
            assert offer is not None
            ids.append(offer.id)
        db.commit()
    return ids


def sender_of(app, concurrency: int = 4, at=NOW, **kwargs) -> Sender:
    return Sender(app.extensions["rappel.sessions"], lambda db: context_for(app, db),
                  transport_for(app), concurrency=concurrency, clock=tick_clock(at), **kwargs)


def offer(app, offer_id: int) -> Offer:
    with app.extensions["rappel.sessions"]() as db:
        return db.get(Offer, offer_id)


def test_a_crisis_page_leaves_at_once_while_sixty_offers_wait_on_a_slow_carrier(twilio_app,
                                                                                  http):
    http.gate = threading.Event()  # the carrier holds every request until this opens
    make_offers(twilio_app, 60)
    sender = sender_of(twilio_app)
    sender.start()
    try:
        # Three workers are stuck at the carrier with offers; the fourth is kept.
        assert http.wait_for(lambda posts: len(posts) == 3)
        queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page")
        sender.wake.set()
        assert http.wait_for(lambda posts: any(p["Body"] == PAGE for p in posts))
        assert len(http.sent) == 4  # the page did not queue behind the 57 other offers
        # Deciding does not wait on sending either: it runs to the end now.
        done = decide(twilio_app, NOW + timedelta(minutes=1))
        assert "skipped" not in done and not http.gate.is_set()
        with twilio_app.extensions["rappel.sessions"]() as db:
            assert db.get(ClockState, 1).last_tick_at == NOW + timedelta(minutes=1)
    finally:
        http.gate.set()
        assert http.wait_for(lambda posts: len(posts) == 61)
        sender.stop()
    assert sender.outcomes == {"sent": 61}


def test_a_tick_sends_pages_first_then_alerts_then_the_rest(twilio_app, http):
    make_offers(twilio_app, 5)
    queue(twilio_app, to=REAL_CLAIRE, body="alerte", kind="alert")
    queue(twilio_app, to=REAL_CLAIRE, body=PAGE, kind="page")
    with freeze_time(NOW):
        tick(twilio_app)
    bodies = [p["Body"] for p in http.sent]
    assert bodies[:2] == [PAGE, "alerte"] and len(bodies) == 7


def test_an_offer_runs_from_when_the_carrier_took_its_sms(twilio_app, http):
    [offer_id] = make_offers(twilio_app, 1)
    http.script = [(429, {"code": 20429, "message": "Too many requests", "status": 429})]
    with freeze_time(NOW):
        tick(twilio_app)  # refused: it did not leave
    refused = offer(twilio_app, offer_id)
    # The SMS did not leave: the coach is not passed over, the offer keeps its expiry.
    assert refused.sent_at is None and refused.expires_at == NOW + timedelta(minutes=30)
    later = NOW + timedelta(minutes=20)
    with freeze_time(later):
        assert send_due(twilio_app, later) == 1
    sent = offer(twilio_app, offer_id)
    assert sent.sent_at == later and sent.expires_at == later + timedelta(minutes=30)
    with freeze_time(NOW + timedelta(minutes=45)):  # 25 minutes after it arrived
        tick(twilio_app)
        answer = Phone(twilio_app.test_client()).text(REAL_MICHEL, f"OK {sent.request_id}")
    assert "trop tard" not in reply_of(answer).lower()
    assert offer(twilio_app, offer_id).status == "accepted"


def test_no_offer_sms_leaves_once_its_offer_would_have_expired(twilio_app, http):
    [offer_id] = make_offers(twilio_app, 1)
    http.script = [(503, {"code": 20503, "message": "down", "status": 503})]
    with freeze_time(NOW):
        tick(twilio_app)
    too_late = NOW + timedelta(minutes=31)
    with freeze_time(too_late):
        send_due(twilio_app, too_late)  # the deciding jobs have not run yet
    assert [p["To"] for p in http.sent].count(REAL_MICHEL) == 1  # the failed try only
    with twilio_app.extensions["rappel.sessions"]() as db:
        [sms] = db.scalars(select(Message).where(Message.offer_id == offer_id)).all()
        # It never left: cancelled, its tries counted; the offer is left to the expiry job.
        assert sms.status == "cancelled" and sms.attempts == 1
        assert db.get(Offer, offer_id).sent_at is None


def test_a_send_whose_answer_was_lost_is_found_at_the_carrier_not_sent_again(twilio_app, http):
    [offer_id] = make_offers(twilio_app, 1)
    http.script = [LOST]
    with freeze_time(NOW):
        tick(twilio_app)
    with twilio_app.extensions["rappel.sessions"]() as db:
        [sms] = db.scalars(select(Message).where(Message.offer_id == offer_id)).all()
    assert sms.status == "sending" and sms.attempts == 1 and sms.attempted_at == NOW
    with freeze_time(NOW + timedelta(minutes=5)):
        tick(twilio_app)
    assert len(http.sent) == 1
    found = row(twilio_app, sms.id)
    assert found.status == "sent" and found.sid == "SM" + "1".zfill(32)
    assert offer(twilio_app, offer_id).sent_at == NOW


def test_a_row_left_sending_by_a_dead_sender_that_left_is_recorded_sent_not_cancelled(
        twilio_app, http):
    """The coach answered OK to an SMS whose sender died before writing it down."""
    [offer_id] = make_offers(twilio_app, 1)
    with twilio_app.extensions["rappel.sessions"]() as db:
        sms = db.scalars(select(Message).where(Message.offer_id == offer_id)).one()
        http.carrier.post({"To": sms.to_number, "Body": sms.body})  # it did leave
        sms.status, sms.attempts, sms.attempted_at = "sending", 1, NOW
        sms.next_attempt_at = NOW + LEASE
        db.get(Offer, offer_id).status = "accepted"
        db.commit()
    with freeze_time(NOW + LEASE):
        tick(twilio_app)
    stored = row(twilio_app, sms.id)
    assert stored.status == "sent" and stored.attempts == 1 and http.sent == []


def test_a_sender_killed_between_the_carriers_answer_and_its_write_sends_nothing_twice(
        database_url, tmp_path):
    from tests.conftest import CAST, make_app, sync_cast
    from tests.twilio_fakes import LocalTwilioHttpClient
    roster = tmp_path / "cast.yaml"
    roster.write_text(CAST.read_text().replace('"06 39 98', '"06 12 98'))
    with FakeTwilioServer() as carrier:
        config = dict(SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC" + "1" * 32,
                      HOTLINE_NUMBER="+33380000000", VOLUNTEERS_FILE=str(roster))
        app = make_app(database_url, tmp_path, TWILIO_HTTP_CLIENT=LocalTwilioHttpClient(
            carrier.url), **config)
        sync_cast(app, roster)
        message_id = queue(app, to=REAL_CLAIRE, body=PAGE, kind="page")
        child = textwrap.dedent(f"""
            import os, signal, sys
            from datetime import datetime
            sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
            from tests.conftest import make_app
            from tests.twilio_fakes import LocalTwilioHttpClient
            from scheduling import send_due

            class Dies(LocalTwilioHttpClient):
                def request(self, method, url, *args, **kwargs):
                    answer = super().request(method, url, *args, **kwargs)
                    if method == "POST":  # taken by the carrier; not yet written down
                        os.kill(os.getpid(), signal.SIGKILL)
                    return answer

            from pathlib import Path
            app = make_app({database_url!r}, Path({str(tmp_path / "child")!r}),
                           TWILIO_HTTP_CLIENT=Dies({carrier.url!r}), **{config!r})
            send_due(app, datetime.fromisoformat({NOW.isoformat()!r}))
        """)
        died = subprocess.run([sys.executable, "-c", child], env={**os.environ}, timeout=120)
        assert died.returncode == -signal.SIGKILL
        assert carrier.carrier.sent_bodies() == [PAGE]
        assert row(app, message_id).status == "sending"  # the clock died before writing
        send_due(app, NOW + LEASE + timedelta(minutes=1))
        assert carrier.carrier.sent_bodies() == [PAGE]  # found at the carrier, not sent again
        assert row(app, message_id).status == "sent"
        app.extensions["rappel.engine"].dispose()


def test_each_route_has_its_rate(twilio_app, http):
    for i in range(5):
        queue(twilio_app, body=f"m{i}")
    sender = sender_of(twilio_app, rate="2/minute")
    assert sender.pump(inline=True) == 2
    assert sender.pump(inline=True) == 0  # the rest waits for the next minute
    assert len(http.sent) == 2


def test_a_failing_route_rests_and_health_shows_it_without_alarm(twilio_app, http):
    http.script = [ConnectionRefusedError("refused")] * 3
    for i in range(5):
        queue(twilio_app, body=f"m{i}")
    with freeze_time(NOW):
        tick(twilio_app)
        health = twilio_app.test_client().get("/healthz")
    assert len(http.sent) == 3  # three failures in a row, then the route rests
    assert health.status_code == 200
    assert health.json["routes"]["sms"]["state"] == "resting"
    assert health.json["sender"]["backlog"] == 2  # the three tried wait for their retry


class Phones:
    """A transport with phone calls, recording both."""
    name = "phones"
    channels = frozenset(("sms", CALL))

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.calls: list[int] = []

    def send(self, out: Outgoing) -> str:
        if out.channel != CALL:
            self.texts.append(out.body)
            return f"SM{len(self.texts):032d}"
        self.calls.append(out.id)
        if len(self.calls) == 1:
            raise SendError("no answer from the voice API", permanent=False, unknown=True)
        return f"CA{len(self.calls):032d}"

    def find_sent(self, out: Outgoing, since) -> list[Found]:
        return []


def test_a_page_call_goes_through_the_transports_call_and_is_retried(app, db):
    message = box.queue(db, "+33612980001", "Crise, demande 7. Tapez 1.", NOW, kind="page")
    message.channel = "call"
    db.commit()
    phones = Phones()
    sender = Sender(app.extensions["rappel.sessions"], lambda s: context_for(app, s), phones,
                    concurrency=1, clock=tick_clock(NOW))
    sender.drain()
    later = Sender(app.extensions["rappel.sessions"], lambda s: context_for(app, s), phones,
                   concurrency=1, clock=tick_clock(NOW + timedelta(minutes=1)))
    later.drain()
    db.expire_all()
    assert phones.calls == [message.id, message.id] and phones.texts == []
    assert db.get(Message, message.id).status == "sent"
    assert db.get(Message, message.id).attempts == 2


def test_health_says_stopped_when_the_sender_is_not_draining(app, client, db):
    with freeze_time(NOW):
        tick(app)
    box.queue(db, PAUL, "en attente", NOW, kind="reply")
    db.commit()
    with freeze_time(NOW + timedelta(minutes=1)):
        decide(app, NOW + timedelta(minutes=1))
        assert client.get("/healthz").status_code == 200  # due for a minute: still fine
    with freeze_time(NOW + timedelta(minutes=3)):
        decide(app, NOW + timedelta(minutes=3))
        stalled = client.get("/healthz")
    assert stalled.status_code == 503 and stalled.json["clock"] == "ok"
    assert stalled.json["sender"]["state"] == "stopped"
    assert stalled.json["sender"]["backlog"] == 1
