"""Flexible: the person says any time suits, or as soon as possible.

Independent of slots ("dès que possible, idéalement demain matin" has both).
Rules match the folded text (see normalize.fold).
"""
from __future__ import annotations

import re

_FLEXIBLE = re.compile(
    "|".join([
        r"\bn'?\s?importe\s+(?:quand|quelle\s+heure|quel\s+moment)",
        r"\ba\s+(?:tout|tt|n'importe\s+quel)\s+moment\b|\ba\s+toute\s+heure\b",
        r"\b(?:quand|qd|qnd|kan)\s+(?:vous|vs|tu)\s+(?:voulez|veux|pouvez|peux|le\s+souhaitez|voudrez|pourrez"
        r"|(?:avez|aurez)\s+(?:le\s+temps|un\s+moment|un\s+instant|une\s+minute)"
        r"|serez\s+(?:dispo|disponible|libre)|etes\s+(?:dispo|disponible|libre))",
        r"\bquand\s+(?:ca|cela)\s+vous\s+(?:arrange|convient)|\ba\s+votre\s+convenance\b",
        r"\bdes\s+que\s+(?:possible|vous\s+(?:pouvez|le\s+pouvez|pourrez|etes\s+dispo|avez\s+un\s+moment))",
        r"\bdes\s+qu'il\s+vous\s+(?:est|sera)\s+possible|\bdqp\b",
        r"(?<!h\s)(?<!h)(?<!\d\s)(?<!\d)\bau\s+(?:plus|\+)\s+(?:vite|tot)\b|\ble\s+plus\s+(?:vite|tot|rapidement)\s+possible\b|\ble\s+plus\s+tot\s+sera",
        r"\bdans\s+les\s+(?:plus\s+)?(?:brefs|meilleurs)\s+delais\b",
        r"\b(?:rappel\w*|appel\w*|contact\w*|joindre|call)(?:[\s-]*(?:moi|me))?\s+(?:tres\s+)?vite\b|\bvite\s+(?:svp|stp|svpl|please|merci)\b",
        r"\b(?:call|ring|phone)\s+(?:me\s+)?(?:right\s+)?(?:now|away)\b|\b(?:appel\w*|rappel\w*)(?:[\s-]*(?:moi|me))?\s+"
        r"(?:maintenant|tout\s+de\s+suite|immediatement|des\s+maintenant)\b|\basap\b|\ba\.s\.a\.p\b|\b(?:rappel|appel|reponse|retour)\s+(?:tres\s+)?rapide\b",
        r"\bany\s?time\b|\bwhenever\b|\bas\s+soon\s+as\s+(?:possible|you\s+can)\b",
        r"\bwhen(?:ever)?\s+(?:you\s+)?(?:can|want|like|are\s+free|have\s+(?:time|a\s+moment))\b",
        r"\bat\s+your\s+(?:earliest\s+)?convenience\b",
        r"\bpeu\s+importe\s+(?:l'heure|le\s+moment|quand|le\s+jour)",
        r"\b(?:dispo|disponible|libre|joignable)s?\s+(?:tout\s+le\s+temps|a\s+tout\s+moment|toute\s+la\s+journee\s+et\s+(?:tous|toute))",
    ])
)
_ROUND_THE_CLOCK = re.compile(
    r"\bh\s?24\b|\b24\s?h?\s?/\s?24\b|\b24\s?h(?:eures)?\s+sur\s+24\b|\b24\s?/\s?7\b|\b7\s?j?\s?/\s?7\b|\b7\s?jours?\s+sur\s+7\b"
)
_AVAILABLE_BEFORE = re.compile(
    r"\b(?:dispo\w*|disponible\w*|joignable|joindre|appel\w*|rappel\w*|contact\w*|libre|available|reach\w*|call\w*)\b[^.!?\n]*$"
)
_RAPIDEMENT = re.compile(r"\b(?:rapidement|quickly|promptly)\b")
_CALLBACK_BEFORE = re.compile(
    r"\b(?:rappel\w*|appel\w*|contact\w*|recontact\w*|joindre|repond\w*|parler|aide[rz]?|besoin|call)\b[^.!?\n]{0,30}$"
)
_POLITE_AFTER = re.compile(r"\s*(?:svp|stp|s'il|si\s+possible|merci|please|pls|!)")


def is_flexible(folded: str) -> bool:
    """True when the folded text says any time suits or as soon as possible."""
    if _FLEXIBLE.search(folded):
        return True
    for match in _ROUND_THE_CLOCK.finditer(folded):
        if _AVAILABLE_BEFORE.search(folded[max(0, match.start() - 40):match.start()]):
            return True  # "joignable 24h/24"; not "je suis seul en cuisine 7j/7"
    for match in _RAPIDEMENT.finditer(folded):
        before = folded[max(0, match.start() - 60):match.start()]
        if _CALLBACK_BEFORE.search(before) or _POLITE_AFTER.match(folded, match.end()):
            return True
    return False
