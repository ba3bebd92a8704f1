"""Looking for many phrases at once (see phrasebook.py for what a phrase is).

A `PhraseList` indexes its phrases by their first word. To read a text it looks each of its words
up in that index once; where phrases may begin, it tries one regular expression holding all the
phrases that begin with that word (their common beginnings shared, as in a trie). A list of
hundreds of phrases thus costs a few dictionary look-ups per word of the SMS, and nothing has to
be compiled at start-up: each of those small expressions is compiled the first time it is needed.

Texts are read through `view(folded)`: the folded text with apostrophes as spaces and ellipses
as commas, the same length, so that positions found in it are positions in the folded text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .phrasebook import (
    PHRASES,
    Boundary,
    Choice,
    Gap,
    Item,
    OptionalWords,
    Phrase,
    Word,
    read_file,
)

# Between two words: spaces, commas (ellipses are commas in the view), hyphens ("rappelez-moi").
SEP = r"[\s,-]+"
END = r"\s*(?:[.,;!?\n\u00bb\u201d\"]|$)"  # a closing quote ends what it quotes ("« pour le jour où »")
_CLAUSE_MARKS = ".,;!?\n"
_TOKEN = re.compile(r"\w+")
_ELLIPSIS = re.compile(r"\.{2,}")
_APOSTROPHE = str.maketrans("'", " ")
_NUMBER = re.compile(r"<nn?>")
_JOINERS = re.compile(r"['.-]")
# An article or pronoun elided and glued to the next word when the apostrophe is left out.
_ELIDED = re.compile(r"qu|[cdjlmnst]")
# What the marks of a spelling stand for (see phrasebook.py).
_MARKS = {"*": r"\w*", "'": r"\s?", "-": r"[\s-]?", ".": r"\.?", "/": r"\s?/\s?", "+": r"\+"}


@lru_cache(maxsize=64)
def view(folded: str) -> str:
    """The folded text as phrases read it: apostrophes as spaces, ellipses as commas."""
    text = folded.translate(_APOSTROPHE)
    if ".." in text:
        text = _ELLIPSIS.sub(lambda m: "," + " " * (len(m.group()) - 1), text)
    return text


@lru_cache(maxsize=64)
def tokens(text: str) -> tuple[tuple[int, str], ...]:
    """(position, word) of each word of the text."""
    return tuple((m.start(), m.group()) for m in _TOKEN.finditer(text))


@dataclass(frozen=True)
class Hit:
    """Where a phrase of list `tag` was found; `gaps` are the spans its '...' stood for."""

    start: int
    end: int
    tag: str
    gaps: tuple[tuple[int, int], ...] = ()

    def cancelled_by(self, other: Hit) -> bool:
        """True when `other`, an exception, changes what this hit means: it goes on after it
        ("envie de mourir" + "mourir de rire"), it holds all of its end from before it ("me tuer"
        in "va me tuer"), or it reaches into one of its gaps ("la mort de" in "la mort ... issue").
        An exception inside a longer hit does not ("va me tuer" in "il va me tuer"), nor one
        that ends on its first words ("me scarifier en" before "en finir")."""
        if other.start >= self.end or other.end <= self.start:
            return False
        if other.end > self.end or (other.end == self.end and other.start < self.start):
            return True
        return any(a < other.end and other.start < b for a, b in self.gaps)


class PhraseList:
    """Phrases, indexed by their first word; `matches(text)` finds them all."""

    def __init__(self, phrases: Iterable[Phrase]):
        self.phrases = list(phrases)
        groups: dict[tuple[str, Item, bool], _Group] = {}
        for phrase in self.phrases:
            for first, rest, at_start in _beginnings(phrase.items):
                key = (phrase.tag, first, at_start)
                if key not in groups:
                    groups[key] = _Group(phrase.tag, first, at_start)
                groups[key].add(rest)
        self._groups = list(groups.values())
        self._exact: dict[str, list[int]] = {}
        self._prefixes: list[tuple[str, int]] = []
        self._numbers: list[int] = []
        for index, group in enumerate(self._groups):
            for kind, word in group.keys():
                if kind == "exact":
                    self._exact.setdefault(word, []).append(index)
                elif kind == "prefix":
                    self._prefixes.append((word, index))
                else:
                    self._numbers.append(index)
        self._cache: dict[str, tuple[int, ...]] = {}
        self._recent: dict[str, list[Hit]] = {}

    def matches(self, text: str) -> list[Hit]:
        """Where phrases begin in `text` (a view): at each word, the longest phrase of each list.
        The last texts' answers are kept: crisis, topics and context ask about the same SMS."""
        found = self._recent.get(text)
        if found is None:
            if len(self._recent) >= 32:
                self._recent.clear()
            found = self._recent[text] = self._find(text)
        return found

    def _find(self, text: str) -> list[Hit]:
        found: list[Hit] = []
        known = self._cache
        for position, word in tokens(text):
            groups = known.get(word)
            if groups is None:
                groups = self._groups_for(word)
            if not groups:
                continue
            longest: dict[str, Hit] = {}
            for index in groups:
                hit = self._groups[index].match(text, position)
                if hit is not None and (hit.tag not in longest or hit.end > longest[hit.tag].end):
                    longest[hit.tag] = hit
            found.extend(longest.values())
        return found

    def hits(self, text: str, exceptions: PhraseList | None = None) -> Iterator[Hit]:
        """The phrases found in `text` (a view) that no exception cancels, in order."""
        found = self.matches(text)
        if not found:
            return
        cancels = exceptions.matches(text) if exceptions else []
        for hit in found:
            if not any(hit.cancelled_by(c) for c in cancels):
                yield hit

    def explain(self, text: str) -> list[Phrase]:
        """The phrases found in `text` (a view), one by one: slow, for people, not for parsing."""
        return [p for p in self.phrases if PhraseList([p]).matches(text)]

    def _groups_for(self, word: str) -> tuple[int, ...]:
        """The groups whose phrases may begin with `word`, or with what follows an elided
        article or pronoun glued to it ("lurssaf", "dimpots", "jai")."""
        cached = self._cache.get(word)
        if cached is None:
            found = self._beginning(word)
            elided = _ELIDED.match(word)
            if elided and len(word) - elided.end() >= 3:  # not "tlj" for "lj"
                found += self._beginning(word[elided.end():])
            cached = tuple(dict.fromkeys(found))
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[word] = cached
        return cached

    def _beginning(self, word: str) -> list[int]:
        found = list(self._exact.get(word, ()))
        found += [index for prefix, index in self._prefixes if word.startswith(prefix)]
        if word[0].isdigit():
            found += self._numbers
        return found


