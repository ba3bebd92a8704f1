"""Crisis: the SMS speaks of suicide, of ending one's life, of self-harm or of
a danger to life, in French or English, including past thoughts of it or the
fear of acting on it.

A missed crisis is the worst error the parser can make, so the phrases are
broad and tolerate missing accents and common misspellings; distress alone
("je n'en peux plus", "épuisé") and stopping the business ("tout arrêter")
are not a crisis. Rules match the folded text (see normalize.fold).
"""
from __future__ import annotations

import re

_DIE = (  # not "mourir de stress", "crever de faim": idioms
    r"(?:mourr?ir(?!\s+de\s+(?:stress|fatigue|faim|rire|froid|honte|peur|chaud|ennui|soif|inquietude))"
    r"|crever(?!\s+de\s+(?:faim|froid|chaud|rire|fatigue|soif))|disparaitre|partir pour de bon|me\s+tuer?|mettre fin a mes jours)"
)
_WANT = (
    r"(?:envie|envies|envi|envis|veux|veu|veut|voudrais|voulais|prefere|prefererais|aimerais|pense|pensais|pensee"
    r"|pensees|penser|songe|songer|souhaite|souhaiterais|vais|devrais|tente|tenter|idee|idees)"
)

_CRISIS = re.compile(
    "|".join([
        r"\bs[ui]{1,3}[cs]{1,2}i?d",                      # suicide, se suicider, sucide, suicidaire
        r"\b(?:me|m'|moi|se|te)\s*(?:foutre|fous|fout|flanquer|balancer|jeter)\s+en\s+l'?\s?air",
        r"\bfin\s+a\s+(?:mes|ma|ses|sa)\s+(?:propres?\s+)?(?:jours?|vie?)\b",
        r"\bla\s+vie\s+n'\s?a\s+plus\s+(?:de|aucun)\s+sens|\b(?:ma|la)\s+vie\s+ne\s+vaut\s+plus\s+(?:rien|la\s+peine)",
        r"\bdone\s+with\s+(?:life|living)\b|\blife\s+(?:is\s+not|isn'?t|is\s+no\s+longer)\s+worth\s+it",
        r"\bun\s+terme\s+a\s+(?:mes\s+jours|ma\s+vie)",
        r"\b(?:plus|pas|aucune?|perdu)\s+(?:d'|l')?envie?s?\s+de\s+vivre",
        r"\b(?:plus|pas)\s+(?:d'|l')?envie?s?\s+d'\s?(?:etre\s+(?:la|ici|en\s+vie|de\s+ce\s+monde)|exister)",
        r"\bsi\s+je\s+(?:n'\s?|ne\s+)?(?:etais|existais|suis|serais)\s+(?:plus|pas)\s+(?:la|ici|de\s+ce\s+monde|en\s+vie)\b",
        r"\b(?:envie?s?|veux|voudrais)\b[^.!?\n]{0,30}\bde\s+(?:disparaitre|mourir)\b",
        r"\bme\s+(?:suis|serais|etais)\s+(?:deja\s+)?(?:fait|faite)\s+du\s+mal\b",
        r"\bl'\s?irreparable\b",
        r"\b(?:pris|avale)\s+(?:trop\s+de|plein\s+de|tous\s+mes|toute\s+(?:la|une|ma)\s+boite\s+de|une\s+boite\s+de|la\s+boite\s+de)\s+"
        r"(?:medicaments|cachets|comprimes|somniferes|medocs|pilules)",
        r"\b(?:medicaments|cachets|comprimes|somniferes|medocs|pilules)\b[^.!?\n]{0,30}\bsais\s+(?:pas|plus)\s+combien",
        r"\b(?:veut|voulait|parle\w*|pense|pensait|menace\w*|envie|idee)\s+(?:de\s+|d'\s?|a\s+)?se\s+(?:tuer|pendre|supprimer|jeter|flinguer)\b",
        r"\b(?:fait|faite|refait)\s+(?:une|deux|plusieurs)\s+tentatives?(?!\s+(?:de|d')\s*(?!suicide))",  # "j'ai fait une tentative"
        r"\b(?:plus|pas|aucune?)\s+(?:de\s+|d')?raisons?\s+de\s+vivre",
        r"\bplus\s+(?:la\s+)?force\s+de\s+vivre|\b(?:meme|ni)\s+(?:plus|pas)\s+(?:envie\s+)?de\s+vivre",
        r"\b(?:plus|pas|aucun|perdu)\b[^.!?\n]{0,15}\bgout\s+(?:a|de)\s+(?:la\s+)?vi(?:e|vre)\b",
        r"\b(?:marre|fatiguee?s?|las|lasse)\s+de\s+(?:la\s+vie|vivre)",
        r"\bveu[xt]\s+plus\s+vivre|\benvie\s+de\s+ne\s+plus\s+(?:vivre|etre\s+la|me\s+reveiller)",
        r"\b(?:j'?\s?)?" + _WANT + r"\s+(?:pas\s+|plus\s+)?(?:(?:a|de|d')\s*)?(?:juste\s+|vraiment\s+|bien\s+)?" + _DIE + r"\b",
        r"\bmieux\s+(?:mort|morte|sans\s+moi)\b",
        r"\b(?:plus|pas|jamais)\s+me\s+reveiller|\bdormir\s+pour\s+toujours|\bne\s+plus\s+etre\s+la\b",
        r"\bme\s+(?:flinguer|pendre|noyer|tirer\s+une\s+balle|mutiler|scarifier|jet(?:er|e|ee)\s+(?:sous|du|d'un|par|dans|de|d'une))\b",
        r"\bpendaison\b|\bautomutil|\bscarifi|\boverdose\b",
        r"\bsauter\s+(?:du|d'un|d'une|par|de|sous|dans)\s+(?:la\s+|le\s+|un\s+|une\s+|l')?"
        r"(?:pont|fenetre|balcon|toit|immeuble|train|falaise|viaduc|haut)",
        r"\bsous\s+un\s+train\b",
        r"\bavaler\s+(?:tous?\s+|toutes?\s+)?(?:mes\s+|des\s+|les\s+|une\s+boite\s+de\s+)?"
        r"(?:cachets|medicaments|medocs|comprimes|pilules|somniferes)",
        r"\b(?:couper|ouvrir)\s+les\s+veines",
        r"\bme\s+faire\s+du\s+mal\b|\bme\s+supprimer\b|\bfinir\s+(?:ma\s+vie|mes\s+jours)\b",
        r"\ba\s+quoi\s+bon\s+(?:vivre|continuer\s+a\s+vivre)|\bdanger\s+pour\s+(?:moi|moi-meme|ma\s+vie)\b",
        r"\b(?:fait|faire)\s+une\s+ts\b|\bachete\s+une\s+corde\b",
        r"\bidees?\s+noire?s?\b",
        r"\bpass(?:er|e|ais)\s+a\s+l'\s?acte",
        r"\b(?:faire|fasse|fais)\s+(?:une|des)\s+(?:grosse\s+|grosses\s+)?(?:con+e?ries?|betises?)\b"
        r"(?!\s+(?:avec|dans|sur|pour|en\s+\w+ant)\b)",  # "une bêtise avec mon dossier" is a mistake
        r"\bmenac\w*\s+de\s+(?:mort|me\s+tuer)|\bdanger\s+de\s+mort|\bma\s+vie\s+est\s+en\s+danger",
        # English
        r"\bkill(?:ing)?\s+(?:my\s?self|meself)\b|\bkms\b|\bunalive\b|\bfeel\s+like\s+dying\b",
        r"\b(?:want|going|gonna|thinking\s+(?:of|about))\s+(?:to\s+)?end(?:ing)?\s+it\b(?!\s+(?:with|for|all\s+with))",
        r"\bend(?:ing)?\s+(?:it\s+all|my\s+(?:own\s+)?life|my\s+days|everything)\b",
        r"\btak(?:e|ing)\s+my\s+(?:own\s+)?life\b",
        r"\b(?:don'?t|do\s+not|dont|no\s+longer)\s+want\s+to\s+(?:live|be\s+alive|be\s+here|wake\s+up)",
        r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go\s+on)",
        r"\bthoughts?\s+(?:of|about)\s+(?:ending\s+(?:it|my)|killing\s+myself|suicide|dying|taking\s+my)",
        r"\b(?:want|wanna|wish)\s+(?:to\s+)?disappear\b|\b(?:want|wish)\s+(?:it\s+all|everything|my\s+life)\s+to\s+(?:end|stop)\b",
        r"\b(?:want|wanna|going|wish)\s+(?:to\s+)?die\b|\bwish\s+i\s+(?:was|were)\s+dead\b",
        r"\bbetter\s+off\s+(?:dead|without\s+me)\b",
        r"\b(?:hurt|harm|cut)(?:ing)?\s+myself\b|\bself[- ]?harm",
        r"\bjump(?:ing)?\s+(?:off|from|in\s+front\s+of)\b|\bdo\s+something\s+stupid\b",
        r"\bcan'?t\s+go\s+on\s+living|\blife\s+(?:is\s+not|isn'?t)\s+worth\s+living|\bnot\s+worth\s+living",
        r"\bmy\s+life\s+is\s+in\s+danger|\bthreat\w*\s+to\s+kill\s+me",
        # giving up on life itself, wishing not to exist, preferring death
        r"\b(?:lacher|quitter|abandonner|arreter|stopper|finir)\b[^.!?\n]{0,30}\b(?:meme|y\s+compris|jusqu'a)\s+(?:la|ma)\s+vie\b(?!\s+(?:de|d'|pro\w*|priv\w*|famil\w*|perso\w*|social\w*|conjugale|sentimentale|amoureuse))",
        r"\b(?:quitter|lacher|abandonner)\s+(?:la|cette)\s+vie\b(?!\s+(?:de|d'))",
        r"\b(?:si|que)\s+je\s+(?:disparaissais|disparaisse|mourais|meure|crevais)\b",
        r"\b(?:pense\w*|envie|veux|voudrais|solution|vais|prefere\w*)\b[^.!?\n]{0,25}\bpartir\s+(?:definitivement|pour\s+toujours|pour\s+de\s+bon)\b",
        r"\bsupport\w*\s+(?:plus|pas)\s+de\s+vivre\b|\bplus\s+supporter\s+de\s+vivre\b",
        r"\b(?:ne\s+)?(?:veux|veu|veut|voudrais)\s+plus\s+(?:exister|etre\s+(?:la|ici|en\s+vie))\b|\bne\s+plus\s+exister\b",
        r"\b(?:prefere\w*|voudrais|aimerais|souhaite\w*)\s+(?:etre\s+)?(?:mort|morte)\b",
        r"\bpense\w*\s+(?:souvent\s+|sans\s+cesse\s+|tout\s+le\s+temps\s+)?a\s+la\s+mort\b(?!\s+(?:de|d'|du|des))",
        r"\bsi\s+je\s+serai\s+(?:encore|toujours)\s+(?:la|vivante?|en\s+vie)\b",
        r"\bmenac\w*\s+(?:avec\s+|d'\s?)(?:un|une)\s+(?:couteau|arme|fusil|pistolet)\b",
        r"\bprendre\s+(?:tous?|toutes?)\s+(?:mes|les|ses)\s+(?:medicaments|cachets|comprimes|somniferes|medocs|pilules)",
        r"\bpoint\s+(?:of|in)\s+(?:living|life|going\s+on)\b|\bdark\s+thoughts\b|\bend(?:ing)?\s+things\b",
        r"\bif\s+i\s+(?:wasn'?t|weren'?t|was\s+not|were\s+not)\s+(?:here|around|alive)\b",
        r"\b(?:do|doing)\s+something\s+to\s+myself\b|\bwish\s+i\s+could\s+(?:just\s+)?disappear\b"
        r"|\b(?:afraid|scared)\s+(?:of\s+)?what\s+i\s+(?:might|could|may|will)\s+do\b|\bexcept\s+(?:dying|death)\b",
        r"\bpeur\s+de\s+ce\s+que\s+je\s+(?:pourrais|pourrai|vais|risque\s+de)\s+(?:faire|me\s+faire)\b",
        r"\b(?:plus|pas)\b[^.!?\n]{0,25}\bcontinuer\s+a\s+vivre\b|\bpensees?\s+(?:de\s+mort|morbides?)\b"
        r"|\blettre\s+d'\s?adieux?\b|\bvais\s+sauter\s*(?:[.!,]|$)|\bme\s+buter\b",
        r"\bque\s+(?:ca|tout)\s+s'\s?arrete,?\s+(?:pour\s+de\s+bon|pour\s+toujours|definitivement)\b",
    ])
)

