"""The phone simulator: text the hotline from the browser, watch each phone as the clock runs."""
from __future__ import annotations

from datetime import datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Event, Message, Request
from scheduling import context_for, tick, transport_for
from tests.conftest import CLAIRE, NOW, PARIS, Phone, make_app, sync_cast
from tests.desk_fixtures import login_as
from webhooks import clock as app_clock

FETCH = {"X-Requested-With": "fetch"}
PAUL = "+33612345678"


def send(client, body, who="entrepreneur", number=PAUL):
    response = client.post("/simulator/send", data={"who": who, "number": number, "body": body},
                           headers=FETCH)
    assert response.status_code == 200
    return response.json


def phones(client, number=PAUL):
    return client.post("/simulator/phones", data={"number": number}, headers=FETCH).text


def test_the_page_lists_the_team_and_the_entrepreneurs_phone(claire):
    page = claire.get("/simulator/").text
    assert "Michel Bernard (coach)" in page and "Claire Moreau (coordination)" in page
    assert 'value="+33612345678"' in page and "/static/desk.js" in page


def test_an_sms_goes_through_the_hotline_like_a_real_one(claire, db):
    answer = send(claire, "Bonjour, Paul Martin, rappelez-moi au 06 12 34 56 78 a tout moment")
    assert answer["ok"] and answer["message"].startswith("Réponse de la ligne : ")
    assert "demande 1" in answer["message"]
    (inbound,) = db.scalars(select(Message).where(Message.direction == "in"))
    assert inbound.sid.startswith("SMsim") and inbound.from_number == PAUL
    assert inbound.to_number == "+33380000000"
    assert db.scalar(select(Request)).sender == PAUL
    pane = phones(claire)
    assert "rappelez-moi" in pane and "demande 1" in pane


def test_offers_arrive_on_the_coachs_phone_as_the_clock_runs_and_the_coach_accepts(claire, db, app):
    send(claire, "Bonjour, Paul Martin, a tout moment")
    assert "Offre" not in phones(claire)
    tick(app, NOW)
    offers = [m for m in db.scalars(select(Message).where(Message.kind == "offer"))]
    assert len(offers) == 1 and offers[0].status == "sent"
    coach_number = offers[0].to_number
    assert any(item["to"] == coach_number for item in transport_for(app).sent)
    assert offers[0].body[:40] in phones(claire)
    answer = send(claire, "OK 1", who=coach_number)
    assert answer["ok"]
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"


def test_the_clock_button_runs_the_clock_once(claire, db):
    send(claire, "Bonjour, Paul Martin, a tout moment")
    answer = claire.post("/simulator/tick", headers=FETCH).json
    assert answer["ok"]
    assert answer["message"] == "Horloge (mar. 24/11 à 10h15) : 1 SMS envoyé."
    assert db.scalar(select(Message).where(Message.kind == "offer")).status == "sent"


def test_it_refuses_a_phone_outside_the_team_or_a_number_that_is_not_one(claire, db):
    assert not send(claire, "OK 1", who="+33699999999")["ok"]
    assert not send(claire, "Bonjour", number="pas un numero")["ok"]
    assert not send(claire, "   ")["ok"]
    assert db.scalar(select(Message)) is None


def test_without_javascript_the_form_redirects_back_with_the_answer(claire):
    response = claire.post("/simulator/send", data={"who": "entrepreneur", "number": PAUL,
                                                    "body": "AIDE"}, follow_redirects=True)
    assert response.status_code == 200 and "Réponse de la ligne" in response.text


def test_the_simulator_escapes_what_was_typed(claire):
    answer = send(claire, '<script>alert("sim")</script><img src=x onerror=y> Paul Martin')
    assert answer["ok"]
    pane = phones(claire)
    assert "<script>alert" not in pane and "<img src=x" not in pane
    assert "&lt;script&gt;alert(&#34;sim&#34;)&lt;/script&gt;" in pane


def test_the_simulator_needs_a_login(client):
    assert client.get("/simulator/").location.startswith("/login")
    assert client.post("/simulator/send", data={"body": "x"}).location.startswith("/login")


def test_the_simulator_does_not_exist_with_twilio(database_url, tmp_path, clock):
    app = make_app(database_url, tmp_path, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC" + "1" * 32,
                   HOTLINE_NUMBER="+33380000000")
    sync_cast(app)
    assert not any(r.rule.startswith("/simulator") for r in app.url_map.iter_rules())
    client = login_as(app, app.test_client())
    assert client.get("/simulator/").status_code == 404
    assert client.post("/simulator/send", data={"body": "x"}).status_code == 404
    assert "Simulateur" not in client.get("/").text
    app.extensions["rappel.engine"].dispose()


def test_the_phones_shown_are_kept_in_the_session_not_in_urls(claire):
    response = claire.post("/simulator/send", data={"who": "entrepreneur",
                                                    "number": "06 98 76 54 32", "body": "AIDE"})
    assert response.status_code == 302 and response.location == "/simulator/"
    assert 'value="+33698765432"' in claire.get("/simulator/").text
    assert 'data-phone="+33698765432"' in claire.get("/simulator/phones").text
    assert 'data-phone="+33612345678"' in phones(claire)  # a POST names another one


def move(client, step):
    answer = client.post("/simulator/clock", data={"step": step}, headers=FETCH).json
    assert answer["ok"]
    return answer["message"]


