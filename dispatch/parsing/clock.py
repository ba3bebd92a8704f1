"""Clock times and ranges read from the groups of a time pattern (timeexpr.py).

An hour from 1 to 7 with no am/pm and no "du matin" is in the afternoon; in a
range, such a bound goes back to the morning when reading it in the
afternoon would put the start after the end ("de 7h à 9h").
"""
from __future__ import annotations

from dataclasses import dataclass

from .timegrammar import HOUR_WORDS


@dataclass
class Clock:
    minutes: int
    unit: bool      # written as a time (14h, 2pm, 14:30, midi), not a bare number
    shifted: bool   # 1 to 7 read in the afternoon
    word: bool = False  # a bare English number word ("at ten"), not a digit


def read_clock(groups: dict[str, str | None], p: str, force_ap: str | None = None,
               force_sf: str | None = None) -> Clock | None:
    """The time in the groups named with prefix `p` (hour, minutes, am/pm, "du soir"...),
    or None when it is not a time of day (25h, 0pm)."""
    if groups.get(f"{p}mid"):
        return Clock(720 + (30 if groups.get(f"{p}half") else 0), True, False)
    word = groups.get(f"{p}w")
    if groups.get(f"{p}h") is None and word is None:
        return None
    hour = HOUR_WORDS[word] if word else int(groups[f"{p}h"] or 0)
    minute = int(groups.get(f"{p}m") or groups.get(f"{p}c") or 0)
    if groups.get(f"{p}fr"):  # "10h et demie", "10 heures et quart"
        minute = 15 if groups[f"{p}fr"] == "quart" else 30
    # "half past ten", "half ten", "quarter past 2", "quarter to 11"; "10h moins le quart"
    before = groups.get(f"{p}pp") or ("quarter to" if groups.get(f"{p}mq") else "")
    if before:
        minute = 15 if before.startswith("quarter past") else 30 if before.startswith("half") else 0
    ap = groups.get(f"{p}ap") or force_ap
    suffix = groups.get(f"{p}sf") or force_sf
    unit = any(groups.get(f"{p}{part}") for part in ("u", "c", "ap", "sf", "pp"))
    shifted = False
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap == "p" else 0)
    elif suffix:
        if not ("mat" in suffix or "morning" in suffix) and hour < 12:
            hour += 12
    elif 1 <= hour <= 7:
        hour, shifted = hour + 12, True
    if hour > 23:
        return None
    total = hour * 60 + minute
    if before.endswith("to"):  # a quarter before the hour
        total -= 15
    return Clock(total, unit, shifted, bool(word) and not unit)


def read_range(groups: dict, bare_ok: bool) -> tuple[int, int] | None:
    """(start, end) minutes of the range in groups "a" and "b", or None.

    One bound must be written as a time unless `bare_ok` ("entre 9 et 10");
    an am/pm or "du soir" on the end also goes with the start ("2-4pm").
    """
    a, b = read_clock(groups, "a"), read_clock(groups, "b")
    if a is None or b is None or not (a.unit or b.unit or bare_ok):
        return None
    if groups.get("bap") and not groups.get("aap") and not groups.get("asf"):
        a = read_clock(groups, "a", force_ap=groups["bap"])
        if a is not None and a.minutes > b.minutes:
            a = read_clock(groups, "a", force_ap="a")
    elif groups.get("bsf") and not groups.get("aap") and not groups.get("asf"):
        a = read_clock(groups, "a", force_sf=groups["bsf"])
    if a is None:
        return None
    first, last = a.minutes, b.minutes
    if first >= last and a.shifted:
        first -= 720
    if first >= last:
        return None
    return first, last
