"""The entrepreneur texting the hotline: the webhook and the conversation."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from dispatch.models import Event, Message, PhoneStatus, Request
from dispatch.phones import national
from scheduling import tick
from tests.conftest import CLAIRE, NOW, PARIS, PAUL, PUBLIC_URL, outbox, reply_of, run_clock

FIRST_SMS = "Bonjour, Paul Martin, rappel possible demain 14h-16h au 06 12 34 56 78"


def requests(db):
    db.expire_all()
    return list(db.scalars(select(Request).order_by(Request.id)))


@freeze_time(NOW)
def test_it_opens_a_request_and_acknowledges_with_its_number(phone, db):
    response = phone.text(PAUL, FIRST_SMS)
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    [request] = requests(db)
    assert request.status == "open" and request.name == "Paul Martin"
    assert request.callback_number == PAUL
    # The slot starts after 24 h, so the promise is kept by calling within it.
    assert request.deadline.isoformat() == "2026-11-25T15:00:00+00:00"
    assert request.slots[0]["start"] == "2026-11-25T14:00:00+01:00"
    reply = reply_of(response)
    assert f"demande {request.id}" in reply and "Quand" not in reply


@freeze_time(NOW)
def test_it_asks_when_to_call_when_no_slot_is_given(phone, db):
    reply = reply_of(phone.text(PAUL, "Bonjour je suis Paul, j'ai des dettes"))
    assert "Quand pouvons-nous vous appeler" in reply
    assert requests(db)[0].deadline == NOW + timedelta(hours=24)


@freeze_time(NOW)
def test_it_answers_in_english_to_english(phone, db):
    reply = reply_of(phone.text(PAUL, "Hello, I'm John, please call me tomorrow afternoon"))
    assert "request 1 received" in reply


@freeze_time(NOW)
def test_the_deadline_is_the_end_of_the_first_slot_when_all_start_later(phone, db):
    phone.text(PAUL, "Paul, rappelez-moi lundi 30 novembre à 10h")
    [request] = requests(db)
    assert request.deadline.isoformat() == "2026-11-30T10:00:00+00:00"  # 11:00 Paris


@freeze_time(NOW)
def test_the_callback_number_is_the_one_written_else_the_sender(phone, db):
    phone.text("+33698765432", "Paul Martin, au 06 12 34 56 78 demain matin")
    assert requests(db)[0].callback_number == PAUL


@freeze_time(NOW)
def test_a_later_sms_is_merged_into_the_open_request(phone, db):
    phone.text(PAUL, "Bonjour je suis Paul, j'ai des dettes")
    reply = reply_of(phone.text(PAUL, "demain 14h-16h, ou paul@example.org"))
    [request] = requests(db)
    assert "noté pour la demande 1" in reply
    assert request.emails == ["paul@example.org"]
    assert request.slots == [{"start": "2026-11-25T14:00:00+01:00",
                              "end": "2026-11-25T16:00:00+01:00"}]
    texts = [e.detail for e in db.scalars(select(Event).where(Event.kind == "sms_in"))]
    assert texts[-1] == "demain 14h-16h, ou paul@example.org"


@freeze_time(NOW)
def test_a_repeated_message_sid_gets_the_same_answer_and_changes_nothing(phone, db):
    first = phone.text(PAUL, FIRST_SMS, sid="SMsame")
    again = phone.text(PAUL, FIRST_SMS, sid="SMsame")
    assert again.data == first.data
    assert len(requests(db)) == 1
    assert db.scalar(select(func.count()).select_from(Message)
                     .where(Message.direction == "in")) == 1


@freeze_time(NOW)
def test_annuler_cancels_the_request(phone, db):
    phone.text(PAUL, FIRST_SMS)
    reply = reply_of(phone.text(PAUL, "Annuler"))
    assert "annulée" in reply
    assert requests(db)[0].status == "cancelled"
    assert "pas de demande" in reply_of(phone.text(PAUL, "ANNULER"))


@freeze_time(NOW)
def test_stop_opts_out_without_answering_twice_and_start_opts_back_in(app, phone, db):
    phone.text(PAUL, FIRST_SMS)
    assert reply_of(phone.text(PAUL, "STOP")) == ""  # Twilio answers STOP itself
    assert db.get(PhoneStatus, PAUL).opted_out_at is not None
    assert requests(db)[0].status == "open"           # the call may still happen
    phone.text(PAUL, "demain 16h")                    # no SMS may leave for him now
    tick(app)
    assert all(m.status == "cancelled" for m in outbox(db, to=PAUL))
    assert reply_of(phone.text(PAUL, "start")) == ""
    db.expire_all()
    assert db.get(PhoneStatus, PAUL).opted_out_at is None


@freeze_time(NOW)
def test_cancel_is_an_opt_out_word_that_also_cancels_the_request(phone, db):
    phone.text(PAUL, FIRST_SMS)
    assert reply_of(phone.text(PAUL, "Cancel")) == ""
    assert requests(db)[0].status == "cancelled"
    assert db.get(PhoneStatus, PAUL).opt_out_keyword == "CANCEL"


@freeze_time(NOW)
def test_arret_is_a_french_opt_out_rappel_confirms(phone, db):
    assert "plus de SMS" in reply_of(phone.text(PAUL, "ARRÊT"))
    assert db.get(PhoneStatus, PAUL).opted_out_at is not None


@freeze_time(NOW)
def test_aide_and_help_give_the_commands(phone):
    assert "ANNULER" in reply_of(phone.text(PAUL, "aide"))
    # ANNULER in English too: a CANCEL sent alone is a carrier's opt-out word.
    assert "ANNULER: cancel your request" in reply_of(phone.text(PAUL, "HELP"))


@freeze_time(NOW.replace(hour=2, minute=0))
def test_a_crisis_at_two_in_the_morning_gets_3114_and_wakes_the_coordinators(app, phone, db):
    reply = reply_of(phone.text(PAUL, "je n'en peux plus, j'ai envie d'en finir"))
    assert "3114" in reply and "15 ou 112" in reply
    [request] = requests(db)
    assert request.crisis
    # Nobody is on call at night in this cast: the first coordinator of the
    # roster is paged at once, by SMS and by a phone call.
    pages = outbox(db, to=CLAIRE)
    assert [(m.kind, m.channel) for m in pages] == [("page", "sms"), ("page", "call")]
    assert "URGENT" in pages[0].body and "PRIS 1" in pages[0].body
    assert outbox(db, to="+33639980002") == []
    tick(app)
    assert {m.status for m in outbox(db, to=CLAIRE)} == {"sent"}
    # No coach is trained for crises in this cast: outside calling hours nobody is woken.
    assert requests(db)[0].status == "open"


def test_a_crisis_unanswered_past_its_hour_with_nobody_on_call_is_said_to_every_coordinator(
        app, phone, db):
    night = NOW.replace(hour=2, minute=0)
    with freeze_time(night):
        phone.text(PAUL, "je n'en peux plus, j'ai envie d'en finir")
    run_clock(app, night, night + timedelta(minutes=175), step=timedelta(minutes=5))
    late = [m for m in outbox(db) if m.kind == "alert"]
    assert sorted(m.to_number for m in late) == sorted([CLAIRE, "+33639980002"])
    assert {m.created_at for m in late} == {night + timedelta(hours=1)}
    assert all("URGENT demande 1, personne en détresse" in m.body for m in late)


@freeze_time(NOW)
def test_bad_input_gets_an_answer_and_is_stored(phone, db):
    for body in ("", "😢😢😢", "x" * 1600, "\x00\x07 demain \u202e"):
        response = phone.text(PAUL, body)
        assert response.status_code == 200
    media = phone.text(PAUL, "", NumMedia="1", MediaUrl0="https://api.twilio.com/x.jpg")
    assert "lire votre message" in reply_of(media)
    short_code = phone.text("TWILIO", "Votre code est 1234")
    assert short_code.status_code == 200 and reply_of(short_code) == ""
    assert db.scalar(select(func.count()).select_from(Message)
                     .where(Message.direction == "in")) == 6


@freeze_time(NOW)
def test_a_body_in_an_unexpected_encoding_is_read_not_refused(client, db):
    from urllib.parse import quote

    from twilio.request_validator import RequestValidator

    from tests.conftest import AUTH_TOKEN
    raw = ("MessageSid=SMlatin1&From=%2B33612345678&To=%2B33380000000&NumMedia=0"
           "&Body=" + quote("Paul, rappel demain 14h-16h, d\xe9sol\xe9", encoding="latin-1"))
    # Werkzeug keeps invalid UTF-8 escapes as they came ("d%E9sol%E9"), and
    # the validator checks the signature over that same form.
    form = {"MessageSid": "SMlatin1", "From": PAUL, "To": "+33380000000", "NumMedia": "0",
            "Body": "Paul, rappel demain 14h-16h, d%E9sol%E9"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + "/twilio/sms", form)
    response = client.post("/twilio/sms", data=raw, headers={"X-Twilio-Signature": signature},
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "demande 1" in reply_of(response)
    assert requests(db)[0].slots


@freeze_time(NOW)
def test_a_flood_stops_the_replies_and_tells_the_coordinators_once(app, phone, db):
    replies = [reply_of(phone.text(PAUL, f"message {i} demain 14h")) for i in range(14)]
    assert all(replies[:10]) and not any(replies[10:])
    with freeze_time(NOW + timedelta(minutes=5)):
        tick(app)
    flood_alerts = [m for m in outbox(db, to=CLAIRE) if "plus de 10 SMS" in m.body]
    assert len(flood_alerts) == 1
    assert "+33 6 xx xx xx 78" in flood_alerts[0].body


def test_a_forged_or_unsigned_webhook_is_refused(phone, client, db):
    form = {"MessageSid": "SMforged", "From": PAUL, "To": "+33380000000", "Body": "hi"}
    assert phone.post("/twilio/sms", form, signature="bad").status_code == 403
    assert client.post("/twilio/sms", data=form).status_code == 403  # no header: 403
    assert phone.post("/twilio/status", {"MessageSid": "x", "MessageStatus": "delivered"},
                      signature="nope").status_code == 403
    assert db.scalar(select(func.count()).select_from(Message)) == 0


def test_the_signature_covers_the_query_string(phone, client):
    from twilio.request_validator import RequestValidator

    from tests.conftest import AUTH_TOKEN
    form = {"MessageSid": "SMq", "From": PAUL, "To": "+33380000000", "Body": "Paul demain 10h"}
    url = PUBLIC_URL + "/twilio/sms?hotline=dijon&x=a%20b"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
    response = client.post("/twilio/sms?hotline=dijon&x=a%20b", data=form,
                           headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200


def test_behind_a_proxy_the_forwarded_url_is_the_one_signed(database_url, tmp_path):
    from twilio.request_validator import RequestValidator

    from tests.conftest import AUTH_TOKEN, make_app
    app = make_app(database_url, tmp_path, PUBLIC_URL="", BEHIND_PROXY=True)
    form = {"MessageSid": "SMp", "From": PAUL, "To": "+33380000000", "Body": "Paul demain 10h"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(
        "https://hotline.example.net/twilio/sms", form)
    headers = {"X-Twilio-Signature": signature, "X-Forwarded-Proto": "https",
               "X-Forwarded-Host": "hotline.example.net"}
    assert app.test_client().post("/twilio/sms", data=form, headers=headers).status_code == 200
    direct = make_app(database_url, tmp_path, PUBLIC_URL="")  # not told: headers ignored
    assert direct.test_client().post("/twilio/sms", data=form,
                                     headers=headers).status_code == 403


@freeze_time(NOW)
def test_answering_when_with_a_later_day_moves_the_deadline_to_that_slot(phone, db):
    phone.text(PAUL, "Bonjour je suis Paul, j'ai des dettes")
    assert requests(db)[0].deadline == NOW + timedelta(hours=24)
    phone.text(PAUL, "jeudi 14h-16h")
    assert requests(db)[0].deadline.isoformat() == "2026-11-26T15:00:00+00:00"


def test_the_clock_anonymises_old_closed_requests_each_night(app, phone, db):
    from datetime import datetime

    from dispatch import lifecycle
    from tests.conftest import PARIS
    with freeze_time(NOW):
        phone.text(PAUL, "Paul Martin, des dettes URSSAF, demain 14h-16h")
        lifecycle.close(db, requests(db)[0], NOW, "Claire Moreau")
        db.commit()
    night = datetime(2027, 2, 23, 3, 5, tzinfo=PARIS)  # 91 days later, after 03:00
    with freeze_time(night):
        assert tick(app)["purged"] is True
        assert tick(app)["purged"] is False  # once a night
    request = requests(db)[0]
    assert request.name is None and request.callback_number is None
    assert request.anonymised_at is not None and request.topic == "financier"


def test_a_coordinator_is_told_when_a_text_is_not_understood_and_aide_gives_the_help(phone):
    with freeze_time(NOW):
        unclear = reply_of(phone.text(CLAIRE, "bonjour, c'est Claire"))
        helped = reply_of(phone.text(CLAIRE, "aide"))
    assert unclear.startswith("Message non compris. PRIS n pour prendre une demande en main")
    assert helped.startswith("Ça va patron ? : PRIS n pour prendre") and "compris" not in helped


def test_a_bare_pris_after_an_sms_of_two_alerts_asks_which_request(app, phone, db):
    from dispatch.alerts import alert_on_call
    from scheduling import context_for
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain 14h-16h, dettes")
        phone.text("+33698765432", "Luc, rappel demain 15h, URSSAF")
        ctx = context_for(app, db)
        for n in (1, 2):
            alert_on_call(db, ctx, NOW, "alert_chase", n, text="toujours rien",
                          deadline="mer. 25/11 16h")
        db.commit()
    with freeze_time(NOW + timedelta(minutes=5)):
        tick(app)
        [digest] = [m for m in outbox(db, to=CLAIRE) if m.kind == "alert"]
        assert digest.body.startswith("Ça va patron ? : 2 alertes.")
        assert reply_of(phone.text(CLAIRE, "PRIS")) == "Précisez le numéro de demande : PRIS 1 / 2"
        assert "vous la prenez en main" in reply_of(phone.text(CLAIRE, "PRIS 2"))
        # One left untaken: a bare PRIS now means it.
        assert "Demande 1 : vous la prenez en main" in reply_of(phone.text(CLAIRE, "pris"))


def test_a_chase_at_night_is_promised_the_morning_not_soon(app, phone, db):
    """The alert it raises waits for the end of quiet hours: so does the promise."""
    from sqlalchemy import update
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, dettes, rappel quand vous pouvez")
    db.execute(update(Request).values(deadline=NOW + timedelta(hours=2)))
    db.commit()
    with freeze_time(NOW.replace(hour=22, minute=5)):
        night = reply_of(phone.text(PAUL, "personne ne m'a rappelé"))
    with freeze_time(NOW.replace(hour=8, minute=0) + timedelta(days=1)):
        tick(app)
        # The one who reads the alert knows the call is theirs to make.
        assert any("relanc" in m.body and "n lui a promis votre rappel." in m.body
                   for m in outbox(db, to=CLAIRE))
    with freeze_time(NOW.replace(hour=22, minute=5) + timedelta(hours=12)):
        day = reply_of(phone.text(PAUL, "toujours rien ?"))
    assert "La coordination est prévenue et vous rappelle dès 8h." in night and "3114" in night
    assert "vous rappelle vite" in day


def _accepted(app, phone, first: str = "Paul, rappelez-moi cet après-midi, dettes") -> None:
    """Paul asks at NOW; Michel, offered it, accepts five minutes later."""
    from tests.conftest import MICHEL
    with freeze_time(NOW):
        phone.text(PAUL, first)
        tick(app)
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(MICHEL, "OK 1")


def _called_back(app, phone, db):
    from tests.conftest import MICHEL
    _accepted(app, phone)
    with freeze_time(NOW + timedelta(hours=5)):
        phone.text(MICHEL, "FAIT 1")


def test_asking_for_a_call_again_after_the_callback_opens_a_new_request(app, phone, db):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):
        thanks = reply_of(phone.text(PAUL, "Merci beaucoup pour votre appel !"))
        assert reply_of(phone.text(PAUL, "Merci pour votre aide, ça m'a fait du bien de "
                                         "parler")) == ""
        again = reply_of(phone.text(PAUL, "Vous pouvez me rappeler svp ? J'ai encore des questions"))
    assert thanks == ""                 # a thank-you stays with the request called back
    assert "demande 2 bien enregistrée" in again
    assert [r.status for r in requests(db)] == ["contacted", "open"]


def test_a_thank_you_after_annuler_opens_nothing(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        phone.text(PAUL, "ANNULER")
        assert reply_of(phone.text(PAUL, "ok merci")) == ""
    assert [r.status for r in requests(db)] == ["cancelled"]


def test_giving_up_in_words_is_asked_to_confirm_with_annuler(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        reply = reply_of(phone.text(PAUL, "Laissez tomber, j'ai trouvé de l'aide"))
    assert reply.startswith("Pour annuler votre demande 1, répondez ANNULER.")
    assert requests(db)[0].status in ("open", "offered")


def test_stop_in_a_few_words_opts_out_and_is_confirmed(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        reply = reply_of(phone.text(PAUL, "Stop svp"))
        other = reply_of(phone.text("+33698765432", "Arrêtez de m'envoyer des SMS"))
    assert reply and other
    assert db.get(PhoneStatus, PAUL).opted_out_at is not None
    assert db.get(PhoneStatus, "+33698765432").opted_out_at is not None


def test_more_ways_of_chasing_a_late_request_reach_the_coordination(app, phone, db):
    from sqlalchemy import update
    for n, words in enumerate(("allo ? vous êtes là ?", "on m'a oublié ?",
                               "Quelqu'un va me rappeler ?")):
        sender = f"+3361200001{n}"
        with freeze_time(NOW):
            phone.text(sender, "Marc, dettes, rappel quand vous pouvez")
        db.execute(update(Request).where(Request.sender == sender)
                   .values(deadline=NOW + timedelta(hours=2)))
        db.commit()
        with freeze_time(NOW + timedelta(minutes=30)):
            assert "pardon pour l'attente" in reply_of(phone.text(sender, words)).lower()


def test_a_chase_on_friday_evening_is_promised_the_weekend_on_call_not_soon(app, phone, db):
    """Claire's on call ends at 20:00 on weekdays, Bertrand's starts at 9:00 on
    Saturday: that is when the chase is read."""
    from datetime import datetime

    from sqlalchemy import update

    from tests.conftest import PARIS
    friday = datetime(2026, 11, 27, 20, 35, tzinfo=PARIS)
    with freeze_time(friday - timedelta(hours=10)):
        phone.text(PAUL, "Paul, dettes, rappel quand vous pouvez")
    db.execute(update(Request).values(deadline=friday + timedelta(hours=1)))
    db.commit()
    with freeze_time(friday):
        reply = reply_of(phone.text(PAUL, "toujours personne ?"))
    assert "vous rappelle dès 9h." in reply and "vite" not in reply


def test_a_corrected_number_becomes_the_number_to_call(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin au 06 11 22 33 44")
        phone.text(PAUL, "Pardon erreur, mon numéro c'est le 06 11 22 33 55")
        phone.text(PAUL, "Vous pouvez aussi essayer le 06 11 22 33 66")   # added, not instead
    [request] = requests(db)
    assert request.callback_number == "+33611223355"
    assert request.phones == ["+33611223344", "+33611223355", "+33611223366"]


def test_a_chase_merged_under_a_worse_alert_is_still_said(app, phone, db):
    from dispatch.alerts import alert_on_call
    from scheduling import context_for
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain 14h-16h, dettes")
        ctx = context_for(app, db)
        # Late indeed: an alert "EN RETARD" about a request that is not is dropped.
        db.scalar(select(Request)).deadline = NOW - timedelta(hours=1)
        alert_on_call(db, ctx, NOW, "alert_overdue", 1, deadline="mar. 24/11 9h15",
                      coach="personne")
        alert_on_call(db, ctx, NOW, "alert_chase", 1, text="toujours rien",
                      deadline="mer. 25/11 16h")
        db.commit()
    with freeze_time(NOW + timedelta(minutes=5)):
        tick(app)
    [sms] = [m.body for m in outbox(db, to=CLAIRE) if m.kind == "alert"]
    assert "EN RETARD" in sms and "La personne a relancé, on lui a promis votre rappel." in sms


def test_finalement_plutot_jeudi_replaces_the_day_given_before(app, phone, db):
    from datetime import datetime

    from tests.conftest import PARIS
    with freeze_time(NOW):   # Tuesday
        phone.text(PAUL, "Paul, rappelez-moi demain matin, dettes")
        phone.text(PAUL, "finalement plutôt jeudi")
    [request] = requests(db)
    days = {datetime.fromisoformat(s["start"]).astimezone(PARIS).strftime("%a") for s in
            request.slots}
    assert days == {"Thu"}
    assert request.deadline.astimezone(PARIS).strftime("%a") == "Thu"


def test_another_time_without_a_correction_is_added(app, phone, db):
    from datetime import datetime

    from tests.conftest import PARIS
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin, dettes")
        phone.text(PAUL, "ou jeudi")
    [request] = requests(db)
    days = {datetime.fromisoformat(s["start"]).astimezone(PARIS).strftime("%a") for s in
            request.slots}
    assert days == {"Wed", "Thu"}


def test_c_est_urgent_well_before_the_deadline_gets_the_deadline_and_3114(app, phone, db):
    from dispatch.models import Alert
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, dettes, rappel quand vous pouvez")
    with freeze_time(NOW + timedelta(minutes=55)):
        reply = reply_of(phone.text(PAUL, "c'est urgent"))
    assert reply == ("C'est noté (demande 1) : notre équipe vous rappelle au plus tard "
                     "mer. 25/11 10h15. Si cela ne va pas : 3114, jour et nuit.")
    assert db.scalars(select(Alert)).all() == []   # not late yet: nobody alerted (spec 2)


def test_c_est_urgent_at_night_is_promised_a_call_in_calling_hours_not_at_night(
        app, phone, db):
    """Paul writes on Saturday at 23:10: his deadline is Sunday 23:10, when
    nobody calls. His "c'est urgent" is told the end of Sunday's calling
    hours, 21h, not "au plus tard dim. 29/11 23h10"."""
    with freeze_time(datetime(2026, 11, 28, 23, 10, tzinfo=PARIS)):
        phone.text(PAUL, "Paul, dettes, rappel quand vous pouvez")
    with freeze_time(datetime(2026, 11, 28, 23, 30, tzinfo=PARIS)):
        reply = reply_of(phone.text(PAUL, "c'est urgent"))
    assert reply == ("C'est noté (demande 1) : notre équipe vous rappelle au plus tard "
                     "dim. 29/11 21h. Si cela ne va pas : 3114, jour et nuit.")


def test_a_cry_for_help_after_the_callback_opens_a_new_request(app, phone, db):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1, hours=11)):
        reply = reply_of(phone.text(PAUL, "Je n'en peux plus, je craque, j'ai besoin de parler "
                                          "à quelqu'un"))
    assert "demande 2" in reply
    assert [r.status for r in requests(db)][-1] == "open"


def test_a_cry_for_help_that_says_stop_is_a_crisis_not_an_opt_out(app, phone, db):
    with freeze_time(NOW):
        reply = reply_of(phone.text(PAUL, "Arrêtez de m'écrire, je vais en finir"))
    assert "3114" in reply
    assert db.get(PhoneStatus, PAUL) is None or db.get(PhoneStatus, PAUL).opted_out_at is None
    assert requests(db)[0].crisis


@pytest.mark.parametrize("words", [
    "Ça m'a fait du bien de parler à quelqu'un. Bonne soirée",
    "Je n'hésiterai pas à vous rappeler si besoin, merci",
    "Il m'a dit de vous rappeler si ça n'allait pas. Merci encore",
])
def test_a_thank_you_after_the_callback_opens_nothing(app, phone, db, words):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):
        assert reply_of(phone.text(PAUL, words)) == ""
    assert len(requests(db)) == 1


def test_asking_again_after_annuler_opens_a_new_request(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        phone.text(PAUL, "ANNULER")
    with freeze_time(NOW + timedelta(minutes=10)):
        reply = reply_of(phone.text(PAUL, "Je me suis trompé en annulant, je voudrais toujours "
                                          "être rappelé"))
    assert "demande 2" in reply


@pytest.mark.parametrize("words", [
    "Pardon, j'oubliais : vous pouvez aussi joindre mon associé au 06 55 66 77 88",
    "Mon fixe si le portable ne passe pas : 03 80 12 34 56, plutôt le soir",
])
def test_a_second_number_is_added_not_made_the_one_to_call(app, phone, db, words):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin au 06 11 22 33 44")
        phone.text(PAUL, words)
    assert requests(db)[0].callback_number == "+33611223344"


def test_a_day_offered_as_well_is_added_even_with_plutot(app, phone, db):
    from datetime import datetime

    from tests.conftest import PARIS
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain 14h-16h")
        phone.text(PAUL, "Vendredi aussi c'est possible, plutôt le matin")
    days = {datetime.fromisoformat(s["start"]).astimezone(PARIS).strftime("%a")
            for s in requests(db)[0].slots}
    assert days == {"Wed", "Fri"}


@pytest.mark.parametrize("words", [
    "Je n'ai plus besoin de prêt, le vrai problème c'est l'URSSAF",
    "J'ai trouvé de l'aide pour le dossier mais j'ai besoin de vous parler quand même",
    "Ok pour le 26",
])
def test_words_near_giving_up_or_a_command_are_added_to_the_request(app, phone, db, words):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        reply = reply_of(phone.text(PAUL, words))
    assert reply == "Merci, c'est noté pour la demande 1."


@pytest.mark.parametrize("words", ["Pouvez-vous me rappeler ?", "Merci. Rappelle-moi stp",
                                   "Merci pour l'appel. Le huissier est là, qu'est-ce que je "
                                   "fais ?"])
def test_asking_again_in_other_words_after_the_callback_is_heard(app, phone, db, words):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):
        assert "demande 2" in reply_of(phone.text(PAUL, words))


@pytest.mark.parametrize("words", [
    "Merci pour l'appel. Par contre maintenant un salarié me menace des prud'hommes, je ne "
    "sais pas quoi faire",
    "Merci beaucoup pour hier. J'ai un autre souci : mon associé veut partir",
    "Super l'échange d'hier. Par contre la banque ferme mon compte, je fais quoi ?",
    "Merci Michel. Le tribunal m'a convoqué pour le 15, je suis perdu",
    "Merci. Ma femme est partie et je suis seul avec la boîte, ça ne va pas du tout",
    "Thanks for yesterday. Now the tax office is after me, I need advice",
])
def test_a_new_problem_after_thanks_for_the_call_opens_a_new_request(app, phone, db, words):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):
        reply = reply_of(phone.text(PAUL, words))
    assert "2" in reply and [r.status for r in requests(db)] == ["contacted", "open"]


@pytest.mark.parametrize("words", [
    "Merci pour vos conseils sur l'URSSAF, bonne journée",
    "Merci pour votre appel. Michel m'a bien aidé pour l'URSSAF.",
    "Merci pour l'appel. La banque a accepté le report.",
    "Merci beaucoup pour votre appel ! J'ai rappelé l'URSSAF, ils m'accordent un échéancier.",
    "Merci pour votre appel. Le tribunal a validé le plan de redressement, quel soulagement.",
])
def test_thanks_naming_the_need_just_called_about_open_nothing(app, phone, db, words):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):
        assert reply_of(phone.text(PAUL, words)) == ""
    assert [r.status for r in requests(db)] == ["contacted"]


@pytest.mark.parametrize("words", ["C'est bon on m'a rappelé, merci beaucoup",
                                   "j'ai été rappelée merci", "Someone called me back, thanks"])
def test_called_back_said_while_nobody_holds_it_is_asked_to_confirm(app, phone, db, words):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        reply = reply_of(phone.text(PAUL, words))
    assert "ANNULER" in reply or "CANCEL" in reply


def test_called_back_said_while_a_coach_holds_it_goes_to_that_coach(app, phone, db):
    from tests.conftest import MICHEL
    _accepted(app, phone)
    with freeze_time(NOW + timedelta(hours=2)):
        reply = reply_of(phone.text(PAUL, "C'est bon on m'a rappelé, merci beaucoup"))
        tick(app)
    assert "ANNULER" not in reply and requests(db)[0].status == "accepted"
    assert any("on m'a rappelé" in m.body for m in outbox(db, MICHEL))


def test_a_coach_is_not_texted_at_night_about_a_call_planned_later(app, phone, db):
    """Words and a cancellation at 23:35 reach the coach holding the request at
    08:00, not in their sleep."""
    from tests.conftest import MICHEL
    _accepted(app, phone, "Paul, rappelez-moi jeudi après-midi, dettes")
    night = NOW.replace(hour=23, minute=35)
    with freeze_time(night):
        phone.text(PAUL, "quand allez-vous me rappeler ?")
        phone.text(PAUL, "ANNULER")
        tick(app)
    told = [m for m in outbox(db, MICHEL) if m.kind in ("forward", "cancelled")]
    assert len(told) == 2 and all(m.status == "queued" for m in told)
    with freeze_time(night.replace(hour=8, minute=0) + timedelta(days=1)):
        tick(app)
    assert all(m.status == "sent" for m in outbox(db, MICHEL) if m.kind in ("forward", "cancelled"))


def test_other_times_are_said_back_to_the_person(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, dettes, rappelez-moi demain matin")
        reply = reply_of(phone.text(PAUL, "Finalement plutôt jeudi 14h-16h"))
    assert reply == "Merci, c'est noté pour la demande 1 : nous vous rappelons le jeu. 26/11 " \
        "entre 14h et 16h."


def test_a_time_given_after_three_calls_in_vain_reaches_the_coordinators(app, phone, db):
    """Spec 5: the coordinators decide after 3 ECHEC, and the person is asked
    for a better time: the time they give is the coordinators' to decide with."""
    from tests.conftest import MICHEL
    _accepted(app, phone, "Paul, dettes, rappelez-moi quand vous voulez")
    for attempt in (1, 2, 3):
        with freeze_time(NOW + timedelta(minutes=10 * attempt)):
            phone.text(MICHEL, "ECHEC 1")
            tick(app)
    with freeze_time(NOW + timedelta(hours=1)):
        phone.text(PAUL, "rappelez moi demain entre 15h et 17h")
        tick(app)
    told = [m.body for m in outbox(db, to=CLAIRE) if "propose" in m.body]
    assert len(told) == 1 and "demande 1 : après 3 appels sans réponse (Michel Bernard), la " \
        "personne propose mer. 25/11 15h-17h" in told[0]


