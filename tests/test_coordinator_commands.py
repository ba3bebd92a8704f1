"""What coordinators answer by SMS, as they write it: several numbers in one
PRIS, the words they answer a page with, FAIT once they made the call.

Stories on the sample roster (volunteers.yaml): Claire is on call from Monday
08:00 to Thursday 08:00, Bertrand until Saturday 08:00, Inès at the weekend.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time

from dispatch.models import Request
from scheduling import tick
from tests.conftest import PARIS, PAUL, reply_of

CLAIRE, BERTRAND, INES = "+33639980001", "+33639980002", "+33639980003"
LUC, NINA = "+33698765432", "+33698765433"
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)
CRISIS = "Je n'en peux plus, je veux en finir. Paul 06 12 34 56 78"


@pytest.fixture
def app(sample_app):
    return sample_app


def taker(db, n: int) -> str | None:
    db.expire_all()
    request = db.get(Request, n)
    return request.taken_by.key if request.taken_by is not None else None


def three_requests(app, phone):
    """Paul, Luc and Nina ask on Wednesday 10:00 to be called back."""
    with freeze_time(WEDNESDAY):
        phone.text(PAUL, "Paul, dettes, rappelez-moi vendredi après-midi")
        phone.text(LUC, "Luc, URSSAF, rappel demain 15h")
        phone.text(NINA, "Nina, trésorerie, n'importe quand")
        tick(app)


@pytest.mark.parametrize("words", ["PRIS 1 et 2", "PRIS 1 2", "pris 1, 2", "ACK 1 2"])
def test_a_pris_with_several_numbers_takes_each(app, phone, db, words):
    three_requests(app, phone)
    with freeze_time(WEDNESDAY + timedelta(minutes=5)):
        reply = reply_of(phone.text(CLAIRE, words))
    assert reply == "Vous prenez en main : demandes 1 et 2."
    assert (taker(db, 1), taker(db, 2), taker(db, 3)) == ("claire", "claire", None)


def test_a_pris_with_several_numbers_says_which_could_not_be_taken_and_why(app, phone, db):
    three_requests(app, phone)
    with freeze_time(WEDNESDAY + timedelta(minutes=5)):
        phone.text(CLAIRE, "PRIS 2")
        phone.text(NINA, "ANNULER")
        phone.text(NINA, "ANNULER")
    with freeze_time(WEDNESDAY + timedelta(minutes=6)):
        reply = reply_of(phone.text(BERTRAND, "PRIS 1, 2, 3 et 9"))
    assert reply == ("Vous prenez en main : demande 1. Demande 2 déjà prise en main par "
                     "Claire Moreau (tél. 06 39 98 00 01). Demande 3 (annulée) : plus rien à "
                     "prendre en main. La demande 9 n'existe pas. Vérifiez le numéro.")
    assert (taker(db, 1), taker(db, 2), taker(db, 3)) == ("bertrand", "claire", None)


WEDNESDAY_NIGHT = datetime(2026, 11, 25, 2, 10, tzinfo=PARIS)


def pages_to(db, number: str) -> int:
    from tests.conftest import outbox
    return len([m for m in outbox(db, to=number) if m.kind == "page"])


@pytest.mark.parametrize("words", ["OK 1", "OK", "oui", "1", "Je la prends", "Pri 1", "prsi 1",
                                   "Oui je prends", "j'appelle", "OK PRIS 1"])
def test_a_coordinators_natural_answer_to_a_page_takes_the_crisis(app, phone, db, words):
    # The call says « appuyez sur 1 »; the SMS says PRIS 1. Claire, on call and
    # woken, answers as people do: the pages stop, as for PRIS 1.
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=3)):
        reply = reply_of(phone.text(CLAIRE, words))
    assert reply.startswith("Demande 1 : vous la prenez en main"), reply
    assert taker(db, 1) == "claire"
    paged = pages_to(db, CLAIRE) + pages_to(db, BERTRAND)
    at = WEDNESDAY_NIGHT + timedelta(minutes=5)
    while at < WEDNESDAY_NIGHT + timedelta(minutes=40):
        with freeze_time(at):
            tick(app)
        at += timedelta(minutes=5)
    assert pages_to(db, CLAIRE) + pages_to(db, BERTRAND) == paged


def test_a_bare_answer_from_a_coordinator_told_of_two_asks_which(app, phone, db):
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        phone.text(LUC, "Je veux mourir, je n'en peux plus. Luc")
        tick(app)
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=3)):
        assert reply_of(phone.text(CLAIRE, "oui")) == "Précisez le numéro de demande : PRIS 1 / 2"
        assert reply_of(phone.text(CLAIRE, "1")) == "Précisez le numéro de demande : PRIS 1 / 2"
        assert reply_of(phone.text(CLAIRE, "ok 2")).startswith("Demande 2 : vous la prenez")
    assert (taker(db, 1), taker(db, 2)) == (None, "claire")


def test_a_thank_you_from_a_coordinator_takes_nothing(app, phone, db):
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=3)):
        assert reply_of(phone.text(CLAIRE, "OK merci")).startswith("Message non compris")
        assert reply_of(phone.text(CLAIRE, "Prix 1")).startswith("Message non compris")
    assert taker(db, 1) is None
