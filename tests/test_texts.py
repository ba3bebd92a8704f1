"""Every text a person receives: GSM-7, one segment where it can be, good French
with its accents, neutral in gender, English texts in English with English formats."""
from __future__ import annotations

import re
import string
from datetime import datetime
from pathlib import Path

import pytest

from dispatch.localtime import moment_words, slot_phrase, slots_words
from dispatch.segments import is_gsm7, segments, to_gsm7
from dispatch.texts import COACHES, COORDINATORS, ENTREPRENEURS, TEXTS, text
from tests.conftest import PARIS

START, END = datetime(2026, 12, 30, 10, 30, tzinfo=PARIS), datetime(2026, 12, 30, 12, 30,
                                                                    tzinfo=PARIS)
SLOTS = [{"start": "2026-12-30T10:30:00+01:00", "end": "2026-12-30T12:30:00+01:00"},
         {"start": "2026-12-31T14:30:00+01:00", "end": "2026-12-31T18:30:00+01:00"}]
# Long realistic values: a four-digit request, long names, two slots, a real link.
COMMON = dict(hotline="Ça va patron ?", n=1234, first_name="Marie-Christine",
              callback="06 12 34 56 78", link="https://rappel.cci21.example.org/o/1234.AbCdEfGhIjKl",
              tries=3, coach="Marie-Christine Dubois-Lefebvre", number="06 xx xx xx 78",
              code=30006, verb="FAIT", numbers="1234 / 1235", text="x" * 60,
              url="https://rappel.cci21.example.org", date="30/12",
              overdue="demandes 1234 (détresse), 1235 et 1236",
              count=12, lines="demande 1234 EN RETARD / demande 1235 pas encore acceptée",
              who="Marie-Christine Dubois-Lefebvre",
              taken="Coach sur la demande : Marie-Christine, appel pas encore fait. ",
              request_url="https://rappel.cci21.example.org/requests/1234", urgent="",
              within="dans l'heure", language="anglais", old=1233,
              how="close comme injoignable par Marie-Christine",
              take="PRIS n pour en prendre une en main. ", since="lun. 30/11 23h45",
              when="lun. 30/11 à 23h45", mobile="06 12 34 56 78", request=1234)
VALUES = {
    "fr": dict(COMMON, slot=slot_phrase(START, END, PARIS), topic="équilibre personnel", soon="dès 8h",
               slots=slots_words(SLOTS, False, PARIS), deadline=moment_words(END, PARIS),
               status="acceptée", day="mer. 30/12", held="demandes 1234 et 1235", hour="14h30"),
    "en": dict(COMMON, slot=slot_phrase(START, END, PARIS, "en"), topic="paperwork", soon="from 8am",
               within="within the hour",
               slots=slots_words(SLOTS, False, PARIS, "en"), deadline=moment_words(END, PARIS, "en"),
               status="accepted", day="Wed 30 Dec", held="requests 1234 and 1235",
               hour="2:30pm"),
}
# Texts that may take two segments: they carry a request's details or a link.
# A digest carries several alerts' lines, how to take one (PRIS n) and a link.
TWO_SEGMENTS = {"offer", "offer_late", "offer_crisis", "accepted", "accepted_late",
                "accepted_outside",
                "accepted_crisis", "info", "page", "page_again",
                "page_call", "page_call_again", "new_text", "new_text_crisis", "new_slot", "new_slot_same", "retry_asked",
                "alert_digest", "alert_crisis_wrote", "alert_danger_relayed", "alert_coach_distress",
                "alert_coordinator_distress", "alert_crisis_held_coach"}
ONE_SEGMENT = sorted(set(TEXTS) - TWO_SEGMENTS)
ALL = [(key, lang) for key in sorted(TEXTS) for lang in TEXTS[key]]
FRENCH = [key for key in sorted(TEXTS) if "fr" in TEXTS[key]]

# Words French texts must spell with their accent (or reword, like reçu): the
# unaccented spelling of each is refused. GSM-7 carries é è à ù É, so nothing
# excuses dropping them.
UNACCENTED = (
    "benevole", "benevoles", "reponse", "repondez", "demandee", "echeance", "creneau",
    "creneaux", "equipe", "ecrivez", "evoque", "detresse", "prevenue", "prevenu", "proposee",
    "acceptee", "rappelee", "annulee", "notee", "enregistree", "confidentialite", "deja",
    "apres", "etre", "tres", "numero", "reussi", "precisez", "details", "delai", "ete",
    "reservee", "reessaierons", "telephone", "tel", "meme", "jusqu'a", "recu", "recue",
    "reçu", "reçue", "ca", "premiere", "donne", "acces", "verifiez", "alertes?e", "a tout",
    "a nouveau", "a vous", "a rappeler", "a faire", "a la", "a l'", "a une", "a un",
    "a quelqu'un", "a prendre", "a remettre", "a risque",
)
# Words that give the person (or the volunteer) a gender.
GENDERED = ("seul", "seule", "il", "un benevole", "un bénévole", "une bénévole", "cher", "chère",
            "rassuré", "rassurée", "prêt", "prête", "inscrit", "inscrite")


