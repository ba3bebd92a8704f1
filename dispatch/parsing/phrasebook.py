"""Phrase files: plain text lists of phrases, one a line, read into `Phrase`s.

The files live in `phrases/` beside this module; `phrases/README.md` is the guide for the
people who edit them. A phrase is matched on the folded text of the SMS (lower case, no
accents: see normalize.fold), whole words only, with a tiny syntax:

    word        a whole word ("vie" is not found in "envie")
    a|b         one word or the other
    [a b]       optional words ("je [ne] veux plus vivre")
    (a b|c)     one group of words or another ("(j'ai|on a) fermé")
    word*       any ending ("suicid*": suicide, suicidaire, se suicider); "*" alone: any word
    ...         a few words in between, in the same sentence (30 characters; "...50": 50)
    .           the end of a sentence or clause (or, first on a line, its start)
    <n> <nn>    a number; a number of two digits or more ("<nn> comprimés")
    {name}      one of the words of the list defined above by "{name} = word word ..."
                (and "{name} += more words" on the next lines)
    # ...       a comment
    == name ==  the phrases below belong to section `name` (parts_of_day.txt: their hours)

An apostrophe may be written or not and followed by a space or not ("l'air" finds "lair" and
"l air"); a hyphen may be a space or nothing ("week-end"). Commas and ellipses may stand
between the words of a phrase. matcher.py turns the phrases into something fast to look for.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .normalize import fold_plain

PHRASES = Path(__file__).with_name("phrases")
DEFAULT_GAP = 30

_WORD_CHARS = re.compile(r"(?:[a-z0-9'*/.+-]|<nn?>)+")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'*/.+-")  # most words: no regex needed
_DEFINITION = re.compile(r"\{(\w+)\}\s*(\+?=)(.*)")
_GAP = re.compile(r"\.\.\.(\d*)")
_COMMENT = re.compile(r"(?:^|\s)#")
_SECTION = re.compile(r"==\s*(.+?)\s*==")


class PhraseError(ValueError):
    """A line of a phrase file that cannot be read, with its file and line number."""


@dataclass(frozen=True)
class Word:
    """One word, or one of a few ("veux|voudrais"), folded; may hold * <n> <nn> ' -."""

    spellings: tuple[str, ...]


@dataclass(frozen=True)
class OptionalWords:
    """Words that may be missing ("[ne]")."""

    items: tuple[Word, ...]


@dataclass(frozen=True)
class Choice:
    """One group of words or another ("(j'ai|on a)")."""

    options: tuple[tuple[Word, ...], ...]


@dataclass(frozen=True)
class Gap:
    """A few words in between, within a sentence: at most `size` characters."""

    size: int


@dataclass(frozen=True)
class Boundary:
    """The end of a sentence or clause (or its start, first on a line)."""


Item = Word | OptionalWords | Choice | Gap | Boundary


@dataclass(frozen=True)
class Phrase:
    """One line of a phrase file: its items, its text, where it was read, its list's name."""

    items: tuple[Item, ...]
    source: str
    where: str
    tag: str = ""


def read_file(name: str, directory: Path = PHRASES) -> list[Phrase]:
    """The phrases of `directory/<name>.txt`, tagged `name`; PhraseError on a bad line."""
    path = directory / f"{name}.txt"
    return read_phrases(path.read_text(encoding="utf-8").splitlines(), path.name, name)


