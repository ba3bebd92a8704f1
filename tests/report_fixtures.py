"""A hand-built November for the monthly report's tests (shared through
conftest.py): known requests, offers and outcomes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from dispatch.models import Coach, Escalation, Event, Message, Offer, Request
from tests.conftest import PARIS

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)
PAUL_NAME, PAUL_NUMBER, PAUL_EMAIL = "Paul Martin", "+33612345678", "paul.martin@example.com"
PAUL_TEXT = "Bonjour je ne dors plus, dettes URSSAF, rappelez-moi"
PERSONAL = (PAUL_NAME, "Martin", PAUL_NUMBER, "612345678", "06 12 34 56 78", PAUL_EMAIL,
            "dettes URSSAF", "Michel Bernard", "Bernard", "+33639981001", "06 39 98 10 01")

# (local arrival, topic, language, crisis, minutes to accept, minutes to contact,
#  deadline after arrival in hours, coaches offered (first accepted), escalations, status)
NOVEMBER = [
    ((2026, 11, 1, 0, 30), "financier", "fr", False, 20, 180, 24, ["michel"], [], "closed"),
    ((2026, 11, 2, 19, 0), "financier", "fr", False, 30, 120, 24, ["michel"], [], "closed"),
    ((2026, 11, 2, 20, 0), "financier", "fr", False, 60, 300, 24, ["michel", "odile"], [],
     "contacted"),
    ((2026, 11, 3, 9, 0), "juridique", "en", False, 120, 1560, 24,
     ["odile", "michel", "sylvie"], ["unaccepted", "due_soon", "overdue"], "closed"),
    ((2026, 11, 11, 19, 30), "financier", "fr", True, 10, 40, 24, ["sylvie"], [], "closed"),
    ((2026, 11, 14, 11, 0), None, "fr", False, 240, 1680, 30, ["michel", "odile"],
     ["unaccepted"], "closed"),
    ((2026, 11, 23, 19, 15), "financier", "fr", False, None, None, 24, ["odile"],
     ["no_coach", "unaccepted"], "cancelled"),
    ((2026, 11, 24, 10, 0), "equilibre", "fr", False, None, None, 24, [], [], "open"),
    # Outside November, local time: the last evening of October, the first night of December.
    ((2026, 10, 31, 23, 30), "financier", "fr", False, 5, 50, 24, ["odile"], [], "closed"),
    ((2026, 12, 1, 0, 10), "social", "fr", False, 5, 50, 24, ["odile"], [], "closed"),
]


def add_request(db, arrival, topic, language, crisis, accept, contact, hours, offered,
                escalations, status):
    coaches = {c.key: c for c in db.scalars(select(Coach))}
    received = datetime(*arrival, tzinfo=PARIS).astimezone(timezone.utc)

    def at(minutes: int | None) -> datetime | None:
        return None if minutes is None else received + timedelta(minutes=minutes)
    request = Request(
        status=status, received_at=received, deadline=received + timedelta(hours=hours),
        sender=PAUL_NUMBER, callback_number=PAUL_NUMBER, name=PAUL_NAME, phones=[PAUL_NUMBER],
        emails=[PAUL_EMAIL], slots=[], topic=topic, language=language, crisis=crisis,
        coach_id=coaches[offered[0]].id if accept is not None else None,
        accepted_at=at(accept), contacted_at=at(contact),
        closed_at=at(contact) if status == "closed" else None)
    db.add(request)
    db.flush()
    for i, key in enumerate(offered):
        db.add(Offer(request_id=request.id, coach_id=coaches[key].id, created_at=received,
                     expires_at=received + timedelta(minutes=30),
                     status="accepted" if i == 0 and accept is not None else "expired"))
    for kind in escalations:
        db.add(Escalation(request_id=request.id, kind=kind, at=received))
    db.add(Message(direction="in", from_number=PAUL_NUMBER, to_number="+33380000000",
                   body=PAUL_TEXT, status="received", created_at=received,
                   request_id=request.id))
    db.add(Event(request_id=request.id, at=received, actor="entrepreneur", kind="sms_in",
                 detail=PAUL_TEXT))
    if status == "cancelled":   # by the person's ANNULER
        db.add(Event(request_id=request.id, at=received + timedelta(hours=1),
                     actor="entrepreneur", kind="cancelled"))
    return request


@pytest.fixture
def november(db):
    for row in NOVEMBER:
        add_request(db, *row)
    db.commit()
    return db
