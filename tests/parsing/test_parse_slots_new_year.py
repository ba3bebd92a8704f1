"""The new year: dates that have passed are next year's; weekdays cross into January."""


def test_a_january_date_asked_in_december_is_next_year(slots_of):
    assert slots_of("le 2 janvier", "2026-12-30T11:00:00+01:00") == ["2027-01-02 09:00-18:00"]
    assert slots_of("le 2/1 à 10h", "2026-12-30T11:00:00+01:00") == ["2027-01-02 10:00-11:00"]


def test_monday_asked_on_a_wednesday_in_late_december(slots_of):
    assert slots_of("lundi", "2026-12-30T11:00:00+01:00") == ["2027-01-04 09:00-18:00"]


def test_every_day_crosses_the_new_year(slots_of):
    slots = slots_of("tous les jours à 18h", "2026-12-30T11:00:00+01:00")
    assert slots[0] == "2026-12-30 18:00-19:00" and slots[-1] == "2027-01-05 18:00-19:00"


def test_an_explicit_year_is_kept(slots_of):
    assert slots_of("le 4 janvier 2027 à 10h", "2026-12-30T11:00:00+01:00") == ["2027-01-04 10:00-11:00"]
