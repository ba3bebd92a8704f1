"""Loading volunteers.yaml: the hotline, its coordinators and its coaches.

The file is edited by hand, so loading checks everything and reports every
problem at once, each with its line ("volunteers.yaml:12: ..."): the YAML is
composed into nodes (not constructed into dicts) because only nodes remember
where each key and value came from. Nothing here touches the database.

Numbers in ARCEP's range reserved for fiction (06 39 98 xx xx) are accepted as
mobiles (see `dispatch.phones`), so the sample roster and demos use them; the
Twilio transport never sends to them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from os import PathLike
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dispatch.roster_schema import (
    DAYS,
    LOOKS_LIKE_WINDOW,
    BadValue,
    Problem,
    RosterError,
    Window,
    check_email,
    check_flag,
    check_id,
    check_max_active,
    check_minutes,
    check_mobile,
    check_number,
    check_partner,
    check_timezone,
    did_you_mean,
    language_of,
    one_window,
    parse_days,
    parse_windows,
    quiet_window,
    topic_of,
)

__all__ = [
    "Coach", "Coordinator", "Hotline", "Problem", "Roster", "RosterError",
    "Window", "load_roster", "load_roster_file", "windows_for",
]

DayMap = dict[int, tuple[Window, ...]]  # weekday (0 = Monday) -> sorted windows


@dataclass(frozen=True)
class Hotline:
    name: str
    number: str  # E.164; the Twilio number, so a landline-looking one is fine
    timezone: str
    calling_start: time
    calling_end: time
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    crisis_deadline_minutes: int = 60


@dataclass(frozen=True)
class Coordinator:
    id: str
    name: str
    mobile: str  # E.164
    email: str
    # hash=False keeps people hashable despite the dict (equality still uses it).
    on_call: DayMap = field(default_factory=dict, hash=False)
    line: int = 0


@dataclass(frozen=True)
class Coach:
    id: str
    name: str
    mobile: str  # E.164
    languages: tuple[str, ...]
    topics: tuple[str, ...]  # empty: no preferred topic
    availability: DayMap = field(default_factory=dict, hash=False)
    max_active: int = 3
    active: bool = True
    crisis: bool = False
    partner: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Roster:
    hotline: Hotline
    coordinators: tuple[Coordinator, ...]
    coaches: tuple[Coach, ...]


def windows_for(day_map: DayMap, weekday: int) -> tuple[Window, ...]:
    """The windows of `weekday` (0 = Monday, as `datetime.weekday()`)."""
    return day_map.get(weekday, ())


TOP_KEYS = ("hotline", "coordinators", "coaches")
HOTLINE_KEYS = ("name", "number", "timezone", "calling_hours", "quiet_hours",
                "crisis_deadline_minutes")
HOTLINE_REQUIRED = ("name", "number")  # timezone and hours have defaults
COORDINATOR_KEYS = ("id", "name", "mobile", "email", "on_call")
COORDINATOR_REQUIRED = ("id", "name", "mobile", "email")
COACH_KEYS = ("id", "name", "mobile", "languages", "topics", "availability",
              "max_active", "active", "crisis", "partner")
COACH_REQUIRED = ("id", "name", "mobile", "availability")
DEFAULT_TIMEZONE = "Europe/Paris"
DEFAULT_CALLING_HOURS = "08:00-21:00"
DEFAULT_QUIET_HOURS = "21:00-08:00"
DEFAULT_CRISIS_DEADLINE = 60
_NULL = "tag:yaml.org,2002:null"


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Report:
    """Collects problems; also remembers ids and numbers to find duplicates."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.ids: dict[str, tuple[str, int]] = {}
        self.numbers: dict[str, tuple[str, int]] = {}
        self.emails: dict[str, tuple[str, int]] = {}

    def add(self, where: Node | int, message: str) -> None:
        line = where if isinstance(where, int) else _line(where)
        problem = Problem(line, message, self.filename)
        if problem not in self.problems:  # an alias can make us see a node twice
            self.problems.append(problem)

    def claim(self, table: dict[str, tuple[str, int]], key: str, owner: str,
              node: Node, message: str) -> None:
        if key in table:
            other, line = table[key]
            self.add(node, f"{message} (already {other}, line {line})")
        else:
            table[key] = (owner, _line(node))