def body(key: str, lang: str) -> str:
    return text(key, lang, **VALUES[lang])


@pytest.mark.parametrize("key, lang", ALL)
def test_every_text_is_gsm7_with_long_values(key, lang):
    shown = body(key, lang)
    assert is_gsm7(shown), [c for c in shown if not is_gsm7(c)]
    assert to_gsm7(shown) == shown   # the outbox has nothing to transliterate


@pytest.mark.parametrize("key", ONE_SEGMENT)
def test_replies_and_alerts_fit_in_one_sms(key):
    for lang in TEXTS[key]:
        assert segments(body(key, lang)) == ("GSM-7", 1), (lang, len(body(key, lang)))


@pytest.mark.parametrize("key", sorted(TWO_SEGMENTS))
def test_the_texts_with_details_fit_in_two_segments(key):
    for lang in TEXTS[key]:
        assert segments(body(key, lang))[1] <= 2, (lang, len(body(key, lang)))


@pytest.mark.parametrize("key", ["alert_round_over", "alert_no_coach_in_time", "alert_no_coach",
                                 "alert_no_coach_language",
                                 "alert_unaccepted", "alert_due_soon", "alert_overdue",
                                 "alert_attempts", "alert_chase", "alert_crisis_wrote",
                                 "alert_crisis_held_overdue", "alert_crisis_held_coach"])
def test_an_alert_with_its_command_and_link_fits_in_two_segments(key):
    # As dispatch.alerts builds a single alert: hotline, line, PRIS, link.
    sms = (f"Ça va patron ? : {body(key, 'fr')} {text('alert_take', n=1234)} "
           f"https://rappel.cci21.example.org/requests/1234")
    assert segments(sms)[1] <= 2


def _words(shown: str) -> str:
    return " " + re.sub(r"[^\w'’]+", " ", shown.lower()) + " "


@pytest.mark.parametrize("key", FRENCH)
def test_no_french_text_lacks_an_accent_it_needs(key):
    shown = _words(body(key, "fr"))
    missing = [word for word in UNACCENTED if re.search(rf" {word} ", shown)]
    assert not missing, (missing, body(key, "fr"))


def test_the_accented_words_are_there():
    french = " ".join(body(key, "fr") for key in FRENCH)
    for word in ("bénévole", "demande", "réponse", "à tout moment", "échéance", "créneau",
                 "équipe", "Écrivez", "à nouveau", "détresse", "évoqué", "déjà", "été"):
        assert word in french, word
    assert body("ack_later", "fr").count("demande") == 1


@pytest.mark.parametrize("key", FRENCH)
def test_french_texts_give_nobody_a_gender(key):
    shown = _words(body(key, "fr"))
    assert not [word for word in GENDERED if f" {word} " in shown], body(key, "fr")


@pytest.mark.parametrize("key", sorted(set(ENTREPRENEURS) | set(COACHES)))
def test_english_texts_are_english_with_english_formats(key):
    shown = body(key, "en")
    assert shown != body(key, "fr")
    # ANNULER is the one French word English texts give: the command to cancel
    # (twilio.md: CANCEL, sent alone as people shorten it, is an opt-out word).
    for french in ("Demande ", "demande ", " à ", "lun.", "mer.", "jeu.", "30/12",
                   "10h30", " h ", "NON "):
        assert french not in shown, (french, shown)


def test_english_slots_and_times_read_the_english_way():
    assert VALUES["en"]["slot"] == "on Wed 30 Dec between 10:30am and 12:30pm"
    assert VALUES["en"]["slots"] == "Wed 30 Dec 10:30am-12:30pm, Thu 31 Dec 2:30pm-6:30pm"
    # CANCEL alone is the carrier's opt-out word, and "reply CANCEL 1234" was
    # shortened to it: every English text that tells how to cancel says ANNULER.
    for key in ("ack", "ack_later", "cancel_confirm"):
        assert "reply ANNULER" in body(key, "en"), key
    assert VALUES["fr"]["slot"] == "le mer. 30/12 entre 10h30 et 12h30"


