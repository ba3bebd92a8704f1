"""The monthly review's answers to the partners, on a hand-built March 2027 with
known figures: outcomes, time to first call, crises, orientations, partners,
follow-up; and the document they read (French numbers, masked cells, partial weeks)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from dispatch.models import Coach, Event, Request
from dispatch.report import MASKED, SMALL, monthly_report
from dispatch.report_outcomes import orientations
from dispatch.report_render import to_csv, to_html, to_json
from tests.conftest import PARIS

NOW = datetime(2027, 4, 2, 9, 0, tzinfo=PARIS)
MIN = timedelta(minutes=1)
NOTES = ("Bon échange, orienté CCI", "orienté CCI et URSSAF", "Orientation CCI, avocat",
         "rien de plus", "expert-comptable à voir", "voir son comptable",
         "CIP au tribunal de commerce", "contact APESA pris", "un psychologue de garde",
         "suivi par son médecin traitant")


class Month:
    """Requests of March 2027, one a day from the 1st, each with its story."""

    def __init__(self, db):
        self.db, self.day = db, 0
        self.coaches = {c.key: c for c in db.scalars(select(Coach))}
        for key, partner in (("michel", "cci21"), ("odile", "barreau"), ("sylvie", "rebonds")):
            self.coaches[key].partner = partner

    def request(self, *, coach=None, contact=None, status=None, hours=24, note=None,
                crisis=False, reason=None, events=()):
        self.day += 1
        received = datetime(2027, 3, self.day, 10, 0, tzinfo=PARIS).astimezone(timezone.utc)
        contacted = received + contact * MIN if contact is not None else None
        request = Request(
            status=status or ("contacted" if contacted else "open"), received_at=received,
            deadline=received + timedelta(hours=hours), sender="+33612345678", slots=[],
            phones=[], emails=[], language="fr", topic="financier", crisis=crisis,
            coach_id=self.coaches[coach].id if coach else None,
            accepted_at=received + 5 * MIN if coach else None, contacted_at=contacted,
            closed_at=received + 3 * 60 * MIN if status in ("closed", "cancelled") else None,
            closed_reason=reason, note=note)
        self.db.add(request)
        self.db.flush()
        for kind, minutes, actor in events:
            self.db.add(Event(request_id=request.id, at=received + minutes * MIN, actor=actor,
                              kind=kind, detail=""))
        return request


@pytest.fixture
def march(db):
    m = Month(db)
    for minutes, note in zip((60, 120, 180, 240), NOTES[:4], strict=True):       # in time, by Michel
        m.request(coach="michel", contact=minutes, note=note)
    for note in NOTES[4:7]:                                         # late, Odile, ECHEC first
        m.request(coach="odile", contact=26 * 60, note=note,
                  events=[("call_failed", 600, "Odile Perrin")])
    for _ in range(3):                                              # unreachable
        m.request(coach="sylvie", status="closed", reason="unreachable",
                  events=[("call_failed", t, "Sylvie Garnier") for t in (30, 90, 150)])
    for _ in range(3):
        m.request(status="cancelled", events=[("cancelled", 60, "entrepreneur")])
    m.request(status="cancelled", events=[("cancelled", 60, "Claire Moreau")])
    for _ in range(3):
        m.request()                                                 # still open
    for taken, call, note in ((5, 30, NOTES[7]), (8, 40, NOTES[8]), (12, 50, NOTES[9])):
        m.request(coach="sylvie", contact=call, crisis=True, hours=1, note=note,
                  events=[("crisis", 0, "hotline"), ("paged", 1, "clock"),
                          ("taken", taken, "Claire Moreau")])
    m.request(coach="sylvie", contact=140, crisis=True, hours=3,    # marked two hours later
              events=[("crisis_marked", 120, "Claire Moreau"), ("paged", 121, "clock"),
                      ("taken", 124, "Bertrand Lagrange")])
    m.request(coach="sylvie", contact=180,                           # flagged, then unmarked
              events=[("crisis", 0, "hotline"), ("paged", 1, "clock"),
                      ("crisis_unmarked", 20, "Claire Moreau")])
    m.request(status="closed", reason="no_content")                 # "asdkj qwpoe"
    db.commit()
    return db


def test_it_sorts_the_requests_by_what_became_of_them(march):
    report = monthly_report(march, "2027-03", PARIS, NOW)
    assert report["received"]["total"] == 22 and report["unclear_messages"] == SMALL
    # One cancelled by the desk is small: the smallest other cell is masked with it.
    assert report["outcomes"] == {
        "contacted_by_deadline": 9, "contacted_late": 3, "unreachable": 3,
        "cancelled_by_person": MASKED, "cancelled_by_desk": SMALL, "closed_other": 0,
        "still_open": 3}
    assert report["response"]["contacted_within_deadline"] == {"count": 9, "of": 18,
                                                               "percent": 50.0}
    assert report["follow_up"] == {"still_open": 3, "unreachable": 3, "contacted_late": 3}


def test_it_measures_the_time_to_the_first_call_failed_or_not(march):
    report = monthly_report(march, "2027-03", PARIS, NOW)
    # 60 120 180 240 | 600 x3 (ECHEC first) | 30 x3 (unreachable) | 30 40 50 140 180 (crises)
    assert report["minutes_to_first_call"] == {"count": 15, "median": 120.0, "p90": 600.0}


def test_it_says_how_fast_crises_were_reached(march):
    crises = monthly_report(march, "2027-03", PARIS, NOW)["crises"]
    assert crises["count"] == 5
    assert crises["marked_by_coordinator"] == SMALL and crises["unmarked_by_coordinator"] == SMALL
    assert crises["minutes_to_first_page"] == {"count": 5, "median": 1.0, "p90": 1.0}
    # From the moment it became a crisis: 5, 8, 12 and 4 (marked at 2 h, taken at 2 h 04).
    assert crises["minutes_to_acknowledgement"] == {"count": 4, "median": 6.5, "p90": 12.0}
    assert crises["minutes_to_coach_call"] == {"count": 5, "median": 40.0, "p90": 180.0}


def test_it_counts_the_answers_given_and_who_follows_them_up(march):
    answers = monthly_report(march, "2027-03", PARIS, NOW)["answers"]
    assert answers["called_back"] == 12 and answers["with_note"] == 10
    assert answers["orientations"] == {
        "cci": 3, "urssaf": SMALL, "impots": 0, "tribunal": SMALL, "credit": 0, "cma": 0,
        "avocat": SMALL, "comptable": SMALL, "soutien": 3, "emploi": 0}
    assert answers["follow_up_by"] == {"cci": 4, "association": 6}


def test_orientations_are_read_from_a_small_keyword_list():
    assert orientations("Orienté vers la CCI et l'URSSAF") == {"cci", "urssaf"}
    assert orientations("ORIENTE AVOCAT + expert-comptable") == {"avocat", "comptable"}
    assert orientations("Mandat ad hoc à demander") == {"tribunal"}
    assert orientations("ça va mieux, merci") == set() and orientations(None) == set()


def test_it_counts_the_calls_by_the_partner_of_the_coach_who_called(march):
    assert monthly_report(march, "2027-03", PARIS, NOW)["by_partner"] == {
        "barreau": 3, "cci21": 4, "rebonds": 5}


def test_it_marks_the_weeks_the_month_cuts(march):
    weeks = monthly_report(march, "2027-03", PARIS, NOW)["received"]["weeks"]
    assert list(weeks) == ["2027-W09", "2027-W10", "2027-W11", "2027-W12", "2027-W13"]
    assert weeks["2027-W09"] == {"from": "2027-03-01", "to": "2027-03-07", "days": 7,
                                 "partial": False}
    assert weeks["2027-W13"] == {"from": "2027-03-29", "to": "2027-03-31", "days": 3,
                                 "partial": True}


def test_the_document_reads_french_shows_masked_cells_and_partial_weeks(march):
    page = to_html(monthly_report(march, "2027-03", PARIS, NOW))
    assert "Revue mensuelle — mars 2027" in page
    assert "50\u00a0% <small>(9 sur 18)</small>" in page
    assert "S13 (29 mars – 31 mars, partielle : 3 jours)" in page
    assert "annulées par la coordination" in page and "&lt; 3 (masqué)" in page
    assert 'fill="url(#hatch-demandes-selon-leur-issue)"' in page   # drawn masked, not zero
    assert "CCI (conseillers, prévention)</td><td>CCI</td><td class=n>3" in page
    assert "Orientations vers un partenaire extérieur</td><td>association des coachs</td>" \
        "<td class=n>6" in page
    assert "unspecified" not in page and "cancelled" not in page
    for note in NOTES:
        assert note not in page and note not in to_json(monthly_report(march, "2027-03", PARIS,
                                                                         NOW))
    assert "orienté" not in to_csv(monthly_report(march, "2027-03", PARIS, NOW))


def test_in_a_browser_the_printed_review_fits_a4_pages(march, app, server, page):
    """In a real browser: the review as printed for the monthly call (README's picture)."""
    from tests.browser_fixtures import DOCS, log_in
    log_in(page, server, "/report?month=2027-03")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})           # A4 at 96 dpi
    assert not page.is_visible("header.top") and page.is_visible(".rappel-report")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 794                                               # nothing cut on paper
    page.screenshot(path=str(DOCS / "report.png"), full_page=True)
    assert page.pdf(format="A4")[:5] == b"%PDF-"
