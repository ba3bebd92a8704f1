"""End to end in a real headless browser (Debian's chromium driven by Playwright).

Without /usr/bin/chromium these tests are skipped with a reason that says how
to get it, unless RAPPEL_REQUIRE_BROWSER=1 (CI), where they fail instead.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]

from dispatch.localtime import next_calling_start
from dispatch.models import Coach, Message, Offer, Request
from scheduling import context_for, tick
from tests.browser_fixtures import DOCS, log_in
from tests.desk_fixtures import make_request


def test_a_coordinator_offers_an_overdue_request_and_sees_the_board_change(app, db, server, page):
    now = datetime.now(timezone.utc)
    late = make_request(db, status="open", deadline=-timedelta(hours=2), received=timedelta(hours=26),
                        name="Paul Martin", now=now)
    make_request(db, status="accepted", coach_key="odile", received=timedelta(hours=3),
                 name="Nadia Benali", topic="juridique", now=now, sender="+33612345670")
    make_request(db, status="accepted", coach_key="sylvie", received=timedelta(hours=21),
                 name="Luc Fontaine", topic="equilibre", now=now, sender="+33612345671")
    make_request(db, status="contacted", coach_key="michel", received=timedelta(hours=30),
                 name="Inès Roussel", topic="social", now=now, sender="+33612345672",
                 contacted_at=now - timedelta(hours=20))
    log_in(page, server)
    row = page.locator(f"tr[data-number='{late.id}']")
    assert "en retard" in row.inner_text() and "—" in row.locator("td[data-label=Coach]").inner_text()
    page.evaluate("window.notReloaded = true")

    other = page.context.new_page()
    other.goto(f"{server}/requests/{late.id}")
    michel = db.scalar(select(Coach).where(Coach.key == "michel"))
    other.select_option("select[name=coach]", value=str(michel.id))
    other.click("button:has-text('Proposer')")
    other.wait_for_selector(".flash-ok")
    assert f"Demande {late.id} proposée à Michel Bernard." in other.inner_text(".flash-ok")
    assert "Claire Moreau" in other.inner_text(".timeline")
    other.screenshot(path=str(DOCS / "request.png"), full_page=True)

    # The board, left open, shows it without being reloaded.
    expect(row.locator("td[data-label=Coach]")).to_contain_text("Michel Bernard")
    expect(row).to_contain_text("proposée")
    assert page.evaluate("window.notReloaded") is True
    page.screenshot(path=str(DOCS / "board.png"), full_page=True)


def test_an_entrepreneur_texts_the_hotline_and_a_coach_accepts_in_the_simulator(app, db, server, page):
    log_in(page, server, "/simulator/")
    expect(page.locator("[data-phone='+33612345678']")).to_be_visible()
    page.fill("#sim-body", "Bonjour, je suis Paul Martin, boulangerie a Dijon, la tresorerie "
                           "ne passe plus. Rappelez-moi au 06 12 34 56 78 a tout moment.")
    page.click("button:has-text('Envoyer à la ligne')")
    expect(page.locator("#sim-answer")).to_contain_text("demande")
    request = db.scalar(select(Request))
    assert request is not None and request.sender == "+33612345678"

    # The clock runs until a coach can read the offer (calling hours, their windows).
    when = next_calling_start(datetime.now(timezone.utc), context_for(app, db).calling,
                              context_for(app, db).tz)
    offer = None
    for step in range(6 * 24):
        tick(app, when + step * timedelta(minutes=30))
        db.expire_all()
        offer = db.scalar(select(Offer).where(Offer.request_id == request.id))
        if offer is not None:
            break
    assert offer is not None, "no coach was offered the request"
    pane = f"[data-phone='{offer.coach.mobile}']"
    expect(page.locator(pane)).to_contain_text(str(request.id))

    page.select_option("#sim-who", value=offer.coach.mobile)
    page.fill("#sim-body", f"OK {request.id}")
    page.click("button:has-text('Envoyer à la ligne')")
    expect(page.locator("#sim-body")).to_have_value("")
    expect(page.locator("#sim-answer")).to_contain_text("Réponse de la ligne")
    db.expire_all()
    assert db.get(Request, request.id).status == "accepted"
    expect(page.locator(pane)).to_contain_text(f"OK {request.id}")
    assert db.scalar(select(Message).where(Message.from_number == offer.coach.mobile)).body == \
        f"OK {request.id}"


def test_a_coordinator_finds_a_request_by_phone_number_then_closes_it_and_takes_it_back(
        app, db, server, page):
    now = datetime.now(timezone.utc)
    make_request(db, name="Paul Martin", now=now)
    wanted = make_request(db, name="Inès Roussel", sender="+33698765432", topic="juridique",
                          status="accepted", coach_key="odile", now=now)
    make_request(db, name="Luc Fontaine", sender="+33611223344", now=now)
    log_in(page, server)
    assert page.locator("tr[data-number]").count() == 3
    page.fill("input[name=q]", "06 98 76 54 32")
    page.click("button:has-text('Afficher')")
    expect(page.locator(".results")).to_contain_text("1 demande trouvée")
    assert page.locator("tr[data-number]").count() == 1
    assert "0698765432" not in page.url and "98 76" not in page.url
    page.click(f"tr[data-number='{wanted.id}'] a:has-text('{wanted.id}')")

    # Closing asks for a reason and shows the SMS the person would get.
    page.click("summary:has-text('Clore la demande')")
    page.click("button:has-text('Confirmer la clôture')")      # no reason: the browser refuses
    assert page.locator(".flash-ok").count() == 0
    page.select_option("#clore select[name=motive]", "unreachable")
    expect(page.locator("#clore [data-notice=unreachable]")).to_be_visible()
    expect(page.locator("#clore [data-notice=other]")).to_be_hidden()
    page.fill("#clore input[name=reason]", "trois messages laissés")
    page.click("button:has-text('Confirmer la clôture')")
    expect(page.locator(".flash-ok")).to_contain_text(f"Demande {wanted.id} close")
    expect(page.locator("#retablir")).to_contain_text("Close par Claire Moreau")
    assert db.scalar(select(Message).where(Message.kind == "notice")).to_number == "+33698765432"

    page.click("button:has-text('Rétablir la demande')")
    expect(page.locator(".flash-ok")).to_contain_text(f"Demande {wanted.id} rétablie")
    expect(page.locator("#status")).to_have_text("en attente d'un coach")
    db.expire_all()
    assert db.get(Request, wanted.id).status == "open"


def test_in_the_simulator_the_clock_moves_a_request_to_overdue_and_the_board_follows(
        app, db, server, page):
    log_in(page, server, "/simulator/")
    page.fill("#sim-body", "Bonjour, Paul Martin, boulangerie à Dijon, la trésorerie ne passe "
                           "plus, rappelez-moi à tout moment")
    page.click("button:has-text('Envoyer à la ligne')")
    expect(page.locator("#sim-answer")).to_contain_text("demande 1 bien enregistrée")
    expect(page.locator("[data-phone='+33612345678']")).to_contain_text("réponse immédiate")

    board = page.context.new_page()
    board.goto(server + "/")
    row = board.locator("tr[data-number='1']")
    expect(row).to_be_visible()
    assert "en retard" not in row.inner_text()

    page.click("button:has-text('+24 h')")
    expect(page.locator("#sim-answer")).to_contain_text("Horloge avancée de 24 h")
    expect(page.locator("#sim-now")).to_contain_text("en avance de 24 h")
    # The board, left open, refreshes itself at the simulated time.
    expect(row).to_contain_text("en retard")
    expect(row.locator("td[data-label='À faire']")).to_contain_text("proposer à un")
    page.screenshot(path=str(DOCS / "simulator.png"), full_page=True)