def read_lines(name: str, directory: Path = PHRASES) -> list[str]:
    """The lines of `directory/<name>.txt` as written (letter case kept), comments and blank
    lines set aside: for the lists that are not phrases (civilities.txt)."""
    text = (directory / f"{name}.txt").read_text(encoding="utf-8")
    lines = (_COMMENT.split(line, 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def read_words(name: str, directory: Path = PHRASES) -> dict[str, frozenset[str]]:
    """The words of each section ("== name ==") of `directory/<name>.txt`, folded."""
    words: dict[str, set[str]] = {}
    section = name
    for line in read_lines(name, directory):
        heading = _SECTION.fullmatch(line)
        if heading:
            section = heading.group(1)
        else:
            words.setdefault(section, set()).update(fold_plain(line).split())
    return {key: frozenset(value) for key, value in words.items()}


def read_phrases(lines: Iterable[str], where: str = "<phrases>", tag: str = "") -> list[Phrase]:
    """The phrases of a file's lines (comments, blank lines and definitions set aside), tagged
    `tag`, or the name of the section they are in ("== name ==")."""
    lists: dict[str, tuple[str, ...]] = {}
    out = []
    for number, raw in enumerate(lines, 1):
        comment = _COMMENT.search(raw)
        written = (raw[:comment.start()] if comment else raw).strip()
        line = fold_plain(written)
        if not line:
            continue
        here = f"{where}:{number}"
        definition = _DEFINITION.fullmatch(line)
        section = _SECTION.fullmatch(line)
        if definition:  # "{name} = word word", "{name} += more words"
            name, sign, words = definition.groups()
            known = lists.get(name, ()) if sign == "+=" else ()
            lists[name] = known + tuple(_spelling(w, here) for w in words.split())
            continue
        if section:
            tag = section.group(1)
            continue
        items = _items(_tokens(line, here), lists, here)
        _check(items, here)
        out.append(Phrase(tuple(items), written, here, tag))
    return out


def _tokens(line: str, here: str) -> list[str]:
    """Whitespace-separated tokens, "[...]" and "(...)" kept whole."""
    tokens: list[str] = []
    for match in re.finditer(r"\[[^\]]*\]?|\([^)]*\)?|[^\s\[(]+", line):
        token = match.group()
        if token[0] in "[(" and token[-1] != {"[": "]", "(": ")"}[token[0]]:
            raise PhraseError(f"{here}: {token[0]!r} is not closed")
        tokens.append(token)
    return tokens


def _items(tokens: list[str], lists: dict[str, tuple[str, ...]], here: str) -> list[Item]:
    items: list[Item] = []
    for token in tokens:
        gap = _GAP.fullmatch(token) if token.startswith("...") else None
        if token.startswith("["):
            inner = _items(_tokens(token[1:-1], here), lists, here)
            words = tuple(i for i in inner if isinstance(i, Word))
            if not inner or len(words) < len(inner):
                raise PhraseError(f"{here}: only words go between '[' and ']': {token}")
            items.append(OptionalWords(words))
        elif token.startswith("("):
            options = token[1:-1].split("|")
            items.append(Choice(tuple(_words(option, lists, here) for option in options)))
        elif gap:
            items.append(Gap(int(gap.group(1) or DEFAULT_GAP)))
        elif token == ".":
            items.append(Boundary())
        else:
            items.append(Word(_alternatives(token, lists, here)))
    return items


def _words(option: str, lists: dict[str, tuple[str, ...]], here: str) -> tuple[Word, ...]:
    words = tuple(Word(_alternatives(w, lists, here)) for w in option.split())
    if not words:
        raise PhraseError(f"{here}: an empty choice in '(...)'")
    return words


def _alternatives(token: str, lists: dict[str, tuple[str, ...]], here: str) -> tuple[str, ...]:
    if "|" not in token and "{" not in token:
        return (_spelling(token, here),)
    out: list[str] = []
    for part in token.split("|"):
        if part.startswith("{") and part.endswith("}"):
            if part[1:-1] not in lists:
                raise PhraseError(f"{here}: {part} is not defined above this line")
            out.extend(lists[part[1:-1]])
        else:
            out.append(_spelling(part, here))
    return tuple(dict.fromkeys(out))


def _spelling(word: str, here: str) -> str:
    if not word or not (_PLAIN.issuperset(word) or _WORD_CHARS.fullmatch(word)):
        raise PhraseError(f"{here}: {word!r} is not a word (letters, digits, ' - . / + * <n>)")
    return word


def _check(items: list[Item], here: str) -> None:
    if not any(isinstance(i, (Word, Choice)) for i in items):
        raise PhraseError(f"{here}: a phrase needs at least one word")
    for i, item in enumerate(items):
        if isinstance(item, Gap) and (i == 0 or i == len(items) - 1):
            raise PhraseError(f"{here}: '...' goes between words")
        if isinstance(item, Boundary) and 0 < i < len(items) - 1:
            raise PhraseError(f"{here}: '.' goes first or last")
        if isinstance(item, Word) and i == 0 and any(s.startswith(("*", "'", "-")) for s in
                                                     item.spellings):
            raise PhraseError(f"{here}: a phrase begins with a word, not with '*'")
