"""Alerts that would tell a coordinator old news: dropped or never raised."""
from __future__ import annotations

from datetime import datetime, timedelta

from dispatch.alerts import still_worth_saying
from dispatch.deadlines import due_steps
from dispatch.models import Alert, Request
from tests.conftest import PARIS

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=PARIS)


def _request(status: str = "offered") -> Request:
    return Request(id=23, status=status, received_at=NOON - timedelta(hours=24),
                   deadline=NOON, slots=[], flexible=True, crisis=False)


def test_nothing_milder_is_raised_once_the_request_was_said_late():
    """"EN RETARD" at 12:05, then "not accepted after 6 hours" at 14:05 read as news."""
    request = _request()
    two_pm = NOON + timedelta(hours=2)
    first_offer = NOON - timedelta(hours=3)
    assert due_steps(request, NOON, set(), offered_since=first_offer)[0] == "overdue"
    assert due_steps(request, two_pm, {"overdue"}, offered_since=first_offer) == []
    # Before it is late, the step still comes.
    assert due_steps(request, NOON - timedelta(minutes=1), set(),
                     offered_since=NOON - timedelta(hours=7)) == ["due_soon", "unaccepted"]


def test_an_alert_about_finding_a_coach_is_dropped_once_a_coach_accepted():
    """Held by the once-an-hour limit, "nobody accepted after a round" would
    arrive ten minutes after someone did."""
    accepted = _request("accepted")
    for kind in ("alert_round_over", "alert_no_coach", "alert_no_coach_in_time",
                 "alert_unaccepted"):
        assert not still_worth_saying(Alert(request_id=23, kind=kind), accepted), kind
        assert still_worth_saying(Alert(request_id=23, kind=kind), _request("offered")), kind
    assert still_worth_saying(Alert(request_id=23, kind="alert_overdue"), accepted)
