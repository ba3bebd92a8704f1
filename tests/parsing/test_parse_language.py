"""language: en when the text is in English, otherwise fr."""
import pytest

CASES = [
    ("Hi, this is Rachel Moore, I run a B&B near Beaune. Could you call me Thursday?", "en"),
    ("Morning. Conflict with my two employees, I can't take it anymore.", "en"),
    ("Can you call me tomorrow morning? Emma Wilson", "en"),
    ("pls call me tmrw 2pm, thx. Tom", "en"),
    ("Bonjour, Paul Martin, rappel possible demain 14h-16h", "fr"),
    ("bjr c Marc. dispo jeudi", "fr"),
    ("URGENT rappelez moi au plus vite", "fr"),
    ("Hello, je suis Paul, rappelez-moi demain", "fr"),
    ("", "fr"),
    ("06 12 34 56 78", "fr"),
]


@pytest.mark.parametrize("text, language", CASES)
def test_it_tells_english_from_french(parse_at, text, language):
    assert parse_at(text).language == language
