"""Sorted by start; slots that overlap or touch are merged."""


def test_overlapping_windows_merge(slots_of):
    assert slots_of("jeudi aprem ou en fin de journée") == ["2026-11-26 14:00-19:00"]


def test_touching_windows_merge(slots_of):
    assert slots_of("jeudi matin ou à midi") == ["2026-11-26 09:00-13:00"]


def test_slots_are_sorted(slots_of):
    assert slots_of("vendredi 9h ou jeudi 16h") == ["2026-11-26 16:00-17:00", "2026-11-27 09:00-10:00"]


def test_the_same_window_twice_is_one_slot(slots_of):
    assert slots_of("pas avant 18h svp, ce soir", "2026-12-09T17:30:00+01:00") == ["2026-12-09 18:00-21:00"]
