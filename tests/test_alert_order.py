"""A coordinator's SMS of several alerts says the worst first, and cuts the
last ones: every kind of alert has its place in that order."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from dispatch.alerts import SEVERITY, _body
from dispatch.models import Alert
from dispatch.texts import COORDINATORS
from tests.conftest import PARIS

ROOT = Path(__file__).resolve().parent.parent
# Texts named alert_ that are parts of an alert SMS, not kinds of alert.
PARTS = {"alert_also_chased", "alert_take", "alert_take_one", "alert_take_named", "alert_more",
         "alert_more_request", "alert_more_requests", "alert_digest"}


def _named_in_code() -> set[str]:
    """Every "alert_…" the code names, and the kinds it builds (alert_{step})."""
    named: set[str] = set()
    for folder in ("dispatch", "webhooks", "scheduling", "channels"):
        for path in (ROOT / folder).rglob("*.py"):
            named |= set(re.findall(r"[\"'](alert_[a-z_]+)[\"']", path.read_text()))
    from dispatch.deadlines import LADDER
    return named | {f"alert_{step}" for step in LADDER}


def test_every_kind_of_alert_has_its_place_in_the_order():
    kinds = {key for key in COORDINATORS if key.startswith("alert_")} - PARTS
    assert kinds - set(SEVERITY) == set(), "add it to dispatch.alerts.SEVERITY"
    # Each kind the code raises has a text (a kind without one fails at delivery),
    # and the order names no kind that is gone.
    assert _named_in_code() - PARTS <= kinds
    assert set(SEVERITY) <= kinds and len(SEVERITY) == len(set(SEVERITY))


def test_a_coachs_distress_comes_first_in_a_digest_not_cut_as_one_more():
    """Five alerts for Claire at 08:00; Hélène's own distress, in the night,
    among them. It was placed after every other line, past the four shown,
    and read "et 1 autre(s)"."""
    ctx = SimpleNamespace(name="Ça va patron ?", base_url="https://rappel.example.org", tz=PARIS)
    late = {"deadline": "mer. 2/12 6h", "coach": "aucun"}
    alerts = [Alert(id=1, request_id=6, kind="alert_overdue", values=late),
              Alert(id=2, request_id=7, kind="alert_due_soon", values=late),
              Alert(id=3, request_id=8, kind="alert_round_over", values=late),
              Alert(id=4, request_id=9, kind="alert_unaccepted", values=late),
              Alert(id=5, request_id=None, kind="alert_coach_distress",
                    values={"coach": "Hélène Fournier", "mobile": "06 39 98 10 07",
                            "text": "je n'en peux plus"})]
    body = _body(ctx, alerts, {})
    assert body.startswith("Ça va patron ? : 5 alertes. URGENT : Hélène Fournier (coach) écrit "
                           "des mots de danger (je n'en peux plus). Appelez au plus vite le "
                           "06 39 98 10 07. / demande 6 EN RETARD")
    assert "autre(s)" not in body and "aussi : demande 9" in body
