"""Text normalisation: one folded copy of the SMS that every rule matches on.

`fold` lower-cases, strips accents, and unifies apostrophes, dashes and
spaces, so that rules are written once ("apres-midi" matches "Après‑midi",
"APRES MIDI" and "aprés-midi"). It also keeps, for every folded character,
the index of the original character it came from, so that a span found in the
folded text can be read back in the original (names keep their accents and
letter case).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = "\u2019\u2018\u02bc\u00b4`\u2032\u02b9"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_SPECIAL = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}

WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Folded:
    """The folded text and, per folded character, its index in the original."""

    text: str
    index: tuple[int, ...]


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    if char == "\n" or char == "\r":
        return "\n"
    if char.isspace():
        return " "
    low = char.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    if char.isascii():
        return low
    if unicodedata.category(char) in ("Cf", "Cc", "Cs", "Co", "Cn"):
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base if base.isascii() or len(base) == 1 else low


# Each ASCII character folds to one character: a table does them all at once.
_ASCII = {code: _fold_char(chr(code)) for code in range(128)}


def fold(text: str) -> Folded:
    """Fold `text` (see the module docstring); never raises."""
    if text.isascii():
        return Folded(text.translate(_ASCII), tuple(range(len(text))))
    parts = [_fold_char(c) for c in text]
    folded = "".join(parts)
    if len(folded) == len(text) and "" not in parts:  # each character folded to one
        return Folded(folded, tuple(range(len(text))))
    index: list[int] = []
    for i, part in enumerate(parts):
        index.extend([i] * len(part))
    return Folded(folded, tuple(index))


def fold_plain(text: str) -> str:
    """The folded text alone, for matching words against word lists."""
    if text.isascii():
        return text.translate(_ASCII)
    return "".join([_fold_char(c) for c in text])


def words(folded: str) -> list[str]:
    """The words (letters and digits) of folded text, in order."""
    return WORD.findall(folded)
