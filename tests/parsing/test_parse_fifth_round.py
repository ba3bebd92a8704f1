"""Fifth round: known misses (same hour, "mar 1er", English clock words, initials), then the rules
found by the probe set probes_round5.jsonl (written and annotated from the contract before it was
run). Received Tuesday 24 November 2026, 10:15, unless stated."""
import pytest

TUESDAY = "2026-11-24T10:15:00+01:00"
# "même heure", "same time": the time given before in the SMS, else the time it was sent at.
SAME_TIME = [
    ("Rappelez-moi lundi prochain même heure", TUESDAY,
     ["2026-11-30 10:15-11:15"]),
    ("dispo demain a la meme heure svp", TUESDAY, ["2026-11-25 10:15-11:15"]),
    ("demain 14h sinon jeudi même heure", TUESDAY, ["2026-11-25 14:00-15:00", "2026-11-26 14:00-15:00"]),
    ("demain 14h-16h, sinon jeudi à la même heure", TUESDAY,
     ["2026-11-25 14:00-16:00", "2026-11-26 14:00-16:00"]),
    ("same time tomorrow please", TUESDAY, ["2026-11-25 10:15-11:15"]),
    ("rappel demain meme heure", "2026-11-24T21:40:00+01:00", ["2026-11-25 21:40-22:40"]),
    # "at the same time" joins sentences in English: no day next to it, no time
    ("At the same time I am exhausted, call me tomorrow", TUESDAY, ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,received,expected", SAME_TIME)
def test_same_time(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


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


# English clock words: "half past ten", "quarter to 11", "at ten"; French "dix heures", "10h moins le
# quart". A bare English word is an hour only in English text where the time ends.
CLOCK_WORDS = [
    ("call me tomorrow at half past ten", ["2026-11-25 10:30-11:30"]),
    ("half ten on Friday", ["2026-11-27 10:30-11:30"]),
    ("tomorrow at quarter past 2", ["2026-11-25 14:15-15:15"]),
    ("Friday quarter to 11 please", ["2026-11-27 10:45-11:45"]),
    ("call me tomorrow at ten", ["2026-11-25 10:00-11:00"]),
    ("call me after six", ["2026-11-24 18:00-21:00"]),
    ("between two and four tomorrow", ["2026-11-25 14:00-16:00"]),
    ("demain à dix heures", ["2026-11-25 10:00-11:00"]),
    ("demain 10h moins le quart", ["2026-11-25 09:45-10:45"]),
    ("at one point I thought of closing, call me tomorrow", ["2026-11-25 09:00-18:00"]),
    ("j'ai six salariés, rappel demain", ["2026-11-25 09:00-18:00"]),
    ("j'ai dormi deux heures cette nuit, rappel demain", ["2026-11-25 09:00-18:00"]),
    ("dispo demain entre midi et deux", ["2026-11-25 12:00-14:00"]),
]


@pytest.mark.parametrize("text,expected", CLOCK_WORDS)
def test_clock_words(slots_of, text, expected):
    assert slots_of(text) == expected


# Initials open a name when a capitalised surname follows them.
INITIALS = [
    ("Bonjour JP Roux, boulangerie, rappel demain", "JP Roux"),
    ("JP Roux 06 12 34 56 78 rappel demain", "JP Roux"),
    ("C'est J.P. Roux", "J.P. Roux"),
    ("je suis J-P Roux, plombier", "J-P Roux"),
    ("Bonjour, A. Martin, rappel demain", "A. Martin"),
    ("Rappel demain svp. J.-P. Roux", "J.-P. Roux"),
    ("SA Roux, rappel demain", None),
]


@pytest.mark.parametrize("text,expected", INITIALS)
def test_initials(parse_at, text, expected):
    assert parse_at(text).name == expected
