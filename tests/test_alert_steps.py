"""Alerts that would tell a coordinator old news: dropped or never raised."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.alerts import still_worth_saying
from dispatch.deadlines import due_steps
from dispatch.models import Alert, Coach, Offer, Request
from scheduling import tick
from tests.conftest import BERTRAND, CLAIRE, PARIS, PAUL, outbox, reply_of, run_clock

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=PARIS)
HOURS = ("08:00", "21:00")   # calling hours


def _request(status: str = "offered") -> Request:
    return Request(id=23, status=status, received_at=NOON - timedelta(hours=24),
                   deadline=NOON, slots=[], flexible=True, crisis=False)


def test_nothing_milder_is_raised_once_the_request_was_said_late():
    """"EN RETARD" at 12:05, then "not accepted after 6 hours" at 14:05 read as news."""
    request = _request()
    two_pm = NOON + timedelta(hours=2)
    first_offer = NOON - timedelta(hours=3)
    assert due_steps(request, NOON, set(), HOURS, PARIS, first_offer)[0] == "overdue"
    assert due_steps(request, two_pm, {"overdue"}, HOURS, PARIS, first_offer) == []
    # Before it is late, the step still comes: offered at 16:00 the day before,
    # 6 calling hours ran out at 09:00.
    assert due_steps(request, NOON - timedelta(minutes=1), set(), HOURS, PARIS,
                     NOON - timedelta(hours=20)) == ["due_soon", "unaccepted"]


def test_an_alert_about_finding_a_coach_is_dropped_once_a_coach_accepted():
    """Held by the once-an-hour limit, "nobody accepted after a round" would
    arrive ten minutes after someone did."""
    accepted = _request("accepted")
    morning = NOON - timedelta(hours=3)
    for kind in ("alert_round_over", "alert_no_coach", "alert_no_coach_in_time",
                 "alert_unaccepted"):
        assert not still_worth_saying(Alert(request_id=23, kind=kind), accepted, morning), kind
        assert still_worth_saying(Alert(request_id=23, kind=kind), _request("offered"),
                                  morning), kind
    assert still_worth_saying(Alert(request_id=23, kind="alert_overdue"), accepted, NOON)


def test_an_alert_whose_reason_no_longer_holds_when_it_can_leave_is_dropped():
    """Held for quiet hours, an alert is judged again at 08:00: the person may
    have moved their time, or the deadline be minutes away."""
    moved = _request("accepted")
    moved.deadline = NOON + timedelta(days=2)   # the person chose Thursday
    assert not still_worth_saying(Alert(request_id=23, kind="alert_due_soon"), moved, NOON)
    assert not still_worth_saying(Alert(request_id=23, kind="alert_overdue"), moved, NOON)
    # Still due soon, still late: said.
    assert still_worth_saying(Alert(request_id=23, kind="alert_due_soon"), _request(),
                              NOON - timedelta(hours=1))
    assert still_worth_saying(Alert(request_id=23, kind="alert_overdue"), _request(), NOON)
    # Late already: "EN RETARD" says it, not "pas encore rappelée" after it.
    assert not still_worth_saying(Alert(request_id=23, kind="alert_due_soon"), _request(), NOON)


def test_nobody_accepted_is_not_said_minutes_before_the_request_is_said_late():
    """"proposée à chaque coach possible" at 09:00 for a deadline at 09:02,
    then "EN RETARD" at 09:05: the first one is noise."""
    request = _request()
    request.callback_number = "+33612345678"
    for kind in ("alert_round_over", "alert_unaccepted", "alert_no_coach"):
        assert not still_worth_saying(Alert(request_id=23, kind=kind), request,
                                      NOON - timedelta(minutes=2)), kind
        assert not still_worth_saying(Alert(request_id=23, kind=kind), request, NOON), kind
        assert still_worth_saying(Alert(request_id=23, kind=kind), request,
                                  NOON - timedelta(hours=1)), kind
    # A mail waiting for its number: no late alert follows (dispatch.escalation).
    request.callback_number = None
    assert still_worth_saying(Alert(request_id=23, kind="alert_round_over"), request, NOON)


def test_a_held_alert_says_the_deadline_and_coach_of_when_it_leaves():
    """Raised at 22:40 with nobody on it, delivered at 08:00 after a coach
    accepted at 07:50: "(coach : aucun)" would invite a second caller."""
    from types import SimpleNamespace

    from dispatch.alerts import line
    ctx = SimpleNamespace(name="Ça va patron ?", tz=PARIS)
    late = Alert(request_id=23, kind="alert_overdue",
                 values={"deadline": "lun. 7/12 11h", "coach": "aucun"})
    request = _request("accepted")
    request.coach = Coach(name="Sylvie Garnier")
    assert line(ctx, late, {23: request}) == \
        "demande 23 EN RETARD, échéance passée lun. 7/12 12h (coach : Sylvie Garnier)."
    # Who made the calls is the one who made them, whoever has it now.
    tries = Alert(request_id=23, kind="alert_attempts",
                  values={"tries": 3, "coach": "Michel Bernard", "deadline": "lun. 7/12 12h"})
    assert "(Michel Bernard)" in line(ctx, tries, {23: request})


# Stories on the sample roster (volunteers.yaml): Claire on call from Monday
# 08:00 to Thursday 08:00, Bertrand until Saturday 08:00; quiet hours 21:00-08:00.
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=PARIS)


@pytest.fixture
def app(sample_app):
    return sample_app


def sent_to(db, number, kind):
    return [m for m in outbox(db, to=number) if m.kind == kind]


def accepted(app, phone, db, at, words="Paul, trésorerie, rappelez-moi quand vous voulez"):
    """Paul's request at `at`; the coach offered it accepts it 5 minutes later.
    Returns that coach's number."""
    with freeze_time(at):
        phone.text(PAUL, words)
        tick(app)
    coach = db.scalar(select(Offer)).coach.mobile
    with freeze_time(at + timedelta(minutes=5)):
        assert "Demande 1 pour vous" in reply_of(phone.text(coach, "OK 1"))
    return coach


