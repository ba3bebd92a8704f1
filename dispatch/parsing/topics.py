"""Topic: the category of the first need the person states.

Each category has its words (phrases/topic_<category>.txt); the topic is the category of the
earliest one in the text, once words used as background ("la boulangerie de famille"), in a
negation ("pas de souci de trésorerie") or in another sense ("prêt à tout", "en charge de":
phrases/not_topic.txt) are set aside. General distress and crisis words state no need. `rebond`
is what comes after a closure: a closure told or decided (phrases/closure.txt: "j'ai fermé ma
boîte") counts as its first mention when the person also speaks of what comes next, and is the
topic when nothing else is stated.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .crisis import crisis_words
from .matcher import Hit, load, view

TOPICS = ("equilibre", "financier", "juridique", "social", "administratif", "rebond")
_ENGLISH = ("juridique_en", "social_en")  # words read only in English ("court", "fire", "team")
_TAGS = tuple(f"topic_{name}" for name in TOPICS + _ENGLISH)
_RANK = {tag: rank for rank, tag in enumerate(_TAGS)}
_WORDS = load(*(tag for tag in _TAGS))
_NOT_TOPIC = load("not_topic")
_CLOSURE = load("closure")

# After a closure, "je ne sais pas quoi faire maintenant" asks what comes next.
_WHAT_NEXT = re.compile(
    r"\b(?:quoi|que)\s+faire\s+(?:maintenant|apres|ensuite|de\s+ma\s+vie|desormais)"
    r"|\bet\s+maintenant\s*\?|\bwhat\s+(?:to\s+do\s+)?(?:now|next)\b"
)


def topic(folded: str, language: str = "fr") -> str | None:
    """The category of the first need stated in the folded text, or None."""
    text = view(folded)
    found = list(_WORDS.hits(text, _NOT_TOPIC))
    firsts = _first_needs(folded, found, english=language == "en")
    closure = _closure(folded)
    best = min(firsts, key=lambda hit: (hit.start, _RANK[hit.tag]), default=None)
    if closure is None:
        return _name(best)
    if best is None:
        return "rebond"
    next_step = (any(hit.tag == "topic_rebond" for hit in found)
                 or _WHAT_NEXT.search(folded, closure.end))
    if next_step and closure.start <= best.start:
        return "rebond"
    return _name(best)


# "elle a fermé la boutique depuis 10 jours", "fermée depuis une semaine": shut for a while, not
# a business closed
_FOR_A_WHILE = re.compile(
    r"[^.!?;\n]{0,30}?\b(?:depuis|pour|pendant)\s+(?:\d+|un|une|deux|trois|quatre|cinq|six|huit|dix"
    r"|quinze|quelques)\s+(?:jours?|semaines?)\b|[^.!?;\n]{0,30}?\bdepuis\s+(?:hier|avant-hier|lundi"
    r"|mardi|mercredi|jeudi|vendredi|samedi|dimanche|ce\s+matin)\b"
)


def _closure(folded: str) -> Hit | None:
    """The first closure told or decided, not a shop shut for a few days."""
    return next((hit for hit in _CLOSURE.hits(view(folded))
                 if not _FOR_A_WHILE.match(folded, hit.end)), None)


def _name(hit: Hit | None) -> str | None:
    return hit.tag.removeprefix("topic_").removesuffix("_en") if hit else None


def _first_needs(folded: str, found: list[Hit], english: bool) -> list[Hit]:
    """For each category, its first word in the text that is not set aside."""
    firsts: dict[str, Hit] = {}
    read_up_to: dict[str, int] = {}
    for hit in found:
        if hit.tag in firsts or hit.start < read_up_to.get(hit.tag, 0):
            continue
        if hit.tag.endswith("_en") and not english:
            continue
        read_up_to[hit.tag] = hit.end
        if not _set_aside(folded, hit, found):
            firsts[hit.tag] = hit
    return list(firsts.values())


# Why a topic word may state no need -----------------------------------------------------------

_NEGATED = re.compile(
    r"\b(?:pas|aucun|no|not\s+a)\s+(?:de\s+|d'|vrai\s+)?(?:souci|probleme|problem|issue"
    r"|difficulte)s?\s+(?:de\s+|d'|avec\s+(?:\w+\s+)?|cote\s+|with\s+(?:\w+\s+)?|of\s+)?$"
    # "tout va bien niveau finances", "ça va côté moral", "no problem with cash flow"
    r"|\b(?:(?:tout\s+)?va\s+bien|ca\s+va|ca\s+roule|rien\s+a\s+signaler|r\.?a\.?s|(?:c'\s?est\s+)?ok"
    r"|(?:is|are|all)\s+(?:fine|ok|good))\s+(?:niveau|cote|question|au\s+niveau\s+(?:du|de\s+la|de\s+l'|des)"
    r"|pour\s+(?:le|la|les|l')|(?:with|for)\s+(?:the\s+|my\s+)?)\s*$"
)
# "cabinet d'avocats", "agence de recrutement": what the business is, not a need.
_TRADE = re.compile(
    r"\b(?:cabinet|agence|societe|entreprise|boite|bureau|magasin|boutique|metier|secteur"
    r"|conseiller|consultante?)\s+(?:de\s+|d'|en\s+)$|\b(?:fait|fais|faisons|faire)\s+(?:du|de\s+la"
    r"|des)\s+$"
)
_FORMER = re.compile(r"\b(?:ancien(?:ne)?s?|ex)[\s-]+$")
_REFERRAL = re.compile(
    r"\s*(?:\w+\s+){0,3}(?:m'\s?a|m'\s?ont|nous\s+a|nous\s+ont)\s+(?:conseille|oriente|recommande"
    r"|envoye(?!\s+(?:une?|des|deux|trois|plusieurs|\d|encore|deja|sa|son|ses|leur|la|le|les"
    r"|l'))|redirige|donne\s+(?:votre|ce|le|ton)\s+(?:numero|contact|tel)|dit\s+de\s+vous"
    r"|parle\s+de\s+vous)"
)
_FUNDED_WITH = re.compile(
    r"\b(?:j'ai|on\s+a|nous\s+avons)\s+(?:ouvert|cree|monte|lance|repris|achete"
    r"|demarre)\b[^.!?;\n]*\b(?:avec|grace\s+a)\s+(?:un|une|des|le|la|l'|mon|ma|mes)\s*$"
)
_THIRD_PARTY_PAST = re.compile(
    r"\b(?:mes\s+parents|mon\s+pere|ma\s+mere|mon\s+frere|ma\s+soeur|mes\s+grands[\s-]parents"
    r"|mon\s+oncle|ma\s+tante|eux|l'ancien(?:ne)?\s+(?:proprietaire|gerante?|patron(?:ne)?)"
    r"|mon\s+predecesseur|le\s+precedent\s+(?:proprietaire|gerant))(?:\s+qui)?\s+(?:avai(?:en)?t"
    r"|etai(?:en)?t|ont\s+(?:eu|connu|fait|subi|ete)|a\s+(?:eu|connu|fait|subi|ete))\b[^.!?;,\n]*$"
)


def _in_crisis_words(folded: str, hit: Hit) -> bool:
    """True when the topic word is one of a crisis phrase's own words (not a word in one of its
    "..." gaps: "plus de trésorerie, plus d'envie de vivre" states a money need)."""
    return any(a <= hit.start and hit.end <= b
               and not any(g0 < hit.end and hit.start < g1 for g0, g1 in gaps)
               for a, b, gaps in crisis_words(folded))


def _set_aside(folded: str, hit: Hit, found: list[Hit]) -> bool:
    """True when the topic word at `hit` states no need of the person's own."""
    before = folded[max(0, hit.start - 40):hit.start]
    wider = folded[max(0, hit.start - 80):hit.start]
    if _NEGATED.search(before) or _TRADE.search(before) or _FORMER.search(before):
        return True  # "pas de souci de trésorerie", "cabinet d'avocats", "ancien salarié"
    if _THIRD_PARTY_PAST.search(wider) or _FUNDED_WITH.search(wider):
        return True  # "mes parents avaient connu un redressement", "ouvert avec un prêt"
    if _REFERRAL.match(folded, hit.end):
        return True  # "ma banque m'a conseillé de vous appeler"
    if _in_crisis_words(folded, hit):
        return True  # "fatigué de vivre", "mettre de l'ordre dans mes papiers et dire au revoir"
    rule = _RULES.get(hit.tag.removesuffix("_en"))
    return rule is not None and rule(folded, hit, found)


