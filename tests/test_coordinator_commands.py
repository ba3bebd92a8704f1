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
