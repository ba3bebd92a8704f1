"""The forms of the time expressions an SMS may hold, as regular expressions on folded text.

Each form is one way of writing a day or a window: a date ("le 3 décembre", "3/12"), a
weekday, "demain", a set of days ("en semaine"), a range of hours ("14h-16h"), an open end
("après 18h"), a part of the day (phrases/parts_of_day.txt), a clock time ("à 14h"). timeexpr.py
scans the text for all of them at once, in the order of `FORMS` (the first form that matches at
a place wins), and reads each match.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .matcher import pattern
from .phrasebook import Phrase, read_file

WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6, "lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5,
    "dim": 6,
}
ENGLISH_ABBREVIATIONS = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1, "fevrier": 2, "fevr": 2, "fev": 2,
    "february": 2, "feb": 2, "mars": 3, "march": 3, "mar": 3, "avril": 4, "avr": 4, "april": 4,
    "apr": 4, "mai": 5, "may": 5, "juin": 6, "june": 6, "jun": 6, "juillet": 7, "juil": 7,
    "july": 7, "jul": 7, "aout": 8, "august": 8, "aug": 8, "septembre": 9, "sept": 9, "sep": 9,
    "september": 9, "octobre": 10, "oct": 10, "october": 10, "novembre": 11, "nov": 11,
    "november": 11, "decembre": 12, "dec": 12, "december": 12,
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Parts of the day: the sections of phrases/parts_of_day.txt, "HH:MM-HH:MM" or "today ..." or
# "every ...": (role, (start, end) in minutes since midnight, the phrases).
def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _sections(phrases: list[Phrase]) -> list[tuple[str, tuple[int, int], list[Phrase]]]:
    sections: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        sections.setdefault(phrase.tag, []).append(phrase)
    out = []
    for tag, members in sections.items():
        role, _, hours = tag.rpartition(" ")
        start, end = hours.split("-")
        out.append((role, (_minutes(start), _minutes(end)), members))
    return out


PARTS = _sections(read_file("parts_of_day"))


def _parts(role: str) -> str:
    return pattern(p for r, _, members in PARTS if r == role for p in members)


_EVERY = r"(?:tous\s+les|ts\s+les|tt\s+les|every)"
_NEXT_WEEK = r"(?:(?:la\s+|en\s+)?semaine\s+(?:prochaine|pro\b|d'apres|suivante)|next\s+week(?![\s-]?ends?\b))"

_AB = "(?:lun|mar|mer|jeu|ven|sam|dim)"
_FULL_NAMES = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
# A weekday. Its abbreviations count when a time follows, after a dot, or in a list of them
# ("jeu ou ven").
WEEKDAY = (
    rf"(?:{_alt(k for k in WEEKDAYS if len(k) > 4 or k in ('mardi', 'jeudi', 'lundi'))})s?"
    rf"|(?:{_alt(ENGLISH_ABBREVIATIONS)})\b\.?"
    rf"|{_AB}(?:\.|(?=\s+\d{{1,2}}\s?[h:])"
    # "mer 25", "ven aprem": a day of the month or a part of the day after it
    r"|(?=\s+\d{1,2}(?:er)?(?![\d/.:,])(?!\s?(?:km|kms|m|kg|eur|euros?|ans|%|€)(?![a-z])))"
    r"|(?=\s+(?:matin|midi|soir|aprem|apres[\s-]?midi|ap[\s-]?midi|am|mat|aprm)\b)"
    rf"|(?=\s*(?:ou|et|,|/)\s*(?:{_AB[3:-1]}|{_FULL_NAMES})\b)"
    rf"|(?<=\b(?:ou|et)\s{_AB})(?=\s+(?:matin|midi|soir|aprem|apres|\d{{1,2}}\s?[h:]))"
    + "".join(rf"|(?<={_AB}{sep}{_AB})(?![a-z])"
              for sep in (r"\sou\s", r"\set\s", r",\s", r"\s/\s", "/", ","))
    + ")"
)
ANY_WEEKDAY = rf"(?:{_alt(WEEKDAYS)})s?"
MONTH = rf"(?:{_alt(MONTHS)})(?![a-z])\.?"


# Hours written as words: English ones ("half past ten", "at ten"), French ones only with
# "heures" ("à dix heures"); clock.read_clock tells them apart.
HOUR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12,
}
FRENCH_HOUR_WORDS = frozenset("une deux trois quatre cinq six sept huit neuf dix onze douze".split())
_EN_HOUR_WORDS = _alt(w for w in HOUR_WORDS if w not in FRENCH_HOUR_WORDS or w == "six")
_FR_HOUR_WORDS = _alt(w for w in FRENCH_HOUR_WORDS if w != "six")


def time(p: str) -> str:
    """A clock time, its parts in groups named with prefix `p` (see clock.read_clock)."""
    number = (
        rf"(?:(?P<{p}pp>half\s+past|quarter\s+past|(?:a\s+)?quarter\s+to|half)\s+)?"
        rf"(?:(?<![\d:.,])(?P<{p}h>\d{{1,2}})(?!\d)(?!(?:er|ere|eme|st|nd|rd|th)(?![a-z]))"  # not "1er"
        rf"|(?P<{p}w>(?:{_EN_HOUR_WORDS})(?![a-z'-])|(?:{_FR_HOUR_WORDS})(?=\s?(?:h|heures?)(?![a-z]))))"
        rf"(?:(?P<{p}u>\s?(?:h|heures?|hrs?|o'\s?clock)(?![a-z]))"
        rf"(?:[\s.]?(?P<{p}m>[0-5]\d(?!\d))(?:\s?(?:min|mn)\b)?"
        rf"|\s+et\s+(?P<{p}fr>demie?|quart)(?![a-z])|\s+moins\s+(?:le\s+)?(?P<{p}mq>quart)(?![a-z]))?"
        rf"|(?::|\.(?=[0-5]\d\s?[ap]\.?m\b)|\.(?=(?:00|15|30|45)(?![\d.,])(?!\s?(?:€|eur|%))))"
        rf"(?P<{p}c>[0-5]\d)(?!\d))?"
        rf"(?:\s?(?P<{p}ap>[ap])\.?m\b\.?)?"
        rf"(?:\s+(?P<{p}sf>du\s+mat(?:in)?|du\s+soir|de\s+l'\s?apres[\s-]?midi|de\s+l'\s?aprem"
        rf"|in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?"
    )
    return rf"(?:(?P<{p}mid>midi|noon|midday)(?:\s+et\s+(?P<{p}half>demie?))?|{number})"


# The forms, in the order they are tried at each place of the text.
_CHRISTMAS = r"(?:(?:le\s+jour\s+de\s+)?noel|christmas(?:\s+day)?)"
_NEW_YEAR = (r"(?:(?:le\s+)?jour\s+de\s+l'\s?an|(?:le\s+)?nouvel\s+an|(?:le\s+)?(?:1er|premier)\s+janvier"
             r"|new\s+year'?s?(?:\s+day)?)")
_FULL_MONTHS = (r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
                r"|decembre|january|february|march|april|june|july|august|september|october"
                r"|november|december")
# Holidays and vague periods (December): dates named by a holiday, and periods that name no day.
HOLIDAY_FORMS = {
    # "entre Noël et le jour de l'an", "between Christmas and New Year": the days between them
    "holiday_between": (
        rf"(?:entre|between)\s+{_CHRISTMAS}\s+(?:et|and)\s+(?:la\s+|the\s+)?(?:{_NEW_YEAR}"
        r"|saint[\s-]sylvestre)(?![a-z])"
    ),
    # "après Noël", "after New Year", "pas avant le jour de l'an": each day from then on
    "holiday_since": (
        rf"(?P<pre>apres|after|a\s+partir\s+de|des|pas\s+avant|not\s+before)\s+"
        rf"(?:(?P<xmas>{_CHRISTMAS})|{_NEW_YEAR})(?![a-z])"
    ),
    # "après le 1er", "after the 2nd of January": each day from the next one on
    "after_date": (
        r"(?:apres|after)\s+(?:le|the)\s+(?P<d>\d{1,2})(?:er|st|nd|rd|th)?(?![\d:])"
        rf"(?:\s*(?:(?:of\s+)?(?P<mon>{MONTH})|/\s?(?P<mo>\d{{1,2}})))?"
        r"(?!\s*(?:h\b|h\d|heures?|[ap]\.?m\b|[.:,]\d|%|€|k\b|ans\b|mois\b|jours?\b|min))"
    ),
    # "le jour de l'an", "la Saint-Sylvestre", "Christmas Eve": that date
    "holiday_date": (
        r"(?P<ny>(?:le\s+)?jour\s+de\s+l'\s?an|le\s+nouvel\s+an|(?:on\s+)?new\s+year'?s\s+day)"
        r"|(?P<eve>(?:la\s+)?saint[\s-]sylvestre|(?:on\s+)?new\s+year'?s\s+eve)"
        r"|(?P<xeve>(?:on\s+)?christmas\s+eve|la\s+veille\s+de\s+noel)"
        r"|(?P<xmas>(?:le\s+)?jour\s+de\s+noel|(?:on\s+)?christmas\s+day)"
    ),
    # "après les fêtes", "début janvier", "pas avant la rentrée", "early January": a period
    # that names no day and lies beyond the horizon: no slot, and the window written with it
    # ("début janvier, plutôt le matin") goes with it
    "vague_period": (
        r"(?:(?:apres|after|pendant|during|pas\s+avant|not\s+before|des|a\s+partir\s+de"
        r"|jusqu'\s?(?:a|aux?|apres)|until|till)\s+(?:les\s+|the\s+|la\s+)?"
        r"(?:fetes(?:\s+de\s+fin\s+d'\s?annee)?|vacances(?:\s+(?:scolaires|de\s+noel|de\s+fin\s+d'\s?annee))?"
        r"|holidays|christmas\s+holidays|school\s+holidays|festive\s+season|new\s+year|rentree"
        r"(?:\s+de\s+(?:janvier|septembre))?)"
        rf"|(?:en\s+|in\s+|(?:au\s+|en\s+)?(?:debut|mi|milieu|fin|courant)[\s-]+(?:de\s+|d'\s?)?"
        rf"|(?:early|mid|late|end\s+of|beginning\s+of|start\s+of)[\s-]+)(?:mois\s+de\s+)?(?:{_FULL_MONTHS})"
        r"|(?:le\s+mois\s+prochain|next\s+month|l'\s?annee\s+prochaine|next\s+year"
        r"|(?:a\s+|apres\s+|pas\s+avant\s+)la\s+rentree(?:\s+de\s+(?:janvier|septembre))?))(?![a-z])"
    ),
}

FORMS = {
    **HOLIDAY_FORMS,
    "date": (
        rf"(?:(?:le|the|on)\s+)?(?:(?P<wd>{WEEKDAY})\s+)?(?:(?:le|the)\s+)?(?P<d>\d{{1,2}})(?!\d)"
        rf"(?:er|re|st|nd|rd|th|e|eme)?\s*(?:of\s+)?(?P<mon>{MONTH})(?:\s+(?P<y>20\d\d))?"
    ),
    "month_first_date": (
        rf"(?P<mon>{MONTH})\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?(?![\d:])"
        rf"(?!\s?(?:h(?![a-z])|heures?|[ap]\.?m\b|:))(?:,?\s+(?P<y>20\d\d))?"
    ),
    "numeric_date": (
        rf"(?:(?:le|the|on)\s+)?(?:(?P<wd>{WEEKDAY})\s+)?(?:(?P<pre>le|du|au|the|on)\s+)?"
        rf"(?<![\d/.:])(?P<d>\d{{1,2}})\s?/\s?(?P<mo>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?(?![\d/])"
        rf"(?!\s?(?:h(?![a-z])|heures?|:|[ap]\.?m\b))"
    ),
    "dotted_date": (
        rf"(?:(?P<wd>{WEEKDAY})\s+|(?:le|du|au)\s+)(?P<d>\d{{1,2}})\.(?P<mo>\d{{1,2}})(?![\d.])"
        rf"(?!\s?(?:h(?![a-z])|heures?))"
    ),
    "weekday_and_day": (
        rf"(?:(?:le|the|on"
        rf"|ce)\s+)?(?P<wd>{WEEKDAY})\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:er)?(?![\d/.:])"
        rf"(?!\s?(?:h(?![a-z])|heures?|[ap]\.?m\b|:|-|/|et\s+\d))"
    ),
    "day_before_time": (
        r"(?:le|the)\s+(?P<d>\d{1,2})(?:er|st|nd|rd|th)?(?![\d/.:])"
        r"(?!\s?(?:h(?![a-z])|heures?|[ap]\.?m\b|-))"
        r"(?=\s*,?\s*(?:a\s|vers\s|at\s|de\s+\d|entre\s|dans\s|en\s|au\s|le\s+(?:matin|soir|midi)"
        r"|ou\s+le\s+\d|et\s+le\s+\d|matin|apres|aprem|soir|midi|\d{1,2}\s?(?:h|:)))"
    ),
    # "rappel le 26", "dispo le 3 ou le 4": a day of the month ending a request (timeexpr.py
    # checks the callback word before it)
    "day_ending_request": (
        r"(?:le|the)\s+(?P<d>\d{1,2})(?:er|st|nd|rd|th)?(?![\d/.:,]\d)(?!\s?(?:h(?![a-z])|heures?"
        r"|[ap]\.?m\b|-|%|€|k\b))"
        r"(?=\s*(?:[.!;,)?]|$|\s+(?:svp|stp|merci|please|si\s+possible|ou\s+le\s+\d|et\s+le\s+\d"
        r"|ou\s+\d|de\s+preference|plutot|idealement)\b))"
    ),
    # An English ordinal is a day of the month ("on the 21st or 22nd in the afternoon").
    "ordinal": (
        rf"(?:(?:on\s+)?the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)(?![a-z\d])"
        rf"(?!\s+(?:of\s+)?(?:{MONTH}))"
    ),
    "weekday_range": (
        rf"(?:(?:du|de|from)\s+)?(?P<w1>{ANY_WEEKDAY})\s*"
        rf"(?:au|a|-|to|through|thru|till|until|jusqu'\s?au)\s*(?P<w2>{ANY_WEEKDAY})(?![a-z])"
    ),
    # "à partir de demain", "dès jeudi", "from Monday on": each day from then on (not "dès
    # demain matin", "from Monday to Friday": the day with its window, a range of days)
    # "du 30 novembre au 2 décembre", "du 3 au 5/12": each date of the range
    "date_range": (
        r"(?:du|from|from\s+the|between\s+the|entre\s+le)\s+(?P<d1>\d{1,2})(?:er|st|nd|rd|th)?"
        rf"(?:\s+(?P<mon1>{MONTH})|\s?/\s?(?P<mo1>\d{{1,2}}))?\s*(?:au|to|till|until|-|et\s+le|and\s+the"
        r"|jusqu'\s?au)\s*(?P<d2>\d{1,2})(?:er|st|nd|rd|th)?\s*"
        rf"(?:(?:of\s+)?(?P<mon2>{MONTH})|/\s?(?P<mo2>\d{{1,2}}))"
    ),
    # "à partir du 30", "pas avant le 15", "dès le 3 décembre": each day from that date on
    "since_date": (
        r"(?:a\s+partir\s+du|a\s+compter\s+du|des\s+le|pas\s+avant\s+le|not\s+before\s+the"
        r"|from\s+the|starting\s+the)\s+(?P<d>\d{1,2})(?:er|st|nd|rd|th)?(?![\d:])"
        rf"(?:\s*(?:(?:of\s+)?(?P<mon>{MONTH})|/\s?(?P<mo>\d{{1,2}})))?"
        r"(?!\s*(?:h\b|h\d|heures?|[ap]\.?m\b|[.:,]\d|%|€|k\b|ans\b|mois\b|jours?\b|min))"
    ),
    "since_day": (
        r"(?:a\s+partir\s+d(?:e\s+|'\s?)|a\s+compter\s+d(?:e\s+|'\s?)|des\s+|from\s+|starting\s+"
        r"|as\s+of\s+|pas\s+avant\s+|not\s+before\s+|no\s+earlier\s+than\s+)"
        r"(?:(?P<rel>apres[\s-]?demain|demain|tomorrow|tmrw)"
        rf"|(?:ce\s+|this\s+|le\s+|next\s+)?(?P<wd>{_FULL_NAMES}|{_alt(k for k in WEEKDAYS if k.endswith('day'))})"
        r"(?:\s+(?:prochain|next))?)(?:\s+(?:on|onwards?))?(?![a-z])"
        r"(?!\s*(?:-|/|\d|au\b|a\b|to\b|through|thru|till|until|jusqu|et\b|ou\b|and\b|or\b"
        r"|matin|midi|soir|apres|aprem|ap\b|am\b|pm\b|mat\b|morning|afternoon|evening|night|noon"
        r"|lunch|vers|entre|between|at\b|around|dans\s+la|en\s+(?:fin|debut)|(?:le|la|the)\s+"
        r"(?:matin|soir|midi|journee|\d)|de\s+\d|des\s+\d|tot|early|late|first\s+thing))"
    ),
    # "en début de semaine", "fin de semaine prochaine", "early next week", "midweek": those days
    # of the week ("d'ici la fin de la semaine": the days up to Friday)
    "week_part": (
        r"(?:(?P<pre>d'\s?ici|avant|by|before)\s+)?(?:(?:en|au|a\s+la|a|la|le|du|vers\s+la|vers\s+le"
        r"|at\s+the|in\s+the|the|towards\s+the)\s+)?"
        r"(?:(?P<fr>debut|milieu|fin)\s+(?:de\s+(?:la\s+|cette\s+)?|d'\s?)semaine"
        r"(?:\s+(?P<next>prochaine|pro\b|d'\s?apres|suivante))?(?!\s+(?:derniere|passee))"
        r"|(?P<en>early|start|beginning|end|middle)(?:[\s-]+of)?[\s-]+(?:(?:the|this|(?P<ennext>next))\s+)?"
        r"week(?![\s-]?ends?)|(?P<en2>early|late|later)\s+in\s+the\s+week|(?P<mid>mid[\s-]?week))"
        r"(?![a-z])"
    ),
    # "entre jeudi et samedi", "between Monday and Wednesday"
    "weekday_between": (
        rf"(?:entre|between)\s+(?:le\s+)?(?P<w1>{ANY_WEEKDAY})\s+(?:et|and)\s+(?:le\s+)?"
        rf"(?P<w2>{ANY_WEEKDAY})(?![a-z])"
    ),
    "today_part": rf"(?:{_parts('today')})(?![a-z])",
    "relative_day": (
        r"(?P<rel>apres[\s-]?demain|apres[\s-]?dem1?|(?:the\s+)?day\s+after\s+tomorrow|demain"
        r"|dmain|2main|dem1|dm1|dmn|dem|tomorrow|tmrw|tmrow|tmr|tomorow|tommorow|tommorrow|2morrow"
        r"|2moro|aujourd'?\s?hui|aujourdhui|auj|ajd|today|2day"
        r"|(?:dans|in)\s+(?P<n>[1-6]|deux|trois|quatre|cinq|six|two|three|four|five|six)"
        r"\s+(?:jours|days))(?![a-z])"
    ),
    # "tous les matins de la semaine prochaine": the part of the day on each day of next week
    "next_week_part": (
        rf"{_EVERY}\s+(?P<part>{_parts('every')})\s+"
        r"(?:de\s+la\s+semaine\s+(?:prochaine|pro\b|d'apres|suivante)|next\s+week)"
    ),
    # "tous les soirs"; "les après-midis", "les soirs" (plural) are each of them too
    "every_part": rf"(?:{_EVERY}|les)\s+(?P<part>{_parts('every')})(?![a-z])",
    "every_weekday": rf"(?:tous\s+les|every)\s+(?P<wd>{WEEKDAY})",
    "next_week": (
        r"(?:(?:any\s+day|n'?\s?importe\s+quel\s+jour|tous\s+les\s+jours|chaque\s+jour)"
        rf"\s+(?:de\s+)?)?{_NEXT_WEEK}"
    ),
    # "la semaine du 7 décembre": Monday to Friday of that week
    "week_of": (
        r"(?:la\s+|the\s+)?(?:semaine|week)\s+(?:du|of|of\s+the)\s+(?:lundi\s+|monday\s+)?"
        rf"(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s*(?:(?P<mon>{MONTH})|/\s?(?P<mo>\d{{1,2}}))"
    ),
    "every_day": (
        r"(?:tous\s+les\s+jours|tlj|tljs|ts\s+les\s+jours|tt\s+les\s+jours|chaque\s+jour"
        r"|n'?\s?importe\s+quel\s+jour)(?:\s+de\s+la\s+semaine)?|every\s?day|any\s+day|daily"
    ),
    "weekdays": (
        r"en\s+semaine|(?<!dans\s)(?<!cette\s)(?<!toute\s)la\s+semaine"
        r"(?!\s+(?:prochaine|derniere|passee|pro\b|d'apres|suivante|de\s+\d))"
        r"|jours?\s+(?:de\s+(?:la\s+)?semaine|ouvres|ouvrables)|week\s?days?|during\s+the\s+week"
        r"|in\s+the\s+week"
    ),
    "weekend": (
        r"(?:(?:le|ce|les|this|the|on\s+the|at\s+the|over\s+the|during\s+the)\s+)?"
        r"(?:(?P<next>next|following)\s+)?week[\s-]?ends?"
        r"(?:\s+(?P<after>prochain|d'\s?apres|suivant|qui\s+vient|after\s+next))?"
        r"|(?:le|ce)\s+w-?e(?![a-z])"
    ),
    "weekday": (
        rf"(?:(?P<pre>ce|cet|this|next|on|le|les|last|dernier|un|a)\s+)?(?P<wd>{WEEKDAY})"
        r"(?:\s+(?P<post>prochaine?|dernier|derniere|passee?|next|last|qui\s+vient|d'apres))?"
    ),
    # "rappelez-moi avant jeudi", "d'ici vendredi", "call me by Friday": the days up to it
    "until_weekday": (
        r"(?P<pre>avant|before|d'\s?ici|by|jusqu'\s?(?:a|au)|until|till)\s+(?:le\s+|this\s+|ce\s+)?"
        rf"(?P<wd>{WEEKDAY})(?![a-z])(?!\s+(?:dernier|derniere|last|passe)\b)"
    ),
    "range_between": rf"(?:entre|between)\s+{time('a')}\s*(?:et|and|&|-)\s*{time('b')}",
    "range": (
        rf"(?:(?:de|from|des|vers|around|about)\s+)?{time('a')}"
        rf"\s*(?:-|/|>|a|au|to|till|until|jusqu'\s?a)\s*{time('b')}"
    ),
    "part": rf"(?:{_parts('')})(?![a-z])",
    "after": (
        r"(?:apres|apr|ap|a\s+partir\s+de|a\s+partir\s+d'|des|pas\s+avant|after|from|not\s+before"
        r"|no\s+earlier\s+than|a\s+compter\s+de|passe|past|later\s+than|plus\s+tard\s+que)"
        rf"\s*{time('o')}"
    ),
    "before": (
        r"(?:avant|jusqu'\s?a|jusqu'\s?au|jusqua|pas\s+apres|before|until|till|til|up\s+to"
        rf"|no\s+later\s+than|not\s+after|not\s+later\s+than|d'\s?ici)\s*{time('o')}"
    ),
    # "18h30 au plus tard", "10h at the earliest": the open end written after the time
    "before_time_first": (
        rf"{time('o')}\s*(?:au\s+plus\s+tard|grand\s+max(?:imum)?|dernier\s+delai"
        rf"|at\s+the\s+latest)"
    ),
    "after_time_first": rf"{time('o')}\s*(?:au\s+plus\s+tot|at\s+the\s+earliest)",
    # "lundi prochain même heure", "same time tomorrow": the hour said before, else the hour the
    # SMS was sent (slots.py)
    "same_time": (
        r"(?:(?:a|vers|a\s+peu\s+pres\s+a)\s+la\s+|a\s+)?meme\s+heure"
        r"(?:\s+qu'\s?(?:aujourd'\s?hui|auj|ajd|ce\s+matin|ce\s+soir|cet\s+apres[\s-]?midi))?"
        r"|(?:(?:at|around)\s+)?(?:the\s+)?same\s+time(?:\s+as\s+(?:today|now))?"
    ),
    "clock": (
        r"(?:(?P<prep>a|vers(?:\s+les)?|at|around|about|aux\s+alentours\s+de|autour\s+de"
        rf"|sur\s+les|environ|env\.?|pour|~|des)\s*)?{time('c')}"
    ),
    "ampm": r"(?P<ampm>am|pm|a\.m\.|p\.m\.|mat|night)(?![a-z])",
}

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
# All forms at once, at the start of a word, each in a group named after it (the form's own
# groups are unnamed here).
SCANNER = re.compile(r"\b(?=\w)(?:" + "|".join(
    f"(?P<{name}>{_NAMED_GROUP.sub('(?:', form)})" for name, form in FORMS.items()) + ")")


@cache
def compiled(name: str) -> re.Pattern[str]:
    """The form `name` with its own groups, compiled when first read."""
    return re.compile(FORMS[name])


@cache
def _part_windows() -> list[tuple[str, tuple[int, int], re.Pattern[str]]]:
    return [(role, window, re.compile(pattern(members))) for role, window, members in PARTS]


def part_window(text: str, role: str = "") -> tuple[int, int]:
    """The window of a part of the day as written ("le matin": 09:00-12:00)."""
    for part_role, window, regex in _part_windows():
        if part_role == role and regex.fullmatch(text):
            return window
    raise ValueError(f"not a part of the day: {text!r}")