def test_held_due_soon_alert_and_reminder_are_dropped_once_the_person_moved_to_thursday(
        app, phone, db):
    """Due soon at 06:00 Tuesday (deadline 10:00), both held for the morning;
    at 07:00 Paul moves to Thursday. At 08:00 "pas encore rappelée, échéance
    mar. 10h" to Claire and "à rappeler avant mar. 10h" to Michel were false."""
    coach = accepted(app, phone, db, MONDAY)
    tuesday = datetime(2026, 12, 1, 6, 0, tzinfo=PARIS)
    run_clock(app, tuesday, tuesday)
    assert [a.kind for a in db.scalars(select(Alert))] == ["alert_due_soon"]
    assert [m.status for m in sent_to(db, coach, "reminder")] == ["queued"]
    with freeze_time(tuesday + timedelta(hours=1)):
        phone.text(PAUL, "Finalement plutôt jeudi 14h-16h, merci")
    run_clock(app, tuesday + timedelta(hours=1, minutes=5),
              tuesday + timedelta(hours=2, minutes=10))
    db.expire_all()
    assert db.get(Request, 1).deadline == datetime(2026, 12, 3, 16, 0, tzinfo=PARIS)
    assert sent_to(db, CLAIRE, "alert") == []
    assert [m.status for m in sent_to(db, coach, "reminder")] == ["cancelled"]


def test_a_held_reminder_is_not_sent_once_the_coach_reported_the_call(app, phone, db):
    """A coach accepted on Monday 08:50 a request due Tuesday 08:50; reminded at
    04:50, held until 08:00; they sent FAIT 1 at 07:30: no "Rappel" at 08:00."""
    coach = accepted(app, phone, db, datetime(2026, 11, 30, 8, 50, tzinfo=PARIS))
    run_clock(app, datetime(2026, 12, 1, 4, 50, tzinfo=PARIS),
              datetime(2026, 12, 1, 4, 50, tzinfo=PARIS))
    assert [m.status for m in sent_to(db, coach, "reminder")] == ["queued"]
    with freeze_time(datetime(2026, 12, 1, 7, 30, tzinfo=PARIS)):
        phone.text(coach, "FAIT 1")
    run_clock(app, datetime(2026, 12, 1, 7, 35, tzinfo=PARIS),
              datetime(2026, 12, 1, 8, 10, tzinfo=PARIS))
    assert [m.status for m in sent_to(db, coach, "reminder")] == ["cancelled"]


