"""SMS spellings read as the words they stand for, for the crisis phrases only.

"jveux mourir", "je v me tuer", "chui au bout", "jai pu envie de vivre", "mourirrr": the crisis
phrases are written in full words, and `respell` gives a copy of the folded text in which these
spellings are read as words. The copy is not the same length as the text, so it is only used to
decide whether there is a crisis, never to point at where.
"""
from __future__ import annotations

import re

# Applied in order: a later rule may read what an earlier one wrote ("jveu", "je veu", "je veux").
_RULES = [
    (re.compile(r"([a-z])\1{2,}"), r"\1"),  # "mourirrr", "nonnn"
    (re.compile(r"\bj(?=(?:ai|en)\b)"), "j'"),  # "jai", "jen"
    (re.compile(
        r"\bj(?=(?:veu[xt]?|vai[sx]?|v|pense|pens|voudrai[st]?|sui[sx]?|me|ne|peux|peu|sais|compte"
        r"|prefere|songe|aimerai[st]?|m'|t'|l')(?![a-z]))"), "je "),  # "jveux", "jme", "jsuis"
    (re.compile(r"\bje\s+(?:v|vai)\b"), "je vais"),
    (re.compile(r"\bke\b"), "que"),
    (re.compile(r"\btt\b"), "tout"),
    (re.compile(r"\bts\b(?!\s+(?:en\s+\d|\d))"), "tous"),  # not "TS en 2019": a suicide attempt
    (re.compile(r"\bds\b"), "dans"),
    (re.compile(r"\bpr\b"), "pour"),
    (re.compile(r"\bplu\b"), "plus"),
    (re.compile(r"\bmm\b"), "meme"),
    (re.compile(r"\bd\s(?=[a-z])"), "de "),  # "envie d mourir"
    (re.compile(r"\bmourr?ire?s?\b"), "mourir"),
    (re.compile(r"\bpu\b"), "plus"),
    (re.compile(r"\bpa\b"), "pas"),
    (re.compile(r"\b(?:chui|chuis|jsuis|jsui|chu)\b"), "je suis"),
    (re.compile(r"\bveu\b"), "veux"),
]
# A text that none of the rules matches is left as it is (most messages).
_ANY = re.compile("|".join(rule.pattern for rule, _ in _RULES))


def respell(folded: str) -> str:
    """The folded text with SMS spellings read as words ("jveux" as "je veux")."""
    if not _ANY.search(folded):
        return folded
    for rule, replacement in _RULES:
        folded = rule.sub(replacement, folded)
    return folded
