"""Topic: the category of the first need the person states.

Each category has keyword rules on the folded text; the topic is the category
of the earliest match in the text, once matches used as background ("la
boulangerie de famille"), in a negation ("pas de souci de trésorerie") or in
another sense ("prêt à tout", "en charge de") are set aside. General distress
and crisis words state no need. `rebond` is what comes after a closure: a
closure in the past ("j'ai fermé ma boîte") counts as its first mention when
the person also speaks of what comes next, and is the topic when nothing else
is stated.
"""
from __future__ import annotations

import re

_EQUILIBRE = (
    r"stress\w*|fatigu\w*|tired|epuise\w*|epuisement|exhaust\w*|creve(?:e|s|es)?\b|\bmoral\w*|deprim\w*"
    r"|depress\w*|isole(?:e|s|es|ment)?\b|isolat\w*|lonel\w*|solitude"
    r"|(?:me\s+sens|sens|senti|suis|retrouve|tout|toute|feel)\s+(?:tres\s+|si\s+|trop\s+|so\s+|very\s+)?(?:seule?s?|alone)\b"
    r"|burn[\s-]?out|burnt\s+out|surmenage|sommeil|(?:ne\s+)?dor[st]\s+(?:plus|pas|mal|que|\d|presque)|dormir|insomni\w*"
    r"|\b(?:pas|plus|peu|mal|jamais)\s+dormi\b|\bdormi\s+que\b"
    r"|nuits?\s+blanches?|(?:can'?t|cannot|don'?t)\s+sleep|sleep\w*|\bfamille\b|\bfamily\b"
    r"|vie\s+(?:de\s+famille|familiale|de\s+couple|perso\w*|privee)|\bmon\s+couple\b"
    r"|divorc\w*|\bsante\b|\bmaladie\b|\bmalade\b|\bhealth\b|angoiss\w*|anxi\w*|panique|pleur\w*|larmes|overwhelm\w*|mental\w*|psycholog\w*"
)
_FINANCIER = (
    r"tresorerie|\btreso\b|dettes?\b|endett\w*|\bdebts?\b|\bbanques?\b|banquier|\bbank(?!rupt)\w*|urssaf|impaye\w*|unpaid"
    r"|\bprets?\b(?!\s+(?:a|pour)\b)|\bpge\b|emprunt\w*|\bcredits?\b|\bloans?\b|(?<!en\s)(?<!a\s)\bcharges\b"
    r"|decouvert|overdraft|cash\s?flow|\bcash\b|\bargent\b|\bmoney\b|\bfric\b|factures?|invoices?|fournisseurs?|suppliers?"
    r"|\bloyers?\b|\brent\b|\bpa(?:yer|ie|ient|ye|yes|yons)\b|\bpay(?:ing|ments?)?\b|cotisations|\brsi\b"
    r"|chiffre\s+d'affaires|\bplus\s+de\s+(?:clients|travail|boulot|commandes|chantiers|reservations)\b"
    r"|perdu\s+(?:mes|des|nos|mon|ses|un|deux|trois)\s+(?:\w+\s+)?(?:clients?|marches?|contrats?)"
    r"|lost\s+(?:my|our|two|three|a)\s+(?:\w+\s+){0,2}(?:clients?|customers?|contracts?)"
    r"|baisse\s+(?:d'activite|du\s+chiffre|de\s+chiffre)|\bno\s+(?:more\s+)?(?:work|customers|clients)\b"
    r"|\b(?:plus|pas)\s+un\s+(?:rond|sou|centime|euro)\b|\bfauchee?s?\b|\bdans\s+le\s+rouge\b|\ba\s+sec\b"
    r"|\bmortgage\b|\bmsa\b|\brevenue\b|\bfinanc\w*|\bbudget\b|rembours\w*|repay\w*|echeances?\b|\bsalaires?\b|\bcaisse\b|\bagios\b"
)
_JURIDIQUE = (
    r"tribuna\w*|redressement|sauvegarde|liquidation|depot\s+de\s+bilan|depos\w*\s+(?:le\s+|mon\s+)?bilan"
    r"|cessation\s+(?:des|de)\s+paiements?|mandataire|administrateur\s+judiciaire|judiciaire|litiges?"
    r"|\bcontrats?\b|\bcontracts?\b|avocat|lawyer|\bproces\b|procedure|\bjuge\b|jugement|audience|assign\w*|plainte"
    r"|huissier\w*|commissaire\s+de\s+justice|conciliation|mandat\s+ad\s+hoc|\bbail\b|bailleur|expulsion"
    r"|lawsuit|\bsued?\b|\blegal\b|receivership|insolven\w*|bankrupt\w*|faillite|mise\s+en\s+demeure"
    r"|contentieux|\bsaisies?\b|\bjustice\b|\brj\b|\blj\b|\bevict\w*|\blease\b"
    r"|conflit\s+avec\s+(?:un|une|mon|ma|mes|des|le|la|les|nos|notre)\s+(?:\w+\s+)?(?:clients?|fournisseurs?|bailleur|proprietaire)"
)
_SOCIAL = (
    r"salariee?s?\b|\bemployee?s?\b|\bstaff\b|\bequipes?\b|licenci\w*|\blaid\s+off\b|\blayoffs?\b|recrut\w*"
    r"|embauch\w*|\bhir(?:e|ing)\b|prud'?\s?hom\w*|\bpersonnel\b|apprenti\w*|ressources\s+humaines|\brh\b"
    r"|demission\w*|rupture\s+conventionnelle|\bcd[di]\b|redundanc\w*|conflit\w*|conflict\w*|\bgreve\b|\bouvriers?\b|collaborat\w*"
)
_ADMINISTRATIF = (
    r"demarches?|\baides\b|\baide\s+(?:de\s+l'etat|publique|regionale|de\s+la\s+region|a\s+la\s+creation)"
    r"|subvention\w*|\bgrants?\b|subsid\w*|impots?\b|\bimpot|\bfisc\w*|\btax(?:es)?\b|\btaxe?s\b|\btva\b|\bcfe\b"
    r"|declarations?\b|formalites?|dossiers?|paperasse|paperwork|papiers\b|administrati\w*|\bkbis\b|\bstatut\b"
    r"|cerfa|formulaires?|red\s+tape|\bvat\b"
)
_REBOND = (
    r"reconver\w*|rebond\w*|repartir|(?:re)?trouver\s+(?:un|du)\s+(?:emploi|travail|job|boulot|poste)"
    r"|changer\s+de\s+(?:metier|voie)|reprendre\s+(?:des\s+etudes|une\s+formation)"
    r"|cherch\w*\s+(?:un|du)\s+(?:emploi|travail|job|boulot|poste)|nouveau\s+(?:depart|projet|metier)"
    r"|nouvelle\s+(?:activite|voie|vie\s+professionnelle)|pole\s+emploi|france\s+travail|tourner\s+la\s+page"
    r"|me\s+relancer|recommencer|chomage|apres\s+(?:la|ma)\s+(?:fermeture|liquidation|faillite)"
    r"|(?:find|looking\s+for|get|new)\s+(?:a\s+)?(?:new\s+)?(?:job|career)|career\s+change|start(?:ing)?\s+over"
    r"|bounce\s+back|retrain\w*|what\s+(?:to\s+do|comes)\s+next|next\s+chapter"
)
# A closure that has happened (or is decided): background for `rebond`.
_CLOSED = re.compile(
    r"\b(?:j'ai|on\s+a|nous\s+avons|il\s+a|elle\s+a)\s+(?:du\s+)?ferme\w*|\b(?:a\s+ete|est|sont|ete)\s+liquidee?s?\b"
    r"|\b(?:est|sont|a\s+ete)\s+(?:definitivement\s+)?fermee?s?\b|\bfermeture\s+definitive"
    r"|\b(?:closed|shut)\s+(?:down\s+)?(?:my|our|the)\b|\bhad\s+to\s+close\b"
    r"|\b(?:mise?|placee?)\s+en\s+liquidation|\bliquidation\s+(?:a\s+ete|prononcee|cloturee|terminee)"
    r"|\b(?:vends|vendre|vendu|cede|ceder)\s+(?:ma|mon|la|le|notre|l')\s*(?:boite|boutique|entreprise|societe|commerce|fonds"
    r"|restaurant|bar|magasin|affaire|salon|atelier|activite)|\b(?:vais|dois|doit|va|allons|devoir)\s+(?:devoir\s+)?fermer\b"
    r"|\bcessation\s+d'\s?activite|\b(?:closing|selling)\s+(?:down\s+)?(?:my|our|the)\s+(?:business|shop|company|restaurant)"
)

