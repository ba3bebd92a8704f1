"""Eighth round: the probe sets probes_round8.jsonl (26 SMS, every field) and crisis_round8.jsonl
(60 sentences, crisis only), written and annotated from the contract before they were run.

Before the fixes, crisis_round8.jsonl had 22 of 36 crises missed and 3 of 24 near misses raised;
probes_round8.jsonl 4 of 8 crises missed and 1 false alarm, 4 of 26 slots wrong, 17 of 26 right
in every field. The held-out sets written after the fixes (crisis_round8_heldout.jsonl,
probes_round8_heldout.jsonl) are measured, not asserted: see NOTES.md."""
from datetime import datetime
from pathlib import Path

import pytest

from dispatch.parsing import parse
from tests.parsing import probes

HERE = Path(__file__).resolve().parent
MONDAY = "2026-12-07T10:15:00+01:00"
THURSDAY = "2026-12-10T16:00:00+01:00"



CRISIS_CASES = probes.cases("crisis_round8.jsonl")


@pytest.mark.parametrize("case", CRISIS_CASES, ids=[c["id"] for c in CRISIS_CASES])
def test_crisis_round8(case):
    got = parse(case["text"], datetime.fromisoformat(case["received_at"])).crisis
    assert got is case["expected"]["crisis"], case["text"]




def test_probes_round8_right_in_every_field_at_least_90_percent_and_no_crisis_missed():
    cases = probes.cases("probes_round8.jsonl")
    wrong = [c["id"] for c in cases if not probes.right(c)]
    assert len(wrong) <= len(cases) // 10, wrong
    missed = [c["id"] for c in cases if c["expected"]["crisis"]
              and not parse(c["text"], datetime.fromisoformat(c["received_at"])).crisis]
    assert not missed


# Families, each with its near miss (the point is the family, not the sentence).
FAMILIES = [
    ("jsp si je passerai noel", True),
    ("Je ne passerai pas Noël en famille, je bosse le 24.", False),
    ("I don't think I'll be around for Christmas.", True),
    ("Comment faire pour pas souffrir ?", True),
    ("Comment faire pour déposer le bilan sans tout perdre ?", False),
    ("Ce serait si simple, le pont est à deux minutes.", True),
    ("Ce serait si simple de fermer la boutique.", False),
    ("Plus d'autre sortie que la fenêtre.", True),
    ("Plus d'autre solution que la liquidation.", False),
    ("Ils auraient une vie plus facile sans une mère comme moi.", True),
    ("My family would be better off if I sold the shop.", False),
    ("C'est la dernière fois que je vous écris.", True),
    ("C'est la dernière fois que je fais confiance à ce fournisseur.", False),
    ("Je n'ai plus la force de continuer. Pardon à ma famille.", True),
    ("Plus la force de continuer la boîte, je dépose le bilan.", False),
    ("Merci pour tout, bonne soirée.", False),
    ("Je vais disparaître des réseaux sociaux un moment.", False),
    ("Mes associés seraient soulagés si je partais.", False),
    ("J'ai écrit une lettre à chacun de mes clients pour annoncer la fermeture.", False),
    ("J'ai écrit une lettre à chacun de mes enfants.", True),
]


@pytest.mark.parametrize("text,expected", FAMILIES)
def test_families(parse_at, text, expected):
    assert parse_at(text, MONDAY).crisis is expected


SLOTS = [
    ("Ce week-end je vais dormir enfin, rappel lundi svp.", THURSDAY, ["2026-12-14 09:00-18:00"]),
    ("Ce week-end je suis dispo.", THURSDAY, ["2026-12-12 09:00-18:00", "2026-12-13 09:00-18:00"]),
    ("Le 24 et le 31 je ferme à midi. Rappelez-moi demain matin.", THURSDAY,
     ["2026-12-11 09:00-12:00"]),
    ("Encore là après 18h au bureau si vous voulez m'appeler.", MONDAY, ["2026-12-07 18:00-21:00"]),
    ("J'ai regardé la poutre toute la soirée.", MONDAY, []),
    ("Je suis dispo toute la soirée.", MONDAY, ["2026-12-07 18:00-21:00"]),
]


@pytest.mark.parametrize("text,received,expected", SLOTS)
def test_slots_round8(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


TOPICS = [
    ("Je suis débordée, rappel demain.", "equilibre"),
    ("jsui sous l'eau depuis la rentrée", "equilibre"),
    ("Drowning in bookings admin.", "administratif"),
    ("La paperasse de l'URSSAF me rend dingue.", "administratif"),
    ("L'URSSAF me réclame 8000 euros.", "financier"),
    ("Je n'y arrive plus.", None),
]


@pytest.mark.parametrize("text,expected", TOPICS)
def test_topics_round8(parse_at, text, expected):
    assert parse_at(text, MONDAY).topic == expected


@pytest.mark.parametrize("text, crisis", [
    # The business's winter: found by the capacity planner's synthetic traffic, in which every
    # "prêt pour passer l'hiver" had become a crisis paging the coordinator on call.
    ("Bonjour, Thierry Da Silva, la banque me refuse un pret pour passer l'hiver. "
     "Rappel possible demain 14h-16h au 06 39 98 50 01.", False),
    ("La banque me refuse un prêt pour passer l'hiver.", False),
    ("Il me faut de la trésorerie pour passer l'hiver.", False),
    ("Un coup de main pour atteindre le printemps.", False),
    ("La boutique ne passera pas l'hiver.", False),
    # Oneself not lasting it.
    ("Je ne me vois pas passer l'hiver.", True),
    ("Je ne vais pas passer l'hiver.", True),
    ("Pas sûr de voir le printemps.", True),
])
def test_the_winter_of_the_business_is_not_ones_own(text, crisis):
    assert parse(text, datetime.fromisoformat(MONDAY)).crisis is crisis, text


@pytest.mark.parametrize("text, crisis", [
    # Affairs put in order, better off without me: said of the business, a near miss.
    ("J'ai mis mes affaires en ordre avec le comptable avant la liquidation.", False),
    ("J'ai mis mes papiers en ordre avant la cession.", False),
    ("Mes salariés seraient mieux sans moi comme patron, je veux céder.", False),
    ("L'équipe serait mieux sans moi à la tête de la boîte.", False),
    # Said of oneself, still a crisis.
    ("J'ai mis mes affaires en ordre.", True),
    ("Ma famille serait mieux sans moi.", True),
    ("Tout le monde serait mieux sans moi, même mes salariés.", True),
    ("J'ai mis mes affaires en ordre, ils seront mieux sans moi.", True),
])
def test_affairs_in_order_for_the_business_are_not_a_farewell(text, crisis):
    assert parse(text, datetime.fromisoformat(MONDAY)).crisis is crisis, text
