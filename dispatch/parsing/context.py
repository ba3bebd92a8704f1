"""Whether a time mention is one the person gives for a callback.

A mention is void when it is negated ("pas le matin", "sauf lundi"), past
("jeudi dernier", "ce week-end c'était dur"), busy ("le matin je travaille"),
the time of another event ("l'audience est lundi") or a duration ("4h par
nuit"). Looked for in the mention's clause of the folded text.
"""
from __future__ import annotations

import re

from .crisis import crisis_spans
from .mention import DayKind, Mention, WinKind, open_end

_CLAUSE_END = re.compile(
    r"[.!?;\n(),]|\b(?:mais|but|donc|so|par\s+contre|en\s+revanche|however|sinon|otherwise)\b"
)
_FILL = (
    r"le|la|les|l|du|de|des|d|en|au|aux|a|dans|pendant|on|in|at|the|during|je|j|ne|n|suis|serai"
    r"|sera|dispo|disponibles?|libres?|joignable|me|m|moi|appeler|appelez|rappeler|rappelez|call"
    r"|available|free|am|i|im|ce|cette|cet|this|ca|c|svp|stp|pls|please|peux|pourrai|pourrais|trop"
    r"|vraiment|surtout|est|is|be|are|y|vous|nous|tout|toute|\d{1,2}\s?h\d{0,2}|talk|speak|answer"
    r"|parler|discuter|repondre|decrocher|etre|possible|pick|up|reached|reach|called|phone|t"
    r"|rappels?|appels?|calls?|coups?\s+de\s+(?:fil|telephone)"
)
_NEG_BEFORE = re.compile(
    rf"(?:^|[^\w'])(?:pas|sauf|excepte|except|hors|ni|not|no|jamais|never|impossible|indisponible"
    rf"|occupee?|busy|prise?|travaille|bosse|taffe|turbine|work|working|non|can'?t|cannot|won'?t|unable\s+to|(?:suis"
    rf"|serai|serais|sera|etre|etais)\s+plus(?=\s+(?:la|ici|dispo\w*|disponible\w*|joignable"
    rf"|libre)\b))(?:[^\w]+(?:{_FILL}))*[^\w]*$"
)
_ACT = re.compile(
    r"\b(?:en\s+fini[rs]|an\s+finir|finir\s+(?:ma\s+vie|mes\s+jours)|mourir|me\s+tuer|me\s+suicider"
    r"|suicid\w*|passer\s+a\s+l'\s?acte|con+e?rie|betise|foutre\s+en\s+l'?\s?air|me\s+pendre"
    r"|kill\s+myself|hurt\s+myself|end\s+it(?:\s+all)?|end\s+my\s+life"
    r"|something\s+stupid)\b[^\w]*(?:\w+[^\w]+){0,2}$"
)
_EXCEPT = re.compile(r"[^\w']*(?:sauf|excepte|except|hors)\b")
_PAST_BEFORE = re.compile(
    rf"(?:^|[^\w'])(?:depuis|since|hier|yesterday|last|il\s+y\s+a"
    rf"|avant-hier)(?:[^\w]+(?:{_FILL}))*[^\w]*$"
)
_DURATION_BEFORE = re.compile(
    r"(?:^|[^\w'])(?:il\s+y|pendant|durant|en|dors|dort|dormi|dormir|sleep|slept|sleeping|for"
    r"|seulement|que|plus\s+de|moins\s+de|fait|sous|dans|toutes\s+les|tous\s+les|only|over|bosse"
    r"|travaille|work|(?:journees|semaines|nuits|days|weeks|shifts)\s+(?:de|of))\s*$"
)
_DURATION_AFTER = re.compile(
    r"\s*(?:par\b|/\s?(?:jour|nuit|semaine|j)\b|per\b|a\s+(?:day|night|week)\b|of\s+sleep"
    r"|de\s+(?:sommeil|route|travail|boulot|trajet|retard|plus|moins|queue|attente|decalage|train"
    r"|voiture)\b|d'\s?(?:affilee|attente)|ago\b|max\b|maximum|minimum|de\s+suite|sur\s+\d|hours?\b"
    r"|starts?\b|shifts?\b|wake[\s-]?ups?\b"
    r"|heures?\s+de|d'\s?ici\b|de\s+chez\b)"
)
_EVERY_AFTER = re.compile(r"\s*(?:chaque\b|tous\s+les|toutes\s+les|every\b)")
_POST_FILL = (
    r"je|j|ne|n|c|ce|ca|i|im|it|its|s|is|am|est|suis|on|y|la|le|l|me|m|moi|perso"
    r"|personnellement"
)
_VOID_AFTER = re.compile(
    rf"^(?:[^\w]+(?:{_POST_FILL})(?![a-z0-9]))*[^\w]*(?:pas\b(?!\s+(?:avant|apres|trop))|non\b"
    rf"|impossible|indisponible|occupee?|prise?\b|busy"
    r"|travaille|bosse|taffe|turbine|work\b|working|not\b|can'?t|cannot|doesn'?t|won'?t|peux\s+pas|peut\s+pas"
    r"|pourrai\s+pas|suis\s+pas|c'?\s?est\s+(?:pas|mort|complique)|ca\s+(?:va\s+)?pas|(?:j'\s?ai"
    r"|ai)\b(?!\s+(?:le|du|un|une)\s+(?:temps|moment|creneau|minute))|avais|avait|etait|etais"
    r"|c'?\s?etait|a\s+ete|ont\s+ete|was\b|were\b|had\b|dernier|derniere|passee?\b|ago\b"
    r"|au\s+tribunal|en\s+(?:reunion|rdv|rendez-vous|deplacement|vacances|conges?)|au\s+(?:travail"
    r"|boulot|marche|magasin|salon|restaurant|resto|garage|bureau|chantier)|a\s+l'\s?atelier"
    r"|a\s+la\s+boutique|sur\s+(?:les\s+marches|un\s+chantier|les\s+chantiers)|en\s+(?:formation"
    r"|cuisine|service|tournee))"
)
_EVENT = re.compile(
    r"\b(?:audiences?|tribunal|convoca\w*|convoque\w*|jugement|reunions?|hearing|meeting"
    r"|appointment|echeances?|livraison|inventaire|hopital|operation|enterrement|obseques|mariage"
    r"|vacances|conges?|expertise|huissier|controleur|controle|\bpasse\b|(?:j'\s?)?(?:ouvre|ferme"
    r"|commence|finis|termine|debauche|embauche|rentre|quitte|sors)\b|\b(?:finish|finishes|close|closes"
    r"|get\s+off|leave\s+work|clock\s+off)\b|\b(?:au|en)\s+(?:travail"
    r"|boulot|chantier|clientele|tournee|service|cuisine|deplacement|livraison)\b"
    r"|\b(?:a\s+l'\s?atelier|a\s+la\s+boutique|au\s+magasin|au\s+salon|au\s+restaurant|au\s+resto"
    r"|au\s+garage|sur\s+les\s+marches|au\s+marche|en\s+formation|en\s+rendez-vous|en\s+rdv)\b"
    r"|\bsur\s+(?:un|le|les|mes)\s+chantiers?\b|\bmes\s+horaires\b|\bhoraires\s+(?:de\s+travail"
    r"|d'ouverture)|\bdepot\s+de\s+bilan|\bliquidation|\bsaisies?\b|\bexpulsion|\bprelevements?\b"
    # English: "I'm at the shop till 7", "on a job till 4", "at the market all day Saturday"
    r"|\b(?:at|in)\s+(?:the|my)\s+(?:shop|market|office|salon|bakery|restaurant|site|workshop|studio"
    r"|farm|garage|gym|store|pub|cafe|kitchen)\b|\bat\s+work\b|\bon\s+(?:a|the)\s+(?:job|site|shift)\b"
    r"|\bon\s+shift\b|\bat\s+the\s+market\b"
    # "le chantier qui démarre lundi", "je me lève à 4h"
    r"|\b(?:demarre|debute)\b|\bme\s+(?:leve|reveille|couche)\b"
    r"|\bdue\b|\bdeadline\b|(?:j'\s?ai|ai|un|mon|ma|notre|j'\s?avais)\s+(?:un\s+)?(?:rdv"
    r"|rendez-vous)|(?:rdv|rendez-vous)\s+(?:avec|chez|au|aux|a\s+la|a\s+l'|at|with)\s+(?!vous|moi"
    r"|toi|nous))"
)
_CALLBACK = re.compile(
    r"\b(?:dispo\w*|disponible\w*|rappel\w*|appel\w*|joign\w*|joindre|libres?|call\w*|available"
    r"|free|contact\w*|rdv\s+tel\w*)\b"
)
_FEW_WORDS = re.compile(r"[^\w]*(?:[\w']+[^\w]+){0,3}")


