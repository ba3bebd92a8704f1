"""The phone simulator: text the hotline from the browser, watch each phone as the clock runs."""
from __future__ import annotations

from sqlalchemy import select

from dispatch.models import Message, Request
from scheduling import tick, transport_for
from tests.conftest import NOW, make_app, sync_cast
from tests.desk_fixtures import claire, clock, login_as  # noqa: F401

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
    assert answer["ok"] and answer["message"].startswith("Horloge : ")
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
