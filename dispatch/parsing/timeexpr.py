"""Time expressions in an SMS: the days and the windows it mentions.

`mentions(folded, language)` reads the folded text (see normalize.fold, phones
and e-mails masked) and returns, in text order, each day ("demain", "jeudi",
"le 3/12", "en semaine") and each window ("le matin", "14h-16h", "après 18h",
"à 14h") the person gives for a callback. Mentions that are negated ("pas le
matin", "sauf lundi"), past ("jeudi dernier", "ce week-end c'était dur"),
busy ("le matin je travaille"), about another event ("l'audience est lundi")
or durations ("4h par nuit") are marked so that they produce no slot.
Attaching windows to days is slots.py's work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clock import read_clock, read_range
from .context import check_context, habit, narrative_day

WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
    "lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6,
}
_EN_ABBR = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1, "fevrier": 2, "fevr": 2, "fev": 2, "february": 2,
    "feb": 2, "mars": 3, "march": 3, "mar": 3, "avril": 4, "avr": 4, "april": 4, "apr": 4, "mai": 5,
    "may": 5, "juin": 6, "june": 6, "jun": 6, "juillet": 7, "juil": 7, "july": 7, "jul": 7, "aout": 8,
    "august": 8, "aug": 8, "septembre": 9, "sept": 9, "sep": 9, "september": 9, "octobre": 10,
    "oct": 10, "october": 10, "novembre": 11, "nov": 11, "november": 11, "decembre": 12, "dec": 12,
    "december": 12,
}

# Parts of the day, in minutes since midnight.
MORNING, AFTERNOON, EVENING, DAYTIME = (540, 720), (840, 1080), (1080, 1260), (540, 1080)
_PARTS = [  # (pattern, window), longest phrases first
    (r"tot\s+le\s+matin|tot\s+dans\s+la\s+matinee|(?:le\s+|au\s+)?matin\s+(?:tres\s+)?tot|de\s+bonne\s+heure|de\s+bon\s+matin"
     r"|(?:en\s+)?debut\s+de\s+(?:la\s+)?matinee|early\s+(?:in\s+the\s+)?morning|first\s+thing(?:\s+in\s+the\s+morning)?"
     r"|(?:a|des)\s+la\s+(?:premiere|1ere|1re)\s+heure",
     (480, 600)),
    (r"(?:en\s+)?fin\s+d'\s?apres[\s-]?midi|(?:en\s+)?fin\s+d'\s?aprem|(?:en\s+)?fin\s+de\s+(?:la\s+)?journee"
     r"|late\s+(?:in\s+the\s+)?afternoon|(?:at\s+the\s+)?end\s+of\s+the\s+(?:work(?:ing)?\s+)?day|late\s+in\s+the\s+day",
     (1020, 1140)),
    (r"(?:en\s+)?debut\s+d'\s?apres[\s-]?midi|(?:en\s+)?debut\s+d'\s?aprem|early\s+(?:in\s+the\s+)?afternoon",
     (840, 960)),
    (r"(?:en\s+)?fin\s+de\s+(?:la\s+)?matinee|late\s+(?:in\s+the\s+)?morning", (660, 720)),
    (r"entre\s+midi\s+et\s+(?:deux|2)(?!\s?[h:\d])|pause\s+(?:dej\w*|de\s+midi|midi|repas)|(?:a\s+l'\s?)?heure\s+du\s+(?:dej\w*|repas)"
     r"|lunch\s?(?:time|break|hour)?|(?:le|ce)\s+midi|midis?|noon|midday", (720, 840)),
    (r"(?:(?:l'|les\s+|(?:dans|en|durant|pendant)\s+l')\s?)?(?:apres[\s-]?midis?|aprem|aprm|apm|ap[\s-]?midi)|(?:in\s+the\s+)?afternoons?"
     r"|apres\s+(?:le\s+|la\s+)?(?:dejeuner|dej|pause\s+(?:dej\w*|de\s+midi|midi))|after\s+lunch(?:time)?",
     AFTERNOON),
    (r"(?:(?:dans|durant|pendant)\s+la\s+|en\s+|la\s+)?matinee|(?:le\s+|les\s+|au\s+)?matins?|(?:in\s+the\s+)?mornings?",
     MORNING),
    (r"(?:(?:dans|durant|pendant)\s+la\s+|en\s+|la\s+)?soiree|(?:le\s+|les\s+)?soirs?|(?:in\s+the\s+)?evenings?", EVENING),
    (r"(?:toute\s+|tte\s+|tt\s+|dans\s+|ds\s+|en\s+|durant\s+|pendant\s+)la\s+journee|en\s+journee|(?:aux\s+)?(?:heures|horaires)\s+(?:de|du)\s+bureau"
     r"|(?:during|in)\s+the\s+day(?:time)?|daytime|(?:during\s+)?(?:office|business|working)\s+hours", DAYTIME),
]
_TODAY_PARTS = {  # "ce soir", "tonight": today and a window
    r"ce\s+mat(?:in)?|this\s+morning": MORNING,
    r"ce\s+midi|this\s+lunchtime": (720, 840),
    r"cet?t?e?\s+apres[\s-]?midi|cet?t?e?\s+aprem|this\s+afternoon|this\s+arvo": AFTERNOON,
    r"ce\s+soir|this\s+evening|tonight|tonite|2nite": EVENING,
}
_EVERY_PARTS = {
    r"matins\s+(?:tres\s+)?tot|matins\s+de\s+bonne\s+heure|early\s+mornings?": (480, 600),
    r"matins|mornings?": MORNING, r"midis|lunchtimes?": (720, 840),
    r"apres[\s-]?midis?|afternoons?": AFTERNOON, r"soirs|evenings?": EVENING,
}


@dataclass
class Day:
    kind: str  # "rel" (days after today), "weekday", "date", "dom" (day of month), "set", "weekend", "nextweek", "weekof"
    value: object = None  # offset, weekday, (year|None, month, day), day, frozenset of weekdays


@dataclass
class Win:
    start: int  # minutes since midnight; may pass 1440
    end: int
    kind: str   # "part", "clock", "range", "after", "before", "ampm"


@dataclass
class Mention:
    start: int
    end: int
    day: Day | None = None
    win: Win | None = None
    void: bool = False      # negated, past, busy, another event, a duration
    negated: bool = False   # "pas lundi", "sauf lundi": excluded from sets of days
    excepted: bool = False  # "sauf lundi": the rest of the request stands
    weak: bool = False      # a lone time with no "à"/"vers": kept only next to another mention


def _alt(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_AB = "(?:lun|mar|mer|jeu|ven|sam|dim)"
# Day abbreviations count when a time follows, after a dot, or in a list of them ("jeu ou ven").
_WD = (
    rf"(?:{_alt(k for k in WEEKDAYS if len(k) > 4 or k in ('mardi', 'jeudi', 'lundi'))})s?|(?:{_alt(_EN_ABBR)})\b\.?"
    r"|(?:lun|mar|mer|jeu|ven|sam|dim)(?:\.|(?=\s+\d{1,2}\s?[h:])"
    r"|(?=\s*(?:ou|et|,|/)\s*(?:lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b)"
    r"|(?<=\b(?:ou|et)\s(?:lun|mar|mer|jeu|ven|sam|dim))(?=\s+(?:matin|midi|soir|aprem|apres|\d{1,2}\s?[h:]))"
    + "".join(rf"|(?<={_AB}{sep}{_AB})(?![a-z])" for sep in (r"\sou\s", r"\set\s", r",\s", r"\s/\s", "/", ","))
    + ")"
)
_WDR = rf"(?:{_alt(WEEKDAYS)})s?"
_MON = rf"(?:{_alt(MONTHS)})(?![a-z])\.?"


def _time(p: str) -> str:
    """A clock time, its parts in groups named with prefix `p`."""
    number = (
        rf"(?<![\d:.,])(?P<{p}h>\d{{1,2}})(?!\d)"
        rf"(?:(?P<{p}u>\s?(?:h|heures?|hrs?|o'\s?clock)(?![a-z]))(?:[\s.]?(?P<{p}m>[0-5]\d(?!\d))(?:\s?(?:min|mn)\b)?)?"
        rf"|(?::|\.(?=[0-5]\d\s?[ap]\.?m\b)|\.(?=(?:00|15|30|45)(?![\d.,])(?!\s?(?:€|eur|%))))(?P<{p}c>[0-5]\d)(?!\d))?"
        rf"(?:\s?(?P<{p}ap>[ap])\.?m\b\.?)?"
        rf"(?:\s+(?P<{p}sf>du\s+mat(?:in)?|du\s+soir|de\s+l'\s?apres[\s-]?midi|de\s+l'\s?aprem|in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?"
    )
    return rf"(?:(?P<{p}mid>midi|noon|midday)(?:\s+et\s+(?P<{p}half>demie?))?|{number})"


_ALTERNATIVES = [
    ("date", rf"(?:(?:le|the|on)\s+)?(?:(?P<wd>{_WD})\s+)?(?:(?:le|the)\s+)?(?P<d>\d{{1,2}})(?!\d)(?:er|re|st|nd|rd|th|e|eme)?\s*(?:of\s+)?"
             rf"(?P<mon>{_MON})(?:\s+(?P<y>20\d\d))?"),
    ("date", rf"(?P<mon>{_MON})\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?(?![\d:])(?!\s?(?:h(?![a-z])|heures?|[ap]\.?m\b|:))"
             rf"(?:,?\s+(?P<y>20\d\d))?"),
    ("numdate", rf"(?:(?:le|the|on)\s+)?(?:(?P<wd>{_WD})\s+)?(?:(?P<pre>le|du|au|the|on)\s+)?(?<![\d/.:])(?P<d>\d{{1,2}})\s?/\s?(?P<mo>\d{{1,2}})"
             rf"(?:/(?P<y>\d{{2,4}}))?(?![\d/])(?!\s?(?:h(?![a-z])|heures?|:|[ap]\.?m\b))"),
    ("date", rf"(?:(?P<wd>{_WD})\s+|(?:le|du|au)\s+)(?P<d>\d{{1,2}})\.(?P<mo>\d{{1,2}})(?![\d.])(?!\s?(?:h(?![a-z])|heures?))"),
    ("dom", rf"(?:(?:le|the|on|ce)\s+)?(?P<wd>{_WD})\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:er)?(?![\d/.:])(?!\s?(?:h(?![a-z])|heures?|[ap]\.?m\b|:|-|/|et\s+\d))"),
    ("dom", r"(?:le|the)\s+(?P<d>\d{1,2})(?:er|st|nd|rd|th)?(?![\d/.:])(?!\s?(?:h(?![a-z])|heures?|[ap]\.?m\b|-))"
            r"(?=\s*,?\s*(?:a\s|vers\s|at\s|de\s+\d|entre\s|dans\s|en\s|au\s|le\s+(?:matin|soir|midi)|ou\s+le\s+\d|et\s+le\s+\d"
            r"|matin|apres|aprem|soir|midi|\d{1,2}\s?(?:h|:)))"),
    # An English ordinal is a day of the month ("on the 21st or 22nd in the afternoon").
    ("dom", r"(?:(?:on\s+)?the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)(?![a-z\d])(?!\s+(?:of\s+)?(?:" + _MON + r"))"),
    ("wdrange", rf"(?:(?:du|de|from)\s+)?(?P<w1>{_WDR})\s*(?:au|a|-|to|through|thru|till|until|jusqu'\s?au)\s*(?P<w2>{_WDR})(?![a-z])"),
    ("todaypart", "|".join(rf"(?P<tp{i}>{p})" for i, p in enumerate(_TODAY_PARTS)) + r"(?![a-z])"),
    ("rel", r"(?P<rel>apres[\s-]?demain|apres[\s-]?dem1?|(?:the\s+)?day\s+after\s+tomorrow|demain|dmain|2main|dem1|dm1|dmn|tomorrow|tmrw|tmrow|tmr"
            r"|tomorow|tommorow|tommorrow|2morrow|2moro|aujourd'?\s?hui|aujourdhui|auj|ajd|today|2day)(?![a-z])"),
    # "tous les matins de la semaine prochaine": the part of the day on each day of next week
    ("nextweekpart", r"(?:tous\s+les|ts\s+les|tt\s+les|every)\s+(?:" + "|".join(rf"(?P<nw{i}>{p})" for i, p in enumerate(_EVERY_PARTS))
                     + r")\s+(?:de\s+la\s+semaine\s+(?:prochaine|pro\b|d'apres|suivante)|next\s+week)"),
    ("everypart", r"(?:tous\s+les|ts\s+les|tt\s+les|every)\s+(?:" + "|".join(rf"(?P<ep{i}>{p})" for i, p in enumerate(_EVERY_PARTS)) + r")(?![a-z])"),
    ("everywd", rf"(?:tous\s+les|every)\s+(?P<wd>{_WD})"),
    ("nextweek", r"(?:(?:any\s+day|n'?\s?importe\s+quel\s+jour|tous\s+les\s+jours|chaque\s+jour)\s+(?:de\s+)?)?"
                 r"(?:la\s+semaine\s+(?:prochaine|pro\b|d'apres|suivante)|next\s+week)"),
    # "la semaine du 7 décembre": Monday to Friday of that week
    ("weekof", rf"(?:la\s+|the\s+)?(?:semaine|week)\s+(?:du|of|of\s+the)\s+(?:lundi\s+|monday\s+)?(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?"
               rf"\s*(?:(?P<mon>{_MON})|/\s?(?P<mo>\d{{1,2}}))"),
    ("every", r"(?:tous\s+les\s+jours|tlj|tljs|ts\s+les\s+jours|tt\s+les\s+jours|chaque\s+jour|n'?\s?importe\s+quel\s+jour)(?:\s+de\s+la\s+semaine)?|every\s?day|any\s+day|daily"),
    ("weekdays", r"en\s+semaine|(?<!dans\s)(?<!cette\s)(?<!toute\s)la\s+semaine(?!\s+(?:prochaine|derniere|passee|pro\b|d'apres|suivante|de\s+\d))"
                 r"|jours?\s+(?:de\s+(?:la\s+)?semaine|ouvres|ouvrables)|week\s?days?|during\s+the\s+week|in\s+the\s+week"),
    ("weekend", r"(?:(?:le|ce|les|this|the|on\s+the|at\s+the|over\s+the|during\s+the)\s+)?week[\s-]?ends?|(?:le|ce)\s+w-?e(?![a-z])"),
    ("weekday", rf"(?:(?P<pre>ce|cet|this|next|on|le|les|last|dernier)\s+)?(?P<wd>{_WD})"
                r"(?:\s+(?P<post>prochaine?|dernier|derniere|passee?|next|last|qui\s+vient|d'apres))?"),
    ("range", rf"(?:entre|between)\s+{_time('a')}\s*(?:et|and|&|-)\s*{_time('b')}"),
    ("range", rf"(?:(?:de|from|des|vers|around|about)\s+)?{_time('a')}\s*(?:-|/|>|a|au|to|till|until|jusqu'\s?a)\s*{_time('b')}"),
    ("part", "|".join(rf"(?P<pt{i}>{p})" for i, (p, _) in enumerate(_PARTS[:6])) + r"(?![a-z])"),
    ("after", rf"(?:apres|apr|ap|a\s+partir\s+de|a\s+partir\s+d'|des|pas\s+avant|after|from|not\s+before|no\s+earlier\s+than"
              rf"|a\s+compter\s+de|passe|past|later\s+than|plus\s+tard\s+que)\s*{_time('o')}"),
    ("before", rf"(?:avant|jusqu'\s?a|jusqu'\s?au|jusqua|pas\s+apres|before|until|till|til|up\s+to|no\s+later\s+than"
               rf"|not\s+after|not\s+later\s+than|d'\s?ici)\s*{_time('o')}"),
    # "18h30 au plus tard", "10h at the earliest": the open end written after the time
    ("before", rf"{_time('o')}\s*(?:au\s+plus\s+tard|grand\s+max(?:imum)?|dernier\s+delai|at\s+the\s+latest)"),
    ("after", rf"{_time('o')}\s*(?:au\s+plus\s+tot|at\s+the\s+earliest)"),
    ("part", "|".join(rf"(?P<pu{i}>{p})" for i, (p, _) in enumerate(_PARTS[6:])) + r"(?![a-z])"),
    ("clock", rf"(?:(?P<prep>a|vers(?:\s+les)?|at|around|about|aux\s+alentours\s+de|autour\s+de|sur\s+les|environ|env\.?|pour|~|des)\s*)?{_time('c')}"),
    ("ampm", r"(?P<ampm>am|pm|a\.m\.|p\.m\.|mat|night)(?![a-z])"),
]
_COMPILED = [(kind, re.compile(rf"\b(?:{pattern})")) for kind, pattern in _ALTERNATIVES]


def _strip_names(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_SCANNER = re.compile("|".join(
    rf"(?P<k{i}>\b(?:{_strip_names(p)}))" for i, (_, p) in enumerate(_ALTERNATIVES)
))

# Phrases that look like times but are not: greetings, "24h/24".
_NOT_TIMES = re.compile(
    r"\bbon(?:ne)?\s+(?:apres[\s-]?midi|aprem|soiree|journee|matinee|fin\s+de\s+(?:journee|semaine|soiree)|fin\s+d'apres[\s-]?midi"
    r"|nuit|week[\s-]?end|we|soir|semaine|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|debut\s+de\s+semaine)\b"
    r"|\bgood\s+(?:morning|afternoon|evening|night|day)\b"
    r"|\b(?:have|enjoy)\s+a\s+(?:\w+\s+)?(?:day|evening|weekend|week-end|afternoon|morning|night)\b"
    r"|^[\W_]*(?:morning|evening|afternoon|matin)(?=\s*[.,!]|\s*$)"
    r"|\b24\s?h?\s?/\s?24\b|\b24\s?h(?:eures)?\s+sur\s+24\b|\b24\s?/\s?7\b|\b7\s?j?\s?/\s?7\b|\b7\s?jours?\s+sur\s+7\b"
    r"|\bdans\s+(?:\d+|une|deux|trois|quelques)\s+(?:h\b|heures?|jours?|min\w*)"
)

_BARE_UNIT_AFTER = re.compile(
    r"\s*(?:mois|ans?\b|annees?|jours?|semaines?|%|€|eur|euros?|k\b|000|salari|employ|clients?|personnes?|fois|minutes?|min\b"
    r"|years?|months?|days?|weeks?|people|staff|impayes?|factures?|enfants?|ou\s+\d+\s+(?:mois|ans|jours|semaines)"
    r"|km\b|kms\b|kilometres?|metres?|miles?)"
)


def mentions(folded: str, language: str) -> list[Mention]:
    """The days and windows mentioned in the folded text, in order."""
    text = _NOT_TIMES.sub(lambda m: " " * len(m.group()), folded)
    found: list[Mention] = []
    for match in _SCANNER.finditer(text):
        index = int(match.lastgroup[1:])
        kind, pattern = _COMPILED[index]
        full = pattern.match(text, match.start())
        if full is None:
            continue
        for mention in _read(kind, full, language, text):
            check_context(text, mention)
            found.append(mention)
    found = _keep_ampm_after_days(found, text)
    for mention in found:
        if (mention.win and mention.win.kind == "part" and not mention.void and not mention.day
                and not any(m.day and m.start == mention.start for m in found)
                and habit(text, mention, found, first_person_only=True)):
            mention.void = True  # "je n'arrive plus à ouvrir ma boutique le matin": not a window for the call
            continue
        if not mention.day or mention.void:
            continue
        if (mention.day.kind in ("rel", "weekday") and narrative_day(text, mention, found)
                or mention.day.kind == "set" and habit(text, mention, found)):
            # "Aujourd'hui je me sens épuisée", "ce soir je me sens seul", "je pleure tous les soirs":
            # a statement about the situation, not a callback; the window written with the day goes too.
            for other in found:
                if other.start == mention.start:
                    other.void = True
    _spread_void(found, text)
    return found


_TIGHT = re.compile(r"(?:\s|\b(?:le|la|les|l'|du|de|en|au|a|dans|the|in|on|at)\b)*")


def _spread_void(found: list[Mention], text: str) -> None:
    """A day and a window written together share a negation or a busy mark:
    "pas dispo demain matin", "occupé toute la journée demain", "demain matin impossible"."""
    for _ in range(2):
        for first, second in zip(found, found[1:]):
            if (first.void != second.void and not (first.excepted or second.excepted)
                    and _TIGHT.fullmatch(text, first.end, second.start)):
                first.void = second.void = True
                first.negated = second.negated = first.negated or second.negated


def _read(kind: str, m: re.Match, language: str, text: str) -> list[Mention]:
    start, end = m.start(), m.end()
    groups = m.groupdict()
    if kind == "numdate" and not (groups.get("wd") or groups.get("pre") or _LEADING_ARTICLE.match(m.group())
                                  or _DATE_CONTEXT.search(text, 0, start)
                                  or _TIME_AFTER.match(text, end)):
        return []  # "4/5 clients", "3/4 de mon CA": not a date
    if kind in ("date", "numdate"):
        month = int(groups["mo"]) if groups.get("mo") else MONTHS.get(groups["mon"].rstrip("."))
        day, year = int(groups["d"]), groups.get("y")
        if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
            return []
        year = None if not year else int(year) + (2000 if len(year) == 2 else 0)
        return [Mention(start, end, day=Day("date", (year, month, day)))]
    if kind == "weekof":
        month = int(groups["mo"]) if groups.get("mo") else MONTHS.get(groups["mon"].rstrip("."))
        day = int(groups["d"])
        return [Mention(start, end, day=Day("weekof", (month, day)))] if month and 1 <= month <= 12 and 1 <= day <= 31 else []
    if kind == "dom":
        day = int(groups["d"])
        return [Mention(start, end, day=Day("dom", day))] if 1 <= day <= 31 else []
    if kind == "wdrange":
        first, last = WEEKDAYS[_plain_wd(groups["w1"])], WEEKDAYS[_plain_wd(groups["w2"])]
        days = frozenset((first + i) % 7 for i in range((last - first) % 7 + 1))
        return [Mention(start, end, day=Day("set", days))]
    if kind == "todaypart":
        window = next(w for i, w in enumerate(_TODAY_PARTS.values()) if groups[f"tp{i}"])
        return [Mention(start, end, day=Day("rel", 0)), Mention(start, end, win=Win(*window, "part"))]
    if kind == "rel":
        word = groups["rel"]
        offset = 2 if "apres" in word or "after" in word else 0 if _is_today(word) else 1
        return [Mention(start, end, day=Day("rel", offset))]
    if kind == "nextweekpart":
        window = next(w for i, w in enumerate(_EVERY_PARTS.values()) if groups[f"nw{i}"])
        return [Mention(start, end, day=Day("nextweek")), Mention(start, end, win=Win(*window, "part"))]
    if kind == "everypart":
        window = next(w for i, w in enumerate(_EVERY_PARTS.values()) if groups[f"ep{i}"])
        return [Mention(start, end, day=Day("set", frozenset(range(7)))), Mention(start, end, win=Win(*window, "part"))]
    if kind == "everywd":
        return _weekday(groups["wd"], language, start, end, "set")
    if kind == "every":
        return [Mention(start, end, day=Day("set", frozenset(range(7))))]
    if kind == "weekdays":
        return [Mention(start, end, day=Day("set", frozenset(range(5))))]
    if kind == "weekend":
        return [Mention(start, end, day=Day("weekend"))]
    if kind == "nextweek":
        return [Mention(start, end, day=Day("nextweek"))]
    if kind == "weekday":
        found = _weekday(groups["wd"], language, start, end, "weekday")
        if found and ((groups.get("pre") or "") in ("last", "dernier") or (groups.get("post") or "").startswith(("dern", "pass", "last"))):
            found[0].void = True
        return found
    if kind == "part":
        window = next(w for i, (_, w) in enumerate(_PARTS) if groups.get(f"pt{i}") or groups.get(f"pu{i - 6}"))
        return [Mention(start, end, win=Win(*window, "part"))]
    if kind == "ampm":
        word = groups["ampm"]
        if word == "night":  # "tomorrow night"
            return [Mention(start, end, win=Win(*EVENING, "ampm"))]
        morning = word == "mat" or (word.startswith("a") and language == "en")
        return [Mention(start, end, win=Win(*(MORNING if morning else AFTERNOON), "ampm"))]
    return _read_times(kind, m, language, text)


_LEADING_ARTICLE = re.compile(r"(?:le|the|on)\s")  # "le 1/12": a date, whatever comes before
_DATE_CONTEXT = re.compile(
    r"(?:\b(?:ou|et|or|and|dispo\w*|disponible\w*|rappel\w*|appel\w*|joignable|libre|free|available|call\w*|pour|from"
    r"|jusqu'\s?au)\s*|,\s*|^\s*)$"
)
_TIME_AFTER = re.compile(r"\s*(?:a\s+\d|vers\s|at\s|de\s+\d|entre\s|\d{1,2}\s?[h:]|matin|apres|aprem|soir|midi|am\b|pm\b|morning|afternoon|evening)")


# A day word right before a bare number makes it an hour: "jeudi à 10", "Friday 10-12".
_DAY_BEFORE = re.compile(
    rf"\b(?:{_WDR}|demain|tomorrow|aujourd'\s?hui|today|apres[\s-]demain)\s+(?:(?:matin|soir|morning|evening|afternoon)\s+)?$"
)


def _is_today(word: str) -> bool:
    return word.startswith(("aujourd", "auj", "ajd", "today", "2day"))


def _plain_wd(word: str) -> str:
    word = word.rstrip(".")
    return word if word in WEEKDAYS else word[:-1]


def _weekday(word: str, language: str, start: int, end: int, kind: str) -> list[Mention]:
    key = _plain_wd(word)
    if key not in WEEKDAYS or (key in _EN_ABBR and language != "en"):
        return []
    value = WEEKDAYS[key]
    day = Day("set", frozenset({value})) if kind == "set" else Day("weekday", value)
    return [Mention(start, end, day=day)]


def _read_times(kind: str, m: re.Match, language: str, text: str) -> list[Mention]:
    start, end, groups = m.start(), m.end(), m.groupdict()
    if kind == "range":
        # "entre 9 et 10", "de 9 à 11": bare numbers are hours unless a unit follows ("de 2 à 3 salariés").
        bare_ok = (m.group().startswith(("entre", "between", "de ", "from")) or _DAY_BEFORE.search(text, 0, start)) \
            and not _BARE_UNIT_AFTER.match(text, end)
        window = read_range(groups, bare_ok)
        return [Mention(start, end, win=Win(*window, "range"))] if window else []
    if kind in ("after", "before"):
        at = read_clock(groups, "o")
        if at is None or (not at.unit and (_BARE_UNIT_AFTER.match(text, end) or at.minutes % 60)):
            return []
        if kind == "after":
            return [Mention(start, end, win=Win(at.minutes, 1260 if at.minutes < 1200 else at.minutes + 60, "after"))]
        return [Mention(start, end, win=Win(480 if at.minutes > 480 else at.minutes - 60, at.minutes, "before"))]
    at = read_clock(groups, "c")
    if at is None:
        return []
    prep = (groups.get("prep") or "").strip()
    if not at.unit and not ((prep in ("vers", "vers les", "at", "around", "about", "environ", "env", "env.")
                             or (prep in ("a", "at") and _DAY_BEFORE.search(text, 0, start)))
                            and not _BARE_UNIT_AFTER.match(text, end)):
        return []
    return [Mention(start, end, win=Win(at.minutes, at.minutes + 60, "clock"), weak=not prep)]


def _keep_ampm_after_days(found: list[Mention], text: str) -> list[Mention]:
    """"am", "pm", "mat" are a window only right after a day ("Monday am", "demain mat")."""
    kept = []
    for mention in found:
        if mention.win and mention.win.kind == "ampm":
            previous = kept[-1] if kept else None
            if previous is None or previous.day is None or text[previous.end:mention.start].strip():
                continue
            mention.win.kind = "part"
        kept.append(mention)
    return kept