class _Fields:
    """The keys of one mapping, checked for unknown, repeated and missing keys."""

    def __init__(self, node: Node, where: str, allowed: tuple[str, ...],
                 required: tuple[str, ...], report: _Report, shape: str) -> None:
        self.where, self.report = where, report
        self.values: dict[str, Node] = {}
        seen: dict[str, int] = {}  # key -> line, to point at the first of a repeated key
        if not isinstance(node, MappingNode):
            report.add(node, f"expected {shape} {where}")
            return
        suggested: set[str] = set()
        for key, value in node.value:
            name = str(key.value) if isinstance(key, ScalarNode) else "?"
            if name in seen:
                report.add(key, f"key '{name}' appears twice {where} "
                                f"(first on line {seen[name]})")
                continue
            seen[name] = _line(key)
            if name in allowed:
                self.values[name] = value
            else:
                hint = did_you_mean(name, allowed)
                if key.tag == "tag:yaml.org,2002:merge":
                    hint = "merge keys are not supported; write the keys out"
                suggested.update(a for a in allowed if f"'{a}'" in hint)
                report.add(key, f"unknown key '{name}' {where}" + (f" ({hint})" if hint else ""))
        for name in required:
            # A misspelt key was already reported with a suggestion: once is enough.
            if name not in self.values and name not in suggested:
                report.add(node, f"missing key '{name}' {where}")

    def text(self, key: str) -> str | None:
        """The key's value as written, or None (and a problem) when unusable."""
        node = self.values.get(key)
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.report.add(node, f"'{key}' {self.where} must be a single value")
            return None
        if node.tag == _NULL or not str(node.value).strip():
            self.report.add(node, f"no value for '{key}' {self.where}")
            return None
        return str(node.value).strip()

    def items(self, key: str) -> list[tuple[str, Node]]:
        """A list of short strings: `[fr, en]`, or leniently "fr, en"."""
        node = self.values.get(key)
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return []  # the caller decides whether an empty list is a problem
        if isinstance(node, ScalarNode):
            return [(p.strip(), node) for p in str(node.value).split(",") if p.strip()]
        if isinstance(node, SequenceNode):
            found: list[tuple[str, Node]] = []
            for item in node.value:
                if isinstance(item, ScalarNode) and item.tag != _NULL and item.value.strip():
                    found.append((item.value.strip(), item))
                else:
                    self.report.add(item, f"bad entry in '{key}' {self.where} (expected a word)")
            return found
        self.report.add(node, f"'{key}' {self.where} must be a list, e.g. [a, b]")
        return []

    def check(self, key: str, parse: Callable[[str], Any], default: Any = None) -> Any:
        """Runs `parse` on the key's text; a BadValue becomes a located problem."""
        raw = self.text(key)
        if raw is None:
            return default
        try:
            return parse(raw)
        except BadValue as bad:
            self.report.add(self.values[key], bad.located(self.where))
            return default


class _Written(NamedTuple):
    """One window as written: which day key it came under, and where."""
    window: Window
    key: str
    node: Node


def _hours(hours_node: Node, day_key: str, where: str, flow: bool,
           report: _Report) -> list[_Written]:
    """The windows given for one day key: a string, or leniently a list of them."""
    if isinstance(hours_node, ScalarNode) and hours_node.tag == _NULL:
        hint = "write e.g. \"09:00-12:00\""
        if flow:  # {sat,sun: "..."}: the comma split the key in two
            hint = "inside { } put day lists in quotes: \"sat,sun\": \"09:00-12:00\""
        report.add(hours_node, f"no hours for '{day_key}' {where} ({hint})")
        return []
    found: list[_Written] = []
    texts = hours_node.value if isinstance(hours_node, SequenceNode) else [hours_node]
    for text_node in texts:
        if not isinstance(text_node, ScalarNode):
            report.add(text_node, f"bad hours for '{day_key}' {where} (write \"09:00-12:00\")")
            continue
        try:
            windows = parse_windows(str(text_node.value))
        except BadValue as bad:
            report.add(text_node, bad.located(f"for '{day_key}' {where}"))
            continue
        found.extend(_Written(w, day_key, text_node) for w in windows)
    return found


