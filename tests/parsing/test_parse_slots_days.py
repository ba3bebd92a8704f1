"""Days (received Tuesday 24 November 2026 at 10:15)."""
import pytest

CASES = [
    ("aujourd'hui", ["2026-11-24 09:00-18:00"]),
    ("today", ["2026-11-24 09:00-18:00"]),
    ("ce soir", ["2026-11-24 18:00-21:00"]),
    ("tonight", ["2026-11-24 18:00-21:00"]),
    ("cet après-midi", ["2026-11-24 14:00-18:00"]),
    ("demain", ["2026-11-25 09:00-18:00"]),
    ("tomorrow", ["2026-11-25 09:00-18:00"]),
    ("tmrw", ["2026-11-25 09:00-18:00"]),
    ("après-demain", ["2026-11-26 09:00-18:00"]),
    ("jeudi", ["2026-11-26 09:00-18:00"]),
    ("ce jeudi", ["2026-11-26 09:00-18:00"]),
    ("jeudi prochain", ["2026-11-26 09:00-18:00"]),
    ("Thursday", ["2026-11-26 09:00-18:00"]),
    ("mardi", ["2026-12-01 09:00-18:00"]),
    ("lundi prochain", ["2026-11-30 09:00-18:00"]),
    ("le 3 décembre", ["2026-12-03 09:00-18:00"]),
    ("le 3/12", ["2026-12-03 09:00-18:00"]),
    ("le 03/12", ["2026-12-03 09:00-18:00"]),
    ("le 3 déc.", ["2026-12-03 09:00-18:00"]),
    ("le 1er décembre vers 9h", ["2026-12-01 09:00-10:00"]),
    # "le 1/12" is a date whatever word comes before "le"
    ("rappel dm1 svp", ["2026-11-25 09:00-18:00"]),  # SMS spelling of "demain"
    ("dispo tt la journée dm1", ["2026-11-25 09:00-18:00"]),
    ("rappel jeu ou ven", ["2026-11-26 09:00-18:00", "2026-11-27 09:00-18:00"]),  # abbreviations in a list
    ("lun ou mar matin", ["2026-11-30 09:00-12:00", "2026-12-01 09:00-12:00"]),
    ("dispo ce w-e", ["2026-11-28 09:00-18:00", "2026-11-29 09:00-18:00"]),
    ("rappel apres-dem", ["2026-11-26 09:00-18:00"]),
    ("Terre et Mer, restaurant", []),
    ("Dispo ce vendredi 27 à 14h30.", ["2026-11-27 14:30-15:30"]),
    ("I'm available on the 26th or 27th in the afternoon", ["2026-11-26 14:00-18:00", "2026-11-27 14:00-18:00"]),
    ("rappel possible le 1/12, le 2/12 ou le 3/12 l'après-midi",
     ["2026-12-01 14:00-18:00", "2026-12-02 14:00-18:00", "2026-12-03 14:00-18:00"]),
    ("December 3rd at 2pm", ["2026-12-03 14:00-15:00"]),
    ("mercredi 2 décembre à 11h", ["2026-12-02 11:00-12:00"]),
    ("jeudi 26 à 15h", ["2026-11-26 15:00-16:00"]),
    ("mer. 10h", ["2026-11-25 10:00-11:00"]),
]


@pytest.mark.parametrize("text, slots", CASES)
def test_a_day_with_no_window_is_office_hours(slots_of, text, slots):
    assert slots_of(text) == slots


def test_today_is_never_another_day(slots_of):
    assert slots_of("ce matin svp", "2026-11-24T13:00:00+01:00") == []
    assert slots_of("aujourd'hui à 9h", "2026-11-24T13:00:00+01:00") == []


def test_a_day_in_another_offset_is_read_in_paris(slots_of):
    # 23:30 UTC on the 24th is 00:30 on the 25th in Paris: "demain" is the 26th.
    assert slots_of("demain", "2026-11-24T23:30:00+00:00") == ["2026-11-26 09:00-18:00"]


def test_a_date_that_passed_recently_is_an_event_told(slots_of):
    text = "Ma société a été placée en redressement le 3 novembre. Joignable le 20/11 ou jeudi."
    assert slots_of(text) == ["2026-11-26 09:00-18:00"]


def test_a_date_passed_long_ago_is_next_year(slots_of):
    assert slots_of("le 2 mars", "2026-11-24T10:15:00+01:00") == ["2027-03-02 09:00-18:00"]
