"""Two SMS from one new sender at the same moment open one request, on PostgreSQL
as on SQLite: dispatch.inbound.receive holds a lock on the sender (spec/service.md, 1)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from freezegun import freeze_time
from sqlalchemy import func, select

from dispatch.inbound import Inbound, receive
from dispatch.models import Message, Request
from scheduling import context_for
from tests.conftest import HOTLINE, NOW, postgres_only

SENDERS = [f"+3361234{n:04d}" for n in range(60)]


def _together(app, sender: str, bodies: list[str]) -> list[str | None]:
    """`bodies` from `sender`, each in its own session and thread, released at once."""
    start = threading.Barrier(len(bodies))

    def one(index: int) -> str | None:
        with app.extensions["rappel.sessions"]() as db:
            ctx = context_for(app, db)
            db.rollback()  # a fresh transaction for each, as a web request has
            start.wait()
            sms = Inbound(sid=f"SM{sender[1:]}{index:020d}", sender=sender, to=HOTLINE,
                          body=bodies[index])
            return receive(db, ctx, sms, NOW)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(one, range(len(bodies))))


@freeze_time(NOW)
def test_two_sms_from_a_new_sender_at_once_open_one_request(app, db):
    replies = [_together(app, sender, ["Bonjour, Paul Martin, rappel demain 14h-16h, dettes",
                                       "Je precise : plutot jeudi matin"])
               for sender in SENDERS]
    per_sender = dict(db.execute(select(Request.sender, func.count()).group_by(Request.sender)).all())
    assert per_sender == {sender: 1 for sender in SENDERS}
    assert db.scalar(select(func.count()).select_from(Message).where(
        Message.direction == "in")) == 2 * len(SENDERS)
    for sender, pair in zip(SENDERS, replies, strict=True):
        number = db.scalar(select(Request.id).where(Request.sender == sender))
        assert all(f" {number}" in (reply or "") for reply in pair), pair


@postgres_only
@freeze_time(NOW)
def test_a_crisis_sent_twice_at_once_opens_one_request_and_alerts_once(app, db):
    text = "Je n'en peux plus, je veux en finir ce soir"
    for sender in SENDERS[:10]:
        _together(app, sender, [text, text])
    assert db.scalar(select(func.count()).select_from(Request)) == 10
    assert db.scalar(select(func.count()).select_from(Request).where(Request.crisis)) == 10
    # A crisis pages the coordinator on call (an SMS and a call), once per request.
    per_request = dict(db.execute(select(Message.request_id, func.count()).where(
        Message.kind == "page").group_by(Message.request_id)).all())
    assert set(per_request) == set(db.scalars(select(Request.id)))
    assert set(per_request.values()) == {2}, per_request