def _day_map(fields: _Fields, key: str, required: bool) -> DayMap:
    """Reads `{mon-fri: "09:00-12:00", wed: "14:00-18:00"}`, merging by weekday.

    Days named by several entries get the windows of all of them, so overlaps
    are looked for across entries ("mon-fri" against "wed"), not only in one.
    """
    node, report = fields.values.get(key), fields.report
    where = f"in {key} of {fields.where.removeprefix('in ')}"
    if node is None:
        return {}
    if not isinstance(node, MappingNode) or not node.value:
        if isinstance(node, MappingNode) or node.tag == _NULL:
            if required:
                report.add(node, f"no hours {where} (write e.g. mon-fri: \"09:00-12:00\")")
        else:
            report.add(node, f"expected days and hours {where}, e.g. "
                             f"{{mon-fri: \"09:00-12:00\"}}")
        return {}
    per_day: dict[int, list[_Written]] = {}
    for day_node, hours_node in node.value:
        day_key = str(day_node.value).strip() if isinstance(day_node, ScalarNode) else "?"
        try:
            days = parse_days(day_key)
        except BadValue as bad:
            days = []
            if LOOKS_LIKE_WINDOW.match(day_key) and node.flow_style:
                # {mon: 09:00-12:00, 14:00-18:00}: the comma ended the value.
                report.add(day_node, f"hours '{day_key}' read as a day {where} (inside {{ }} "
                                     "put hours with commas in quotes: "
                                     "mon: \"09:00-12:00, 14:00-18:00\")")
                continue
            report.add(day_node, bad.located(where))
        # Hours under a bad day are still checked: every problem at once.
        written = _hours(hours_node, day_key, where, bool(node.flow_style), report)
        for day in days:
            per_day.setdefault(day, []).extend(written)
    _report_overlaps(per_day, where, report)
    return {day: tuple(sorted({w.window for w in entries}, key=lambda w: (w.start, w.end)))
            for day, entries in sorted(per_day.items())}


def _report_overlaps(per_day: dict[int, list[_Written]], where: str, report: _Report) -> None:
    # One problem per pair of written windows, listing every day they clash on
    # ("mon-fri" against "mon-wed" is one mistake, not three).
    clashes: dict[tuple[_Written, _Written], list[str]] = {}
    for day, entries in sorted(per_day.items()):
        for i, first in enumerate(entries):  # entries are in file order
            for second in entries[i + 1:]:
                if first.window.overlaps(second.window):
                    clashes.setdefault((first, second), []).append(DAYS[day])
    for (first, second), days in clashes.items():
        place = f"'{first.key}'"
        if _line(first.node) != _line(second.node):
            place += f", line {_line(first.node)}"
        report.add(second.node, f"overlapping hours {first.window} ({place}) and "
                                f"{second.window} ('{second.key}') {where} "
                                f"(both on {', '.join(days)})")


