"""Words of danger from the team's own phones: a coach relaying what the
person said makes the request a crisis (as a coordinator marking it would);
a coach's or a coordinator's own distress is answered with 3114.

Sample roster (volunteers.yaml): Inès is on call at the weekend; Hélène, the
weekend coach, is trained for crises; Bertrand coordinates.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Alert, Coordinator, Event, Request
from scheduling import tick
from tests.conftest import PARIS, outbox, reply_of

KARIM, HELENE = "+33611000003", "+33639981007"
INES, BERTRAND, CLAIRE = "+33639980003", "+33639980002", "+33639980001"
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=PARIS)
RELAY = ("Karim me dit qu'il veut en finir ce soir, il a les médicaments. "
         "Je ne sais pas quoi faire")


@pytest.fixture
def app(sample_app):
    return sample_app


def helene_holds_karims_request(app, phone):
    with freeze_time(SATURDAY):
        phone.text(KARIM, "Bonjour, je suis épuisé, mon restaurant va fermer. "
                          "Rappelez-moi samedi 10h-12h. Karim")
        tick(app)
    with freeze_time(SATURDAY + timedelta(minutes=5)):
        assert "Demande 1 pour vous" in reply_of(phone.text(HELENE, "OK 1"))


def request_1(db) -> Request:
    db.expire_all()
    return db.get(Request, 1)


def timeline(db, kind):
    return [(e.actor, e.detail) for e in db.scalars(
        select(Event).where(Event.request_id == 1, Event.kind == kind).order_by(Event.id))]


def test_it_makes_the_request_a_crisis_when_its_coach_relays_words_of_danger(app, phone, db):
    helene_holds_karims_request(app, phone)
    relayed_at = SATURDAY + timedelta(minutes=40)
    with freeze_time(relayed_at):
        reply = reply_of(phone.text(HELENE, RELAY))
    assert "Demande 1 en urgence" in reply and "astreinte" in reply
    assert "15 ou 112" in reply and "3114" in reply
    request = request_1(db)
    assert request.crisis and request.deadline == relayed_at + timedelta(hours=1)
    assert {m.channel for m in outbox(db, to=INES) if m.kind == "page"} == {"sms", "call"}
    [(actor, why)] = timeline(db, "crisis_marked")
    assert actor == "Hélène Fournier" and "il a les médicaments" in why
    [notice] = [m for m in outbox(db, to=KARIM) if m.kind == "notice"]
    assert "3114" in notice.body


def test_a_coachs_own_distress_gets_3114_and_reaches_the_one_on_call(app, phone, db):
    with freeze_time(SATURDAY):
        reply = reply_of(phone.text(HELENE, "je n'en peux plus, je veux en finir"))
        tick(app)
    assert "3114" in reply and "15 ou 112" in reply and "astreinte" in reply
    [alert] = outbox(db, to=INES)
    assert alert.kind == "alert" and "Hélène Fournier" in alert.body
    assert "06 39 98 10 07" in alert.body and "je veux en finir" in alert.body


def test_a_coachs_own_distress_leaves_the_request_they_hold_as_it_was(app, phone, db):
    helene_holds_karims_request(app, phone)
    with freeze_time(SATURDAY + timedelta(hours=2)):
        reply = reply_of(phone.text(HELENE, "je n'en peux plus, je veux en finir"))
        tick(app)
    assert reply.startswith("Merci de nous l'écrire. Appelez le 3114")
    assert not request_1(db).crisis and timeline(db, "note") == []
    assert [m.kind for m in outbox(db, to=INES)] == ["alert"]


def test_a_coordinators_own_distress_gets_3114(app, phone):
    with freeze_time(SATURDAY):
        reply = reply_of(phone.text(BERTRAND, "j'ai envie d'en finir"))
    assert "3114" in reply and "15 ou 112" in reply and "non compris" not in reply


def test_a_coordinators_own_distress_reaches_the_one_on_call_without_their_words(
        app, phone, db):
    with freeze_time(SATURDAY):
        reply = reply_of(phone.text(BERTRAND, "j'ai envie d'en finir, je n'en peux plus"))
        tick(app)
    assert reply == ("Vous pouvez appeler le 3114 maintenant, jour et nuit, gratuit. Urgence : "
                     "15 ou 112. Nous avons demandé à Inès Barbier de vous appeler.")
    [alert] = outbox(db, to=INES)
    assert alert.kind == "alert"   # at once: an ordinary alert waits 3 minutes to merge
    assert alert.body == ("Ça va patron ? : URGENT, confidentiel : Bertrand Lagrange "
                          "(coordination) a écrit un message de détresse et a besoin de parler, "
                          "3114 donné. Appelez au plus vite le 06 39 98 00 02.")
    assert outbox(db, to=CLAIRE) == [] and db.scalars(select(Event)).all() == []


def test_the_one_on_call_in_distress_at_night_reaches_the_next_of_the_roster_at_once(
        app, phone, db):
    """Inès, on call and last of the roster, writes at 23:30: quiet hours,
    nobody else on call; Claire, first of the roster, is told at once."""
    night = SATURDAY.replace(hour=23, minute=30)
    with freeze_time(night):
        reply = reply_of(phone.text(INES, "je veux mourir"))
        tick(app)
    assert reply.endswith("Nous avons demandé à Claire Moreau de vous appeler.")
    [alert] = outbox(db, to=CLAIRE)
    assert "Inès Barbier (coordination)" in alert.body and "06 39 98 00 03" in alert.body
    assert "mourir" not in alert.body and outbox(db, to=BERTRAND) == []


def test_a_coordinator_alone_on_the_roster_gets_3114_only(app, phone, db):
    for coordinator in db.scalars(select(Coordinator).where(Coordinator.mobile != BERTRAND)):
        coordinator.active = False   # left the roster
    db.commit()
    with freeze_time(SATURDAY):
        reply = reply_of(phone.text(BERTRAND, "j'ai envie d'en finir"))
        tick(app)
    assert reply == ("Vous pouvez appeler le 3114 maintenant, jour et nuit, gratuitement : des "
                     "personnes formées écoutent. Urgence : 15 ou 112.")
    assert outbox(db) == [] and db.scalars(select(Alert)).all() == []


def test_an_ordinary_done_note_quoting_the_person_stays_a_call_made(app, phone, db):
    helene_holds_karims_request(app, phone)
    with freeze_time(SATURDAY + timedelta(hours=1)):
        reply = reply_of(phone.text(
            HELENE, "FAIT 1 il a parlé de tout arrêter, on a réglé ça, orienté CCI"))
        tick(app)
    assert reply == "Merci pour cet appel ! La demande 1 est notée comme rappelée, avec votre note."
    request = request_1(db)
    assert request.status == "contacted" and not request.crisis
    assert db.scalars(select(Alert)).all() == []


def test_a_call_made_with_words_of_danger_stays_made_and_the_one_on_call_is_told(app, phone,
                                                                               db):
    helene_holds_karims_request(app, phone)
    with freeze_time(SATURDAY + timedelta(hours=1)):
        reply = reply_of(phone.text(HELENE, "FAIT 1 il a parlé de suicide, orienté APESA"))
        tick(app)
    assert reply.startswith("Merci pour cet appel !") and "15 ou 112" in reply
    assert request_1(db).status == "contacted"
    [alert] = outbox(db, to=INES)
    assert "URGENT demande 1" in alert.body and "parlé de suicide" in alert.body


def test_an_idiom_that_looks_like_danger_is_a_note(app, phone, db):
    helene_holds_karims_request(app, phone)
    with freeze_time(SATURDAY + timedelta(minutes=30)):
        reply = reply_of(phone.text(HELENE, "je vais me tuer à la tâche ce week-end"))
    assert reply == "Note ajoutée à la demande 1. Merci !"
    assert not request_1(db).crisis
