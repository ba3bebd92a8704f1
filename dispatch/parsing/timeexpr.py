"""Time expressions in an SMS: the days and the windows it mentions.

`mentions(folded, language)` reads the folded text (see normalize.fold, phones and e-mails
masked) and returns, in text order, each day ("demain", "jeudi", "le 3/12", "en semaine") and
each window ("le matin", "14h-16h", "après 18h", "à 14h") the person gives for a callback.
Mentions that are negated ("pas le matin", "sauf lundi"), past ("jeudi dernier", "ce week-end
c'était dur"), busy ("le matin je travaille"), about another event ("l'audience est lundi") or
durations ("4h par nuit") are marked void so that they produce no slot (context.py). Attaching
windows to days is slots.py's work; the forms themselves are in timegrammar.py.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from .clock import Clock, read_clock, read_range
from .context import (
    check_context,
    habit,
    invert_open_end,
    narrative_day,
    negation_before,
    statement_part,
)
from .mention import (
    AFTERNOON,
    EVENING,
    MORNING,
    Day,
    DayKind,
    Mention,
    Win,
    WinKind,
    open_end,
)
from .timegrammar import (
    ANY_WEEKDAY,
    ENGLISH_ABBREVIATIONS,
    MONTHS,
    SCANNER,
    WEEKDAYS,
    compiled,
    part_window,
)

# Phrases that look like times but are not: greetings, "24h/24", "dans 2 jours".
_NOT_TIMES = re.compile(
    r"^[\W_]*(?:morning|evening|afternoon|matin)(?=\s*[.,!]|\s*$)"  # "Morning!" opening the SMS
    r"|\b(?=[bdegh27])(?:"  # the others begin with one of these: the other words are skipped
    r"bon(?:ne)?\s+(?:apres[\s-]?midi|aprem|soiree|journee|matinee|fin\s+de\s+(?:journee|semaine"
    r"|soiree)|fin\s+d'apres[\s-]?midi|nuit|week[\s-]?end|we|soir|semaine|lundi|mardi|mercredi"
    r"|jeudi|vendredi|samedi|dimanche|debut\s+de\s+semaine)\b"
    r"|good\s+(?:morning|afternoon|evening|night|day)\b"
    r"|(?:have|enjoy)\s+a\s+(?:\w+\s+)?(?:day|evening|weekend|week-end|afternoon|morning|night)\b"
    r"|24\s?h?\s?/\s?24\b|24\s?h(?:eures)?\s+sur\s+24\b|24\s?/\s?7\b|7\s?j?\s?/\s?7\b"
    r"|7\s?jours?\s+sur\s+7\b"
    r"|dans\s+(?:\d+|une|deux|trois|quelques)\s+(?:h\b|heures?|min\w*)|dans\s+(?:quelques|1|un)\s+jours?)"
    # "Evening all", "Morning everyone": greetings; "certains soirs", "most nights": some days
    r"|^[\W_]*(?:morning|evening|afternoon)\s+(?:all|everyone|everybody|folks|guys|team|there)\b"
    r"|\b(?:certain(?:e)?s|quelques)\s+(?:soirs|matins|jours|nuits|midis|apres[\s-]?midis?|soirees)\b"
    r"|\b(?:some|most|many)\s+(?:evenings|mornings|nights|days|afternoons)\b"
)


def mentions(folded: str, language: str) -> list[Mention]:
    """The days and windows mentioned in the folded text, in order."""
    text = _NOT_TIMES.sub(lambda m: " " * len(m.group()), folded)
    found = _keep_ampm_after_days(list(_scan(text, language)), text)
    # read from the last: a day listed before a statement day goes with it ("Le 24 et le 31 je
    # ferme à midi")
    for mention in reversed(found):
        if _habit_window(text, mention, found) or _statement_window(text, mention, found):
            mention.void = True  # "je n'arrive plus à ouvrir ma boutique le matin"
        elif _statement_day(text, mention, found):
            # "Aujourd'hui je me sens épuisée", "je pleure tous les soirs": a statement about
            # the situation, not a callback; the window written with the day goes too.
            for other in found:
                if other.start == mention.start:
                    other.void = True
        elif _listed_before_statement(text, mention, found):
            for other in found:
                if other.start == mention.start:
                    other.void = True
    _share_inverted_end(found, text)
    _spread_void(found, text)
    _spread_exception(found, text)
    return found


def _scan(text: str, language: str) -> Iterator[Mention]:
    """Each form found in the text, read, its context checked."""
    for match in SCANNER.finditer(text):
        form = match.lastgroup or ""
        full = compiled(form).match(text, match.start())
        if full is None:
            continue
        for mention in _READERS[form](full, language, text):
            check_context(text, mention)
            yield mention


def _habit_window(text: str, mention: Mention, found: list[Mention]) -> bool:
    """A part of the day alone after a first-person verb tells a habit, not a callback time."""
    return bool(mention.win and mention.win.kind is WinKind.PART and not mention.void
                and not mention.day
                and not any(m.day and m.start == mention.start for m in found)
                and habit(text, mention, found, first_person_only=True))


_NOT_BEFORE = re.compile(r"pas\s+avant|not\s+before|no\s+earlier")


def _statement_window(text: str, mention: Mention, found: list[Mention]) -> bool:
    """A part of the day alone opening a statement: "mais le soir je capte mal"."""
    return bool(mention.win and mention.win.kind is WinKind.PART and not mention.void
                and not mention.day and not any(m.day and m.start == mention.start for m in found)
                and statement_part(text, mention))


def _listed_before_statement(text: str, mention: Mention, found: list[Mention]) -> bool:
    """A day joined by "et"/"ou"/a comma to the next day, when that one opens a statement: "Le 24
    et le 31 je ferme à midi" (the next day a mention voided by _statement_day just before, or a
    bare day of the month, "et le 31", followed by a subject in a clause read as a statement)."""
    if mention.day is None or mention.void or not _statement_day_kind(mention):
        return False
    following = [m for m in found if m.day and m.start > mention.start]
    nxt = min(following, key=lambda m: m.start) if following else None
    if nxt is not None and _LIST_JOIN.fullmatch(text, mention.end, nxt.start):
        return nxt.void and _statement_day_kind(nxt) and bool(_SUBJECT_NEAR.match(text, nxt.end))
    bare = _BARE_DAY_AFTER.match(text, mention.end)
    if bare is None or not _SUBJECT_NEAR.match(text, bare.end()):
        return False
    return statement_part(text, replace(mention, end=bare.end()))


_LIST_JOIN = re.compile(r"\s*(?:,|et|ou|and|or)\s*(?:le\s+|the\s+)?")
_BARE_DAY_AFTER = re.compile(r"\s*(?:,|et|ou|and|or)\s*(?:le\s+|the\s+)?\d{1,2}(?:er|st|nd|rd|th)?\b")
_SUBJECT_NEAR = re.compile(r"\s*,?\s*(?:je|j'|j|on|il|elle|nous|ils|elles|i|we)(?![a-z])")


def _statement_day_kind(mention: Mention) -> bool:
    day = mention.day
    return day is not None and day.kind in (DayKind.RELATIVE, DayKind.WEEKDAY, DayKind.WEEKEND,
                                            DayKind.DATE, DayKind.DAY_OF_MONTH)


def _statement_day(text: str, mention: Mention, found: list[Mention]) -> bool:
    """A day opening a statement about the situation, or a set of days telling a habit."""
    day = mention.day
    if day is None or mention.void or _NOT_BEFORE.match(text, mention.start):
        return False  # "pas avant mardi, je suis au salon": a request
    if day.kind is DayKind.SET and any(m.start == mention.start and m.win for m in found) and (
            statement_part(text, mention)):
        return True  # "les soirs je suis crevé"
    if day.kind in (DayKind.RELATIVE, DayKind.WEEKDAY, DayKind.SINCE, DayKind.SINCE_WEEKDAY,
                    DayKind.SINCE_DATE, DayKind.WEEKEND, DayKind.DATE, DayKind.DAY_OF_MONTH):
        # (round 8: a weekend or a date opens a statement too: "Ce week-end je vais dormir,
        # rappel lundi", "Le 31 je ferme à midi")
        return narrative_day(text, mention, found)
    return day.kind in (DayKind.SET, DayKind.WEEK_PART) and habit(text, mention, found)


_TIGHT = re.compile(r"(?:\s|\b(?:le|la|les|l'|du|de|en|au|a|dans|the|in|on|at)\b)*")


def _share_inverted_end(found: list[Mention], text: str) -> None:
    """A negation before a day and an open end written together bears on the open end, read the
    other way, and the day stands: "pas dispo demain avant 14h", "je travaille demain jusqu'à 16h"
    are tomorrow from 14:00, 16:00 (not nothing, as _spread_void would make them)."""
    run: list[Mention] = []
    for mention in [*found, None]:
        if mention is not None and (not run or _TIGHT.fullmatch(text[run[-1].end:mention.start])):
            run.append(mention)
            continue
        voided = [m for m in run[:-1] if m.void]
        last = run[-1] if run else None
        if (last is not None and voided and not last.void
                and all(m.negated and not m.excepted for m in voided)
                and invert_open_end(last, negation_before(text, voided[0]),
                                    text[max(0, voided[0].start - 60):last.start])):
            for other in voided:
                other.void = other.negated = False
        run = [mention] if mention is not None else []


_DAY_LIST = re.compile(r"(?:\s|,|&|\b(?:et|ni|ou|and|or|nor|le|la|les|l'|the)\b)*")


def _spread_exception(found: list[Mention], text: str) -> None:
    """An exception bears on each day of the list it opens: "sauf lundi et mardi", "sauf le
    mercredi et le week-end", "except Monday or Tuesday"."""
    for first, second in zip(found, found[1:], strict=False):
        if (first.excepted and first.day and second.day and not second.win
                and second.day.kind in (DayKind.WEEKDAY, DayKind.WEEKEND)
                and _DAY_LIST.fullmatch(text, first.end, second.start)):
            second.void = second.negated = second.excepted = True