def test_someone_who_wrote_before_keeps_their_first_name(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul Martin, URSSAF 8000 euros, rappelez-moi demain matin")
        phone.text(PAUL, "ANNULER")
    with freeze_time(NOW + timedelta(days=1)):
        phone.text(PAUL, "Excusez-moi pour hier, j'ai paniqué, rappelez-moi svp")
    first, again = requests(db)
    assert again.status == "open" and again.name == first.name == "Paul Martin"
    said = db.scalar(select(Event.detail).where(Event.request_id == again.id,
                                                Event.kind == "opened"))
    assert "demande précédente de la personne : n° 1 (annulée)" in said


def test_a_deadline_moved_later_is_warned_about_again(app, phone, db):
    """Moved to Friday, the request is 'pas encore rappelée' again on Friday
    (the coach reminded): the warning about the old deadline was said for it."""
    from tests.conftest import MICHEL
    _accepted(app, phone, "Paul, dettes, rappelez-moi quand vous voulez")
    with freeze_time(NOW + timedelta(hours=22)):   # Wednesday 08:15, 2 hours before
        tick(app)
        phone.text(PAUL, "Finalement plutôt vendredi après-midi svp")
    friday = NOW.replace(hour=14, minute=30) + timedelta(days=3)
    with freeze_time(friday):
        tick(app)
    warned = db.scalars(select(Event.at).where(Event.request_id == 1, Event.kind == "escalated",
                                               Event.detail.contains("4 h avant"))).all()
    assert len(warned) == 2
    reminders = [m for m in outbox(db, MICHEL) if m.kind == "reminder"]
    assert reminders[-1].created_at.astimezone(NOW.tzinfo).date() == friday.date()


def test_not_called_back_is_not_asked_to_cancel(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        assert "ANNULER" not in reply_of(phone.text(PAUL, "On ne m'a pas rappelé"))
        assert "ANNULER" not in reply_of(phone.text(PAUL, "vous m'avez appelé mais je "
                                                           "n'ai pas pu répondre"))


def test_despair_with_laissez_tomber_is_not_asked_to_cancel(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        reply = reply_of(phone.text(PAUL, "Laissez tomber, je n'ai plus la force"))
    assert "ANNULER" not in reply


def test_someone_elses_number_said_to_be_wrong_does_not_replace_the_persons(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin au 06 11 22 33 44")
        phone.text(PAUL, "Le numéro de mon comptable est faux sur le courrier, le bon c'est le "
                         "06 55 66 77 88")
    assert requests(db)[0].callback_number == "+33611223344"


@pytest.mark.parametrize("words", [
    "Si je ne réponds pas vous pouvez essayer mon associé Paul au 06 22 33 44 55",
    "Vous pouvez aussi me joindre au 07 22 33 44 55",
])
def test_a_number_given_besides_the_persons_own_does_not_replace_it(app, phone, db, words):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        phone.text(PAUL, words)
    request = requests(db)[0]
    assert request.callback_number == PAUL and len(request.phones) == 1
    with freeze_time(NOW + timedelta(minutes=5)):
        tick(app)
    offer = db.scalars(select(Message).where(Message.kind == "offer")).first()
    assert offer is not None and f"tél. {national(PAUL)} (ou {national(request.phones[0])})" \
        in offer.body


@pytest.mark.parametrize("words", [
    "Je vous ai écrit avec le portable de ma fille, mon numéro à moi c'est le 06 22 33 44 55",
    "Pardon, erreur : mon numéro c'est le 06 22 33 44 55 (j'ai écrit depuis le tel de mon "
    "associé)",
    # after a first SMS without one, a number given is the one to call
    "Rappelez-moi plutôt au 06 22 33 44 55"])
def test_the_persons_own_number_replaces_the_one_they_wrote_from(app, phone, db, words):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        phone.text(PAUL, words)
    assert requests(db)[0].callback_number == "+33622334455"


def test_a_follow_up_agreed_with_the_coach_goes_to_that_coach_not_a_new_request(app, phone, db):
    from tests.conftest import MICHEL
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):
        reply = reply_of(phone.text(PAUL, "Michel doit me rappeler jeudi pour faire le point, "
                                          "merci à vous"))
    assert reply == "Merci, c'est noté pour la demande 1."
    assert len(requests(db)) == 1
    [told] = [m for m in outbox(db, to=MICHEL) if m.kind == "forward"]
    assert "doit me rappeler jeudi" in told.body


def test_a_follow_up_that_never_came_opens_a_new_request(app, phone, db):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=2)):
        reply = reply_of(phone.text(PAUL, "Michel devait me rappeler hier et toujours rien, "
                                          "rappelez-moi svp"))
    assert "demande 2" in reply


@pytest.mark.parametrize("words", ["personne ne m'a rappelé, c'est urgent",
                                   "Toujours pas de nouvelles, vous m'avez oublié ?",
                                   "J'attends toujours votre appel",
                                   "On ne m'a jamais rappelé",
                                   "Nobody called me back"])
def test_nobody_called_after_the_coach_wrote_fait_opens_a_new_request_and_tells_on_call(
        app, phone, db, words):
    """Michel wrote FAIT 1 (on the wrong request, say); Paul says nobody called:
    not filed away in silence, but a new request and the coordinator told."""
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):   # Wednesday 10:15, Claire on call
        reply = reply_of(phone.text(PAUL, words))
        tick(app)
    assert "2" in reply
    first, second = requests(db)
    assert first.status == "contacted" and second.status in ("open", "offered")
    with freeze_time(NOW + timedelta(days=1, minutes=10)):
        tick(app)
    [alert] = [m.body for m in outbox(db, to=CLAIRE) if m.kind == "alert"]
    assert "demande 2" in alert and "demande 1" in alert and "Michel" in alert


