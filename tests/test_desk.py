"""The desk says what to do: next steps, search and filters, closing and cancelling
with a reason and a way back, tel: links, French words only, the week's coverage."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from dispatch import lifecycle
from dispatch.hotline import offer_token, page_token
from dispatch.models import Coordinator, Escalation, Event, Message, Offer, Request
from scheduling import context_for
from tests.conftest import MICHEL, NOW, PAUL, outbox
from tests.desk_fixtures import coach, login_as, make_request, numbers_in, seen_token

H = timedelta(hours=1)


def board(client):
    return client.get("/").text


def search(client, **form):
    response = client.post("/board/filters", data=form)
    assert response.status_code == 302 and response.location == "/"
    return board(client)


def row(html, number):
    found = re.search(rf'<tr class="row-[a-z_]+" data-number="{number}">(.*?)</tr>', html, re.S)
    assert found, f"no row for request {number}"
    return found.group(1)


# --- what to do next --------------------------------------------------------------

def test_each_late_request_says_what_to_do_with_its_button(claire, db):
    crisis = make_request(db, crisis=True, received=timedelta(minutes=5), sender="+33612345601")
    nobody = make_request(db, received=26 * H, deadline=-2 * H, sender="+33612345602")
    db.add(Message(direction="out", to_number=MICHEL, body="x", status="sent", kind="offer",
                   created_at=NOW, request_id=nobody.id))
    tried = make_request(db, status="accepted", coach_key="michel", failed_attempts=3,
                         sender="+33612345603")
    late = make_request(db, status="accepted", coach_key="odile", received=26 * H,
                        deadline=-H, sender="+33612345604")
    fine = make_request(db, status="accepted", coach_key="sylvie", sender="+33612345605")
    from dispatch.models import Offer
    db.add(Offer(request_id=nobody.id, coach_id=coach(db, "michel").id, status="expired",
                 created_at=NOW - 25 * H, expires_at=NOW - 24 * H))
    db.commit()
    page = board(claire)
    assert "crise non prise en main : Je prends" in row(page, crisis.id)
    assert f'action="/requests/{crisis.id}/take"' in row(page, crisis.id)
    assert "personne n&#39;a accepté : proposer à un coach" in row(page, nobody.id)
    assert f'href="/requests/{nobody.id}#proposer">Proposer à un coach' in row(page, nobody.id)
    assert "3 appels sans réponse : décider" in row(page, tried.id)
    assert f'href="/requests/{tried.id}#decider">Décider' in row(page, tried.id)
    assert "échéance dépassée : appeler Odile Perrin" in row(page, late.id)
    assert 'href="tel:+33639981002">Appeler Odile' in row(page, late.id)
    assert "Sylvie Garnier rappelle avant mer. 25/11 à 9h15" in row(page, fine.id)
    request_page = claire.get(f"/requests/{tried.id}").text
    assert 'id="decider"' in request_page and "Réessayer avec Michel" in request_page


def test_a_request_nobody_could_be_offered_says_so(claire, db):
    # Nobody can call in time: the coordinators were told (no_coach), and
    # the line tries a coach who can call late when they can read it.
    waiting = make_request(db, received=7 * H, next_check_at=NOW + 4 * H)
    db.add(Escalation(request_id=waiting.id, kind="no_coach", at=NOW - 7 * H))
    db.commit()
    assert ("aucun coach disponible pour le moment (nouvel essai mar. 24/11 à 14h15) : "
            "proposer à un coach") in row(board(claire), waiting.id)


# --- search and filters ----------------------------------------------------------

@pytest.fixture
def three(db):
    paul = make_request(db, name="Paul Martin", sender=PAUL, emails=["paul.martin@example.org"])
    ines = make_request(db, name="Inès Roussel", sender="+33698765432", topic="juridique",
                        phones=["+33380112233"], status="accepted", coach_key="odile")
    old = make_request(db, name="Luc Fontaine", sender="+33611223344", status="contacted",
                       received=30 * 24 * H, contacted_at=NOW - 29 * 24 * H, crisis=True)
    return paul, ines, old


@pytest.mark.parametrize("query, found", [
    ("06 12 34 56 78", "paul"), ("+33 6 12 34 56 78", "paul"), ("0612345678", "paul"),
    ("345678", "paul"), ("ines", "ines"), ("ROUSSEL", "ines"), ("03 80 11 22 33", "ines"),
    ("paul.martin@", "paul"), ("fontaine", "old"), ("06 11 22 33 44", "old"),
])
def test_search_finds_a_request_by_phone_name_or_email_whatever_its_state(claire, three, query,
                                                                         found):
    paul, ines, old = three
    page = search(claire, q=query)
    wanted = {"paul": paul, "ines": ines, "old": old}[found]
    assert numbers_in(page) == [wanted.id], query
    assert "1 demande trouvée" in page


def test_search_by_request_number_and_nothing_in_the_url(claire, three):
    paul, ines, old = three
    page = search(claire, q=f"#{old.id}")
    assert numbers_in(page) == [old.id]
    assert "0612345678" not in claire.get("/board/fragment").request.url
    assert numbers_in(search(claire, q="Personne Inconnue")) == []
    assert set(numbers_in(search(claire, reset="1"))) == {paul.id, ines.id}


def test_filters_by_state_topic_coach_and_crisis(claire, three, db):
    paul, ines, old = three
    crisis = make_request(db, crisis=True, sender="+33612345601")
    assert numbers_in(search(claire, topic="juridique")) == [ines.id]
    assert numbers_in(search(claire, coach=str(coach(db, "odile").id))) == [ines.id]
    assert numbers_in(search(claire, crisis="1")) == [crisis.id]
    assert numbers_in(search(claire, state="in_progress")) == [ines.id]
    assert numbers_in(search(claire, state="attention")) == [crisis.id, paul.id]
    assert numbers_in(search(claire, state="waiting", sort="number")) == [paul.id]
    assert "Filtres appliqués : 1 demande" in board(claire)


# --- closing and cancelling: a reason, the person told or not, 24 hours to undo -----

def _act(client, request_id, action, **form):
    page = client.get(f"/requests/{request_id}").text
    return client.post(f"/requests/{request_id}/{action}",
                       data={"seen": seen_token(page), **form}, follow_redirects=True)


def test_closing_asks_for_a_reason_and_shows_the_sms_the_person_would_get(claire, db):
    request = make_request(db, status="accepted", coach_key="michel")
    page = claire.get(f"/requests/{request.id}").text
    assert "Clore la demande…" in page and "Confirmer la clôture" in page
    assert ("Ça va patron ? : nous n&#39;avons pas réussi à vous joindre, la demande "
            f"{request.id} est close.") in page
    refused = _act(claire, request.id, "close")
    assert "Choisissez une raison" in refused.text
    db.expire_all()
    assert db.get(Request, request.id).status == "accepted"


def test_a_coordinator_closes_tells_the_person_and_takes_it_back(claire, db, clock):
    request = make_request(db, status="accepted", coach_key="michel")
    done = _act(claire, request.id, "close", motive="unreachable", reason="3 messages laissés",
                tell="1")
    assert "la personne est prévenue par SMS" in done.text and "rétablir pendant 24 h" in done.text
    db.expire_all()
    closed = db.get(Request, request.id)
    assert (closed.status, closed.closed_reason) == ("closed", "unreachable")
    (notice,) = outbox(db, to=PAUL)
    assert notice.kind == "notice" and notice.body.startswith(
        "Ça va patron ? : nous n'avons pas réussi à vous joindre")
    event = db.scalar(select(Event).where(Event.kind == "closed"))
    assert event.detail == "personne injoignable après plusieurs appels : 3 messages laissés"
    assert [m.kind for m in outbox(db, to=MICHEL)] == ["closed"]   # the coach is told anyway
    page = claire.get(f"/requests/{request.id}").text
    assert "Close par <strong>Claire Moreau</strong>" in page and "Rétablir la demande" in page
    clock.tick(timedelta(hours=2))
    back = _act(claire, request.id, "undo", tell="1")
    assert f"Demande {request.id} rétablie ; la personne est prévenue." in back.text
    db.expire_all()
    reopened = db.get(Request, request.id)
    assert (reopened.status, reopened.coach_id, reopened.closed_at) == ("open", None, None)
    assert reopened.next_check_at is not None and reopened.round == 2
    assert outbox(db, to=PAUL)[-1].body.startswith("Ça va patron ? : votre demande "
                                                   f"{request.id} est à nouveau ouverte")
    assert db.scalar(select(Event).where(Event.kind == "reopened")).actor == "Claire Moreau"


def test_cancelling_without_telling_the_person_sends_them_nothing(claire, db):
    request = make_request(db, status="accepted", coach_key="michel")
    done = _act(claire, request.id, "cancel", motive="duplicate")
    assert "sans SMS à la personne" in done.text
    assert outbox(db, to=PAUL) == []
    assert [m.kind for m in outbox(db, to=MICHEL)] == ["cancelled"]
    assert db.scalar(select(Event).where(Event.kind == "cancelled")).detail == \
        "doublon d'une autre demande"


def test_a_called_back_request_closed_by_mistake_reads_called_back_again(claire, db):
    request = make_request(db, status="contacted", coach_key="michel", contacted_at=NOW - H)
    _act(claire, request.id, "close", motive="other")
    _act(claire, request.id, "undo")
    db.expire_all()
    assert db.get(Request, request.id).status == "contacted"


def test_there_is_no_way_back_after_24_hours_nor_for_the_persons_own_cancel(app, claire, db,
                                                                           clock, phone):
    request = make_request(db)
    _act(claire, request.id, "cancel", motive="mistake")
    seen = seen_token(claire.get(f"/requests/{request.id}").text)
    clock.tick(timedelta(hours=25))
    login_as(app, claire)   # a session lasts a working day
    page = claire.get(f"/requests/{request.id}").text
    assert "Rétablir la demande" not in page
    late = claire.post(f"/requests/{request.id}/undo", data={"seen": seen}, follow_redirects=True)
    assert 'class="flash flash-error"' in late.text
    db.expire_all()
    assert db.get(Request, request.id).status == "cancelled"
    theirs = make_request(db, sender="+33612345609")
    phone.text("+33612345609", "ANNULER")
    assert "Rétablir la demande" not in claire.get(f"/requests/{theirs.id}").text


def test_two_coordinators_undoing_at_once_undo_once(claire, bertrand, db):
    request = make_request(db)
    _act(claire, request.id, "cancel", motive="mistake")
    claires = claire.get(f"/requests/{request.id}").text
    _act(bertrand, request.id, "undo")
    late = claire.post(f"/requests/{request.id}/undo", data={"seen": seen_token(claires)},
                       follow_redirects=True)
    assert "a changé entre-temps" in late.text
    assert len(list(db.scalars(select(Event).where(Event.kind == "reopened")))) == 1


def test_a_message_that_said_nothing_can_be_reopened_from_the_desk(claire, db, phone):
    phone.text(PAUL, "asdkj qwpoe 1234 !!! ??")
    held = db.scalar(select(Request))
    page = board(claire)
    assert 'Messages incompris ces 7 derniers jours <span class="n">(1)</span>' in page
    assert "message incompris : la personne est invitée à préciser" in row(page, held.id)
    assert "Rouvrir la demande" in claire.get(f"/requests/{held.id}").text
    _act(claire, held.id, "undo")
    db.expire_all()
    reopened = db.get(Request, held.id)
    assert reopened.status == "open" and reopened.deadline == NOW + 24 * H
    assert reopened.received_at == NOW


# --- French words, dates as people read them, tel: links ---------------------------

def test_the_timeline_reads_french_with_no_raw_state_or_iso_date(claire, db, app, phone):
    phone.text(PAUL, "Bonjour, Paul Martin, à tout moment")
    request = db.scalar(select(Request))
    lifecycle.make_offer(db, context_for(app, db), request, coach(db, "michel"), "x", NOW)
    lifecycle.reassign(db, request, NOW, "Claire Moreau")
    db.commit()
    page = claire.get(f"/requests/{request.id}").text
    timeline = re.sub(r' class="[^"]*"', "", page.split('<ol class="timeline">', 1)[1])
    for raw in ("sms_", "call_", "[queued]", "[sent]", "queued", "2026-11-24T", "+00:00",
                "reassigned", "offer_", "hotline", "clock"):
        assert raw not in timeline, raw
    assert "mar. 24/11 à 10h15" in timeline
    assert "SMS · proposition" in timeline and "en attente d&#39;envoi" in timeline
    assert "→ Michel Bernard" in timeline and "reprise par la coordination" in timeline


def test_every_number_is_a_tel_link(claire, db, app):
    request = make_request(db, status="accepted", coach_key="michel", phones=["+33380112233"])
    offer = lifecycle.make_offer(db, context_for(app, db), make_request(db, sender="+33612345601"),
                                 coach(db, "odile"), "x", NOW)
    db.add(Escalation(request_id=request.id, kind="page_1", at=NOW))   # it was paged
    db.commit()
    assert 'href="tel:+33612345678"' in board(claire)
    assert 'href="tel:+33639981001"' in board(claire)   # the coach holding it
    page = claire.get(f"/requests/{request.id}").text
    assert 'href="tel:+33612345678"' in page and 'href="tel:+33380112233"' in page
    assert 'href="tel:+33639981001"' in page
    coach_page = claire.get(f"/o/{offer_token(app.config['SECRET_KEY'], offer.id)}").text
    assert 'href="tel:+33612345601"' in coach_page
    person = db.scalar(select(Coordinator).where(Coordinator.key == "claire"))
    link = claire.get(f"/p/{page_token(app.config['SECRET_KEY'], request.id, person.id)}").text
    assert 'href="tel:+33612345678"' in link and 'href="tel:+33639981001"' in link
    assert 'href="tel:+33639981002"' in claire.get("/coaches").text


# --- the coaches' page: the week's crisis coverage ---------------------------------

def test_the_coaches_page_draws_the_weeks_crisis_coverage(claire, db):
    sylvie = coach(db, "sylvie")
    sylvie.crisis, sylvie.partner = True, "apesa21"
    db.commit()
    page = claire.get("/coaches").text
    assert "formé·e aux crises" in page and "apesa21" in page
    grid = page.split('class="coverage-grid"', 1)[1].split("</table>", 1)[0]
    assert grid.count("<td") == 7 * 24
    # Monday 10h: Claire on call, Sylvie not available; 19h: both.
    assert 'title="lundi 10h-11h : Claire ; aucune personne formée disponible"' in grid
    assert 'title="lundi 19h-20h : Claire ; Sylvie"' in grid
    assert "sam. 0h-9h : personne d&#39;astreinte" in page
    assert "lun. 0h-8h : personne d&#39;astreinte" in page


def test_errors_read_french_for_people_and_json_for_the_api(claire):
    page = claire.get("/requests/999")
    assert page.status_code == 404 and "Page introuvable" in page.text
    assert claire.get("/o/1.forgedtoken").status_code == 404
    assert "Page introuvable" in claire.get("/o/1.forgedtoken").text
    assert claire.get("/api/requests/999").json == {"error": "no request 999"}
    assert claire.get("/coaches/nowhere").status_code == 404


def test_a_request_the_desk_marks_as_a_crisis_gives_the_person_3114_at_once(claire, db):
    """Spec 7: a crisis, the parser's or a coordinator's, is answered with 3114."""
    request = make_request(db, status="open", body="Bonjour, Paul, je ne dors plus, tout lâche")
    done = _act(claire, request.id, "crisis", crisis="1", reason="appel de sa comptable")
    assert "marquée comme crise" in done.text
    [told] = [m for m in outbox(db, to=PAUL) if m.kind == "notice"]
    assert "3114" in told.body and "15 ou 112" in told.body
    assert any(e.detail == "3114 donné à la personne par SMS"
               for e in db.scalars(select(Event).where(Event.kind == "notice")))


@pytest.mark.parametrize("status, word", [("open", "en attente d&#39;un coach"),
                                          ("offered", "proposée"), ("accepted", "acceptée")])
def test_a_page_link_names_the_state_in_the_boards_words(claire, app, db, status, word):
    """The page a crisis SMS links to and the board say a request's state alike
    (the board: "crise", then the state in these words)."""
    from freezegun import freeze_time
    request = make_request(db, status=status, crisis=True,
                           coach_key="michel" if status == "accepted" else None)
    if status == "offered":
        db.add(Offer(request_id=request.id, coach_id=coach(db, "sylvie").id, status="pending",
                     created_at=NOW, expires_at=NOW + timedelta(minutes=30)))
    db.add(Escalation(request_id=request.id, kind="page_1", at=NOW))
    db.commit()
    person = db.scalar(select(Coordinator).where(Coordinator.key == "claire"))
    path = f"/p/{page_token(app.config['SECRET_KEY'], request.id, person.id)}"
    with freeze_time(NOW + timedelta(minutes=5)):
        page, desk = app.test_client().get(path).text, board(claire)
    assert f"<small>{word}</small>" in row(desk, request.id)
    assert re.search(rf"<dt>État</dt><dd>{word}( \(|</dd>)", page), page


def test_a_page_link_shows_nothing_once_the_crisis_is_handled_or_a_day_old(app, db):
    """An SMS can be forwarded or read off a lock screen: past its crisis, the
    link leads to the login, not to a person in distress."""
    from freezegun import freeze_time
    request = make_request(db, status="offered", crisis=True, name="Luc Petit")
    db.add(Escalation(request_id=request.id, kind="page_1", at=NOW))
    db.commit()
    person = db.scalar(select(Coordinator).where(Coordinator.key == "claire"))
    path = f"/p/{page_token(app.config['SECRET_KEY'], request.id, person.id)}"
    anyone = app.test_client()
    with freeze_time(NOW + timedelta(hours=2)):
        assert "Luc" in anyone.get(path).text
    with freeze_time(NOW + timedelta(hours=25)):
        late = anyone.get(path)
        assert late.status_code == 302 and "/login" in late.headers["Location"]
        assert anyone.post(path).status_code == 302
    db.execute(update(Request).where(Request.id == request.id).values(status="contacted"))
    db.commit()
    with freeze_time(NOW + timedelta(hours=2)):
        done = anyone.get(path, follow_redirects=True)
        assert "Luc" not in done.text and "06 12 34 56 78" not in done.text
    db.expire_all()
    assert db.get(Request, request.id).taken_by_id is None


def test_marked_called_back_by_the_desk_the_coach_is_told_and_their_fait_words_kept(
        claire, db, app):
    from freezegun import freeze_time

    from tests.conftest import Phone, reply_of
    request = make_request(db, status="accepted", coach_key="michel")
    _act(claire, request.id, "contacted")
    assert [m.kind for m in outbox(db, to=MICHEL)] == ["contacted"]
    assert "vous n'avez plus à rappeler" in outbox(db, to=MICHEL)[0].body
    with freeze_time(NOW + H):
        reply = reply_of(Phone(app.test_client()).text(MICHEL, f"FAIT {request.id} orienté CCI"))
    assert "(rappelée)" not in reply and "noté" in reply
    db.expire_all()
    assert db.get(Request, request.id).note == "orienté CCI"


def test_a_coach_the_desk_took_a_request_back_from_cannot_take_it_again_with_ok(
        claire, db, app):
    from freezegun import freeze_time

    from tests.conftest import Phone, reply_of
    request = make_request(db, status="accepted", coach_key="michel")
    db.add(Offer(request_id=request.id, coach_id=coach(db, "michel").id, status="accepted",
                 created_at=NOW - H, expires_at=NOW - H / 2, sent_at=NOW - H, round=1,
                 reason="x"))
    db.commit()
    _act(claire, request.id, "reassign")
    with freeze_time(NOW + H):
        reply = reply_of(Phone(app.test_client()).text(MICHEL, f"OK {request.id}"))
    assert reply == f"La demande {request.id} ne vous est pas attribuée."
    db.expire_all()
    assert db.get(Request, request.id).coach_id is None


def test_nothing_is_taken_in_hand_once_a_request_is_over(claire, db, app):
    from tests.conftest import CLAIRE, Phone, reply_of
    request = make_request(db, status="closed", closed_at=NOW - H)
    page = claire.post(f"/requests/{request.id}/take", follow_redirects=True)
    assert "plus rien à prendre en main" in page.text
    reply = reply_of(Phone(app.test_client()).text(CLAIRE, f"PRIS {request.id}"))
    assert reply.endswith("plus rien à prendre en main.")
    db.expire_all()
    assert db.get(Request, request.id).taken_by_id is None
    assert not any(e.kind == "taken" for e in db.scalars(select(Event)))


def test_three_calls_without_an_answer_wait_under_a_traiter_and_reessayer_asks_the_coach(
        claire, db):
    request = make_request(db, status="accepted", coach_key="michel", failed_attempts=3)
    page = board(claire)
    attention = page.split("À traiter", 1)[1].split("En cours", 1)[0]
    assert f"/requests/{request.id}" in attention
    done = _act(claire, request.id, "retry")
    assert "est prévenu·e de réessayer" in done.text
    [asked] = outbox(db, to=MICHEL)
    assert asked.kind == "retry_asked" and "réessayer d'appeler Paul" in asked.body
    db.expire_all()
    assert db.get(Request, request.id).failed_attempts == 0


def test_a_request_held_by_a_coordinator_off_duty_can_be_taken_over_from_its_page(
        claire, bertrand, db):
    """Bertrand (weekends) took it on Sunday; on Tuesday Claire, on call, can
    take it over; Bertrand cannot take hers while she is on call."""
    from dispatch.models import Coordinator
    ids = {c.key: c.id for c in db.scalars(select(Coordinator))}
    his = make_request(db)
    his.taken_by_id, his.taken_at = ids["bertrand"], NOW - 40 * H
    hers = make_request(db)
    hers.taken_by_id, hers.taken_at = ids["claire"], NOW - H
    db.commit()
    page = claire.get(f"/requests/{his.id}").text
    assert "Bertrand Lagrange, qui l'avait prise, n'est plus de permanence" in page
    assert 'id="je-prends"' in page
    claire.post(f"/requests/{his.id}/take", follow_redirects=True)
    db.expire_all()
    assert db.get(Request, his.id).taken_by_id == ids["claire"]
    assert 'id="je-prends"' not in bertrand.get(f"/requests/{hers.id}").text
    page = bertrand.post(f"/requests/{hers.id}/take", follow_redirects=True).text
    assert "déjà prise en main par Claire Moreau" in page


def test_a_request_taken_an_hour_ago_by_someone_off_duty_stays_theirs_for_now(
        claire, bertrand, db):
    """Bertrand (weekends) answered a page about it an hour ago, off duty: he
    may be calling the person. Claire, on call, sees who has it, without the
    "Je prends" that would send a second caller."""
    ids = {c.key: c.id for c in db.scalars(select(Coordinator))}
    his = make_request(db)
    his.crisis = True   # the hold is a crisis's: an ordinary request passes with the shift
    his.taken_by_id, his.taken_at = ids["bertrand"], NOW - H
    db.commit()
    assert 'id="je-prends"' not in claire.get(f"/requests/{his.id}").text
    page = claire.post(f"/requests/{his.id}/take", follow_redirects=True).text
    assert "déjà prise en main par Bertrand Lagrange" in page
    db.expire_all()
    assert db.get(Request, his.id).taken_by_id == ids["bertrand"]