def _spread_void(found: list[Mention], text: str) -> None:
    """A day and a window written together share a negation or a busy mark:
    "pas dispo demain matin", "occupé toute la journée demain", "demain matin impossible"."""
    for _ in range(2):
        for first, second in zip(found, found[1:], strict=False):
            if (first.void != second.void and not (first.excepted or second.excepted)
                    and _TIGHT.fullmatch(text, first.end, second.start)):
                first.void = second.void = True
                first.negated = second.negated = first.negated or second.negated


def _keep_ampm_after_days(found: list[Mention], text: str) -> list[Mention]:
    """"am", "pm", "mat" are a window only right after a day ("Monday am", "demain mat")."""
    kept: list[Mention] = []
    for mention in found:
        if mention.win and mention.win.kind is WinKind.AMPM:
            previous = kept[-1] if kept else None
            if previous is None or previous.day is None or text[previous.end:mention.start].strip():
                continue
            mention.win.kind = WinKind.PART
        kept.append(mention)
    return kept


# Reading each form --------------------------------------------------------------------------

Reader = Callable[[re.Match[str], str, str], list[Mention]]


def _day(m: re.Match[str], day: Day) -> list[Mention]:
    return [Mention(m.start(), m.end(), day=day)]


def _window(m: re.Match[str], window: tuple[int, int], kind: WinKind) -> list[Mention]:
    return [Mention(m.start(), m.end(), win=Win(window[0], window[1], kind))]


