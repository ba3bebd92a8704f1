"""The last day of a coach's pause, read from what they wrote after PAUSE.

"PAUSE jusqu'au 4 janvier", "jusqu'au 4/01", "jusqu'à lundi", "absent jusqu'au
10", "away until Monday": read in the hotline's zone from `today`, a date
without a year is the nearest one (the 4th of January written on 20 December
is next year's; the 5th of December written on the 7th has passed), a weekday
the next one strictly after today, a day alone the next such day of a month.
The word lists are the parser's (dispatch.parsing.timegrammar).

A while instead of a date ("PAUSE 2 semaines", "pause pour 3 jours", "10j",
"off for a week") counts the day it is sent as its first day away: N days
sent on day D are D to D+N-1, back on D+N ("2 semaines" sent on Monday 7
December: back Monday 21, the last day away Sunday 20; "15 jours" is 15
days, to Monday 21 inclusive). N months end the day before the same date N
months on (back on the month's last day when it has no such date: "1 mois"
sent on 31 January, back on 28 February). A while of nothing, or longer
than LONGEST, is refused ("duration"): PAUSE alone is for a long absence.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dispatch.commands import COUNT_WORDS, SPAN, normalise
from dispatch.parsing.timegrammar import MONTHS, WEEKDAYS

# Until when, in words: what comes after it is the last day away.
UNTIL_RE = re.compile(r"\b(?:JUSQU\s*(?:AU|A|AUX|EN)?|UNTIL|TILL|TIL|THROUGH)\b")
# Said in English: answered in English when the coach speaks it.
ENGLISH_RE = re.compile(r"\b(?:UNTIL|TILL|TIL|THROUGH|AWAY|HOLIDAYS?|VACATION|LEAVE|OFF|DAYS?"
                        r"|WEEKS?|WKS?|MONTHS?|YEARS?|HOURS?|HRS?|AM|PM|NOON|MIDNIGHT|TOMORROW"
                        r"|FOR)\b")
# "PAUSE 2 semaines", "pause pour 15 jours": a while, from today.
WHILE_RE = re.compile(r"\b" + SPAN)
# The longest while a pause may be given: six months and a little more, so
# that "6 mois" and "26 semaines" always fit, whatever the months.
LONGEST = timedelta(days=186)
# "PAUSE jusqu'à nouvel ordre", "until further notice": no end, until DISPO.
OPEN_ENDED_RE = re.compile(r"^(?:NOUVEL\s+ORDRE|MON\s+RETOUR|FURTHER\s+NOTICE|I\s+AM\s+BACK"
                           r"|I\s+M\s+BACK|DISPO)\b")
_MONTH = "|".join(sorted((m.upper() for m in MONTHS), key=len, reverse=True))
_WEEKDAY = "|".join(sorted((d.upper() for d in WEEKDAYS), key=len, reverse=True))
_ORDINAL = r"(?:ER|E|EME|ST|ND|RD|TH)?"
_YEAR = r"(?:\s+(?P<year>\d{4}|\d{2}))?"
_DAY_FIRST = re.compile(rf"^(?:(?:{_WEEKDAY})\s+)?(?:LE\s+)?(?P<day>\d{{1,2}}){_ORDINAL}\s+"
                        rf"(?P<month>{_MONTH}){_YEAR}\b")
_MONTH_FIRST = re.compile(rf"^(?:(?:{_WEEKDAY})\s+)?(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})"
                          rf"{_ORDINAL}{_YEAR}\b")
_NUMERIC = re.compile(r"^(?:(?:" + _WEEKDAY + r")\s+)?(?:LE\s+)?(?P<day>\d{1,2})\s+"
                      r"(?P<month>\d{1,2})" + _YEAR + r"\b")
_DAY_ONLY = re.compile(rf"^(?:(?:{_WEEKDAY})\s+)?(?:LE\s+)?(?P<day>\d{{1,2}}){_ORDINAL}"
                       r"(?:\s+INCLUS|\s+INCLUDED|\s+INCLUSIVE)?$")
_WEEKDAY_ONLY = re.compile(rf"^(?:NEXT\s+|THIS\s+)?(?P<weekday>{_WEEKDAY})S?(?:\s+(?:PROCHAIN|"
                           r"PROCHAINE|INCLUS|INCLUDED|INCLUSIVE|SOIR|EVENING|NIGHT))*$")
_RELATIVE = {"AUJOURD HUI": 0, "CE SOIR": 0, "TODAY": 0, "TONIGHT": 0, "DEMAIN": 1,
             "TOMORROW": 1, "APRES DEMAIN": 2}
_UNIT_AFTER = re.compile(r"^\d+\s*(?:H|HEURES?|MIN|MINUTES?|AM|PM|JOURS?|DAYS?|SEMAINES?|WEEKS?"
                         r"|MOIS|MONTHS?)\b")
# Words after the date that say nothing more ("jusqu'au 4 janvier inclus, merci").
_TAIL = re.compile(r"\s+(?:INCLUS|INCLUDED|INCLUSIVE|MERCI|THANKS|SVP|PLEASE|BONNES?\s+FETES"
                   r"|BONNE\s+ANNEE)\b.*$")


@dataclass(frozen=True)
class PauseEnd:
    """What the words after PAUSE say: the last day away (inclusive), or
    nothing (until DISPO); `refused` "past" (then `last_day` is the date read),
    "duration" for a while of nothing or too long, or "unclear" when a date
    was meant but cannot be used."""
    last_day: date | None = None
    refused: str = ""


def in_english(body: str) -> bool:
    return bool(ENGLISH_RE.search(normalise(body)))


def read_end(body: str, today: date) -> PauseEnd:
    """The end of the pause `body` asks for, `today` being the local date."""
    text = normalise(body)
    until = UNTIL_RE.search(text)
    if until is None:
        span = WHILE_RE.search(text)
        if span is not None:
            return _after_while(span, today)
        # "PAUSE 4/01": a date written straight after; "PAUSE merci": no end.
        found = _date_in(text, today)
        if found is not None:
            return _checked(found, today)
        return PauseEnd(refused="unclear") if re.search(r"\d", text) else PauseEnd()
    after = _TAIL.sub("", text[until.end():]).strip()
    if OPEN_ENDED_RE.match(after):
        return PauseEnd()
    found = _read(after, today)
    return _checked(found, today) if found is not None else PauseEnd(refused="unclear")


def _after_while(found: re.Match[str], today: date) -> PauseEnd:
    """The last day of the while `found` ("2 SEMAINES"), sent on `today`."""
    count = found["count"]
    n = int(count) if count.isdigit() else COUNT_WORDS[count]
    unit = found["unit"]
    if unit.startswith(("AN", "Y")):
        back = None   # "PAUSE 1 an": more than LONGEST
    elif unit in ("MOIS", "MONTH", "MONTHS"):
        back = _months_on(today, n) if n <= 6 else None
    else:
        days = n * 7 if unit.startswith(("S", "W")) else n
        back = today + timedelta(days=days) if days <= LONGEST.days else None
    if back is None or back <= today or back - today > LONGEST:
        return PauseEnd(refused="duration")
    return PauseEnd(back - timedelta(days=1))


def _months_on(today: date, n: int) -> date:
    """The same date `n` months on, or that month's last day."""
    year, month = divmod(today.month - 1 + n, 12)
    year, month = today.year + year, month + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _checked(found: date, today: date) -> PauseEnd:
    """A date gone by is refused as past; one further than LONGEST as a pause
    too long, as a length would be ("jusqu'au 4/01/2030" is a slip, or a
    volunteer leaving: PAUSE alone is for that)."""
    if found < today:
        return PauseEnd(found, "past")
    if found + timedelta(days=1) - today > LONGEST:
        return PauseEnd(refused="duration")
    return PauseEnd(found)


