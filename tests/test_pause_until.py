"""A coach's pause with an end: "PAUSE jusqu'au 4 janvier" lived through the real clock.

Michel goes on holiday for Christmas; he is offered nothing while away, even
what he is best for, and is back by himself the morning after his last day,
told once at a decent hour. DISPO ends it sooner; a date gone by or garbled
changes nothing; an English-speaking coach is answered in English.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import create_engine, inspect, select

from dispatch.commands import Command, parse_command
from dispatch.migrate import alembic_config, upgrade
from dispatch.models import Coach, Offer
from scheduling import tick
from tests.conftest import CAST, MICHEL, ODILE, PARIS, make_app, outbox, reply_of, sync_cast
from tests.desk_fixtures import login_as

# Friday 18 December 2026, 18:30 in Dijon: Michel leaves for the holidays.
LEAVING = datetime(2026, 12, 18, 18, 30, tzinfo=PARIS)
PAUL, LUC = "+33612345678", "+33698765432"
JOHN = "+33639981009"


def at(app, phone, moment, sender=None, body=""):
    """`sender` texts `body` at `moment` (if given), then the clock ticks; the reply."""
    with freeze_time(moment):
        reply = reply_of(phone.text(sender, body)) if sender else ""
        tick(app)
    return reply


def ticks(app, start, end, step=timedelta(minutes=30)):
    moment = start
    while moment <= end:
        with freeze_time(moment):
            tick(app)
        moment += step


def coach(db, key):
    db.expire_all()
    return db.scalar(select(Coach).where(Coach.key == key))


def sent_to(db, number, kind=None):
    return [m for m in outbox(db, to=number) if kind is None or m.kind == kind]


def test_it_keeps_michel_away_until_his_date_and_brings_him_back_the_morning_after(
        app, phone, db):
    reply = at(app, phone, LEAVING, MICHEL, "PAUSE jusqu'au 4/01")
    assert reply == ("Pause notée jusqu'au lun. 4/1 inclus : plus de propositions d'ici là. "
                     "DISPO pour revenir avant.")
    # Monday 21 December: Paul's debts, Michel's topic, in his Tuesday morning
    # window; Odile (legal matters only) is offered it, Michel is not.
    at(app, phone, datetime(2026, 12, 21, 10, 0, tzinfo=PARIS), PAUL,
       "Paul, rappelez-moi demain 10h-12h, dettes URSSAF")
    ticks(app, datetime(2026, 12, 21, 10, 30, tzinfo=PARIS),
          datetime(2026, 12, 22, 9, 0, tzinfo=PARIS))
    assert sent_to(db, MICHEL) == []
    assert [m.kind for m in sent_to(db, ODILE)] == ["offer"]
    at(app, phone, datetime(2026, 12, 22, 9, 5, tzinfo=PARIS), ODILE, "OK 1")
    # Still away on his last day, late in the evening.
    ticks(app, datetime(2027, 1, 4, 20, 0, tzinfo=PARIS), datetime(2027, 1, 4, 23, 30, tzinfo=PARIS))
    assert coach(db, "michel").paused is True and sent_to(db, MICHEL) == []
    # Back from midnight; told once, at 08:00 (offers may reach him from then,
    # two hours before his 09:00 window), not in the night.
    ticks(app, datetime(2027, 1, 5, 0, 0, tzinfo=PARIS), datetime(2027, 1, 5, 9, 0, tzinfo=PARIS))
    michel = coach(db, "michel")
    assert michel.paused is False and michel.paused_until is None
    back = sent_to(db, MICHEL)
    assert [m.body for m in back] == [
        "Bon retour ! Votre pause est finie : vous recevez à nouveau des propositions. "
        "Besoin d'une autre pause ? PAUSE."]
    assert back[0].status == "sent"
    assert back[0].sent_at.astimezone(PARIS).strftime("%H:%M") == "08:00"
    # Offered again: Luc's debts go to him first.
    at(app, phone, datetime(2027, 1, 5, 9, 30, tzinfo=PARIS), LUC,
       "Luc, rappelez-moi aujourd'hui 14h-16h, dettes fournisseurs")
    assert [m.kind for m in sent_to(db, MICHEL)] == ["pause_over", "offer"]
    assert "Demande 2" in sent_to(db, MICHEL)[1].body


def test_dispo_before_the_date_ends_the_pause_and_nothing_is_sent_on_the_day(app, phone, db):
    at(app, phone, LEAVING, MICHEL, "PAUSE jusqu'au 4 janvier")
    assert coach(db, "michel").paused_until is not None
    reply = at(app, phone, datetime(2026, 12, 28, 9, 0, tzinfo=PARIS), MICHEL, "DISPO")
    assert reply == "Bon retour ! Vous recevez à nouveau des propositions."
    michel = coach(db, "michel")
    assert michel.paused is False and michel.paused_until is None
    at(app, phone, datetime(2026, 12, 28, 9, 30, tzinfo=PARIS), PAUL,
       "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    assert [m.kind for m in sent_to(db, MICHEL)] == ["offer"]
    ticks(app, datetime(2027, 1, 5, 0, 0, tzinfo=PARIS), datetime(2027, 1, 5, 10, 0, tzinfo=PARIS),
          step=timedelta(hours=1))
    assert sent_to(db, MICHEL, "pause_over") == []


def test_a_plain_pause_still_lasts_until_dispo(app, phone, db):
    assert at(app, phone, LEAVING, MICHEL, "PAUSE") == \
        "Pause notée : plus de propositions jusqu'à DISPO."
    michel = coach(db, "michel")
    assert michel.paused is True and michel.paused_until is None
    ticks(app, datetime(2027, 1, 5, 0, 0, tzinfo=PARIS), datetime(2027, 1, 5, 10, 0, tzinfo=PARIS),
          step=timedelta(hours=2))
    assert coach(db, "michel").paused is True and sent_to(db, MICHEL) == []


@pytest.mark.parametrize("body, expected", [
    ("PAUSE jusqu'au 15 décembre",
     "Le mar. 15/12 est déjà passé : rien n'a changé. Écrivez par exemple PAUSE jusqu'au 4/01, "
     "ou PAUSE sans date (jusqu'à DISPO)."),
    ("PAUSE jusqu'à la saint-glinglin",
     "Date non comprise : rien n'a changé. Écrivez par exemple PAUSE jusqu'au 4/01, jusqu'à "
     "lundi ou jusqu'à 18h, ou PAUSE sans date (jusqu'à DISPO)."),
    ("pause jusqu'au 35 janvier",
     "Date non comprise : rien n'a changé. Écrivez par exemple PAUSE jusqu'au 4/01, jusqu'à "
     "lundi ou jusqu'à 18h, ou PAUSE sans date (jusqu'à DISPO)."),
])
def test_a_past_or_garbled_date_is_answered_and_changes_nothing(app, phone, db, body, expected):
    # An offer stands for Michel: a pause not understood must not take it from him.
    at(app, phone, datetime(2026, 12, 21, 10, 0, tzinfo=PARIS), PAUL,
       "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    assert [m.kind for m in sent_to(db, MICHEL)] == ["offer"]
    assert at(app, phone, datetime(2026, 12, 21, 10, 5, tzinfo=PARIS), MICHEL, body) == expected
    michel = coach(db, "michel")
    assert michel.paused is False and michel.paused_until is None
    assert [o.status for o in db.scalars(select(Offer))] == ["pending"]


@pytest.mark.parametrize("body, expected", [
    # Sent on Sunday 20 December 2026.
    ("PAUSE jusqu'au 4 janvier", "lun. 4/1"),
    ("en vacances jusqu'au 3 janvier", "dim. 3/1"),
    ("pause jusqu'à lundi", "lun. 21/12"),
    ("absent jusqu'au 10", "dim. 10/1"),
    ("Je suis absente jusqu'au mardi 5 janvier inclus, merci", "mar. 5/1"),
    ("PAUSE 4/01/2027", "lun. 4/1"),
])
def test_the_ways_coaches_write_their_return_are_read_in_paris(app, phone, db, body, expected):
    reply = at(app, phone, datetime(2026, 12, 20, 23, 30, tzinfo=PARIS), MICHEL, body)
    assert reply.startswith(f"Pause notée jusqu'au {expected} inclus")


@pytest.mark.parametrize("text, expected", [
    ("en vacances jusqu'au 3 janvier", Command("PAUSE", None, "jusqu'au 3 janvier")),
    ("absent jusqu'au 10", Command("PAUSE", None, "jusqu'au 10")),
    ("away until Monday", Command("PAUSE", None, "until Monday")),
    ("Absente jusqu'à 14h, je l'appelle après", None),   # a note, not a pause
    ("en vacances", None),
])
def test_being_away_until_a_day_is_read_as_a_pause(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize("body, today, expected", [
    ("PAUSE jusqu'au 4 janvier", date(2026, 12, 20), (date(2027, 1, 4), "")),
    ("PAUSE jusqu'au 5 décembre", date(2026, 12, 7), (date(2026, 12, 5), "past")),
    ("pause jusqu'à lundi", date(2026, 12, 21), (date(2026, 12, 28), "")),  # on a Monday
    ("PAUSE until January 4th", date(2026, 12, 20), (date(2027, 1, 4), "")),
    ("PAUSE jusqu'à nouvel ordre", date(2026, 12, 20), (None, "")),
    ("pause jusqu'à 14h", date(2026, 12, 20), (None, "unclear")),
    ("PAUSE merci", date(2026, 12, 20), (None, "")),
])
def test_the_last_day_is_read_from_today(body, today, expected):
    from dispatch.pause_dates import read_end  # new with dated pauses
    end = read_end(body, today)
    assert (end.last_day, end.refused) == expected


@pytest.fixture
def english_app(database_url, tmp_path):
    """The cast with John, who speaks English only and works afternoons."""
    roster = tmp_path / "cast.yaml"
    roster.write_text(CAST.read_text() + """
  - id: john
    name: John Smith
    mobile: "06 39 98 10 09"
    languages: [en]
    topics: [financier]
    availability: {mon-fri: "14:00-18:00"}
    max_active: 2
