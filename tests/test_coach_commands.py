"""Coaches answering by SMS: every command of the spec's table, and refusals."""
from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.commands import Command, parse_command
from dispatch.models import Coach, Request
from scheduling import tick
from tests.conftest import CLAIRE, MICHEL, NOW, ODILE, PAUL, outbox, reply_of


@pytest.mark.parametrize("text, expected", [
    ("OK 12", Command("OK", 12)), ("oui", Command("OK", None)), ("Yes #12", Command("OK", 12)),
    ("ok n°12", Command("OK", 12)), ("NON 3", Command("NON", 3)), ("no", Command("NON", None)),
    ("Fait 7.", Command("FAIT", 7)), ("done 7", Command("FAIT", 7)),
    ("échec 4", Command("ECHEC", 4)), ("Injoignable", Command("ECHEC", None)),
    ("pause", Command("PAUSE", None)), ("Dispo !", Command("DISPO", None)),
    ("info 9", Command("INFO", 9)), ("AIDE", Command("AIDE", None)), ("help", Command("AIDE", None)),
    ("  ok   12  ", Command("OK", 12)), ("OK12", Command("OK", 12)),
    ("ok je rappelle demain", Command("OK", None)), ("OK 12 merci", Command("OK", 12)),
    ("Non désolé", Command("NON", None)), ("Fait, il va mieux", Command("FAIT", None)),
    ("bonjour", None), ("", None), ("12", None), ("okay", None),
])
def test_commands_read_regardless_of_case_accents_and_punctuation(text, expected):
    assert parse_command(text) == expected


def offered(app, phone, db, body="Paul, rappelez-moi demain 14h-16h, dettes"):
    with freeze_time(NOW):
        phone.text(PAUL, body)
        tick(app)
    db.expire_all()
    return db.get(Request, 1)


def accepted(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        phone.text(MICHEL, "OK 1")
    db.expire_all()
    return db.get(Request, 1)


def test_echec_tells_the_entrepreneur_and_after_three_the_coordinators(app, phone, db):
    accepted(app, phone, db)
    for attempt in (1, 2, 3):
        with freeze_time(NOW + timedelta(hours=attempt)):
            assert f"Essai {attempt}" in reply_of(phone.text(MICHEL, "ECHEC"))
    to_paul = [m.body for m in outbox(db, to=PAUL) if m.kind == "tried_to_call"]
    assert len(to_paul) == 3 and "06 39 98 10 01" in to_paul[0]
    alerts = [m.body for m in outbox(db, to=CLAIRE) if "essais" in m.body]
    assert alerts == ["Demande 1: 3 essais d'appel sans reponse (Michel Bernard)."]


def test_pause_stops_offers_and_dispo_resumes_them(app, phone, db):
    with freeze_time(NOW):
        assert "Pause" in reply_of(phone.text(MICHEL, "PAUSE"))
    offered(app, phone, db)
    assert outbox(db, to=MICHEL) == []
    with freeze_time(NOW):
        assert "Bon retour" in reply_of(phone.text(MICHEL, "dispo"))
    assert db.scalar(select(Coach.paused).where(Coach.key == "michel")) is False


def test_info_gives_the_details_again(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW):
        reply = reply_of(phone.text(MICHEL, "INFO"))
    assert "Demande 1 (acceptee)" in reply and "06 12 34 56 78" in reply


def test_the_number_is_needed_when_several_requests_fit(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        phone.text("+33698765432", "Luc, rappel demain 15h, dettes URSSAF")
        tick(app)
        phone.text(MICHEL, "OK")
        assert "FAIT 1 / 2" in reply_of(phone.text(MICHEL, "FAIT"))


def test_an_unknown_number_cannot_command(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW):
        assert "reservee aux benevoles" in reply_of(phone.text("+33698765432", "OK 1"))
    assert db.get(Request, 1).status == "offered"


def test_a_coach_cannot_act_on_another_coachs_request(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW):
        assert "pas attribuee" in reply_of(phone.text(ODILE, "FAIT 1"))
        assert "pas attribuee" in reply_of(phone.text(ODILE, "OK 1"))
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


def test_ok_after_the_offer_expired_is_too_late_even_before_the_clock_runs(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=30)):  # the expiry instant, clock not yet run
        assert "Trop tard" in reply_of(phone.text(MICHEL, "OK 1"))
        tick(app)
    db.expire_all()
    request = db.get(Request, 1)
    assert request.status == "offered" and request.coach_id is None


def test_ok_to_a_cancelled_request_is_refused_and_the_coach_was_told(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        phone.text(PAUL, "ANNULER")
        assert "annulee" in reply_of(phone.text(MICHEL, "OK 1"))
    assert any("annulee par la personne" in m.body for m in outbox(db, to=MICHEL))
    db.expire_all()
    assert db.get(Request, 1).status == "cancelled"


def test_a_later_sms_is_forwarded_to_the_accepted_coach(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(PAUL, "finalement plutot au 07 81 52 64 90")
    forwards = [m.body for m in outbox(db, to=MICHEL) if m.kind == "forward"]
    assert forwards == ["Demande 1, nouveau message de Paul: finalement plutot au 07 81 52 64 90"]


def test_unknown_text_from_a_coach_gets_the_help(app, phone):
    with freeze_time(NOW):
        assert "OK n: accepter" in reply_of(phone.text(MICHEL, "bonjour, une question"))


def test_a_coach_is_told_when_the_coordinators_cancel_or_take_a_request_back(app, phone, db):
    from dispatch import lifecycle
    accepted(app, phone, db)
    request = db.get(Request, 1)
    with freeze_time(NOW):
        lifecycle.reassign(db, request, NOW, "Claire Moreau")
        db.commit()
    assert "plus a rappeler" in outbox(db, to=MICHEL)[-1].body
    with freeze_time(NOW):
        tick(app)
        lifecycle.cancel(db, app_context(app, db), db.get(Request, 1), NOW, "Claire Moreau")
        db.commit()
    assert "annulee par la coordination" in outbox(db)[-1].body


def app_context(app, db):
    from scheduling import context_for
    return context_for(app, db)