def _date_in(text: str, today: date) -> date | None:
    """A whole date (day and month) anywhere in `text`, for a PAUSE without "until"."""
    for start in (m.start() for m in re.finditer(r"\b\d", text)):
        rest = text[start:]
        if _DAY_FIRST.match(rest) or _NUMERIC.match(rest):
            return _read(rest, today)
    return None


def _read(words: str, today: date) -> date | None:
    """The date `words` begin with, None when they are no date."""
    if words in _RELATIVE:
        return today + timedelta(days=_RELATIVE[words])
    if _UNIT_AFTER.match(words):
        return None   # "jusqu'à 14h", "until 3 weeks": a time or a span, not a day
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        found = pattern.match(words)
        if found:
            month = MONTHS[found["month"].lower()]
            return _dated(int(found["day"]), month, found["year"], today)
    found = _NUMERIC.match(words)
    if found:
        return _dated(int(found["day"]), int(found["month"]), found["year"], today)
    found = _DAY_ONLY.match(words)
    if found:
        return _day_of_month(int(found["day"]), today)
    found = _WEEKDAY_ONLY.match(words)
    if found:
        weekday = WEEKDAYS[found["weekday"].lower()]
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return None


def _dated(day: int, month: int, year: str | None, today: date) -> date | None:
    if year is not None:
        return _valid(int(year) + (2000 if len(year) == 2 else 0), month, day)
    this_year = _valid(today.year, month, day)
    if this_year is None or this_year >= today:
        return this_year or _valid(today.year + 1, month, day)
    return _nearest(this_year, _valid(today.year + 1, month, day), today)


def _day_of_month(day: int, today: date) -> date | None:
    """The next such day: "absent jusqu'au 10" on the 20th is next month's."""
    year, month = today.year, today.month
    for _ in range(3):
        found = _valid(year, month, day)
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _nearest(past: date, coming: date | None, today: date) -> date:
    """The nearer of a date gone by and the same one to come: "jusqu'au 5
    décembre" on the 7th is a slip (refused as past), not a pause of a year."""
    if coming is None or today - past < coming - today:
        return past
    return coming


def _valid(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= year <= 9998 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None
