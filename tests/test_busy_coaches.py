"""A coach who is busy for now (calls in hand, offers waiting for an answer) is
waited for, not given up on: the request is looked at again within the half
hour, offered as soon as they are free, and nobody is told that no coach can
call in time.

On the sample roster (volunteers.yaml): on Saturday morning Hélène (two
requests at most) is the only coach who can call before noon.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Event, Offer, Request
from scheduling import tick
from tests.conftest import PARIS, outbox, reply_of

HELENE, INES = "+33639981007", "+33639980003"


def saturday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 5, hour, minute, tzinfo=PARIS)


@pytest.fixture
def app(sample_app):
    return sample_app


def test_a_third_request_waits_for_the_busy_coach_and_reaches_her_once_she_is_free(
        app, phone, db):
    with freeze_time(saturday(7, 40)):
        phone.text("+33611000101", "Anne, fleuriste, je suis épuisée, rappelez-moi dès que "
                                   "possible")
        phone.text("+33611000102", "Marc, garage, un salarié aux prud'hommes, rappelez-moi "
                                   "quand vous pouvez")
        phone.text("+33611000103", "Julien, restaurant, dettes URSSAF, rappelez-moi ce matin")
    at = saturday(8, 0)
    while at <= saturday(10, 0):
        with freeze_time(at):
            tick(app)
            if at == saturday(8, 5):
                assert "pour vous" in reply_of(phone.text(HELENE, "OK 1"))
                assert "pour vous" in reply_of(phone.text(HELENE, "OK 2"))
            if at == saturday(8, 30):
                phone.text(HELENE, "FAIT 1")
        at += timedelta(minutes=5)
    db.expire_all()
    julien = db.get(Request, 3)
    # Hélène was full with two offers standing at 08:00, free again at 08:30.
    [offer] = db.scalars(select(Offer).where(Offer.request_id == 3))
    assert offer.coach.key == "helene"
    assert saturday(8, 30) <= offer.created_at.astimezone(PARIS) <= saturday(9, 0)
    assert julien.next_check_at is not None
    # Nobody is told that no coach can call in time: one can, once free.
    alerts = " ".join(m.body for m in outbox(db) if m.kind in ("alert", "summary"))
    assert "aucun coach" not in alerts
    told = [e.detail for e in db.scalars(select(Event).where(Event.request_id == 3,
                                                             Event.kind == "escalated"))]
    assert not [d for d in told if "aucun coach" in d], told
