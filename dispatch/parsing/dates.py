"""The dates a day mention stands for (spec/parsing.md, Days).

A weekday is its next occurrence strictly after today; a date is this year's,
or next year's if it has passed; sets of days (en semaine, tous les jours, le
week-end, la semaine prochaine) keep their days within the seven-day horizon.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from .timeexpr import Day

HORIZON_DAYS = 7
_RECENT_PAST_DAYS = 183


def dates_of(day: Day, today: date, excluded: set[int]) -> list[tuple[date, bool]]:
    """The dates a day mention stands for, each with whether it is part of a set."""
    if day.kind == "rel":
        return [(today + timedelta(days=day.value), False)]
    if day.kind == "weekday":
        return [(today + timedelta(days=(day.value - today.weekday()) % 7 or 7), False)]
    if day.kind == "nextweekday":  # "la semaine prochaine, mardi": Tuesday of next week
        return [(today + timedelta(days=7 - today.weekday() + day.value), False)]
    if day.kind == "date":
        found = _date(day.value, today)
        return [(found, False)] if found else []
    if day.kind == "weekof":  # Monday to Friday of the week of that date, wherever it is
        found = _date((None, *day.value), today)
        if not found:
            return []
        monday = found - timedelta(days=found.weekday())
        return [(monday + timedelta(days=i), True) for i in range(5)
                if monday + timedelta(days=i) >= today and (monday + timedelta(days=i)).weekday() not in excluded]
    if day.kind == "dom":
        found = _day_of_month(day.value, today)
        return [(found, False)] if found else []
    horizon = [today + timedelta(days=i) for i in range(HORIZON_DAYS)]
    if day.kind == "nextweek":  # Monday to Friday of next week, within the horizon
        monday = today + timedelta(days=7 - today.weekday())
        return [(d, True) for d in horizon if monday <= d < monday + timedelta(days=5) and d.weekday() not in excluded]
    if day.kind == "weekend":
        if today.weekday() == 6:
            wanted = [today]
        else:
            saturday = today + timedelta(days=(5 - today.weekday()) % 7)
            wanted = [saturday, saturday + timedelta(days=1)]
        return [(d, True) for d in wanted if d.weekday() not in excluded]
    return [(d, True) for d in horizon if d.weekday() in day.value and d.weekday() not in excluded]


def _date(value: tuple, today: date) -> date | None:
    """The date this year, or next year if it has passed; None for a date that
    passed in the last six months ("placée en redressement le 3 novembre"):
    that is an event told, not a callback asked for eleven months ahead."""
    year, month, day = value
    if year is not None:
        return _valid(year, month, day)
    this_year = _valid(today.year, month, day)
    if this_year and this_year >= today:
        return this_year
    if this_year and (today - this_year).days <= _RECENT_PAST_DAYS:
        return None
    return _valid(today.year + 1, month, day)


def _day_of_month(number: int, today: date) -> date | None:
    year, month = today.year, today.month
    for _ in range(3):
        found = _valid(year, month, number)
        if found and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] and 1 <= year <= 9998:
        return date(year, month, day)
    return None