def _month(m: re.Match[str]) -> int | None:
    if m.groupdict().get("mo"):
        return int(m.group("mo"))
    return MONTHS.get(m.group("mon").rstrip("."))


def _read_date(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"le 3 décembre", "décembre 3", "3/12", "jeudi 3.12"."""
    month, day, year = _month(m), int(m.group("d")), m.groupdict().get("y")
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return []
    number = int(year) + (2000 if len(year) == 2 else 0) if year else None
    return _day(m, Day(DayKind.DATE, date=(number, month, day)))


def _read_month_first_date(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"décembre 3", "Dec 3rd"; in French "mar 1er" is "mardi 1er" (a day of the month), not
    March: French writes the day before the month ("1er mars")."""
    if language != "en" and m.group("mon").rstrip(".") == "mar":
        return _read_day_of_month(m, language, text)
    return _read_date(m, language, text)


_LEADING_ARTICLE = re.compile(r"(?:le|the|on)\s")  # "le 1/12": a date, whatever comes before
_DATE_CONTEXT = re.compile(
    r"(?:\b(?:ou|et|or|and|dispo\w*|disponible\w*|rappel\w*|appel\w*|joignable|libre|free|available"
    r"|call\w*|pour|from|jusqu'\s?au)\s*|,\s*|^\s*)$"
)
_TIME_AFTER = re.compile(
    r"\s*(?:a\s+\d|vers\s|at\s|de\s+\d|entre\s|\d{1,2}\s?[h:]|matin|apres|aprem|soir|midi|am\b|pm\b"
    r"|morning|afternoon|evening)"
)


def _read_numeric_date(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"3/12" is a date after a day, an article, a callback word, or before a time; not
    "4/5 clients", "3/4 de mon CA"."""
    if (m.group("wd") or m.group("pre") or _LEADING_ARTICLE.match(m.group())
            or _DATE_CONTEXT.search(text, 0, m.start()) or _TIME_AFTER.match(text, m.end())):
        return _read_date(m, language, text)
    return []


def _read_week_of(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"la semaine du 7 décembre": Monday to Friday of that week."""
    month, day = _month(m), int(m.group("d"))
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return []
    return _day(m, Day(DayKind.WEEK_OF, date=(None, month, day)))


def _read_day_of_month(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"jeudi 26", "le 20 à 14h", "the 21st"."""
    day = int(m.group("d"))
    return _day(m, Day(DayKind.DAY_OF_MONTH, day)) if 1 <= day <= 31 else []


_CALLBACK_BEFORE = re.compile(
    r"\b(?:dispo\w*|disponible\w*|rappel\w*|appel\w*|joign\w*|joindre|libres?|call\w*"
    r"|available|free|contact\w*)\b(?:[\s,-]+(?:moi|me|svp|stp|plutot|possible|de\s+preference"
    r"|idealement|please|le\s+\d{1,2}\s+ou|le\s+\d{1,2}\s+et))*[\s,-]*$"
)


def _read_day_ending_request(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"rappel le 26", "dispo le 3 ou le 4": a day of the month right after a callback word."""
    if not _CALLBACK_BEFORE.search(text, max(0, m.start() - 40), m.start()):
        return []
    return _read_day_of_month(m, language, text)


def _read_weekend(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"le week-end", "le week-end prochain" (said during a weekend: the next one)."""
    return _day(m, Day(DayKind.WEEKEND, 1 if m.group("next") or m.group("after") else 0))


def _read_since_day(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"à partir de demain", "dès jeudi", "from Monday on": each day from then on."""
    if m.group("rel"):
        return _day(m, Day(DayKind.SINCE, 2 if "apres" in m.group("rel") else 1))
    return _day(m, Day(DayKind.SINCE_WEEKDAY, WEEKDAYS[m.group("wd")]))


def _read_since_date(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"à partir du 30", "pas avant le 15/12", "dès le 3 décembre": each day from then on."""
    day = int(m.group("d"))
    month = _month(m) if (m.group("mon") or m.group("mo")) else 0
    if month is None or not 0 <= month <= 12 or not 1 <= day <= 31:
        return []
    return _day(m, Day(DayKind.SINCE_DATE, date=(None, month, day)))


def _read_date_range(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"du 30 novembre au 2 décembre", "du 3 au 5/12": each date of the range (the first date
    takes the second's month, or the month before when its day is later)."""
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    last_month = MONTHS.get((m.group("mon2") or "").rstrip(".")) or int(m.group("mo2") or 0)
    first_month = (MONTHS.get((m.group("mon1") or "").rstrip(".")) or int(m.group("mo1") or 0)
                   or (last_month if d1 <= d2 else last_month - 1 or 12))
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31):
        return []
    return _day(m, Day(DayKind.DATE_RANGE, date=(None, first_month, d1),
                       until=(None, last_month, d2)))


_WEEK_PARTS = {"debut": (0, 1), "early": (0, 1), "start": (0, 1), "beginning": (0, 1),
               "milieu": (2,), "middle": (2,), "mid": (2,),
               "fin": (3, 4), "end": (3, 4), "late": (3, 4), "later": (3, 4)}


def _read_week_part(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"en début de semaine" (Monday, Tuesday), "en milieu de semaine" (Wednesday), "en fin de
    semaine" (Thursday, Friday), "early next week": those days of this week still to come, else of
    next week. "d'ici la fin de la semaine", "by the end of the week": the days up to Friday, when
    asked for a call (a deadline otherwise)."""
    word = m.group("fr") or m.group("en") or m.group("en2") or "mid"
    if m.group("pre"):
        found = _day(m, Day(DayKind.UNTIL, 4))
        found[0].void = not _CALL_IN_CLAUSE.search(text, max(0, m.start() - 60), m.start())
        return found
    following = 1 if m.group("next") or m.group("ennext") else 0
    return _day(m, Day(DayKind.WEEK_PART, following, weekdays=frozenset(_WEEK_PARTS[word])))


def _read_weekday_range(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"du lundi au vendredi"."""
    first, last = WEEKDAYS[_plain_weekday(m.group("w1"))], WEEKDAYS[_plain_weekday(m.group("w2"))]
    days = frozenset((first + i) % 7 for i in range((last - first) % 7 + 1))
    return _day(m, Day(DayKind.SET, weekdays=days))


def _read_today_part(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"ce soir", "tonight": today, and that part of the day."""
    window = part_window(m.group(), "today")
    return _day(m, Day(DayKind.RELATIVE, 0)) + _window(m, window, WinKind.PART)


_COUNTS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "two": 2, "three": 3,
           "four": 4, "five": 5}


def _read_relative_day(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"aujourd'hui", "demain", "après-demain"."""
    word = m.group("rel")
    if m.group("n"):  # "dans 2 jours", "in three days"
        return _day(m, Day(DayKind.RELATIVE, _COUNTS.get(m.group("n")) or int(m.group("n"))))
    if "apres" in word or "after" in word:
        return _day(m, Day(DayKind.RELATIVE, 2))
    today = word.startswith(("aujourd", "auj", "ajd", "today", "2day"))
    return _day(m, Day(DayKind.RELATIVE, 0 if today else 1))


def _read_next_week_part(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"tous les matins de la semaine prochaine": that part on each day of next week."""
    window = part_window(m.group("part"), "every")
    return _day(m, Day(DayKind.NEXT_WEEK)) + _window(m, window, WinKind.PART)


def _read_every_part(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"tous les soirs": that part on each day."""
    window = part_window(m.group("part"), "every")
    return _day(m, Day(DayKind.SET, weekdays=_ALL_DAYS)) + _window(m, window, WinKind.PART)


_ALL_DAYS = frozenset(range(7))
_WEEK = frozenset(range(5))


def _read_every_weekday(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"tous les lundis"."""
    return _weekday(m, language, every=True)


def _read_weekday(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"lundi", "lundi prochain"; "jeudi dernier" is past (void)."""
    found = _weekday(m, language, every=False)
    before, after = m.group("pre") or "", m.group("post") or ""
    if found and (before in ("last", "dernier") or after.startswith(("dern", "pass", "last"))):
        found[0].void = True
    elif found and (before == "un" or (before == "a" and language == "en")):
        found[0].void = True  # "désolé de vous déranger un dimanche": any Sunday, not a day asked
    return found


_CALL_IN_CLAUSE = re.compile(
    r"\b(?:dispo\w*|disponible\w*|rappel\w*|appel\w*|joign\w*|joindre|libres?|call\w*"
    r"|available|free|contact\w*|ring|phone)\b[^.!?;\n]*$"
)


def _read_until_weekday(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"rappelez-moi avant jeudi" (today to Wednesday), "dispo d'ici vendredi", "call me by
    Friday" (today to Friday): the days up to it, when asked for a call; otherwise a deadline
    ("je dois payer avant jeudi"), no callback time."""
    found = _weekday(m, language, every=False)
    if not found:
        return []
    before = m.group("pre") in ("avant", "before")
    found[0].day = Day(DayKind.BEFORE if before else DayKind.UNTIL, WEEKDAYS[_plain_weekday(
        m.group("wd"))])
    found[0].void = not _CALL_IN_CLAUSE.search(text, max(0, m.start() - 60), m.start())
    return found


# "sat", "sun", "wed" are English words too ("I sat there", "the sun"): days only after a word
# that leads to a day or before a time, a part of the day, a list or the end.
_DAY_WORDS = frozenset({"sat", "sun", "wed"})
_LEADS_TO_DAY = re.compile(r"(?:^|[,;(/-]|\b(?:on|next|this|every|by|till|until|from|me"
                           r"|free|available|call|ring|not|except|but))\s*$")
_DAY_FOLLOWS = re.compile(r"\.?\s*(?:$|[\d,;.!?)/-]|(?:am|pm|morning|afternoon|evening|night|or|and"
                          r"|at|after|before|between|from|lunch\w*|mornings?|evenings?)\b)")


def _weekday(m: re.Match[str], language: str, every: bool) -> list[Mention]:
    key = _plain_weekday(m.group("wd"))
    if key not in WEEKDAYS or (key in ENGLISH_ABBREVIATIONS and language != "en"):
        return []
    text = m.string
    if key in _DAY_WORDS and not (_LEADS_TO_DAY.search(text, 0, m.start("wd"))
                                  or _DAY_FOLLOWS.match(text, m.end("wd"))):
        return []
    if every:
        return _day(m, Day(DayKind.SET, weekdays=frozenset({WEEKDAYS[key]})))
    return _day(m, Day(DayKind.WEEKDAY, WEEKDAYS[key]))


def _plain_weekday(word: str) -> str:
    word = word.rstrip(".")
    return word if word in WEEKDAYS else word[:-1]


def _read_part(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"le matin", "en fin de journée", "entre midi et deux"."""
    return _window(m, part_window(m.group()), WinKind.PART)


def _read_ampm(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"am", "pm", "mat", "night" after a day: "demain am" is the afternoon in French."""
    word = m.group("ampm")
    if word == "night":  # "tomorrow night"
        return _window(m, EVENING, WinKind.AMPM)
    morning = word == "mat" or (word.startswith("a") and language == "en")
    return _window(m, MORNING if morning else AFTERNOON, WinKind.AMPM)


# Hours ------------------------------------------------------------------------------------------

# A day word right before a bare number makes it an hour: "jeudi à 10", "Friday 10-12".
_DAY_BEFORE = re.compile(
    rf"\b(?:{ANY_WEEKDAY}|demain|tomorrow|aujourd'\s?hui|today|apres[\s-]demain)\s+"
    r"(?:(?:matin|soir|morning|evening|afternoon)\s+)?$"
)
_BARE_UNIT_AFTER = re.compile(
    r"\s*(?:mois|ans?\b|annees?|jours?|semaines?|%|€|eur|euros?|k\b|000|salari|employ|clients?"
    r"|personnes?|fois|minutes?|min\b|years?|months?|days?|weeks?|people|staff|impayes?|factures?"
    r"|enfants?|ou\s+\d+\s+(?:mois|ans|jours|semaines)|km\b|kms\b|kilometres?|metres?|miles?)"
)
_NEAR = ("vers", "vers les", "at", "around", "about", "environ", "env", "env.")
# A bare English number word is an hour ("call me at ten", "after six") only in English text and
# where the time ends ("at one point" is none).
_WORD_HOUR_END = re.compile(
    r"\s*(?:$|[,.!?;:)]|(?:or|and|ou|tomorrow|today|tonight|on|this|next|please|pls|if|then"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
    r"|thanks|thank|works?|is|would|should|suits?|ok|okay)\b)"
)


def _word_hour_ok(clock: Clock, language: str, text: str, end: int) -> bool:
    return not clock.word or (language == "en" and bool(_WORD_HOUR_END.match(text, end)))


def _read_range(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"entre 14h et 16h", "14-16h", "de 9 à 11"; bare numbers are hours only after "entre",
    "de" or a day, and not before a unit ("de 2 à 3 salariés")."""
    bare_ok = ((m.group().startswith(("entre", "between", "de ", "from"))
                or bool(_DAY_BEFORE.search(text, 0, m.start())))
               and not _BARE_UNIT_AFTER.match(text, m.end()))
    bounds = [read_clock(m.groupdict(), p) for p in ("a", "b")]
    words = any(b is not None and not _word_hour_ok(b, language, text, m.end()) for b in bounds)
    window = None if words else read_range(m.groupdict(), bare_ok)
    return _window(m, window, WinKind.RANGE) if window else []


def _read_open_end(kind: WinKind) -> Reader:
    """"après 18h" (18:00-21:00, or one hour from 20:00 on), "avant 10h" (08:00-10:00)."""
    def read(m: re.Match[str], language: str, text: str) -> list[Mention]:
        at = read_clock(m.groupdict(), "o")
        bare = at is not None and not at.unit
        if at is None or (bare and (_BARE_UNIT_AFTER.match(text, m.end()) or at.minutes % 60
                                    or not _word_hour_ok(at, language, text, m.end()))):
            return []
        return [Mention(m.start(), m.end(), win=open_end(kind, at.minutes))]
    return read


def _read_clock(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"à 14h", "vers 17h30": the hour that starts there. A bare number is an hour only after
    "vers", "at", "around" or "à" after a day ("jeudi à 10"); "14h30" alone is weak."""
    at = read_clock(m.groupdict(), "c")
    if at is None:
        return []
    prep = (m.group("prep") or "").strip()
    near = prep in _NEAR or (prep in ("a", "at") and bool(_DAY_BEFORE.search(text, 0, m.start())))
    if not at.unit and not (near and not _BARE_UNIT_AFTER.match(text, m.end())
                            and _word_hour_ok(at, language, text, m.end())):
        return []
    mentions = _window(m, (at.minutes, at.minutes + 60), WinKind.CLOCK)
    mentions[0].weak = not prep
    return mentions


_DAY_NEXT_TO = re.compile(
    rf"\b(?:{ANY_WEEKDAY}|demain|dem|tomorrow|tmrw|apres[\s-]?demain|week[\s-]?end|semaine"
    r"|week|jours?|days?)\b"
)


def _read_same_time(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"lundi prochain même heure", "demain à la même heure", "same time tomorrow": the time said
    before in the SMS, else the time it was sent at (slots.py fills it in). In English a day must
    be next to it ("at the same time" also joins sentences)."""
    near = text[max(0, m.start() - 25):m.start()] + " " + text[m.end():m.end() + 25]
    if language == "en" and not _DAY_NEXT_TO.search(near):
        return []
    return [Mention(m.start(), m.end(), win=Win(0, 60, WinKind.CLOCK, same=True))]


def _constant(day: Day) -> Reader:
    def read(m: re.Match[str], language: str, text: str) -> list[Mention]:
        return _day(m, Day(day.kind, day.number, day.date, day.weekdays))
    return read


def _read_holiday_between(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"entre Noël et le jour de l'an": the days between the two holidays, 26 to 31 December."""
    return _day(m, Day(DayKind.DATE_RANGE, date=(None, 12, 26), until=(None, 12, 31)))


def _read_holiday_since(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"après Noël" is from 26 December on, "pas avant le jour de l'an" from 1 January on."""
    after = m.group("pre") in ("apres", "after")
    month, day = (12, 25) if m.group("xmas") else (1, 1)
    return _day(m, Day(DayKind.SINCE_DATE, date=(None, month, day + after)))


def _read_after_date(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"après le 1er" is from the next 2nd on; "après le 31 décembre" from 1 January."""
    day = int(m.group("d"))
    month = _month(m) if (m.group("mon") or m.group("mo")) else 0
    if month is None or not 0 <= month <= 12 or not 1 <= day <= 31:
        return []
    if not month:
        return _day(m, Day(DayKind.SINCE_DATE, date=(None, 0, day + 1))) if day < 31 else []
    if day >= calendar.monthrange(2001, month)[1]:  # the month's last day (February: 28)
        month, day = month % 12 + 1, 0
    return _day(m, Day(DayKind.SINCE_DATE, date=(None, month, day + 1)))


_HOLIDAY_DATES = {"ny": (1, 1), "eve": (12, 31), "xeve": (12, 24), "xmas": (12, 25)}


def _read_holiday_date(m: re.Match[str], language: str, text: str) -> list[Mention]:
    """"le jour de l'an", "la Saint-Sylvestre", "Christmas Eve": that date."""
    month, day = next(md for name, md in _HOLIDAY_DATES.items() if m.group(name))
    return _day(m, Day(DayKind.DATE, date=(None, month, day)))


_READERS: dict[str, Reader] = {
    "holiday_between": _read_holiday_between,
    "holiday_since": _read_holiday_since,
    "after_date": _read_after_date,
    "holiday_date": _read_holiday_date,
    "vague_period": _constant(Day(DayKind.VAGUE)),
    "date": _read_date,
    "month_first_date": _read_month_first_date,
    "numeric_date": _read_numeric_date,
    "dotted_date": _read_date,
    "weekday_and_day": _read_day_of_month,
    "day_before_time": _read_day_of_month,
    "day_ending_request": _read_day_ending_request,
    "ordinal": _read_day_of_month,
    "weekday_range": _read_weekday_range,
    "date_range": _read_date_range,
    "since_date": _read_since_date,
    "weekday_between": _read_weekday_range,
    "since_day": _read_since_day,
    "week_part": _read_week_part,
    "today_part": _read_today_part,
    "relative_day": _read_relative_day,
    "next_week_part": _read_next_week_part,
    "every_part": _read_every_part,
    "every_weekday": _read_every_weekday,
    "next_week": _constant(Day(DayKind.NEXT_WEEK)),
    "week_of": _read_week_of,
    "every_day": _constant(Day(DayKind.SET, weekdays=_ALL_DAYS)),
    "weekdays": _constant(Day(DayKind.SET, weekdays=_WEEK)),
    "weekend": _read_weekend,
    "weekday": _read_weekday,
    "until_weekday": _read_until_weekday,
    "range_between": _read_range,
    "range": _read_range,
    "part": _read_part,
    "after": _read_open_end(WinKind.AFTER),
    "before": _read_open_end(WinKind.BEFORE),
    "before_time_first": _read_open_end(WinKind.BEFORE),
    "after_time_first": _read_open_end(WinKind.AFTER),
    "same_time": _read_same_time,
    "clock": _read_clock,
    "ampm": _read_ampm,
}