def test_the_crisis_reply_gives_3114_and_emergency_numbers_in_one_sms():
    for lang in ("fr", "en"):
        shown = body("crisis", lang)
        assert "3114" in shown and "15" in shown and "112" in shown
        assert segments(shown) == ("GSM-7", 1)


def test_every_answer_to_a_person_in_crisis_gives_3114_and_no_morning_promise():
    for key in ("crisis", "crisis_again", "crisis_again_held"):
        for lang in ("fr", "en"):
            shown = body(key, lang)
            assert "3114" in shown and "8h" not in shown and "8am" not in shown, shown
    # Someone took it in hand: the person hears that this person knows.
    assert "la personne qui suit votre demande est prévenue" in body("crisis_again_held", "fr")


def test_the_entrepreneur_is_never_given_a_volunteers_number():
    for key in ENTREPRENEURS:
        for lang in ENTREPRENEURS[key]:
            assert "{coach_number}" not in ENTREPRENEURS[key][lang]
            assert "{callback}" not in ENTREPRENEURS[key][lang]


def test_no_sms_tells_a_person_to_reply_a_carriers_opt_out_word():
    # "Cancel", sent alone as a person shortens "reply CANCEL 8", opts the number
    # out at Twilio (twilio.md): the request is cancelled and no SMS reaches them
    # again. The SMS texts say ANNULER in English too (e-mail has no carrier).
    for key in ENTREPRENEURS:
        for lang, variant in ENTREPRENEURS[key].items():
            assert not re.search(r"\b(reply|répondez)\b[^.]*\b(CANCEL|END|QUIT|STOPALL)\b",
                                 variant), (key, lang)


def test_coordinators_read_french_only():
    assert all(set(variants) == {"fr"} for variants in COORDINATORS.values())


def test_every_text_the_code_asks_for_exists():
    root = Path(__file__).resolve().parent.parent
    asked = set()
    for path in [*root.glob("dispatch/*.py"), *root.glob("webhooks/*.py"),
                 *root.glob("scheduling/*.py")]:
        asked |= set(re.findall(r"texts\.text\(\s*\"(\w+)\"", path.read_text()))
    assert asked and asked <= set(TEXTS), asked - set(TEXTS)


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
    assert to_gsm7("François’s «café» à Chenôve 😩") == "Francois's \"café\" à Chenove "
    shown = text("offer", "fr", **{**VALUES["fr"], "first_name": "Françoise"})
    assert segments(to_gsm7(shown)) == ("GSM-7", 2)


def test_info_says_a_crisis_first():
    fr = text("info", "fr", **{**VALUES["fr"], "urgent": "URGENT, détresse, risque suicidaire "
                                                         "évoqué, 3114 donné. "})
    assert fr.startswith("URGENT, détresse") and segments(fr)[1] <= 2


def test_a_hotline_name_that_ends_its_sentence_gets_no_second_period():
    # "Ça va patron ?" is the seed hotline's name: the page's call said "?.".
    said = text("page_call", hotline="Ça va patron ?", n=11)
    assert said.startswith("Ici Rappel, pour Ça va patron ? Urgence : la demande 11 ")
    assert "?." not in said


def test_a_digest_ends_its_last_alert_once_and_keeps_a_persons_ellipsis():
    lines = ("demande 6 : personne n'a accepté après un tour de tous les coachs (échéance 6h50)."
             " / demande 24 : la personne relance (je suis à bout...), échéance 14h20.")
    body = text("alert_digest", hotline="Ça va patron ?", count=2, lines=lines, take="",
                link="https://rappel.example.org/")
    assert body.endswith("échéance 14h20. https://rappel.example.org/")
    assert "(je suis à bout...)" in body and ".. " not in body.replace("...", "")


def test_the_crisis_answer_does_not_read_as_a_question_when_the_hotlines_name_ends_with_one():
    # "Ça va patron ? vous rappelle au plus vite" read as a question to someone in crisis.
    sms = text("crisis", "fr", hotline="Ça va patron ?", n=26)
    assert sms.endswith("Nous vous rappelons au plus vite (demande 26, Ça va patron ?).")
    assert "? vous" not in sms


def test_requests_are_named_so_that_a_number_does_not_read_as_a_count():
    from dispatch.texts import requests_named
    assert requests_named([1], set()) == "demande 1"
    assert requests_named([1], {1}) == "demande 1 (détresse)"
    assert requests_named([4, 7, 1], {1}) == "demandes 1 (détresse), 4 et 7"