_PARTY = re.compile(r"fournisseurs?|suppliers?|clients?|customers?")
_LEGAL_ACTION = re.compile(
    r"[^.!?;\n]{0,40}?\b(?:m'\s?attaqu\w*|me\s+poursui\w*|m'\s?assign\w*|port\w*\s+plainte"
    r"|(?:me\s+)?reclam\w*\s+des\s+penalites|menac\w*\s+de\s+(?:me\s+)?(?:poursuivre|proces"
    r"|poursuites|m'\s?attaquer|porter\s+plainte)|is\s+suing|sues?\s+me|sued\s+me"
    r"|(?:is\s+)?taking\s+me\s+to\s+court|threaten\w*\s+to\s+sue)"
)


def _money(folded: str, hit: Hit, found: list[Hit]) -> bool:
    """"mon fournisseur m'attaque", "a supplier is suing me": the party of a legal dispute."""
    return bool(_PARTY.fullmatch(folded, hit.start, hit.end)
                and _LEGAL_ACTION.match(folded, hit.end))


_REASSESSMENT = re.compile(r"\s+(?:de\s+l'\s?|d'|de\s+)?(?:urssaf|fiscal)")
_INSOLVENCY = re.compile(
    r"faillite|bankrupt\w*|liquidation|redressement|receivership|insolven\w*|cessation\s+(?:des"
    r"|de)\s+paiements?"
)
_PARTY_BEFORE = re.compile(
    r"\b(?:clients?|clientes?|customers?|fournisseurs?|suppliers?"
    r"|donneurs?\s+d'\s?ordres?)\b(?:\s+[\w']+){0,4}\s+$"
)


