"""Fifth round: known misses (same hour, "mar 1er", English clock words, initials), then the rules
found by the probe set probes_round5.jsonl (written and annotated from the contract before it was
run). Received Tuesday 24 November 2026, 10:15, unless stated."""
import pytest

TUESDAY = "2026-11-24T10:15:00+01:00"
# In French "mar 1er" is mardi 1er (French writes "1er mars"); in English "Mar 3" is March.
WEEKDAY_OR_MONTH = [
    ("Dispo mar 1er ou mer 2", "fr", ["2026-12-01 09:00-18:00", "2026-12-02 09:00-18:00"]),
    ("jeudi 26 ou mar 1er le matin", "fr", ["2026-11-26 09:00-12:00", "2026-12-01 09:00-12:00"]),
    ("dispo le 1er mar", "fr", ["2027-03-01 09:00-18:00"]),
    ("call me Mar 3 please", "en", ["2027-03-03 09:00-18:00"]),
]


@pytest.mark.parametrize("text,language,expected", WEEKDAY_OR_MONTH)
def test_mar_is_mardi_in_french(parse_at, slots_of, text, language, expected):
    assert parse_at(text).language == language
    assert slots_of(text) == expected
