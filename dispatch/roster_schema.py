"""The vocabulary of volunteers.yaml: times, windows, days, topics, problems.

Everything here checks one value and knows nothing of YAML nodes:
`dispatch.roster` walks the file and turns the `BadValue`s raised here into
`Problem`s that carry a line number.
Messages are written for the coordinator who edits the file by hand: each says
what is wrong and, where we can tell, how to write it instead.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

from dispatch.phones import can_receive_sms, to_e164

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TOPICS: tuple[str, ...] = (
    "equilibre", "financier", "juridique", "social", "administratif", "rebond",
)

# Words people are likely to write for a day; only used to suggest the right
# key, never accepted silently (the key names are a contract).
_DAY_HINTS: dict[str, str] = {
    "monday": "mon", "lun": "mon", "lundi": "mon",
    "tuesday": "tue", "tues": "tue", "mar": "tue", "mardi": "tue",
    "wednesday": "wed", "mer": "wed", "mercredi": "wed",
    "thursday": "thu", "thur": "thu", "thurs": "thu", "jeu": "thu", "jeudi": "thu",
    "friday": "fri", "ven": "fri", "vendredi": "fri",
    "saturday": "sat", "sam": "sat", "samedi": "sat",
    "sunday": "sun", "dim": "sun", "dimanche": "sun",
    "weekdays": "mon-fri", "semaine": "mon-fri",
    "weekend": "sat,sun", "week-end": "sat,sun", "we": "sat,sun",
    "daily": "mon-sun", "all": "mon-sun", "tous": "mon-sun", "*": "mon-sun",
}

_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_FRENCH_TIME = re.compile(r"([0-9]{1,2})\s*[hH]\s*([0-9]{2})?")
# "–" (en dash) comes in when a coordinator pastes hours from a word processor.
_WINDOW_SPLIT = re.compile(r"\s*[-–]\s*")
LOOKS_LIKE_WINDOW = re.compile(r"^\s*[0-9]{1,2}[:hH][0-9]{0,2}\s*[-–]")


class BadValue(ValueError):
    """A value that cannot be read: `what` is wrong, `hint` says how to fix it."""

    def __init__(self, what: str, hint: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.hint = hint

    def located(self, where: str) -> str:
        """The message with its place: "bad time '25:00' in coach 'x' (...)"."""
        return f"{self.what} {where}" + (f" ({self.hint})" if self.hint else "")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    file: str = "volunteers.yaml"

    def __str__(self) -> str:
        # Line 0 means "the file as a whole" (missing, unreadable): no ":0".
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class RosterError(Exception):
    """The roster cannot be loaded; `problems` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Window:
    """A half-open daily interval [start, end) in the hotline's time zone.

    An end written "24:00" (until midnight) is stored as `time.max`, since
    `datetime.time` has no 24:00.
    """

    start: time
    end: time

    def __str__(self) -> str:
        return f"{format_time(self.start)}-{format_time(self.end)}"

    def contains(self, moment: time) -> bool:
        return self.start <= moment < self.end

    def overlaps(self, other: Window) -> bool:
        # Touching windows (12:00-14:00, 14:00-18:00) do not overlap.
        return self.start < other.end and other.start < self.end


