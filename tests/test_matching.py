"""The choice of coach: a pure function of the request, the coaches and now."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dispatch.matching import Answering, CoachView, RequestView, rank, read_at
from tests.conftest import NOW, PARIS

CALLING = ("08:00", "21:00")
WEEKDAYS = {str(d): [["09:00", "12:00"], ["14:00", "18:00"]] for d in range(5)}
EVENINGS = {str(d): [["18:00", "21:00"]] for d in range(7)}


def coach(id, name, **kw):
    values = dict(active=True, paused=False, max_active=3, open_requests=0, languages=("fr",),
                  topics=(), availability=WEEKDAYS, last_offered_at=None)
    values.update(kw)
    return CoachView(id=id, name=name, **values)


def request(slots=(), flexible=False, topic=None, language="fr", offered=(), deadline=None,
            excluded=()):
    return RequestView(language, topic, tuple(slots), flexible,
                       deadline or NOW + timedelta(hours=24), frozenset(offered),
                       frozenset(excluded))


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def ranked(r, coaches, now=NOW, relaxed=False):
    return rank(r, coaches, now, PARIS, CALLING, relaxed=relaxed)


@pytest.mark.parametrize("excluded", [
    dict(active=False), dict(paused=True), dict(open_requests=3), dict(languages=("en",)),
])
def test_ineligible_coaches_are_never_chosen(excluded):
    assert ranked(request(), [coach(1, "Ana Dupont", **excluded)]) == []


def test_a_coach_tried_this_round_or_who_declined_is_skipped():
    assert ranked(request(offered={1}), [coach(1, "Ana Dupont")]) == []
    assert ranked(request(excluded={1}), [coach(1, "Ana Dupont")]) == []


def test_a_coach_whose_hours_never_meet_the_slots_before_the_deadline_is_not_eligible():
    # The Saturday-only request: weekday coaches cannot call then.
    saturday = [(at(28, 10), at(28, 12))]
    weekday = coach(1, "Ana Dupont")
    weekend = coach(2, "Bob Roy", availability={"5": [["09:00", "12:00"]]})
    assert [m.coach_id for m in ranked(request(saturday, deadline=at(28, 12)),
                                       [weekday, weekend])] == [2]


def test_when_nobody_can_call_in_time_the_relaxed_ranking_finds_the_soonest():
    slots = [(at(25, 7), at(25, 8))]  # nobody works at 7
    weekend = coach(1, "Ana Dupont", availability={"5": [["09:00", "12:00"]]})
    evening = coach(2, "Bob Roy", availability=EVENINGS)
    r = request(slots, deadline=at(25, 8))
    assert ranked(r, [weekend, evening]) == []
    first, second = ranked(r, [weekend, evening], relaxed=True)
    assert first.coach_id == 2 and first.relaxed and first.call_at == at(24, 18)
    assert "après l'échéance" in first.reason and second.coach_id == 1


def test_topic_comes_before_the_earliest_window():
    # The burn-out goes to the psychologist free tonight, not the lawyer free now.
    r = request(flexible=True, topic="equilibre")
    lawyer = coach(1, "Odile Perrin", topics=("juridique",))
    psychologist = coach(2, "Sylvie Garnier", topics=("equilibre",), availability=EVENINGS)
    first, second = ranked(r, [lawyer, psychologist])
    assert first.coach_id == 2 and first.call_at == at(24, 18)
    assert second.coach_id == 1 and second.call_at == NOW


def test_answering_well_comes_before_the_earliest_window():
    r = request(flexible=True)
    silent = coach(1, "Ana Dupont", answering=Answering(sent=4, answered=0))
    reliable = coach(2, "Bob Roy", availability=EVENINGS,
                     answering=Answering(sent=4, answered=4, median=timedelta(minutes=5)))
    assert [m.coach_id for m in ranked(r, [silent, reliable])] == [2, 1]


def test_then_earliest_then_fewest_open_then_least_recently_offered():
    r = request([(at(25, 14), at(25, 16))], topic="juridique", deadline=at(25, 16))
    lawyer = coach(1, "Ana Dupont", topics=("juridique",), open_requests=2)
    busy = coach(2, "Bob Roy", open_requests=2)
    idle = coach(3, "Carl Roux", open_requests=0)
    recent = coach(4, "Dan Morel", last_offered_at=NOW)
    order = [m.coach_id for m in ranked(r, [recent, idle, busy, lawyer])]
    assert order == [1, 3, 4, 2]


def test_with_no_slot_the_next_availability_counts():
    night = datetime(2026, 11, 24, 22, 0, tzinfo=PARIS)
    [first] = ranked(request(flexible=True),
                     [coach(1, "Ana Dupont"), coach(2, "Bob Roy", availability=EVENINGS)],
                     night)
    # Bob's evening comes after the deadline (Wednesday 10:15): not eligible.
    assert first.coach_id == 1 and first.call_at == at(25, 9)


def test_an_offer_reaches_a_coach_in_calling_hours_inside_or_just_before_a_window():
    evening = coach(1, "Sylvie Garnier", availability=EVENINGS)
    assert read_at(evening, NOW, PARIS, CALLING, NOW + timedelta(days=2)) == at(24, 16)
    assert read_at(evening, at(24, 19), PARIS, CALLING, NOW + timedelta(days=2)) == at(24, 19)
    early = coach(2, "Gérard Masson", availability={"2": [["08:00", "10:00"]]})
    # Tuesday night: not at 06:00 before Wednesday's window, but at 08:00.
    assert read_at(early, at(24, 22), PARIS, CALLING, NOW + timedelta(days=3)) == at(25, 8)


def test_a_coach_awake_at_night_is_ranked_by_when_an_offer_can_reach_them():
    """Sunday 25 October 2026, 02:45 (the second one: the clocks went back at
    03:00), Karim asks to be called when we can. Nadia listens from 00:00 to
    04:00 on Sundays and 22:00 to 24:00 on Saturdays: she is in her window
    now, but no offer reaches her outside calling hours before next Saturday
    20:00, after the deadline. Hélène, free from 10:00, reads it at 08:00.
    Ranked by the window open now, Nadia came first: the request waited for
    her all Sunday and the promise was lost, Hélène never asked."""
    now = datetime(2026, 10, 25, 2, 45, fold=1, tzinfo=PARIS)
    nights = {"5": [["22:00", "24:00"]], "6": [["00:00", "04:00"]]}
    nadia = coach(1, "Nadia Lemoine", availability=nights)
    helene = coach(2, "Hélène Fournier", availability={"6": [["10:00", "12:00"]]})
    r = RequestView("fr", None, (), True, now + timedelta(hours=24), frozenset())
    [first] = rank(r, [nadia, helene], now, PARIS, CALLING)
    assert first.coach_id == 2 and first.read_at.isoformat() == "2026-10-25T08:00:00+01:00"
    assert first.call_at.isoformat() == "2026-10-25T10:00:00+01:00"
    # Past the promise, Nadia counts from the first window after she can read it.
    late = {m.coach_id: m for m in rank(r, [nadia, helene], now, PARIS, CALLING, relaxed=True)}
    assert late[1].relaxed and late[1].call_at.isoformat() == "2026-10-31T22:00:00+01:00"


def test_the_reason_reads_like_a_coordinator_would_say_it():
    r = request([(at(26, 14), at(26, 18))], topic="financier", deadline=at(26, 18))
    [match] = ranked(r, [coach(1, "Michel Bernard", topics=("financier",), open_requests=1,
                               answering=Answering(sent=5, answered=4))])
    assert match.reason == ("Michel : peut rappeler jeu. 26/11 14h, sujet couvert, répond à 4 "
                            "proposition(s) sur 5 en 30 jours, 1 demande(s) en cours")


def test_availability_follows_summer_time():
    # Sunday 29 March 2026, the clocks go forward: 09:00 is 07:00 UTC, not 08:00.
    sunday = {"6": [["09:00", "12:00"]]}
    now = datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)
    r = RequestView("fr", None, (), True, now + timedelta(days=2), frozenset())
    [match] = rank(r, [coach(1, "Ana Dupont", availability=sunday)], now, PARIS, CALLING)
    assert match.call_at.isoformat() == "2026-03-29T09:00:00+02:00"


def test_answering_well_is_smoothed_and_bucketed():
    assert Answering().share == 1.0
    assert Answering(sent=1, answered=0).share == 0.5
    fast = Answering(sent=3, answered=3, median=timedelta(minutes=4)).key()
    slow = Answering(sent=3, answered=3, median=timedelta(minutes=50)).key()
    silent = Answering(sent=3, answered=0).key()
    assert fast < slow < silent


SUNDAY_NIGHTS = {"6": [["22:00", "24:00"]]}   # readable only by 20:00-21:00 on Sundays


@pytest.mark.parametrize("plan", [WEEKDAYS, EVENINGS, SUNDAY_NIGHTS, {}])
def test_read_at_remembered_for_a_tick_answers_as_computed_afresh_for_every_bound(plan):
    # A tick ranks every request due against the same views at the same moment:
    # read_at remembers each coach's first reading moment. Asked with bounds in
    # any order (a near deadline after a far one, one past what it remembers),
    # each answer must be the one computed afresh for that bound.
    from dispatch.matching import READ_MEMO_SPAN, read_in
    view = coach(1, "Ada", availability=plan)
    for now in (NOW, at(24, 19, 30), at(28, 23)):
        bounds = [now + timedelta(hours=h) for h in (1, 30, 5, 200, 2, 0.5, 90)]
        bounds.append(now + READ_MEMO_SPAN + timedelta(days=3))
        for until in bounds:
            assert read_at(view, now, PARIS, CALLING, until) == \
                read_in(plan, now, PARIS, CALLING, until), (plan, now, until)
