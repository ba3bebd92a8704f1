"""SMS spellings read as the words they stand for, for the crisis phrases only.

"jveux mourir", "je v me tuer", "chui au bout", "jai pu envie de vivre", "mourirrr": the crisis
phrases are written in full words, and `respell` gives a copy of the folded text in which these
spellings are read as words: the word-for-word ones are listed in phrases/sms.txt, the rules
below read the others. The copy is not the same length as the text, so it is only used to decide
whether there is a crisis, never to point at where.
"""
from __future__ import annotations

import re

from .phrasebook import read_lines

# Applied in order, then the words of sms.txt: a later rule may read what an earlier one wrote
# ("jveu", "je veu", "je veux").
_RULES = [
    (re.compile(r"([a-z])\1{2,}"), r"\1"),  # "mourirrr", "nonnn"
    (re.compile(r"\bj(?=(?:ai|en)\b)"), "j'"),  # "jai", "jen"
    (re.compile(
        r"\bj(?=(?:veu[xt]?|vai[sx]?|v|pense|pens|voudrai[st]?|sui[sx]?|me|ne|peux|peu|sais"
        r"|compte|prefere|songe|aimerai[st]?|m'|t'|l')(?![a-z]))"), "je "),  # "jveux", "jsuis"
    (re.compile(r"\bje\s+(?:v|vai)\b"), "je vais"),
    (re.compile(r"\bts\b(?!\s+(?:en\s+\d|\d))"), "tous"),  # not "TS en 2019": a suicide attempt
    (re.compile(r"\bd\s(?=[a-z])"), "de "),  # "envie d mourir"
]
_WORDS = {spelling: line.split("=")[0].strip()
          for line in read_lines("sms") for spelling in line.split("=")[1].split()}
_WORD = re.compile(r"\b(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b")
# A text that none of the rules matches is left as it is (most messages).
_ANY = re.compile("|".join([rule.pattern for rule, _ in _RULES] + [_WORD.pattern]))


def respell(folded: str) -> str:
    """The folded text with SMS spellings read as words ("jveux" as "je veux")."""
    if not _ANY.search(folded):
        return folded
    for rule, replacement in _RULES:
        folded = rule.sub(replacement, folded)
    return _WORD.sub(lambda m: _WORDS[m.group()], folded)
