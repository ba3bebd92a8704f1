"""At risk on the board and in the API is what the coordinators' alerts say:
6 calling hours from when an offer first reached a coach, a night not counting
(spec/service.md, part 6; dispatch.deadlines, dispatch.risk)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch import escalation
from dispatch.deadlines import due_steps
from dispatch.models import Escalation, Offer, Request
from scheduling import context_for
from tests.conftest import NOW, PARIS
from tests.desk_fixtures import coach, login_as, make_request

MONDAY_22H = datetime(2026, 11, 23, 22, 0, tzinfo=PARIS)
TUESDAY = datetime(2026, 11, 24, 0, 0, tzinfo=PARIS)
SATURDAY_8H = datetime(2026, 11, 28, 8, 0, tzinfo=PARIS)
CALLING = ("08:00", "21:00")   # the cast's calling hours


def at(day: datetime, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return day.replace(hour=hours, minute=minutes)


def received_monday_22h(db, **fields) -> Request:
    """Paul texts at 22:00 on Monday: due Tuesday 22:00."""
    return make_request(db, received=NOW - MONDAY_22H, **fields)


def offered(db, request: Request, sent_at: datetime, key: str = "michel") -> None:
    """An offer whose SMS left at `sent_at`, let pass half an hour later."""
    db.add(Offer(request_id=request.id, coach_id=coach(db, key).id, status="expired",
                 created_at=sent_at, expires_at=sent_at + timedelta(minutes=30),
                 sent_at=sent_at, round=1))
    db.commit()


@pytest.fixture
def claire_at(app, clock):
    """Claire on the dashboard at a moment (logged in again: a login is for the day)."""
    def at_moment(moment: datetime):
        clock.move_to(moment)
        return login_as(app, app.test_client(), "claire")
    return at_moment


def board_state(client, request: Request) -> str:
    """The state the board shows on the request's row (at_risk, waiting, ...)."""
    page = client.get("/").text
    row = page.split(f'data-number="{request.id}"')[0].rsplit('<tr class="row-', 1)[1]
    return row.split('"')[0]


def api_at_risk(client, request: Request) -> bool:
    flag = client.get(f"/api/requests/{request.id}").json["at_risk"]
    listed = [r["number"] for r in client.get("/api/requests?status=at_risk").json["requests"]]
    assert flag == (request.id in listed)
    return flag


def test_a_request_of_22h_is_not_at_risk_at_4h_but_is_when_the_alerts_say_not_accepted(
        claire_at, db, app):
    paul = received_monday_22h(db)
    offered(db, paul, at(TUESDAY, "08:00"))   # offers reach coaches in calling hours
    ctx = context_for(app, db)

    claire = claire_at(at(TUESDAY, "04:00"))   # 6 hours, but a night: nothing is late
    assert board_state(claire, paul) == "waiting" and not api_at_risk(claire, paul)
    assert "<strong>0</strong> à risque" in claire.get("/").text

    claire = claire_at(at(TUESDAY, "13:59"))
    assert escalation.escalate(db, ctx, at(TUESDAY, "13:59")) == 0
    assert board_state(claire, paul) == "waiting" and not api_at_risk(claire, paul)

    claire = claire_at(at(TUESDAY, "14:00"))   # 6 calling hours since the first offer
    assert escalation.escalate(db, ctx, at(TUESDAY, "14:00")) == 1
    assert db.scalars(select(Escalation.kind).where(Escalation.request_id == paul.id)).all() \
        == ["unaccepted"]
    assert board_state(claire, paul) == "at_risk" and api_at_risk(claire, paul)
    assert "<strong>1</strong> à risque" in claire.get("/").text


def test_a_request_never_offered_counts_its_calling_hours_from_receipt(claire_at, db):
    """Nobody could be offered it (the clock looks again every half hour): a
    coordinator should see it, after 6 calling hours, not 6 hours of night."""
    paul = received_monday_22h(db, next_check_at=at(TUESDAY, "04:20"))
    claire = claire_at(at(TUESDAY, "04:00"))
    assert board_state(claire, paul) == "waiting" and not api_at_risk(claire, paul)
    claire = claire_at(at(TUESDAY, "13:50"))
    paul.next_check_at = at(TUESDAY, "14:10")
    db.commit()
    assert board_state(claire, paul) == "waiting" and not api_at_risk(claire, paul)
    claire = claire_at(at(TUESDAY, "14:00"))
    assert board_state(claire, paul) == "at_risk" and api_at_risk(claire, paul)


def test_a_request_whose_offers_only_start_on_saturday_is_not_at_risk_on_tuesday(
        claire_at, db, app):
    """Julien asks on Monday for Saturday 10:00-12:00; the coaches who can call
    him then read SMS on Saturday, so the line plans its first offer for
    08:00 that day (dispatch.offering, the next look)."""
    slot = {"start": "2026-11-28T10:00:00+01:00", "end": "2026-11-28T12:00:00+01:00"}
    julien = make_request(db, received=NOW - at(MONDAY_22H, "10:00"), deadline=
                          datetime(2026, 11, 28, 12, 0, tzinfo=PARIS) - NOW, slots=[slot],
                          flexible=False, next_check_at=SATURDAY_8H, name="Julien Roy",
                          sender="+33698765432", body="Julien Roy, samedi 10h-12h")
    claire = claire_at(at(TUESDAY, "15:00"))
    assert escalation.escalate(db, context_for(app, db), at(TUESDAY, "15:00")) == 0
    assert board_state(claire, julien) == "waiting" and not api_at_risk(claire, julien)

    offered(db, julien, SATURDAY_8H)
    claire = claire_at(at(SATURDAY_8H, "09:59"))
    assert board_state(claire, julien) == "waiting" and not api_at_risk(claire, julien)
    claire = claire_at(at(SATURDAY_8H, "10:00"))   # the slot began, the deadline 2 h away
    assert board_state(claire, julien) == "at_risk" and api_at_risk(claire, julien)


MOMENTS = ["22:30", "01:00", "04:00", "07:59", "08:00", "09:30", "11:00", "13:59", "14:00",
           "16:59", "17:00", "17:59", "18:00", "20:00", "21:59"]


def test_the_board_and_the_api_agree_with_the_alert_ladder_all_day(claire_at, db):
    """Paul (Monday 22:00, offered at 08:00) and Inès (Tuesday 06:00, offered
    at 11:00), as they stand at each moment: the board's and the API's "à
    risque" is the ladder's not accepted or due soon, not yet late."""
    people: list[tuple[Request, datetime]] = []
    sent: dict[int, datetime] = {}
    for hhmm in MOMENTS:
        moment = at(MONDAY_22H if hhmm >= "22:00" else TUESDAY, hhmm)
        claire = claire_at(moment)
        if not people:
            people.append((received_monday_22h(db), at(TUESDAY, "08:00")))
        if len(people) == 1 and moment >= at(TUESDAY, "06:00"):
            people.append((make_request(db, received=NOW - at(TUESDAY, "06:00"),
                                        name="Inès Roussel", sender="+33698765432"),
                           at(TUESDAY, "11:00")))
        for request, first_offer in people:
            if first_offer <= moment and request.id not in sent:
                offered(db, request, first_offer)
                sent[request.id] = first_offer
            steps = due_steps(request, moment, set(), CALLING, PARIS, sent.get(request.id))
            ladder = bool({"unaccepted", "due_soon"} & set(steps)) and "overdue" not in steps
            assert (board_state(claire, request) == "at_risk") == ladder, (request.name, hhmm)
            assert api_at_risk(claire, request) == ladder, (request.name, hhmm)
    assert len(sent) == 2   # both were offered, and looked at once offered
