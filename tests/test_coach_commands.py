"""Coaches answering by SMS: every command of the spec's table, and refusals."""
from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.commands import Command, parse_command
from dispatch.models import Coach, Offer, Request
from scheduling import tick
from tests.conftest import CLAIRE, MICHEL, NOW, ODILE, PARIS, PAUL, outbox, reply_of


@pytest.mark.parametrize("text, expected", [
    ("OK 12", Command("OK", 12)), ("oui", Command("OK", None)), ("Yes #12", Command("OK", 12, lang="en")),
    ("ok n°12", Command("OK", 12)), ("NON 3", Command("NON", 3)), ("no", Command("NON", None, lang="en")),
    ("Fait 7.", Command("FAIT", 7)), ("done 7", Command("FAIT", 7, lang="en")),
    ("échec 4", Command("ECHEC", 4)), ("Injoignable", Command("ECHEC", None)),
    ("pause", Command("PAUSE", None)), ("Dispo !", Command("DISPO", None)),
    ("info 9", Command("INFO", 9)), ("AIDE", Command("AIDE", None)), ("help", Command("AIDE", None, lang="en")),
    ("  ok   12  ", Command("OK", 12)), ("OK12", Command("OK", 12)),
    ("ok je rappelle demain", Command("OK", None, "je rappelle demain")),
    ("OK 12 merci", Command("OK", 12, "merci")),
    ("Non désolé", Command("NON", None, "désolé")),
    ("Fait, il va mieux", Command("FAIT", None, "il va mieux")),
    ("FAIT 12 orienté CCI", Command("FAIT", 12, "orienté CCI")),
    ("rendre 5", Command("RENDRE", 5)), ("PRIS 8", Command("PRIS", 8)),
    ("ack 8", Command("PRIS", 8)),
    ("O.K.", Command("OK", None)), ("o.k. 12", Command("OK", 12)),
    ("Disponible", Command("DISPO", None)), ("Je prends 4", Command("PRIS", 4)),
    ("je prends", Command("PRIS", None)),
    ("bonjour", None), ("", None), ("12", None), ("okay", None), ("ok ko", Command("OK", None, "ko")),
    # The words coaches put before the number, and several numbers at once.
    ("ok pour la 2", Command("OK", 2)), ("RENDS LA 1", Command("RENDRE", 1)),
    ("ok la demande 5", Command("OK", 5)), ("OK request 3", Command("OK", 3)),
    ("Fait pour la 12 orienté CCI", Command("FAIT", 12, "orienté CCI")),
    ("OK 1 2", Command("OK", 1, more=(2,))), ("ok 1 et 2", Command("OK", 1, more=(2,))),
    ("Non 3, 4", Command("NON", 3, more=(4,))), ("OK 1 1", Command("OK", 1)),
    ("OK pour 14 h", Command("OK", None, "pour 14 h")),   # a time, not request 14
    ("ok 3 demain 14h", Command("OK", 3, "demain 14h")),
    ("FAIT la demande est close", Command("FAIT", None, "la demande est close")),
    # Commands written in words.
    ("Non joignable", Command("ECHEC", None)), ("Non, pas de réponse", Command("ECHEC", None)),
    ("no answer 4", Command("ECHEC", 4)), ("pas de réponse 4 : numéro faux ?",
                                            Command("ECHEC", 4, "numéro faux ?")),
    ("Ok pour le 1", Command("OK", 1)), ("Ok pour 12", Command("OK", 12)),
    ("Oui je prends la 12", Command("OK", 12)), ("yes I take 12", Command("OK", 12, lang="en")),
    ("ok pour 14h", Command("OK", None, "pour 14h")),
    ("je ne peux plus, je la rends", Command("RENDRE", None)), ("give back 3", Command("RENDRE", 3)),
    ("c'est fait pour la 1, orienté CCI", Command("FAIT", 1, "orienté CCI")),
    ("rappel fait", Command("FAIT", None)), ("ok 1 fait", Command("FAIT", 1)),
    ("Ok c'est fait", Command("FAIT", None)),
    ("Appel fait, orienté CCI", Command("FAIT", None, "orienté CCI")),
    ("Appelé, orienté CCI", Command("FAIT", None, "orienté CCI")),
    ("Appel fait, répondeur", None), ("Appelé la banque pour lui", None),
    ("Non merci 2", Command("NON", 2)), ("D'accord 2", Command("OK", 2)), ("D'accord", None),
    ("D'accord 14h", None), ("Répondeur 2", Command("ECHEC", 2)), ("Messagerie pleine", None),
    ("Je ne peux pas le joindre", None), ("Personne ne répond 2", Command("ECHEC", 2)),
    ("je suis en pause", Command("PAUSE", None)), ("Je suis dispo", Command("DISPO", None)),
    ("Messagerie, je réessaie demain", None),   # words: a note (spec), not a command
])
def test_commands_read_regardless_of_case_accents_and_punctuation(text, expected):
    from dataclasses import replace
    read = parse_command(text)
    # `loose` (a number after words) is checked by the stories below.
    assert (replace(read, loose=False) if read is not None else None) == expected


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
    assert len(to_paul) == 3 and not any("06 39 98 10 01" in body for body in to_paul)
    assert "essayé de vous appeler" in to_paul[0] and "moment qui vous convient" in to_paul[2]
    with freeze_time(NOW + timedelta(hours=3, minutes=5)):
        tick(app)
    alerts = [m.body for m in outbox(db, to=CLAIRE) if "appels sans réponse" in m.body]
    assert len(alerts) == 1
    assert "demande 1 : 3 appels sans réponse (Michel Bernard), échéance mer. 25/11 16h" \
        in alerts[0]
    assert "injoignable" in alerts[0] and "/requests/1" in alerts[0]
    # The request no longer counts among Michel's: he may take three others.
    from dispatch.lifecycle import open_count
    assert open_count(db, db.scalar(select(Coach.id).where(Coach.key == "michel"))) == 0


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
    assert "Demande 1 (acceptée)" in reply and "06 12 34 56 78" in reply


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
        assert "réservée à l'équipe bénévole" in reply_of(phone.text("+33698765432", "OK 1"))
    assert db.get(Request, 1).status == "offered"


