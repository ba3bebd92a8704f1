"""emails: every address, lower-cased, in order."""
import pytest

CASES = [
    ("karim.benali@gmail.com / 06.11.29.33.48", ["karim.benali@gmail.com"]),
    ("ou Sophie.Durand@Orange.FR, plutôt jeudi", ["sophie.durand@orange.fr"]),
    ("mail: chantal.noirot@hotelduparc-semur.fr.", ["chantal.noirot@hotelduparc-semur.fr"]),
    ("a@b.fr et C@D.com puis a@b.fr", ["a@b.fr", "c@d.com"]),
    ("jean-paul_o+rappel@mail.co.uk", ["jean-paul_o+rappel@mail.co.uk"]),
    ("pas de mail, juste @ moi", []),
    ("x@@y.fr", []),
]


@pytest.mark.parametrize("text, emails", CASES)
def test_it_reads_every_email_lower_cased(parse_at, text, emails):
    assert parse_at(text).emails == emails


def test_an_email_is_not_read_as_a_name_or_a_phone(parse_at):
    result = parse_at("Emma Wilson emma.wilson@outlook.com +41 79 123 45 67")
    assert (result.name, result.emails, result.phones) == (
        "Emma Wilson", ["emma.wilson@outlook.com"], ["+41791234567"])
