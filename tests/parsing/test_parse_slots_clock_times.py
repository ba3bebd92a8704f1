"""Clock times: a lone time is the hour that starts there."""
import pytest

CASES = [
    ("demain à 14h", "14:00-15:00"),
    ("demain 14H", "14:00-15:00"),
    ("demain vers 14h30", "14:30-15:30"),
    ("demain à 14:30", "14:30-15:30"),
    ("demain à 14 h 30", "14:30-15:30"),
    ("demain à 14 heures", "14:00-15:00"),
    ("tomorrow at 2pm", "14:00-15:00"),
    ("tomorrow at 2 pm", "14:00-15:00"),
    ("tomorrow at 10am", "10:00-11:00"),
    ("demain à midi", "12:00-13:00"),
    ("demain vers midi", "12:00-13:00"),
    ("demain 8h", "08:00-09:00"),
    ("demain à 9h du matin", "09:00-10:00"),
    ("demain à 8h du soir", "20:00-21:00"),
    ("demain 10h30", "10:30-11:30"),
    ("demain à 21h", "21:00-22:00"),
    ("demain à 10", "10:00-11:00"),  # a bare hour after "à" right after a day
    ("tomorrow at 9.30am", "09:30-10:30"),
    ("demain vers 9h.30", "09:30-10:30"),
    ("demain à 9.30", "09:30-10:30"),
]


@pytest.mark.parametrize("text, window", CASES)
def test_a_lone_time_is_one_hour(slots_of, text, window):
    assert slots_of(text) == [f"2026-11-25 {window}"]


@pytest.mark.parametrize("text", ["je dors 4h par nuit", "je travaille 15h par jour", "depuis 2h ce matin",
                                  "il y a 3h", "pendant 2h", "30 000€ de dettes", "3 impayés en 2 mois",
                                  "j'ai un magasin à 10 minutes de Dijon", "ça coûte 9.30€"])
def test_durations_and_amounts_are_not_times(slots_of, text):
    assert slots_of(text) == []
