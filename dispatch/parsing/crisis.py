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
    r"|crever(?!\s+de\s+(?:faim|froid|chaud|rire|fatigue|soif)|\s+la\s+(?:dalle|faim))|disparaitre(?!\s+(?:sous\s+terre|quelques|une\s+semaine|un\s+(?:moment|temps|mois|peu|week-end)|en\s+vacances|des\s+radars|du\s+bureau|pendant))|partir pour de bon|me\s+tuer?|mettre fin a mes jours)"
)
_WANT = (
    r"(?:envie|envies|envi|envis|veux|veu|veut|voudrais|voulais|prefere|prefererais|aimerais|pense|pensais|pensee"
    r"|pensees|penser|songe|songer|souhaite|souhaiterais|vais|devrais|tente|tenter|idee|idees|vouloir|voulu|voulais|voulait|envisage|compte)"
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
        r"\bsi\s+je\s+(?:n'\s?|ne\s+)?(?:(?:etais|existais|serais)\s+(?:plus|pas)|suis\s+plus)\s+(?:la|ici|de\s+ce\s+monde|en\s+vie)\b",
        r"\b(?:envie?s?|veux|voudrais)\b[^.!?\n]{0,30}\bde\s+(?:disparaitre(?!\s+(?:sous\s+terre|quelques|une\s+semaine|un\s+(?:moment|temps|mois|peu|week-end)|en\s+vacances|des\s+radars|du\s+bureau|pendant))|mourir)\b",
        r"\bme\s+(?:suis|serais|etais)\s+(?:deja\s+)?(?:fait|faite)\s+du\s+mal\b",
        r"\bl'\s?irreparable\b",
        r"\b(?:pris|avale)\s+(?:trop\s+de|plein\s+de|tous\s+mes|toute\s+(?:la|une|ma)\s+boite\s+de|une\s+boite\s+de|la\s+boite\s+de)\s+"
        r"(?:medicaments|cachets|comprimes|somniferes|medocs|pilules)",
        r"\b(?:medicaments|cachets|comprimes|somniferes|medocs|pilules)\b[^.!?\n]{0,30}\bsais\s+(?:pas|plus)\s+combien",
        r"\b(?:veut|voulait|parle\w*|pense|pensait|menace\w*|envie|idee)\s+(?:de\s+|d'\s?|a\s+)?se\s+(?:tuer|pendre|supprimer|jeter|flinguer)\b",
        r"\b(?:fait|faite|refait)\s+(?:une|deux|plusieurs)\s+tentatives?(?!\s+(?:de|d')\s*(?!suicide))(?!\s+(?:aupres|avant|pour|chez|avec|sur|de\s+conciliation|aux?\s))",  # "j'ai fait une tentative"
        r"\b(?:plus|pas|aucune?)\s+(?:de\s+|d')?raisons?\s+de\s+vivre",
        r"\bplus\s+(?:la\s+)?force\s+de\s+vivre|\b(?:meme|ni)\s+(?:plus|pas)\s+(?:envie\s+)?de\s+vivre",
        r"\b(?:plus|pas|aucun|perdu)\b[^.!?\n]{0,15}\bgout\s+(?:a|de)\s+(?:la\s+)?vi(?:e|vre)\b",
        r"\b(?:marre|fatiguee?s?|las|lasse)\s+de\s+(?:la\s+vie|vivre)",
        r"\bveu[xt]\s+plus\s+vivre|\benvie\s+de\s+ne\s+plus\s+(?:vivre|etre\s+la|me\s+reveiller)",
        r"\b(?:j'?\s?)?" + _WANT + r"\s+(?:pas\s+|plus\s+)?(?:(?:a|de|d')\s*)?(?:juste\s+|vraiment\s+|bien\s+)?" + _DIE + r"\b",
        r"\bmieux\s+(?:mort|morte|sans\s+moi)\b|\bbetter\s+without\s+me\b",
        r"\b(?:plus|pas|jamais)\s+me\s+reveiller|\bdormir\s+pour\s+toujours|\bne\s+plus\s+etre\s+la\b",
        r"\bme\s+(?:flinguer|pendre|noyer|tirer\s+une\s+balle|mutiler|scarifier|jet(?:er|e|ee)\s+(?:sous|du|d'un|par|dans|de|d'une))\b",
        r"\bpendaison\b|\bautomutil|\bscarifi|\boverdos\w*",
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
        r"\bkill(?:ing)?\s+(?:my\s?self|meself)\b(?!\s+(?:working|at\s+work|over\s+(?:this|work)|for\s+(?:nothing|this\s+(?:job|business))|to\s+(?:keep|make|pay|save)))|\bkms\b|\bunalive\b|\bfeel\s+like\s+dying\b",
        r"\b(?:want|going|gonna|feel\s+like|thinking\s+(?:of|about))\s+(?:to\s+)?end(?:ing)?\s+it\b(?!\s+(?:with|for|all\s+with))",
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
        r"\b(?:lacher|quitter|abandonner|arreter|stopper|finir|plaquer|laisser\s+tomber)\b[^.!?\n]{0,30}\b(?:meme|y\s+compris|jusqu'a)\s+(?:la|ma)\s+vie\b(?!\s+(?:de|d'|pro\w*|priv\w*|famil\w*|perso\w*|social\w*|conjugale|sentimentale|amoureuse))",
        r"\b(?:quitter|lacher|abandonner)\s+(?:la|cette)\s+vie\b(?!\s+(?:de|d'))",
        r"\b(?:si|que)\s+je\s+(?:disparaissais|disparaisse|mourais|meure|crevais)\b",
        r"\b(?:pense\w*|envie|veux|voudrais|solution|vais|prefere\w*|prepare\w*|prete?s?|decide\w*|decision|moment|l'\s?heure)\b[^.!?\n]{0,25}\bpartir\s+(?:definitivement|pour\s+toujours|pour\s+de\s+bon)\b",
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
        # no reason, strength, point... to live ("je ne vois plus l'intérêt de vivre", "ni de vivre")
        r"\b(?:plus|pas|aucune?|ni|perdu|sans|quel|quelle|quoi)\b[^.!?\n]{0,40}?\b(?:interet|raisons?|force|envie|gout|courage|sens|but|utilite)"
        r"\s+(?:de|a)\s+(?:vivre|exister|rester\s+en\s+vie|continuer\s+a\s+vivre)\b",
        r"\bni\s+(?:de\s+|d')?(?:vivre|exister)\b",
        r"\b(?:veu[xt]?|voudrais|peux|peu|arrive|supporte|sais)\s+(?:plus|pas)\s+(?:de\s+)?(?:vivre|exister)\b"
        r"(?!\s+(?:comme|ainsi|dans|avec|sans|de\s+(?:mon|ma|ce|cette)|en\s+(?:dessous|dessus)))",
        # joining a dead relative ("je veux rejoindre mon père", "rejoindre ma mère au ciel")
        r"\b(?:rejoindre|retrouver|revoir)\s+(?:mon|ma|mes)\s+(?:\w+\s+){1,2}?(?:au\s+ciel|la-?\s?haut|au\s+paradis|de\s+l'\s?autre\s+cote|dans\s+la\s+tombe)",
        r"\b(?:veu[xt]?|voudrais|envie\s+de|aimerais|souhaite\w*|reve\s+de|pense\w*\s+a)\s+(?:juste\s+|partir\s+|aller\s+)?(?:rejoindre|retrouver|revoir)\s+"
        r"(?:mon|ma|mes)\s+(?:defunte?\s+)?(?:pere|mere|papa|maman|parents|fils|fille|filles|mari|femme|epouse?|frere|soeur|enfants?|bebe"
        r"|grand-?\s?(?:pere|mere)|papi|mamie)\s*(?:[.,;!?\n]|$|\s+(?:qui\s+(?:est|nous\s+a|m'\s?a)\s+(?:morte?|decedee?|partie?|quitte)|decede\w*|morte?s?|partie?s?|au\s+ciel|la-?\s?haut|de\s+l))",
        # jumping, weapons, rope
        r"\b(?:failli|envie\s+de|pense\w*\s+a|songe\w*\s+a|voulu|veux|voudrais|voulais|allais|pour|compte|pret\w*\s+a|tente\w*\s+de)\s+"
        r"(?:me\s+jeter|sauter|me\s+lancer)\s*(?:[.,;!?\n]|$|\s+(?:du|d'un|d'une|dans\s+le\s+vide|par|de\s+la|du\s+haut|sous|a\s+l'eau|dans\s+le\s+(?:fleuve|lac|canal|ravin|vide)))",
        r"\benjamb\w+\s+(?:la\s+rambarde|le\s+parapet|la\s+balustrade|le\s+garde-corps)|\bau\s+bord\s+du\s+(?:pont|toit|quai|precipice)\b",
        r"\b(?:fusil|pistolet|revolver|flingue|carabine|arme)s?\b(?:\s+de\s+chasse)?[^.!?\n]{0,40}\b(?:charge\w*|a\s+cote\s+(?:de\s+moi|du\s+lit|de\s+mon\s+lit)"
        r"|pres\s+de\s+moi|(?:est\s+)?pret|m'\s?attend|m'\s?appel\w*|sous\s+(?:mon|l')\s*oreiller|sur\s+la\s+table|tempe|dans\s+(?:la|ma)\s+bouche|contre\s+(?:moi|ma\s+tete))",
        r"\b(?:dors|dormir|pense\w*\s+a|regarde\w*|sorti\w*|charge\w*|caresse\w*)\s+(?:avec\s+)?(?:mon|le|ma|un)\s+(?:fusil|pistolet|revolver|flingue|carabine|arme)\b",
        r"\b(?:balle|bastos)\s+dans\s+la\s+(?:tete|bouche|tempe)|\bsauter\s+(?:la\s+cervelle|le\s+caisson)|\bme\s+(?:mettre|mets|mettrai|coller|colle|loger|tirer)\s+une\s+balle|\bme\s+tirer\s+dessus\b",
        r"\b(?:achet|prepar|accroch|attach|install|nou|cherch|trouv)\w*\s+(?:la|une|ma)\s+corde\b(?!\s+(?:pour\s+(?:le|la|les|mon|ma|un|une|des|l')|a\s+sauter|de\s+\w+))|\b(?:au|le)\s+bout\s+d'\s?une\s+corde|\b(?:la|une|ma)\s+corde\s+(?:est\s+)?(?:prete|accrochee|attachee|a\s+la\s+poutre|au\s+plafond)"
        r"|\bpense\w*\s+a\s+la\s+corde\b|\bnoeud\s+coulant",
        # pills
        r"\b(?:avale|avaler|ingurgite\w*)\s+(?:des|les|mes|plein\s+de|un\s+tas\s+de|une\s+poignee\s+de|toute?s?\s+(?:les|mes|la|ma|une))\s+"
        r"(?:\w+\s+)?(?:de\s+)?(?:medicaments|cachets|medocs|comprimes|pilules|somniferes|boite|plaquette|tube|flacon)",
        r"\b(?:medicaments|cachets|comprimes|somniferes|medocs|pilules)\b[^.!?\n]{0,50}\b(?:les|la)\s+(?:avaler|prendre|gober)\s+(?:tou[st]e?s?|d'un\s+coup|en\s+une\s+fois)",
        r"\b(?:avaler|prendre|gober)\s+(?:tout|toute)\s+(?:la|ma|une)\s+(?:boite|plaquette|tube|flacon)",
        # self-harm
        r"\bje\s+me\s+(?:fais|fait|faisais|ferai|ferais|suis\s+fait\w*)\s+(?:encore\s+|souvent\s+|parfois\s+|volontairement\s+|expres\s+)?du\s+mal\b",
        r"\bme\s+(?:suis\s+)?(?:deja\s+)?(?:taillad|lacer|entaill|mutil|scarif)\w*",
        r"\b(?:coup|ouv|taillad|tranch|entaill)\w*\s+(?:les|mes)\s+(?:veines|poignets)|\b(?:taillad|entaill|scarif|lacer)\w*\s+(?:les|mes)\s+(?:bras|cuisses|jambes)",
        r"\b(?:blesse|coupe|brule|mutile|frappe)e?s?\s+(?:volontairement|expres)\b|\bme\s+brul\w*\s+(?:volontairement|expres|avec\s+(?:des|mes|une)\s+cigarettes?)",
        # vehicles, drowning, poison
        r"\b(?:jeter|foutre|lancer|balancer|mettre|coucher|allonger)\s+sous\s+(?:un|une|le|la|les)\s+(?:train|camion|voiture|bus|metro|tram|tgv|rer|roues|poids\s+lourd)",
        r"\b(?:foncer|me\s+planter|m'\s?encastrer|precipiter)\b[^.!?\n]{0,30}\b(?:contre|dans)\s+(?:un|une|le|la)\s+(?:mur|arbre|platane|pile|ravin|camion)",
        r"\bm'\s?empoisonner|\bme\s+laisser\s+(?:mourir|crever)|\bquitter\s+ce\s+(?:monde|bas\s+monde)\b|\bm'\s?en\s+aller\s+(?:pour\s+toujours|definitivement|pour\s+de\s+bon)",
        # imagining one's death, "easier to die"
        r"\bm'\s?imagin\w*\s+(?:mort|morte|pendue?|disparaitre|sauter|partir\s+pour)|\bme\s+vois\s+(?:mort|morte|mourir|en\s+finir)\b"
        r"|\brev\w*\s+(?:de\s+)?(?:mourir|ma\s+mort|d'\s?en\s+finir|de\s+disparaitre)",
        r"\b(?:simple|mieux|facile|solution|soulagement|besoin)\b[^.!?\n]{0,25}\b(?:de|d'|que\s+de)\s+"
        r"(?:mourir|mourrir|crever|disparaitre|en\s+finir)\b(?!\s+de\s+(?:stress|fatigue|faim|rire|froid|honte|peur|chaud|ennui|soif))",
        r"\b(?:plus|pas|jamais)\s+(?:\w+\s+){0,3}me\s+reveiller\b(?!\s+(?:a\s+\d|a\s+l'|tot|si\s+tot|la\s+nuit|le\s+matin\s+pour))",
        r"\becri\w*\s+(?:mes|des|les|une\s+lettre\s+d'|ma\s+lettre\s+d')\s*adieux?(?:\s+(?:a|pour)\s+(?:ma|mes|mon)\s+\w+)?|\badieux?\s+a\s+(?:mes\s+(?:enfants|proches|parents|filles|fils)|ma\s+famille|ma\s+femme|mon\s+mari)",
        r"\b(?:envie|veux|voudrais|pense\w*|songe\w*|aimerais|vais|prefere\w*)\s+(?:de\s+|a\s+)?tout\s+(?:finir|terminer)\b(?!\s+(?:avant|pour|ce|cette|d'ici|le|la|les|aujourd|demain|a\s+temps))",
        r"\bsi\s+(?:\w+\s+){1,2}je\s+(?:n'\s?|ne\s+)?(?:(?:etais|existais|serais)\s+(?:plus|pas)|suis\s+plus)\s+(?:la|ici|de\s+ce\s+monde|en\s+vie)\b",
        # English
        r"\b(?:take|took|taking|swallow\w*)\s+(?:all|a\s+(?:handful|bunch|bottle|box)|the\s+whole|every)\b[^.!?\n]{0,15}\b(?:pills?|tablets|meds|painkillers)",
        r"\bnoose\b|\brope\s+(?:ready|around|is\s+ready|in\s+the)|\b(?:bought|got|have|tied)\s+(?:a|the)\s+rope\b",
        r"\b(?:gun|rifle|shotgun|pistol)\b[^.!?\n]{0,30}\b(?:loaded|to\s+my\s+head|in\s+my\s+mouth|next\s+to\s+(?:me|my\s+bed))|\bload\w*\s+(?:a|my|the)\s+(?:gun|rifle|shotgun|pistol)",
        r"\b(?:hang|shoot|drown|poison)(?:ing)?\s+myself|\bslit\s+my\s+wrists|\bnever\s+wake\s+up|\bnot\s+(?:to\s+)?wake\s+up\b|\bsleep\s+forever",
        r"\bnothing\s+(?:left\s+)?to\s+live\s+for|\bgoodbye\s+(?:letter|note)s?\b|\bnot\s+be\s+(?:here|around)\s+(?:anymore|much\s+longer)",
        r"\bcutt(?:ing)?\s+myself|\bcuts\s+myself|\bburn(?:ing|ed|t)?\s+myself\b",
        # ending everything, stopping living, life not worth it
        r"\b(?:fin|un\s+terme)\s+a\s+(?:tout|toute?\s+(?:ca|cela)|mon\s+existence|mes\s+souffrances?|ma\s+souffrance)\b(?!\s+(?:contrat|engagement|partenariat|le\s|les\s|mon\s+activite))"
        r"(?![^.!?\n]{0,20}\b(?:fermer|vendre|liquider|deposer|ceder|arreter\s+(?:la|le|mon|ma|l')))",
        r"\b(?:arreter|cesser|stopper|finir)\s+de\s+(?:vivre|respirer|exister)\b|\ben\s+terminer\s+avec\s+(?:la\s+vie|ma\s+vie|l'\s?existence)",
        r"\b(?:ma|la|cette)\s+vie\s+ne\s+vaut\s+(?:plus|pas|rien)|\b(?:plus|pas|aucun)\s+(?:de\s+)?sens\s+a\s+(?:ma|la|cette)\s+vie"
        r"|\b(?:la|ma)\s+vie\s+me\s+pese|\bvivre\s+me\s+pese",
        r"\bpourquoi\s+(?:continuer\s+a\s+)?vivre\b|\bsert\s+(?:a\s+rien\s+)?(?:de|a)\s+(?:vivre|continuer\s+a\s+vivre)\b",
        r"\b(?:issue|solution|soulagement|delivrance|liberation)\b[^.!?\n]{0,30}\b(?:la\s+mort\b(?!\s+(?:de|d'|du|des))|mourir|en\s+finir|le\s+suicide|disparaitre(?!\s+(?:la|les|le|mes|ma|mon|ces)\b))"
        r"|\b(?:la\s+mort|mourir)\b(?!\s+(?:de|d'|du|des))[^.!?\n]{0,25}\b(?:soulagement|delivrance|solution|issue|liberation)\b",
        # farewells, being a burden, nobody would miss me
        r"\b(?:un|mon|mes|dernier)\s+(?:message\s+d')?adieux?\b|\badieu\s+a\s+(?:tous|toutes|vous|tout\s+le\s+monde)|\b(?:vous|te)\s+dis\s+adieu",
        r"\bpersonne\s+ne\s+(?:me\s+)?(?:regretter|pleurer|remarquer)\w*|\bnobody\s+(?:would|will)\s+(?:miss|notice)|\bno\s+one\s+(?:would|will)\s+(?:miss|notice)",
        r"\b(?:suis|etre|serais)\s+un\s+(?:fardeau|poids)\s+pour\s+(?:ma\s+famille|mes\s+(?:proches|enfants)|tout\s+le\s+monde|les\s+autres|ma\s+femme|mon\s+mari)",
        r"\b(?:envie|veux|voudrais|besoin|pense\w*)\s+(?:de\s+|a\s+)?partir\b[^.!?\n]{0,25}\b(?:pour\s+toujours|pour\s+de\s+bon|et\s+ne\s+(?:jamais|plus)\s+revenir|sans\s+(?:jamais\s+)?revenir)",
        r"\b(?:en)?dormir\s+(?:pour\s+(?:toujours|de\s+bon|l'\s?eternite)|a\s+jamais)|\b(?:plus|jamais)\s+m'\s?etre\s+reveillee?",
        # means at hand: weapons, pills, heights, car
        r"\b(?:pense\w*\s+a|envie\s+de|vais|veux|voudrais)\s+(?:prendre|utiliser|sortir|charger|chercher)\s+(?:le|mon|un|son|une|ma|la)\s+(?:fusil|pistolet|revolver|flingue|carabine|arme|corde)",
        r"\b(?:avale|avaler|ingurgite\w*|gobe\w*)\b[^.!?\n]{0,20}\b(?:medicaments|cachets|medocs|comprimes|pilules|somniferes|boites?|plaquettes?|tubes?|flacons?"
        r"|doliprane|paracetamol|anxiolytiques|antidepresseurs|lexomil|xanax|valium|stilnox|tramadol)\b",
        r"\bpris\s+(?:une|la|toute\s+(?:la|une)|tout\s+le)\s+(?:boite|plaquette|flacon|tube)\s+(?:entiere?\s+)?(?:de|d')|\b(?:boite|plaquette|flacon|tube)\s+entiere?\s+de\s+(?:medicaments|cachets|medocs|comprimes|pilules|somniferes)",
        r"\b(?:stocke|accumule|garde|cache|mets?\s+de\s+cote)\w*\s+(?:des|mes|les)\s+(?:medicaments|cachets|medocs|comprimes|somniferes|pilules)",
        r"(?<!tout\s)\b(?:fou\w{0,3}|mettre|mets)\s+en\s+l'?\s?air\b",
        r"\bsauter\s+(?:du|d'un|de\s+la|par\s+la)\s+(?:\d+\s?(?:e|eme)\s+)?etage|\blaisser\s+tomber\s+(?:du|d'un|par|dans)\s+(?:le\s+|la\s+)?(?:pont|toit|fenetre|balcon|falaise|vide|haut)",
        r"\blacher\s+le\s+volant\b|\b(?:me\s+planter|accident|foncer|crash\w*)\b[^.!?\n]{0,25}\b(?:expres|volontairement)\b",
        r"\bchercher?\w*\s+comment\s+(?:mourir|en\s+finir|me\s+(?:tuer|pendre|suicider|supprimer|flinguer|noyer|empoisonner)|se\s+(?:tuer|suicider|pendre))",
        r"\b(?:la\s+corde|le\s+vide|la\s+mort|le\s+pont)\s+m'\s?appel",
        # self-harm, fear of oneself
        r"\bme\s+suis\s+(?:encore\s+|a\s+nouveau\s+)?coupee?\s*(?:(?:hier(?:\s+soir)?|cette\s+nuit|ce\s+matin|ce\s+soir)\s*(?:[.,;!?\n]|$)|[.,;!?\n]|$|volontairement|expres|encore|a\s+nouveau)"
        r"|\bne\s+(?:veux|voudrais)\s+plus\s+etre\s+un\s+(?:fardeau|poids)\b",
        r"\bme\s+(?:fais|fait|faire|suis\s+fait\w*)\s+(?:du\s+)?mal\s+(?:expres|volontairement)|\b(?:envie|besoin|peur)\s+de\s+me\s+faire\s+(?:du\s+)?mal\b(?!\s+(?:au|a\s+la|aux|en))",
        r"\bpeur\s+de\s+moi(?:-?\s?meme)?\b|\bne\s+(?:reponds|repond)\s+plus\s+de\s+moi|\bscared\s+of\s+myself|\bje\s+suis\s+en\s+danger\b(?!\s+(?:financierement|economiquement|juridiquement|professionnellement))|\bi'?\s?a?m\s+in\s+danger\b",
        r"\b(?:une|ma|des|deux|plusieurs|premiere|derniere)\s+ts\b|\bts\s+(?:il\s+y\s+a|en\s+\d|l'an|l'annee|le\s+mois|la\s+semaine|recemment)",
        r"\bprete?s?\s+a\s+(?:mourir|partir\s+(?:definitivement|pour\s+toujours|pour\s+de\s+bon)|me\s+(?:tuer|pendre|jeter|foutre|supprimer))\b",
        r"\bsi\s+(?:\w+\s+){0,2}j(?:e\s+|'\s?)(?:n'\s?|ne\s+)?(?:etais|existais|serais)\s+(?:plus|pas)\s+(?:la|ici|de\s+ce\s+monde|en\s+vie)\b",
        r"\bsi\s+(?:seulement\s+)?je\s+pouvais\s+(?:juste\s+|simplement\s+)?(?:disparaitre|mourir|partir\s+pour|ne\s+(?:pas|plus|jamais)\s+me\s+reveiller|en\s+finir|m'\s?endormir)",
        r"\bdernieres\s+volontes\b|(?:^|[.!,;]\s*)adieu\s*(?:[.!]|$)",
        r"\b(?:pris|avale|prendre|avaler)\s+(?:\d{2,}|une\s+dizaine|une\s+vingtaine|une\s+trentaine|des\s+dizaines)\s+(?:de\s+)?(?:medicaments|cachets|medocs|comprimes|pilules|somniferes|gelules)"
        r"|\bbu\b[^.!?\n]{0,20}\b(?:pris|avale)\s+(?:des|mes|les)\s+(?:cachets|medicaments|medocs|comprimes|somniferes)"
        r"|\b(?:medicaments|cachets|medocs|comprimes|somniferes)\s+en\s+(?:grande\s+)?(?:quantite|masse)",
        r"\b(?:coup|ouv|taillad|tranch|entaill)\w*\s+(?:le|la|mon|ma)\s+(?:veine|poignet)s?\b|\bme\s+[^.!?\n]{0,40}\bjusqu'\s?au\s+sang\b",
        r"\b(?:1|une|ma|sa|des|deux|plusieurs)\s+ts\b|\b(?:ma|sa|une|derniere|premiere|seconde|deuxieme)\s+tentative\s*(?:[.,;!?\n]|$|ratee|manquee|avortee|de\s+suicide|d'\s?en\s+finir|il\s+y\s+a|en\s+\d|l'\s?an|l'\s?annee|le\s+mois|recemment)",
        r"\b(?:une\s+balle|un\s+coup\s+de\s+(?:fusil|feu)|une\s+corde|un\s+saut)\s+et\s+c'\s?est\s+(?:fini|regle|termine)",
        r"\b(?:ne\s+serai|serai)\s+plus\s+(?:un|une)\s+(?:probleme|poids|fardeau|charge)\b|\bne\s+passerai\s+pas\s+(?:noel|l'\s?hiver|la\s+nuit|la\s+semaine|le\s+week-end|l'\s?annee)\b(?!\s+(?:avec|en|chez|a|au|sans))",
        r"\bme\s+pend(?:rai|rais|s|ais|ait)\b|\bme\s+suis\s+(?:presque\s+)?pendue?\b",
        r"\bwish\s+i\s+(?:didn'?t|did\s+not|wouldn'?t|would\s+not|won'?t|never|could\s+not|couldn'?t)\s+(?:\w+\s+)?wake\b|\b(?:rather|prefer\s+to)\s+be\s+dead\b"
        r"|\b(?:cut|slit|slash)\w*\s+(?:my\s+)?wrists?\b|\bbought\s+(?:a|my)\s+(?:gun|rifle|shotgun|pistol)\b|\bkms\b",
        r"\b(?:m'|me|s'|se|t'|te)\s?(?:oter|enlever|retirer)\s+la\s+vie|\bgout\s+de\s+(?:mourir|disparaitre|en\s+finir)\b|\bote\w*\s+la\s+vie\b|\bdonn\w*\s+la\s+mort\b",
        r"\bme\s+vois\s+(?:sauter|me\s+(?:pendre|jeter|tuer)|partir\s+pour)|\bme\s+laiss\w*\s+(?:mourir|crever|deperir)\b|\bme\s+retrouve\w*\s+(?:morte?|pendue?)\b",
        r"\b(?:arreter|cesser|stopper)\b[^.!?\n]{0,25}\bde\s+respirer\b",
        r"\bready\s+to\s+(?:die|end\s+it|end\s+my\s+life)\b|\b(?:gonna|going\s+to|want\s+to|wanna|about\s+to)\s+jump\b(?!\s+(?:in|on|at|into|through|ship|start))"
        r"|\b(?:think\w*|thought)\s+(?:about|of)\s+(?:dying|death|suicide|killing\s+myself|ending\s+(?:it|my\s+life))|\bwant\s+it\s+(?:all\s+)?to\s+end\b"
        r"|\bwanna\s+end\s+it\b",
        r"\b(?:peur|crains|craindre|crainte|inquiete?)\s+pour\s+(?:ma|sa|leur|notre)\s+(?:propre\s+)?vie\b|\bfear\s+for\s+my\s+life|\bafraid\s+for\s+my\s+life",
        r"\bagress\w*\s+(?:au|avec\s+(?:un|une))\s+(?:couteau|arme|fusil|pistolet|hachette|machette)|\bme\s+faire\s+la\s+peau\b",
        r"\bce\s+que\s+je\s+(?:suis|serais)\s+capable\s+de\s+(?:faire|me\s+faire)\b|\btirer\s+ma\s+reverence\b(?![^.!?\n]{0,30}\b(?:boutique|commerce|metier|activite|retraite|clients?|magasin))",
        r"\bprepare\w*\s+(?:mon|ma)\s+(?:enterrement|obseques|mort)\b|\bplan\w*\s+my\s+(?:death|funeral|suicide)\b",
        r"\bpills\s+(?:saved|stockpiled|ready)|\bstockpil\w*\s+(?:pills|meds|tablets)|\bsaid\s+goodbye\s+to\s+my\s+(?:kids|children|family|wife|husband)",
        r"\b(?:envie|besoin|peur|veux|voudrais|pense\w*\s+a)\s+(?:de\s+)?me\s+(?:blesser|mutiler|couper|bruler|taillader|scarifier)\b(?!\s+(?:au|a\s+la|aux|en|sur|avec\s+(?:le|la|les)\s+(?:machine|outil|couteau\s+de\s+cuisine)))",
        r"\bplus\s+(?:etre\s+)?(?:de\s+ce\s+monde|sur\s+cette\s+terre)\b",
        r"\bne\s+plus\s+souffrir\s+(?:definitivement|pour\s+toujours|pour\s+de\s+bon)|\bpars\b[^.!?\n]{0,20}\bpour\s+toujours\b",
        r"\bretrouve\w*\s+avec\s+(?:une\s+corde|des\s+(?:cachets|medicaments|medocs)|un\s+(?:fusil|pistolet))|\b(?:pompiers|secours|samu)\b[^.!?\n]{0,30}\b(?:decroche|reanime)"
        r"|\bme\s+suis\s+ratee?\s*(?:[.,;!?\n]|$)|\brate\w*\s+(?:mon|ma)\s+(?:suicide|tentative)",
        r"\b(?:envie|veux|voudrais|aimerais|besoin)\s+(?:de\s+)?m'\s?(?:effacer|eteindre)\b",
        r"\bla\s+mort\s+(?:me\s+tente|m'\s?attire|ne\s+me\s+fait\s+plus\s+peur)|\b(?:plus|pas)\s+peur\s+de\s+(?:mourir|la\s+mort)\b|\bmourir\s+ne\s+me\s+fait\s+plus\s+peur",
        r"\bway\s+out\b[^.!?\n]{0,20}\b(?:death|dying|die|suicide)\b|\bnot\s+(?:going\s+to\s+)?be\s+(?:here|around)\s+(?:anymore|much\s+longer)|\bstop\s+(?:existing|living|breathing)\b",
        r"\b(?:veux|voudrais|envie|aimerais|souhaite\w*|vivement|besoin)\s+que\s+(?:tout|ca)\s+s'\s?arrete\b"
        r"(?![^.!?\n]{0,25}\b(?:fermer|vendre|liquider|ferme|boutique|commerce|activite|procedure|relances?|appels|harcelement))",
        r"\bne\s+serai\s+(?:bientot\s+|surement\s+|peut-etre\s+)?plus\s+la\b(?!\s+(?:pour|a|au|en|le|la|les|demain|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|cette|ce|de|d'|quand|apres|avant))",
        r"\b(?:jamais|pas)\s+etre\s+nee?s?\b|\bne\s+(?:pas|jamais)\s+naitre\b|\b(?:mourir|mourrai|crever|creverai|en\s+crever)\b[^.!?\n]{0,25}\btant\s+mieux\b",
        # erring on the side of safety for short, unambiguous SMS forms
        r"\b(?:veux|vais|voudrais|envie\s+de|aimerais|pense\s+a)\s+tout\s+finir\b"
        r"(?![^.!?\n]{0,25}\b(?:fermer|vendre|boutique|commerce|activite|dossier|chantier|travail|saison))",
        r"\bje\s+me\s+(?:frappe(?!\s+(?:la\s+tete|le\s+front))|mutile|taillade|coupe\s+(?:les\s+)?(?:bras|veines|poignets))\b",
        r"\b(?:femme|mari|enfants?|fils|fille|famille|parents)\s+(?:trouvera|trouveront)\s+(?:une|ma|la|mes)\s+lettres?\b",
        r"\bfound\s+me\s+with\s+(?:pills|a\s+rope|a\s+gun|a\s+knife)\b",
        # someone else
        r"\b(?:parle\w*|menace\w*|veut|voulait|pense\w*|envie)\s+(?:de\s+|d'\s?|a\s+)?(?:mourir|se\s+foutre\s+en\s+l'air|en\s+finir|se\s+suicider|mettre\s+fin\s+a\s+ses\s+jours|se\s+faire\s+du\s+mal)\b",
        r"\b(?:kill|hurt|harm|hang|shoot)(?:ing|ed|s)?\s+(?:himself|herself|themselves|themself)\b|\bend\s+(?:his|her|their)\s+(?:own\s+)?life",
    ])
)

