"""The JSON API: REQUEST fields, filters, timeline, messages, auth, OpenAPI."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from dispatch import lifecycle
from scheduling import context_for
from tests.conftest import MICHEL, NOW, make_app, sync_cast
from tests.desk_fixtures import coach, make_request

REQUEST_FIELDS = {"number", "status", "received_at", "deadline", "at_risk", "overdue", "crisis",
                  "name", "callback_number", "phones", "emails", "slots", "flexible", "topic",
                  "language", "coach", "taken_by", "offered_to", "round", "outcome", "note",
                  "channel", "sender"}
BEARER = {"Authorization": "Bearer test-api-token"}
H = timedelta(hours=1)


def test_it_gives_a_request_with_exactly_the_fields_of_the_spec(claire, db):
    request = make_request(db, status="accepted", coach_key="michel", flexible=False,
                           slots=[{"start": "2026-11-25T13:00:00+00:00",
                                   "end": "2026-11-25T15:00:00+00:00"}])
    body = claire.get(f"/api/requests/{request.id}").json
    assert set(body) == REQUEST_FIELDS | {"timeline"}
    assert body["number"] == request.id and body["status"] == "accepted"
    assert body["received_at"] == "2026-11-24T09:15:00+01:00"
    assert body["deadline"] == "2026-11-25T09:15:00+01:00"
    assert body["slots"] == [{"start": "2026-11-25T14:00:00+01:00", "end": "2026-11-25T16:00:00+01:00"}]
    assert body["coach"] == "michel" and body["callback_number"] == "+33612345678"
    assert (body["at_risk"], body["overdue"], body["crisis"]) == (False, False, False)
    assert (body["name"], body["topic"], body["language"], body["flexible"]) == \
        ("Paul Martin", "financier", "fr", False)
    assert body["timeline"][0] == {"at": "2026-11-24T09:15:00+01:00", "actor": "entrepreneur",
                                   "kind": "sms_in", "detail": "Bonjour, Paul Martin, demain 14h-16h"}


def test_the_timeline_has_every_event_and_sms_sent(claire, db, app):
    request = make_request(db)
    offer = lifecycle.make_offer(db, context_for(app, db), request, coach(db, "michel"), "best", NOW)
    lifecycle.accept(db, context_for(app, db), offer, NOW + timedelta(minutes=10))
    db.commit()
    timeline = claire.get(f"/api/requests/{request.id}").json["timeline"]
    assert [(e["actor"], e["kind"]) for e in timeline] == [
        ("entrepreneur", "sms_in"), ("clock", "offered"), ("hotline", "sms_offer"),
        ("Michel Bernard", "accepted")]
    assert timeline[2]["to"] == MICHEL


def test_it_gives_404_for_an_unknown_request(claire):
    response = claire.get("/api/requests/4242")
    assert response.status_code == 404 and response.json == {"error": "no request 4242"}


def test_it_lists_the_most_urgent_first_and_filters_by_state(claire, db, app):
    late = make_request(db, status="accepted", coach_key="michel", deadline=-H, received=25 * H)
    risky = make_request(db, status="accepted", coach_key="odile", deadline=2 * H, received=22 * H)
    waiting = make_request(db)
    offered = make_request(db, received=2 * H)
    lifecycle.make_offer(db, context_for(app, db), offered, coach(db, "sylvie"), "x", NOW)
    done = make_request(db, status="contacted", contacted_at=NOW - H)
    db.commit()

    def numbers(query=""):
        response = claire.get(f"/api/requests{query}")
        assert response.status_code == 200
        return [r["number"] for r in response.json["requests"]]

    assert numbers() == [late.id, risky.id, offered.id, waiting.id, done.id]
    assert numbers("?status=active") == [late.id, risky.id, offered.id, waiting.id]
    assert numbers("?status=overdue") == [late.id]
    assert numbers("?status=at_risk") == [risky.id]
    assert numbers("?status=open") == [waiting.id]
    assert numbers("?status=contacted") == [done.id]
    assert numbers("?status=cancelled") == []
    listed = claire.get("/api/requests?status=offered").json["requests"]
    assert [(r["number"], r["coach"]) for r in listed] == [(offered.id, "sylvie")]
    bad = claire.get("/api/requests?status=lost")
    assert bad.status_code == 400 and "active" in bad.json["error"]


def test_it_lists_messages_to_or_from_a_number_oldest_first(claire, db, app):
    request = make_request(db)
    lifecycle.make_offer(db, context_for(app, db), request, coach(db, "michel"), "best", NOW)
    db.commit()
    sent = claire.get("/api/messages?to=%2B33639981001").json["messages"]
    assert len(sent) == 1
    assert set(sent[0]) == {"id", "direction", "from", "to", "body", "status", "created_at",
                            "request", "channel"}
    assert sent[0]["channel"] == "sms"
    assert (sent[0]["direction"], sent[0]["to"], sent[0]["request"], sent[0]["status"]) == \
        ("out", MICHEL, request.id, "queued")
    assert sent[0]["from"] == "+33380000000"
    assert sent[0]["created_at"] == "2026-11-24T10:15:00+01:00"
    # An unencoded "+" (a space once decoded) and a national number mean the same.
    for query in ("from=+33612345678", "from=06%2012%2034%2056%2078"):
        got = claire.get(f"/api/messages?{query}").json["messages"]
        assert [(m["direction"], m["body"]) for m in got] == \
            [("in", "Bonjour, Paul Martin, demain 14h-16h")]
    assert claire.get("/api/messages").status_code == 400
    assert claire.get("/api/messages?to=%2B33639981001&from=%2B336").status_code == 400


def test_a_bearer_token_opens_the_api_and_a_wrong_one_does_not(client, db):
    make_request(db)
    assert client.get("/api/requests", headers=BEARER).status_code == 200
    for header in ("Bearer wrong", "Bearer ", "Basic dGVzdC1hcGktdG9rZW4=", "test-api-token"):
        response = client.get("/api/requests", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_bearer_token_opens_nothing_but_the_api(client):
    assert client.get("/", headers=BEARER).status_code == 302
    assert client.get("/coaches", headers=BEARER).status_code == 302


def test_without_an_api_token_configured_every_bearer_is_refused(database_url, tmp_path):
    app = make_app(database_url, tmp_path, API_TOKEN="")
    sync_cast(app)
    client = app.test_client()
    for header in ("Bearer ", "Bearer test-api-token", "Bearer None"):
        assert client.get("/api/requests", headers={"Authorization": header}).status_code == 401
    app.extensions["rappel.engine"].dispose()


def test_openapi_describes_every_api_path_and_the_bearer_scheme(claire, app):
    response = claire.get("/api/openapi.json")
    document = json.loads(response.data)
    assert document["openapi"].startswith("3.1")
    api_rules = {re.sub(r"<[^>]*:n>", "{number}", r.rule) for r in app.url_map.iter_rules()
                 if r.rule.startswith("/api/")}
    assert set(document["paths"]) == api_rules
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "Authorization: Bearer API_TOKEN"}
    props = document["components"]["schemas"]["Request"]["properties"]
    assert set(props) == REQUEST_FIELDS
    assert set(document["paths"]["/api/requests"]["get"]["parameters"][0]["schema"]["enum"]) >= \
        {"open", "offered", "accepted", "contacted", "closed", "cancelled", "active", "at_risk",
         "overdue"}
    for path in document["paths"].values():
        assert "401" in path["get"]["responses"]


def test_an_unknown_or_too_long_number_is_a_json_404(claire):
    for path in ("/api/requests/19669193108244674904064", "/api/requests/2147483648",
                 "/api/requests/-1", "/api/nothing", "/api"):
        response = claire.get(path)
        assert response.status_code == 404 and response.mimetype == "application/json", path
        assert set(response.json) == {"error"}


def test_a_wrong_method_is_a_json_405_that_says_what_is_allowed(claire):
    response = claire.post("/api/requests")
    assert response.status_code == 405 and response.mimetype == "application/json"
    assert "GET" in response.headers["Allow"]


def test_api_answers_are_never_kept_by_a_cache_and_https_is_remembered(claire, client):
    for response in (claire.get("/api/requests"), claire.get("/api/nothing"),
                     client.get("/api/requests")):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_without_https_no_hsts(database_url, tmp_path):
    app = make_app(database_url, tmp_path, PUBLIC_URL="http://127.0.0.1:5000")
    assert "Strict-Transport-Security" not in app.test_client().get("/healthz").headers
    app.extensions["rappel.engine"].dispose()


@pytest.mark.parametrize("query", ["status=", "status=%00", "status=OPEN"])
def test_a_status_that_is_not_one_is_a_bad_request(claire, query):
    assert claire.get(f"/api/requests?{query}").status_code == 400


@pytest.mark.parametrize("query", ["to=", "from=%20%20", "to=%2B336&x=1", "=true&from=00",
                                   "from=" + "1" * 400])
def test_messages_needs_exactly_one_real_address(claire, query):
    response = claire.get(f"/api/messages?{query}")
    assert response.status_code == 400 and "error" in response.json


def test_an_address_with_a_nul_matches_nothing(claire, db):
    make_request(db)
    response = claire.get("/api/messages?from=Paul%00Martin")
    assert response.status_code == 200 and response.json == {"messages": []}
