"""Seventh round: the probe sets probes_round7.jsonl (35 SMS, every field) and crisis_round7.jsonl
(54 sentences, crisis only), written and annotated from the contract before they were run.

Before the fixes, crisis_round7.jsonl had 17 of 30 crises missed and 8 of 24 near misses raised;
probes_round7.jsonl 5 of 9 crises missed and 4 false alarms, 10 of 35 slots wrong."""
import json
from datetime import datetime
from pathlib import Path

import pytest

from dispatch.parsing import parse

HERE = Path(__file__).resolve().parent
MONDAY = "2026-12-07T10:15:00+01:00"


def _cases(name):
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


# A crisis told as a scene (dispatch/parsing/scene.py): last arrangements and what they are for,
# a farewell, the means looked at; and the same words said of the business, which stay false.
CRISIS_CASES = _cases("crisis_round7.jsonl")


@pytest.mark.parametrize("case", CRISIS_CASES, ids=[c["id"] for c in CRISIS_CASES])
def test_crisis_told_as_a_scene(case):
    got = parse(case["text"], datetime.fromisoformat(case["received_at"])).crisis
    assert got is case["expected"]["crisis"], case["text"]


SCENE_RULES = [
    # one arrangement alone is a business story; two of them, or one with its purpose, a farewell
    ("J'ai donné mes outils à mon apprenti, je ferme l'atelier.", False),
    ("J'ai donné mes outils et mon chien. Je n'en aurai plus besoin.", True),
    ("J'ai tout réglé, comme ça elle n'aura rien à gérer.", True),
    ("Ce sera plus simple pour tout le monde si je vends.", False),
    ("I sorted my will and gave my guitar to my nephew.", True),
    ("Je ne vais pas passer l'hiver.", True),
    ("Je ne vais pas passer l'hiver en Bretagne cette année.", False),
    ("Merci pour tout et adieu.", True),
    ("Adieu les vacances, bonjour les bilans.", False),
    ("j'ai mis mes papiers en ordre pour la banque", False),
    ("je pars définitivement au Portugal", False),
    ("j'ai sorti la carabine pour la battue de dimanche", False),
]


@pytest.mark.parametrize("text,expected", SCENE_RULES)
def test_scene_rules(parse_at, text, expected):
    assert parse_at(text, MONDAY).crisis is expected
