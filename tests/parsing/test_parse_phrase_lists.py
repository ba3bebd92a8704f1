"""The phrase lists (dispatch/parsing/phrases/*.txt) are loaded and read as written: each line
of a list, written out as a message, is found by the parser, and each near miss is not."""
from datetime import datetime

import pytest

from dispatch.parsing import crisis, parse, topics
from dispatch.parsing.matcher import view
from dispatch.parsing.normalize import fold
from dispatch.parsing.phrasebook import (
    Boundary,
    Choice,
    Gap,
    OptionalWords,
    Phrase,
    Word,
    read_file,
    read_lines,
)
from dispatch.parsing.timegrammar import compiled, part_window

TUESDAY = datetime.fromisoformat("2026-11-24T10:15:00+01:00")


def _spelling(spelling: str) -> str:
    if spelling == "*":
        return "truc"
    return spelling.replace("<nn>", "30").replace("<n>", "12").replace("*", "")


def example(phrase: Phrase, last: bool = False) -> str:
    """A message made of the phrase: its first spellings and no optional word, or its last
    spellings and every optional word."""
    words: list[str] = []
    for item in phrase.items:
        if isinstance(item, Word):
            words.append(_spelling(item.spellings[-1 if last else 0]))
        elif isinstance(item, OptionalWords) and last:
            words.extend(_spelling(w.spellings[-1]) for w in item.items)
        elif isinstance(item, Choice):
            option = item.options[-1 if last else 0]
            words.extend(_spelling(w.spellings[-1 if last else 0]) for w in option)
        elif isinstance(item, Boundary) and words:
            words[-1] += "."
        elif isinstance(item, Gap):
            continue
    return " ".join(words)


def _examples(name: str) -> list[tuple[str, str]]:
    """(where, text) of the two examples of each phrase of `phrases/<name>.txt`."""
    out = []
    for phrase in read_file(name):
        for last in (False, True):
            out.append((phrase.where, example(phrase, last)))
    return list(dict.fromkeys(out))


def _ids(cases: list[tuple[str, str]]) -> list[str]:
    return [f"{where} {text}" for where, text in cases]


CRISIS = _examples("crisis")
NOT_CRISIS = _examples("not_crisis")


def test_the_lists_are_loaded():
    assert len(CRISIS) > 400 and len(NOT_CRISIS) > 60
    assert parse("j'ai envie d'en finir", TUESDAY).crisis is True


@pytest.mark.parametrize("where, text", CRISIS, ids=_ids(CRISIS))
def test_each_crisis_phrase_is_found_as_a_crisis(where, text):
    assert parse(text, TUESDAY).crisis is True, where


@pytest.mark.parametrize("where, text", NOT_CRISIS, ids=_ids(NOT_CRISIS))
def test_each_near_miss_idiom_is_no_crisis(where, text):
    assert parse(text, TUESDAY).crisis is False, where


TOPICS = [(name, where, text) for name in ("equilibre", "financier", "juridique", "social",
                                           "administratif", "rebond", "juridique_en", "social_en")
          for where, text in _examples(f"topic_{name}")]


@pytest.mark.parametrize("name, where, text", TOPICS, ids=[f"{w} {t}" for _, w, t in TOPICS])
def test_each_topic_phrase_is_found_as_a_word_of_its_topic(name, where, text):
    found = topics._WORDS.hits(view(fold(text).text), topics._NOT_TOPIC)
    assert any(hit.tag == f"topic_{name}" and hit.start == 0 for hit in found), where


def test_the_topic_is_the_first_need_stated():
    assert parse("Je ne dors plus à cause des dettes URSSAF.", TUESDAY).topic == "equilibre"
    assert parse("Les dettes URSSAF m'empêchent de dormir.", TUESDAY).topic == "financier"
    assert parse("Hi, the hearing is on Monday.", TUESDAY).topic == "juridique"


@pytest.mark.parametrize("where, text", _examples("closure"))
def test_each_closure_is_found(where, text):
    assert next(topics._CLOSURE.hits(view(fold(text).text)), None) is not None, where
    assert parse(f"Bonjour, {text}.", TUESDAY).topic is not None, where


@pytest.mark.parametrize("where, text", _examples("not_topic"))
def test_a_topic_near_miss_states_no_need(where, text):
    assert parse(text, TUESDAY).topic is None, where


@pytest.mark.parametrize("where, text", _examples("flexible"))
def test_each_flexible_phrase_is_flexible(where, text):
    assert parse(text, TUESDAY).flexible is True, where


@pytest.mark.parametrize("where, text", _examples("not_flexible"))
def test_au_plus_tot_after_a_time_is_not_flexible(where, text):
    assert parse(text, TUESDAY).flexible is False, where


PARTS = [(phrase.tag, phrase.where, example(phrase, last))
         for phrase in read_file("parts_of_day") for last in (False, True)]


@pytest.mark.parametrize("tag, where, text", PARTS, ids=[f"{w} {t}" for _, w, t in PARTS])
def test_each_part_of_the_day_has_the_window_of_its_section(tag, where, text):
    role, _, hours = tag.rpartition(" ")
    start, end = ((int(h) * 60 + int(m)) for h, m in (t.split(":") for t in hours.split("-")))
    folded = fold(text).text.rstrip(".")
    if role == "every":
        assert compiled("every_part").fullmatch("tous les " + folded), where
    else:
        assert compiled("today_part" if role == "today" else "part").fullmatch(folded), where
    assert part_window(folded, role) == (start, end), where


@pytest.mark.parametrize("civility", read_lines("civilities"))
def test_each_civility_is_taken_off_the_name(civility):
    assert parse(f"Bonjour, {civility} Durand, rappel demain", TUESDAY).name == "Durand"


def test_a_crisis_phrase_is_found_in_sms_spelling_and_without_apostrophes():
    assert crisis.is_crisis(fold("jai pu envie de vivre").text)
    assert crisis.is_crisis(fold("j ai peur de passer a l acte").text)
