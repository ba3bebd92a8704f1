"""Combinations: windows go with the days they are attached to (received Tue 24 Nov 2026, 10:15)."""
import pytest

CASES = [
    ("lundi ou mardi après 18h", ["2026-11-30 18:00-21:00", "2026-12-01 18:00-21:00"]),
    ("demain 10h ou 15h", ["2026-11-25 10:00-11:00", "2026-11-25 15:00-16:00"]),
    ("jeudi aprem ou en fin de journée", ["2026-11-26 14:00-19:00"]),
    ("lundi matin ou mardi après-midi", ["2026-11-30 09:00-12:00", "2026-12-01 14:00-18:00"]),
    ("mardi 14h-16h et jeudi", ["2026-11-26 09:00-18:00", "2026-12-01 14:00-16:00"]),
    ("plutôt jeudi aprem ou vendredi avant 10h", ["2026-11-26 14:00-18:00", "2026-11-27 08:00-10:00"]),
    ("dispo jeudi ou vendredi le matin", ["2026-11-26 09:00-12:00", "2026-11-27 09:00-12:00"]),
    ("dispo lundi, mardi ou mercredi le matin",
     ["2026-11-25 09:00-12:00", "2026-11-30 09:00-12:00", "2026-12-01 09:00-12:00"]),
    ("de 17h à 19h demain ou lundi", ["2026-11-25 17:00-19:00", "2026-11-30 17:00-19:00"]),
    ("Disponible mercredi 16 h ou jeudi 10h30", ["2026-11-25 16:00-17:00", "2026-11-26 10:30-11:30"]),
    ("le 5/12 entre 12h et 13h30 ou le 6/12 à 8h30", ["2026-12-05 12:00-13:30", "2026-12-06 08:30-09:30"]),
    ("Can you call me tomorrow morning or tomorrow after 6pm?",
     ["2026-11-25 09:00-12:00", "2026-11-25 18:00-21:00"]),
    ("Rappel à 8h30 demain ou à 18h", ["2026-11-25 08:30-09:30", "2026-11-25 18:00-19:00"]),
    ("rappel jeudi ou vendredi, idéalement vers 10h", ["2026-11-26 10:00-11:00", "2026-11-27 10:00-11:00"]),
    ("Dispo demain matin sinon jeudi aprem", ["2026-11-25 09:00-12:00", "2026-11-26 14:00-18:00"]),
    ("Sat morning or Sunday afternoon, thanks", ["2026-11-28 09:00-12:00", "2026-11-29 14:00-18:00"]),
    ("Dispo demain. Plutôt l'après-midi.", ["2026-11-25 14:00-18:00"]),
    ("Je suis dispo après 18h. Jeudi ou vendredi.", ["2026-11-26 18:00-21:00", "2026-11-27 18:00-21:00"]),
    ("Rappel possible ce soir 19h30", ["2026-11-24 19:30-20:30"]),
    ("demain matin vers 10h", ["2026-11-25 10:00-11:00"]),
    ("samedi matin 9h-10h", ["2026-11-28 09:00-10:00"]),
    ("mercredi après-midi à partir de 15h", ["2026-11-25 15:00-18:00"]),
    ("lundi et mardi, de 9h à 10h et de 14h à 15h", ["2026-11-30 09:00-10:00", "2026-11-30 14:00-15:00",
                                                   "2026-12-01 09:00-10:00", "2026-12-01 14:00-15:00"]),
    # a window alone, "ou" a day with its own window: two requests
    ("Rappel en fin de journée, ou jeudi 17h-18h30", ["2026-11-24 17:00-19:00", "2026-11-26 17:00-18:30"]),
    ("vers 10h demain matin", ["2026-11-25 10:00-11:00"]),
]


@pytest.mark.parametrize("text, slots", CASES)
def test_windows_go_with_their_days(slots_of, text, slots):
    assert slots_of(text) == slots


def test_a_preferred_day_keeps_its_own_window(slots_of):
    text = "le week-end de préférence, ou lundi en fin de journée."
    assert slots_of(text, "2026-11-27T12:00:00+01:00") == [
        "2026-11-28 09:00-18:00", "2026-11-29 09:00-18:00", "2026-11-30 17:00-19:00"]
