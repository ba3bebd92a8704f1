"""Properties that hold for any text: parse never raises, and its output keeps the
contract's invariants (sorted, merged, within the horizon, nothing ended, E.164...)."""
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispatch.parsing import parse
from dispatch.parsing.normalize import fold_plain
from dispatch.parsing.timeexpr import MONTHS, WEEKDAYS

PARIS = ZoneInfo("Europe/Paris")
WORDS = [
    "demain", "aujourd'hui", "après-demain", "ce soir", "ce matin", "cet aprem", "lundi", "mardi", "mercredi",
    "jeudi", "vendredi", "samedi", "dimanche", "Monday", "tomorrow", "tonight", "le week-end", "en semaine",
    "tous les jours", "weekdays", "matin", "midi", "après-midi", "aprem", "am", "soir", "soirée", "journée",
    "fin de journée", "tôt le matin", "à", "vers", "entre", "et", "ou", "de", "avant", "après", "pas", "sauf",
    "dès", "jusqu'à", "à partir de", "pas avant", "pas après", "14h", "2h", "8h30", "7h", "12h", "21h", "2pm",
    "10am", "14:30", "14-16h", "entre 9h et 11h", "de 7h à 9h", "le 3 décembre", "3/12", "le 2 janvier",
    "dernier", "prochain", "svp", "merci", ",", ".", "?", "\n", "Paul", "Martin", "c'est", "je suis", "Mme",
    "06 12 34 56 78", "+33 (0)6 55 44 31 22", "+44 7823 456781", "a@b.fr", "Jean.Dupont@Mail.FR",
    "dettes", "URSSAF", "tribunal", "salariés", "impôts", "reconversion", "épuisé", "en finir", "suicide",
    "dès que possible", "n'importe quand", "4h par nuit", "l'audience est", "c'était", "je travaille",
]
# A weekday name or a date may pass the horizon; any digit may be part of a date.
NAMED = re.compile(r"\d|\b(?:{})".format("|".join(list(WEEKDAYS) + list(MONTHS))))
RECEIVED = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31),
                        timezones=st.sampled_from([PARIS, timezone.utc, timezone(timedelta(hours=-5))]))
GRAMMAR = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text, received):
    result = parse(text, received)
    result.to_dict()
    now = received.astimezone(timezone.utc)
    spans = [(s.start.astimezone(timezone.utc), s.end.astimezone(timezone.utc)) for s in result.slots]
    for (start, end), slot in zip(spans, result.slots, strict=False):
        assert start < end
        assert end > now, "a slot that has ended is dropped"
        assert slot.start.tzinfo is not None and str(slot.start.tzinfo) == "Europe/Paris"
        assert slot.start.second == 0 and slot.end.second == 0
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end < start, "slots are sorted, and overlapping or touching ones merged"
    if not NAMED.search(fold_plain(text)):
        today = received.astimezone(PARIS).date()
        for slot in result.slots:
            assert slot.start.astimezone(PARIS).date() <= today + timedelta(days=6)
    assert all(e == e.lower() for e in result.emails)
    assert len(set(result.phones)) == len(result.phones)
    assert all(p.startswith("+") and p[1:].isdigit() and 8 <= len(p) <= 16 for p in result.phones)
    assert result.language in ("fr", "en")
    assert result.topic in (None, "equilibre", "financier", "juridique", "social", "administratif", "rebond")


@SETTINGS
@given(st.text(max_size=1600), RECEIVED)
def test_any_text_parses(text, received):
    _check(text, received)


@SETTINGS
@given(GRAMMAR, RECEIVED)
def test_texts_made_of_the_contracts_words_parse(text, received):
    _check(text, received)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), RECEIVED)
def test_any_unicode_parses(text, received):
    _check(text, received)


def test_empty_and_huge_texts_parse():
    now = datetime(2026, 11, 24, 10, 15, tzinfo=PARIS)
    assert parse("", now).to_dict()["slots"] == []
    parse("demain 14h " * 400, now)
