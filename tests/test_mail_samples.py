"""The mailbox's sample mails (tests/mail_samples, see its README) read as
the domain will see them: who wrote, what they said, what is automatic."""
from __future__ import annotations

from pathlib import Path

import pytest

from channels.email.reading import read_mail
from dispatch.mail_inbound import InboundMail
from dispatch.parsing import parse
from tests.conftest import NOW

SAMPLES = Path(__file__).parent / "mail_samples"
OURS = ("contact@hotline.example.org",)


def sample(name: str) -> InboundMail:
    return read_mail((SAMPLES / f"{name}.eml").read_bytes(), ours=OURS)


@pytest.mark.parametrize("name, sender, phone", [
    ("plain", "sandrine.morel@example.net", "+33612345678"),
    ("html_only", "garage.petit@example.net", "+33645127830"),
    ("multipart_attachment", "karim.haddad@example.net", "+33781223344"),
    ("latin1", "helene.faure@example.net", "+33671829304"),
    ("crisis", "marc.lefevre@example.net", "+33658473625"),
    ("quoted_reply", "paul.martin@example.net", "+33612345678"),
    ("outlook_reply", "n.roux@example.net", "+33612345678"),
])
def test_a_person_s_mail_gives_the_words_the_parser_needs(name, sender, phone):
    mail = sample(name)
    assert mail.sender == sender and mail.automatic is None
    assert parse(mail.body, NOW).phones == [phone]


def test_html_is_made_text_without_css_or_image_address():
    body = sample("html_only").body
    assert "Gérard Petit, garagiste à Auxonne" in body and "06 45 12 78 30" in body
    assert "{" not in body and "http" not in body and "&eacute;" not in body


def test_latin1_is_decoded_without_mojibake():
    mail = sample("latin1")
    assert mail.name == "Hélène Faure" and "Chenôve" in mail.body and "Ã" not in mail.body
    assert mail.subject == "Difficultés de trésorerie, salon de coiffure"


def test_the_attachment_is_never_read():
    body = sample("multipart_attachment").body
    assert "07 81 22 33 44" in body and "%PDF" not in body and "JVBER" not in body


def test_quoted_replies_keep_only_the_new_words():
    quoted = sample("quoted_reply")
    assert quoted.body == "Mon numéro : 06 12 34 56 78, demain 14h"
    assert quoted.references == ("<rappel-12-ack@hotline.example.org>",)
    outlook = sample("outlook_reply")
    assert "Plutôt jeudi matin" in outlook.body and "De :" not in outlook.body
    assert "03 80 00 00 00" not in quoted.body + outlook.body  # the quoted acknowledgement's


def test_no_number_is_a_request_without_a_number():
    mail = sample("no_number")
    assert mail.automatic is None and parse(mail.body, NOW).phones == []


@pytest.mark.parametrize("name", ["auto_reply", "bounce", "bulk"])
def test_automatic_mail_is_recognised(name):
    assert sample(name).automatic


def test_the_bounce_names_our_acknowledgement_and_the_address():
    assert set(sample("bounce").bounced) == {"<rappel-15-ack@hotline.example.org>",
                                             "k.haddad@example.net"}


def test_parse_of_every_sample_is_stable():
    for path in SAMPLES.glob("*.eml"):
        first, again = read_mail(path.read_bytes()), read_mail(path.read_bytes())
        assert first == again and first.sid.startswith("mail-") and len(first.sid) <= 64
