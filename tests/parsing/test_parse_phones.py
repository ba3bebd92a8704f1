"""phones: every number written, E.164, in order of first appearance, no duplicates."""
import pytest

CASES = [
    ("au 06 12 34 56 78", ["+33612345678"]),
    ("06.12.34.56.78", ["+33612345678"]),
    ("06-12-34-56-78", ["+33612345678"]),
    ("0612345678", ["+33612345678"]),
    ("+33 6 12 34 56 78", ["+33612345678"]),
    ("+33612345678", ["+33612345678"]),
    ("0033612345678", ["+33612345678"]),
    ("0033 6 12 12 12 12, Hugo", ["+33612121212"]),
    ("+33 (0)6 12 34 56 78", ["+33612345678"]),
    ("+33(0)612345678", ["+33612345678"]),
    ("+33 06 12 34 56 78", ["+33612345678"]),
    ("tel:0612345678.", ["+33612345678"]),
    ("fixe 03 80 11 22 33 ou portable 06 44 33 22 11", ["+33380112233", "+33644332211"]),
    ("0380664512 ou au 0675120349", ["+33380664512", "+33675120349"]),
    ("06 12 34 56 78 ou 0612345678", ["+33612345678"]),
    ("+44 7823 456781", ["+447823456781"]),
    ("+41 79 123 45 67", ["+41791234567"]),
    ("+32 470 12 34 56.", ["+32470123456"]),
    ("0032 470 12 34 56", ["+32470123456"]),
    ("+1 (212) 555-1234", ["+12125551234"]),
    ("le roster: 06 39 98 10 01", ["+33639981001"]),
    ("📞06 87 65 43 21", ["+33687654321"]),
]

NOT_PHONES = [
    "le 2/12 de 9h à 11h",
    "le 03/12/2026 à 14h",
    "J'ai 30 000€ de dettes fournisseurs",
    "SIRET 802 954 785 00028",
    "SIREN 012 345 678",
    "code postal 21000 Dijon, 3 salariés",
    "0612345678901",
    "entre 14h-16h, 2 fois par semaine",
]


@pytest.mark.parametrize("text, phones", CASES)
def test_it_reads_every_phone_number_as_e164(parse_at, text, phones):
    assert parse_at(text).phones == phones


@pytest.mark.parametrize("text", NOT_PHONES)
def test_dates_amounts_and_company_numbers_are_not_phones(parse_at, text):
    assert parse_at(text).phones == []


def test_a_date_just_before_a_number_does_not_swallow_it(parse_at):
    assert parse_at("le 03/12 06 12 34 56 78").phones == ["+33612345678"]
