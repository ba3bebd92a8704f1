"""The end of a coach's pause of hours, read from what they wrote after PAUSE.

A length ("PAUSE 2h", "pause 3 heures", "PAUSE 30 min", "pause 1h30", "pause for
2 hours", "une demi-heure") ends that long after `now`, to the minute. A time of
day ("PAUSE jusqu'à 18h", "jusqu'a 14h30", "until 6pm", "jusqu'à demain 8h") ends
at the next time the hotline's clock shows it: "jusqu'à 8h" sent at 19:00 is
tomorrow 08:00. A length of nothing, or longer than LONGEST, is refused
("duration") and changes nothing.

Anything else is left to dispatch.pause_dates (None): no hours, a day or a date
("PAUSE 2 jours", "jusqu'au 4/01 18h": the whole day, as before), or more
numbers than one length ("PAUSE 14h-16h": unclear there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dispatch.commands import COUNT_WORDS, normalise
from dispatch.localtime import at_local
from dispatch.pause_dates import UNTIL_RE, WHILE_RE

# The longest pause given in hours. Longer ones ("PAUSE 100h") are refused, not
# read as days: a coach away for days writes days or a date (and is told the
# last day, and welcomed back the morning after), so 100 hours is more likely a
# slip for 10 than a plan; a pause far longer than meant is the roster quietly
# shrinking that pauses of hours are here to stop.
LONGEST = timedelta(hours=72)

_COUNT = r"(?:\d{1,4}|(?:AN|" + "|".join(COUNT_WORDS) + r")(?=\s))"
_HOURS = r"(?:HEURES?|HOURS?|HRS?|H)"
_MINUTES = r"(?:MINUTES?|MINS?|MN)"
# "2h", "3 heures", "1h30", "1 h 30 min", "une heure et demie", "an hour and a half".
_LENGTH = re.compile(
    rf"\b(?:(?P<hours>{_COUNT})\s*{_HOURS}(?:\s*(?P<and>\d{{1,2}})(?:\s*{_MINUTES})?)?"
    r"(?P<half>\s+(?:ET\s+DEMIE|AND\s+A\s+HALF))?"
    rf"|(?P<minutes>\d{{1,4}})\s*{_MINUTES}|(?P<half_hour>(?:UNE\s+)?DEMI\s+HEURE|HALF\s+AN\s+HOUR))\b")
_TOMORROW = r"(?:DEMAIN|TOMORROW)(?:\s+(?:MATIN|MORNING))?"
# "18h", "14h30", "6pm", "6:30 pm", "midi", after "jusqu'à" / "until"; "demain"
# before or after it.
_CLOCK = re.compile(
    rf"^(?:(?P<before>{_TOMORROW})\s+(?:A\s+|AT\s+)?)?"
    r"(?:(?P<h>\d{1,2})\s*(?:HEURES?|H)(?:\s*(?P<m>\d{2}))?(?!\s*(?:AM|PM)\b)"
    r"|(?P<h12>\d{1,2})(?:\s*H?\s*(?P<m12>\d{2}))?\s*(?P<ampm>AM|PM)"
    r"|(?P<noon>MIDI|NOON)|(?P<midnight>MINUIT|MIDNIGHT))"
    rf"(?P<after>\s+{_TOMORROW})?\b")
# After the time, words that would name another day: left to the date reader.
_ANOTHER_DAY = re.compile(r"\d|\b(?:LUNDI|MARDI|MERCREDI|JEUDI|VENDREDI|SAMEDI|DIMANCHE|MONDAY"
                          r"|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY|DEMAIN|TOMORROW)\b")
# Before a number of hours, words that make it a time, not a length ("PAUSE à
# 18h", "pause de 14h à 16h"): unclear, as before.
_AT_A_TIME = re.compile(r"\b(?:A|AT|DES|DE|FROM|VERS|AROUND|ENTRE|BETWEEN|APRES|AFTER|AVANT"
                        r"|BEFORE)\s*$")


@dataclass(frozen=True)
class PauseMoment:
    """When a pause of hours ends, or `refused` "duration" (nothing, or too long)."""
    until: datetime | None = None
    refused: str = ""


def read_until(body: str, now: datetime, tz: ZoneInfo) -> PauseMoment | None:
    """The end of the pause of hours `body` asks for, None when it asks for none."""
    # "18:30" is a time: said as "18h30" before the colon goes with the punctuation.
    text = normalise(re.sub(r"(\d)\s*:\s*(\d\d)\b", r"\1h\2", body or ""))
    until = UNTIL_RE.search(text)
    if until is not None:
        return _at_clock(text[until.end():].strip(), now, tz)
    found = _LENGTH.search(text)
    if found is None or WHILE_RE.search(text) or _AT_A_TIME.search(text[:found.start()]) \
            or re.search(r"\d", text[:found.start()] + text[found.end():]):
        return None
    length = _length(found)
    if not timedelta(0) < length <= LONGEST:
        return PauseMoment(refused="duration")
    return PauseMoment(now + length)


def _length(found: re.Match[str]) -> timedelta:
    if found["half_hour"]:
        return timedelta(minutes=30)
    if found["minutes"]:
        return timedelta(minutes=int(found["minutes"]))
    count = found["hours"]
    hours = int(count) if count.isdigit() else COUNT_WORDS.get(count, 1)   # "AN hour"
    minutes = int(found["and"] or 0) + (30 if found["half"] else 0)
    return timedelta(hours=hours, minutes=minutes)


def _at_clock(words: str, now: datetime, tz: ZoneInfo) -> PauseMoment | None:
    """The next moment the clock shows the time `words` begin with, or the
    one on the next day when they say tomorrow; None for no time of day."""
    found = _CLOCK.match(words)
    if found is None or _ANOTHER_DAY.search(words[found.end():]):
        return None
    clock = _clock(found)
    if clock is None:
        return None
    today = now.astimezone(tz).date()
    tomorrow = bool(found["before"] or found["after"])
    moment = at_local(today + timedelta(days=1 if tomorrow else 0), clock, tz)
    if moment <= now and not tomorrow:
        moment = at_local(today + timedelta(days=1), clock, tz)
    return PauseMoment(moment)


def _clock(found: re.Match[str]) -> time | None:
    """The time of day read, None when there is no such time ("25h", "13pm")."""
    if found["noon"] or found["midnight"]:
        return time(12 if found["noon"] else 0, 0)
    if found["ampm"]:
        hour, minute = int(found["h12"]), int(found["m12"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found["ampm"] == "PM" else 0)
    else:
        hour, minute = int(found["h"]), int(found["m"] or 0)
    return time(hour, minute) if hour <= 23 and minute <= 59 else None
