"""The mails a person receives (dispatch.texts.MAILS): good French with its
accents, neutral in gender, English for those who wrote in English, shaped
as a letter, the crisis line always within reach."""
from __future__ import annotations

import re

import pytest

from dispatch.texts import MAILS, mail, reply_subject
from tests.test_texts import GENDERED, UNACCENTED, VALUES

EXTRA = dict(line="03 80 00 00 00", address="paule.martin@example.fr",
             at_callback=" au 06 12 34 56 78", callback="06 12 34 56 78")
KEYS = sorted(MAILS)


def shown(key: str, lang: str) -> tuple[str, str]:
    return mail(key, lang, **{**VALUES[lang], **EXTRA})


def words(text: str) -> str:
    return " " + re.sub(r"[^\w'’]+", " ", text.lower()) + " "


@pytest.mark.parametrize("key", KEYS)
def test_french_mails_have_their_accents_and_no_gender(key):
    subject, body = shown(key, "fr")
    said = words(subject + " " + body)
    assert not [w for w in UNACCENTED if re.search(rf" {w} ", said) and w != "reçu"]
    assert not [w for w in GENDERED if f" {w} " in said], body
    assert body.startswith("Bonjour,\n\n") and body.rstrip().endswith("L'équipe de Ça va patron ?")
    assert "n° 1234" in subject + body


@pytest.mark.parametrize("key", KEYS)
def test_english_mails_are_english(key):
    subject, body = shown(key, "en")
    assert body.startswith("Hello,\n\n") and "The Ça va patron ? team" in body
    for french in ("ANNULER", "demande", " à ", "Bonjour", "n°", "numéro"):
        assert french not in body + subject, (french, body)


@pytest.mark.parametrize("key", ["crisis", "crisis_ask_number", "crisis_again",
                                 "crisis_again_held", "chased"])
def test_the_crisis_line_is_in_every_mail_about_distress(key):
    for lang in ("fr", "en"):
        assert "3114" in shown(key, lang)[1] and "112" in shown(key, lang)[1]


def test_a_mail_that_asks_for_a_number_says_both_ways_to_give_it():
    body = shown("ack_ask_number", "fr")[1]
    assert "répondez à ce mail" in body and "envoyez un SMS au 03 80 00 00 00" in body
    assert "paule.martin@example.fr" in body


def test_answers_to_a_person_s_mail_keep_their_subject_with_the_number():
    assert reply_subject("Besoin d'aide", "fr", n=12) == "Re: Besoin d'aide – demande n° 12"
    assert reply_subject("RE: Re: Votre demande n° 12 – X", "fr", n=12) == \
        "Re: Votre demande n° 12 – X"
    assert reply_subject("Help", "en", n=3) == "Re: Help – request 3"


def test_every_answer_the_conversation_gives_has_its_mail():
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    keys = set()
    for name in ("conversation.py", "mail_inbound.py"):
        keys |= set(re.findall(r"Answer\(\s*\"(\w+)\"", (root / "dispatch" / name).read_text()))
    assert keys and keys <= set(MAILS), keys - set(MAILS)