def test_waiting_for_the_coachs_mail_after_the_call_is_not_heard_as_not_called(app, phone, db):
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(days=1)):
        assert reply_of(phone.text(PAUL, "Merci, j'attends le mail de Michel")) == ""
    assert len(requests(db)) == 1


def _three_failed_calls(app, phone):
    """Paul's request, accepted by Michel, who then fails to reach him three times."""
    from tests.conftest import MICHEL
    _accepted(app, phone, "Paul, dettes, rappelez-moi quand vous voulez")
    for hours in (1, 2, 3):
        with freeze_time(NOW + timedelta(hours=hours)):
            phone.text(MICHEL, "ECHEC 1")
            tick(app)


def test_a_chase_after_three_calls_without_an_answer_reaches_the_coordinator(app, phone, db):
    """The coordinators were asked to decide (spec 5); the person writes: they hear it."""
    _three_failed_calls(app, phone)
    with freeze_time(NOW + timedelta(hours=3, minutes=40)):
        reply = reply_of(phone.text(PAUL, "Personne ne m'a rappelé, c'est urgent"))
    assert "pardon pour l'attente" in reply.lower() and "3114" in reply
    chased = db.scalars(select(Event).where(Event.kind == "chased")).all()
    assert chased


def test_nobody_called_after_the_desk_closed_it_as_unreachable_says_closed_not_done(
        app, phone, db):
    """Three failed calls, the desk closed it as unreachable; Paul writes that
    nobody called. The coordinator reads that it was closed, and by whom, not
    that a coach marked it done: there is no call to look for."""
    from dispatch import desk_end
    from scheduling import context_for
    _three_failed_calls(app, phone)
    with freeze_time(NOW + timedelta(hours=4)):
        request = requests(db)[0]
        desk_end.end(db, context_for(app, db), request, "close", "unreachable", "", False,
                     NOW + timedelta(hours=4), "Claire Martin")
        db.commit()
    with freeze_time(NOW + timedelta(days=1)):   # Wednesday 10:15, Claire on call
        reply = reply_of(phone.text(PAUL, "Personne ne m'a rappelé, vous m'avez oublié ?"))
        tick(app)
    assert "2" in reply
    with freeze_time(NOW + timedelta(days=1, minutes=10)):
        tick(app)
    alerts = [m.body for m in outbox(db, to=CLAIRE) if m.kind == "alert"
              and "demande 2" in m.body]
    assert alerts, [m.body for m in outbox(db, to=CLAIRE)]
    assert "close comme injoignable par Claire" in alerts[-1]
    assert "marquée faite" not in alerts[-1]


