"""Whether a time mention is one the person gives for a callback.

A mention is void when it is negated ("pas le matin", "sauf lundi"), past
("jeudi dernier", "ce week-end c'était dur"), busy ("le matin je travaille"),
the time of another event ("l'audience est lundi") or a duration ("4h par
nuit"). Looked for in the mention's clause of the folded text.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .timeexpr import Mention

_CLAUSE_END = re.compile(r"[.!?;\n(),]|\b(?:mais|but|donc|so|par\s+contre|en\s+revanche|however|sinon|otherwise)\b")
_FILL = (
    r"le|la|les|l|du|de|des|d|en|au|aux|a|dans|pendant|on|in|at|the|during|je|j|ne|n|suis|serai|sera|dispo|disponibles?"
    r"|libres?|joignable|me|m|moi|appeler|appelez|rappeler|rappelez|call|available|free|am|i|im|ce|cette|cet|this"
    r"|ca|c|svp|stp|pls|please|peux|pourrai|pourrais|trop|vraiment|surtout|est|is|be|are|y|vous|nous|tout|toute|\d{1,2}\s?h\d{0,2}"
)
_NEG_BEFORE = re.compile(
    rf"(?:^|[^\w'])(?:pas|sauf|excepte|except|hors|ni|not|no|jamais|never|impossible|indisponible|occupee?|busy|prise?"
    rf"|travaille|bosse|work|working|non)(?:[^\w]+(?:{_FILL}))*[^\w]*$"
)
_EXCEPT = re.compile(r"[^\w']*(?:sauf|excepte|except|hors)\b")
_PAST_BEFORE = re.compile(
    rf"(?:^|[^\w'])(?:depuis|since|hier|yesterday|last|il\s+y\s+a|avant-hier)(?:[^\w]+(?:{_FILL}))*[^\w]*$"
)
_DURATION_BEFORE = re.compile(
    r"(?:^|[^\w'])(?:il\s+y|pendant|durant|en|dors|dort|dormi|dormir|sleep|slept|sleeping|for|seulement|que|plus\s+de|moins\s+de"
    r"|fait|sous|dans|toutes\s+les|tous\s+les|only|over|bosse|travaille|work)\s*$"
)
_DURATION_AFTER = re.compile(
    r"\s*(?:par\b|/\s?(?:jour|nuit|semaine|j)\b|per\b|a\s+(?:day|night|week)\b|of\s+sleep|de\s+(?:sommeil|route|travail|boulot"
    r"|trajet|retard|plus|moins|queue|attente|decalage|train|voiture)\b|d'\s?(?:affilee|attente)|ago\b|max\b|maximum|minimum"
    r"|chaque\b|tous\s+les|toutes\s+les|every\b|de\s+suite|sur\s+\d|hours?\b|heures?\s+de|d'\s?ici\b|de\s+chez\b)"
)
_POST_FILL = r"je|j|ne|n|c|ce|ca|i|im|it|its|s|is|am|est|suis|on|y|la|le|l|me|m|moi|perso|personnellement"
_VOID_AFTER = re.compile(
    rf"^(?:[^\w]+(?:{_POST_FILL})(?![a-z0-9]))*[^\w]*(?:pas\b(?!\s+(?:avant|apres|trop))|non\b|impossible|indisponible|occupee?|prise?\b|busy"
    r"|travaille|bosse|work\b|working|not\b|can'?t|cannot|doesn'?t|won'?t|peux\s+pas|peut\s+pas|pourrai\s+pas|suis\s+pas"
    r"|c'?\s?est\s+(?:pas|mort|complique)|ca\s+(?:va\s+)?pas|j'\s?ai\b|ai\b|avais|avait|etait|etais|c'?\s?etait|a\s+ete|ont\s+ete"
    r"|was\b|were\b|had\b|dernier|derniere|passee?\b|ago\b|au\s+tribunal|en\s+(?:reunion|rdv|rendez-vous|deplacement|vacances|conges?)"
    r"|au\s+(?:travail|boulot))"
)
_EVENT = re.compile(
    r"\b(?:audiences?|tribunal|convoca\w*|convoque\w*|jugement|reunions?|hearing|meeting|appointment|echeances?|livraison"
    r"|inventaire|hopital|operation|enterrement|obseques|mariage|vacances|conges?|expertise|huissier|controleur|controle|\bpasse\b"
    r"|(?:j'\s?)?(?:ouvre|ferme|commence|finis|termine|debauche|embauche|rentre|quitte|sors)\b"
    r"|\b(?:au|en)\s+(?:travail|boulot|chantier|clientele|tournee|service|cuisine|deplacement|livraison)\b"
    r"|\bsur\s+(?:un|le|les|mes)\s+chantiers?\b"
    r"|(?:j'\s?ai|ai|un|mon|ma|notre|j'\s?avais)\s+(?:un\s+)?(?:rdv|rendez-vous)"
    r"|(?:rdv|rendez-vous)\s+(?:avec|chez|au|aux|a\s+la|a\s+l'|at|with)\s+(?!vous|moi|toi|nous))"
)
_CALLBACK = re.compile(
    r"\b(?:dispo\w*|disponible\w*|rappel\w*|appel\w*|joign\w*|joindre|libres?|call\w*|available|free|contact\w*|rdv\s+tel\w*)\b"
)
def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    head = 0
    for match in _CLAUSE_END.finditer(text, max(0, start - 120), start):
        head = match.end()
    tail = _CLAUSE_END.search(text, end)
    return head, tail.start() if tail else len(text)


def check_context(text: str, mention: Mention) -> None:
    """Mark the mention void when negated, past, busy, another event or a duration."""
    head, tail = _clause_bounds(text, mention.start, mention.end)
    before, after = text[head:mention.start], text[mention.end:tail]
    negation = _NEG_BEFORE.search(before)
    if negation:
        mention.void = True
        mention.negated = True
        mention.excepted = bool(_EXCEPT.match(negation.group()))
    elif _PAST_BEFORE.search(before) or _VOID_AFTER.match(after):
        mention.void = True
    elif mention.win and mention.win.kind in ("clock", "range") and (
        _DURATION_BEFORE.search(before) or _DURATION_AFTER.match(text, mention.end)
    ):
        mention.void = True
    else:
        events = list(_EVENT.finditer(before))
        if events and not _CALLBACK.search(before, events[-1].end()):
            mention.void = True