# "me tuer" unless someone or something else does it ("ce boulot va me tuer").
_ME_TUER = re.compile(r"\bme\s+tue(?:r|rai|rais|rait)\b")
_NOT_SELF = re.compile(r"\b(?:va|vont|allait|vas|ca\s+va)\s+$")
# ... but a person threatening to do it is a danger to life ("il a dit qu'il allait me tuer").
_THREAT = re.compile(r"\b(?:il|elle|ils|elles|qu'\s?il|qu'\s?elle|qu'\s?ils)\s+(?:va|vont|allait|allaient|veut|veulent|voulait|menace\s+de)\s+$")

# "en finir" about something else ("en finir avec les dettes") is not a crisis.
_EN_FINIR = re.compile(r"\b(?:d'?\s?)?(?:en|an)\s+finire?\b")  # "envi den finir"
_WITH_THING = re.compile(
    r"\s+avec\s+(?:les|le|la|l'|ce|cet|cette|ces|mon|ma|mes|son|sa|ses|un|une|des|notre|nos)\s*(\w+)"
)
_LIFE = frozenset({"vie", "existence", "jours", "tout"})


def is_crisis(folded: str) -> bool:
    """True when the folded text speaks of suicide, self-harm or a danger to life."""
    if _CRISIS.search(folded):
        return True
    for match in _ME_TUER.finditer(folded):
        before = folded[max(0, match.start() - 24):match.start()]
        if not _NOT_SELF.search(before[-12:]) or _THREAT.search(before):
            return True
    for match in _EN_FINIR.finditer(folded):
        thing = _WITH_THING.match(folded, match.end())
        if thing is None or thing.group(1) in _LIFE:
            return True
    return False