""")
    app = make_app(database_url, tmp_path, VOLUNTEERS_FILE=str(roster))
    sync_cast(app, roster)
    yield app
    app.extensions["rappel.engine"].dispose()


def test_an_english_coach_is_answered_and_welcomed_back_in_english(english_app):
    from tests.conftest import Phone
    app = english_app
    phone = Phone(app.test_client())
    with app.extensions["rappel.sessions"]() as db:
        reply = at(app, phone, datetime(2026, 12, 23, 17, 0, tzinfo=PARIS), JOHN,
                   "Away until Monday")
        assert reply == ("Paused until Mon 28 Dec inclusive: no offers until then. DISPO to "
                         "come back sooner.")
        ticks(app, datetime(2026, 12, 29, 0, 0, tzinfo=PARIS),
              datetime(2026, 12, 29, 10, 0, tzinfo=PARIS))
        back = sent_to(db, JOHN)
        assert [m.body for m in back] == [
            "Welcome back! Your pause is over: you will receive offers again. "
            "Need another break? PAUSE."]
        # His window opens at 14:00: told at 09:00, a decent hour.
        assert back[0].sent_at.astimezone(PARIS).strftime("%H:%M") == "09:00"


def test_michel_speaking_english_is_answered_in_english(app, phone):
    reply = at(app, phone, datetime(2026, 12, 20, 12, 0, tzinfo=PARIS), MICHEL,
               "PAUSE until 4 January")
    assert reply == ("Paused until Mon 4 Jan inclusive: no offers until then. DISPO to come "
                     "back sooner.")


def test_the_coaches_page_says_until_when_a_coach_is_away(app, phone, db):
    at(app, phone, LEAVING, MICHEL, "PAUSE jusqu'au 4 janvier")
    with freeze_time(LEAVING + timedelta(minutes=5)):
        client = login_as(app, app.test_client())
        page = client.get("/coaches").text
    assert "en pause jusqu&#39;au lun. 4/1 inclus" in page


def test_the_migration_adds_and_removes_the_pause_end(database_url):
    from alembic import command
    engine = create_engine(database_url)
    try:
        cfg = alembic_config(engine)
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0006")
        assert "paused_until" not in [c["name"] for c in inspect(engine).get_columns("coaches")]
        upgrade(engine)
        assert "paused_until" in [c["name"] for c in inspect(engine).get_columns("coaches")]
    finally:
        engine.dispose()


def test_dispo_brings_michel_the_request_that_waited_for_him_at_once(app, phone, db):
    # Away for the morning: Paul's debts, only Michel's topic, wait for him; the
    # next look is planned for the end of Paul's slot, 16:00.
    monday = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
    at(app, phone, monday, MICHEL, "PAUSE")
    at(app, phone, monday + timedelta(minutes=5), PAUL,
       "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    ticks(app, monday + timedelta(minutes=30), monday + timedelta(hours=2))
    assert sent_to(db, MICHEL) == []
    # Back at noon: offered it at the next tick, in time for Paul's slot.
    at(app, phone, monday + timedelta(hours=2, minutes=1), MICHEL, "DISPO")
    at(app, phone, monday + timedelta(hours=2, minutes=2))
    assert [m.kind for m in sent_to(db, MICHEL)] == ["offer"]
