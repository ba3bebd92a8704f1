"""The monthly report counts requests by the channel they came by (SMS or
mail), with small counts suppressed, and never shows an address."""
from __future__ import annotations

from datetime import timedelta

from dispatch.models import Message
from dispatch.report import MASKED, SMALL, monthly_report
from dispatch.report_render import to_csv, to_html, to_json
from tests.conftest import PARIS
from tests.report_fixtures import NOW, PERSONAL, add_request

INES = "ines.roux@example.org"
SUBJECT = "Besoin d'aide pour ma boulangerie"
MAIL_PERSONAL = (INES, "ines.roux", SUBJECT, "boulangerie", "Inès")


def by_mail(db, day, topic="financier"):
    """A request of November that came by mail, without a number."""
    request = add_request(db, (2026, 11, day, 10, 0), topic, "fr", False, None, None, 24, [], [],
                          "open")
    request.channel, request.sender, request.callback_number = "email", INES, None
    request.emails, request.phones, request.name = [INES], [], "Inès Roux"
    db.add(Message(direction="in", channel="email", from_number=INES,
                   to_number="ecoute@rappel.example.org", subject=SUBJECT,
                   body="Inès Roux, boulangerie", mail_id=f"<m{day}@example.org>",
                   status="received", created_at=request.received_at, request_id=request.id))
    db.commit()
    return request


def test_it_counts_the_requests_of_the_month_by_channel(november):
    for day in (5, 6, 7):
        by_mail(november, day)
    assert monthly_report(november, "2026-11", PARIS, NOW)["by_channel"] == {"sms": 8, "email": 3}


def test_a_month_of_sms_only_counts_no_mail(november):
    assert monthly_report(november, "2026-11", PARIS, NOW)["by_channel"] == {"sms": 8, "email": 0}


def test_a_lone_mail_is_suppressed_and_its_complement_masked(november):
    by_mail(november, 5)
    assert monthly_report(november, "2026-11", PARIS, NOW)["by_channel"] == \
        {"sms": MASKED, "email": SMALL}


def test_mail_requests_of_another_month_are_not_counted(november):
    mail = by_mail(november, 5)
    mail.received_at -= timedelta(days=10)   # 26 October
    november.commit()
    assert monthly_report(november, "2026-11", PARIS, NOW)["by_channel"]["email"] == 0


def test_the_document_says_how_requests_came_and_no_address_in_any_format(november):
    for day in (5, 6, 7):
        by_mail(november, day)
    report = monthly_report(november, "2026-11", PARIS, NOW)
    html = to_html(report)
    assert "<th>arrivées par</th><th>demandes</th></tr><tr><td>SMS</td><td class=n>8</td>" in html
    assert "<tr><td>mail</td><td class=n>3</td></tr>" in html
    assert "by_channel,email,3,canal : mail" in to_csv(report)
    for text in (html, to_csv(report), to_json(report)):
        for personal in PERSONAL + MAIL_PERSONAL:
            assert personal not in text, personal


def test_the_report_page_shows_the_channels_and_no_address(claire, november):
    by_mail(november, 5)
    by_mail(november, 6)
    by_mail(november, 7)
    page = claire.get("/report?month=2026-11").text
    assert "<tr><td>mail</td><td class=n>3</td></tr>" in page
    for ext in ("", ".csv", ".json"):
        text = claire.get(f"/report{ext}?month=2026-11&coaches=1").text
        for personal in MAIL_PERSONAL:
            assert personal not in text, (ext, personal)