_OF_WORK = re.compile(r"\s+(?:de\s+travail|d'\s?apprentissage|de\s+(?:mes|mon|ma|nos)\s+salarie)")


_AT_LABOUR_COURT = re.compile(r"\s+(?:aux|devant\s+les|au\s+conseil\s+des)\s+prud'?\s?hom")


_SAME_CLAUSE = re.compile(r"[^.!?;\n]{0,50}$")


def _legal(folded: str, hit: Hit, found: list[Hit]) -> bool:
    word = folded[hit.start:hit.end]
    if word.startswith("mise en demeure") and any(
            h.tag == "topic_financier" and h.start >= hit.end
            and _SAME_CLAUSE.fullmatch(folded, hit.end, h.start) for h in found):
        return True  # "une mise en demeure de ma banque pour rembourser le prêt": a demand to pay
    if _AT_LABOUR_COURT.match(folded, hit.end):
        return True  # "un salarié m'attaque aux prud'hommes": the staff's court (social)
    if word.startswith("contrat") and _OF_WORK.match(folded, hit.end):
        return True  # "contrats de travail": the staff's (topic_social.txt), not a dispute
    if word == "redressement" and _REASSESSMENT.match(folded, hit.end):
        return True  # "redressement URSSAF/fiscal": a reassessment, not the court procedure
    # "mon principal client a fait faillite": the party's procedure; the need is what it owes.
    return bool(_INSOLVENCY.fullmatch(word)
                and _PARTY_BEFORE.search(folded[max(0, hit.start - 40):hit.start]))


_BACKGROUND = re.compile(
    r"\b(?:entreprise|affaire|commerce|pere|mere|societe|boite|maison|restaurant|hotel"
    r"|business)\s+de\s+$"
)


_HOURS_RANGE = re.compile(
    r"[^.!?;\n]{0,20}?\d\s?(?:h|heures?|hours?)\s?\d{0,2}\s*(?:a|au|-|/|jusqu'\s?a|et|to|till"
    r"|until)\s*\d"
)


def _balance(folded: str, hit: Hit, found: list[Hit]) -> bool:
    if folded[hit.start:hit.end] == "famille" and _BACKGROUND.search(folded, 0, hit.start):
        return True  # "la boulangerie de famille"
    if folded.startswith(("semaine", "journee", "week", "day"), hit.start) and _HOURS_RANGE.match(
            folded, hit.start):
        return True  # "dispo en semaine de 12h à 13h30": the hours to call, not a long week
    # Sleep, tiredness, family anywhere in a crisis phrase are its words, gaps included ("I've
    # been stockpiling my sleeping pills", "fatigué de vivre", "un poids pour ma famille").
    return any(a <= hit.start and hit.end <= b for a, b, _ in crisis_words(folded))


