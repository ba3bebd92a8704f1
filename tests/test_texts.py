"""Every SMS text: GSM-7 where wording allows, one segment for replies."""
from __future__ import annotations

import string

import pytest

from dispatch.segments import is_gsm7, segments
from dispatch.texts import TEXTS, text

VALUES = dict(hotline="Ça va patron ?", n=1234, slot="lun. 30/11 10h-11h", first_name="Sophie", callback="06 12 34 56 78",
              slots="jeu. 26/11 14h-18h, ven. 27/11 8h-10h", topic="financier",
              link="https://rappel.example.org/o/1234.AbCdEfGhIjKl", deadline="jeu. 26/11 10h15",
              status="acceptee", tries=3, coach="Michel Bernard", coach_number="06 39 98 10 01",
              number="+33 6 •• •• •• 78", code=21610, verb="FAIT", numbers="12 / 13",
              text="texte", url="https://rappel.example.org", date="26/11", overdue="12, 14",
              at_risk="15", count=3, lines="demande 12 EN RETARD / demande 14 pas encore acceptée",
              who="Claire Moreau", taken="Michel a accepté de rappeler. ",
              request_url="https://rappel.example.org/requests/1234")
ONE_SEGMENT = ("ack", "ack_later", "ack_ask_when", "merged", "cancelled", "nothing_to_cancel", "opted_out",
               "help_entrepreneur", "empty", "tried_to_call", "declined", "done", "failed_logged",
               "paused", "resumed", "too_late", "request_cancelled", "not_yours", "which_request",
               "no_request", "help_coach", "unknown_sender")


@pytest.mark.parametrize("key", sorted(TEXTS))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_text_is_gsm7(key, lang):
    body = text(key, lang, about=" Demande 12.", **VALUES).replace("•", "")
    assert is_gsm7(body), [c for c in body if not is_gsm7(c)]


@pytest.mark.parametrize("key", ONE_SEGMENT)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_replies_fit_in_one_sms(key, lang):
    assert segments(text(key, lang, about="", **VALUES)) == ("GSM-7", 1)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_offer_fits_in_two_segments(lang):
    assert segments(text("offer", lang, **VALUES))[1] <= 2


def test_the_crisis_reply_gives_3114_and_emergency_numbers():
    for lang in ("fr", "en"):
        body = text("crisis", lang, **VALUES)
        assert "3114" in body and "15" in body and "112" in body
        assert segments(body)[1] <= 2


def test_segments_are_counted_as_carriers_charge():
    assert segments("a" * 160) == ("GSM-7", 1)
    assert segments("a" * 161) == ("GSM-7", 2)
    assert segments("€" * 80) == ("GSM-7", 1)   # € costs two septets
    assert segments("ça" * 35) == ("UCS-2", 1)  # ç is not GSM-7
    assert segments("ç" * 71) == ("UCS-2", 2)
    assert segments("😀" * 35) == ("UCS-2", 1)  # an emoji is two UTF-16 units
    assert is_gsm7(string.ascii_letters + "éèàùÇÉ")
    assert not is_gsm7("’") and not is_gsm7("\u00a0") and not is_gsm7("ê")


def test_outbound_texts_quoting_people_are_spelt_in_gsm7():
    from dispatch.segments import to_gsm7
    assert to_gsm7("François’s «café» à Chenôve 😩") == "Francois's \"café\" à Chenove "
    body = text("offer", "fr", **{**VALUES, "first_name": "Françoise"})
    assert segments(to_gsm7(body)) == ("GSM-7", 2)