# "me tuer" unless someone or something else does it ("ce boulot va me tuer").
_ME_TUER = re.compile(r"\bme\s+tue(?:r|rai|rais|rait)\b")
_NOT_SELF = re.compile(r"\b(?:va|vont|allait|vas|ca\s+va)\s+$")
# ... but a person threatening to do it is a danger to life ("il a dit qu'il allait me tuer").
_THREAT = re.compile(r"\b(?:il|elle|ils|elles|qu'\s?il|qu'\s?elle|qu'\s?ils)\s+(?:va|vont|allait|allaient|veut|veulent|voulait|menace\s+de)\s+$")

# "en finir" about something else ("en finir avec les dettes") is not a crisis.
_EN_FINIR = re.compile(r"\b(?:d'?\s?)?(?:en|an)\s+fini(?:re?|s|rai|rais)\b")  # "envi den finir"
_WITH_THING = re.compile(
    r"\s+avec\s+(?:les|le|la|l'|ce|cet|cette|ces|mon|ma|mes|son|sa|ses|un|une|des|notre|nos)\s*(\w+)"
)
_FIGURATIVE = re.compile(
    r"[\s.!,]*(?:financierement|economiquement|professionnellement|commercialement|au\s+(?:travail|boulot|taf)|a\s+la\s+tache"
    r"|de\s+(?:travail|boulot|fatigue|rire)|avec\s+(?:ses|ces|leurs|les|vos)\s+(?:charges|impots|taxes|factures|delais|prix|tarifs))"
)
_LIFE = frozenset({"vie", "existence", "jours", "tout"})


