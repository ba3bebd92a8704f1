"""The planner's synthetic people: when they text, how coaches read and answer,
and what the hotline's own history teaches the planner."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from dispatch.models import Coach, Offer, Request
from planner import heatmap, people
from planner.assumptions import Assumptions, default_profile
from planner.history import learn
from planner.traffic import arrivals
from tests.conftest import PARIS

SYLVIE = {str(d): [["18:00", "21:00"]] for d in range(5)}   # weekday evenings
NIGHT = ("22:00", "07:30")


def test_people_text_in_the_evenings_and_on_sunday_nights():
    profile = default_profile()
    assert abs(sum(profile) - 7) < 1e-9
    tuesday = profile[24:48]
    assert tuesday[21] > 2 * tuesday[10] > 4 * tuesday[3]
    assert profile[6 * 24 + 20] > profile[5 * 24 + 20]   # Sunday evening, before the week
    month = arrivals(7, date(2026, 11, 30), 28, 3, PARIS, Assumptions())
    assert 60 < len(month) < 110
    assert month == arrivals(7, date(2026, 11, 30), 28, 3, PARIS, Assumptions())
    assert all(45 <= p.call_min <= 180 for p in month)
    assert any(p.crisis for p in month) and not all(p.crisis for p in month)
    assert all(p.sender.startswith("+3363998") for p in month)


def test_a_coach_reads_an_offer_around_their_window_never_at_night():
    habits = Assumptions().habits   # 90 minutes around the window
    night = datetime(2026, 12, 1, 2, 26, tzinfo=PARIS)
    assert people.reads_at(SYLVIE, night, PARIS, habits, NIGHT) == \
        datetime(2026, 12, 1, 16, 30, tzinfo=PARIS)
    evening = datetime(2026, 12, 1, 19, 0, tzinfo=PARIS)
    assert people.reads_at(SYLVIE, evening, PARIS, habits, NIGHT) == evening
    late = datetime(2026, 12, 1, 22, 10, tzinfo=PARIS)   # after her margin, and night
    assert people.reads_at(SYLVIE, late, PARIS, habits, NIGHT) == \
        datetime(2026, 12, 2, 16, 30, tzinfo=PARIS)


def test_a_coach_calls_in_the_persons_slot_one_call_at_a_time():
    accepted = datetime(2026, 12, 1, 16, 0, tzinfo=PARIS)
    slot = (datetime(2026, 12, 1, 19, 30, tzinfo=PARIS), datetime(2026, 12, 1, 21, 0, tzinfo=PARIS))
    deadline = accepted + timedelta(hours=24)
    hour = timedelta(hours=1)
    assert people.call_start(SYLVIE, PARIS, accepted, hour, [], [slot], deadline) == slot[0]
    busy = [slot]   # another call fills the whole slot
    assert people.call_start(SYLVIE, PARIS, accepted, hour, busy, [slot], deadline) == \
        datetime(2026, 12, 1, 18, 0, tzinfo=PARIS)   # the slot is taken: before it


def test_a_coach_answers_the_same_whoever_offers_and_never_in_a_foreign_language():
    from planner.traffic import Arrival
    person = Arrival(datetime(2026, 12, 1, 10, tzinfo=PARIS), "+33639985000", "Hello",
                     "financier", "en", False, 60.0, 0)
    habits = Assumptions().habits
    one = people.answer(4, "odile", ("fr",), ("juridique",), False, person, habits)
    assert one == people.answer(4, "odile", ("fr",), ("juridique",), False, person, habits)
    assert one.accepts in (None, False)


def test_a_missed_page_is_not_the_end_the_next_one_rings_again():
    """Pages repeat every ten minutes (dispatch.paging): each is a fresh chance,
    so a coordinator off duty who slept through the first may answer the next."""
    assumed = Assumptions()
    month = arrivals(5, date(2026, 11, 30), 28, 3, PARIS, assumed)
    first = [people.page_answer(5, "claire", p, False, assumed) for p in month]
    second = [people.page_answer(5, "claire", p, False, assumed, page=2) for p in month]
    assert first == [people.page_answer(5, "claire", p, False, assumed, page=1) for p in month]
    missed = [i for i, delay in enumerate(first) if delay is None]
    woken = [i for i in missed if second[i] is not None]
    # About 60 % of first pages missed off duty, 40 % of those answered at the next.
    assert 0.4 * len(month) < len(missed) < 0.8 * len(month)
    assert 0.2 * len(missed) < len(woken) < 0.6 * len(missed)


def test_it_learns_arrivals_and_each_coachs_answers_from_the_history(db):
    michel = db.scalar(select(Coach).where(Coach.key == "michel"))
    tuesday_evening = datetime(2026, 11, 3, 20, 15, tzinfo=PARIS)
    for week in range(30):
        for extra in range(2):
            at = tuesday_evening + timedelta(weeks=week % 6, minutes=extra)
            request = Request(received_at=at, deadline=at + timedelta(hours=24), sender=None,
                              topic="financier", crisis=extra == 1 and week < 6,
                              accepted_at=at + timedelta(hours=2),
                              contacted_at=at + timedelta(hours=3, minutes=30))
            db.add(request)
            db.flush()
            sent = at + timedelta(minutes=5)
            db.add(Offer(request_id=request.id, coach_id=michel.id, created_at=sent,
                         expires_at=sent + timedelta(minutes=30), sent_at=sent,
                         answered_at=sent + timedelta(minutes=20) if week % 5 else None,
                         status="accepted" if week % 5 else "expired"))
    db.commit()
    learned = learn(db, PARIS)
    assert {"profile", "crisis_share", "call_sample", "habits"} <= set(learned.from_history)
    busiest = max(range(168), key=lambda h: learned.profile[h])
    assert busiest == 24 + 20                      # Tuesday 20h-21h
    assert learned.profile[busiest] > 0.5 * 7      # most of the week's weight
    assert abs(learned.crisis_share - 6 / 60) < 1e-9
    assert set(learned.call_sample) == {90.0}
    habits = learned.of("michel")
    assert habits.answer_median_min == 20
    assert abs(habits.silent - 0.2) < 1e-9 and habits.accept_topic == 1.0
    assert learned.of("odile") == Assumptions().habits   # no history: assumed


def test_the_heat_map_shows_the_hours_that_lose_requests():
    lost = [0.0] * 168
    lost[4 * 24 + 19] = 2.5   # Friday 19h
    svg = heatmap.svg(lost, [1.0] * 168)
    assert svg.startswith("<svg") and svg.count("<rect") == 168
    assert "ven. 19h-20h : 2,5 demande(s) perdue(s)" in svg
    assert "style" not in svg   # the dashboard allows no inline style
    assert heatmap.worst_hours(lost) == ["ven. 19h-20h (2,5)"]


def test_the_synthetic_people_are_read_as_what_they_were_written_to_say():
    # The planner's traffic doubles as a check of the parser on ordinary requests: a
    # false alarm here ("la banque me refuse un prêt pour passer l'hiver" read as a
    # crisis) paged the coordinator for every such request of a simulated month, and changed the
    # planner's answer without any of its own tests noticing.
    from pathlib import Path

    from dispatch.parsing import parse
    from dispatch.roster import load_roster_file
    from planner.study import Setup

    roster = load_roster_file(Path(__file__).resolve().parent.parent / "volunteers.yaml")
    setup = Setup(roster, 3.0, 28, Assumptions())
    misread = {p.body: p.crisis for seed in (1, 2, 3) for p in setup.people(seed)
               if parse(p.body, p.at).crisis is not p.crisis}
    assert misread == {}