def test_a_coach_cannot_act_on_another_coachs_request(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW):
        assert "pas attribuée" in reply_of(phone.text(ODILE, "FAIT 1"))
        assert "pas attribuée" in reply_of(phone.text(ODILE, "OK 1"))
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


def test_a_report_with_a_mistyped_number_names_the_request_the_coach_holds(app, phone, db):
    """FAIT 2 from the coach holding request 1: not done, and told which one is
    theirs and how to report it, rather than a bare refusal."""
    accepted(app, phone, db)
    with freeze_time(NOW):
        reply = reply_of(phone.text(MICHEL, "FAIT 2"))
        assert reply == ("La demande 2 ne vous est pas attribuée. Demandes que vous suivez : "
                         "FAIT 1")
        assert reply_of(phone.text(MICHEL, "ECHEC 7")).endswith("suivez : ECHEC 1")
        # Nothing held: the plain refusal.
        assert reply_of(phone.text(ODILE, "FAIT 2")) == "La demande 2 ne vous est pas attribuée."
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


def test_a_late_ok_still_wins_while_nobody_holds_the_request(app, phone, db):
    offered(app, phone, db, "Paul, rappelez-moi demain matin, problème juridique")
    with freeze_time(NOW + timedelta(minutes=45)):  # expired, and offered to the next coach
        tick(app)
    db.expire_all()
    assert db.get(Request, 1).status == "offered"
    with freeze_time(NOW + timedelta(minutes=50)):
        assert "Demande 1 pour vous" in reply_of(phone.text(MICHEL, "OK 1"))
    db.expire_all()
    request = db.get(Request, 1)
    assert request.status == "accepted" and request.coach.key == "michel"
    [told] = [m for m in outbox(db) if m.kind == "taken"]  # the other coach is thanked
    assert "acceptée par une autre personne" in told.body and told.to_number != MICHEL
    with freeze_time(NOW + timedelta(minutes=55)):
        assert "déjà été prise" in reply_of(phone.text(told.to_number, "OK 1"))


def test_a_late_ok_without_the_number_wins_too_when_it_can_mean_one_request(app, phone, db):
    """N is optional when one request fits: a lapsed offer still waiting for a coach."""
    offered(app, phone, db, "Paul, rappelez-moi demain matin, problème juridique")
    with freeze_time(NOW + timedelta(minutes=45)):
        tick(app)
    with freeze_time(NOW + timedelta(minutes=50)):
        assert "Demande 1 pour vous" in reply_of(phone.text(MICHEL, "ok"))
    db.expire_all()
    assert db.get(Request, 1).coach.key == "michel"