def _act_just_before(text: str, head: int, start: int) -> bool:
    """A crisis phrase of the clause at most three words before the time, no callback word
    between: the time of the act ("me jeter sous un train ce matin", "take all my pills
    tonight"; not "j'en finis, rappelez-moi demain")."""
    return any(head <= first and last <= start and _FEW_WORDS.fullmatch(text, last, start)
               and not _CALLBACK.search(text, last, start) for first, last in crisis_spans(text))


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
    if mention.day and _BUT_EXCEPT.search(text, max(0, mention.start - 30), mention.start):
        mention.void = mention.negated = mention.excepted = True  # "any day but Friday"
        return
    negation = _NEG_BEFORE.search(before)
    if (_ACT.search(before) or _act_just_before(text, head, mention.start)
            or any(a <= mention.start < b for a, b in crisis_spans(text))):
        # "jveux en finir ce soir", "I might hurt myself tonight": the time of the act
        mention.void = True
        return
    if negation and invert_open_end(mention, negation.group(), before):
        return
    if (negation and _BUSY.match(negation.group()) and mention.win
            and mention.win.kind is WinKind.RANGE and _CALL_AFTER.match(text, mention.end)):
        # "je bosse de 8h à 17h, rappelez après": from the end of work on
        mention.win = open_end(WinKind.AFTER, mention.win.end)
        return
    if negation:
        mention.void = True
        mention.negated = True
        mention.excepted = bool(_EXCEPT.match(negation.group()))
    elif (_PAST_BEFORE.search(before) or _spent_past(text, mention, before)
          or (_void_after(after) and not _still_there(before, after)) or (
            _told_of(text, mention, before))):
        mention.void = True
    elif mention.win and mention.win.kind in (WinKind.CLOCK, WinKind.RANGE) and (
        # "seulement 4h", not "seulement entre 12h et 13h"
        (_DURATION_BEFORE.search(before) and not _BETWEEN.match(text, mention.start))
        or _DURATION_AFTER.match(text, mention.end)
        # "4h toutes les nuits", not "à 14h tous les jours"
        or (mention.weak and _EVERY_AFTER.match(text, mention.end))
    ):
        mention.void = True
    else:
        events = list(_EVENT.finditer(before))
        if (events and mention.day and not mention.win
                and _UNTIL_A_TIME.search(before, events[-1].end())):
            return  # "I'm at the shop till 7 today": the day of the open end read the other way
        if events and not _CALLBACK.search(before, events[-1].end()):
            # "en réunion jusqu'à 15h", "au boulot jusqu'à 18h": busy until then, free after
            # (not "avant": "déposer le bilan avant 18h" is a deadline)
            if _UNTIL.match(text, mention.start) and invert_open_end(mention, ""):
                return
            if (mention.win and mention.win.kind is WinKind.CLOCK
                    and _END_OF_WORK.fullmatch(events[-1].group())
                    and _CALL_AFTER.match(text, mention.end)):
                # "je finis à 18h, appelez-moi après": from the end of work on
                mention.win = open_end(WinKind.AFTER, mention.win.start)
                return
            mention.void = True


