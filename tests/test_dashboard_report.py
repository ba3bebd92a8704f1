"""The dashboard's report page (figures, downloads, CSP, print) and erasing a
person's data on request from a request's page."""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from dispatch import desk_actions, lifecycle
from dispatch.models import Event, Message, Offer, Request
from scheduling import context_for
from tests.conftest import MICHEL, NOW, make_app, outbox, sync_cast
from tests.desk_fixtures import (
    CLAIRE_EMAIL,
    PASSWORD,
    coach,
    csrf_token,
    make_request,
    seen_token,
    set_passwords,
)
from tests.report_fixtures import NOVEMBER, PERSONAL, add_request


def _style_hashes(html):
    """The hashes a browser computes for each <style> of the page (SVG ones decoded)."""
    found = set()
    for text in re.findall(r"<style\b[^>]*>(.*?)</style>", html, re.S):
        for variant in (text, unescape(text)):
            digest = base64.b64encode(hashlib.sha256(variant.encode()).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return found


def _directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


# --- the report page ----------------------------------------------------------

def test_the_report_page_shows_the_months_known_figures(claire, november):
    response = claire.get("/report?month=2026-11")
    assert response.status_code == 200
    page = response.text
    assert "Rapport mensuel — novembre 2026" in page
    assert "Revue mensuelle — novembre 2026" in page
    assert "Demandes reçues<b>8</b>" in page
    # Cancelled requests are not misses: 7 count. French numbers.
    assert "57,1\u00a0% <small>(4 sur 7)</small>" in page       # within 24 h
    assert "71,4\u00a0% <small>(5 sur 7)</small>" in page       # within the deadline
    assert 'Crises<b><span class="masked" title="secret statistique">&lt; 3</span></b>' in page
    assert "<td class=n>4 h 00</td><td class=n>28 h 00</td>" in page  # time to contact
    assert "moyenne 1,38, médiane 1 (11 propositions)" in page
    assert "S44 (1er novembre, partielle : 1 jour)" in page
    assert page.count("<svg") == 5 and "<td>coach 1</td><td class=n>4</td>" in page
    assert 'value="2026-11"' in page and 'name="coaches"' in page
    assert 'href="/report.csv?month=2026-11"' in page and 'href="/report.json?month=2026-11"' in page


def test_the_report_defaults_to_the_current_month_of_the_hotline(claire, november):
    page = claire.get("/report").text           # Tuesday 24 November 2026 in Dijon
    assert "novembre 2026" in page and "Demandes reçues<b>8</b>" in page
    assert "(mois en cours)" in page
    october = claire.get("/report?month=2026-10").text
    assert 'Demandes reçues<b><span class="masked" title="secret statistique">&lt; 3</span>' \
        in october


def test_the_report_shows_coach_ids_only_when_asked(claire, november):
    assert "michel" not in claire.get("/report?month=2026-11").text
    page = claire.get("/report?month=2026-11&coaches=1").text
    assert "<td>michel</td><td class=n>4</td>" in page
    assert 'name="coaches" value="1" checked' in page
    assert 'href="/report.csv?month=2026-11&amp;coaches=1"' in page


def test_nothing_personal_reaches_the_report_in_any_format(claire, november):
    shown = [claire.get(f"/report{ext}?month=2026-11{extra}").text
             for ext in ("", ".csv", ".json") for extra in ("", "&coaches=1")]
    for text in shown:
        for personal in PERSONAL:
            assert personal not in text, personal


def test_the_report_downloads_as_csv_and_json(claire, november):
    response = claire.get("/report.csv?month=2026-11")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="rappel-rapport-2026-11.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["section", "key", "value", "libellé"]
    assert ["received", "total", "8", "demandes reçues : total"] in rows
    assert ["response.contacted_within_24h", "percent", "57.1",
            "promesse de rappel : rappelées sous 24 h : part (%)"] in rows
    data = claire.get("/report.json?month=2026-11")
    assert data.mimetype == "application/json"
    assert data.headers["Content-Disposition"] == 'attachment; filename="rappel-rapport-2026-11.json"'
    report = json.loads(data.text)
    assert report["month"] == "2026-11" and report["received"]["total"] == 8
    assert report["workload"]["accepted_per_coach"] == [4, "< 3", "< 3"]
    named = claire.get("/report.json?month=2026-11&coaches=1").json
    assert named["workload"]["accepted_per_coach"] == {"michel": 4, "odile": "< 3", "sylvie": "< 3"}


def test_a_bad_month_is_refused_with_words(claire, db):
    for month in ("2026-13", "novembre", "2026-1", "9999-12"):
        page = claire.get(f"/report?month={month}")
        assert page.status_code == 400 and "Mois invalide" in page.text, month
        assert claire.get(f"/report.csv?month={month}").status_code == 400
        assert claire.get(f"/report.json?month={month}").status_code == 400


def test_the_report_is_closed_to_the_anonymous(client):
    for path in ("/report", "/report?month=2026-11", "/report.csv?month=2026-11", "/report.json"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login"), path
    assert client.get("/report.json", headers={"Authorization": "Bearer test-api-token"}
                      ).status_code == 302  # the token opens the API, not the dashboard


def test_the_report_keeps_a_strict_policy_allowing_only_its_own_styles(claire, november):
    response = claire.get("/report?month=2026-11")
    page, policy = response.text, response.headers["Content-Security-Policy"]
    directives = _directives(policy)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-hashes" not in policy
    styles = set(directives["style-src"]) - {"'self'"}
    assert len(re.findall(r"<style\b", page)) == 1          # the report's own
    assert styles and styles <= _style_hashes(page)
    for text in re.findall(r"<style\b[^>]*>(.*?)</style>", page, re.S):
        assert _style_hashes(f"<style>{text}</style>") & styles
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/desk.js" defer>']
    assert " style=" not in page and not re.search(r"<[^>]*\son\w+=", page)  # no handler
    assert response.headers["Cache-Control"] == "no-store"
    # Every other page keeps the plain policy.
    board = _directives(claire.get("/").headers["Content-Security-Policy"])
    assert board["style-src"] == ["'self'"] and board["script-src"] == ["'self'"]


def test_the_report_is_in_the_nav_and_prints_without_nav_or_forms(claire, db):
    page = claire.get("/").text
    assert '<a href="/report">Rapport</a>' in page
    css = claire.get("/static/desk.css").text
    assert "@media print" in css
    printed = css.split("@media print", 1)[1]
    assert "header.top" in printed and "form" in printed and "display: none" in printed


# --- erasing on request ---------------------------------------------------------

PAUL = ("Paul Martin", "+33612345678", "06 12 34 56 78", "612345678", "paul.martin@example.com",
        "Bonjour, Paul Martin, demain 14h-16h", "+33611223344", "06 11 22 33 44",
        "Sa comptable Mme Dupont")


def _paul(db, app, status="offered"):
    """A request with everything personal in it, offered to Michel (whose SMS quotes Paul)."""
    request = make_request(db, flexible=False, phones=["+33611223344"],
                           emails=["paul.martin@example.com"],
                           slots=[{"start": "2026-11-25T14:00:00+01:00",
                                   "end": "2026-11-25T16:00:00+01:00"}])
    if status == "offered":
        offer = lifecycle.make_offer(db, context_for(app, db), request, coach(db, "michel"), "x",
                                     NOW)
        offer.sent_at = NOW  # as the sender does when the carrier takes the SMS
    desk_actions.add_note(db, request, "Sa comptable Mme Dupont : 06 11 22 33 44", NOW, "Claire Moreau")
    db.commit()
    return request


def _erase(client, request_id, typed, page=None, **form):
    """Open the confirmation page (or use one opened before), type, submit."""
    page = page or client.get(f"/requests/{request_id}/erase").text
    data = {"seen": seen_token(page), **form}
    if typed is not None:
        data["confirm"] = typed
    return client.post(f"/requests/{request_id}/erase", data=data)


def test_the_request_page_offers_erasing_behind_a_confirmation(claire, db, app):
    request = _paul(db, app)
    page = claire.get(f"/requests/{request.id}").text
    assert f'href="/requests/{request.id}/erase"' in page
    assert "Effacer les données personnelles" in page
    confirm = claire.get(f"/requests/{request.id}/erase")
    assert confirm.status_code == 200
    assert 'name="confirm"' in confirm.text and 'name="csrf_token"' in confirm.text
    assert seen_token(confirm.text).startswith("offered|")
    assert f'action="/requests/{request.id}/erase"' in confirm.text and 'method="post"' in confirm.text
    assert "elle sera d'abord annulée et le coach prévenu" in confirm.text
    db.expire_all()
    assert db.get(Request, request.id).name == "Paul Martin"    # a GET erases nothing
    assert claire.get("/requests/999/erase").status_code == 404
    assert claire.post("/requests/999/erase", data={"confirm": "999"}).status_code == 404
    # Without the state the page showed, the form is not one of ours.
    assert claire.post(f"/requests/{request.id}/erase",
                       data={"confirm": str(request.id)}).status_code == 400


def test_erasing_a_request_that_changed_meanwhile_asks_again(claire, db, app):
    request = _paul(db, app)
    confirm = claire.get(f"/requests/{request.id}/erase").text      # offered to Michel
    lifecycle.accept(db, context_for(app, db), db.scalar(select(Offer)), NOW)
    db.commit()
    response = _erase(claire, request.id, str(request.id), page=confirm)
    assert response.status_code == 409
    assert "a changé entre-temps" in response.text and "« acceptée »" in response.text
    assert "confirmez à nouveau" in response.text
    db.expire_all()
    assert db.get(Request, request.id).name == "Paul Martin"
    assert _erase(claire, request.id, str(request.id), page=response.text).status_code == 302
    db.expire_all()
    assert db.get(Request, request.id).anonymised_at is not None


@pytest.mark.parametrize("typed", [None, "", "2", "12", "oui", "1 2"])
def test_erasing_needs_the_requests_number_typed(claire, db, app, typed):
    request = _paul(db, app)
    assert request.id == 1
    response = _erase(claire, request.id, typed)
    assert response.status_code == 400
    assert "ne correspond pas" in response.text and "rien n&#39;a été effacé" in response.text
    db.expire_all()
    kept = db.get(Request, request.id)
    assert (kept.name, kept.status, kept.anonymised_at) == ("Paul Martin", "offered", None)
    assert not db.scalar(select(Event).where(Event.kind == "erased"))


def test_after_erasing_nothing_personal_is_left_on_the_page_nor_in_the_api(claire, db, app):
    request = _paul(db, app)
    assert any("Paul" in (m.body or "") for m in outbox(db, to=MICHEL))
    done = _erase(claire, request.id, f" {request.id} ")
    assert done.status_code == 302 and done.location == f"/requests/{request.id}"
    page = claire.get(done.location).text
    assert f"Données personnelles de la demande {request.id} effacées" in page
    assert 'class="flash flash-ok"' in page
    for personal in PAUL + ("Martin", "paul"):
        assert personal not in page, personal
    assert "données personnelles effacées" in page and "texte effacé" in page
    assert f'href="/requests/{request.id}/erase"' not in page     # nothing left to erase
    entries = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0].split("<li")[1:]
    (erased,) = [e for e in entries if "kind-erased" in e]
    assert '<strong class="actor">Claire Moreau</strong>' in erased
    assert "à la demande de la personne" in erased   # the English detail, in French
    api = claire.get(f"/api/requests/{request.id}")
    assert api.status_code == 200
    body = api.json
    assert body["name"] is None and body["callback_number"] is None
    assert body["phones"] == [] and body["emails"] == [] and body["slots"] == []
    assert body["status"] == "cancelled"
    (entry,) = [e for e in body["timeline"] if e["kind"] == "erased"]
    assert (entry["actor"], entry["detail"]) == ("Claire Moreau", "personal data erased on request")
    for personal in PAUL + ("Martin",):
        assert personal not in api.text, personal
    # The coach was told, by an SMS that quotes only the request's number.
    db.expire_all()
    notice = [m for m in outbox(db, to=MICHEL) if m.body is not None]
    assert len(notice) == 1 and str(request.id) in notice[0].body
    assert not any(p in notice[0].body for p in PAUL)
    assert db.scalar(select(func.count()).select_from(Message).where(
        Message.body.contains("Paul"))) == 0


def test_erasing_a_closed_request_keeps_its_state_and_twice_erases_once(claire, db, app):
    request = _paul(db, app, status="open")
    request.status, request.closed_at = "closed", NOW
    db.commit()
    confirm = claire.get(f"/requests/{request.id}/erase").text
    assert "d'abord annulée" not in confirm
    assert _erase(claire, request.id, str(request.id), page=confirm).status_code == 302
    again = _erase(claire, request.id, str(request.id), page=confirm)   # a second tab
    assert again.status_code == 302
    assert "étaient déjà effacées" in claire.get(again.location).text
    assert claire.get(f"/requests/{request.id}/erase").status_code == 302
    db.expire_all()
    assert db.get(Request, request.id).status == "closed"
    assert db.scalar(select(func.count()).select_from(Event).where(Event.kind == "erased")) == 1


def test_the_erase_form_needs_its_csrf_token(database_url, tmp_path):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    sync_cast(app)
    set_passwords(app)
    client = app.test_client()
    token = csrf_token(client.get("/login").text)
    assert client.post("/login", data={"email": CLAIRE_EMAIL, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    with app.extensions["rappel.sessions"]() as db:
        request = make_request(db)
    confirm = client.get(f"/requests/{request.id}/erase").text
    refused = _erase(client, request.id, str(request.id), page=confirm)
    assert refused.status_code == 400 and "Formulaire expiré" in refused.text
    forged = _erase(client, request.id, str(request.id), page=confirm, csrf_token="forged")
    assert forged.status_code == 400 and "Formulaire expiré" in forged.text
    with app.extensions["rappel.sessions"]() as db:
        assert db.get(Request, request.id).name == "Paul Martin"
    done = _erase(client, request.id, str(request.id), page=confirm, csrf_token=csrf_token(confirm))
    assert done.status_code == 302
    with app.extensions["rappel.sessions"]() as db:
        erased = db.get(Request, request.id)
        assert erased.name is None and erased.anonymised_at is not None
    app.extensions["rappel.engine"].dispose()


# --- in a real browser: no CSP violation, and the printed page -------------------

def test_in_a_browser_the_report_breaks_no_policy_and_prints_as_an_a4_document(app, db, server,
                                                                              page):
    from tests.browser_fixtures import log_in
    for row in NOVEMBER:
        add_request(db, *row)
    db.commit()
    log_in(page, server, "/report?month=2026-11")
    assert page.locator(".rappel-report svg").count() == 5
    # The allowed style applied: the report's own (.meta .9rem).
    size = "getComputedStyle(document.querySelector('%s')).fontSize"
    assert page.evaluate(size % ".rappel-report .meta") == "14.4px"   # .9rem
    assert page.is_visible("header.top") and page.is_visible("form.report-picker")
    page.emulate_media(media="print")
    assert not page.is_visible("header.top") and not page.is_visible("form.report-picker")
    assert page.is_visible(".rappel-report")
    assert page.evaluate(size % ".rappel-report h1") == "21.3333px"   # 16pt on paper
    assert page.pdf(format="A4")[:5] == b"%PDF-"
    # the page fixture then checks the console: no CSP violation, no script error
