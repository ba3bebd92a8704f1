"""The coordinators' desk: login, the board, a request's page and its actions, the coaches."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select

from dispatch import desk_actions, lifecycle
from dispatch.hotline import offer_token
from dispatch.models import Coordinator, Event, Offer, Request
from scheduling import context_for
from tests.conftest import MICHEL, NOW, make_app, outbox, sync_cast
from tests.desk_fixtures import (
    CLAIRE_EMAIL,
    PASSWORD,
    coach,
    csrf_token,
    login_as,
    make_request,
    numbers_in,
    seen_token,
    set_passwords,
)
from webhooks.dashboard import KIND_LABELS

OPEN_ENDPOINTS = {"static", "health.healthz", "auth.login", "offer_links.page",
                  "offer_links.answer"}
SAMPLE = {"n": "1", "action": "note", "token": "1.forgedtoken", "filename": "desk.css"}


def _url(app, rule):
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, {name: SAMPLE[name] for name in rule.arguments})


def test_it_refuses_every_route_to_an_anonymous_visitor(app, client):
    walked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_ENDPOINTS or rule.endpoint.startswith(
                ("twilio.", "twilio_voice.", "page_links.")):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_url(app, rule), method=method)
            walked += 1
            if rule.rule.startswith("/api/"):
                assert response.status_code == 401, (method, rule.rule)
                assert response.json == {"error": "authentication required"}
            else:
                assert response.status_code == 302, (method, rule.rule)
                assert response.location.startswith("/login"), (method, rule.rule)
    assert walked >= 12


def test_it_leaves_open_only_health_twilio_the_offer_link_and_login(client):
    assert client.get("/login").status_code == 200
    assert client.get("/static/desk.css").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/o/1.forgedtoken").status_code == 404
    assert client.post("/twilio/sms", data={}).status_code == 403


def test_it_logs_a_coordinator_in_and_remembers_where_she_was_going(app, client):
    set_passwords(app)
    page = client.get("/requests/1")
    assert page.location == "/login?next=/requests/1"
    response = client.post("/login", data={"email": "Claire.Moreau@example.org ",
                                           "password": PASSWORD, "next": "/coaches"})
    assert response.status_code == 302 and response.location == "/coaches"
    board = client.get("/")
    assert board.status_code == 200 and "Claire Moreau" in board.text


def test_it_refuses_a_wrong_password_or_an_unknown_email_with_the_same_words(app, client):
    set_passwords(app)
    wrong = client.post("/login", data={"email": CLAIRE_EMAIL, "password": "nope"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": PASSWORD})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "E-mail ou mot de passe incorrect." in response.text
    assert client.get("/").status_code == 302


def test_it_refuses_a_coordinator_who_has_no_password_yet(client):
    response = client.post("/login", data={"email": CLAIRE_EMAIL, "password": ""})
    assert response.status_code == 401


def test_it_never_redirects_to_another_site_after_login(app, client):
    set_passwords(app)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post("/login", data={"email": CLAIRE_EMAIL, "password": PASSWORD,
                                               "next": target})
        assert response.location == "/"


def test_it_logs_out_with_a_post_only(app, claire):
    assert claire.get("/logout").status_code == 405
    response = claire.post("/logout")
    assert response.location == "/login"
    assert claire.get("/").status_code == 302


def test_it_forgets_a_session_when_the_password_changes_or_the_coordinator_leaves(app, claire, db):
    assert claire.get("/").status_code == 200
    person = db.scalar(select(Coordinator).where(Coordinator.key == "claire"))
    person.password_hash = "scrypt:changed"
    db.commit()
    assert claire.get("/").status_code == 302
    other = login_as(app, app.test_client(), "bertrand")
    person = db.scalar(select(Coordinator).where(Coordinator.key == "bertrand"))
    person.active = False
    db.commit()
    assert other.get("/").status_code == 302


def test_it_rejects_a_form_without_its_csrf_token(database_url, tmp_path, db):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    sync_cast(app)
    set_passwords(app)
    client = app.test_client()
    refused = client.post("/login", data={"email": CLAIRE_EMAIL, "password": PASSWORD})
    assert refused.status_code == 400 and "Formulaire expiré" in refused.text
    token = csrf_token(client.get("/login").text)
    assert client.post("/login", data={"email": CLAIRE_EMAIL, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    with app.extensions["rappel.sessions"]() as session:
        request = make_request(session)
    page = client.get(f"/requests/{request.id}").text
    assert client.post(f"/requests/{request.id}/note", data={"text": "hop"}).status_code == 400
    assert client.post("/logout").status_code == 400
    done = client.post(f"/requests/{request.id}/note",
                       data={"text": "hop", "csrf_token": csrf_token(page)})
    assert done.status_code == 302
    app.extensions["rappel.engine"].dispose()


def test_it_sets_safe_session_cookies(database_url, tmp_path):
    app = make_app(database_url, tmp_path, SESSION_COOKIE_SECURE=True)
    sync_cast(app)
    set_passwords(app)
    response = app.test_client().post("/login", data={"email": CLAIRE_EMAIL, "password": PASSWORD})
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for cookie in cookies.values():
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "Path=/login" in cookies["rappel_device"]  # the login form alone reads it
    cookie = cookies["session"]
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert timedelta(hours=11) < expires - datetime.now(timezone.utc) <= timedelta(hours=12)
    app.extensions["rappel.engine"].dispose()


def test_the_board_puts_what_needs_attention_first_and_counts_it(claire, db):
    h = timedelta(hours=1)
    in_progress = make_request(db, status="accepted", coach_key="michel", deadline=20 * h, received=4 * h)
    waiting = make_request(db, received=h)
    contacted = make_request(db, status="contacted", received=30 * h, contacted_at=NOW - 2 * h * 24)
    at_risk = make_request(db, status="accepted", coach_key="odile", deadline=3 * h, received=21 * h)
    overdue = make_request(db, status="accepted", coach_key="michel", deadline=-2 * h, received=26 * h)
    crisis = make_request(db, crisis=True, received=timedelta(minutes=5))
    make_request(db, status="contacted", received=300 * h, contacted_at=NOW - 10 * 24 * h)
    cancelled = make_request(db, status="cancelled", received=2 * h, closed_at=NOW - h)
    page = claire.get("/").text
    assert numbers_in(page) == [crisis.id, overdue.id, at_risk.id, waiting.id, in_progress.id,
                                contacted.id, cancelled.id]   # the last folded away
    assert "<strong>1</strong> crise" in page and "<strong>1</strong> en retard" in page
    assert "<strong>1</strong> à risque" in page and "<strong>1</strong> attend un coach" in page
    assert "<strong>1</strong> en cours" in page and "<strong>1</strong> rappelées (7 j)" in page
    assert "dépassé de 2 h 00 min" in page and "reste 3 h 00 min" in page
    assert 'class="tone late"' in page and 'class="tone risk"' in page
    assert "Michel Bernard" in page and "Odile Perrin" in page
    assert 'data-refresh="/board/fragment"' in page and "/static/desk.js" in page
    assert "<script>" not in page and " style=" not in page  # nothing inline: a strict CSP
    headers = claire.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"


def test_the_board_fragment_is_the_board_without_the_layout(claire, db):
    make_request(db)
    fragment = claire.get("/board/fragment")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "data-number" in fragment.text


def test_the_request_page_shows_details_slots_sms_and_timeline(claire, db, app):
    request = make_request(db, flexible=False,
                           slots=[{"start": "2026-11-25T14:00:00+01:00", "end": "2026-11-25T16:00:00+01:00"}])
    request.phones, request.emails = ["+33612345679"], ["paul@example.org"]
    db.commit()
    page = claire.get(f"/requests/{request.id}").text
    assert "Paul Martin" in page and "06 12 34 56 78" in page and "paul@example.org" in page
    assert "mer. 25/11 14h-16h" in page
    assert "Bonjour, Paul Martin, demain 14h-16h" in page
    assert "SMS reçu" in page and "finances" in page
    assert claire.get("/requests/999").status_code == 404


def timeline_of(html):
    """The timeline's entries as shown on a request's page, oldest first."""
    part = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    return [entry.split("</li>")[0] for entry in part.split("<li")[1:]]


def _act(client, request_id, action, **form):
    page = client.get(f"/requests/{request_id}").text
    return client.post(f"/requests/{request_id}/{action}",
                       data={"seen": seen_token(page), **form}, follow_redirects=True)


@pytest.mark.parametrize("action, start, status, kind", [
    ("contacted", "accepted", "contacted", "contacted"),
    ("close", "contacted", "closed", "closed"),
    ("cancel", "accepted", "cancelled", "cancelled"),
    ("reassign", "accepted", "open", "reassigned"),
])
def test_each_action_is_done_and_signed_with_the_coordinators_name(claire, db, action, start,
                                                                   status, kind):
    request = make_request(db, status=start, coach_key="michel")
    page = _act(claire, request.id, action, motive="other")
    assert page.status_code == 200 and 'class="flash flash-ok"' in page.text
    db.expire_all()
    assert db.get(Request, request.id).status == status
    event = db.scalar(select(Event).where(Event.request_id == request.id, Event.kind == kind))
    assert event.actor == "Claire Moreau"
    (shown,) = [e for e in timeline_of(page.text) if f'<span class="kind">{KIND_LABELS[kind]}</span>' in e]
    assert '<strong class="actor">Claire Moreau</strong>' in shown


def test_it_tells_the_coach_when_a_coordinator_cancels(claire, db):
    request = make_request(db, status="accepted", coach_key="michel")
    _act(claire, request.id, "cancel", motive="asked")
    assert [m.kind for m in outbox(db, to=MICHEL)] == ["cancelled"]


def test_a_coordinator_offers_a_request_to_the_coach_she_chooses(claire, db):
    request = make_request(db)
    michel = coach(db, "michel")
    page = _act(claire, request.id, "offer", coach=str(michel.id))
    assert "proposée à Michel Bernard" in page.text
    db.expire_all()
    assert db.get(Request, request.id).status == "offered"
    offer = db.scalar(select(Offer).where(Offer.request_id == request.id))
    assert (offer.coach_id, offer.status) == (michel.id, "pending")
    assert [m.kind for m in outbox(db, to=MICHEL)] == ["offer"]
    event = db.scalar(select(Event).where(Event.kind == "offered"))
    assert event.actor == "Claire Moreau"


def test_a_coach_in_pause_or_inactive_is_not_offered_from_the_desk_and_it_says_why(claire, db):
    request = make_request(db)
    michel = coach(db, "michel")
    michel.paused = True
    db.commit()
    page = _act(claire, request.id, "offer", coach=str(michel.id))
    assert "Ce coach ne reçoit pas de propositions : en pause" in page.text
    assert "déjà reçu une proposition" not in page.text
    assert outbox(db, to=MICHEL) == []
    page = _act(claire, request.id, "offer", coach="999")
    assert "Ce coach ne reçoit pas de propositions" in page.text


def test_offering_to_another_coach_keeps_the_pending_offer_standing(claire, db, app):
    request = make_request(db)
    ctx = context_for(app, db)
    lifecycle.make_offer(db, ctx, request, coach(db, "odile"), "best match", NOW)
    db.commit()
    _act(claire, request.id, "offer", coach=str(coach(db, "michel").id))
    db.expire_all()
    offers = {o.coach.key: o.status for o in db.scalars(select(Offer))}
    assert offers == {"odile": "pending", "michel": "pending"}  # the first OK wins
    kinds = [e.kind for e in db.scalars(select(Event).where(Event.actor == "Claire Moreau"))]
    assert kinds == ["offered"]


def test_a_coach_is_offered_again_by_the_desk_after_letting_it_expire(claire, db, app, clock):
    request = make_request(db)
    ctx = context_for(app, db)
    offer = lifecycle.make_offer(db, ctx, request, coach(db, "michel"), "best match", NOW)
    lifecycle.expire(db, offer, NOW + timedelta(minutes=31))
    db.commit()
    page = claire.get(f"/requests/{request.id}").text
    assert "Michel Bernard —" in page and "peut rappeler à temps" in page
    _act(claire, request.id, "offer", coach=str(coach(db, "michel").id))
    db.expire_all()
    statuses = [o.status for o in db.scalars(select(Offer).order_by(Offer.id))]
    assert statuses == ["unsent", "pending"]


def test_it_refuses_to_offer_twice_to_the_same_coach(claire, db, app):
    request = make_request(db)
    lifecycle.make_offer(db, context_for(app, db), request, coach(db, "odile"), "x", NOW)
    db.commit()
    page = _act(claire, request.id, "offer", coach=str(coach(db, "odile").id))
    assert "a déjà reçu une proposition" in page.text


def test_a_note_goes_on_the_timeline_with_its_author(claire, db):
    request = make_request(db)
    page = claire.post(f"/requests/{request.id}/note", data={"text": "Rappelé sa comptable."},
                       follow_redirects=True)
    last = timeline_of(page.text)[-1]
    assert "Rappelé sa comptable." in last and "Claire Moreau" in last
    event = db.scalar(select(Event).where(Event.kind == "note"))
    assert (event.actor, event.detail) == ("Claire Moreau", "Rappelé sa comptable.")


def test_a_note_sent_twice_is_kept_once_and_an_empty_one_is_refused_aloud(claire, db):
    request = make_request(db)
    for _ in range(2):   # a double click, or the page reloaded
        page = claire.post(f"/requests/{request.id}/note",
                           data={"text": "Rappelé sa comptable."}, follow_redirects=True)
    assert "figure déjà dans l" in page.text
    assert len(db.scalars(select(Event).where(Event.kind == "note")).all()) == 1
    page = claire.post(f"/requests/{request.id}/note", data={"text": "  "},
                       follow_redirects=True)
    assert "Note vide" in page.text
    assert len(db.scalars(select(Event).where(Event.kind == "note")).all()) == 1


def test_when_two_coordinators_act_at_once_the_second_is_told_what_happened(claire, bertrand, db):
    request = make_request(db, status="accepted", coach_key="michel")
    claires_page = claire.get(f"/requests/{request.id}").text
    _act(bertrand, request.id, "contacted")
    page = claire.post(f"/requests/{request.id}/reassign",
                       data={"seen": seen_token(claires_page)}, follow_redirects=True)
    assert "a changé entre-temps" in page.text
    assert "« rappelée » (vous aviez vu « acceptée »)" in page.text
    db.expire_all()
    assert db.get(Request, request.id).status == "contacted"
    assert not db.scalar(select(Event).where(Event.actor == "Claire Moreau"))


def test_the_guard_lets_one_of_two_sessions_win(app, db, clock):
    request = make_request(db, status="accepted", coach_key="michel")
    seen = desk_actions.Seen.of(request)
    with app.extensions["rappel.sessions"]() as first, app.extensions["rappel.sessions"]() as second:
        assert desk_actions.still_as_seen(first, request.id, seen)
        assert lifecycle.mark_contacted(first, first.get(Request, request.id), NOW, "A") \
            is lifecycle.Outcome.DONE
        first.commit()
        assert not desk_actions.still_as_seen(second, request.id, seen)


def test_a_garbled_seen_field_is_a_bad_request(claire, db):
    request = make_request(db)
    assert claire.post(f"/requests/{request.id}/close",
                       data={"seen": "x", "motive": "other"}).status_code == 400
    assert claire.post(f"/requests/{request.id}/fly", data={}).status_code == 404


def test_the_coaches_page_shows_load_availability_and_answers(claire, db, app):
    ctx = context_for(app, db)
    held = make_request(db, status="accepted", coach_key="michel")
    for minutes, answer in ((4, "accept"), (20, "decline")):
        request = make_request(db)
        offer = lifecycle.make_offer(db, ctx, request, coach(db, "michel"), "x",
                                     NOW - timedelta(minutes=minutes))
        offer.sent_at = NOW - timedelta(minutes=minutes)
        if answer == "accept":
            lifecycle.accept(db, ctx, offer, NOW)
        else:
            lifecycle.decline(db, offer, NOW)
    coach(db, "sylvie").paused = True
    db.commit()
    page = claire.get("/coaches").text
    assert "Michel Bernard" in page and "en pause" in page
    assert f'/requests/{held.id}"' in page
    assert "100 %" in page and "4 min" in page
    assert "maintenant (jusqu&#39;à 12h)" in page  # Tuesday 10:15, Michel works 9-12
    assert "mar. 24/11 à 18h" in page                # Sylvie: from 18h today


def test_every_page_escapes_what_an_entrepreneur_wrote(claire, phone, db, app):
    attack = 'Bonjour <script>alert("x")</script> <b onmouseover="y">Paul</b> <img src=x onerror=z>'
    phone.text("+33612345678", attack)
    request = db.scalar(select(Request))
    request.name = "<script>alert(1)</script> Martin"
    offer = lifecycle.make_offer(db, context_for(app, db), request, coach(db, "michel"), "x", NOW)
    db.commit()
    link = "/o/" + offer_token(app.config["SECRET_KEY"], offer.id)
    pages = [claire.get(u).text for u in ("/", "/board/fragment", f"/requests/{request.id}",
                                          "/simulator/phones?number=%2B33612345678", link,
                                          "/coaches")]
    for page in pages:
        assert "<script>alert" not in page and "<b onmouseover" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in pages[0] and "&lt;script&gt;alert(&#34;x&#34;)" in pages[2]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[4]  # the coach's offer page
    api = claire.get(f"/api/requests/{request.id}")
    assert api.mimetype == "application/json"


def test_twilio_and_the_api_need_no_csrf_token(database_url, tmp_path):
    from tests.conftest import Phone, reply_of
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    sync_cast(app)
    client = app.test_client()
    response = Phone(client).text("+33612345678", "Bonjour, Paul Martin, demain 14h-16h")
    assert response.status_code == 200 and "demande 1" in reply_of(response)
    api = client.get("/api/requests", headers={"Authorization": "Bearer test-api-token"})
    assert api.status_code == 200 and len(api.json["requests"]) == 1
    app.extensions["rappel.engine"].dispose()


def test_a_stale_page_is_refused_even_when_the_state_reads_the_same(claire, bertrand, db, clock):
    request = make_request(db)
    _act(bertrand, request.id, "offer", coach=str(coach(db, "odile").id))
    claires_page = claire.get(f"/requests/{request.id}").text   # offered to Odile
    clock.tick(timedelta(minutes=1))
    _act(bertrand, request.id, "offer", coach=str(coach(db, "michel").id))  # offered to Michel
    page = claire.post(f"/requests/{request.id}/offer",
                       data={"seen": seen_token(claires_page), "coach": str(coach(db, "sylvie").id)},
                       follow_redirects=True)
    assert "elle est toujours « proposée », mais une autre action" in page.text
    db.expire_all()
    offers = {o.coach.key: o.status for o in db.scalars(select(Offer))}
    assert offers == {"odile": "pending", "michel": "pending"}


def test_a_concurrent_action_waits_for_the_first_then_finds_it_changed(app, db, clock):
    """Two sessions at once (SQLite's write lock or PostgreSQL's row lock)."""
    import threading
    request = make_request(db, status="accepted", coach_key="michel")
    seen = desk_actions.Seen.of(request)
    sessions = app.extensions["rappel.sessions"]
    result: list[bool] = []
    with sessions() as first:
        assert desk_actions.still_as_seen(first, request.id, seen)
        lifecycle.close(first, first.get(Request, request.id), NOW, "Claire Moreau")

        def second_coordinator() -> None:
            with sessions() as second:
                result.append(desk_actions.still_as_seen(second, request.id, seen))
                second.rollback()

        thread = threading.Thread(target=second_coordinator)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # waiting for the first to finish
        first.commit()
    thread.join(10)
    assert result == [False]


def test_a_cancelled_request_reads_cancelled_not_called_back(app, db):
    from datetime import timedelta

    from dispatch.desk import state_of, time_left
    from dispatch.models import Request
    from dispatch.risk import Risk
    from tests.conftest import NOW
    request = Request(status="cancelled", received_at=NOW, deadline=NOW + timedelta(hours=24),
                      closed_at=NOW)
    risk = Risk.of(db, context_for(app, db), [request])
    assert state_of(request, NOW + timedelta(hours=1), risk) == "cancelled"
    assert time_left(request, NOW + timedelta(hours=1), risk)[0] == "annulée il y a 1 h 00 min"