_RULES = [
    ("equilibre", re.compile(_EQUILIBRE)),
    ("financier", re.compile(_FINANCIER)),
    ("juridique", re.compile(_JURIDIQUE)),
    ("social", re.compile(_SOCIAL)),
    ("administratif", re.compile(_ADMINISTRATIF)),
    ("rebond", re.compile(_REBOND)),
]
_NEGATED = re.compile(
    r"\b(?:pas|aucun|no|not\s+a)\s+(?:de\s+|d'|vrai\s+)?(?:souci|probleme|problem|issue|difficulte)s?\s+"
    r"(?:de\s+|d'|avec\s+(?:\w+\s+)?|cote\s+|with\s+(?:\w+\s+)?|of\s+)?$"
)
_BACKGROUND = re.compile(
    r"\b(?:entreprise|affaire|commerce|pere|mere|societe|boite|maison|restaurant|hotel|business)\s+de\s+$"
)
# English words that are other words in French ("court", "fire").
# "cabinet d'avocats", "agence de recrutement": what the business is, not a need.
_TRADE = re.compile(
    r"\b(?:cabinet|agence|societe|entreprise|boite|bureau|magasin|boutique|metier|secteur|conseiller|consultante?)"
    r"\s+(?:de\s+|d'|en\s+)$"
)
_COUNT = re.compile(r"\b(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d+\s+a\s+\d+)\s+$")
_SIZE_AFTER = re.compile(r"\s*(?:\)|,|\.|;|$|et\b|dont\b|mais\b|qui\s+(?:travaillent|dependent)|a\s+(?:charge|payer))")
_ENGLISH = [
    ("juridique", re.compile(r"\bcourts?\b|\bjudge\b|\bhearing\b")),
    ("social", re.compile(r"\bteam\b|\bfir(?:e|ed|ing)\s+(?:an?\s+|my\s+|some\s+|one\s+|two\s+)?(?:\w+\s+)?(?:employee|staff|worker|people)")),
]
_DOSSIER_OTHER = re.compile(r"^\w*\s+(?:de\s+|d'|au\s+|aupres\s+de\s+|a\s+la\s+|chez\s+)?(?:l'|la\s+|le\s+|mon\s+|ma\s+)?(\w+)")


