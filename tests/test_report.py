"""The monthly confidential report: known figures on a hand-built November,
small counts suppressed, and nothing personal in any format."""
from __future__ import annotations

import csv
import io
import json

import pytest

from dispatch.report import MASKED, SMALL, MonthError, breakdown, monthly_report, percentile
from dispatch.report_render import to_csv, to_html, to_json
from tests.conftest import PARIS
from tests.report_fixtures import NOVEMBER, NOW, PERSONAL, add_request


def test_it_counts_the_requests_received_in_the_local_month(november):
    report = monthly_report(november, "2026-11", PARIS, NOW)
    received = report["received"]
    assert received["total"] == 8
    assert received["by_week"] == {"2026-W44": SMALL, "2026-W45": 3, "2026-W46": SMALL,
                                   "2026-W47": 0, "2026-W48": SMALL, "2026-W49": 0}
    assert received["by_weekday"] == {"mon": 3, "tue": SMALL, "wed": SMALL, "thu": 0,
                                      "fri": 0, "sat": SMALL, "sun": SMALL}
    assert received["by_hour"]["19"] == 3
    assert received["by_hour"]["00"] == SMALL
    assert received["by_hour"]["12"] == 0
    assert len(received["by_hour"]) == 24
    assert report["complete"] is True


def test_it_breaks_down_topics_languages_and_crises(november):
    report = monthly_report(november, "2026-11", PARIS, NOW)
    assert report["by_topic"] == {"equilibre": SMALL, "financier": 5, "juridique": SMALL,
                                  "social": 0, "administratif": 0, "rebond": 0,
                                  "unspecified": SMALL}
    # A lone small cell would be the total minus the others: the next one is masked too.
    assert report["by_language"] == {"en": SMALL, "fr": MASKED}
    assert report["crisis"] == SMALL


def test_it_measures_the_24_hour_promise_and_the_deadline_leaving_out_cancellations(november):
    response = monthly_report(november, "2026-11", PARIS, NOW)["response"]
    # 8 requests, one cancelled by the person: not a miss.
    assert response["contacted_within_24h"] == {"count": 4, "of": 7, "percent": 57.1}
    assert response["contacted_within_deadline"] == {"count": 5, "of": 7, "percent": 71.4}
    assert response["minutes_to_acceptance"] == {"count": 6, "median": 45.0, "p90": 240.0}
    assert response["minutes_to_contact"] == {"count": 6, "median": 240.0, "p90": 1680.0}


def test_it_counts_offers_escalations_and_workload(november):
    report = monthly_report(november, "2026-11", PARIS, NOW)
    assert report["offers_per_request"] == {"mean": 1.38, "median": 1.0, "total": 11}
    assert report["escalations"] == {"no_coach": SMALL, "unaccepted": 3, "due_soon": SMALL,
                                     "overdue": SMALL}
    assert report["workload"] == {"coaches_with_requests": 3,
                                  "accepted_per_coach": [4, SMALL, SMALL]}


def test_it_names_coaches_by_id_only_when_asked(november):
    report = monthly_report(november, "2026-11", PARIS, NOW, with_coach_ids=True)
    assert report["workload"]["accepted_per_coach"] == {"michel": 4, "odile": SMALL,
                                                        "sylvie": SMALL}
    assert "michel" not in to_json(monthly_report(november, "2026-11", PARIS, NOW))


def test_it_suppresses_everything_in_a_month_of_two_requests(db):
    add_request(db, *NOVEMBER[0])
    add_request(db, *NOVEMBER[1])
    db.commit()
    report = monthly_report(db, "2026-11", PARIS, NOW)
    assert report["received"]["total"] == SMALL
    assert report["response"]["contacted_within_24h"]["percent"] == SMALL
    assert report["response"]["minutes_to_contact"] == {"count": SMALL, "median": SMALL,
                                                        "p90": SMALL}
    assert report["offers_per_request"]["mean"] == SMALL
    assert 2 not in report["received"]["by_weekday"].values()
    assert 1 not in report["received"]["by_hour"].values()


def test_it_reports_an_empty_month_without_dividing_by_zero(db):
    report = monthly_report(db, "2027-02", PARIS, NOW)
    assert report["received"]["total"] == 0
    assert report["response"]["contacted_within_24h"] == {"count": 0, "of": 0, "percent": None}
    assert report["complete"] is False
    assert "<svg" in to_html(report)
    assert report["outcomes"] == {key: 0 for key in report["outcomes"]}