def test_a_late_request_a_coach_accepted_at_dawn_is_said_with_that_coach(app, phone, db):
    """Paul's request of Monday 22:40 is late at 22:40 Tuesday with nobody on
    it (held for the night); a coach accepts at 07:50 Wednesday. Claire's
    08:00 alert names that coach: "(coach : aucun). PRIS 1" invited a second
    caller."""
    with freeze_time(datetime(2026, 11, 30, 22, 40, tzinfo=PARIS)):
        phone.text(PAUL, "Paul, restaurant, dettes, rappelez-moi quand vous pouvez")
        tick(app)
    run_clock(app, datetime(2026, 12, 1, 8, 0, tzinfo=PARIS),
              datetime(2026, 12, 1, 22, 45, tzinfo=PARIS), step=timedelta(minutes=15))
    last = db.scalars(select(Offer).order_by(Offer.id.desc())).first()
    coach = last.coach
    dawn = datetime(2026, 12, 2, 7, 50, tzinfo=PARIS)
    with freeze_time(dawn):
        assert "Demande 1 pour vous, en retard" in reply_of(phone.text(coach.mobile, "OK 1"))
    run_clock(app, dawn + timedelta(minutes=10), dawn + timedelta(minutes=10))
    [alert] = [m for m in sent_to(db, CLAIRE, "alert") if m.created_at >= dawn]
    assert "demande 1 EN RETARD" in alert.body and f"(coach : {coach.name})" in alert.body


def test_the_summary_does_not_repeat_the_digest_of_the_night(app, phone, db):
    """Two requests late in the night; Bertrand, on call from Thursday 08:00,
    reads both, a line each, in the 08:00 digest: the 08:30 summary would say
    the same again."""
    with freeze_time(datetime(2026, 12, 1, 22, 0, tzinfo=PARIS)):
        phone.text(PAUL, "Paul, boulangerie, URSSAF, rappelez-moi quand vous voulez")
    with freeze_time(datetime(2026, 12, 1, 23, 0, tzinfo=PARIS)):
        phone.text("+33611000002", "Sandrine, problème de trésorerie, n'importe quand")
    run_clock(app, datetime(2026, 12, 1, 23, 0, tzinfo=PARIS),
              datetime(2026, 12, 3, 8, 40, tzinfo=PARIS), step=timedelta(minutes=30))
    thursday = datetime(2026, 12, 3, 8, 0, tzinfo=PARIS)
    told = [m for m in outbox(db, to=BERTRAND) if m.created_at >= thursday]
    assert [m.kind for m in told] == ["alert"]   # no "summary" at 08:30
    assert "2 alertes. demande 1 EN RETARD" in told[0].body
    assert "/ demande 2 EN RETARD" in told[0].body


def test_a_request_only_named_in_a_digest_has_no_line_of_its_own():
    from dispatch.alerts import _has_line
    digest = ("Ça va patron ? : 6 alertes. demande 1 EN RETARD, échéance passée mer. 2/12 22h "
              "(coach : aucun). / URGENT demande 12, personne en détresse : l'heure est passée. "
              "/ aussi : demande 5. PRIS n pour en prendre une en main. https://x/")
    assert _has_line(digest, 1) and _has_line(digest, 12)
    assert not _has_line(digest, 2) and not _has_line(digest, 5)


def test_no_coach_any_more_after_the_late_alert_is_still_said():
    """A coach gives a late request back: 'EN RETARD' was told already (with
    that coach's name) and will not come again, so 'no coach' is news."""
    request = _request("open")
    request.callback_number = "+33612345678"
    before = Alert(request_id=23, kind="alert_no_coach_in_time",
                   created_at=NOON - timedelta(minutes=5))
    after = Alert(request_id=23, kind="alert_no_coach_in_time",
                  created_at=NOON + timedelta(hours=1))
    assert not still_worth_saying(before, request, NOON)   # 'EN RETARD' follows
    assert still_worth_saying(after, request, NOON + timedelta(hours=1, minutes=3))