def test_a_quiet_tick_says_why_nothing_was_sent(app, db):
    sunday = datetime(2026, 11, 29, 6, 34, tzinfo=PARIS)
    with freeze_time(sunday):
        client = login_as(app, app.test_client())
        send(client, "Bonjour, Paul Martin, a tout moment")
        answer = client.post("/simulator/tick", headers=FETCH).json["message"]
    assert answer.startswith("Horloge (dim. 29/11 à 6h34) : Aucun SMS envoyé : ")
    assert "hors des heures d'appel, les propositions partent à 8h00" in answer
    # Sylvie, the only coach on Sundays, can read it two hours before her 18h window.
    assert "demande 1 : proposée dim. 29/11 à 16h, quand un coach pourra la lire" in answer


def test_moving_the_clock_shows_an_offer_the_risk_and_the_overdue_without_waiting(claire, db, app):
    send(claire, "Bonjour, Paul Martin, dettes, a tout moment")
    assert move(claire, "1h").startswith("Horloge avancée de 1 h : il est mar. 24/11 à 11h15. ")
    assert db.scalar(select(Message).where(Message.kind == "offer")) is not None
    assert app_clock.offset(app) == timedelta(hours=1)
    board = claire.get("/").text
    assert "proposée à" in board
    assert "Horloge avancée de 6 h" in move(claire, "6h")   # 17:15: nobody accepted in 6 h
    assert "à risque" in claire.get("/").text
    move(claire, "24h")
    board = claire.get("/").text
    assert "en retard" in board and "dépassé de" in board
    db.expire_all()
    kinds = {e.kind for e in db.scalars(select(Event))}
    assert {"offered", "offer_expired", "escalated"} <= kinds
    assert "(horloge simulée, en avance de 31 h)" in claire.get("/simulator/").text


def test_the_webhook_and_the_pages_live_at_the_simulated_time(claire, db, app):
    move(claire, "morning")                   # Wednesday 08:00
    Phone(app.test_client()).text(PAUL, "Bonjour, Paul Martin, a tout moment")
    request = db.scalar(select(Request))
    assert request.received_at == datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)
    board = claire.get("/").text
    assert "reste 1 j 0 h" in board
    answer = claire.post("/simulator/clock", data={"step": "real"}, headers=FETCH).json
    assert answer["message"].startswith("Retour à l'heure réelle")
    assert app_clock.offset(app) == timedelta(0)


def test_a_crisis_call_rings_on_the_coordinators_phone_and_1_takes_it_in_hand(claire, db, app):
    send(claire, "je veux en finir, je n'en peux plus")
    tick(app, NOW)
    pane = phones(claire)
    assert "Appel de la ligne" in pane and "Appuyer sur 1" in pane
    call = db.scalar(select(Message).where(Message.channel == "call", Message.to_number == CLAIRE))
    answer = claire.post("/simulator/press", data={"message": call.id}, headers=FETCH).json
    assert answer["message"] == ("Claire Moreau appuie sur 1. L'appel répond : Merci. La demande 1 "
                                 "est à vous. Les détails sont sur le tableau de bord et par SMS. "
                                 "Au revoir.")
    db.expire_all()
    request = db.get(Request, 1)
    assert request.taken_by.key == "claire"
    taken = db.scalar(select(Event).where(Event.kind == "taken"))
    assert (taken.actor, taken.detail) == ("Claire Moreau", "touche 1 pendant l'appel")
    assert "Appuyer sur 1" not in phones(claire)
    assert not claire.post("/simulator/press", data={"message": 999}, headers=FETCH).json["ok"]


def test_the_console_prints_the_immediate_replies_too(claire, app, capsys):
    transport_for(app).echo = True
    send(claire, "Bonjour, Paul Martin, a tout moment")
    Phone(app.test_client()).text("+33698765432", "Bonjour, Inès, demain 14h-16h")
    printed = capsys.readouterr().out
    assert "--- SMS reply to +33 6 •• •• •• 78 (1 segment, GSM-7) ---\nÇa va patron ? : demande 1" \
        in printed
    assert "--- SMS reply to +33 6 •• •• •• 32 (1 segment, GSM-7) ---" in printed
    assert "+33612345678" not in printed


def test_links_use_the_address_served_unless_a_public_url_is_set(database_url, tmp_path, app):
    served = make_app(database_url, tmp_path, PUBLIC_URL="")
    app_clock.serving_at(served, "0.0.0.0", 5123)
    assert served.config["PUBLIC_URL"] == "http://127.0.0.1:5123"
    app_clock.serving_at(app, "127.0.0.1", 5123)          # PUBLIC_URL set: kept
    assert app.config["PUBLIC_URL"] == "https://rappel.example.org"
    served.extensions["rappel.engine"].dispose()


def test_at_night_the_clock_says_the_alerts_wait_for_the_morning(app, db):
    from dispatch.alerts import alert_on_call
    night = datetime(2026, 11, 24, 23, 10, tzinfo=PARIS)
    with freeze_time(night):
        client = login_as(app, app.test_client())
        send(client, "Bonjour, Paul Martin, a tout moment")
        alert_on_call(db, context_for(app, db), night, "alert_no_coach", 1,
                      deadline="mer. 25/11 23h10")
        db.commit()
        answer = client.post("/simulator/tick", headers=FETCH).json["message"]
    assert "hors des heures d'appel, les propositions partent à 8h00" in answer
    assert "les alertes à la coordination attendent la fin des heures calmes (8h00)" in answer