@pytest.mark.parametrize("with_ids", [False, True])
def test_no_name_number_email_or_text_appears_in_any_format(november, with_ids):
    report = monthly_report(november, "2026-11", PARIS, NOW, with_coach_ids=with_ids)
    for output in (to_json(report), to_csv(report), to_html(report),
                   to_html(report, standalone=False)):
        for secret in PERSONAL:
            assert secret.lower() not in output.lower(), secret


def test_the_csv_is_long_format_section_key_value(november):
    text = to_csv(monthly_report(november, "2026-11", PARIS, NOW))
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["section", "key", "value", "libellé"]
    assert ["received", "total", "8", "demandes reçues : total"] in table
    assert ["received.by_weekday", "mon", "3", "demandes reçues : par jour : lundi"] in table
    assert ["by_language", "en", "< 3", "langue : anglais"] in table
    assert ["response.contacted_within_24h", "percent", "57.1",
            "promesse de rappel : rappelées sous 24 h : part (%)"] in table
    assert ["workload.accepted_per_coach", "1", "4",
            "charge des coachs : demandes acceptées par coach : 1"] in table
    assert ["by_topic", "unspecified", "< 3", "sujet : non précisé"] in table
    assert all(len(row) == 4 for row in table)


def test_the_json_round_trips(november):
    report = monthly_report(november, "2026-11", PARIS, NOW)
    assert json.loads(to_json(report)) == report


def test_the_html_page_has_inline_svg_charts_no_script_and_print_css(november):
    page = to_html(monthly_report(november, "2026-11", PARIS, NOW))
    assert page.startswith("<!doctype html>")
    assert page.count("<svg") == 5
    assert "<script" not in page.lower() and " style=" not in page
    assert "src=" not in page and "<link" not in page
    assert "@media print" in page and "size:A4" in page
    assert "&lt; 3" in page or "< 3" in page
    fragment = to_html(monthly_report(november, "2026-11", PARIS, NOW), standalone=False)
    assert "<html" not in fragment and "<svg" in fragment and "rappel-report" in fragment


def test_it_refuses_a_malformed_month(db):
    with pytest.raises(MonthError):
        monthly_report(db, "2026-13", PARIS, NOW)
    with pytest.raises(MonthError):
        monthly_report(db, "November", PARIS, NOW)


def test_the_helpers_suppress_and_rank_as_documented():
    assert breakdown({"a": 10, "b": 1, "c": 0}) == {"a": MASKED, "b": SMALL, "c": 0}
    assert breakdown({"a": 10, "b": 4, "c": 1}) == {"a": 10, "b": MASKED, "c": SMALL}
    assert breakdown({"a": 10, "b": 2, "c": 1}) == {"a": 10, "b": SMALL, "c": SMALL}
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert percentile([5], 90) == 5


def test_the_command_writes_the_report_to_stdout(november, database_url, monkeypatch):
    import click
    from click.testing import CliRunner

    from webhooks.cli_reports import register
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    rappel = click.Group("rappel")
    register(rappel)
    runner = CliRunner()
    result = runner.invoke(rappel, ["report", "--month", "2026-11", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("section,key,value,libellé\n")
    assert "received,total,8," in result.output
    result = runner.invoke(rappel, ["report", "--month", "2026-11", "--with-coach-ids"])
    assert result.exit_code == 0 and "<svg" in result.output and "michel" in result.output
    result = runner.invoke(rappel, ["report", "--month", "11/2026"])
    assert result.exit_code == 2 and "YYYY-MM" in result.output


def test_a_crisiss_page_levels_read_in_french_in_the_report():
    from dispatch.report_words import label
    for level in range(1, 7):
        word = label("escalations", f"page_{level}")
        assert "page_" not in word and word.startswith("alertes : crise : appel"), word
    # The repeats past the first hour: one line, however many there were.
    assert label("escalations", "page_again") == \
        "alertes : crise : appels répétés après la première heure"


def test_a_crisis_paged_again_after_its_first_hour_is_one_line_of_the_report(db):
    from dispatch.models import Escalation
    from dispatch.report import _escalations
    from tests.desk_fixtures import make_request
    ids = []
    for repeats in (0, 20, 4):
        request = make_request(db, crisis=True)
        db.flush()
        ids.append(request.id)
        db.add_all(Escalation(request_id=request.id, kind=f"page_{n}", at=NOW)
                   for n in range(1, 7 + repeats))
    db.commit()
    counts = _escalations(db, ids)
    assert counts["page_1"] == counts["page_6"] == 3
    assert counts["page_again"] == SMALL and "page_7" not in counts   # two requests
