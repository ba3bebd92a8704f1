"""The horizon: the day of receipt and the six after it, except named days and dates."""


def test_sets_of_days_stop_at_the_horizon(slots_of):
    slots = slots_of("tous les jours à 18h")
    assert slots[0].startswith("2026-11-24") and slots[-1].startswith("2026-11-30")
    assert len(slots) == 7


def test_a_weekday_name_may_pass_the_horizon(slots_of):
    # Received on a Tuesday: "mardi" is next Tuesday, seven days on.
    assert slots_of("mardi 10h") == ["2026-12-01 10:00-11:00"]


def test_a_date_may_pass_the_horizon(slots_of):
    assert slots_of("le 15 décembre à 10h") == ["2026-12-15 10:00-11:00"]


def test_a_window_with_no_day_stays_within_a_day_or_two(slots_of):
    assert slots_of("vers 9h", "2026-11-24T21:00:00+01:00") == ["2026-11-25 09:00-10:00"]