# SMS spellings read as the words they stand for, in a copy used for crisis rules only:
# "jveux" "je v faire" "ke" "tt" "plu" "mourirrr".
_SMS = [
    (re.compile(r"([a-z])\1{2,}"), r"\1"),
    (re.compile(r"\bj(?=(?:ai|en)\b)"), "j'"),
    (re.compile(r"\bj(?=(?:veu[xt]?|vai[sx]?|vé|v|pense|pens|voudrai[st]?|sui[sx]?|me|ne|peux|peu|sais|compte|prefere|songe|aimerai[st]?|m'|t'|l')(?![a-z]))"), "je "),
    (re.compile(r"\bje\s+(?:v|vé|vai)\b"), "je vais"),
    (re.compile(r"\bke\b"), "que"), (re.compile(r"\btt\b"), "tout"), (re.compile(r"\bts\b(?!\s+(?:en\s+\d|\d))"), "tous"),
    (re.compile(r"\bds\b"), "dans"), (re.compile(r"\bpr\b"), "pour"), (re.compile(r"\bplu\b"), "plus"),
    (re.compile(r"\bmm\b"), "meme"), (re.compile(r"\bd\s(?=[a-z])"), "de "), (re.compile(r"\bmourr?ire?s?\b"), "mourir"), (re.compile(r"\bpu\b"), "plus"), (re.compile(r"\bpa\b"), "pas"),
    (re.compile(r"\b(?:chui|chuis|jsuis|jsui|chu)\b"), "je suis"), (re.compile(r"\bveu\b"), "veux"),
]


def _sms(folded: str) -> str:
    for rule, repl in _SMS:
        folded = rule.sub(repl, folded)
    return folded


def crisis_spans(folded: str) -> list[tuple[int, int]]:
    """Where the crisis phrases of the folded text are (the rules above, without SMS respelling)."""
    return [m.span() for m in _CRISIS.finditer(folded)]


def is_crisis(folded: str) -> bool:
    """True when the folded text speaks of suicide, self-harm or a danger to life."""
    return _is_crisis(folded) or _is_crisis(_sms(folded))


def _is_crisis(folded: str) -> bool:
    for match in _CRISIS.finditer(folded):
        if not (match.group().endswith(("tuer", "tue")) and _FIGURATIVE.match(folded, match.end())):
            return True
    for match in _ME_TUER.finditer(folded):
        before = folded[max(0, match.start() - 24):match.start()]
        if _FIGURATIVE.match(folded, match.end()):
            continue  # "il veut me tuer... financièrement", "me tuer au travail"
        if not _NOT_SELF.search(before[-12:]) or _THREAT.search(before):
            return True
    for match in _EN_FINIR.finditer(folded):
        thing = _WITH_THING.match(folded, match.end())
        if thing is None or thing.group(1) in _LIFE:
            return True
    return False
