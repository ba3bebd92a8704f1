"""Local time: weekly windows, calling hours and time in words.

Inside, times are aware UTC; the hotline's zone (Europe/Paris) is used only
for weekly windows, calling hours and the words people read.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAYS_FR = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# A weekly plan as stored: {"0": [["09:00", "12:00"], ...]}, Monday = "0".
WeekPlan = dict[str, list[list[str]]]


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def at_local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The aware instant of `clock` on `day` in `tz` (DST handled by zoneinfo)."""
    return datetime.combine(day, clock, tzinfo=tz)


def _end_of(day: date, end: str, tz: ZoneInfo) -> datetime:
    # "24:00" ends the day at the next midnight ("23:59" in older rows meant it too).
    if end in ("24:00", "23:59"):
        return at_local(day + timedelta(days=1), time(0, 0), tz)
    return at_local(day, parse_hhmm(end), tz)


def day_windows(plan: WeekPlan, day: date, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    spans = plan.get(str(day.weekday()))
    if not spans:
        return []
    return list(_day_windows(tuple((start, end) for start, end in spans), day, tz))


@lru_cache(maxsize=4096)
def _day_windows(spans: tuple[tuple[str, str], ...], day: date,
                 tz: ZoneInfo) -> tuple[tuple[datetime, datetime], ...]:
    # Matching asks for the same coaches' days over and over (every request,
    # every round): the instants are made once per spans, day and zone.
    return tuple((at_local(day, parse_hhmm(start), tz), _end_of(day, end, tz))
                 for start, end in spans)


def windows_between(plan: WeekPlan, start: datetime, end: datetime,
                    tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Every window of the weekly plan that meets [start, end), clipped to it."""
    return list(iter_windows(plan, start, end, tz))


def iter_windows(plan: WeekPlan, start: datetime, end: datetime,
                 tz: ZoneInfo) -> Iterator[tuple[datetime, datetime]]:
    """The windows of `windows_between`, in the same order, made a day at a time,
    so that a caller wanting only the first ones (matching, for every coach and
    request) stops there. Day by day is in order: a day's windows start that
    day and end by the next midnight, so each starts after the day before's."""
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    while day <= last:
        found = []
        for ws, we in day_windows(plan, day, tz):
            lo, hi = max(ws, start), min(we, end)
            if lo < hi:
                found.append((lo, hi))
        yield from sorted(found)
        day += timedelta(days=1)


def in_plan(plan: WeekPlan, now: datetime, tz: ZoneInfo) -> bool:
    return next(iter_windows(plan, now, now + timedelta(seconds=1), tz), None) is not None


def calling_window(calling: tuple[str, str]) -> WeekPlan:
    return {str(d): [list(calling)] for d in range(7)}


def in_calling_hours(now: datetime, calling: tuple[str, str], tz: ZoneInfo) -> bool:
    return in_plan(calling_window(calling), now, tz)


def next_calling_start(now: datetime, calling: tuple[str, str], tz: ZoneInfo) -> datetime:
    """`now` when within calling hours, else the next opening (e.g. 08:00)."""
    if in_calling_hours(now, calling, tz):
        return now
    windows = windows_between(calling_window(calling), now, now + timedelta(days=2), tz)
    return windows[0][0]


def promised_by(deadline: datetime, now: datetime, calling: tuple[str, str],
                tz: ZoneInfo) -> datetime:
    """The latest moment a call can be promised to a person: `deadline` when it
    falls in calling hours; else the end of the calling hours before it (a
    deadline of Sunday 23:10 is kept by Sunday 21:00: nobody calls at 23:10);
    when those are over by `now`, the next opening, the earliest a call can
    come (never a moment already past)."""
    if in_calling_hours(deadline, calling, tz):
        return deadline
    before = windows_between(calling_window(calling), deadline - timedelta(days=2), deadline, tz)
    if before and before[-1][1] > now:
        return before[-1][1]
    return next_calling_start(now, calling, tz)


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec")


def hour_words(moment: datetime, lang: str = "fr") -> str:
    """ "14h", "14h30"; in English "2pm", "2:30pm", "noon"."""
    if lang == "en":
        if (moment.hour, moment.minute) == (12, 0):
            return "noon"
        hour = moment.hour % 12 or 12
        suffix = "am" if moment.hour < 12 else "pm"
        return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"
    return f"{moment.hour}h" if moment.minute == 0 else f"{moment.hour}h{moment.minute:02d}"


def day_words(moment: datetime, lang: str = "fr") -> str:
    """ "mer. 9/12"; in English "Wed 9 Dec"."""
    if lang == "en":
        return f"{DAYS_EN[moment.weekday()]} {moment.day} {MONTHS_EN[moment.month - 1]}"
    return f"{DAYS_FR[moment.weekday()]} {moment.day}/{moment.month}"


def slot_words(start: datetime, end: datetime, tz: ZoneInfo, lang: str = "fr") -> str:
    """"jeu. 26/11 14h-18h" (or "Thu 26 Nov 2pm-6pm")."""
    s, e = start.astimezone(tz), end.astimezone(tz)
    return f"{day_words(s, lang)} {hour_words(s, lang)}-{hour_words(e, lang)}"


def slot_phrase(start: datetime, end: datetime, tz: ZoneInfo, lang: str = "fr") -> str:
    """"le jeu. 26/11 entre 14h et 18h" (or "on Thu 26 Nov between 2pm and 6pm")."""
    s, e = start.astimezone(tz), end.astimezone(tz)
    if lang == "en":
        return f"on {day_words(s, lang)} between {hour_words(s, lang)} and {hour_words(e, lang)}"
    return f"le {day_words(s)} entre {hour_words(s)} et {hour_words(e)}"


def slots_words(slots: list[dict[str, str]], flexible: bool, tz: ZoneInfo,
                lang: str = "fr", limit: int = 3, after: datetime | None = None) -> str:
    """The person's slots in words; with `after`, only those not over by then
    (an offer sent on Saturday quoting Friday evening reads as a mistake)."""
    if after is not None:
        left = [s for s in slots if datetime.fromisoformat(s["end"]) > after]
        if slots and not left:
            # "passés" alone left the coach wondering when to call.
            return "past, as soon as you can" if lang == "en" else "passés, dès que possible"
        slots = left
    parts = [slot_words(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]), tz, lang)
             for s in slots[:limit]]
    if len(slots) > limit:
        parts.append(f"+{len(slots) - limit}")
    if not parts:
        return ("any time" if lang == "en" else "à tout moment") if flexible else \
            ("not given" if lang == "en" else "non précisés")
    return ", ".join(parts)