# "any day but Friday", "every evening but Thursday": "but" after days is "except"
_BUT_EXCEPT = re.compile(
    r"\b(?:days?|weekdays?|evenings?|mornings?|afternoons?|time|week)\s+(?:but|bar)\s+(?:not\s+)?"
    r"(?:on\s+)?$"
)
_SINCE_AFTER = re.compile(r"\s*(?:since|depuis)\b")
# "il a posté ce soir", "on m'a dit ce matin": today's part after a past verb is when it happened
_PAST_VERB_BEFORE = re.compile(
    r"\b(?:a|ai|as|avons|avez|ont|avait|avaient)\s+(?:\w+\s+)?[a-z]+(?:e|es|i|is|it|u|us|t)\s*$"
)


def _told_of(text: str, mention: Mention, before: str) -> bool:
    """A habit since a time ("Working every weekend since March"), or a part of today after a
    past verb ("Il a posté ce soir sur Facebook")."""
    day = mention.day
    if day is None:
        # the part of "ce soir" (a day and a window at one place)
        return bool(mention.win and mention.win.kind is WinKind.PART
                    and _TODAY_PART.match(text, mention.start) and _PAST_VERB_BEFORE.search(before))
    if day.kind in (DayKind.SET, DayKind.WEEKEND) and _SINCE_AFTER.match(text, mention.end):
        return True
    return (day.kind, day.number) == (DayKind.RELATIVE, 0) and bool(_PAST_VERB_BEFORE.search(before))