def _label(kind: str, node: Node, index: int) -> str:
    """ "coach 'michel'" when the entry has a usable id, else "coach #3"."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if (isinstance(key, ScalarNode) and key.value == "id"
                    and isinstance(value, ScalarNode) and str(value.value).strip()):
                return f"{kind} '{str(value.value).strip()}'"
    return f"{kind} #{index}"


def _person(kind: str, node: Node, index: int, report: _Report,
            keys: tuple[str, ...], required: tuple[str, ...]) -> tuple[_Fields, dict[str, Any]]:
    """Checks what coaches and coordinators share: id, name, unique mobile."""
    label = _label(kind, node, index)
    fields = _Fields(node, f"in {label}", keys, required, report,
                     shape=f"a {kind}'s keys ({', '.join(required)}, …)")
    ident = fields.check("id", check_id)
    if ident is not None:
        report.claim(report.ids, ident, f"the id of {label}", fields.values["id"],
                     f"duplicate id '{ident}'")
    mobile = fields.check("mobile", check_mobile)
    if mobile is not None:
        raw = fields.text("mobile")
        report.claim(report.numbers, mobile, f"the mobile of {label}", fields.values["mobile"],
                     f"duplicate mobile '{raw}' in {label}")
    return fields, {"id": ident, "name": fields.text("name"), "mobile": mobile,
                    "line": _line(node)}


def _coordinator(node: Node, index: int, report: _Report) -> Coordinator | None:
    before = len(report.problems)
    fields, common = _person("coordinator", node, index, report,
                             COORDINATOR_KEYS, COORDINATOR_REQUIRED)
    email = fields.check("email", check_email)
    if email is not None:
        report.claim(report.emails, email.lower(), f"the email of {fields.where[3:]}",
                     fields.values["email"], f"duplicate email '{email}'")
    on_call = _day_map(fields, "on_call", required=False)
    if len(report.problems) > before:
        return None
    return Coordinator(email=email, on_call=on_call, **common)


def _coach(node: Node, index: int, report: _Report) -> Coach | None:
    before = len(report.problems)
    fields, common = _person("coach", node, index, report, COACH_KEYS, COACH_REQUIRED)
    where = fields.where

    def each(key: str, parse: Callable[[str], str]) -> tuple[str, ...]:
        found: list[str] = []
        for raw, item in fields.items(key):
            try:
                value = parse(raw)
            except BadValue as bad:
                report.add(item, bad.located(where))
                continue
            if value not in found:
                found.append(value)
        return tuple(found)

    languages = each("languages", language_of) if "languages" in fields.values else ("fr",)
    if not languages and "languages" in fields.values:
        report.add(fields.values["languages"], f"no language {where} (write e.g. [fr])")
    topics = each("topics", topic_of)
    availability = _day_map(fields, "availability", required=True)
    max_active = fields.check("max_active", check_max_active, default=3)
    active = fields.check("active", check_flag, default=True)
    crisis = fields.check("crisis", check_flag, default=False)
    partner = fields.check("partner", check_partner)
    if len(report.problems) > before:
        return None
    return Coach(languages=languages, topics=topics, availability=availability,
                 max_active=max_active, active=active, crisis=crisis, partner=partner,
                 **common)


def _people(top: _Fields, section: str,
            read: Callable[[Node, int, _Report], Any]) -> tuple[Any, ...]:
    node, report = top.values.get(section), top.report
    if node is None:
        return ()
    if isinstance(node, ScalarNode) and node.tag == _NULL:
        report.add(node, f"no {section}: the hotline needs at least one")
        return ()
    if not isinstance(node, SequenceNode):
        report.add(node, f"'{section}' must be a list of entries starting with '- id: …'")
        return ()
    if not node.value:
        report.add(node, f"no {section}: the hotline needs at least one")
        return ()
    people = [read(item, index, report) for index, item in enumerate(node.value, start=1)]
    return tuple(p for p in people if p is not None)


def _hotline(top: _Fields) -> Hotline | None:
    node, report = top.values.get("hotline"), top.report
    if node is None:
        return None
    before = len(report.problems)
    fields = _Fields(node, "in hotline", HOTLINE_KEYS, HOTLINE_REQUIRED, report,
                     shape="the hotline's keys (name, number, timezone, calling_hours)")
    name = fields.text("name")
    number = fields.check("number", check_number)
    if number is not None:
        # Registered first so that a volunteer given the hotline's number is caught.
        report.numbers[number] = ("the hotline number", _line(fields.values["number"]))
    timezone = fields.check("timezone", check_timezone, default=DEFAULT_TIMEZONE)
    hours = fields.check("calling_hours", one_window, default=one_window(DEFAULT_CALLING_HOURS))
    quiet = fields.check("quiet_hours", quiet_window, default=quiet_window(DEFAULT_QUIET_HOURS))
    crisis_minutes = fields.check("crisis_deadline_minutes", check_minutes,
                                  default=DEFAULT_CRISIS_DEADLINE)
    if len(report.problems) > before or name is None:
        return None
    return Hotline(name, number, timezone, hours.start, hours.end, quiet[0], quiet[1],
                   crisis_minutes)


def _syntax_problem(error: yaml.YAMLError, text: str, filename: str) -> Problem:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        line, message = error.problem_mark.line + 1, str(error.problem or error)
        if "'\\t'" in message:
            message += " (indent with spaces, not tabs)"
        elif "mapping values are not allowed" in message:
            message += " (put a value that contains ': ' in quotes)"
        return Problem(line, f"YAML syntax error: {message}", filename)
    position = getattr(error, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
    return Problem(line, f"cannot read the file: {error}", filename)


def load_roster(text: str, filename: str = "volunteers.yaml") -> Roster:
    """Reads and checks a roster; raises RosterError listing every problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:  # the parser stops at the first one
        raise RosterError([_syntax_problem(error, text, filename)]) from None
    if root is None:
        raise RosterError([Problem(1, "the file is empty (it needs hotline, coordinators "
                                      "and coaches)", filename)])
    report = _Report(filename)
    top = _Fields(root, "at top level", TOP_KEYS, TOP_KEYS, report,
                  shape="the sections hotline, coordinators and coaches")
    hotline = _hotline(top)
    coordinators = _people(top, "coordinators", _coordinator)
    coaches = _people(top, "coaches", _coach)
    if report.problems or hotline is None:
        raise RosterError(sorted(report.problems, key=lambda p: p.line))
    return Roster(hotline, coordinators, coaches)


def load_roster_file(path: str | PathLike[str]) -> Roster:
    """Reads the roster at `path`; problems are reported under that name."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise RosterError([Problem(0, "no such file (give the roster's path, or set "
                                      "VOLUNTEERS_FILE)", name)]) from None
    except OSError as error:
        raise RosterError([Problem(0, f"cannot read the file: {error.strerror}", name)]) from None
    try:
        text = data.decode("utf-8-sig")  # tolerate the BOM some editors add
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        problem = Problem(line, "not UTF-8 text (save the file as UTF-8)", name)
        raise RosterError([problem]) from None
    return load_roster(text, name)
