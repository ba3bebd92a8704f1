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

The text read is the backstop's plain text with the near misses of not_crisis.txt blanked, so
"mis mes papiers en ordre pour le comptable" counts nothing.
"""
from __future__ import annotations

import re

_ME = r"(?:moi|me|m)"
_PILLS = (r"(?:cachets|medicaments|medocs|comprimes|somniferes|gelules|pilules|pills|tablets|"
          r"boites de \w+)")
_RELATIVE = (r"(?:femme|mari|epouse|enfants|enfant|fils|fille|filles|famille|parents|proches|"
             r"compagne|compagnon|wife|husband|kids|children|family|son|daughter)")

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
    r"each) (?:de|of) (?:mes|my)\b",
    # the family will find a letter, an envelope, a note
    r"\b" + _RELATIVE + r" (?:trouvera|trouveront|will find|ll find) (?:\w+ ){0,2}(?:lettre|enveloppe|"
    r"mot|message|note|letter|envelope)\b",
    # better off with the insurance
    r"\b(?:better off|mieux|plus tranquilles?) (?:\w+ ){0,4}(?:insurance|assurance)\b",
    r"\bif i (?:just |simply |only )?(?:wasn t|weren t|was not) (?:around|here)\b",
    # letting oneself go: "je pense à me laisser partir"
    r"\b(?:pense|pensais|envie|veux|voudrais|tente|songe|prefere) (?:\w+ ){0,2}(?:me laisser|"
    r"let myself) (?:partir|glisser|mourir|go|slip away|die)\b",
)]

_SCENE = {
    # an arrangement made
    "given": r"\b(?:donne|donner|donnes|distribue|offert|legue|leguer|given|gave|giving) (?:away )?"
             r"(?:\w+ ){0,3}(?:mes affaires|mes outils|mon chien|ma chienne|mon chat|mes chats|"
             r"mes animaux|ma moto|ma voiture|ma montre|mes bijoux|mes vetements|my dog|my cat|my "
             r"tools|my watch|my things|my stuff|my belongings|my guitar|my car)\b",
    "settled": r"\b(?:(?:tout|all) (?:\w+ )?(?:prepare|preparer|regle|regler|range|ranger|organise|"
               r"sorted|arranged|planned|in order|settled)|tout est (?:pret|prepare|regle|range|en ordre)|"
               r"(?:sorted|sort) (?:out )?(?:everything|my will|my affairs|my papers|things)|"
               r"everything (?:is |s )?(?:sorted|ready|in order|arranged)|"
               r"(?:mis|mets|mettre|remis) (?:tout|mes affaires|mes papiers|mes comptes) en ordre|"
               r"fini de tout (?:preparer|ranger|regler))\b",
    "will": r"\b(?:mon testament|my will|dernieres volontes|cancelled my (?:phone|contract|"
            r"subscriptions)|resilie mes abonnements|resilie mon (?:telephone|forfait))\b",
    "decided": r"\b(?:j ai pris ma decision|ma decision est prise|c est decide|i ve decided|i have "
               r"decided|my mind is made up)\b",
    "gone": r"\b(?:vide mon casier|rendu (?:les|mes) cles|laisse (?:les|mes) cles)\b",
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
                r"demain|ce soir|cette nuit|bientot|saturday|sunday|tonight|tomorrow)\b"
                r"|\b(?:demain|ce soir|cette nuit) c est (?:fini|termine) pour moi\b"
                r"|\bplus peur de rien\b",
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
