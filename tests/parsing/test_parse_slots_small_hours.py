"""An hour from 1 to 7 with no am/pm and no "du matin" is in the afternoon."""
import pytest

CASES = [
    ("demain à 2h", ["2026-11-25 14:00-15:00"]),
    ("demain à 5h", ["2026-11-25 17:00-18:00"]),
    ("demain à 7h30", ["2026-11-25 19:30-20:30"]),
    ("demain à 7h du matin", ["2026-11-25 07:00-08:00"]),
    ("demain à 8h", ["2026-11-25 08:00-09:00"]),
    ("tomorrow at 3am", ["2026-11-25 03:00-04:00"]),
    ("demain entre 2h et 4h", ["2026-11-25 14:00-16:00"]),
    ("demain de 7h à 9h", ["2026-11-25 07:00-09:00"]),
    ("demain de 11h à 1h", ["2026-11-25 11:00-13:00"]),
    ("demain entre 5 et 7h", ["2026-11-25 17:00-19:00"]),
    ("tomorrow between 10 and 2pm", ["2026-11-25 10:00-14:00"]),
]


@pytest.mark.parametrize("text, slots", CASES)
def test_small_hours_are_read_in_the_afternoon(slots_of, text, slots):
    assert slots_of(text) == slots


def test_small_hours_today(slots_of):
    text = "Isabelle ici, rappel possible aujourd'hui à 2h ou demain 8h."
    assert slots_of(text, "2026-11-29T10:00:00+01:00") == ["2026-11-29 14:00-15:00", "2026-11-30 08:00-09:00"]
