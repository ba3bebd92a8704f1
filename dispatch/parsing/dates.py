"""The dates a day mention stands for (spec/parsing.md, Days).

A weekday is its next occurrence strictly after today; a date is this year's, or next year's
if it has passed; sets of days (en semaine, tous les jours, le week-end, la semaine prochaine)
keep their days within the seven-day horizon.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from .mention import Day, DayKind

HORIZON_DAYS = 7
_RECENT_PAST_DAYS = 183


def dates_of(day: Day, today: date, excluded: set[int]) -> list[tuple[date, bool]]:
    """The dates a day mention stands for, each with whether it is part of a set."""
    if day.kind is DayKind.VAGUE:  # "après les fêtes": no day named, none produced
        return []
    if day.kind is DayKind.RELATIVE:
        return [(today + timedelta(days=day.number), False)]
    if day.kind is DayKind.WEEKDAY:
        return [(today + timedelta(days=(day.number - today.weekday()) % 7 or 7), False)]
    if day.kind in (DayKind.UNTIL, DayKind.BEFORE):  # "d'ici jeudi", "avant jeudi"
        last = today + timedelta(days=(day.number - today.weekday()) % 7 or 7)
        if day.kind is DayKind.BEFORE:
            last -= timedelta(days=1)
        span = (last - today).days + 1
        return [(d, True) for d in (today + timedelta(days=i) for i in range(span))
                if d.weekday() not in excluded]
    if day.kind in (DayKind.SINCE, DayKind.SINCE_WEEKDAY):  # "à partir de demain", "dès jeudi"
        return _since(day, today, excluded)
    if day.kind is DayKind.WEEK_PART:  # "en fin de semaine"
        return _week_part(day, today, excluded)
    if day.kind is DayKind.SINCE_DATE and day.date:  # "pas avant le 15"
        year, month, number = day.date
        first = _date(day.date, today) if month else _day_of_month(number, today)
        return _from(first, today, excluded) if first else []
    if day.kind is DayKind.DATE_RANGE and day.date and day.until:  # "du 30 novembre au 2 décembre"
        return _date_range(day.date, day.until, today, excluded)
    if day.kind is DayKind.NEXT_WEEKDAY:  # "la semaine prochaine, mardi": Tuesday of next week
        return [(today + timedelta(days=7 - today.weekday() + day.number), False)]
    if day.kind is DayKind.DATE and day.date:
        found = _date(day.date, today)
        return [(found, False)] if found else []
    if day.kind is DayKind.WEEK_OF and day.date:
        return _week_of(day.date, today, excluded)
    if day.kind is DayKind.DAY_OF_MONTH:
        found = _day_of_month(day.number, today)
        return [(found, False)] if found else []
    if day.kind is DayKind.WEEKEND:
        # "le week-end prochain" said during a weekend names next Saturday and Sunday, as
        # "samedi prochain" would: like a weekday name, it is not held to the horizon.
        named = day.number == 1 and today.weekday() >= 5
        last = today + timedelta(days=HORIZON_DAYS - 1)
        return [(d, True) for d in _weekend(today, next_one=day.number == 1)
                if d.weekday() not in excluded and (named or d <= last)]
    horizon = [today + timedelta(days=i) for i in range(HORIZON_DAYS)]
    if day.kind is DayKind.NEXT_WEEK:  # Monday to Friday of next week, within the horizon
        monday = today + timedelta(days=7 - today.weekday())
        return [(d, True) for d in horizon
                if monday <= d < monday + timedelta(days=5) and d.weekday() not in excluded]
    return [(d, True) for d in horizon
            if d.weekday() in day.weekdays and d.weekday() not in excluded]


def _since(day: Day, today: date, excluded: set[int]) -> list[tuple[date, bool]]:
    """Each day of the horizon from that day on; a weekday a week ahead (beyond the horizon) is
    named, so it stays, alone."""
    if day.kind is DayKind.SINCE:
        first = today + timedelta(days=day.number)
    else:
        first = today + timedelta(days=(day.number - today.weekday()) % 7 or 7)
    return _from(first, today, excluded)


def _from(first: date, today: date, excluded: set[int]) -> list[tuple[date, bool]]:
    """`first` and the days of the horizon after it (`first` alone when beyond the horizon)."""
    last = max(first, today + timedelta(days=HORIZON_DAYS - 1))
    span = (last - first).days + 1
    return [(d, True) for d in (first + timedelta(days=i) for i in range(span))
            if d.weekday() not in excluded]


def _date_range(first_date: tuple[int | None, int, int], last_date: tuple[int | None, int, int],
                today: date, excluded: set[int]) -> list[tuple[date, bool]]:
    """Each date from the first to the last, both explicit dates (not held to the horizon); the
    dates already past are left out."""
    last = _date(last_date, today)
    if last is None:
        return []
    first = _valid(last.year, first_date[1], first_date[2])
    if first is None:
        return []
    if first > last:
        first = _valid(last.year - 1, first_date[1], first_date[2]) or first
    span = (last - first).days + 1
    if not 0 < span <= 31:
        return []
    return [(d, True) for d in (first + timedelta(days=i) for i in range(span))
            if d >= today and d.weekday() not in excluded]


def _week_part(day: Day, today: date, excluded: set[int]) -> list[tuple[date, bool]]:
    """Those weekdays of this week when one is still to come after today (today with them), else
    of next week ("en début de semaine" said on a Tuesday is next Monday and Tuesday); within
    the horizon, as the other sets of days."""
    monday = today - timedelta(days=today.weekday())
    if day.number or today.weekday() >= max(day.weekdays):
        monday += timedelta(days=7)
    last = today + timedelta(days=HORIZON_DAYS - 1)
    days = (monday + timedelta(days=n) for n in sorted(day.weekdays))
    return [(d, True) for d in days if today <= d <= last and d.weekday() not in excluded]


def _week_of(value: tuple[int | None, int, int], today: date, excluded: set[int]
             ) -> list[tuple[date, bool]]:
    """Monday to Friday of the week of that date, wherever it is (from today on)."""
    found = _date(value, today)
    if not found:
        return []
    monday = found - timedelta(days=found.weekday())
    week = [monday + timedelta(days=i) for i in range(5)]
    return [(d, True) for d in week if d >= today and d.weekday() not in excluded]


def _weekend(today: date, next_one: bool = False) -> list[date]:
    """The Saturday and Sunday of the weekend in progress, else of the next one; "le week-end
    prochain" said on a weekend is the next one."""
    if next_one and today.weekday() >= 5:
        saturday = today + timedelta(days=12 - today.weekday())
        return [saturday, saturday + timedelta(days=1)]
    if today.weekday() == 6:
        return [today]
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    return [saturday, saturday + timedelta(days=1)]


def _date(value: tuple[int | None, int, int], today: date) -> date | None:
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
