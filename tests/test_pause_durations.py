"""A coach's pause for a while: "PAUSE 2 semaines", lived through the real clock.

Michel writes on Monday 7 December 2026 how long he will be away rather than
until when. A while counts the day it is sent as its first day away: two
weeks sent on Monday 7 are Monday 7 to Sunday 20, back on Monday 21. He is
told the last day, as for a dated pause; a while of nothing or of more than
six months is answered and changes nothing. The coordinators' request page
says until when a coach is away; AIDE tells that PAUSE takes a date.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.commands import Command, parse_command
from dispatch.models import Offer, Request
from dispatch.pause_dates import read_end
from tests.conftest import MICHEL, PARIS
from tests.desk_fixtures import login_as
from tests.test_pause_until import PAUL, at, coach, sent_to, ticks

# Monday 7 December 2026, 10:00 in Dijon.
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
UNTIL = "Pause notée jusqu'au {} inclus : plus de propositions d'ici là. DISPO pour revenir avant."
REFUSED = ("Durée non acceptée : rien n'a changé. Par exemple PAUSE 2h (72h au plus), "
           "PAUSE 2 semaines (6 mois au plus), ou PAUSE sans date (jusqu'à DISPO).")


@pytest.mark.parametrize("body, words, last_day", [
    ("PAUSE 2 semaines", "dim. 20/12", date(2026, 12, 20)),
    ("pause 15 jours", "lun. 21/12", date(2026, 12, 21)),     # fifteen days, not two weeks
    ("PAUSE une semaine", "dim. 13/12", date(2026, 12, 13)),
    ("pause pour 3 jours", "mer. 9/12", date(2026, 12, 9)),
    ("PAUSE 1 mois", "mer. 6/1", date(2027, 1, 6)),           # back on Thursday 7 January
    ("pause 10j", "mer. 16/12", date(2026, 12, 16)),
    ("PAUSE 1 jour", "lun. 7/12", date(2026, 12, 7)),         # today only
    ("en vacances pour 2 semaines", "dim. 20/12", date(2026, 12, 20)),
    ("Je suis absente 10 jours, merci", "mer. 16/12", date(2026, 12, 16)),
    ("PAUSE 6 mois", "dim. 6/6", date(2027, 6, 6)),
])
def test_michel_is_paused_until_the_last_day_of_the_while_he_gives(app, phone, db, body, words,
                                                                     last_day):
    assert at(app, phone, MONDAY, MICHEL, body) == UNTIL.format(words)
    michel = coach(db, "michel")
    # Until the end of that day in Paris: 00:00 local the day after.
    assert michel.paused is True
    assert michel.paused_until == datetime(last_day.year, last_day.month, last_day.day,
                                           tzinfo=PARIS) + timedelta(days=1)


def test_two_weeks_from_monday_bring_michel_back_on_monday_two_weeks_on(app, phone, db):
    assert at(app, phone, MONDAY, MICHEL, "PAUSE 2 semaines") == UNTIL.format("dim. 20/12")
    # Friday 18 December: Paul's debts, Michel's topic, in his afternoon window;
    # he is not offered them (nobody else can: the coordinators are alerted).
    at(app, phone, datetime(2026, 12, 18, 9, 0, tzinfo=PARIS), PAUL,
       "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    ticks(app, datetime(2026, 12, 18, 9, 30, tzinfo=PARIS),
          datetime(2026, 12, 18, 12, 0, tzinfo=PARIS))
    assert sent_to(db, MICHEL) == []
    assert list(db.scalars(select(Offer))) == []
    # Still away on Sunday 20 December, late.
    ticks(app, datetime(2026, 12, 20, 22, 0, tzinfo=PARIS),
          datetime(2026, 12, 20, 23, 30, tzinfo=PARIS))
    assert coach(db, "michel").paused is True and sent_to(db, MICHEL) == []
    # Back from midnight on Monday 21; told once at 08:00, before his 09:00 window.
    ticks(app, datetime(2026, 12, 21, 0, 0, tzinfo=PARIS),
          datetime(2026, 12, 21, 9, 0, tzinfo=PARIS))
    michel = coach(db, "michel")
    assert michel.paused is False and michel.paused_until is None
    back = sent_to(db, MICHEL)
    # Told once at 08:00; and Paul's request, still waiting, is offered to him.
    assert [m.kind for m in back] == ["pause_over", "offer"]
    assert back[0].sent_at.astimezone(PARIS).strftime("%a %d/%m %H:%M") == "Mon 21/12 08:00"
    assert "Demande 1" in back[1].body


@pytest.mark.parametrize("body", ["PAUSE 0 jours", "pause 7 mois", "PAUSE 200 jours",
                                  "PAUSE 27 semaines", "pause 1 an",
                                  # a date as far: the same limit as a length
                                  "PAUSE jusqu'au 4/01/2030", "pause jusqu'au 30/06/2027"])
def test_a_while_of_nothing_or_too_long_is_answered_and_changes_nothing(app, phone, db, body):
    # An offer stands for Michel: a pause refused must not take it from him.
    at(app, phone, MONDAY, PAUL, "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    assert [m.kind for m in sent_to(db, MICHEL)] == ["offer"]
    assert at(app, phone, MONDAY + timedelta(minutes=5), MICHEL, body) == REFUSED
    michel = coach(db, "michel")
    assert michel.paused is False and michel.paused_until is None
    assert [o.status for o in db.scalars(select(Offer))] == ["pending"]


def test_michel_writing_in_english_is_answered_in_english(app, phone):
    assert at(app, phone, MONDAY, MICHEL, "PAUSE 2 weeks") == (
        "Paused until Sun 20 Dec inclusive: no offers until then. DISPO to come back sooner.")
    assert at(app, phone, MONDAY + timedelta(minutes=5), MICHEL, "off for a week") == (
        "Paused until Sun 13 Dec inclusive: no offers until then. DISPO to come back sooner.")
    assert at(app, phone, MONDAY + timedelta(minutes=10), MICHEL, "PAUSE 1 year") == (
        "Length not accepted: nothing changed. For example PAUSE 2h (72h at most), PAUSE 2 "
        "weeks (6 months at most), or PAUSE with no date (until DISPO).")


def test_being_away_for_a_while_is_a_pause_only_when_nothing_more_is_said():
    assert parse_command("off for a week") == Command("PAUSE", None, "for a week")
    assert parse_command("Je suis en congé pour 3 semaines !").verb == "PAUSE"
    # About the person called back, or a note: not the coach's pause.
    assert parse_command("absente 2 jours, je la rappelle lundi") is None


@pytest.mark.parametrize("body, today, last_day", [
    ("PAUSE 2 semaines", date(2026, 12, 7), date(2026, 12, 20)),
    ("PAUSE 1 mois", date(2027, 1, 31), date(2027, 2, 27)),   # back on 28 February
    ("PAUSE 1 mois", date(2026, 12, 7), date(2027, 1, 6)),
    ("pause trois jours", date(2026, 12, 31), date(2027, 1, 2)),
])
def test_a_while_is_counted_from_today(body, today, last_day):
    assert read_end(body, today).last_day == last_day


def test_aide_tells_that_pause_takes_hours_or_a_date_and_both_examples_work(app, phone):
    assert at(app, phone, MONDAY, MICHEL, "AIDE") == (
        "OK n : accepter. NON n : refuser ou rendre. FAIT n : appel fait. ECHEC n : pas de "
        "réponse. INFO n : détails. PAUSE [2h ou 4/01] / DISPO : stop / reprise.")
    assert at(app, phone, MONDAY, MICHEL, "HELP") == (
        "OK n: accept. NO n: decline or give back. DONE n: called. ECHEC n: no answer. "
        "INFO n: details. PAUSE [2h or 4 Jan] / DISPO: stop / resume offers.")
    # What AIDE shows, written as shown, is understood.
    assert at(app, phone, MONDAY + timedelta(minutes=1), MICHEL, "PAUSE 2h") == (
        "Pause notée jusqu'à 12h01 : plus de propositions d'ici là. DISPO pour revenir avant.")
    assert at(app, phone, MONDAY + timedelta(minutes=2), MICHEL, "PAUSE 4/01") == UNTIL.format(
        "lun. 4/1")
    # (Michel writes in French: the English example is understood, and answered in his language.)
    assert at(app, phone, MONDAY + timedelta(minutes=3), MICHEL, "PAUSE 4 Jan") == UNTIL.format(
        "lun. 4/1")


@pytest.mark.parametrize("body, until", [("PAUSE jusqu'au 4 janvier", "lun. 4/1"),
                                         ("PAUSE 2 semaines", "dim. 20/12")])
def test_the_request_page_says_until_when_a_coach_in_the_list_is_away(app, phone, body, until):
    at(app, phone, MONDAY, MICHEL, body)
    at(app, phone, MONDAY + timedelta(minutes=5), PAUL,
       "Paul, rappelez-moi demain 14h-16h, dettes URSSAF")
    with freeze_time(MONDAY + timedelta(minutes=10)):
        client = login_as(app, app.test_client())
        page = client.get("/requests/1").text
    option = re.search(r"<option[^>]*>Michel Bernard —.*?</option>", page, re.S)
    assert option is not None
    assert f"en pause jusqu&#39;au {until} inclus" in option[0]


def test_a_call_michel_accepted_is_recalled_to_him_as_he_leaves_and_can_be_passed_on(
        app, phone, db):
    # He took Paul's call, then leaves for two weeks: the call stays his, and the
    # reply says so, with how to pass it on, rather than Paul waiting for the
    # deadline alert to find it.
    at(app, phone, MONDAY, PAUL, "Paul, rappelez-moi aujourd'hui 14h-16h, dettes URSSAF")
    assert [m.kind for m in sent_to(db, MICHEL)] == ["offer"]
    at(app, phone, MONDAY + timedelta(minutes=5), MICHEL, "OK 1")
    reply = at(app, phone, MONDAY + timedelta(minutes=10), MICHEL, "PAUSE 2 semaines")
    assert reply == (UNTIL.format("dim. 20/12") + "\nToujours à vous : demande 1. Appelez avant "
                     "la pause, ou RENDRE suivi du numéro : une autre personne rappellera.")
    request = db.scalar(select(Request).execution_options(populate_existing=True))
    assert request.status == "accepted" and request.coach.key == "michel"
    # He passes it on: it is offered to another volunteer.
    assert "rendez la demande 1" in at(app, phone, MONDAY + timedelta(minutes=15), MICHEL,
                                       "RENDRE 1")
    db.expire_all()
    assert db.scalar(select(Request)).status in ("open", "offered")


def test_with_no_call_in_hand_the_pause_reply_says_nothing_more(app, phone, db):
    assert at(app, phone, MONDAY, MICHEL, "PAUSE 2 semaines") == UNTIL.format("dim. 20/12")