def test_ok_to_a_cancelled_request_is_refused_and_the_coach_was_told(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        phone.text(PAUL, "ANNULER")
        assert "annulée" in reply_of(phone.text(MICHEL, "OK 1"))
    assert any("annulée par la personne" in m.body for m in outbox(db, to=MICHEL))
    db.expire_all()
    assert db.get(Request, 1).status == "cancelled"


def test_a_later_sms_is_forwarded_to_the_accepted_coach(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(PAUL, "finalement plutot au 07 81 52 64 90")
    forwards = [m.body for m in outbox(db, to=MICHEL) if m.kind == "forward"]
    assert forwards == ["Demande 1, nouveau message de Paul : finalement plutot au 07 81 52 64 90"]


def test_other_times_from_the_person_tell_the_coach_the_new_deadline_and_the_way_out(
        app, phone, db):
    """Michel holds Paul's request; Paul takes his times back for Thursday
    afternoon: Michel reads the new slot and deadline, and RENDRE 1 if it does
    not suit, not only Paul's words."""
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(PAUL, "Finalement plutôt jeudi après-midi, merci")
    request = db.get(Request, 1)
    db.refresh(request)
    [forward] = [m.body for m in outbox(db, to=MICHEL) if m.kind == "forward"]
    assert forward.startswith("Demande 1, nouveau message de Paul : Finalement plutot jeudi "
                              "après-midi, merci. Créneaux : jeu. 26/11 ")
    assert request.deadline.astimezone(PARIS).strftime("%a %d %H:%M") == "Thu 26 18:00"
    assert forward.endswith("Nouvelle échéance jeu. 26/11 18h. RENDRE 1 si vous ne pouvez pas.")


def test_distress_after_a_coach_accepted_tells_that_coach_it_cannot_wait(app, phone, db):
    """Accepted for tomorrow 14h-16h; today the person writes that they want to end it:
    the coach learns it is urgent, the page says the call is not made, and the
    person's next SMS is answered with people on their way and 3114, not "noted"."""
    accepted(app, phone, db)
    later = NOW + timedelta(minutes=30)
    with freeze_time(later):
        assert "3114" in reply_of(phone.text(PAUL, "en fait je n'en peux plus, j'ai envie d'en finir"))
        again = reply_of(phone.text(PAUL, "vous êtes là ?"))
    assert "3114" in again and "noté" not in again
    urgent, then = [m.body for m in outbox(db, to=MICHEL) if m.kind == "forward"]
    assert then == "Demande 1, nouveau message de Paul : vous etes là ?"
    assert urgent.startswith("URGENT demande 1 : Paul écrit un message de détresse")
    assert "Appelez dans l'heure au 06 12 34 56 78, sinon RENDRE 1" in urgent
    assert "j'ai envie d'en finir" in urgent
    [page] = [m.body for m in outbox(db, to=CLAIRE) if m.kind == "page" and m.channel == "sms"]
    assert "Coach sur la demande : Michel, appel pas encore fait. Répondez PRIS 1" in page
    db.expire_all()
    assert db.get(Request, 1).deadline == later + timedelta(hours=1)


def test_unknown_text_from_a_coach_gets_the_help(app, phone):
    with freeze_time(NOW):
        assert "Message non compris" in reply_of(phone.text(MICHEL, "bonjour, une question"))
        assert "OK n : accepter" in reply_of(phone.text(MICHEL, "aide"))


def test_a_coachs_words_with_one_request_in_hand_become_a_note(app, phone, db, client):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, "Messagerie, je réessaie demain matin"))
    assert "Note ajoutée à la demande 1" in reply
    db.expire_all()
    assert db.get(Request, 1).note == "Messagerie, je réessaie demain matin"
    with freeze_time(NOW + timedelta(hours=20)):
        assert "avec votre note" in reply_of(phone.text(MICHEL, "FAIT 1 orienté CCI, mandat ad hoc"))
    db.expire_all()
    assert db.get(Request, 1).note == "orienté CCI, mandat ad hoc"
    body = client.get("/api/requests/1", headers={"Authorization": "Bearer test-api-token"}).json
    assert body["note"] == "orienté CCI, mandat ad hoc" and body["outcome"] == "contacted"


def test_a_coach_gives_a_request_back_and_it_is_offered_again(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=10)):
        assert "vous rendez la demande 1" in reply_of(phone.text(MICHEL, "RENDRE 1"))
        tick(app)
    db.expire_all()
    request = db.get(Request, 1)
    assert request.status == "offered" and request.coach_id is None
    from dispatch.models import Offer
    offers = list(db.scalars(select(Offer).order_by(Offer.id)))
    assert [(o.coach.key, o.status) for o in offers][0] == ("michel", "returned")
    assert offers[-1].coach.key != "michel" and offers[-1].status == "pending"


def test_non_after_ok_gives_the_request_back_too(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=10)):
        assert "vous rendez la demande 1" in reply_of(phone.text(MICHEL, "NON 1"))
    db.expire_all()
    assert db.get(Request, 1).status == "open"


def test_a_coach_is_told_when_the_coordinators_cancel_or_take_a_request_back(app, phone, db):
    from dispatch import lifecycle
    accepted(app, phone, db)
    request = db.get(Request, 1)
    with freeze_time(NOW):
        lifecycle.reassign(db, request, NOW, "Claire Moreau")
        db.commit()
    assert "plus à rappeler" in outbox(db, to=MICHEL)[-1].body
    from dispatch import desk
    with freeze_time(NOW):
        desk.offer_to(db, app_context(app, db), db.get(Request, 1),
                      db.scalar(select(Coach).where(Coach.key == "odile")), NOW, "Claire Moreau")
        db.commit()
        tick(app)  # the offer's SMS leaves
        lifecycle.cancel(db, app_context(app, db), db.get(Request, 1), NOW, "Claire Moreau")
        db.commit()
    assert "annulée par la coordination" in outbox(db, to=ODILE)[-1].body


def app_context(app, db):
    from scheduling import context_for
    return context_for(app, db)