def load(*names: str, directory: Path = PHRASES) -> PhraseList:
    """The phrases of `phrases/<name>.txt` for each name, each tagged with its file's name."""
    return PhraseList(phrase for name in names for phrase in read_file(name, directory))


# Regular expressions of the phrases that begin with one word ---------------------------------


@dataclass
class _Node:
    """A trie of regular expression steps: phrases that begin alike share their beginning."""

    children: dict[str, _Node] = field(default_factory=dict)
    ends: bool = False

    def add(self, steps: list[str]) -> None:
        node = self
        for step in steps:
            node = node.children.setdefault(step, _Node())
        node.ends = True

    def regex(self) -> str:
        ordered = sorted(self.children.items(), key=lambda kv: -kv[1].depth())
        branches = [step + child.regex() for step, child in ordered]
        if self.ends:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    def depth(self) -> int:
        return 1 + max((child.depth() for child in self.children.values()), default=0)


class _Group:
    """The phrases of one list that begin with the same word, as one regular expression."""

    def __init__(self, tag: str, first: Word, at_start: bool):
        self.tag = tag
        self.first = first
        self.at_start = at_start  # the phrase begins a sentence or clause (". adieu .")
        self.rests: list[tuple[Item, ...]] = []
        self._regex: re.Pattern[str] | None = None

    def add(self, rest: tuple[Item, ...]) -> None:
        self.rests.append(rest)

    def compile(self) -> re.Pattern[str]:
        trie = _Node()
        for rest in self.rests:
            trie.add(_steps(rest))
        return re.compile(f"(?:{_ELIDED.pattern})?" + _word(self.first) + trie.regex())

    def keys(self) -> Iterator[tuple[str, str]]:
        """("exact" | "prefix" | "number", key) of the words a phrase of the group begins with."""
        for spelling in self.first.spellings:
            parts = _JOINERS.split(spelling)
            for form in dict.fromkeys([parts[0], "".join(parts)]):
                cut = min([i for i in (form.find("*"), form.find("<")) if i >= 0], default=-1)
                if cut == 0:
                    yield "number", ""
                elif cut > 0:
                    yield "prefix", form[:cut]
                else:
                    yield "exact", form

    def match(self, text: str, position: int) -> Hit | None:
        if self._regex is None:
            self._regex = self.compile()
        found = self._regex.match(text, position)
        if found is None or (self.at_start and not _starts_clause(text, position)):
            return None
        gaps = tuple(span for span in found.regs[1:] if span[1] > span[0])
        return Hit(position, found.end(), self.tag, gaps)


