"""Ranges and open ends."""
import pytest

RANGES = [
    "demain entre 14h et 16h", "demain de 14h à 16h", "demain 14h-16h", "demain 14-16h", "demain 14h/16h",
    "demain 14/16h", "demain entre 14 et 16h", "tomorrow between 2 and 4pm", "tomorrow 2-4pm",
    "demain 14h – 16h", "demain de 14 à 16h", "tomorrow from 2pm to 4pm", "demain 14:00-16:00",
    "demain 14-16", "tomorrow 14-16",  # bare hours right after a day
]
OPEN = [
    ("demain après 18h", "18:00-21:00"),
    ("demain à partir de 18h", "18:00-21:00"),
    ("demain dès 18h", "18:00-21:00"),
    ("demain pas avant 18h", "18:00-21:00"),
    ("tomorrow after 6pm", "18:00-21:00"),
    ("demain après 20h30", "20:30-21:30"),
    ("demain après 21h", "21:00-22:00"),
    ("demain avant 10h", "08:00-10:00"),
    ("demain jusqu'à 10h", "08:00-10:00"),
    ("demain pas après 10h", "08:00-10:00"),
    ("tomorrow before 10am", "08:00-10:00"),
    ("demain après 5h", "17:00-21:00"),
    ("demain ap 18h", "18:00-21:00"),  # SMS spelling of "après"
    ("demain entre 9h et 10h30", "09:00-10:30"),
    # the open end written after the time
    ("demain 18h30 au plus tard", "08:00-18:30"),
    ("demain 10h au plus tôt", "10:00-21:00"),
    # two open ends together are the range between them
    ("demain à partir de 14h mais pas après 17h", "14:00-17:00"),
    ("demain après 10h et avant 12h", "10:00-12:00"),
    # "vers" before a range
    ("demain vers 17h-17h30", "17:00-17:30"),
    ("demain soir après 20h30", "20:30-21:30"),  # from 20:00 on, one hour, as without "soir"
]


@pytest.mark.parametrize("text", RANGES)
def test_a_range_is_its_window(slots_of, text):
    assert slots_of(text) == ["2026-11-25 14:00-16:00"]


@pytest.mark.parametrize("text, window", OPEN)
def test_an_open_end_is_bounded_by_calling_hours(slots_of, text, window):
    assert slots_of(text) == [f"2026-11-25 {window}"]


@pytest.mark.parametrize("text, window", [
    ("demain matin, pas avant 10h", "10:00-12:00"),
    ("demain matin avant 11h", "09:00-11:00"),
    ("demain soir après 19h30", "19:30-21:00"),
])
def test_an_open_end_narrows_the_part_of_the_day_it_goes_with(slots_of, text, window):
    assert slots_of(text) == [f"2026-11-25 {window}"]