def moment_words(moment: datetime, tz: ZoneInfo, lang: str = "fr") -> str:
    """"jeu. 26/11 14h30" (or "Thu 26 Nov 2:30pm")."""
    local = moment.astimezone(tz)
    return f"{day_words(local, lang)} {hour_words(local, lang)}"


def when_words(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """"à 3h24" the same day as `now`, else "sam. 5/12 à 23h": when something
    happened, as an SMS read at `now` says it ("prise en main à 3h24"; never
    "depuis 3h", which reads as three hours)."""
    local = moment.astimezone(tz)
    if local.date() == now.astimezone(tz).date():
        return f"à {hour_words(local)}"
    return at_words(moment, tz)


def median_span(spans: list[timedelta]) -> timedelta:
    """The median of lengths of time (statistics.median is typed for numbers)."""
    ordered = sorted(spans)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def duration_words(delta: timedelta) -> str:
    """"3 h 20 min", "45 min", "2 j 4 h" — for the dashboard."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} j {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min"


def at_words(moment: datetime, tz: ZoneInfo) -> str:
    """"mer. 9/12 à 9h56": a moment as coordinators read it on the dashboard."""
    local = moment.astimezone(tz)
    return f"{day_words(local)} à {hour_words(local)}"


def span_words(delta: timedelta) -> str:
    """"6 h", "6 h 10 min", "24 h", "3 j 2 h", "45 min": a length of time, without
    noughts; in hours up to two days."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60) if minutes >= 48 * 60 else (0, minutes)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} j"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{mins} min"] if mins and not days else []
    return " ".join(parts) or "0 min"

