"""The language of an SMS: `en` when it is written in English, else `fr`."""
from __future__ import annotations

_EN = frozenset("""
i i'm im i've i'd i'll me my mine myself you your we our us he she they them their it its it's
the a an and or but of to in on at for from with about by is are was were be been being am
do does did don't dont can can't cant could would should will won't shall may might must
have has had not no yes please pls plz thanks thank hi hello hey morning afternoon evening
tonight today tomorrow tmrw tmr weekdays weekend monday tuesday wednesday thursday friday
saturday sunday call calling back need help want any time asap after before between this that
these those there here what when how who why which business company work job shop bank loan
debt money cash tax taxes employee employees staff lawyer court since lost feel feeling really
very so just also too all some more much many my running run own business's can't isn't
doesn didn haven isn wasn don won ll ve available free best would like name mrs ms
""".split())

_FR = frozenset("""
je j moi me mon ma mes tu te toi ton ta tes il elle on nous vous votre vos ils elles leur
leurs le la les l un une des du de au aux et ou mais donc car ni que qu qui quoi dont ce c
cet cette ces est suis sont sera etre ai a as avons avez ont avoir pas plus ne n rien tout
tous toute toutes tres bien aussi deja encore avec sans pour par sur sous dans chez en y se
bonjour bonsoir bjr bsr salut merci svp stp rappel rappeler rappelez appelez appeler appel
demain aujourd'hui aujourd hui matin soir midi apres aprem lundi mardi mercredi jeudi vendredi
samedi dimanche semaine dispo disponible possible besoin aide urgent entreprise boite societe
banque dettes impots numero tel portable heures jour jours depuis mois ans quand comment
pourriez pouvez voulez peux veux vais fait faire dois plutot vers entre avant partir des
""".split())


def detect(words: list[str]) -> str:
    """`en` when English words outnumber French ones, else `fr`.

    `words` are the folded words of the text (see normalize.words).
    """
    en = sum(1 for w in words if w in _EN and w not in _FR)
    fr = sum(1 for w in words if w in _FR and w not in _EN)
    return "en" if en > fr else "fr"