_TODAY_PART = re.compile(r"(?:ce|cet|cette|this)\s|tonight|2night")


_UNTIL = re.compile(r"jusqu|until|till\b|til\b")
_UNTIL_A_TIME = re.compile(r"\b(?:jusqu'?\s?(?:a|au)|until|till|til)\s+[^,.;!?]{1,12}$")
_BETWEEN = re.compile(r"(?:entre|between|de|du|from)\s")
_END_OF_WORK = re.compile(
    r"(?:j'\s?)?(?:finis|termine|debauche|quitte|sors|ferme)|finish|finishes|close|closes"
    r"|get\s+off|leave\s+work|clock\s+off"
)
_CALL_AFTER = re.compile(
    r"[\s,;.!]*(?:(?:vous\s+pouvez\s+|pouvez-vous\s+|merci\s+de\s+)?(?:m'\s?)?(?:rappel|appel"
    r"|call|contact|joind|dispo|libre)[\w-]*(?:[\s-]+(?:moi|me|svp|stp))*\s+)?"
    r"(?:juste\s+|donc\s+)?(?:apres|after(?:wards)?|ensuite)(?!\s*\d)(?!\s+(?:midi|le|la|les|l'|ma|mon))"
)
_BEFORE_NEXT = re.compile(rf"(?:[^\w]+(?:{_FILL}))*[^\w]*(?:avant|jusqu|before|until|till)\b")
_AFTER_NEXT = re.compile(rf"(?:[^\w]+(?:{_FILL}))*[^\w]*(?:apres|after)\b")


_PLACE_AFTER = re.compile(
    r"[^\w]*(?:au\s+(?:travail|boulot|magasin|salon|restaurant|resto|garage|bureau|chantier)"
    r"|a\s+l'\s?atelier|a\s+la\s+boutique|at\s+(?:the\s+)?(?:office|shop|work))\b"
)
_STILL = re.compile(r"\b(?:encore|toujours)\s+(?:la|sur\s+place)\b|\bstill\s+(?:here|there|at|in)\b")


_ALL_OF = re.compile(r"(?:^|[^\w'])(?:toute?s?(?:\s+(?:la|le|l'|les))?|all)\s*$")


def _spent_past(text: str, mention: Mention, before: str) -> bool:
    """A part of the day spent in the past ("j'ai regardé la poutre toute la soirée", "I sat
    there all evening"; round 8): "toute la" before it and a past verb in its clause."""
    return bool(mention.win and mention.win.kind is WinKind.PART and not mention.day
                and _ALL_OF.search(text, 0, mention.start)
                and (_PAST_TENSE.search(before) or re.search(r"\b(?:was|were|sat|spent|stayed)\b", before)))


def _still_there(before: str, after: str) -> bool:
    """A place after the time that tells where the person can be called, not that they are busy:
    "encore là après 18h au bureau si vous voulez m'appeler" (round 8): still there before the
    time, or a callback word after the place in the clause."""
    place = _PLACE_AFTER.match(after)
    if place is None:
        return False
    return bool(_STILL.search(before) or _CALLBACK.search(after, place.end()))


def _void_after(after: str) -> bool:
    """A negation, a busy mark or a past written after the mention voids it; not a negation of
    an open end, which is read the other way (_inverted) and keeps the day ("demain je ne suis pas
    dispo avant 14h" is tomorrow from 14:00)."""
    match = _VOID_AFTER.match(after)
    if not match:
        return False
    if _BEFORE_NEXT.match(after, match.end()):
        return False
    return not (_AFTER_NEXT.match(after, match.end()) and not _BUSY.search(match.group()))


