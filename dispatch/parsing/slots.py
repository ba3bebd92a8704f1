"""Callback slots: the days and windows of an SMS put together and placed in time.

Mentions close together (no sentence break, at most two other words between
them) form a group. In a group, a window goes with every day written before
it since the last window ("lundi ou mardi après 18h"), windows written before
the first day go with it ("de 17h à 19h demain ou lundi"), and a day with no
window is 09:00-18:00. An open end next to a part of the day narrows it
("demain matin, pas avant 10h" is 10:00-12:00).

Then, per spec/parsing.md: a window with no day goes on the first day, from
today on, where it ends at least one hour after received_at; a set of days
(en semaine, tous les jours, le week-end) keeps the days of the seven-day
horizon where the window ends at least one hour after received_at; named days
are never moved. Slots that have ended are dropped; the rest are sorted and
merged when they overlap or touch.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo

from .dates import dates_of
from .mention import DAYTIME, Day, DayKind, Mention, Win, WinKind, open_end

_LEAD = timedelta(hours=1)
_SENTENCE = re.compile(r"[.!?;\n]")
_WORD = re.compile(r"[a-z0-9]+")
_OR = re.compile(r"\b(?:ou|or|sinon|otherwise)\b")
_CALLBACK_NEAR = re.compile(
    r"\b(?:dispo\w*|disponible\w*|rappel\w*|appel\w*|joign\w*|libres?|call\w*|available|free|rdv"
    r"|possible|ok)\b[^.!?\n]{0,20}$"
)
# Words that may stand between the mentions of one request ("lundi ou mardi, de préférence après
# 18h"); the other words of the text count, two of them at most.
_GAP_FILLERS = frozenset("""
ou et or and puis sinon voire bien aussi egalement also either otherwise then de preference plutot
idealement ideal ideally preferably rather best mieux le la les l du des d en au aux a dans on in
at the this next for si possible possibly maybe peut etre svp stp pls plz please merci thanks
dispo disponible disponibles libre libres joignable available free rappel rappeler rappelez
rappelle appel appeler appelez appelle call me moi m je j suis serai serais sera vous pourriez
pouvez pourrez peux pourrais can could would will be is are i im am it ok okay c est ca cest
eventuellement encore sinon good fine works work great perfect parfait top nickel
sauf except excepte hormis
""".split())
_DAY_LIST_WORDS = frozenset(
    "ou et or and le la les l the on ce cet cette this next voire bien sinon also aussi".split()
)


@dataclass
class _Unit:
    """One request: days (mentions with a day) and the windows (mentions with a window)."""

    days: list[Mention] = field(default_factory=list)
    windows: list[Mention] = field(default_factory=list)


def _day(mention: Mention) -> Day:
    assert mention.day is not None, "a mention of a unit's days has a day"
    return mention.day


def _win(mention: Mention) -> Win:
    assert mention.win is not None, "a mention of a unit's windows has a window"
    return mention.win


Interval = tuple[datetime, datetime]


def build_slots(text: str, mentions: list[Mention], received: datetime,
                tz: tzinfo) -> list[Interval]:
    """The merged, sorted (start, end) slots the mentions ask for, in `tz`."""
    received = received.astimezone(tz)
    _fill_same_time(mentions, received)
    excluded = _excluded_weekdays(mentions)
    excluded_dates = _excluded_dates(mentions, received.date())
    # The days ruled out stand between the mentions of one request without counting as its
    # words ("tous les jours sauf le week-end, entre 12h et 13h", "en semaine, mais jamais le
    # lundi, de 18h à 20h").
    for mention in mentions:
        if mention.day and (mention.excepted or (mention.negated and mention.day.kind in (
                DayKind.WEEKDAY, DayKind.WEEKEND))):
            text = text[:mention.start] + " " * (mention.end - mention.start) + text[mention.end:]
    slots = []
    units = _preferred_only(text, _without_inverted_alone(_units(text, [m for m in mentions
                                                                      if not m.void])))
    if _vague_days_only(mentions):
        # "pas avant la rentrée de janvier, plutôt en fin de journée": the window goes with the
        # period, which names no day; it is not placed today.
        units = [unit for unit in units if unit.days]
    for unit in units:
        slots.extend(_resolve(text, unit, received, tz, excluded, excluded_dates))
    now = received.astimezone(timezone.utc)
    # Ended slots go; so does an hour that summer time skips ("2h du matin" on the last Sunday
    # of March).
    return _merge([(s, e) for s, e in slots
                   if e.astimezone(timezone.utc) > max(now, s.astimezone(timezone.utc))])


def _vague_days_only(mentions: list[Mention]) -> bool:
    """True when the only days the request names are vague periods ("après les fêtes")."""
    kinds = {m.day.kind for m in mentions if m.day and not m.void}
    return kinds == {DayKind.VAGUE}


def _fill_same_time(mentions: list[Mention], received: datetime) -> None:
    """"même heure", "same time": the time or range given before it in the SMS ("demain 14h sinon
    jeudi même heure"), else the hour that starts at the minute the SMS was sent ("lundi prochain
    même heure", received at 10:15, is 10:15-11:15)."""
    given: Win | None = None
    for mention in mentions:
        win = mention.win
        if win is None:
            continue
        if win.same:
            if given is not None:
                win.start, win.end = given.start, given.end
            else:
                win.start = received.hour * 60 + received.minute
                win.end = win.start + 60
        elif not mention.void and win.kind in (WinKind.CLOCK, WinKind.RANGE):
            given = win


def _excluded_weekdays(mentions: list[Mention]) -> set[int]:
    """Weekdays ruled out ("sauf lundi", "pas le week-end"), taken out of sets of days."""
    out: set[int] = set()
    for mention in mentions:
        if mention.negated and mention.day:
            if mention.day.kind is DayKind.WEEKDAY:
                out.add(mention.day.number)
            elif mention.day.kind is DayKind.WEEKEND:
                out.update((5, 6))
            elif mention.day.kind is DayKind.SET and len(mention.day.weekdays) < 7:
                out.update(mention.day.weekdays)
    return out


def _excluded_dates(mentions: list[Mention], today: date) -> set[date]:
    """Days ruled out by their date, not their weekday ("tous les jours sauf demain")."""
    return {day for mention in mentions if mention.negated and mention.day
            and mention.day.kind in (DayKind.RELATIVE, DayKind.DATE, DayKind.DAY_OF_MONTH)
            for day, _ in dates_of(mention.day, today, set())}


def _units(text: str, live: list[Mention]) -> list[_Unit]:
    """The (days, windows) requests of the text, sentence by sentence.

    Windows alone in a sentence complete the days given alone in the sentence
    before ("Dispo demain. Plutôt l'après-midi."), and the other way round
    ("Après 18h. Demain ou jeudi.").
    """
    units: list[_Unit] = []
    previous: list[_Unit] = []
    last: Mention | None = None
    for group in _groups(text, live):
        if not _keep_group(text, group):
            continue
        current = _associate(text, group)
        near = last is not None and _soft_break(text, last, group[0])
        last = group[-1]
        if (near and previous and _windows_only(current)
                and all(u.days and not u.windows for u in previous[-1:])):
            previous[-1].windows = current[0].windows
            continue
        if near and _windows_only(previous) and all(u.days and not u.windows for u in current):
            units.remove(previous[0])
            for unit in current:
                unit.windows = list(previous[0].windows)
        units.extend(current)
        previous = current
    return units


def _without_inverted_alone(units: list[_Unit]) -> list[_Unit]:
    """A window read from a busy time or a negation ("je travaille jusqu'à 18h") explains the
    request: alone, it yields to a window the person gives elsewhere ("je travaille jusqu'à 18h.
    Rappelez-moi demain à 19h.")."""
    def inverted_alone(unit: _Unit) -> bool:
        # also with a set of days: "je bosse jusqu'à 22h tous les soirs. Appelez-moi demain
        # avant 11h" is tomorrow before 11:00 only
        if not unit.days:
            return bool(unit.windows) and all(_win(m).inverted for m in unit.windows)
        return (any(_win(m).inverted for m in unit.windows)
                and all(_day(m).kind in _SETS for m in unit.days))
    if all(inverted_alone(unit) for unit in units):
        return units
    return [unit for unit in units if not inverted_alone(unit)]


_SETS = (DayKind.SET, DayKind.WEEKEND, DayKind.NEXT_WEEK, DayKind.WEEK_PART, DayKind.SINCE,
         DayKind.SINCE_WEEKDAY, DayKind.SINCE_DATE, DayKind.DATE_RANGE)


_PREFERENCE_BEFORE = re.compile(
    r"\b(?:idealement|de\s+preference|preferablement|preferentiellement|plutot|ideally|preferably"
    r"|ideal|preferred|prefer(?:e|ee)?)\b[\s,:]*(?:(?:le|la|les|l'|on|the|en|au|a|ce|cet|cette"
    r"|this|dispo|disponible|rappel\w*|appel\w*|call|me|moi)\b[\s,:]*)*$"
)


def _first_start(unit: _Unit) -> int:
    return min(m.start for m in unit.days + unit.windows)


def _preferred_only(text: str, units: list[_Unit]) -> list[_Unit]:
    """A preferred window is the window: "dispo lundi ou mardi, idéalement lundi matin" is
    Monday morning, "rappel possible avant jeudi, idéalement demain après 18h" tomorrow from
    18:00. The requests written before a preferred one in its sentence give way to it; those
    after it ("plutôt jeudi aprem ou vendredi avant 10h") stand."""
    out = list(units)
    for unit in units:
        start = _first_start(unit)
        if not _PREFERENCE_BEFORE.search(text, max(0, start - 30), start):
            continue
        out = [other for other in out if other is unit or _first_start(other) > start
               or _SENTENCE.search(text, _first_start(other), start)]
    return out


def _windows_only(units: list[_Unit]) -> bool:
    return len(units) == 1 and not units[0].days


def _content_words(gap: str) -> int:
    return sum(1 for w in _WORD.findall(gap) if w not in _GAP_FILLERS)


def _groups(text: str, live: list[Mention]) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    for mention in live:
        if groups:
            gap = text[groups[-1][-1].end:mention.start]
            if not _SENTENCE.search(gap) and _content_words(gap) <= 2:
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _soft_break(text: str, last: Mention, first: Mention) -> bool:
    """Windows alone in the next sentence complete a day given alone ("Demain. Plutôt le
    matin.")."""
    return _content_words(text[last.end:first.start]) <= 2


def _keep_group(text: str, group: list[Mention]) -> bool:
    """A lone time with no "à"/"vers" ("14h30") counts only next to a day or a callback word."""
    if any(not m.weak for m in group):
        return True
    return bool(_CALLBACK_NEAR.search(text[max(0, group[0].start - 40):group[0].start]))


def _associate(text: str, group: list[Mention]) -> list[_Unit]:
    units: list[_Unit] = []
    lead: list[Mention] = []
    for mention in group:
        if mention.day:
            if (not units or units[-1].windows
                    or not _list_of_days(text, units[-1].days[-1], mention)):
                units.append(_Unit())
            units[-1].days.append(mention)
        elif units:
            units[-1].windows.append(mention)
        else:
            lead.append(mention)
    if (units and lead and units[0].windows
            and _OR.search(text[lead[-1].end:units[0].days[0].start])):
        # "en fin de journée, ou jeudi 17h-18h30": two requests
        units.insert(0, _Unit(windows=lead))
    elif units and lead and units[0].windows and len(units[0].days) > 1:
        # "de 15h à 17h aujourd'hui ou demain, ou le 26/11 après 18h": the windows written first
        # go with the days before the last, which has its own
        first = units[0]
        units[0:1] = [_Unit(days=first.days[:-1], windows=list(lead)),
                      _Unit(days=first.days[-1:], windows=first.windows)]
    elif units:
        units[0].windows = lead + units[0].windows
        # "entre 17 et 18h ce soir ou demain": the windows written first go with each day of the
        # list, also after a day that brings its own part of the day
        for before, unit in zip(units, units[1:], strict=False):
            if unit.windows or not _list_of_days(text, before.days[-1], unit.days[0]):
                break
            unit.windows = list(lead)
    elif lead:
        units.append(_Unit(windows=lead))
    _share_trailing_open_end(text, units)
    return _days_of_next_week(units)


def _share_trailing_open_end(text: str, units: list[_Unit]) -> None:
    """An open end written after a comma qualifies every same part of the day before it:
    "ce soir ou demain soir, après 19h", "lundi matin ou mardi matin, pas avant 10h"."""
    if len(units) < 2 or len(units[-1].windows) < 2:
        return
    part, tail = units[-1].windows[-2], units[-1].windows[-1]
    if (_win(part).kind is not WinKind.PART
            or _win(tail).kind not in (WinKind.AFTER, WinKind.BEFORE)
            or "," not in text[part.end:tail.start]):
        return
    for unit in units[:-1]:
        if len(unit.windows) != 1:
            continue
        own = unit.windows[0]
        if _win(own).kind is WinKind.PART and (_win(own).start, _win(own).end) == (
                _win(part).start, _win(part).end):
            narrowed = _narrow(_win(own), _win(tail))
            if narrowed:
                unit.windows = [Mention(own.start, own.end, win=narrowed)]


def _days_of_next_week(units: list[_Unit]) -> list[_Unit]:
    """"la semaine prochaine, plutôt mardi ou mercredi matin": the weekdays named right after
    next week are its days (next week's Tuesday), and the week alone gives no other slot."""
    for unit in units:  # "la semaine prochaine, mardi 14h": one list of days
        for i, mention in enumerate(unit.days[:-1]):
            after = unit.days[i + 1:]
            if _day(mention).kind is DayKind.NEXT_WEEK and _weekdays_only(after):
                _into_next_week(after)
                unit.days = unit.days[:i] + after
                break
    out: list[_Unit] = []
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if (nxt is not None and unit.days and not unit.windows
                and all(_day(m).kind is DayKind.NEXT_WEEK for m in unit.days)
                and nxt.days and _weekdays_only(nxt.days)):
            _into_next_week(nxt.days)
            continue
        out.append(unit)
    return out


def _weekdays_only(days: list[Mention]) -> bool:
    return all(_day(m).kind is DayKind.WEEKDAY for m in days)


def _into_next_week(days: list[Mention]) -> None:
    for mention in days:
        mention.day = Day(DayKind.NEXT_WEEKDAY, _day(mention).number)


def _list_of_days(text: str, previous: Mention, mention: Mention) -> bool:
    """Days joined by "ou", "et", commas only share the window written after them;
    "le week-end de préférence, ou lundi en fin de journée" is two requests."""
    return all(w in _DAY_LIST_WORDS for w in _WORD.findall(text[previous.end:mention.start]))


def _windows(text: str, unit: _Unit) -> list[Win]:
    """The unit's windows, a time or an open end narrowing the part of the day it goes with."""
    wins = [(_win(m), m) for m in unit.windows]
    out: list[Win] = []
    i = 0
    while i < len(wins):
        win, mention = wins[i]
        if i + 1 < len(wins):
            other, nxt = wins[i + 1]
            narrowed = _narrow(win, other)
            if narrowed and not _OR.search(text[mention.end:nxt.start]):
                out.append(narrowed)
                i += 2
                continue
        out.append(win)
        i += 1
    # A window read from a busy time or a negation yields to one given for the call ("je
    # travaille jusqu'à 17h, appelez après 17h30" is 17:30-21:00).
    given = [win for win in out if not win.inverted]
    return given or out or [Win(*DAYTIME, WinKind.DEFAULT)]


def _narrow(a: Win, b: Win) -> Win | None:
    """A part of the day and the time that makes it precise, as one window, or None."""
    if b.kind is WinKind.PART:
        a, b = b, a
    if {a.kind, b.kind} == {WinKind.AFTER, WinKind.BEFORE}:  # "à partir de 14h, pas après 17h"
        after, before = (a, b) if a.kind is WinKind.AFTER else (b, a)
        return Win(after.start, before.end, WinKind.RANGE) if after.start < before.end else None
    if a.kind is not WinKind.PART or b.kind is WinKind.PART:
        return None
    b = _in_the_evening(a, b)
    if b.kind in (WinKind.CLOCK, WinKind.RANGE):  # "ce soir 19h30", "demain matin de 9h à 10h"
        return b
    # The stated time is kept even outside the part: "le soir à partir de 17h30" is 17:30-21:00.
    if b.kind is WinKind.AFTER and b.start >= 1200:
        return b  # "le soir après 20h30" is 20:30-21:30, as "après 20h30" (one hour from 20:00)
    if b.kind is WinKind.AFTER:
        start, end = b.start, a.end
    else:
        start, end = a.start, b.end
    return Win(start, end, WinKind.PART) if start < end else b


def _in_the_evening(part: Win, b: Win) -> Win:
    """A morning hour written with an evening part of the day is that hour in the evening: "ce
    soir vers 8h", "demain soir à 9h", "tonight after 8" (as "8h du soir")."""
    if part.start < 17 * 60 or b.start >= 720 or not part.start - 60 <= b.start + 720 <= part.end:
        return b
    if b.kind in (WinKind.AFTER, WinKind.BEFORE):
        return open_end(b.kind, (b.start if b.kind is WinKind.AFTER else b.end) + 720)
    if b.end > 720:
        return b
    return Win(b.start + 720, b.end + 720, b.kind)


_SINCE = (DayKind.SINCE, DayKind.SINCE_WEEKDAY, DayKind.SINCE_DATE)


def _resolve(text: str, unit: _Unit, received: datetime, tz: tzinfo,
             excluded: set[int], excluded_dates: set[date]) -> list[Interval]:
    today = received.date()
    windows = _windows(text, unit)
    if not unit.days:
        return [_first_fit(w, received, today, tz) for w in windows]
    # "à partir de demain, tous les jours": the set begins where the days from then on begin
    floor = min((d for m in unit.days if _day(m).kind in _SINCE
                 for d, _ in dates_of(_day(m), today, excluded)), default=None)
    out = []
    for mention in unit.days:
        for day, is_set in dates_of(_day(mention), today, excluded):
            if is_set and (day in excluded_dates or (floor is not None and day < floor)):
                continue
            for win in windows:
                start, end = _at(day, win.start, tz), _at(day, win.end, tz)
                if is_set and not _ends_late_enough(end, received):
                    continue
                out.append((start, end))
    return out


def _ends_late_enough(end: datetime, received: datetime) -> bool:
    return end.astimezone(timezone.utc) - received.astimezone(timezone.utc) >= _LEAD


def _first_fit(win: Win, received: datetime, today: date, tz: tzinfo) -> Interval:
    day = today
    while not _ends_late_enough(_at(day, win.end, tz), received):
        day += timedelta(days=1)
    return _at(day, win.start, tz), _at(day, win.end, tz)


def _at(day: date, minutes: int, tz: tzinfo) -> datetime:
    """Wall-clock `minutes` after midnight of `day` in `tz` (past 24:00 is the next day)."""
    day = day + timedelta(days=minutes // 1440)
    minutes %= 1440
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=tz)


def _merge(slots: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(slots, key=lambda slot: slot[0].astimezone(timezone.utc)):
        if merged and start.astimezone(timezone.utc) <= merged[-1][1].astimezone(timezone.utc):
            if end.astimezone(timezone.utc) > merged[-1][1].astimezone(timezone.utc):
                merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged
