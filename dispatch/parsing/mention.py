"""What a time expression of an SMS stands for: a day, a window of the day, or both.

timeexpr.py finds them (`Mention`s), context.py marks those that are no callback time, and
slots.py puts days and windows together and in time (dates.py: the dates a day stands for).
Windows are in minutes since midnight; an end may pass 1440 (midnight).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

MORNING, AFTERNOON, EVENING, DAYTIME = (540, 720), (840, 1080), (1080, 1260), (540, 1080)


class DayKind(Enum):
    RELATIVE = "relative"          # `number` days after today: aujourd'hui, demain, après-demain
    WEEKDAY = "weekday"            # the next `number` (0 is Monday) strictly after today
    NEXT_WEEKDAY = "next weekday"  # weekday `number` of next week ("la semaine prochaine, mardi")
    DATE = "date"                  # `date`: (year or None, month, day)
    DAY_OF_MONTH = "day of month"  # the next day `number` of a month ("jeudi 26", "le 20 à 14h")
    WEEK_OF = "week of"            # Monday to Friday of the week of `date` (None, month, day)
    SET = "set"                    # each of the `weekdays` within the horizon (en semaine...)
    WEEKEND = "weekend"            # the weekend in progress, else the next one
    NEXT_WEEK = "next week"        # Monday to Friday of next week, within the horizon
    UNTIL = "until"                # from today to weekday `number` ("d'ici jeudi", "by Friday")
    BEFORE = "before"              # from today to the day before weekday `number` ("avant jeudi")
    SINCE = "since"                # from `number` days after today on ("à partir de demain")
    SINCE_WEEKDAY = "since weekday"  # from the next weekday `number` on ("dès jeudi")
    WEEK_PART = "week part"        # the `weekdays` of this week still to come, else of next week
    #                                ("en fin de semaine"); `number` 1: of next week
    SINCE_DATE = "since date"      # from `date` on ("pas avant le 15": month 0, the next 15th)
    DATE_RANGE = "date range"      # from `date` to `until` ("du 30 novembre au 2 décembre")
    VAGUE = "vague"                # a period naming no day ("après les fêtes", "début janvier")


class WinKind(Enum):
    PART = "part"        # a part of the day: le matin, ce soir, entre midi et deux
    CLOCK = "clock"      # the hour that starts at a time: à 14h
    RANGE = "range"      # entre 14h et 16h
    AFTER = "after"      # après 18h
    BEFORE = "before"    # avant 10h
    AMPM = "am/pm"       # "am", "pm", "mat": a window only right after a day ("demain mat")
    DEFAULT = "default"  # no window given: the working day


@dataclass
class Day:
    kind: DayKind
    number: int = 0
    date: tuple[int | None, int, int] | None = None
    weekdays: frozenset[int] = field(default_factory=frozenset)
    until: tuple[int | None, int, int] | None = None  # the last date of a DATE_RANGE


@dataclass
class Win:
    start: int
    end: int
    kind: WinKind
    inverted: bool = False  # read from a negated or busy open end ("pas dispo avant 18h")
    same: bool = False  # "même heure": the time given before, else the hour of received_at


def open_end(kind: WinKind, at: int) -> Win:
    """The window of an open end at `at` minutes: "après 18h" is 18:00-21:00 (from 20:00 on,
    one hour: calling hours end at 21:00 but a stated time is never clipped), "avant 10h" is
    08:00-10:00 (before 08:00, the hour before)."""
    if kind is WinKind.AFTER:
        return Win(at, 1260 if at < 1200 else at + 60, kind)
    return Win(480 if at > 480 else at - 60, at, kind)


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
