"""Crisis told as a scene: last arrangements and a farewell, without a word of death.

The phrase lists (crisis.txt) and the backstop (backstop.py) read wordings that name death, harm
or the means. People also write the scene itself: things given away, affairs settled "so that my
wife has nothing to deal with", "it will be simpler for everyone", letters to each child, a decision
"for Saturday". One such act alone is often a business story ("j'ai donné mes outils à mon
apprenti, je pars à la retraite"; "tout préparé pour le rendez-vous au tribunal"), so:

- `_FINAL` signs are a crisis alone: others freed of the writer ("ils n'auront plus à s'inquiéter
  pour moi"), the writer not lasting the winter, a farewell closing the text ("merci et adieu."),
  the means looked at or measured (pills stared at, "la dose qu'il faudrait", the railway walked to,
  a hose and the car);
- `_SCENE` signs count when two different ones are found in the same message: an arrangement made
  (things, a pet or a will given or settled, everything prepared or sorted, a decision taken) and
  what it is for (simpler for everyone, nobody left to deal with anything, "I won't need them",
  "je ne reviendrai pas", a date set with no object, someone told "just so somebody knows").

Round 8 added families written from what people mean, not from one wording (see NOTES.md): a time
limit asked about as well as stated ("jsp si je passerai Noël", "I don't think I'll be around for
Christmas"); asking how to do it without pain or without failing; a height or the means looked at
with "it would be so simple"; no way out but the window; not turning at the bend; swimming out
until out of one's depth; the family better off "without a father like me" or "would cope without
me"; no longer a problem for anyone; the last message ("la dernière fois que je vous écris"), love
relayed ("dites à ma fille que je l'aimais"); why wake up; everything switched off. Scene signs
added: thanks for everything, too late for me, asking forgiveness of the loved ones, "je suis
prêt.", no strength left to go on (said of nothing else), why go on, nobody waiting, relatives
freed or deserving better, the end for me.

The text read is the backstop's plain text with the near misses of not_crisis.txt blanked, so
"mis mes papiers en ordre pour le comptable" counts nothing.
"""
from __future__ import annotations

import re

_ME = r"(?:moi|me|m)"
_PILLS = (r"(?:cachets|medicaments|medocs|comprimes|somniferes|gelules|pilules|pills|tablets|"
          r"boites de \w+)")
_RELATIVE = (r"(?:femme|mari|epouse|enfants|enfant|fils|fille|filles|famille|parents|proches|gosses|"
             r"compagne|compagnon|wife|husband|kids|children|family|son|daughter)")

_SEASON = (r"(?:l hiver|noel|les fetes|l annee|la fin de l annee|le printemps|l ete|l automne|"
           r"la nouvelle annee|le nouvel an|mon anniversaire|janvier|fevrier|l annee prochaine)")
_SEASON_EN = (r"(?:christmas|xmas|new year|the new year|spring|summer|winter|the holidays|my birthday|"
              r"next year|the end of the year)")
# the means or a height (round 8: looked at, "it would be so simple", the only way out)
_MEANS = (r"(?:poutre|poutres|pont|viaduc|toit|vide|fenetre|balcon|falaise|parapet|rails|voie ferree|"
          r"corde|fusil|carabine|cachets|medicaments|medocs|riviere|beam|bridge|roof|ledge|rope|gun|"
          r"rifle|pills|river|tracks|cliff|railway|balcony|window)")
_EASE = (r"(?:ce serait|ce sera|ca serait|ca irait|it would be|it d be|would be|how) (?:\w+ )?"
         r"(?:si |tellement |so |too |vraiment |really )?(?:simple|facile|rapide|vite fait|easy|quick)\b"
         r"(?! (?:de|d|si|pour|a|to|if|that|for|with|avec) )")
_HOW = (r"(?:comment|renseigne|renseignee|renseigner|cherche|cherchais|recherche|recherches|savoir|"
        r"how|looked up|looking up|look up|researching|research|researched|googled|googling|searched)")
