"""A window with no day goes on the first day where it ends an hour after receipt."""
import pytest

CASES = [
    ("le soir", "2026-11-24T10:15:00+01:00", ["2026-11-24 18:00-21:00"]),
    ("le matin", "2026-11-24T10:15:00+01:00", ["2026-11-24 09:00-12:00"]),
    ("le midi", "2026-11-24T10:15:00+01:00", ["2026-11-24 12:00-14:00"]),
    ("le midi", "2026-11-25T13:10:00+01:00", ["2026-11-26 12:00-14:00"]),
    ("à 14h", "2026-11-24T15:00:00+01:00", ["2026-11-25 14:00-15:00"]),
    ("à 14h", "2026-11-24T14:00:00+01:00", ["2026-11-24 14:00-15:00"]),
    ("à 14h", "2026-11-24T14:01:00+01:00", ["2026-11-25 14:00-15:00"]),
    ("Appelez moi à 5h ou après 19h", "2026-11-30T16:45:00+01:00",
     ["2026-11-30 17:00-18:00", "2026-11-30 19:00-21:00"]),
    ("Rappel dans la journée svp", "2026-11-03T10:40:00+01:00", ["2026-11-03 09:00-18:00"]),
    ("après 20h30", "2026-11-24T15:00:00+01:00", ["2026-11-24 20:30-21:30"]),
]


@pytest.mark.parametrize("text, received, slots", CASES)
def test_a_window_alone_goes_on_the_first_day_that_fits(slots_of, text, received, slots):
    assert slots_of(text, received) == slots


def test_a_named_day_is_never_moved(slots_of):
    assert slots_of("aujourd'hui à 14h", "2026-11-24T14:30:00+01:00") == ["2026-11-24 14:00-15:00"]
    assert slots_of("ce soir", "2026-11-25T18:20:00+01:00") == ["2026-11-25 18:00-21:00"]