def test_answers_quoting_a_name_are_spelt_in_gsm7_like_every_sms(app, phone, db):
    """"Appelez Jérôme" as a TwiML answer would be sent in 70-character segments."""
    from dispatch.segments import segments
    offered(app, phone, db, body="Jérôme Lefèvre, rappelez-moi demain 14h-16h, dettes")
    with freeze_time(NOW + timedelta(minutes=1)):
        accepted_reply = reply_of(phone.text(MICHEL, "OK 1"))
        info = reply_of(phone.text(MICHEL, "INFO 1"))
    assert "Jérome" in accepted_reply and "Jérome" in info   # é is GSM-7, ô is not
    assert segments(accepted_reply)[0] == "GSM-7" and segments(info)[0] == "GSM-7"


def test_a_coach_who_sent_stop_then_yes_is_texted_again_as_the_carrier_does(app, phone, db):
    """Twilio lifts its block on YES as on START: offers must reach the coach again."""
    from dispatch.models import PhoneStatus
    with freeze_time(NOW - timedelta(hours=1)):
        phone.text(MICHEL, "STOP")
        assert db.get(PhoneStatus, MICHEL).opted_out_at is not None
        phone.text(MICHEL, "Yes")
    offered(app, phone, db)
    assert db.get(PhoneStatus, MICHEL).opted_out_at is None
    assert [m.kind for m in outbox(db, to=MICHEL)] == ["offer"]


def two_offers_to_michel(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain 14h-16h, dettes")
        phone.text("+33698765432", "Luc, rappel demain 15h, dettes URSSAF")
        tick(app)
    db.expire_all()
    assert [(r.id, r.status) for r in db.scalars(select(Request).order_by(Request.id))] == [
        (1, "offered"), (2, "offered")]


def test_ok_1_2_accepts_both_offers_in_one_answer(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        reply = reply_of(phone.text(MICHEL, "OK 1 et 2"))
    assert "Demande 1 pour vous" in reply and "Demande 2 pour vous" in reply
    db.expire_all()
    assert [(r.status, r.coach.key) for r in db.scalars(select(Request).order_by(Request.id))] \
        == [("accepted", "michel"), ("accepted", "michel")]


def test_ok_pour_la_2_accepts_the_second_not_asks_which(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        assert "Demande 2 pour vous" in reply_of(phone.text(MICHEL, "ok pour la 2"))
        assert "demande 1 sera propos" in reply_of(phone.text(MICHEL, "non pour la 1"))
    db.expire_all()
    assert [r.status for r in db.scalars(select(Request).order_by(Request.id))][1] == "accepted"
    assert db.get(Request, 1).coach_id is None


def test_a_coach_who_speaks_both_and_writes_english_is_answered_in_english(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        accepted_reply = reply_of(phone.text(MICHEL, "Yes 1"))
        done_reply = reply_of(phone.text(MICHEL, "done 1"))
    assert "Request 1" in accepted_reply and "Demande" not in accepted_reply
    assert "1" in done_reply and "Merci" not in done_reply
    # Odile speaks French only: her English word gets French.
    with freeze_time(NOW + timedelta(minutes=2)):
        assert "pas attribuée" in reply_of(phone.text(ODILE, "done 1"))


def test_which_request_is_asked_with_the_english_verb_in_english(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        assert reply_of(phone.text(MICHEL, "no")) == \
            "Please give the request number: NO 1 / 2"


def test_echec_just_after_a_mistaken_fait_takes_the_fait_back(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=30)):
        phone.text(MICHEL, "FAIT 1")
    with freeze_time(NOW + timedelta(minutes=32)):
        reply = reply_of(phone.text(MICHEL, "ECHEC 1"))
    assert reply.startswith("Essai 1 noté pour la demande 1")
    db.expire_all()
    request = db.get(Request, 1)
    assert (request.status, request.failed_attempts, request.contacted_at) == ("accepted", 1, None)
    assert [m.kind for m in outbox(db, to=PAUL)].count("tried_to_call") == 1


def test_echec_long_after_fait_changes_nothing(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=30)):
        phone.text(MICHEL, "FAIT 1")
    with freeze_time(NOW + timedelta(hours=3)):
        phone.text(MICHEL, "ECHEC 1")
    db.expire_all()
    assert db.get(Request, 1).status == "contacted"
    assert "tried_to_call" not in [m.kind for m in outbox(db, to=PAUL)]


def test_non_joignable_is_a_failed_call_not_a_request_given_back(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, "Non joignable, je réessaie ce soir"))
    assert reply.startswith("Essai 1 noté pour la demande 1")
    db.expire_all()
    request = db.get(Request, 1)
    assert (request.status, request.coach.key, request.failed_attempts) == ("accepted", "michel", 1)
    assert [m.kind for m in outbox(db, to=PAUL)].count("tried_to_call") == 1


def test_the_same_echec_sent_twice_counts_once(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        first = reply_of(phone.text(MICHEL, "ECHEC 1"))
    with freeze_time(NOW + timedelta(hours=2, minutes=1)):
        again = reply_of(phone.text(MICHEL, "ECHEC 1"))
    assert first == again
    db.expire_all()
    assert db.get(Request, 1).failed_attempts == 1
    assert [m.kind for m in outbox(db, to=PAUL)].count("tried_to_call") == 1


def test_a_request_given_back_in_words_goes_back_in_line(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, "Désolé, je ne peux plus, je la rends"))
    assert "demande 1" in reply and "proposée à une autre personne" in reply
    db.expire_all()
    assert db.get(Request, 1).status == "open"


def test_a_call_reported_in_words_marks_the_request_called_back_with_the_note(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, "C'est fait pour la 1, orienté CCI"))
    assert "avec votre note" in reply
    db.expire_all()
    assert (db.get(Request, 1).status, db.get(Request, 1).note) == ("contacted", "orienté CCI")


def test_an_ok_merci_while_calling_someone_does_not_take_a_lapsed_offer(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        phone.text(MICHEL, "OK 1")
    with freeze_time(NOW + timedelta(minutes=45)):   # the offer of 2 lapsed meanwhile
        tick(app)
        phone.text(MICHEL, "Ok merci")
    db.expire_all()
    assert db.get(Request, 2).coach_id is None
    with freeze_time(NOW + timedelta(minutes=46)):   # a bare OK still takes it
        assert "Demande 2 pour vous" in reply_of(phone.text(MICHEL, "OK"))


def test_non_to_a_request_the_person_cancelled_says_so(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        phone.text(PAUL, "ANNULER")
        reply = reply_of(phone.text(MICHEL, "NON 1"))
    assert "annul" in reply and "déjà été prise" not in reply


def test_an_ok_after_the_deadline_says_late_not_call_before_a_past_time(app, phone, db):
    offered(app, phone, db, "Paul, rappelez-moi demain 14h-16h, dettes")
    with freeze_time(NOW + timedelta(days=2)):
        reply = reply_of(phone.text(MICHEL, "OK 1"))
    assert "en retard" in reply and "au plus vite" in reply and " avant " not in reply


def test_fait_on_an_offer_without_the_ok_first_counts_the_call(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=10)):
        reply = reply_of(phone.text(MICHEL, "FAIT 1 orienté CCI"))
    assert "avec votre note" in reply
    db.expire_all()
    request = db.get(Request, 1)
    assert (request.status, request.coach.key, request.note) == ("contacted", "michel",
                                                                 "orienté CCI")


def test_a_call_reported_after_the_desk_closed_the_request_is_kept(app, phone, db):
    from dispatch import lifecycle
    from dispatch.models import Event
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=3)):
        lifecycle.close(db, db.get(Request, 1), NOW + timedelta(hours=3), "Claire Moreau",
                        "unreachable")
        db.commit()
    with freeze_time(NOW + timedelta(hours=4)):
        reply = reply_of(phone.text(MICHEL, "FAIT 1 finalement joint, orienté CCI"))
    assert "avait été close" in reply
    notes = db.scalars(select(Event.detail).where(Event.kind == "note")).all()
    assert any("finalement joint, orienté CCI" in n for n in notes)