def topic(folded: str, language: str = "fr") -> str | None:
    """The category of the first need stated in the folded text, or None."""
    best: tuple[int, int, str] | None = None
    rules = _RULES + _ENGLISH if language == "en" else _RULES
    for rank, (name, rule) in enumerate(rules):
        for match in rule.finditer(folded):
            if _set_aside(folded, match, name):
                continue
            key = (match.start(), rank, name)
            if best is None or key < best:
                best = key
            break
    closed = _CLOSED.search(folded)
    if closed is None:
        return best[2] if best else None
    if best is None:
        return "rebond"
    if _REBOND_RULE.search(folded) and closed.start() <= best[0]:
        return "rebond"
    return best[2]


_REBOND_RULE = _RULES[-1][1]


def _set_aside(folded: str, match: re.Match, name: str) -> bool:
    before = folded[max(0, match.start() - 40):match.start()]
    if _NEGATED.search(before) or _TRADE.search(before):
        return True
    if name == "equilibre" and match.group() == "famille" and _BACKGROUND.search(before):
        return True
    if name == "social" and _COUNT.search(before) and _SIZE_AFTER.match(folded, match.end()):
        return True  # "(12 salariés)", "j'ai 2 salariés et ...": the size of the business
    if name == "administratif" and match.group().startswith("dossier"):
        other = _DOSSIER_OTHER.match(folded, match.end())
        if other and any(n != name and r.fullmatch(other.group(1)) for n, r in _RULES):
            return True
    return False
