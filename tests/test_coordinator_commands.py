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
from tests.conftest import PARIS, PAUL, reply_of, run_clock

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
        phone.text(PAUL, "Paul, dettes, rappelez-moi quand vous voulez")
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
                                   "Oui je prends", "j'appelle", "OK PRIS 1", "Je m'en occupe",
                                   "OK je rappelle", "je l'appelle", "je gère", "Je m'en charge",
                                   "je la rappelle 1", "ok je m'en occupe tout de suite",
                                   "J'appelle maintenant"])
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
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=5),
              WEDNESDAY_NIGHT + timedelta(minutes=35), step=timedelta(minutes=5))  # to :40
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


WEDNESDAY_AFTERNOON = datetime(2026, 11, 25, 15, 0, tzinfo=PARIS)


def test_a_coordinator_who_made_the_crisis_call_says_fait_and_the_request_is_called_back(
        app, phone, db):
    from sqlalchemy import select

    from dispatch.models import Event, Offer
    from tests.conftest import outbox
    # Paul's crisis on Wednesday afternoon: trained coaches are offered it at once.
    with freeze_time(WEDNESDAY_AFTERNOON):
        phone.text(PAUL, CRISIS)
        tick(app)
    offered = {o.coach.mobile for o in db.scalars(select(Offer))}
    assert offered
    with freeze_time(WEDNESDAY_AFTERNOON + timedelta(minutes=2)):
        taken = reply_of(phone.text(CLAIRE, "PRIS 1"))
    assert "FAIT 1 une fois l'appel passé." in taken
    # Claire phoned Paul herself and says so.
    with freeze_time(WEDNESDAY_AFTERNOON + timedelta(minutes=25)):
        reply = reply_of(phone.text(CLAIRE, "FAIT 1 appelé, il va mieux, orienté 3114"))
    assert reply.startswith("Demande 1 notée rappelée")
    db.expire_all()
    request = db.get(Request, 1)
    assert request.status == "contacted" and request.note == "appelé, il va mieux, orienté 3114"
    contacted = db.scalar(select(Event).where(Event.kind == "contacted"))
    assert (contacted.actor, contacted.detail) == ("Claire Moreau",
                                                   "appelé, il va mieux, orienté 3114")
    # The coaches offered it are told it is no longer theirs to call; nothing
    # more goes out about it (no URGENT offer, page or alert for hours).
    assert all(o.status != "pending" for o in db.scalars(select(Offer)))
    for mobile in offered:
        assert "vous n'avez plus à rappeler" in outbox(db, to=mobile)[-1].body
    sent = len(outbox(db))
    run_clock(app, WEDNESDAY_AFTERNOON + timedelta(minutes=30),
              WEDNESDAY_AFTERNOON + timedelta(hours=3, minutes=50),
              step=timedelta(minutes=10))  # until before the 4th hour
    assert len(outbox(db)) == sent
    # Sent again: already called back, the words kept as a note.
    with freeze_time(WEDNESDAY_AFTERNOON + timedelta(hours=4)):
        again = reply_of(phone.text(CLAIRE, "FAIT 1 rappelle demain pour le suivi"))
    assert again == "Demande 1 déjà rappelée : rien de plus à noter."
    db.expire_all()
    assert db.get(Request, 1).note.endswith("\nrappelle demain pour le suivi")


def test_a_bare_fait_is_the_call_on_the_request_the_coordinator_took(app, phone, db):
    from sqlalchemy import select

    from dispatch.models import Offer
    from tests.conftest import outbox
    three_requests(app, phone)
    coach = db.scalar(select(Offer).where(Offer.request_id == 1)).coach.mobile
    with freeze_time(WEDNESDAY + timedelta(minutes=5)):
        assert "pour vous" in reply_of(phone.text(coach, "OK 1"))
        phone.text(CLAIRE, "PRIS 1")
    with freeze_time(WEDNESDAY + timedelta(minutes=20)):
        assert reply_of(phone.text(CLAIRE, "c'est fait")).startswith("Demande 1 notée rappelée")
    db.expire_all()
    assert db.get(Request, 1).status == "contacted"
    # The coach who had accepted it is told not to call.
    assert outbox(db, to=coach)[-1].body.startswith("La coordination a repris la demande 1")


def test_a_coordinator_who_called_and_got_no_answer_says_echec_and_the_person_is_told(
        app, phone, db):
    """Claire took Paul's crisis on Wednesday afternoon and called: no answer.
    Her ECHEC 1 is noted on the timeline (as a coach's would be), Paul is told
    someone tried, and the request stays hers to call again; the same ECHEC
    sent twice tells him once. Before, it was "Message non compris"."""
    from sqlalchemy import select

    from dispatch.models import Event
    from tests.conftest import outbox
    with freeze_time(WEDNESDAY_AFTERNOON):
        phone.text(PAUL, CRISIS)
        tick(app)
        phone.text(CLAIRE, "PRIS 1")
    for minutes in (20, 21):
        with freeze_time(WEDNESDAY_AFTERNOON + timedelta(minutes=minutes)):
            reply = reply_of(phone.text(CLAIRE, "ECHEC 1 messagerie"))
        assert reply == ("Demande 1 : appel sans réponse noté, la personne est prévenue. "
                         "Réessayez, puis FAIT 1 une fois l'appel passé."), reply
    tried = db.scalars(select(Event).where(Event.kind.in_(("call_failed", "note")))).all()
    assert [(e.kind, e.actor, e.detail) for e in tried] == [
        ("call_failed", "Claire Moreau", "sans réponse"), ("note", "Claire Moreau", "messagerie")]
    told = [m.body for m in outbox(db, to=PAUL) if m.kind == "tried_to_call"]
    assert len(told) == 1 and "notre équipe a essayé de vous appeler (demande 1)" in told[0]
    assert taker(db, 1) == "claire" and db.get(Request, 1).status != "contacted"
    # A bare "personne ne répond" is about the one request she holds.
    with freeze_time(WEDNESDAY_AFTERNOON + timedelta(minutes=40)):
        assert reply_of(phone.text(CLAIRE, "personne ne répond")).startswith("Demande 1 : appel")


