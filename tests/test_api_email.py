"""The API for people known by e-mail: a request says its channel and sender,
`emails` holds the address written from, and messages are found by address."""
from __future__ import annotations

from sqlalchemy import select

from dispatch.models import Message
from tests.conftest import PAUL
from tests.desk_fixtures import (
    INES_BODY,
    INES_EMAIL,
    INES_SUBJECT,
    make_email_request,
    make_request,
)


def test_a_request_by_mail_says_its_channel_and_sender_and_lists_the_address(claire, db):
    request = make_email_request(db, emails=["ines@boulangerie-roux.fr"])
    body = claire.get(f"/api/requests/{request.id}").json
    assert (body["channel"], body["sender"]) == ("email", INES_EMAIL)
    assert body["emails"] == [INES_EMAIL, "ines@boulangerie-roux.fr"]
    assert body["callback_number"] is None and body["phones"] == []


def test_the_address_written_from_is_listed_once_whatever_its_case(claire, db):
    request = make_email_request(db, emails=[INES_EMAIL.lower()], number=PAUL)
    body = claire.get(f"/api/requests/{request.id}").json
    assert body["emails"] == [INES_EMAIL]
    assert (body["callback_number"], body["phones"]) == (PAUL, [PAUL])


def test_a_request_by_sms_says_so(claire, db):
    request = make_request(db, emails=["paul.martin@example.com"])
    listed = claire.get("/api/requests").json["requests"]
    assert [(r["number"], r["channel"], r["sender"], r["emails"]) for r in listed] == \
        [(request.id, "sms", PAUL, ["paul.martin@example.com"])]


def test_messages_to_or_from_an_address_match_without_case_and_carry_their_subject(claire, db):
    request = make_email_request(db)
    make_request(db)  # Paul's SMS is not among them
    for query in ("from=ines.roux@example.org", "from=INES.ROUX%40EXAMPLE.ORG",
                  "from=%20Ines.Roux@Example.org%20"):
        got = claire.get(f"/api/messages?{query}").json["messages"]
        assert [(m["direction"], m["channel"], m["subject"], m["body"], m["request"])
                for m in got] == [("in", "email", INES_SUBJECT, INES_BODY, request.id)], query
        assert got[0]["from"] == INES_EMAIL and got[0]["to"] == "ecoute@rappel.example.org"
    sent = claire.get("/api/messages?to=ines.roux@example.org").json["messages"]
    assert [(m["direction"], m["subject"]) for m in sent] == \
        [("out", f"Re: {INES_SUBJECT} [demande {request.id}]")]


def test_an_sms_has_no_subject_and_a_page_call_says_it_is_a_call(claire, db):
    make_request(db)
    db.add(Message(direction="out", channel="call", to_number=PAUL, body="Crise : demande 1",
                   status="sent", created_at=db.scalar(select(Message.created_at))))
    db.commit()
    got = claire.get("/api/messages?from=%2B33612345678").json["messages"]
    assert [m["channel"] for m in got] == ["sms"] and "subject" not in got[0]
    calls = claire.get("/api/messages?to=%2B33612345678").json["messages"]
    assert [(m["channel"], m["body"]) for m in calls] == [("call", "Crise : demande 1")]


def test_a_malformed_address_is_a_clear_bad_request(claire):
    for address in ("paul@", "@example.org", "paul@example", "paul%20martin@example.org",
                    "a@b@example.org"):
        response = claire.get(f"/api/messages?from={address}")
        assert response.status_code == 400, address
        assert response.json == {"error": "from must be a phone number (E.164) or an e-mail "
                                          "address (name@example.org)"}


def test_openapi_describes_the_channel_sender_and_subject(claire):
    schemas = claire.get("/api/openapi.json").json["components"]["schemas"]
    assert schemas["Request"]["properties"]["channel"]["enum"] == ["sms", "email"]
    assert {"channel", "sender"} <= set(schemas["Request"]["required"])
    assert "subject" in schemas["Message"]["properties"]