def test_info_to_a_coordinator_says_whose_hands_the_request_is_in(app, phone, db):
    """A coordinator's INFO: who is calling, who took it in hand, or that
    nobody has and how to take it."""
    from tests.conftest import BERTRAND, MICHEL
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, dettes, rappelez-moi quand vous voulez")
        tick(app)
        nobody = reply_of(phone.text(CLAIRE, "INFO 1"))
    assert nobody.startswith("Demande 1") and "Personne ne l'a prise en main : PRIS 1" in nobody
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(MICHEL, "OK 1")
        phone.text(BERTRAND, "PRIS 1")
        to_claire = reply_of(phone.text(CLAIRE, "INFO 1"))
        to_bertrand = reply_of(phone.text(BERTRAND, "INFO 1"))
    assert "Coach sur la demande : Michel" in to_claire
    assert "Prise en main par Bertrand" in to_claire and "PRIS" not in to_claire
    assert "Prise en main par vous." in to_bertrand


def test_nobody_called_after_a_fait_the_desk_then_filed_still_names_the_coach(app, phone, db):
    """Michel wrote FAIT, the desk filed the request; Paul says nobody called:
    the coordinator has a call to check, Michel's."""
    from dispatch import desk_end
    from scheduling import context_for
    _called_back(app, phone, db)
    with freeze_time(NOW + timedelta(hours=6)):
        desk_end.end(db, context_for(app, db), requests(db)[0], "close", "handled", "", False,
                     NOW + timedelta(hours=6), "Claire Moreau")
        db.commit()
    with freeze_time(NOW + timedelta(days=1)):
        phone.text(PAUL, "Personne ne m'a rappelé, vous m'avez oublié ?")
        tick(app)
    with freeze_time(NOW + timedelta(days=1, minutes=10)):
        tick(app)
    [alert] = [m.body for m in outbox(db, to=CLAIRE) if m.kind == "alert"
               and "demande 2" in m.body]
    assert "marquée faite par Michel" in alert


def test_info_to_a_coordinator_after_three_failed_calls_and_after_the_call(app, phone, db):
    from tests.conftest import MICHEL
    _three_failed_calls(app, phone)
    with freeze_time(NOW + timedelta(hours=3, minutes=30)):
        three = reply_of(phone.text(CLAIRE, "INFO 1"))
    assert "Michel, 3 appels sans réponse, à décider par la coordination" in three
    with freeze_time(NOW + timedelta(hours=4)):
        phone.text(MICHEL, "FAIT 1 finalement joint, orienté CCI")
        called = reply_of(phone.text(CLAIRE, "INFO 1"))
    assert "Rappelée par Michel (FAIT)." in called and "PRIS" not in called