_BUSY = re.compile(r"[^\w']*(?:occupee?|busy|prise?|travaille|bosse|taffe|turbine|work|working)\b")


def negation_before(text: str, mention: Mention) -> str:
    """The negation or busy mark that voids the mention from before it in its clause, or ""."""
    head, _ = _clause_bounds(text, mention.start, mention.end)
    negation = _NEG_BEFORE.search(text, head, mention.start)
    return negation.group() if negation else ""


# A busy mark negated ("je ne travaille pas après 14h", "je ne bosse pas demain avant 14h") says
# when the person is free, not busy: two negations, not read the other way (nor taken as said).
NOT_BUSY = re.compile(
    r"\bn(?:e|')?\s*(?:travaille|bosse|taffe|suis\s+pas\s+(?:occupee?|prise?|au\s+travail))\s+pas\b"
    r"|\bne\s+(?:travaille|bosse|taffe)\b|\b(?:don'?\s?t|do\s+not|not)\s+work"
)


def invert_open_end(mention: Mention, negation: str, clause: str = "") -> bool:
    """Read a negated open end as the other one, as the spec reads "pas avant 18h": "je ne peux
    pas parler avant 18h", "impossible avant 17h30" are 18:00/17:30 onward, "pas dispo après 17h"
    is before 17:00; busy until a time ("je travaille jusqu'à 18h") is free after it. Busy from a
    time tells nothing ("je bosse dès 6h": 6h would read 18:00), nor does "sauf" ("impossible sauf
    après 18h" means only then)."""
    win = mention.win
    if (win is None or win.kind not in (WinKind.AFTER, WinKind.BEFORE)
            or _EXCEPT.match(negation) or NOT_BUSY.search(clause)
            or (win.kind is WinKind.AFTER and _BUSY.match(negation))):
        return False
    if win.kind is WinKind.BEFORE:
        mention.win = open_end(WinKind.AFTER, win.end)
    else:
        mention.win = open_end(WinKind.BEFORE, win.start)
    mention.win.inverted = True
    return True


