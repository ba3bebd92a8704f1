"""The desk for people known by e-mail: each request says how it came (SMS or
mail), a mail without a number waits for the person (never shown as the
coaches' failure), mails show their subject, and search finds an address."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from dispatch.models import Message, Offer
from tests.conftest import NOW, PAUL
from tests.desk_fixtures import (
    INES_EMAIL,
    coach,
    make_email_request,
    make_request,
    numbers_in,
    seen_token,
)

H = timedelta(hours=1)
WAITING = "attend un numéro : la personne a écrit par mail sans numéro"


def row(html, number):
    found = re.search(rf'<tr class="row-[a-z_]+" data-number="{number}">(.*?)</tr>', html, re.S)
    assert found, f"no row for request {number}"
    return found.group(1)


def section_of(html, number):
    """The board's section holding a request's row."""
    at = html.index(f'data-number="{number}"')
    return re.findall(r'<section class="section" id="section-([a-z_]+)"', html[:at])[-1]


def test_the_board_marks_each_request_with_its_channel_and_shows_the_address(claire, db):
    paul = make_request(db)
    ines = make_email_request(db, number="+33698765432")
    page = claire.get("/").text
    assert '<span class="channel channel-sms" title="arrivée par SMS">SMS</span>' in row(page, paul.id)
    ines_row = row(page, ines.id)
    assert '<span class="channel channel-email" title="arrivée par mail">Mail</span>' in ines_row
    assert f'href="mailto:{INES_EMAIL}">{INES_EMAIL}</a>' in ines_row
    assert 'href="tel:+33698765432">06 98 76 54 32</a>' in ines_row
    assert "mailto:" not in row(page, paul.id)


def test_a_mail_without_a_number_waits_for_the_person_and_is_never_late(claire, db):
    fresh = make_email_request(db)
    old = make_email_request(db, address="luc@example.org", received=30 * H)  # deadline passed
    page = claire.get("/").text
    for request in (fresh, old):
        line = row(page, request.id)
        assert 'class="row-no_number"' in page and "attend un numéro</span>" in line
        assert "<em>attend un numéro</em>" in line
        assert "en retard" not in line and "dépassé" not in line and "proposer à un coach" not in line
        assert section_of(page, request.id) == "in_progress"
        assert f'href="mailto:{request.sender}?subject=Votre%20demande%20{request.id}">Écrire à la personne' in line
    assert f"{WAITING} ; la ligne le lui a demandé. Aucun coach ne peut rappeler d&#39;ici là : " \
           "attendre sa réponse, ou lui répondre par mail" in row(page, fresh.id)
    assert "attend un numéro depuis 1 j 6 h" in row(page, old.id)
    assert "la relancer par mail, ou clore si elle ne répond plus" in row(page, old.id)
    assert "reçue il y a 1 j 6 h" in row(page, old.id)
    assert "<strong>2</strong> attendent un numéro" in page
    assert "<strong>0</strong> en retard" in page and "<strong>0</strong> attend un coach" in page


def test_the_count_of_requests_waiting_for_a_number_is_shown_only_when_there_are_some(claire, db):
    make_request(db)
    counts = re.search(r'<ul class="counts">(.*?)</ul>', claire.get("/").text, re.S).group(1)
    assert "attend" in counts and "un numéro" not in counts


def test_the_request_page_shows_the_mail_its_subject_and_what_to_do(claire, db):
    ines = make_email_request(db)
    page = claire.get(f"/requests/{ines.id}").text
    assert '<span class="channel channel-email" title="arrivée par mail">Mail</span></h1>' in page
    assert "<dt>Arrivée par</dt><dd>mail</dd>" in page
    assert "<em>attend un numéro : la personne a écrit par mail sans numéro ; la ligne le lui a " \
           "demandé, aucun coach ne peut rappeler d'ici là</em>" in page
    assert f'<dt>A écrit depuis</dt><dd><a href="mailto:{INES_EMAIL}">{INES_EMAIL}</a></dd>' in page
    assert "<h3>Messages d&#39;origine</h3>" in page
    assert '<span class="subject">Objet : Besoin d&#39;aide pour ma boulangerie</span>' in page
    assert f"mail de {INES_EMAIL}</footer>" in page
    # The acknowledgement in the timeline: a mail to the person, with its subject.
    assert "mail · réponse immédiate" in page
    assert f'→ la personne <a href="mailto:{INES_EMAIL}">{INES_EMAIL}</a>' in page
    assert f"Objet : Re: Besoin d&#39;aide pour ma boulangerie [demande {ines.id}]" in page
    assert "mail reçu" in page
    # No coach to offer it to: the form is replaced by why.
    assert 'action="/requests/1/offer"' not in page
    assert "Pas encore de numéro : aucun coach ne peut rappeler cette personne." in page
    assert f'Écrire à la personne ({INES_EMAIL})' in page


def test_offering_a_request_with_no_number_is_refused_with_words(claire, db):
    ines = make_email_request(db)
    seen = seen_token(claire.get(f"/requests/{ines.id}").text)
    response = claire.post(f"/requests/{ines.id}/offer",
                           data={"coach": coach(db, "michel").id, "seen": seen},
                           follow_redirects=True)
    assert "Pas encore de numéro pour la demande 1 : aucun coach ne peut rappeler." in response.text
    assert db.scalars(select(Offer)).all() == []


def test_once_the_number_is_known_the_request_is_offered_like_any_other(claire, db):
    ines = make_email_request(db, number="+33698765432")
    page = claire.get(f"/requests/{ines.id}").text
    assert 'action="/requests/1/offer"' in page and "attend un numéro" not in page
    assert "<h3>Messages d&#39;origine</h3>" in page and "Objet : " in page
    assert "attend un coach" in row(claire.get("/").text, ines.id)


def test_an_sms_request_keeps_its_page_as_before(claire, db):
    paul = make_request(db)
    page = claire.get(f"/requests/{paul.id}").text
    assert "<h3>SMS d&#39;origine</h3>" in page and "<dt>Arrivée par</dt><dd>SMS</dd>" in page
    assert "06 12 34 56 78</footer>" in page and "Objet" not in page


def test_a_crisis_by_mail_without_a_number_asks_someone_to_take_it_then_write(claire, db, app):
    ines = make_email_request(db, crisis=True)
    line = row(claire.get("/").text, ines.id)
    assert "crise arrivée par mail, sans numéro : Je prends, puis répondre par mail" in line
    assert f'action="/requests/{ines.id}/take"' in line
    claire.post(f"/requests/{ines.id}/take")
    line = row(claire.get("/").text, ines.id)
    assert "crise prise en main par Claire Moreau ; la personne a écrit par mail sans numéro : " \
           "lui répondre par mail (le 3114 lui a été donné)" in line
    assert "Écrire à la personne" in line


def search(client, **form):
    assert client.post("/board/filters", data=form).status_code == 302
    return client.get("/").text


def test_search_finds_a_request_by_the_address_it_came_from_whatever_the_case(claire, db):
    make_request(db, emails=["paul.martin@example.org"])
    ines = make_email_request(db, emails=[])  # the address is only the sender
    for query in ("ines.roux@example.org", "INES.ROUX@", "Ines.Roux@Example.org", "inès.roux"):
        page = search(claire, q=query)
        assert numbers_in(page) == [ines.id], query
    assert numbers_in(search(claire, q="paul.martin@")) == [1]


def test_search_by_a_phone_number_does_not_read_an_address_as_one(claire, db):
    ines = make_email_request(db, address="jean.2024.0612@example.org", number=PAUL)
    assert numbers_in(search(claire, q="06 12 34 56 78")) == [ines.id]
    assert numbers_in(search(claire, q="2024")) == []


def test_the_filter_shows_the_requests_waiting_for_a_number(claire, db):
    make_request(db)
    ines = make_email_request(db)
    page = search(claire, state="no_number")
    assert numbers_in(page) == [ines.id]
    assert '<option value="no_number"' in page


def test_a_person_who_wrote_by_mail_is_told_by_mail_when_the_desk_cancels(claire, db):
    ines = make_email_request(db, number="+33698765432")
    page = claire.get(f"/requests/{ines.id}").text
    assert "prévenir la personne par mail" in page and "prévenir la personne par SMS" not in page
    done = claire.post(f"/requests/{ines.id}/cancel",
                       data={"motive": "other", "tell": "1", "seen": seen_token(page)},
                       follow_redirects=True)
    assert f"Demande {ines.id} annulée : la personne est prévenue par mail." in done.text
    notice = db.scalar(select(Message).where(Message.kind == "notice"))
    assert (notice.channel, notice.to_number, notice.status) == ("email", INES_EMAIL, "queued")
    assert "la personne a été prévenue par mail" in done.text


def test_a_request_by_sms_keeps_a_mail_the_person_sent_later_with_its_subject(claire, db):
    paul = make_request(db)
    db.add(Message(direction="in", channel="email", from_number="paul.martin@example.org",
                   to_number="ecoute@rappel.example.org", subject="Ma demande par SMS",
                   body="Je préfère être rappelé jeudi.", mail_id="<p1@example.org>",
                   status="received", created_at=NOW, request_id=paul.id))
    db.commit()
    page = claire.get(f"/requests/{paul.id}").text
    assert "<h3>Messages d&#39;origine</h3>" in page
    assert '<span class="subject">Objet : Ma demande par SMS</span>' in page
    assert "mail de paul.martin@example.org</footer>" in page and "06 12 34 56 78</footer>" in page


def test_the_board_says_when_the_mailbox_is_away_and_which_mails_wait_unread(claire, db):
    from channels import routestate
    from dispatch.models import ClockState
    page = claire.get("/").text
    assert "Boîte aux lettres" not in page and "illisible" not in page
    if db.get(ClockState, 1) is None:
        db.add(ClockState(id=1))
        db.flush()
    routestate.save_mailbox(db, {"name": "email", "state": "unreachable", "folder": "INBOX",
                                 "detail": "boîte aux lettres injoignable : timed out"}, {})
    for n in range(2):
        db.add(Message(direction="in", channel="email", status="unreadable", kind="unreadable",
                       sid=f"mail-unreadable-{n}", body="?", created_at=NOW - H))
    db.commit()
    page = claire.get("/").text
    assert "Boîte aux lettres de la ligne : injoignable, les mails y\n  attendent" in page
    assert "2 mails illisibles laissés\n  dans la boîte aux lettres de la ligne (INBOX)" in page
    routestate.save_mailbox(db, {"name": "email", "state": "ok", "folder": "INBOX"}, {})
    db.commit()
    assert "injoignable" not in claire.get("/").text