def test_pause_hands_the_offers_standing_to_someone_else_at_once(app, phone, db):
    offered(app, phone, db, "Paul, rappelez-moi demain matin, problème juridique")
    with freeze_time(NOW + timedelta(minutes=2)):
        phone.text(MICHEL, "PAUSE")
        tick(app)
    db.expire_all()
    assert [(o.coach.key, o.status) for o in db.scalars(select(Offer).order_by(Offer.id))] == [
        ("michel", "expired"), ("odile", "pending")]


def test_free_words_in_english_from_a_coach_who_speaks_both_are_answered_in_english(
        app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, "I called, she is fine, will call again tomorrow"))
        french = reply_of(phone.text(MICHEL, "Je l'ai eue, je la rappelle demain"))
    assert reply == "Note added to request 1. Thank you!"
    assert french == "Note ajoutée à la demande 1. Merci !"


@pytest.mark.parametrize("words", [
    "Je vous rends compte demain après l'appel",
    "Pas de réponse de l'URSSAF à son courrier, il attend encore",
    "Je suis en pause déjeuner, je l'appelle à 14h",
    "Je suis disponible jeudi s'il préfère, il me l'a demandé",
])
def test_a_coachs_note_that_looks_like_a_command_in_words_stays_a_note(app, phone, db, words):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, words))
    assert reply == "Note ajoutée à la demande 1. Merci !"
    db.expire_all()
    request, coach = db.get(Request, 1), db.scalar(select(Coach).where(Coach.key == "michel"))
    assert (request.status, request.failed_attempts, coach.paused) == ("accepted", 0, False)


@pytest.mark.parametrize("words, status", [
    ("OK pour 30 minutes", "accepted"),      # a length of time, not request 30
    ("ok pour 9 30", "accepted"),            # an hour, not requests 9 and 30
    ("Non le 25 je peux pas, mais jeudi oui", "open"),   # a date, not request 25
])
def test_a_time_or_a_date_after_the_command_is_not_a_request_number(app, phone, db, words,
                                                                    status):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=5)):
        reply = reply_of(phone.text(MICHEL, words))
    assert "pas attribuée" not in reply
    db.expire_all()
    assert db.get(Request, 1).status == status