# A day opening a statement about the situation ("Aujourd'hui je me sens épuisée", "demain la banque
# saisit le compte") is not a callback day: a subject follows it and its clause has no callback
# word, no preference and no window.
_SUBJECT_AFTER = re.compile(
    r"\s*,?\s*(?:je|j'|j|on|il|elle|nous|ils|elles|c'\s?est|c'\s?etait|i|i'm|im|we)(?![a-z])"
    r"|\s*(?:ca|la|le|les|l'|mon|ma|mes|notre|nos|tout|rien|personne|the|my|it|things"
    r"|everything)(?![a-z])"
)
_CALLBACK_WORDS = re.compile(
    r"\b(?:dispo\w*|disponible\w*|rappel\w*|appel\w*|joign\w*|joindre|libres?|call\w*|available"
    r"|free|contact\w*|rdv\s+tel\w*|possible|preference|plutot|idealement|mieux|bien|bon|ok|okay"
    r"|d'accord|peux|peut|pourrai|pourra|pourrais|pourrait|pouvez|pouvons|serai|suis\s+la|temps"
    r"|me\s+va|ca\s+va|ca\s+ira(?:it)?|irait|marcherait|conviendrait|m'\s?arrange|arrange|convient|ideal\w*|parfait|top|prefer\w*|can|could|reach"
    r"|ring|phone|parl(?:e|er|ons)|talk|chat|around|good|best|fine|works?|great|decroche\w*|repond\w*"
    r"|repos|off"
    r"|answer\w*)\b"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_PAST_TENSE = re.compile(
    r"\b(?:a|ai|as|avons|avez|ont|avait|avaient|m'\s?a|m'\s?ont)\s+(?:\w+\s+)?"
    r"\w+(?:e|es|ee|ees|i|is|u|us)\b"
)


# "Dimanche au repas de famille il a dit ...": a past told a few words after the day
_PAST_TOLD_AFTER = re.compile(
    r"[^.!?;,\n]{0,30}?\b(?:je|j'|il|elle|on|ils|elles|nous)\s*(?:m'|l'|lui|leur|y|en|ne|n')?\s*"
    r"(?:a|ai|as|avons|avez|ont|avait|avaient)\s+(?:\w+\s+)?[a-z]+(?:e|es|i|is|it|u|us|t)\b"
)


def statement_part(text: str, mention: Mention) -> bool:
    """A part of the day opening a statement: "le soir je capte mal", "les soirs je suis crevé" (a
    subject follows it and its clause has no callback word)."""
    head, tail = _clause_bounds(text, mention.start, mention.end)
    return bool(_SUBJECT_AFTER.match(text, mention.end)
                and not _CALLBACK_WORDS.search(text, head, tail))


def narrative_day(text: str, mention: Mention, others: list[Mention]) -> bool:
    """True when the day opens a statement about the situation, not a callback request: a subject
    follows it, and no callback word, preference or window goes with it in its clause, nor in a
    clause of its sentence that does not give a time of its own ("ce matin la banque a bloqué mon
    compte, rappel demain"; but "ce soir je suis seule, appelez-moi")."""
    head, tail = _clause_bounds(text, mention.start, mention.end)
    if not _SUBJECT_AFTER.match(text, mention.end):
        told = _PAST_TOLD_AFTER.match(text, mention.end)
        return bool(told and told.end() <= tail
                    and not _CALLBACK_WORDS.search(text, head, told.end()))
    if _CALLBACK_WORDS.search(text, head, tail):
        return False
    if any(head <= m.start < tail and m.win and m.start != mention.start for m in others):
        return False
    today = mention.day is not None and (mention.day.kind, mention.day.number) == (
        DayKind.RELATIVE, 0)
    nowadays = today and not any(m.start == mention.start and m.win for m in others)
    if nowadays or _PAST_TENSE.search(text, mention.end, tail):
        # "aujourd'hui je suis à bout" (nowadays), an event told ("ce matin la banque a bloqué")
        return True
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, mention.start)), default=0)
    end = _SENTENCE_END.search(text, mention.end)
    for word in _CALLBACK_WORDS.finditer(text, start, end.start() if end else len(text)):
        c_head, c_tail = _clause_bounds(text, word.start(), word.end())
        if not any(c_head <= m.start < c_tail and m.start != mention.start for m in others):
            return False  # the callback word asks for this day
    return True


_FIRST_PERSON_VERB = re.compile(
    r"(?:^|[^\w'])(?:je\s+|j'\s?|j\s+|i\s+|on\s+)(?:ne\s+|n'\s?)?[a-z]+(?:[^\w.!?]+[\w']+){0,6}[^\w]*$"
)


_THIRD_PERSON_VERB = re.compile(
    r"(?:^|[^\w'])(?:ils?|elles?|se|s')\s*(?:ne\s+|n'\s?)?[a-z]+(?:[^\w.!?]+[\w']+){0,4}[^\w]*$"
)


def habit(text: str, mention: Mention, others: list[Mention],
          first_person_only: bool = False) -> bool:
    """True when a set of days (or a part of the day) tells a habit, not a time for the call: it
    follows a first-person verb in a clause without callback word or window ("je pleure tous les
    soirs", "je n'arrive plus à ouvrir ma boutique le matin"), or, for a set of days, another
    statement in a sentence without callback word ("les fournisseurs me relancent tous les
    jours")."""
    head, tail = _clause_bounds(text, mention.start, mention.end)
    before = text[head:mention.start]
    if _CALLBACK_WORDS.search(text, head, tail) or re.search(r"\b(?:suis|serai)\b", before):
        return False
    if any(head <= m.start < tail and m.win and not m.void and m.start != mention.start
           for m in others):
        return False
    if first_person_only and any(head <= m.start < tail and m.day and not m.void for m in others):
        return False
    if _FIRST_PERSON_VERB.search(before):
        return True
    if first_person_only and _THIRD_PERSON_VERB.search(before):
        return True  # "mes employés se battent toute la journée"
    if first_person_only or len(re.findall(r"[a-z']+", before)) < 2:
        return False  # "Tous les jours sauf lundi", "Dispo ... , tous les jours"
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, mention.start)), default=0)
    stop = _SENTENCE_END.search(text, mention.end)
    return not _CALLBACK_WORDS.search(text, start, stop.start() if stop else len(text))