def format_time(moment: time) -> str:
    return "24:00" if moment == time.max else f"{moment.hour:02d}:{moment.minute:02d}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ "did you mean 'x'?" for the closest choice, or "" when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def fold(text: str) -> str:
    """Lower case without accents: "Équilibre" -> "equilibre"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_time(text: str, *, is_end: bool = False) -> time:
    text = text.strip()
    match = _TIME.fullmatch(text)
    if not match:
        french = _FRENCH_TIME.fullmatch(text)
        if french:
            hint = f"write HH:MM, e.g. {int(french[1]):02d}:{french[2] or '00'}"
        else:
            hint = "write HH:MM, e.g. 09:00"
        raise BadValue(f"bad time '{text}'", hint)
    hours, minutes = int(match[1]), int(match[2])
    if is_end and (hours, minutes) == (24, 0):
        return time.max
    if hours > 23:
        raise BadValue(f"bad time '{text}'", "hours go from 00 to 23; 24:00 only as an end")
    if minutes > 59:
        raise BadValue(f"bad time '{text}'", "minutes go from 00 to 59")
    return time(hours, minutes)


def parse_window(text: str) -> Window:
    text = text.strip()
    parts = _WINDOW_SPLIT.split(text)
    if len(parts) != 2 or not all(parts):
        raise BadValue(f"bad hours '{text}'", "write start-end, e.g. 09:00-12:00")
    start = parse_time(parts[0])
    end = parse_time(parts[1], is_end=True)
    if end == start:
        raise BadValue(f"empty window '{text}'", "it ends when it starts")
    if end < start:
        raise BadValue(
            f"window '{text}' ends before it starts",
            "split hours past midnight over two days: 20:00-24:00 and 00:00-08:00",
        )
    return Window(start, end)


def parse_windows(text: str) -> list[Window]:
    """ "09:00-12:00, 14:00-18:00" -> two windows; raises on the first bad one."""
    pieces = text.split(",")
    if not text.strip():
        raise BadValue("no hours given", "write e.g. \"09:00-12:00, 14:00-18:00\"")
    if any(not p.strip() for p in pieces):
        raise BadValue(f"empty window in '{text.strip()}'", "remove the extra comma")
    return [parse_window(p) for p in pieces]


def _day(token: str, key: str) -> int:
    name = token.strip().lower()
    if name in DAYS:
        return DAYS.index(name)
    suggestion = _DAY_HINTS.get(fold(name))
    hint = f"did you mean '{suggestion}'?" if suggestion else did_you_mean(name, DAYS)
    hint = (hint + " " if hint else "") + "days are mon tue wed thu fri sat sun"
    if key != token.strip():
        raise BadValue(f"unknown day '{token.strip()}' in '{key}'", hint)
    raise BadValue(f"unknown day '{key}'", hint)


def parse_days(key: str) -> list[int]:
    """ "mon-fri" -> [0..4]; "sat,sun" -> [5, 6]; "mon-wed, fri" -> [0, 1, 2, 4].

    Weekday numbers follow `datetime.weekday()`: 0 is Monday, 6 is Sunday.
    A day named twice in one key is counted once.
    """
    key = key.strip()
    if not key:
        raise BadValue("empty day", "days are mon tue wed thu fri sat sun")
    days: list[int] = []
    for token in key.split(","):
        if not token.strip():
            raise BadValue(f"empty day in '{key}'", "remove the extra comma")
        ends = token.split("-")
        if len(ends) == 1:
            found = [_day(token, key)]
        elif len(ends) == 2 and ends[0].strip() and ends[1].strip():
            first, last = _day(ends[0], key), _day(ends[1], key)
            if last < first:
                # A range that wraps round the week is more likely a slip than
                # intended; say how to write it rather than guess.
                tail = DAYS[0] if last == 0 else f"{DAYS[0]}-{DAYS[last]}"
                raise BadValue(
                    f"day range '{token.strip()}' goes backwards",
                    f"ranges run mon to sun; write '{DAYS[first]}-sun, {tail}'",
                )
            found = list(range(first, last + 1))
        else:
            raise BadValue(f"bad day range '{token.strip()}'", "write e.g. mon-fri")
        days.extend(d for d in found if d not in days)
    return sorted(days)


def topic_of(text: str) -> str:
    """The topic as the file should spell it; raises BadValue if unknown."""
    folded = fold(text)  # "Équilibre" is the same topic as "equilibre"
    if folded in TOPICS:
        return folded
    hint = did_you_mean(folded, TOPICS)
    hint = (hint + " " if hint else "") + "topics are " + ", ".join(TOPICS)
    raise BadValue(f"unknown topic '{text}'", hint)


_LANGUAGE_NAMES = {
    "francais": "fr", "french": "fr", "anglais": "en", "english": "en",
    "allemand": "de", "german": "de", "espagnol": "es", "spanish": "es",
    "italien": "it", "italian": "it", "arabe": "ar", "arabic": "ar",
}


def language_of(text: str) -> str:
    """A two-letter ISO 639-1 code, lower case; raises BadValue otherwise."""
    code = text.strip().lower()
    if re.fullmatch(r"[a-z]{2}", code):
        return code
    named = _LANGUAGE_NAMES.get(fold(text))
    hint = f"did you mean '{named}'?" if named else "use a two-letter code such as fr or en"
    raise BadValue(f"bad language '{text}'", hint)


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def check_email(text: str) -> str:
    text = text.strip()
    if not _EMAIL.fullmatch(text):
        raise BadValue(f"bad email '{text}'", "write e.g. claire.moreau@example.org")
    return text


_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def check_id(text: str) -> str:
    # Ids show up in the API and in URLs, so keep them plain.
    text = text.strip()
    if _ID.fullmatch(text):
        return text
    slug = re.sub(r"[^a-z0-9_.-]+", "-", fold(text)).strip("-._")
    hint = "use lower-case letters, digits, '-', '_' or '.'"
    raise BadValue(f"bad id '{text}'", hint + (f", e.g. '{slug}'" if slug else ""))


_TRUE = {"true", "yes", "on", "oui"}
_FALSE = {"false", "no", "off", "non"}
_KINDS = {
    PhoneNumberType.FIXED_LINE: "a landline", PhoneNumberType.VOIP: "a VoIP number",
    PhoneNumberType.TOLL_FREE: "a toll-free number",
    PhoneNumberType.PREMIUM_RATE: "a premium-rate number",
    PhoneNumberType.SHARED_COST: "a shared-cost number",
}


def check_timezone(raw: str) -> str:
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        names = zoneinfo.available_timezones()
        # Only suggest a near-miss ("europe/paris", "Europe/Pari"): a loose
        # match would offer Lisbon for "Europe/Dijon".
        same = [n for n in names if n.lower() == raw.lower()]
        close = same or difflib.get_close_matches(raw, names, n=1, cutoff=0.85)
        hint = f"did you mean '{close[0]}'?" if close else "use an IANA name such as Europe/Paris"
        raise BadValue(f"unknown timezone '{raw}'", hint) from None
    return raw


def one_window(raw: str) -> Window:
    windows = parse_windows(raw)
    if len(windows) != 1:
        raise BadValue(f"calling_hours '{raw}' must be one window", "e.g. 08:00-21:00")
    return windows[0]


def quiet_window(raw: str) -> tuple[time, time]:
    """ "21:00-08:00": quiet hours may run past midnight, unlike other windows."""
    parts = _WINDOW_SPLIT.split(raw.strip())
    if len(parts) != 2 or not all(parts):
        raise BadValue(f"bad quiet_hours '{raw}'", "write start-end, e.g. 21:00-08:00")
    start, end = parse_time(parts[0]), parse_time(parts[1], is_end=True)
    if start == end:
        raise BadValue(f"empty quiet_hours '{raw}'", "it ends when it starts")
    return start, end


def check_minutes(raw: str) -> int:
    if not re.fullmatch(r"[0-9]+", raw.strip()) or not 5 <= int(raw) <= 24 * 60:
        raise BadValue(f"bad crisis_deadline_minutes '{raw}'",
                       "write a number of minutes between 5 and 1440, e.g. 60")
    return int(raw)


def check_partner(raw: str) -> str:
    return check_id(raw)


def check_number(raw: str) -> str:
    # The hotline is the Twilio number: it need not be a mobile, only a number.
    e164 = to_e164(raw)
    if e164 is None:
        raise BadValue(f"bad number '{raw}'", "write it in full, e.g. +33 3 80 00 00 00")
    return e164


def check_mobile(raw: str) -> str:
    e164 = to_e164(raw)
    if e164 is None:
        try:
            short = shortnumberinfo.is_valid_short_number(phonenumbers.parse(raw, "FR"))
        except phonenumbers.NumberParseException:
            short = False
        what = f"mobile '{raw}' is a short code" if short else f"bad phone number '{raw}'"
        raise BadValue(what, "write a mobile number, e.g. 06 39 98 10 01")
    if not can_receive_sms(e164):
        kind = _KINDS.get(phonenumbers.number_type(phonenumbers.parse(e164)), "not a mobile")
        raise BadValue(f"mobile '{raw}' is {kind}",
                       "it cannot receive SMS; give a mobile number, 06 or 07")
    return e164


def check_flag(raw: str) -> bool:
    word = fold(raw)
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise BadValue(f"bad value '{raw}' for 'active'", "write true or false")


def check_max_active(raw: str) -> int:
    if not re.fullmatch(r"[+-]?[0-9]+", raw):
        raise BadValue(f"bad max_active '{raw}'", "write a whole number, e.g. 3")
    if int(raw) < 1:
        raise BadValue(f"bad max_active '{raw}'",
                       "at least 1; to stop offers to this coach, write active: false")
    return int(raw)