_MANNER = (r"(?:sans (?:me |m |se |s )?(?:rater|louper|manquer|souffrir|douleur|avoir mal)|"
           r"sans que (?:ca|cela) (?:ne )?fasse mal|que (?:ca|cela) (?:ne )?(?:me )?fasse pas mal|"
           r"(?:pour |pour ne |ne )?pas (?:souffrir|avoir mal|me rater|me louper|se rater|se louper)|"
           r"without (?:any )?(?:pain|suffering|failing|hurting|messing it up)|painless\w*|"
           r"(?:it )?(?:wouldn t|won t|doesn t) hurt)")
_LOVED = (r"(?:ceux que j aime|celles que j aime|ma famille|mes enfants|mes gosses|mes proches|ma femme|"
          r"mon mari|mes parents|ma fille|mon fils|mes filles|those i love|my family|my kids|my wife|"
          r"my husband|my children|my parents)")

_FINAL = [re.compile(p) for p in (
    # others freed of the writer: "ils n'auront plus à s'inquiéter pour moi", "won't have to
    # worry about me"
    r"\b(?:plus|pas|jamais|rien) (?:\w+ ){0,4}(?:s inquieter|s occuper|se soucier|se tracasser|"
    r"s en faire) (?:\w+ )?(?:pour|de) " + _ME + r"\b",
    r"\b(?:won t|will not|wont|no longer|never) (?:\w+ ){0,3}(?:worry|care|look after|deal with|"
    r"take care of) (?:\w+ )?(?:about |for )?me\b",
    # not lasting the winter, the holidays: "je ne vais pas passer l'hiver"
    r"\b(?:je|j) (?:ne )?(?:vais|passerai|tiendrai|verrai) (?:pas|plus|jamais) (?:\w+ )?"
    r"(?:l hiver|noel|les fetes|l annee|la fin de l annee|le printemps)\b"
    r"(?! (?:avec|en|chez|a|au|aux|sans|ici|la bas|tranquille)\b)",
    r"\bi (?:won t|will not|don t think i ll) (?:make it|see|last) (?:\w+ )?(?:through )?"
    r"(?:the winter|christmas|the new year|new year|the holidays)\b",
    # a farewell that closes the text or a sentence: "merci et adieu."
    r"\b(?:et|merci|pour tout|bye|goodbye) adieu (?:a tous |a vous |a tout le monde )?(?:\.|$)",
    r"\badieu (?:a tous|a vous|a tout le monde) (?:\.|$)",
    # the means looked at, counted or measured
    r"\b(?:regarde|regardais|fixe|fixais|contemple|aligne|alignes|alignees|staring at|looking at|"
    r"lined up|counting|counted) (?:\w+ ){0,2}" + _PILLS + r"\b",
    r"\b(?:la|quelle) dose (?:qu il (?:faut|faudrait|faudra)|mortelle|letale|fatale|necessaire "
    r"pour)\b|\b(?:lethal|fatal) dose\b|\bhow many (?:\w+ )?it would take\b",
    r"\b(?:marcher|aller|m allonger|me coucher|m asseoir|attendre|walk|go|lie down|sit) (?:\w+ ){0,3}"
    r"(?:sur|on|to|onto) (?:la |les |the )?(?:voie ferree|voies ferrees|rails|railway|tracks|"
    r"train tracks|railway line)\b",
    r"\b(?:tuyau|hose|hosepipe)\b(?=.{0,80}\b(?:echappement|exhaust|pret|prete|branche|ready|"
    r"scotche|taped)\b)",
    r"\b(?:voiture|garage|car)\b.{0,60}\b(?:tuyau|hose|hosepipe)\b",
    # a letter to the family saying it is not their fault, that I love them
    r"\b(?:lettre|lettres|mot|mots|message|letter|letters|note)\b.{0,80}\b(?:pas (?:leur|ta|votre|"
    r"de leur|de ta|de votre) faute|not (?:your|their) fault|je les aime|je t aime|je vous aime|"
    r"i love (?:you|them))\b",
    r"\b(?:lettre|lettres|mot|mots|letter|letters) (?:\w+ ){0,2}(?:a|pour|to|for) (?:chacun|chacune|"
    r"each) (?:de|of) (?:mes|my)\b(?! (?:\w+ )?(?:clients|clientes|salaries|salariees|employes|"
    r"fournisseurs|associes|partenaires|creanciers|customers|clients|staff|employees|suppliers)\b)",
    # the family will find a letter, an envelope, a note
    r"\b" + _RELATIVE + r" (?:trouvera|trouveront|will find|ll find) (?:\w+ ){0,2}(?:lettre|enveloppe|"
    r"mot|message|note|letter|envelope)\b",
    # better off with the insurance
    r"\b(?:better off|mieux|plus tranquilles?) (?:\w+ ){0,4}(?:insurance|assurance)\b",
    r"\bif i (?:just |simply |only )?(?:wasn t|weren t|was not) (?:around|here)\b",
    # letting oneself go: "je pense à me laisser partir"
    r"\b(?:pense|pensais|envie|veux|voudrais|tente|songe|prefere) (?:\w+ ){0,2}(?:me laisser|"
    r"let myself) (?:partir|glisser|mourir|go|slip away|die)\b",
    # --- Round 8 ---
    # a time limit asked about or doubted: "jsp si je passerai Noël", "pas sûr de voir le printemps"
    r"\b(?:si|que|sur|sure|doute|crois|pense) (?:\w+ ){0,2}(?:je|j) (?:passerai|verrai|tiendrai "
    r"jusqu a|serai (?:encore |toujours )?la (?:pour|a)) " + _SEASON + r"\b"
    r"(?! (?:avec|en|chez|a|au|aux|sans|ici|la bas|tranquille)\b)",
    # ...and not seeing oneself last it: "je ne me vois pas passer l'hiver." (a loan "pour
    # passer l'hiver", the shop that "ne passera pas l'hiver" are the business's winter)
    r"\b(?:me vois pas|me vois plus|m imagine pas|m imagine plus|doute de|pas sur de|pas sure de|"
    r"pas certain de|pas certaine de) (?:\w+ )?(?:voir|passer|atteindre) " + _SEASON + r"(?= \.| $)",
    r"\b(?:won t|will not|wont|don t think i ll|not going to|may not|might not|doubt i ll) (?:still )?"
    r"(?:be (?:around|here|alive)|make it|last|see) (?:for |by |at |until |to see |to |through )?"
    + _SEASON_EN + r"\b",
    # asking how to do it without pain or without failing
    r"\b" + _HOW + r" (?:\w+ ){0,8}" + _MANNER + r"(?= \.| $)",
    r"\b(?:moyen|methode|facon|maniere|way|method) (?:le |la |the )?(?:plus |moins |most |least |less )?"
    r"(?:douloureu\w*|radical|radicale|painful|painless|certain|sans douleur)\b(?! (?:de|d|pour|to|of|for) )",
    r"\bhow many (?:\w+ ){0,4}(?:it would take|would it take|it takes|would do it|i d need)\b",
    # the means or a height looked at, with "it would be so simple"; looking down from it
    r"\b" + _MEANS + r"\b.{0,120}\b" + _EASE, _EASE + r".{0,120}\b" + _MEANS + r"\b",
    r"\b(?:toit|pont|balcon|fenetre|falaise|etage|parapet|viaduc|immeuble|roof|bridge|balcony|window|"
    r"ledge|cliff|building)\b.{0,100}\b(?:regarde|regarder|regardais|regardant|fixe|fixais|looked|"
    r"looking|stared|staring) (?:\w+ )?(?:en bas|le vide|dans le vide|down|over the edge)\b",
    r"\b(?:looking at|look at|looked at|staring at|stare at|stared at|regarde|regardais|regarder|"
    r"contemple|fixe|fixais) (?:\w+ )?(?:la poutre|les poutres|la corde|the beam|the rope|the bridge|"
    r"the river|the rails|the tracks|the ledge)\b",
    r"\b(?:trouve|repere|choisi) (?:la|le|l|une|un|the|a) (?:bonne |\w+ )?(?:poutre|branche|corde|"
    r"endroit|beam|branch|spot) (?:qu il faut|qui ira|qui tiendra|qui fera l affaire|solide|ideale?|"
    r"that will hold|that would hold|for it)\b",
    # no way out but the means
    r"\b(?:plus|pas|aucune?|no|only) (?:d |de )?(?:autre )?(?:sortie|issue|solution|choix|option|"
    r"way out|other way|exit) (?:\w+ )?(?:que|than|but) (?:la |le |l |the |a )?(?:fenetre|pont|corde|"
    r"vide|rails|train|riviere|mort|fusil|mer|window|bridge|rope|river|death|gun|pills|cachets|"
    r"medicaments)\b",
    # not turning at the bend, driving on
    r"\b(?:ne pas|pas|sans|not|never|without|don t|won t) (?:\w+ )?(?:tourner|freiner|braquer|"
    r"m arreter|ralentir|turn|turning|brake|braking|stop|stopping|slow down) (?:\w+ ){0,2}(?:au|dans "
    r"le|dans un|at the|into the|on the|in the) (?:\w+ )?(?:virage|tournant|bend|curve|corner)\b",
    # swimming out until out of one's depth
    r"\bjusqu a ne plus (?:avoir pied|pouvoir (?:revenir|remonter|rentrer))\b",
    r"\b(?:nager|nage|swim|swimming|walk|walking|wade|wading) (?:\w+ ){0,3}(?:out to sea|into the sea|"
    r"until i can t (?:touch|stand|come back|get back))\b",
    # the family better off without "a father like me", coping without the writer
    r"\b(?:mieux|plus facile|plus simple|plus heureu\w*|tranquilles?|better|easier|happier) "
    r"(?:\w+ ){0,6}(?:sans (?:un|une) (?:\w+ ){1,2}comme moi|without (?:a|an) (?:\w+ ){1,2}like me)\b",
    r"\b(?:s en sortiraient|s en sortirait|se debrouilleraient|se debrouillerait|would cope|would manage|"
    r"would be fine|would do fine|d be fine|d cope|would get by|would be better) (?:\w+ ){0,3}"
    r"(?:sans moi|without me)\b",
    # no longer a problem for anyone
    r"\b(?:ne serai|serai|ne serais|won t be|will no longer be) (?:plus |bientot plus |a )?(?:un |une |a )?"
    r"(?:probleme|poids|fardeau|charge|souci|boulet|problem|burden|weight) (?:pour|a|to|for) "
    r"(?:personne|qui que ce soit|vous|eux|ma famille|mes proches|les miens|anyone|anybody|"
    r"my family|them)\b",
    # the last message; love relayed
    r"\b(?:derniere fois|dernier message|dernier sms|last time|last message) (?:\w+ )?(?:que |qu |that )?"
    r"(?:je |j |i |you ll |vous )(?:vous |te )?(?:ecris|ecrirai|ecrit|parle|contacte|texte|envoie|"
    r"write|text|message|hear from me|aurez de mes nouvelles)\b",
    r"\b(?:vous n entendrez|you won t hear|you ll never hear) (?:plus |jamais |again )?(?:parler )?"
    r"(?:de moi|from me)\b",
    r"\b(?:dites|dis|dire|dites lui|dis lui|tell|please tell) (?:a |to )?(?:\w+ ){0,3}(?:que |that )?"
    r"(?:je |j |i )(?:l |les |t |vous )?(?:aimais|aimerai toujours|ai toujours aime|aime|love|loved)"
    r"(?: (?:her|him|them|you))?\b",
    # why wake up; everything switched off
    r"\b(?:a quoi bon|pourquoi|why) (?:me |se |m |even )?(?:reveiller|wake up)\b",
    r"\b(?:que tout|tout|que ca|que la lumiere) s eteign\w*\b",
    r"\b(?:envie|veux|voudrais|want) (?:\w+ ){0,3}(?:me lever|me reveiller|get up|wake up)\b"
    r"(?=.{0,30}\b(?:ni demain ni jamais|plus jamais|jamais plus|ever again)\b)",
    # a death insurance that pays for them
    r"\b(?:mon|ma|l|my) assurance (?:vie|deces)\b.{0,80}\b(?:payee|paye|paiera|paierait|"
    r"rembourse\w*|couvrira|couvrirait|servira|pour eux|pour elle|pour ma famille|pour mes enfants)\b",
    r"\bau moins (?:avec )?(?:mon |ma |l )?assurance (?:vie|deces)\b",
    # stones in the pockets
    r"\b(?:pierres|cailloux) dans (?:les|mes) poches\b|\b(?:stones|rocks) in (?:my |the )?pockets\b",
    # --- Round 9 ---
    # an accident wished for: "je roule vite en espérant un accident", "qu'un camion me percute"
    # (not a setback, "un accident de parcours", nor an accident feared or insured)
    r"\b(?:en esperant|j espere|j esperais|esperer|j aimerais|je voudrais|je souhaite|souhaiter|"
    r"je prie pour|envie d) (?:avoir |faire |que j aie |qu il m arrive )?(?:un accident|un accident "
    r"mortel)\b(?! de (?:parcours|travail|chantier))",
    r"\bqu un (?:accident|camion|train|poids lourd) (?:m emporte|me percute|me fauche|m ecrase|"
    r"me renverse)\b",
    r"\b(?:hoping|hope|wish|wishing|praying) (?:for |i (?:have|had|get|got|would have) )?"
    r"(?:an accident|a crash|a fatal accident)\b",
    r"\b(?:drive|drove|driving|roule|roulais|conduis|conduisais) (?:\w+ ){0,3}(?:expres|on purpose)"
    r"\b.{0,60}\b(?:accident|crash|platane|arbre|mur|tree|wall)\b",
)]

