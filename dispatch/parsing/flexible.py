"""Flexible: the person says any time suits, or as soon as possible.

Independent of slots ("dès que possible, idéalement demain matin" has both). The phrases are in
phrases/flexible.txt; "24h/24" and "rapidement" count only in context (rules below). Rules match
the folded text (see normalize.fold).
"""
from __future__ import annotations

import re

from .matcher import load, view

_FLEXIBLE = load("flexible")
_NOT_FLEXIBLE = load("not_flexible")
_ROUND_THE_CLOCK = re.compile(
    r"\bh\s?24\b|\b24\s?h?\s?/\s?24\b|\b24\s?h(?:eures)?\s+sur\s+24\b|\b24\s?/\s?7\b"
    r"|\b7\s?j?\s?/\s?7\b|\b7\s?jours?\s+sur\s+7\b"
)
_AVAILABLE_BEFORE = re.compile(
    r"\b(?:dispo\w*|disponible\w*|joignable|joindre|appel\w*|rappel\w*|contact\w*|libre|available"
    r"|reach\w*|call\w*)\b[^.!?\n]*$"
)
_RAPIDEMENT = re.compile(r"\b(?:rapidement|quickly|promptly)\b")
_CALLBACK_BEFORE = re.compile(
    r"\b(?:rappel\w*|appel\w*|contact\w*|recontact\w*|joindre|repond\w*|parler|aide[rz]?|besoin"
    r"|call)\b[^.!?\n]{0,30}$"
)
_POLITE_AFTER = re.compile(r"\s*(?:svp|stp|s'il|si\s+possible|merci|please|pls|!)")


def is_flexible(folded: str) -> bool:
    """True when the folded text says any time suits or as soon as possible."""
    if next(_FLEXIBLE.hits(view(folded), _NOT_FLEXIBLE), None) is not None:
        return True
    for match in _ROUND_THE_CLOCK.finditer(folded):
        if _AVAILABLE_BEFORE.search(folded[max(0, match.start() - 40):match.start()]):
            return True  # "joignable 24h/24"; not "je suis seul en cuisine 7j/7"
    for match in _RAPIDEMENT.finditer(folded):
        before = folded[max(0, match.start() - 60):match.start()]
        if _CALLBACK_BEFORE.search(before) or _POLITE_AFTER.match(folded, match.end()):
            return True
    return False
