"""Parts of the day (received Tuesday 24 November 2026; days given so no rule moves them)."""
import pytest

CASES = [
    ("demain matin", "09:00-12:00"),
    ("demain en matinée", "09:00-12:00"),
    ("tomorrow morning", "09:00-12:00"),
    ("demain tôt le matin", "08:00-10:00"),
    ("demain en début de matinée", "08:00-10:00"),
    ("tomorrow early morning", "08:00-10:00"),
    ("demain midi", "12:00-14:00"),
    ("demain entre midi et deux", "12:00-14:00"),
    ("demain pendant la pause déjeuner", "12:00-14:00"),
    ("tomorrow at lunchtime", "12:00-14:00"),
    ("demain après-midi", "14:00-18:00"),
    ("demain aprem", "14:00-18:00"),
    ("demain aprèm", "14:00-18:00"),
    ("demain am", "14:00-18:00"),
    ("demain apres midi", "14:00-18:00"),
    ("tomorrow afternoon", "14:00-18:00"),
    ("demain en fin d'après-midi", "17:00-19:00"),
    ("demain en fin de journée", "17:00-19:00"),
    ("tomorrow late afternoon", "17:00-19:00"),
    ("demain soir", "18:00-21:00"),
    ("demain en soirée", "18:00-21:00"),
    ("tomorrow evening", "18:00-21:00"),
    ("demain dans la journée", "09:00-18:00"),
    ("demain pendant les heures de bureau", "09:00-18:00"),
    ("tomorrow during the day", "09:00-18:00"),
    ("tomorrow during office hours", "09:00-18:00"),
    ("DEMAIN APRES-MIDI", "14:00-18:00"),
    ("demain matin tôt", "08:00-10:00"),
    ("demain au matin très tôt", "08:00-10:00"),
]


@pytest.mark.parametrize("text, window", CASES)
def test_a_part_of_the_day_is_its_window(slots_of, text, window):
    assert slots_of(text) == [f"2026-11-25 {window}"]


def test_monday_am_in_english_is_the_morning(slots_of):
    assert slots_of("Could you call me Monday am?") == ["2026-11-30 09:00-12:00"]


@pytest.mark.parametrize("text", ["Bonsoir, je suis épuisé", "Bonne journée !", "Good morning, I need help",
                                  "Morning. Conflict with my staff", "bon week-end"])
def test_greetings_are_not_windows(slots_of, text):
    assert slots_of(text) == []
