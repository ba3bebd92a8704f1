"""The choice of coach: a pure function of the request, the coaches and now."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dispatch.matching import CoachView, RequestView, rank
from tests.conftest import NOW, PARIS

WEEKDAYS = {str(d): [["09:00", "12:00"], ["14:00", "18:00"]] for d in range(5)}
EVENINGS = {str(d): [["18:00", "21:00"]] for d in range(7)}


def coach(id, name, **kw):
    values = dict(active=True, paused=False, max_active=3, open_requests=0, languages=("fr",),
                  topics=(), availability=WEEKDAYS, last_offered_at=None)
    values.update(kw)
    return CoachView(id=id, name=name, **values)


def request(slots=(), flexible=False, topic=None, language="fr", offered=(), deadline=None):
    return RequestView(language, topic, tuple(slots), flexible,
                       deadline or NOW + timedelta(hours=24), frozenset(offered))


def at(day, hour):
    return datetime(2026, 11, day, hour, tzinfo=PARIS)


@pytest.mark.parametrize("excluded", [
    dict(active=False), dict(paused=True), dict(open_requests=3), dict(languages=("en",)),
])
def test_ineligible_coaches_are_never_chosen(excluded):
    assert rank(request(), [coach(1, "Ana Dupont", **excluded)], NOW, PARIS) == []


def test_a_coach_already_offered_this_request_is_skipped():
    assert rank(request(offered={1}), [coach(1, "Ana Dupont")], NOW, PARIS) == []


def test_the_earliest_overlap_with_the_slots_wins_before_topic():
    slots = [(at(24, 19), at(24, 20))]  # tonight 19:00-20:00
    day = coach(1, "Ana Dupont", topics=("financier",))
    evening = coach(2, "Bob Roy", availability=EVENINGS)
    [first, second] = rank(request(slots, topic="financier"), [day, evening], NOW, PARIS)
    assert first.coach_id == 2 and first.free_at == at(24, 19)
    assert second.free_at is None


def test_topic_then_fewest_open_then_least_recently_offered():
    r = request([(at(25, 14), at(25, 16))], topic="juridique", deadline=at(25, 16))
    lawyer = coach(1, "Ana Dupont", topics=("juridique",), open_requests=2)
    busy = coach(2, "Bob Roy", open_requests=2)
    idle = coach(3, "Carl Roux", open_requests=0)
    recent = coach(4, "Dan Morel", last_offered_at=NOW)
    order = [m.coach_id for m in rank(r, [recent, idle, busy, lawyer], NOW, PARIS)]
    assert order == [1, 3, 4, 2]


def test_with_no_slot_the_next_availability_counts():
    night = datetime(2026, 11, 24, 22, 0, tzinfo=PARIS)
    [first, second] = rank(request(flexible=True),
                           [coach(1, "Ana Dupont"), coach(2, "Bob Roy", availability=EVENINGS)],
                           night, PARIS)
    assert first.coach_id == 1 and first.free_at == at(25, 9)


def test_the_reason_reads_like_a_coordinator_would_say_it():
    r = request([(at(26, 14), at(26, 18))], topic="financier", deadline=at(26, 18))
    [match] = rank(r, [coach(1, "Michel Bernard", topics=("financier",), open_requests=1)],
                   NOW, PARIS)
    assert match.reason == "Michel: free Thursday 26/11 14h, topic financier, 1 open request"


def test_availability_follows_summer_time():
    # Sunday 29 March 2026, the clocks go forward: 09:00 is 07:00 UTC, not 08:00.
    sunday = {"6": [["09:00", "12:00"]]}
    now = datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)
    r = RequestView("fr", None, (), True, now + timedelta(days=2), frozenset())
    [match] = rank(r, [coach(1, "Ana Dupont", availability=sunday)], now, PARIS)
    assert match.free_at.isoformat() == "2026-03-29T09:00:00+02:00"


def test_without_an_overlap_the_coach_free_soonest_comes_first():
    slots = [(at(25, 7), at(25, 8))]  # nobody works at 7
    weekend = coach(1, "Ana Dupont", availability={"5": [["09:00", "12:00"]]}, topics=("financier",))
    evening = coach(2, "Bob Roy", availability=EVENINGS)
    [first, second] = rank(request(slots, topic="financier"), [weekend, evening], NOW, PARIS)
    assert first.coach_id == 2
    assert first.reason == ("Bob: not free in the slots asked, next free Tuesday 24/11 18h, "
                            "not a financier specialist, 0 open requests")