def _starts_clause(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in _CLAUSE_MARKS


def _beginnings(items: tuple[Item, ...]) -> Iterator[tuple[Word, tuple[Item, ...], bool]]:
    """(first word, the items after it, whether a clause starts there) of each way a phrase
    can begin: optional first words both taken and left out."""
    first, rest = items[0], items[1:]
    if isinstance(first, OptionalWords):
        yield from _beginnings(first.items + rest)
        yield from _beginnings(rest)
    elif isinstance(first, Choice):
        for option in first.options:
            yield from _beginnings(option + rest)
    elif isinstance(first, Boundary):
        for word, after, _ in _beginnings(rest):
            yield word, after, True
    elif isinstance(first, Word):
        yield first, rest, False


class Syntax(NamedTuple):
    """How phrases read a text: what stands between words, for an apostrophe, after a phrase."""

    sep: str
    apostrophe: str
    end: str


# The view of matches() (apostrophes are spaces there), and folded text itself, where only
# spaces (and an apostrophe) stand between the words of a time expression (timegrammar.py).
VIEW = Syntax(SEP, r"\s?", r"\b")
FOLDED = Syntax(r"[\s']+", r"'?\s?", r"(?![a-z])")


def pattern(phrases: Iterable[Phrase], syntax: Syntax = FOLDED) -> str:
    """One regular expression for all `phrases`, their common beginnings shared, the longest
    tried first; for a larger expression (the time scanner reads parts of the day so)."""
    trie = _Node()
    for phrase in phrases:
        for first, rest, _ in _beginnings(phrase.items):
            trie.add([_word(first, syntax)] + _steps(rest, syntax))
    return trie.regex()


def _steps(items: tuple[Item, ...], syntax: Syntax = VIEW) -> list[str]:
    """The regular expression of the items after a phrase's first word, one step per item."""
    sep = syntax.sep
    steps = []
    after_word = True
    for item in items:
        if isinstance(item, Gap):
            steps.append(rf"\b([^.!?\n]{{0,{item.size}}})\b")  # captured: see Hit.gaps
            after_word = False
        elif isinstance(item, Boundary):
            steps.append(END)
            after_word = False
        elif isinstance(item, OptionalWords):
            words = "".join(sep + _word(w, syntax) for w in item.items)
            steps.append(f"(?:{words})?" if after_word else f"(?:{words[len(sep):]}{sep})?")
        elif isinstance(item, Choice):
            options = ["".join(sep + _word(w, syntax) for w in option) for option in item.options]
            if not after_word:
                options = [option[len(sep):] for option in options]
            steps.append("(?:" + "|".join(sorted(options, key=len, reverse=True)) + ")")
            after_word = True
        else:
            steps.append((sep if after_word else "") + _word(item, syntax))
            after_word = True
    if after_word:
        steps.append(syntax.end)
    return steps


def _word(word: Word, syntax: Syntax = VIEW) -> str:
    spellings = sorted({_spelling(s, syntax) for s in word.spellings}, key=len, reverse=True)
    return spellings[0] if len(spellings) == 1 else "(?:" + "|".join(spellings) + ")"


def _spelling(spelling: str, syntax: Syntax = VIEW) -> str:
    """A folded spelling as a regular expression."""
    if spelling == "*":
        return r"\w+"
    spelling = spelling.rstrip("'")
    out: list[str] = []
    position = 0
    while position < len(spelling):
        number = _NUMBER.match(spelling, position)
        if number:
            position = number.end()
            atom = r"\d+" if number.group() == "<n>" else r"\d{2,}"
            followed = position < len(spelling) and spelling[position].isalpha()
            out.append(atom + (r"\s*" if followed else ""))
            continue
        char = spelling[position]
        mark = syntax.apostrophe if char == "'" else _MARKS.get(char)
        out.append(mark or re.escape(char))
        position += 1
    return "".join(out)
