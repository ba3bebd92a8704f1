"""Rules added after a probe set of SMS written and annotated from the contract before they were
run (spellings, relative days, names, topics, crisis idioms): one table per rule. Received
Tuesday 24 November 2026, 10:15, unless stated."""
import pytest

# "dem" is "demain" in SMS; "dans 2 jours" counts from today ("dans 1 jour" stays vague).
RELATIVE_DAYS = [
    ("rappelez moi dem aprem stp", ["2026-11-25 14:00-18:00"]),
    ("+33612345670 c moi Jo, rappel dem matin", ["2026-11-25 09:00-12:00"]),
    ("Rappel dem 11h. Hervé", ["2026-11-25 11:00-12:00"]),
    ("Rappel dans 2 jours à 10h. Nathan", ["2026-11-26 10:00-11:00"]),
    ("rappelez moi dans trois jours", ["2026-11-27 09:00-18:00"]),
    ("call me in 2 days please", ["2026-11-26 09:00-18:00"]),
    ("l'audience est dans 3 jours, rappel demain", ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,expected", RELATIVE_DAYS)
def test_relative_days(slots_of, text, expected):
    assert slots_of(text) == expected


# "c moi Lucie", "cé Jess": "c'est moi" and "c'est" in SMS spelling introduce the sender.
NAMES = [
    ("coucou c moi Lucie, la fleuriste, je suis épuisée", "Lucie"),
    ("+33612345670 c moi Jo, rappel dem matin", "Jo"),
    ("slt cé Jess, j'ai plus 1 rond", "Jess"),
    ("Ce Mardi je suis dispo. Paul", "Paul"),
]


@pytest.mark.parametrize("text,expected", NAMES)
def test_names(parse_at, text, expected):
    assert parse_at(text).name == expected
