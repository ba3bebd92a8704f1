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

from .crisis import crisis_spans

_EQUILIBRE = (
    r"stress\w*|fatigu\w*|tired|epuise\w*|epuisement|exhaust\w*|creve(?:e|s|es)?\b(?!\s+de\s+(?:faim|froid|chaud|soif|rire))|\bmoral\w*|deprim\w*|depress\w*"
    r"|isole(?:e|s|es|ment)?\b|isolat\w*|lonel\w*|solitude"
    r"|(?:me\s+sens|sens|senti|suis|retrouve|tout|toute|feel)\s+(?:tres\s+|si\s+|trop\s+|so\s+|very\s+|\w+ment\s+|tellement\s+|really\s+|completely\s+|totally\s+)?(?:seule?s?|alone)\b"
    r"|burn[\s-]?out|burn(?:t|ed)\s+out|surmenage|sommeil"
    r"|(?:ne\s+)?dor(?:s|t|mons|ment|mez)\s+(?:plus|pas|mal|que|\d|presque)|dormir|insomni\w*"
    r"|\b(?:pas|plus|peu|mal|jamais)\s+dormi\b|\bdormi\s+que\b|nuits?\s+blanches?|(?:can'?t|cannot|don'?t)\s+sleep"
    r"|sleep\w*|\bslept\b|\bfamille\b(?![^.!?\n]{0,25}\bsans\s+moi\b)|\bfamily\b|vie\s+(?:de\s+famille|familiale|de\s+couple|perso\w*|privee)|\bmon\s+couple\b"
    r"|divorc\w*|\bsepar(?:ation|ee?s?)\b|decourag\w*|demoralis\w*|confiance\s+en\s+moi"
    r"|\b(?:ma\s+femme|mon\s+mari|ma\s+compagne|mon\s+compagnon|mon\s+conjoint|ma\s+conjointe|mon\s+epouse?|ma\s+copine|mon\s+copain|my\s+(?:wife|husband|partner|girlfriend|boyfriend))\s+(?:est\s+partie?|m'\s?a\s+quitte\w*|me\s+quitte|veut\s+(?:me\s+quitter|divorcer|partir|se\s+separer)|menace\s+de\s+(?:partir|me\s+quitter|divorcer)|ne\s+(?:me\s+)?supporte\s+plus|(?:has\s+)?left(?:\s+me)?\b|wants\s+(?:a\s+)?(?:divorce|to\s+leave))"
    r"|\bne\s+(?:vois|vois\s+presque)\s+(?:plus|jamais|pas)\s+(?:mes\s+(?:enfants|gosses|petits|proches)|ma\s+(?:famille|femme|fille)|mon\s+(?:mari|fils))"
    r"|\bnever\s+see\s+my\s+(?:kids|children|family)"
    r"|\b(?:bosse|travaille|taffe|work(?:ing)?)\s+(?:\d+\s?h|\d+\s+heures|\d+\s+hours)\s+(?:par|a|per)\s+(?:semaine|jour|week|day)"
    r"|\bsurcharge\w*|\b(?:bosse|travaille|taffe|ouvert|suis\s+la)\s+(?:7\s?j\s?/\s?7|7\s+jours\s+sur\s+7|non[\s-]stop|sans\s+(?:arret|relache|repos))|\bme\s+tue\s+(?:au\s+travail|a\s+la\s+tache|au\s+boulot)|\bplus\s+de\s+vie\b(?!\s+(?:de|d'))|\btrop\s+seule?s?\b|\bsi\s+seule?s?\b|\b(?:me\s+sens|suis|completement|totalement)\s+videe?s?\b|\bmalaises?\b|tomb\w*\s+dans\s+les\s+pommes|evanoui\w*|\bpersonne\s+(?:a\s+qui\s+parler|pour\s+m'\s?(?:aider|ecouter|soutenir))"
    r"|\bne\s+me\s+parlent\s+plus\b|\b(?:no\s+one|nobody)\s+to\s+talk\s+to\b"
    r"|\b(?:pas|plus|jamais)\s+(?:pris\s+)?(?:de\s+|d')\s*(?:vacances|conges|repos|jours?\s+de\s+repos|jours?\s+off)\b"
    r"|\bno\s+(?:holidays?|vacation|days?\s+off)\b|\bgout\s+a\s+rien\b|\bplus\s+envie\s+de\s+rien\b"
    r"|\bne\s+veux\s+plus\s+me\s+lever\b"
    r"|\b(?:fais|fait|faisons|bosse|travaille|enchaine)\s+des\s+(?:semaines|journees)\s+de\s+\d+\s?(?:h\b|heures)"
    r"|\b(?:semaines?|journees?|weeks?|days?)\s+(?:de\s+|of\s+)?\d+\s?(?:h\b|heures|hours)"
    r"|\b(?:travaille|bosse)\s+(?:trop|autant|sans\s+arret|tout\s+le\s+temps|jour\s+et\s+nuit|comme\s+un\s+fou)"
    r"|\b(?:gerer|faire|porter|assumer|tiens|tient|gere|geres|fais|porte|assume)\s+(?:tout\s+)?seule?s?\b"
    r"|\bseule?\s+(?:face|a\s+tout)\b|\boverwork\w*|\bsante\b|\bmaladie\b|\bmalade\b|\bhealth\b|angoiss\w*|anxi\w*"
    r"|panique|pleur\w*|larmes|overwhelm\w*|mental\w*|psycholog\w*"
)
_FINANCIER = (
    r"tresorerie|\btreso\b|dettes?\b|endett\w*|\bdebts?\b|\bbanques?\b|banquier|\bbank(?!rupt)\w*|urssaf|impaye\w*"
    r"|unpaid|\bprets?\b(?!\s+(?:a|pour)\b(?!\s+ete\b))|\bpge\b|emprunt\w*|\bcredits?\b|\bloans?\b|(?<!en\s)(?<!a\s)\bcharges\b"
    r"|decouvert|overdraft|cash\s?flow|\bcash\b|\bargent\b|\bmoney\b|\bfric\b|factures?|invoices?|fournisseurs?"
    r"|suppliers?|\bloyers?\b|\brent\b|\bpa(?:yer|ie|ies|ient|ye|yes|yons|yent|yez|yais|yait)\b"
    r"|\bpay(?:ing|ments?)?\b|cotisations|\brsi\b|chiffre\s+d'affaires"
    r"|\b(?:mon|le|notre|du|son)\s+(?:chiffre|ca)\b(?!\s+\d)|\bpas\s+rentable|\brentabilite|\bdeficit\w*"
    r"|\bpertes?\s+(?:d'exploitation|financieres?)"
    r"|\b(?:plus|pas|presque\s+plus|quasiment\s+plus)\s+(?:de|d'|beaucoup\s+de|assez\s+de|aucune?|un\s+seul|une\s+seule)\s*(?:client(?:e|ele)?s?|patients?|eleves?|adherents?|abonnes?|visiteurs?|travail|boulot|taf|commandes?|chantiers?|reservations?|ventes?|marches|contrats|missions?)\b"
    r"|perd\w*\s+(?:mes|des|nos|notre|mon|ma|ses|son|un|une|deux|trois|le|la)\s+(?:\w+\s+){0,3}(?:client(?:e|ele)?s?|marches?|contrats?|commandes?)"
    r"|lost\s+(?:my|our|two|three|a)\s+(?:\w+\s+){0,2}(?:clients?|customers?|contracts?)"
    r"|baisse\s+(?:d'activite|du\s+chiffre|de\s+chiffre)|\bno\s+(?:more\s+)?(?:work|customers|clients)\b"
    r"|\b(?:plus|pas)\s+un\s+(?:rond|sou|centime|euro)\b|\bfauchee?s?\b|\bdans\s+le\s+rouge\b|\ba\s+sec\b"
    r"|\b(?:je|j'|on|nous)\s*(?:dois|doit|devons)\s+(?:\d|plus\s+de\s+\d|pres\s+de\s+\d|des\s+sous|de\s+l'\s?argent)"
    r"|\bpaiements?\b|\bowe[sd]?\s+(?:me|us)\b|\b(?:me|nous)\s+doi(?:t|vent)\s+(?:\d|de\s+l'argent|des\s+sous)"
    r"|\b(?:pas|plus)\s+les\s+moyens\b"
    r"|\b(?:zero|aucun|aucune|peu\s+de)\s+(?:client\w*|commandes?|ventes?|reservations?|chantiers?)\b"
    r"|\b(?:plus\s+)?personne\s+ne\s+(?:vient|passe|achete|commande)\b|desabonn\w*|desinscri\w*|\bno\s+(?:more\s+)?customers\b"
    r"|\b(?:plus|pas|aucun)\s+(?:de\s+|d')?revenus?\b|\bsans\s+revenus?\b|\bno\s+income\b|perd\w*\s+de\s+l'\s?argent"
    r"|\bvid\w*\s+(?:le|les)\s+comptes?\b|\bcompte\s+(?:est\s+|a\s+ete\s+)?(?:bloque|vide|a\s+decouvert)"
    r"|\bruinee?s?\b|\bcan'?t\s+afford|\bafford\b|\bmortgage\b|\bmsa\b|\brevenue\b|\bfinanc\w*|\bbudget\b"
    r"|\bventes?\s+(?:ont\s+|a\s+|sont\s+)?(?:chute|baisse|plonge|s'\s?effondr|en\s+(?:baisse|chute))\w*"
    r"|\bsales\s+(?:are\s+|have\s+|has\s+|have\s+been\s+)?(?:down|dropp\w*|fall\w*|fell|collaps\w*|plummet\w*)"
    r"|rembours\w*|repay\w*|echeances?\b|\bsalaires?\b|\bcaisse\b|\bagios\b"
)
_JURIDIQUE = (
    r"tribuna\w*|redressement|sauvegarde|liquidation|depot\s+de\s+bilan|depos\w*\s+(?:le\s+|mon\s+)?bilan"
    r"|cessation\s+(?:des|de)\s+paiements?|mandataire|administrateur\s+judiciaire|judiciaire|litiges?|\bcontrats?\b"
    r"|\bcontracts?\b|avocat|lawyer|\bproces\b|procedure|\bjuge\b|jugement|audience|assign\w*|plainte|huissier\w*"
    r"|commissaire\s+de\s+justice|conciliation|mandat\s+ad\s+hoc|\bbail\b|bailleur|expulsion|lawsuit"
    r"|\bsu(?:e|es|ed|ing)\b|\blegal\b|receivership|insolven\w*|bankrupt\w*|faillite|mise\s+en\s+demeure|contentieux"
    r"|mettre\s+dehors|\bvirer\s+du\s+local|\bexpuls\w*|concurrence\s+deloyale|diffam\w*|escroqu\w*|arnaqu\w*"
    r"|\b(?:etre|ete|est|sont|soit)\s+liquidee?s?\b|juridiquement"
    r"|(?:aspects?|questions?|problemes?|soucis?|aide|conseils?)\s+juridiques?|plan\s+de\s+continuation|\bsaisies?\b"
    r"|\bjustice\b|\bbailiffs?\b|\bm'\s?attaqu\w*|\bme\s+poursui\w*\s+en\s+justice|reclam\w*\s+des\s+penalites|\brj\b|\blj\b|\bevict\w*|\blease\b"
    r"|conflit\s+avec\s+(?:un|une|mon|ma|mes|des|le|la|les|nos|notre)\s+(?:\w+\s+)?(?:clients?|fournisseurs?|bailleur|proprietaire)"
)
_SOCIAL = (
    r"salariee?s?\b|\bemployee?s?\b|\bstaff\b|\bequipes?\b|licenci\w*|\blaid\s+off\b|\blayoffs?\b|recrut\w*"
    r"|embauch\w*|\bhir(?:e|ing)\b|prud'?\s?hom\w*|\bpersonnel\b|apprenti\w*|ressources\s+humaines|\brh\b"
    r"|\b(?:mon|ma)\s+(?:second|seconde|sous[\s-]chef|chef\s+de\s+(?:cuisine|rang|chantier|equipe)|bras\s+droit|employee?|vendeu(?:r|se)|serveu(?:r|se)|cuisinier|cuisiniere|commis|ouvrier|ouvriere|apprentie?|assistante?|secretaire|preparat(?:eur|rice)|caissiere|chauffeur|livreur|coiffeuse|estheticienne)\b(?!\s+(?:m'\s?a|nous\s+a)\s+(?:dit|conseille))"
    r"|\blabou?r\s+(?:court|tribunal)|\bemployment\s+tribunal|demission\w*|\bresign\w*|\brecruit\w*"
    r"|\b(?:my\s+|our\s+|\d+\s+)?workers\b|\bmy\s+worker\b|\bwages?\b(?=\s+(?:dispute|claim))|harcel\w*"
    r"|\bse\s+(?:disputent|detestent|engueulent|battent|clashent|insultent)\b|\bne\s+s'\s?entendent\s+(?:plus|pas)\b"
    r"|\btensions?\s+(?:dans|avec|entre|au\s+sein)\b"
    r"|\bambiance\s+(?:est\s+|au\s+|dans\s+|a\s+l'|tres\s+)?(?:horrible|pourrie|tendue|terrible|insupportable|toxique|lourde|catastrophique|travail|boulot|equipe|atelier|magasin|cuisine)"
    r"|\b(?:mes|nos|un\s+de\s+mes|une\s+de\s+mes|deux\s+de\s+mes)\s+(?:deux\s+|trois\s+|quatre\s+|\d+\s+)?(?:serveu\w+|vendeu\w+|cuisinier\w*|gars|equipier\w*|esthetici\w+|coiffeu\w+|commis|compagnons|techniciens?|chauffeurs?|livreurs?|caissie\w+|preparat\w+|assistante?s?|secretaires?|stagiaires?|saisonnie\w+|interimaires?|macons|plombiers|electriciens|aides?[\s-]soignant\w*|infirmie\w+|animat\w+|moniteurs?|monitrices?|employees)\b"
    r"|rupture\s+conventionnelle|\bcd[di]\b|redundanc\w*|conflit\w*|conflict\w*|\bgreve\b|\bouvriers?\b"
    r"|collaborat\w*"
)
_ADMINISTRATIF = (
    r"demarches?|\baides\b|\baide\s+(?:de\s+l'etat|publique|regionale|de\s+la\s+region|a\s+la\s+creation)"
    r"|subvention\w*|\bgrants?\b|subsid\w*|impots?\b|\bimpot|\bfisc\w*|\btax(?:es)?\b|\btaxe?s\b|\btva\b|\bcfe\b"
    r"|declarations?\b|formalites?|dossiers?|paperasse|paperwork|papiers\b|administrati\w*|\bkbis\b|\bstatut\b"
    r"|conge\s+(?:maternite|paternite|parental)|cerfa|formulaires?|red\s+tape|\bvat\b|registration|\bforms\b"
    r"|\bpermits?\b|\blicen[cs]es?\b"
)
_REBOND = (
    r"reconver\w*|rebond\w*|repartir|(?:re)?trouver\s+(?:un|du)\s+(?:emploi|travail|job|boulot|poste)|retravailler"
    r"|(?:passer|devenir)\s+salarie\w*|reprendre\s+(?:un|le)\s+(?:travail|emploi|boulot)"
    r"|(?:re)?trouver\s+(?:un|du)\s+(?:cdi|cdd|taf|salaire|emploi\s+salarie)|redevenir\s+salarie\w*"
    r"|(?:retour|retourner)\s+au\s+salariat|(?:activite|emploi|poste|travail|job|contrat)\s+salariee?\b"
    r"|(?:creer|monter|lancer|ouvrir)\s+(?:une|un|ma|mon)\s+(?:nouvelle?\s+|autre\s+)?(?:boite|entreprise|societe|activite|affaire|commerce)"
    r"|nouvelle\s+(?:boite|entreprise|societe|affaire)|changer\s+de\s+(?:metier|voie)"
    r"|reprendre\s+(?:des\s+etudes|une\s+formation)|cherch\w*\s+(?:un|du)\s+(?:emploi|travail|job|boulot|poste)"
    r"|nouveau\s+(?:depart|projet|metier)|nouvelle\s+(?:activite|voie|vie\s+professionnelle)|pole\s+emploi"
    r"|france\s+travail|tourner\s+la\s+page|me\s+relancer|recommencer|chomage"
    r"|apres\s+(?:la|ma)\s+(?:fermeture|liquidation|faillite)"
    r"|(?:find|looking\s+for|get|new)\s+(?:a\s+)?(?:new\s+)?(?:job|career)|career\s+change|start(?:ing)?\s+over"
    r"|me\s+former\s+(?:a|au|pour|dans)|(?:un|une)\s+autre\s+(?:metier|activite|voie|branche)|nouveau\s+metier"
    r"|changer\s+de\s+(?:vie|secteur)|what\s+to\s+do\s+(?:with\s+my\s+life\s+)?after"
    r"|(?:going|go|get|getting)\s+back\s+to\s+(?:being\s+an?\s+)?(?:employee|employment|salaried|a\s+job|work)"
    r"|bounce\s+back|\bneed\s+(?:a\s+)?(?:new\s+)?(?:job|career)\b|retrain\w*|what\s+(?:to\s+do|comes)\s+next|next\s+chapter"
)
# A closure that has happened (or is decided): background for `rebond`.
_CLOSED = re.compile(
    r"\b(?:j'ai|on\s+a|nous\s+avons|il\s+a|elle\s+a)\s+(?:du\s+)?ferme\w*|\b(?:depuis|apres)\s+(?:la|ma|notre)\s+(?:liquidation|fermeture|faillite)\b|\b(?:a\s+ete|est|sont|ete|etre)\s+liquidee?s?\b"
    r"|\b(?:est|sont|a\s+ete)\s+(?:definitivement\s+)?fermee?s?\b|\bfermeture\s+definitive"
    r"|\b(?:closed|shut)\s+(?:down\s+)?(?:my|our|the)\b|\blost\s+(?:my|our)\s+(?:business|company|shop|restaurant)\b|\bhad\s+to\s+close\b"
    r"|\b(?:mise?|placee?)\s+en\s+liquidation|\bliquidation\s+(?:(?:a\s+ete|est)\s+)?(?:prononcee|cloturee|terminee|finie|close)"
    r"|\bdecide\w*\s+(?:de\s+(?:fermer|cesser|arreter)\s+(?:ma|mon|la|le|l'|notre|mes)|d'\s?arreter)"
    r"|\b(?:j'ai|on\s+a|nous\s+avons)\s+(?:arrete|cesse|stoppe)\s+(?:mon|ma|notre|l')\s*(?:activite|commerce|entreprise|societe|boite)"
    r"|\b(?:vends|vendre|vendu|cede|ceder)\s+(?:ma|mon|la|le|notre|l')\s*(?:boite|boutique|entreprise|societe|commerce|fonds"
    r"|restaurant|bar|magasin|affaire|salon|atelier|activite)"
    r"|\b(?:vais|dois|doit|va|allons|devoir|veux|voudrais|souhaite|souhaiterais|envisage\s+de|compte)\s+(?:devoir\s+)?fermer\b"
    r"|\bcessation\s+d'\s?activite|\b(?:is|are|will\s+be)\s+closing\b|\bwill\s+close\b"
    r"|\b(?:closing|selling)\s+(?:down\s+)?(?:my|our|the)\s+(?:business|shop|company|restaurant|workshop|store|bar|cafe|salon|studio"
    r"|gallery|practice|firm)"
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
    r"\s+(?:de\s+|d'|en\s+)$|\b(?:fait|fais|faisons|faire)\s+(?:du|de\s+la|des)\s+$"
)
_COUNT = re.compile(r"\b(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d+\s+a\s+\d+)\s+$")
_SIZE_AFTER = re.compile(r"\s*(?:\)|,|\.|;|$|et\b|dont\b|mais\b|dans\b|sur\b|au\s+total\b|en\s+tout\b|qui\s+(?:travaillent|dependent)|a\s+(?:charge|payer))")
_ENGLISH = [
    ("juridique", re.compile(r"\bcourts?\b|\bjudge\b|\bhearing\b")),
    ("social", re.compile(r"\bteam\b|\bfir(?:e|ed|ing)\s+(?:an?\s+|my\s+|some\s+|one\s+|two\s+)?(?:\w+\s+)?(?:employee|staff|worker|people)")),
]
_FORMER = re.compile(r"\b(?:ancien(?:ne)?s?|ex)[\s-]+$")
_REFERRAL = re.compile(
    r"\s*(?:\w+\s+){0,3}(?:m'\s?a|m'\s?ont|nous\s+a|nous\s+ont)\s+(?:conseille|oriente|recommande|envoye|redirige"
    r"|donne\s+(?:votre|ce|le|ton)\s+(?:numero|contact|tel)|dit\s+de\s+vous|parle\s+de\s+vous)"
)
_FUNDED_WITH = re.compile(
    r"\b(?:j'ai|on\s+a|nous\s+avons)\s+(?:ouvert|cree|monte|lance|repris|achete|demarre)\b[^.!?;\n]*\b(?:avec|grace\s+a)\s+"
    r"(?:un|une|des|le|la|l'|mon|ma|mes)\s*$"
)
_PARTY = re.compile(r"fournisseurs?|suppliers?|clients?|customers?")
_LEGAL_ACTION = re.compile(
    r"[^.!?;\n]{0,40}?\b(?:m'\s?attaqu\w*|me\s+poursui\w*|m'\s?assign\w*|port\w*\s+plainte|(?:me\s+)?reclam\w*\s+des\s+penalites"
    r"|menac\w*\s+de\s+(?:me\s+)?(?:poursuivre|proces|poursuites|m'\s?attaquer|porter\s+plainte)|is\s+suing|sues?\s+me|sued\s+me"
    r"|(?:is\s+)?taking\s+me\s+to\s+court|threaten\w*\s+to\s+sue)"
)
_RECONVERTED = re.compile(r"reconvertie?s?\s+(?:en|dans|comme)\b")
_REASSESSMENT = re.compile(r"\s+(?:de\s+l'\s?|d'|de\s+)?(?:urssaf|fiscal)")
_THIRD_PARTY_PAST = re.compile(
    r"\b(?:mes\s+parents|mon\s+pere|ma\s+mere|mon\s+frere|ma\s+soeur|mes\s+grands[\s-]parents|mon\s+oncle|ma\s+tante|eux"
    r"|l'ancien(?:ne)?\s+(?:proprietaire|gerante?|patron(?:ne)?)|mon\s+predecesseur|le\s+precedent\s+(?:proprietaire|gerant))"
    r"(?:\s+qui)?\s+(?:avai(?:en)?t|etai(?:en)?t|ont\s+(?:eu|connu|fait|subi|ete)|a\s+(?:eu|connu|fait|subi|ete))\b[^.!?;,\n]*$"
)
_INSOLVENCY = re.compile(r"faillite|bankrupt\w*|liquidation|redressement|receivership|insolven\w*|cessation\s+(?:des|de)\s+paiements?")
_PARTY_BEFORE = re.compile(
    r"\b(?:clients?|clientes?|customers?|fournisseurs?|suppliers?|donneurs?\s+d'\s?ordres?)\b(?:\s+[\w']+){0,4}\s+$"
)
_HARASSED_BY = re.compile(
    r"\s+(?:par|by)\s+(?:les|des|le|la|l'|mon|ma|mes|ses|the|my)\s*(?:huissier|creancier|banque|bank|fournisseur|urssaf|fisc|impots|recouvr"
    r"|societe\s+de\s+recouvrement|bailleur|proprietaire|creditor|debt)"
)
_NOT_AGAIN = re.compile(r"\b(?:peur|crainte|risque|envie)\s+de\s+$")
_STAFF_EVENT = re.compile(r"licenci|recrut|embauch|layoff|laid|demission|resign|recruit")
_DOSSIER_OTHER = re.compile(r"\w*\s+(?:de\s+|d'|au\s+|aupres\s+de\s+|a\s+la\s+|chez\s+)?(?:l'|la\s+|le\s+|mon\s+|ma\s+)?(\w+)")


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
    if (_REBOND_RULE.search(folded) or _WHAT_NEXT.search(folded, closed.end())) and closed.start() <= best[0]:
        return "rebond"
    return best[2]


