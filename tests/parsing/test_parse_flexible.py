"""flexible: any time suits, or as soon as possible; independent of slots."""
import pytest

FLEXIBLE = [
    "appelez moi quand vous pouvez",
    "Appelez quand vous voulez",
    "n'importe quand",
    "à tout moment",
    "Rappel dès que possible",
    "des que possible svp",
    "rappelez moi au plus vite",
    "rappelez-moi rapidement svp",
    "call me asap",
    "ASAP",
    "any time",
    "anytime tomorrow",
    "as soon as possible",
    "whenever you can",
    "joignable 24h/24",
    "le plus tôt possible",
    "appelez qd vous voulez",
    "quand vous aurez un moment",
    "a tt moment",
    "dispo h24",
    "call me quickly please",
    "Rappel rapide svp",
    "Please call now.",
    "appelez-moi tout de suite",
]
NOT_FLEXIBLE = [
    "je veux être rappelé",
    "dès 18h",
    "ma tréso fond rapidement.",
    "Rappelez-moi svp : 06.58.32.71.04",
    "URGENT",
    "jeudi de 14h à 15h ou à 15h, comme vous voulez",
    "Appelez moi après 21h si possible.",
    "demain 10h au plus tôt",
    "je bosse 7j/7 depuis 1 an",
    "je travaille 24h/24",
    "Mon second est parti et je suis seul en cuisine 7j/7.",
]


@pytest.mark.parametrize("text", FLEXIBLE)
def test_it_is_flexible_when_any_time_suits(parse_at, text):
    assert parse_at(text).flexible is True


@pytest.mark.parametrize("text", NOT_FLEXIBLE)
def test_it_is_not_flexible_otherwise(parse_at, text):
    assert parse_at(text).flexible is False


def test_flexible_and_slots_go_together(parse_at, slots_of):
    text = "dès que possible, idéalement demain matin"
    assert parse_at(text).flexible is True
    assert slots_of(text) == ["2026-11-25 09:00-12:00"]