def test_a_coordinators_help_says_fait(app, phone):
    with freeze_time(WEDNESDAY):
        helped = reply_of(phone.text(CLAIRE, "aide"))
        unclear = reply_of(phone.text(CLAIRE, "bonjour"))
    assert "FAIT n une fois l'appel passé" in helped and "FAIT n une fois" in unclear


def test_pris_on_a_request_a_coach_accepted_names_the_coach_who_will_call(app, phone, db):
    from sqlalchemy import select

    from dispatch.models import Offer
    three_requests(app, phone)
    offer = db.scalar(select(Offer).where(Offer.request_id == 1))
    with freeze_time(WEDNESDAY + timedelta(minutes=5)):
        phone.text(offer.coach.mobile, "OK 1")
    first_name = offer.coach.first_name
    with freeze_time(WEDNESDAY + timedelta(minutes=10)):
        reply = reply_of(phone.text(CLAIRE, "PRIS 1"))
        several = reply_of(phone.text(BERTRAND, "PRIS 1 2"))
    assert reply == (f"Demande 1 : vous la prenez en main. Déjà acceptée par {first_name} "
                     "(coach), qui va appeler. https://rappel.example.org/requests/1")
    assert f"Demande 1 déjà acceptée par {first_name}" not in several  # Claire has it
    assert several.startswith("Vous prenez en main : demande 2. Demande 1 déjà prise en main")


def test_pris_among_several_names_the_coach_who_will_call(app, phone, db):
    from sqlalchemy import select

    from dispatch.models import Offer
    three_requests(app, phone)
    offer = db.scalar(select(Offer).where(Offer.request_id == 1))
    with freeze_time(WEDNESDAY + timedelta(minutes=5)):
        phone.text(offer.coach.mobile, "OK 1")
    with freeze_time(WEDNESDAY + timedelta(minutes=10)):
        reply = reply_of(phone.text(CLAIRE, "PRIS 1 2"))
    assert reply == ("Vous prenez en main : demandes 1 et 2. Demande 1 déjà acceptée par "
                     f"{offer.coach.first_name} (coach), qui va appeler.")


def test_a_request_taken_over_from_the_last_shift_names_the_coach_who_will_call(app, phone, db):
    from sqlalchemy import select

    from dispatch.models import Offer
    three_requests(app, phone)
    offer = db.scalar(select(Offer).where(Offer.request_id == 1))
    with freeze_time(WEDNESDAY + timedelta(minutes=5)):
        phone.text(CLAIRE, "PRIS 1")
        phone.text(offer.coach.mobile, "OK 1")
    # Thursday 09:00: Claire's shift is over, Bertrand's has begun.
    with freeze_time(datetime(2026, 11, 26, 9, 0, tzinfo=PARIS)):
        reply = reply_of(phone.text(BERTRAND, "PRIS 1"))
    assert reply.startswith("Demande 1 : vous la prenez en main. Claire Moreau l'avait prise")
    assert reply.endswith(f"Demande 1 déjà acceptée par {offer.coach.first_name} (coach), qui va "
                          "appeler.")


def test_a_bare_fait_about_a_request_only_alerted_marks_nothing(app, phone, db):
    """'C'est fait' after an alert may be about anything (a coach found, a call
    given to someone): only a request the coordinator took in hand is marked."""
    from sqlalchemy import select

    from dispatch.models import Offer
    from tests.conftest import outbox
    three_requests(app, phone)
    coach = db.scalar(select(Offer).where(Offer.request_id == 1)).coach.mobile
    with freeze_time(WEDNESDAY + timedelta(minutes=5)):
        phone.text(coach, "OK 1")
    for attempt in (1, 2, 3):
        with freeze_time(WEDNESDAY + timedelta(minutes=5 + 20 * attempt)):
            phone.text(coach, "ECHEC 1")
    with freeze_time(WEDNESDAY + timedelta(minutes=70)):
        tick(app)
    assert any("3 appels sans réponse" in m.body for m in outbox(db, to=CLAIRE))
    with freeze_time(WEDNESDAY + timedelta(minutes=75)):
        phone.text(CLAIRE, "c'est fait, confiée à Gérard")
        phone.text(CLAIRE, "Fait")
    db.expire_all()
    assert all(db.get(Request, n).status != "contacted" for n in (1, 2, 3))


@pytest.mark.parametrize("words", ["Pris note", "Je prends mon service à 8h", "Ok 1 sec",
                                   "oui 2 secondes", "je m'en occupe demain",
                                   "je ne peux pas m'en occuper", "je rappelle dans 1 heure",
                                   "je gère pas", "Qui s'en occupe ?",
                                   "je m'en occupe si Inès ne peut pas"])
def test_words_near_a_take_take_nothing(app, phone, db, words):
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=3)):
        phone.text(CLAIRE, words)
    assert taker(db, 1) is None