_REBOND_RULE = _RULES[-1][1]
# After a closure, "je ne sais pas quoi faire maintenant" asks what comes next.
_WHAT_NEXT = re.compile(
    r"\b(?:quoi|que)\s+faire\s+(?:maintenant|apres|ensuite|de\s+ma\s+vie|desormais)|\bet\s+maintenant\s*\?"
    r"|\bwhat\s+(?:to\s+do\s+)?(?:now|next)\b"
)


def _set_aside(folded: str, match: re.Match, name: str) -> bool:
    before = folded[max(0, match.start() - 40):match.start()]
    if _NEGATED.search(before) or _TRADE.search(before):
        return True
    if _THIRD_PARTY_PAST.search(folded[max(0, match.start() - 80):match.start()]):
        return True  # "mes parents avaient connu un redressement": their story, not the person's need
    if (_FORMER.search(before) or _REFERRAL.match(folded, match.end())
            or _FUNDED_WITH.search(folded[max(0, match.start() - 80):match.start()])):
        return True  # "ancien salarié", "ma banque m'a conseillé de vous appeler", "ouvert avec un prêt"
    if name == "financier" and _PARTY.fullmatch(match.group()) and _LEGAL_ACTION.match(folded, match.end()):
        return True  # "mon fournisseur m'attaque", "a supplier is suing me": the party of a legal dispute
    if name == "rebond" and _RECONVERTED.match(folded, match.start()):
        return True  # "ancien avocat reconverti en restaurateur": a past change of trade
    if name == "juridique" and match.group() == "redressement" and _REASSESSMENT.match(folded, match.end()):
        return True  # "redressement URSSAF/fiscal": a reassessment, not the court procedure
    if name == "juridique" and _INSOLVENCY.fullmatch(match.group()) and _PARTY_BEFORE.search(before):
        return True  # "mon principal client a fait faillite": the party's procedure; the need is what it owes
    if name == "equilibre" and match.group() == "famille" and _BACKGROUND.search(before):
        return True
    if name == "equilibre" and any(a <= match.start() and match.end() <= b for a, b in crisis_spans(folded)):
        return True  # "fatigué de vivre", "un poids pour ma famille": crisis words state no need
    if name == "social" and match.group().startswith("harcel") and _HARASSED_BY.match(folded, match.end()):
        return True  # "harcelée par les huissiers": the harasser names the need
    if name == "rebond" and match.group() == "recommencer" and _NOT_AGAIN.search(before):
        return True  # "j'ai peur de recommencer" (an act), not starting over
    if name == "social" and _COUNT.search(before) and _SIZE_AFTER.match(folded, match.end()) and not _STAFF_EVENT.match(match.group()):
        return True  # "(12 salariés)", "j'ai 2 salariés et ...": the size of the business
    if name == "administratif" and match.group().startswith("dossier"):
        other = _DOSSIER_OTHER.match(folded, match.end())
        if other and any(n != name and r.search(other.group(1)) for n, r in _RULES):
            return True
    return False
