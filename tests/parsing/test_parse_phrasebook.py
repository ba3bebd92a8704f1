"""The phrase syntax of dispatch/parsing/phrases/*.txt (see its README.md), read and matched."""
import shutil
import tomllib
from collections.abc import Sequence
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path

import pytest

from dispatch.parsing import crisis, parse
from dispatch.parsing.matcher import PhraseList, load, view
from dispatch.parsing.normalize import fold
from dispatch.parsing.phrasebook import PHRASES, PhraseError, read_phrases

TUESDAY = datetime.fromisoformat("2026-11-24T10:15:00+01:00")


def found(lines: list[str], text: str, exceptions: Sequence[str] = ()) -> list[str]:
    """The parts of `text` where the phrases of `lines` are found."""
    phrases = PhraseList(read_phrases(lines))
    others = PhraseList(read_phrases(exceptions))
    folded = view(fold(text).text)
    return [folded[hit.start:hit.end] for hit in phrases.hits(folded, others)]


def test_a_phrase_is_found_as_whole_words_whatever_the_case_and_accents():
    assert found(["mettre fin à mes jours"], "Je veux METTRE  FIN A MES JOURS.") == [
        "mettre  fin a mes jours"]
    assert found(["vie"], "j'ai envie") == []


def test_alternatives_optional_words_and_endings():
    lines = ["veux|voudrais [juste] mourir", "suicid*"]
    assert found(lines, "je voudrais juste mourir") == ["voudrais juste mourir"]
    assert found(lines, "je veux mourir") == ["veux mourir"]
    assert found(lines, "idées suicidaires") == ["suicidaires"]


def test_a_gap_a_sentence_end_a_number_a_list_and_a_group_of_words():
    lines = ["{pills} = cachets médocs", "{pills} ... sais pas combien", "vais sauter .",
             "pris <nn> {pills}", "(j'ai|on a) fermé*"]
    assert found(lines, "des médocs, je ne sais pas combien") == ["medocs, je ne sais pas combien"]
    assert found(lines, "des cachets. je ne sais pas combien") == []
    assert found(lines, "je vais sauter.") == ["vais sauter."]
    assert found(lines, "je vais sauter le pas") == []
    assert found(lines, "j'ai pris 30 cachets") == ["pris 30 cachets"]
    assert found(lines, "j'ai pris 3 cachets") == []
    assert found(lines, "on a fermé la boutique") == ["on a ferme"]


def test_apostrophes_hyphens_and_glued_elisions():
    assert found(["passer à l'acte"], "peur de passer a lacte") == ["passer a lacte"]
    assert found(["week-end"], "ce weekend") == ["weekend"]
    assert found(["rappelez moi vite"], "Rappelez-moi vite") == ["rappelez-moi vite"]
    assert found(["urssaf"], "un pb avec lurssaf") == ["lurssaf"]


def test_an_exception_cancels_a_phrase_it_goes_on_after_or_whose_end_it_holds():
    crisis_lines = ["envie de mourir", "me tuer", "il va me tuer", "la mort ... issue"]
    near_misses = ["mourir de rire", "va me tuer", "la mort de"]
    assert found(crisis_lines, "envie de mourir de rire", near_misses) == []
    assert found(crisis_lines, "ce boulot va me tuer", near_misses) == []
    # a longer phrase holding all the words of an exception wins over it
    assert found(crisis_lines, "il va me tuer", near_misses) == ["il va me tuer"]
    # words of an exception in a gap are no phrase's words
    assert found(crisis_lines, "la mort de ma boutique est la seule issue", near_misses) == []
    assert found(crisis_lines, "la mort est la seule issue", near_misses) == [
        "la mort est la seule issue"]


@pytest.mark.parametrize("line, problem", [
    ("veux [mourir", "not closed"),
    ("... mourir", "between words"),
    ("{want} mourir", "not defined"),
    ("mourir ; vite", "is not a word"),
])
def test_a_line_that_cannot_be_read_is_reported_with_its_place(line, problem):
    with pytest.raises(PhraseError, match=rf"crisis\.txt:2: .*{problem}"):
        read_phrases(["# a comment", line], "crisis.txt")


def test_adding_a_crisis_phrasing_is_one_line_of_crisis_txt(tmp_path, monkeypatch):
    message = "Je vais tirer le rideau sur ma vie."
    phrases = tmp_path / "phrases"
    shutil.copytree(PHRASES, phrases)
    lines = (phrases / "crisis.txt").read_text(encoding="utf-8").splitlines()
    (phrases / "crisis.txt").write_text(  # the phrasing taken out, to be added again
        "\n".join(line for line in lines if "rideau" not in line) + "\n", encoding="utf-8")
    monkeypatch.setattr(crisis, "_CRISIS", load("crisis", directory=phrases))
    crisis.crisis_spans.cache_clear()
    assert parse(message, TUESDAY).crisis is False
    with open(phrases / "crisis.txt", "a", encoding="utf-8") as file:
        file.write("tirer le rideau sur ma vie\n")
    monkeypatch.setattr(crisis, "_CRISIS", load("crisis", directory=phrases))
    crisis.crisis_spans.cache_clear()
    assert parse(message, TUESDAY).crisis is True
    assert parse("Je vais tirer le rideau sur ma boutique.", TUESDAY).crisis is False
    crisis.crisis_spans.cache_clear()


def test_the_phrase_files_are_package_data():
    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["package-data"]["dispatch.parsing"]
    for path in PHRASES.iterdir():
        assert any(fnmatch(f"phrases/{path.name}", pattern) for pattern in patterns), path.name