@pytest.mark.parametrize("words", [
    "Non joignable pour le moment", "Non, toujours pas joignable", "Non, je rappelle le 26",
    "je rends le 15 le dossier à la CCI",
    "C'est fait pour la prise de rendez-vous, je l'appelle demain", "C'est fait ?",
])
def test_words_about_the_call_do_not_hand_the_request_back_nor_close_it(app, phone, db, words):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, words))
    db.expire_all()
    assert db.get(Request, 1).status == "accepted", reply
    assert "vous rendez" not in reply


def test_a_give_back_in_words_with_an_apology_still_gives_it_back(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        phone.text(MICHEL, "Je la rends, désolé")
    db.expire_all()
    assert db.get(Request, 1).status == "open"


def test_non_pas_dispo_ce_week_end_with_two_offers_declines_both_and_says_pause(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        reply = reply_of(phone.text(MICHEL, "non désolé pas dispo ce week-end"))
    assert reply == ("C'est noté, les demandes 1 et 2 seront proposées à d'autres personnes. "
                     "Indisponible un moment ? PAUSE, puis DISPO au retour.")
    db.expire_all()
    assert {o.status for o in db.scalars(select(Offer))} == {"declined"}


def test_a_plain_no_with_two_offers_still_asks_which(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        assert reply_of(phone.text(MICHEL, "non désolé")).startswith("Précisez")
    db.expire_all()
    assert {o.status for o in db.scalars(select(Offer))} == {"pending"}


def test_no_not_available_this_week_to_one_offer_says_how_to_pause(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        reply = reply_of(phone.text(MICHEL, "Non, en déplacement toute la semaine"))
    assert reply.startswith("C'est noté, la demande 1 sera proposée") and "PAUSE" in reply


@pytest.mark.parametrize("words", [
    "Pas de réponse, elle m'a rappelé ensuite et c'est fait",
    "Injoignable ce matin, finalement eu au téléphone à 14h",
    "No answer at first, she called me back later",
])
def test_a_failed_call_that_ended_in_a_call_after_all_is_reported_done(app, phone, db, words):
    """The coach tells the whole story in one SMS: the call happened. Not a
    try on the way to the three-tries alert, but the call reported, with the
    story kept as its note."""
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        phone.text(MICHEL, words)
    db.expire_all()
    request = db.get(Request, 1)
    assert request.status == "contacted"
    assert request.failed_attempts == 0
    assert words in (request.note or "")


@pytest.mark.parametrize("words", [
    "Pas de réponse, je rappelle ensuite",
    "Pas de réponse, elle m'a rappelé mais je n'étais pas dispo, je réessaie demain",
    "Injoignable, appel fait 3 fois, messagerie pleine",
    "Pas de réponse, rappel fait à 14h sans succès",
    "Non joignable, c'est fait pour aujourd'hui, je retente demain",
    "Pas de réponse, finalement eu son répondeur",
    "No answer, she called me back but I missed it",
])
def test_a_failed_call_to_be_tried_again_later_is_still_a_try(app, phone, db, words):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        phone.text(MICHEL, words)
    db.expire_all()
    request = db.get(Request, 1)
    assert request.status == "accepted" and request.failed_attempts == 1


def test_more_times_that_leave_the_deadline_say_it_is_unchanged(app, phone, db):
    """Paul adds Friday morning to his times; his deadline stays where it was:
    Michel reads "Échéance inchangée", not a "Nouvelle échéance" that is the old one."""
    request = accepted(app, phone, db)
    before = request.deadline
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(PAUL, "Vous pouvez aussi me rappeler vendredi entre 10h et 11h")
    db.refresh(request)
    assert request.deadline == before
    [forward] = [m.body for m in outbox(db, to=MICHEL) if m.kind == "forward"]
    assert "Échéance inchangée" in forward and "Nouvelle échéance" not in forward
    assert "ven. 27/11 10h-11h" in forward


def held_and_a_lapsed_offer(app, phone, db):
    """Michel holds request 1 (Paul's); Luc's request 2 is offered to him
    too, and he lets that offer lapse."""
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        phone.text(MICHEL, "OK 1")
    with freeze_time(NOW + timedelta(minutes=45)):
        tick(app)
    db.expire_all()
    assert [o.status for o in db.scalars(select(Offer).where(Offer.request_id == 2))][0] \
        == "expired"


@pytest.mark.parametrize("words", ["Non", "Non désolé", "non merci"])
def test_a_bare_no_with_a_request_held_and_an_offer_lapsed_asks_which(app, phone, db, words):
    """Michel calls Paul (1) and let Luc's offer (2) lapse: his bare no may be
    about either. He is asked which, and nothing changes meanwhile."""
    held_and_a_lapsed_offer(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=50)):
        reply = reply_of(phone.text(MICHEL, words))
    assert reply == "Précisez le numéro de demande : NON 1 / 2"
    db.expire_all()
    assert (db.get(Request, 1).status, db.get(Request, 1).coach.key) == ("accepted", "michel")
    michels = {o.request_id: o.status for o in db.scalars(
        select(Offer).join(Coach).where(Coach.key == "michel"))}
    assert michels == {1: "accepted", 2: "expired"}


def test_a_no_naming_the_lapsed_offer_declines_it_not_the_request_held(app, phone, db):
    held_and_a_lapsed_offer(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=50)):
        reply = reply_of(phone.text(MICHEL, "Non merci 2"))
    assert reply == "C'est noté, la demande 2 sera proposée à une autre personne."
    db.expire_all()
    assert (db.get(Request, 1).status, db.get(Request, 1).coach.key) == ("accepted", "michel")


def test_a_plain_no_with_an_offer_standing_declines_it_not_the_request_held(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        phone.text(MICHEL, "OK 1")
        assert reply_of(phone.text(MICHEL, "non")) == \
            "C'est noté, la demande 2 sera proposée à une autre personne."
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


def test_a_plain_no_with_two_lapsed_offers_asks_which_and_gives_nothing_back(app, phone, db):
    offered(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        phone.text(MICHEL, "OK 1")
        phone.text("+33698765432", "Luc, rappel demain 15h, dettes URSSAF")
        phone.text("+33698765433", "Léa, rappel demain 16h, dettes URSSAF")
        tick(app)
    with freeze_time(NOW + timedelta(minutes=45)):
        tick(app)
    with freeze_time(NOW + timedelta(minutes=50)):
        assert reply_of(phone.text(MICHEL, "Non")) == \
            "Précisez le numéro de demande : NON 1 / 2 / 3"
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


@pytest.mark.parametrize("words, note", [
    ("C'est fait, orientée vers le greffe du tribunal", "orientée vers le greffe du tribunal"),
    ("Appel fait, orienté vers la CCI", "orienté vers la CCI"),
    ("Appelé, orienté CCI", "orienté CCI"),
    ("Appelée ce matin, orientée vers un mandataire", "ce matin, orientée vers un mandataire"),
    ("Rappel fait 1 : orienté CCI", "orienté CCI"),
])
def test_a_call_reported_in_words_with_free_words_after_is_the_call_and_its_note(
        app, phone, db, words, note):
    """The spec's own example is FAIT 12 orienté CCI: "C'est fait, orienté
    CCI" is the same report, not a note with the call still to make."""
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(MICHEL, words))
    assert reply == ("Merci pour cet appel ! La demande 1 est notée comme rappelée, "
                     "avec votre note.")
    db.expire_all()
    assert (db.get(Request, 1).status, db.get(Request, 1).note) == ("contacted", note)


@pytest.mark.parametrize("words", [
    "C'est fait, mais pas de réponse, je retente ce soir",
    "Appel fait, répondeur",
    "Appelé 3 fois, toujours rien",
    "Appelé la banque pour lui, j'attends leur retour",
    "Appel fait à la CCI pour son dossier",
])
def test_words_after_a_call_in_words_that_say_it_did_not_happen_keep_it_open(app, phone, db,
                                                                             words):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        phone.text(MICHEL, words)
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


def held_and_an_offer_standing(app, phone, db):
    two_offers_to_michel(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=1)):
        phone.text(MICHEL, "OK 1")


@pytest.mark.parametrize("words", ["D'accord 2", "Okay 2", "d'accord pour la 2", "Je prends la 2",
                                   "je prends 2"])
def test_an_ok_in_other_words_with_the_number_accepts_that_offer(app, phone, db, words):
    held_and_an_offer_standing(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        assert "Demande 2 pour vous" in reply_of(phone.text(MICHEL, words))
    db.expire_all()
    assert [(r.status, r.coach.key, r.note) for r in db.scalars(select(Request).order_by(Request.id))] \
        == [("accepted", "michel", None), ("accepted", "michel", None)]


@pytest.mark.parametrize("words", ["Impossible pour la 2", "Je ne peux pas", "je peux pas, désolé",
                                   "Non merci 2", "non désolé pour la 2"])
def test_a_no_in_other_words_declines_the_offer_not_the_request_held(app, phone, db, words):
    held_and_an_offer_standing(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        assert reply_of(phone.text(MICHEL, words)) == \
            "C'est noté, la demande 2 sera proposée à une autre personne."
    db.expire_all()
    assert (db.get(Request, 1).status, db.get(Request, 1).note) == ("accepted", None)
    assert [o.status for o in db.scalars(select(Offer).where(Offer.request_id == 2))][0] \
        == "declined"


def test_je_ne_peux_pas_with_only_the_request_held_is_a_note_not_a_give_back(app, phone, db):
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        assert reply_of(phone.text(MICHEL, "Je ne peux pas")) == \
            "Noté sur la demande 1. Pour la rendre à l'équipe, répondez RENDRE 1."
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


@pytest.mark.parametrize("words", ["Je prends note, je la rappelle demain",
                                   "je prends rendez-vous avec elle jeudi"])
def test_je_prends_in_a_coachs_words_is_a_note_not_an_ok(app, phone, db, words):
    held_and_an_offer_standing(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        assert reply_of(phone.text(MICHEL, words)) == "Note ajoutée à la demande 1. Merci !"
    db.expire_all()
    assert (db.get(Request, 1).note, db.get(Request, 2).status) == (words, "offered")


@pytest.mark.parametrize("words, note", [
    ("Personne ne répond 1", None), ("Répondeur 1", None), ("Messagerie 1", None),
    ("Répondeur 1, laissé un message", "laissé un message"), ("Personne ne répond", None),
])
def test_no_answer_in_other_words_with_the_number_is_a_failed_call(app, phone, db, words, note):
    """As "pas joignable" is: a try that did not reach the person."""
    held_and_an_offer_standing(app, phone, db)
    with freeze_time(NOW + timedelta(hours=2)):
        assert reply_of(phone.text(MICHEL, words)).startswith("Essai 1 noté pour la demande 1")
    db.expire_all()
    request = db.get(Request, 1)
    assert (request.status, request.failed_attempts, request.note) == ("accepted", 1, note)


def test_a_late_ok_to_a_crisis_is_taken_even_past_the_maximum(app, phone, db):
    """A person in distress is not left waiting for the cap a coach set for
    ordinary requests: their late OK to a crisis stands."""
    accepted(app, phone, db)
    with freeze_time(NOW + timedelta(minutes=2)):
        phone.text("+33698765432", "Luc, je n'en peux plus, j'ai envie d'en finir")
        tick(app)
    db.expire_all()
    michel = db.scalar(select(Coach).where(Coach.key == "michel"))
    michel.max_active = 1   # one at a time, say (the roster changed): he holds Paul's
    db.commit()
    with freeze_time(NOW + timedelta(minutes=33)):
        tick(app)   # his offer lapses; full, he is not asked again
    db.expire_all()
    assert [o.status for o in db.scalars(select(Offer).where(Offer.request_id == 2,
                                                             Offer.coach_id == michel.id))] \
        == ["expired"]
    with freeze_time(NOW + timedelta(minutes=34)):
        assert "Demande 2 pour vous" in reply_of(phone.text(MICHEL, "OK 2"))


@pytest.mark.parametrize("words", ["Appelé, ne répond pas", "Appel fait, boîte vocale pleine",
                                   "Appelé, faux numéro", "C'est fait, toujours rien",
                                   "Appelé, laissé un message", "Rappelé, ligne occupée",
                                   "appelé, ne décroche pas"])
def test_a_call_reported_in_words_that_did_not_get_through_is_not_fait(words):
    command = parse_command(words)
    assert command is None or command.verb != "FAIT"


def test_impossible_with_more_said_is_a_note_not_a_give_back():
    assert parse_command("Impossible pour la 1 ce matin, je la rappelle cet après-midi") is None
    said = parse_command("Impossible pour la 2")
    assert said is not None and (said.verb, said.number) == ("NON", 2)


def test_a_coach_told_too_late_by_their_own_ok_is_not_told_again_by_the_queued_notice(
        app, phone, db):
    """Two coaches answer OK in the same minute: the second is told at once
    that it is taken, and the 'acceptée par une autre personne' notice queued
    for them a moment before is not sent on top of it."""
    offered(app, phone, db, "Paul, rappelez-moi demain matin, problème juridique")
    with freeze_time(NOW + timedelta(minutes=45)):  # expired, and offered to the next coach
        tick(app)
    with freeze_time(NOW + timedelta(minutes=50)):
        assert "Demande 1 pour vous" in reply_of(phone.text(MICHEL, "OK 1"))
        [told] = [m for m in outbox(db) if m.kind == "taken"]
        assert "déjà été prise" in reply_of(phone.text(told.to_number, "OK 1"))
        tick(app)
    assert [m.status for m in outbox(db, to=told.to_number) if m.kind == "taken"] \
        == ["cancelled"]


def test_a_coach_whose_late_no_is_told_too_late_is_not_told_again_by_the_queued_notice(
        app, phone, db):
    """The offer to Odile stood when Michel's late OK won: her NON a moment
    later is answered 'déjà été prise', and the 'acceptée par une autre
    personne' notice queued for her is not sent on top of it."""
    offered(app, phone, db, "Paul, rappelez-moi demain matin, problème juridique")
    with freeze_time(NOW + timedelta(minutes=45)):  # expired, and offered to the next coach
        tick(app)
    with freeze_time(NOW + timedelta(minutes=50)):
        assert "Demande 1 pour vous" in reply_of(phone.text(MICHEL, "OK 1"))
        [told] = [m for m in outbox(db) if m.kind == "taken"]
        assert reply_of(phone.text(told.to_number, "NON 1")) == (
            "La demande 1 a déjà été prise par une autre personne de l'équipe. "
            "Merci d'avoir répondu !")
        tick(app)
    assert [m.status for m in outbox(db, to=told.to_number) if m.kind == "taken"] \
        == ["cancelled"]