_SCENE = {
    # an arrangement made
    "given": r"\b(?:donne|donner|donnes|distribue|offert|legue|leguer|rendu|confie|place|given|gave|"
             r"giving|rehomed) (?:away )?"
             r"(?:\w+ ){0,3}(?:mes affaires|mes outils|mon chien|ma chienne|mon chat|mes chats|"
             r"mes animaux|le chien|la chienne|le chat|ma moto|ma voiture|ma montre|mes bijoux|mes vetements|my dog|my cat|my "
             r"tools|my watch|my things|my stuff|my belongings|my guitar|my car)\b",
    "settled": r"\b(?:(?:tout|all) (?:\w+ )?(?:prepare|preparer|regle|regler|range|ranger|organise|"
               r"sorted|arranged|planned|in order|settled)|tout est (?:pret|prepare|regle|range|en ordre)|"
               r"(?:sorted|sort) (?:out )?(?:everything|my will|my affairs|my papers|things)|"
               r"everything (?:is |s )?(?:sorted|ready|in order|arranged)|"
               r"(?:mis|mets|mettre|remis) (?:tout|mes affaires|mes papiers|mes comptes) en ordre|"
               r"fini de tout (?:preparer|ranger|regler)|tout (?:\w+ )?en ordre|"
               r"tidied (?:up )?everything|tidied everything up)\b",
    "will": r"\b(?:mon testament|my will|dernieres volontes|cancelled my (?:phone|contract|"
            r"subscriptions)|resilie mes abonnements|resilie mon (?:telephone|forfait))\b",
    "decided": r"\b(?:j ai pris ma decision|ma decision est prise|c est decide|i ve decided|i have "
               r"decided|my mind is made up)\b",
    "gone": r"\b(?:vide mon (?:casier|bureau)|rendu (?:les|mes) cles|laisse (?:les|mes) cles)\b",
    # what it is for
    "simpler": r"\b(?:plus simple|mieux|plus facile|easier|simpler|better) (?:\w+ )?(?:pour|for) "
               r"(?:tout le monde|tous|eux|elle|lui|ma femme|mon mari|ma famille|everyone|everybody|"
               r"them|my wife|my family)\b(?! (?:si|if|que|de|d|to|when|quand)\b)",
    "nothing_left": r"\b(?:n ait|n aient|n aura|n auront|n aurait|n auraient|ait|aient|aura|auront|"
                    r"won t have to|doesn t have to|will not have to|never has to) (?:plus |rien |pas )?"
                    r"(?:rien )?(?:a gerer|a faire|a s occuper|a regler|deal with|worry|sort out|"
                    r"handle)\b",
    "no_need": r"\b(?:n en aurai plus besoin|n en aurai pas besoin|en aurai plus besoin|"
               r"won t (?:need|be needing) (?:them|it|those|any of it))\b",
    "not_back": r"\b(?:ne reviendrai (?:pas|plus|jamais)|won t be (?:coming )?back|won t come back)"
                r" (?:\.|$)",
    "date_set": r"\b(?:c est|it s) pour (?:samedi|dimanche|lundi|mardi|mercredi|jeudi|vendredi|"
                r"demain|ce soir|cette nuit|bientot|ce week end|le week end|saturday|sunday|tonight|"
                r"tomorrow|this weekend)\b"
                r"|\b(?:demain|ce soir|cette nuit) c est (?:fini|termine) pour moi\b"
                r"|\bplus peur de rien\b",
    # --- Round 8 ---
    "thanks_all": r"\b(?:merci pour tout|merci de tout|thank you for everything|thanks for everything|"
                  r"thanks for all)\b",
    "too_late": r"\b(?:trop tard pour moi|pour moi c est trop tard|too late for me|c est trop tard)\b",
    "apology": r"\b(?:pardon|desole|desolee|sorry|pardonnez moi|forgive me) (?:\w+ ){0,3}(?:a |pour |to )?"
               + _LOVED + r"\b",
    "ready": r"\b(?:je suis|chui|i m|i am) (?:pret|prete|ready)(?= \.| $)",
    "no_strength": r"\b(?:plus|pas|aucune|no|not) (?:la |de |d |the |any )?(?:force|courage|energie|"
                   r"strength|energy) (?:left )?(?:de |d |to )?(?:continuer|tenir|me battre|lutter|"
                   r"avancer|go on|carry on|keep going|fight)(?= \.| $| et | and )",
    "why_go_on": r"\b(?:pourquoi|a quoi bon|why|what s the point of) (?:\w+ )?(?:continuer|go on|"
                 r"carry on|keep going)\b(?! (?:a|de|d|with|to|la|le|les|this|the) )",
    "nobody_waits": r"\b(?:personne|nobody|no one) (?:ne )?(?:m attend|me retient|is waiting for me|"
                    r"waits for me|would miss me|keeps me here)\b",
    "freed": r"\b(?:" + _RELATIVE + r"|she|he|they|elle|il|ils|elles) (?:\w+ ){0,3}(?:seront|seraient|"
             r"sera|serait|will be|would be|d be|d) (?:enfin |finally )?(?:be )?(?:libres?|tranquilles?|"
             r"en paix|free|at peace|relieved|soulag\w*)\b",
    "unworthy": r"\b(?:merite|meritent|deserves|deserve) (?:mieux|better) (?:que|than) (?:moi|me|un |une |a )",
    "end_me": r"\b(?:c est|ce sera|this is|it s) (?:la fin|fini|termine|the end) (?:pour moi|for me)\b",
    "no_point": r"\b(?:see|vois) (?:the|any|plus|pas) (?:point|interet|sens)(?: anymore| any more| de rien|"
                r" a rien)?(?= \.| $| [a-z]+ would)",
    "instructions": r"\b(?:left|leave|leaving|written|wrote|laisse|ecrit|laisser) (?:\w+ )?(?:des |mes )?"
                    r"(?:instructions|consignes) (?:for|to|a|pour) (?:my |ma |mon |mes )?" + _RELATIVE + r"\b",
    "complete": r"\b(?:il ne manque plus rien|plus rien a regler|nothing left to (?:do|sort|settle))\b",
    "tonight": r"\b(?:tout arreter|en finir|tout finir|tout stopper) (?:ce soir|cette nuit|demain)\b",
    # --- Round 9 ---
    # what is needed got ready, to go: "j'ai préparé ce qu'il faut pour partir" (not to leave
    # for somewhere: "pour partir en retraite", "pour partir à l'étranger")
    "ready_to_go": r"\b(?:prepare|rassemble|achete|trouve|got|prepared|bought|gathered) (?:\w+ )?"
                   r"(?:ce qu il (?:me )?faut|le necessaire|tout ce qu il faut|what i need|everything i "
                   r"need) (?:pour|to) (?:partir|m en aller|le faire|go|leave|do it)\b"
                   r"(?! (?:en|a|au|aux|dans|sur|chez|pour|de|on|to|for|with|avec|abroad)\b)",
    "told": r"\b(?:que quelqu un (?:le )?sache|prevenir quelqu un|dire au revoir|dit au revoir|"
            r"someone to know|somebody to know|why i m texting|pourquoi je vous ecris)\b",
}
_SCENE_RES = {name: re.compile(p) for name, p in _SCENE.items()}


def told_as_scene(plain: str) -> bool:
    """True when the plain text (backstop._plain, near misses blanked) holds a final sign, or two
    different scene signs."""
    if any(sign.search(plain) for sign in _FINAL):
        return True
    return sum(1 for sign in _SCENE_RES.values() if sign.search(plain)) >= 2