_HARASSED_BY = re.compile(
    r"\s+(?:par|by)\s+(?:les|des|le|la|l'|mon|ma|mes|ses|the|my)\s*(?:huissier|creancier|banque"
    r"|bank|fournisseur|urssaf|fisc|impots|recouvr|societe\s+de\s+recouvrement|bailleur"
    r"|proprietaire|creditor|debt)"
)
_COUNT = re.compile(r"\b(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d+\s+a\s+\d+)\s+$")
_SIZE_AFTER = re.compile(
    r"\s*(?:\)|,|\.|;|$|et\b|dont\b|mais\b|dans\b|sur\b|au\s+total\b|en\s+tout\b"
    r"|qui\s+(?:travaillent|dependent)|a\s+(?:charge|payer))"
)
_STAFF_EVENT = re.compile(r"licenci|recrut|embauch|layoff|laid|demission|resign|recruit")


_MYSELF_DISMISSED = re.compile(
    r"\b(?:j'\s?ai\s+ete|je\s+(?:me\s+)?suis(?:\s+fait)?|i\s+(?:was|got|have\s+been|'ve\s+been)"
    r"|i'?ve\s+been)\s+$"
)


def _staff(folded: str, hit: Hit, found: list[Hit]) -> bool:
    word = folded[hit.start:hit.end]
    if _STAFF_EVENT.match(word) and _MYSELF_DISMISSED.search(folded, max(0, hit.start - 30),
                                                             hit.start):
        return True  # "j'ai été licencié": the person's own job, not their staff
    if word.startswith("harcel") and _HARASSED_BY.match(folded, hit.end):
        return True  # "harcelée par les huissiers": the harasser names the need
    # "(12 salariés)", "j'ai 2 salariés et ...": the size of the business.
    return bool(_COUNT.search(folded[max(0, hit.start - 40):hit.start])
                and _SIZE_AFTER.match(folded, hit.end) and not _STAFF_EVENT.match(word))


_DOSSIER_OF = re.compile(
    r"\s+(?:de\s+|d'|au\s+|aupres\s+de\s+|a\s+la\s+|chez\s+)?(?:l'|la\s+|le\s+|mon\s+|ma\s+)?(\w+)"
)


def _paperwork(folded: str, hit: Hit, found: list[Hit]) -> bool:
    """"dossier de redressement", "dossier à la banque": the need is the other topic's; and
    "déclarer la cessation des paiements", "déclaré en faillite": the procedure's."""
    if folded.startswith("declar", hit.start):
        return any(h.tag == "topic_juridique" and 0 <= h.start - hit.end <= 12 for h in found)
    if not folded.startswith("dossier", hit.start):
        return False
    other = _DOSSIER_OF.match(folded, hit.end)
    return other is not None and any(h.start == other.start(1) and h.tag != hit.tag
                                     for h in found)


_NOT_AGAIN = re.compile(r"\b(?:peur|crainte|risque|envie)\s+de\s+$")
_RECONVERTED = re.compile(r"reconvertie?s?\s+(?:en|dans|comme)\b")


_BACK_TO_WORK = re.compile(r"reprendre\s+(?:le|un)\s+(?:travail|emploi|boulot)")


def _next_step(folded: str, hit: Hit, found: list[Hit]) -> bool:
    if _RECONVERTED.match(folded, hit.start):
        return True  # "ancien avocat reconverti en restaurateur": a past change of trade
    if _BACK_TO_WORK.match(folded, hit.start) and _closure(folded) is None:
        return True  # "reprendre le travail" after a leave, with no business closed
    # "j'ai peur de recommencer" (an act), not starting over
    return (folded.startswith("recommencer", hit.start)
            and bool(_NOT_AGAIN.search(folded, 0, hit.start)))


_RULES: dict[str, Callable[[str, Hit, list[Hit]], bool]] = {
    "topic_equilibre": _balance,
    "topic_financier": _money,
    "topic_juridique": _legal,
    "topic_social": _staff,
    "topic_administratif": _paperwork,
    "topic_rebond": _next_step,
}
