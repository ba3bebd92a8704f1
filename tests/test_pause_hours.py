"""A coach's pause of hours: "PAUSE 2h", "PAUSE jusqu'à 18h", lived through the real clock.

Michel goes into a meeting on Monday 7 December 2026 at 10:00 and writes how
long, or until what time. He is offered nothing until then, even what only he
can take, and is offered it again from that very moment, without a "Bon
retour" SMS: he chose the hour. A length of nothing or of more than 72 hours
is answered and changes nothing; an English writer is answered in English;
the coordinators' pages say until what time he is away.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Offer, Request
from tests.conftest import MICHEL, PARIS
from tests.desk_fixtures import login_as
from tests.test_pause_durations import REFUSED
from tests.test_pause_until import PAUL, at, coach, sent_to, ticks

# Monday 7 December 2026, 10:00 in Dijon, in Michel's 09:00-12:00 window.
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
UNTIL = "Pause notée jusqu'à {} : plus de propositions d'ici là. DISPO pour revenir avant."
ON_DAY = "Pause notée jusqu'au {} : plus de propositions d'ici là. DISPO pour revenir avant."


def monday(hour, minute=0):
    return MONDAY.replace(hour=hour, minute=minute)


def test_michel_in_a_meeting_for_two_hours_is_offered_paul_from_noon_without_a_welcome(
        app, phone, db):
    assert at(app, phone, MONDAY, MICHEL, "PAUSE 2h") == UNTIL.format("12h")
    michel = coach(db, "michel")
    assert michel.paused is True and michel.paused_until == monday(12)
    # Paul's debts: Michel is the only coach for finance, and away.
    at(app, phone, monday(10, 5), PAUL, "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    ticks(app, monday(10, 30), monday(11, 55), step=timedelta(minutes=5))
    assert sent_to(db, MICHEL) == []
    # Back at noon: the offer reaches him, and nothing else does.
    ticks(app, monday(12), monday(12, 30), step=timedelta(minutes=5))
    michel = coach(db, "michel")
    assert michel.paused is False and michel.paused_until is None
    assert [m.kind for m in sent_to(db, MICHEL)] == ["offer"]
    assert "Demande 1" in sent_to(db, MICHEL)[0].body
    assert sent_to(db, MICHEL)[0].sent_at.astimezone(PARIS) >= monday(12)
    # Nor the next morning, as after a dated pause.
    ticks(app, datetime(2026, 12, 8, 7, 0, tzinfo=PARIS), datetime(2026, 12, 8, 10, 0, tzinfo=PARIS),
          step=timedelta(hours=1))
    assert sent_to(db, MICHEL, "pause_over") == []


def test_until_eight_written_in_the_evening_is_next_morning_eight(app, phone, db):
    assert at(app, phone, monday(19), MICHEL, "PAUSE jusqu'à 8h") == UNTIL.format("demain 8h")
    assert coach(db, "michel").paused_until == datetime(2026, 12, 8, 8, 0, tzinfo=PARIS)
    ticks(app, datetime(2026, 12, 8, 7, 0, tzinfo=PARIS), datetime(2026, 12, 8, 7, 55, tzinfo=PARIS),
          step=timedelta(minutes=55))
    assert coach(db, "michel").paused is True
    ticks(app, datetime(2026, 12, 8, 8, 0, tzinfo=PARIS), datetime(2026, 12, 8, 10, 0, tzinfo=PARIS))
    assert coach(db, "michel").paused is False
    assert sent_to(db, MICHEL) == []


@pytest.mark.parametrize("body, words, until", [
    ("PAUSE 30 min", "10h30", monday(10, 30)),
    ("pause 3 heures", "13h", monday(13)),
    ("pause 1h30", "11h30", monday(11, 30)),
    ("PAUSE une heure et demie", "11h30", monday(11, 30)),
    ("PAUSE jusqu'à 18h", "18h", monday(18)),
    ("pause jusqu'a 14h30", "14h30", monday(14, 30)),
    ("Pause jusqu'à 17:45", "17h45", monday(17, 45)),
    ("PAUSE jusqu'à 9h", "demain 9h", datetime(2026, 12, 8, 9, 0, tzinfo=PARIS)),
])
def test_the_ways_michel_writes_a_pause_of_hours(app, phone, db, body, words, until):
    assert at(app, phone, MONDAY, MICHEL, body) == UNTIL.format(words)
    michel = coach(db, "michel")
    assert michel.paused is True and michel.paused_until == until


def test_a_pause_of_hours_ending_after_tomorrow_says_the_day(app, phone, db):
    assert at(app, phone, MONDAY, MICHEL, "PAUSE 48h") == ON_DAY.format("mer. 9/12 à 10h")
    assert coach(db, "michel").paused_until == datetime(2026, 12, 9, 10, 0, tzinfo=PARIS)


def test_thirty_minutes_end_at_half_past_ten(app, phone, db):
    at(app, phone, MONDAY, MICHEL, "PAUSE 30 min")
    at(app, phone, monday(10, 25))
    assert coach(db, "michel").paused is True
    at(app, phone, monday(10, 30))
    assert coach(db, "michel").paused is False
    ticks(app, monday(10, 30), monday(12))
    assert sent_to(db, MICHEL) == []


@pytest.mark.parametrize("body", ["PAUSE 100h", "PAUSE 0h", "pause 0 min", "PAUSE 73 heures"])
def test_a_length_of_nothing_or_over_three_days_is_refused_and_changes_nothing(app, phone, db,
                                                                              body):
    at(app, phone, MONDAY, PAUL, "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    assert [m.kind for m in sent_to(db, MICHEL)] == ["offer"]
    assert at(app, phone, monday(10, 5), MICHEL, body) == REFUSED
    michel = coach(db, "michel")
    assert michel.paused is False and michel.paused_until is None
    assert [o.status for o in db.scalars(select(Offer))] == ["pending"]


def test_a_pause_of_hours_hands_the_offer_standing_to_someone_else_at_once(app, phone, db):
    at(app, phone, MONDAY, PAUL, "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    at(app, phone, monday(10, 5), MICHEL, "PAUSE 2h")
    assert [o.status for o in db.scalars(select(Offer))] == ["expired"]


@pytest.mark.parametrize("body, expected", [
    ("PAUSE 2 hours", "Paused until noon: no offers until then. DISPO to come back sooner."),
    ("pause until 6pm", "Paused until 6pm: no offers until then. DISPO to come back sooner."),
    ("pause until 8:30am",
     "Paused until 8:30am tomorrow: no offers until then. DISPO to come back sooner."),
    ("PAUSE for 30 min", "Paused until 10:30am: no offers until then. DISPO to come back sooner."),
])
def test_michel_writing_in_english_is_answered_in_english(app, phone, db, body, expected):
    assert at(app, phone, MONDAY, MICHEL, body) == expected
    assert coach(db, "michel").paused is True


def test_a_short_pause_does_not_recall_the_call_in_hand_a_long_one_does(app, phone, db):
    at(app, phone, MONDAY, PAUL, "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    at(app, phone, monday(10, 5), MICHEL, "OK 1")
    # Into a meeting: he will call Paul after it.
    assert at(app, phone, monday(10, 10), MICHEL, "PAUSE 2h") == UNTIL.format("12h10")
    assert db.scalar(select(Request).execution_options(populate_existing=True)).status == "accepted"
    # Away for two days: reminded, as for a dated pause.
    assert at(app, phone, monday(10, 15), MICHEL, "PAUSE 48h") == (
        ON_DAY.format("mer. 9/12 à 10h15") + "\nToujours à vous : demande 1. Appelez avant "
        "la pause, ou RENDRE suivi du numéro : une autre personne rappellera.")


def test_the_coaches_page_says_until_what_time_michel_is_away(app, phone, db):
    at(app, phone, MONDAY, MICHEL, "PAUSE 2h")
    with freeze_time(monday(10, 5)):
        client = login_as(app, app.test_client())
        page = client.get("/coaches").text
    assert "en pause jusqu&#39;à 12h<" in page and "inclus" not in page


def test_the_coaches_page_says_the_day_when_it_is_not_today(app, phone, db):
    at(app, phone, monday(19), MICHEL, "PAUSE jusqu'à 8h")
    with freeze_time(monday(19, 5)):
        client = login_as(app, app.test_client())
        assert "en pause jusqu&#39;à demain 8h<" in client.get("/coaches").text
    with freeze_time(datetime(2026, 12, 7, 19, 5, tzinfo=PARIS) + timedelta(hours=6)):
        client = login_as(app, app.test_client())
        assert "en pause jusqu&#39;à 8h<" in client.get("/coaches").text


def test_a_pause_of_hours_ending_at_midnight_is_that_whole_day(app, phone, db):
    # Fourteen hours from 10:00: to the end of Monday, said and ended as a
    # dated pause is (welcomed back in the morning).
    assert at(app, phone, MONDAY, MICHEL, "PAUSE 14h") == (
        "Pause notée jusqu'au lun. 7/12 inclus : plus de propositions d'ici là. "
        "DISPO pour revenir avant.")
    ticks(app, datetime(2026, 12, 8, 0, 0, tzinfo=PARIS), datetime(2026, 12, 8, 9, 0, tzinfo=PARIS))
    assert [m.kind for m in sent_to(db, MICHEL)] == ["pause_over"]


@pytest.mark.parametrize("body, reply", [
    ("PAUSE 14h-16h", "Date non comprise : rien n'a changé."),
    ("PAUSE à 18h", "Date non comprise : rien n'a changé."),
    ("PAUSE jusqu'à 18h lundi", "Date non comprise : rien n'a changé."),
    # A date and a time: the whole day, as before pauses of hours.
    ("PAUSE jusqu'au 9/12 18h", "Pause notée jusqu'au mer. 9/12 inclus : plus de propositions"),
])
def test_a_time_that_is_no_length_nor_the_end_is_left_to_the_date_reader(app, phone, db, body,
                                                                         reply):
    from dispatch.pause_hours import read_until  # new with pauses of hours
    assert read_until(body, MONDAY, PARIS) is None
    assert at(app, phone, MONDAY, MICHEL, body).startswith(reply)
