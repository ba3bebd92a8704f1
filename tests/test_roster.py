"""Loading and checking volunteers.yaml (dispatch.roster)."""
from __future__ import annotations

import dataclasses
from datetime import time
from pathlib import Path

import pytest

from dispatch.phones import is_fictional
from dispatch.roster import (
    Coach,
    Problem,
    Roster,
    RosterError,
    Window,
    load_roster,
    load_roster_file,
    windows_for,
)
from dispatch.roster_schema import parse_days

REPO = Path(__file__).resolve().parent.parent

# A small valid roster; the line numbers in the comments are the ones the
# table-driven cases below expect.
BASE = """\
hotline:
  name: "Ça va patron ?"
  number: "+33 3 80 00 00 00"
  timezone: Europe/Paris
  calling_hours: "08:00-21:00"
coordinators:
  - id: claire
    name: Claire Moreau
    mobile: "06 39 98 00 01"
    email: claire.moreau@example.org
    on_call: {mon-fri: "08:00-20:00", sat: "09:00-12:00"}
coaches:
  - id: michel
    name: Michel Bernard
    mobile: "06 39 98 10 01"
    languages: [fr, en]
    topics: [financier, juridique]
    availability: {mon: "09:00-12:00, 14:00-18:00", thu: "14:00-18:00"}
    max_active: 3
    active: true
  - id: odile
    name: Odile Perrin
    mobile: "06 39 98 10 02"
    topics: [juridique]
    availability:
      tue-thu: "09:00-12:00"
      sat: "10:00-12:00"
"""
#  1 hotline / 3 number / 4 timezone / 5 calling_hours / 7 - id: claire /
#  9 claire's mobile / 10 email / 11 on_call / 13 - id: michel / 15 mobile /
# 16 languages / 17 topics / 18 availability / 19 max_active / 20 active /
# 21 - id: odile / 22 name / 23 mobile / 24 topics / 26 tue-thu / 27 sat


def edited(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"{old!r} must appear once in BASE"
    return BASE.replace(old, new)


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(RosterError) as caught:
        load_roster(text)
    return caught.value.problems


def test_it_loads_the_sample_roster_clean() -> None:
    roster = load_roster_file(REPO / "volunteers.yaml")

    assert roster.hotline.name == "Ça va patron ?"
    assert roster.hotline.number == "+33380000000"
    assert roster.hotline.timezone == "Europe/Paris"
    assert (roster.hotline.calling_start, roster.hotline.calling_end) == (time(8), time(21))
    assert len(roster.coordinators) == 3
    assert 6 <= len(roster.coaches) <= 10
    assert (roster.hotline.quiet_start, roster.hotline.quiet_end) == (time(21), time(8))
    assert roster.hotline.crisis_deadline_minutes == 60
    assert sum(c.crisis for c in roster.coaches) >= 2
    assert all(c.partner for c in roster.coaches)
    people = roster.coordinators + roster.coaches
    assert all(is_fictional(p.mobile) for p in people)
    assert len({p.id for p in people}) == len(people)
    assert all(c.email.endswith("@example.org") for c in roster.coordinators)
    # A 24/7 hotline: someone is on call at every hour of the week, nights too.
    from webhooks.cli import roster_coverage
    week = roster_coverage(roster)
    assert all(hour.paged_first for hour in week.hours)
    assert not [gap for gap in week.gaps() if "astreinte" in gap]
    assert sum("en" in c.languages for c in roster.coaches) in (2, 3)
    assert any(set(c.availability) <= {5, 6} for c in roster.coaches)  # weekend only


def test_it_loads_the_base_roster_into_dataclasses() -> None:
    roster = load_roster(BASE)

    michel, odile = roster.coaches
    assert michel == Coach(
        id="michel", name="Michel Bernard", mobile="+33639981001",
        languages=("fr", "en"), topics=("financier", "juridique"),
        availability={0: (Window(time(9), time(12)), Window(time(14), time(18))),
                      3: (Window(time(14), time(18)),)},
        max_active=3, active=True, line=13,
    )
    # Defaults: French, three requests at a time, active.
    assert (odile.languages, odile.max_active, odile.active) == (("fr",), 3, True)
    assert roster.coordinators[0].email == "claire.moreau@example.org"
    with pytest.raises(dataclasses.FrozenInstanceError):
        roster.hotline = None  # type: ignore[misc, assignment]
    assert isinstance(hash(roster), int)  # usable in sets and as dict keys


FIVE_MISTAKES = """\
hotline:
  name: "Ça va patron ?"
  number: "+33 3 80 00 00 00"
  timezone: Europe/Paris
  calling_hours: "08:00-21:00"
coordinators:
  - id: claire
    name: Claire Moreau
    mobile: "06 39 98 00 01"
    email: claire.moreau@example.org
    on_call: {mon-fri: "08:00-20:00", wed: "19:00-21:00"}
coaches:
  - id: michel
    name: Michel Bernard
    mobile: "06 39 98 10 01"
    topics: [financier, finances]
    availabilty: {mon: "09:00-12:00"}
  - id: odile
    name: Odile Perrin
    mobile: "+33 6 39 98 10 01"
    availability: {tue: "09:00-25:00"}
  - id: anne
    name: Anne Roy
    mobile: "03 80 12 34 56"
    availability: {fri: "14:00-18:00"}
"""

FIVE_MISTAKES_REPORT = [
    "volunteers.yaml:11: overlapping hours 08:00-20:00 ('mon-fri') and 19:00-21:00 ('wed')"
    " in on_call of coordinator 'claire' (both on wed)",
    "volunteers.yaml:16: unknown topic 'finances' in coach 'michel' (did you mean"
    " 'financier'? topics are equilibre, financier, juridique, social, administratif, rebond)",
    "volunteers.yaml:17: unknown key 'availabilty' in coach 'michel'"
    " (did you mean 'availability'?)",
    "volunteers.yaml:20: duplicate mobile '+33 6 39 98 10 01' in coach 'odile'"
    " (already the mobile of coach 'michel', line 15)",
    "volunteers.yaml:21: bad time '25:00' for 'tue' in availability of coach 'odile'"
    " (hours go from 00 to 23; 24:00 only as an end)",
    "volunteers.yaml:24: mobile '03 80 12 34 56' is a landline in coach 'anne'"
    " (it cannot receive SMS; give a mobile number, 06 or 07)",
]


def test_it_reports_every_mistake_at_once_with_its_line() -> None:
    with pytest.raises(RosterError) as caught:
        load_roster(FIVE_MISTAKES)

    assert [str(p) for p in caught.value.problems] == FIVE_MISTAKES_REPORT
    assert [p.line for p in caught.value.problems] == [11, 16, 17, 20, 21, 24]
    assert str(caught.value) == "\n".join(FIVE_MISTAKES_REPORT)


# (what is tried, line replaced, replacement, expected line, expected fragment)
ONE_MISTAKE = [
    ("unknown key", "    max_active: 3", "    max_actif: 3",
     19, "unknown key 'max_actif' in coach 'michel' (did you mean 'max_active'?)"),
    ("unknown top-level key", "coaches:\n", "coachs:\n",
     12, "unknown key 'coachs' at top level (did you mean 'coaches'?)"),
    ("unknown hotline key", "  timezone: Europe/Paris", "  fuseau: Europe/Paris",
     4, "unknown key 'fuseau' in hotline"),
    ("missing key", "    name: Odile Perrin\n", "",
     21, "missing key 'name' in coach 'odile'"),
    ("empty value", '    email: claire.moreau@example.org', "    email:",
     10, "no value for 'email' in coordinator 'claire'"),
    ("repeated key", "    name: Odile Perrin\n", "    name: Odile Perrin\n    name: Odile P.\n",
     23, "key 'name' appears twice in coach 'odile' (first on line 22)"),
    ("hour out of range", 'thu: "14:00-18:00"', 'thu: "14:00-25:00"',
     18, "bad time '25:00' for 'thu' in availability of coach 'michel'"),
    ("French time", 'tue-thu: "09:00-12:00"', 'tue-thu: "9h-12h"',
     26, "bad time '9h' for 'tue-thu' in availability of coach 'odile' (write HH:MM, e.g. 09:00)"),
    ("minutes out of range", 'tue-thu: "09:00-12:00"', 'tue-thu: "09:00-12:60"',
     26, "bad time '12:60'"),
    ("end before start", 'tue-thu: "09:00-12:00"', 'tue-thu: "12:00-09:00"',
     26, "window '12:00-09:00' ends before it starts"),
    ("end equal to start", 'tue-thu: "09:00-12:00"', 'tue-thu: "09:00-09:00"',
     26, "empty window '09:00-09:00'"),
    ("not a window", 'tue-thu: "09:00-12:00"', 'tue-thu: "09:00"',
     26, "bad hours '09:00'"),
    ("overlap in one entry", '{mon: "09:00-12:00, 14:00-18:00"', '{mon: "09:00-12:00, 11:00-18:00"',
     18, "overlapping hours 09:00-12:00 ('mon') and 11:00-18:00 ('mon') in availability"
         " of coach 'michel' (both on mon)"),
    ("overlap across entries", 'sat: "10:00-12:00"', 'wed: "11:00-13:00"',
     27, "overlapping hours 09:00-12:00 ('tue-thu', line 26) and 11:00-13:00 ('wed')"),
    ("unknown day", 'sat: "10:00-12:00"', 'samedi: "10:00-12:00"',
     27, "unknown day 'samedi' in availability of coach 'odile' (did you mean 'sat'?"),
    ("unknown day in a range", 'tue-thu: "09:00-12:00"', 'tue-jeu: "09:00-12:00"',
     26, "unknown day 'jeu' in 'tue-jeu'"),
    ("backward range", 'tue-thu: "09:00-12:00"', 'thu-tue: "09:00-12:00"',
     26, "day range 'thu-tue' goes backwards"),
    ("unquoted day list in { }", 'sat: "09:00-12:00"}', 'sat,sun: "09:00-12:00"}',
     11, "no hours for 'sat' in on_call of coordinator 'claire'"),
    ("unquoted hours with commas in { }", '{mon: "09:00-12:00, 14:00-18:00"',
     "{mon: 09:00-12:00, 14:00-18:00", 18, "hours '14:00-18:00' read as a day"),
    ("unknown topic", "    topics: [juridique]", "    topics: [juridic]",
     24, "unknown topic 'juridic' in coach 'odile' (did you mean 'juridique'?"),
    ("unknown timezone", "timezone: Europe/Paris", "timezone: Europe/Dijon",
     4, "unknown timezone 'Europe/Dijon' in hotline"),
    ("bad calling hours", '"08:00-21:00"', '"8h-21h"', 5, "bad time '8h' in hotline"),
    ("duplicate id", "  - id: odile", "  - id: claire",
     21, "duplicate id 'claire' (already the id of coordinator 'claire', line 7)"),
    ("duplicate mobile", '"06 39 98 10 02"', '"+33 6 39 98 10 01"',
     23, "duplicate mobile '+33 6 39 98 10 01' in coach 'odile'"
         " (already the mobile of coach 'michel', line 15)"),
    ("coordinator's mobile", '"06 39 98 10 02"', '"06.39.98.00.01"',
     23, "(already the mobile of coordinator 'claire', line 9)"),
    ("hotline's number", '"+33 3 80 00 00 00"', '"06 39 98 10 02"',
     23, "(already the hotline number, line 3)"),
    ("landline", '"06 39 98 10 02"', '"03 80 12 34 56"',
     23, "mobile '03 80 12 34 56' is a landline in coach 'odile' (it cannot receive SMS"),
    ("Paris landline", '"06 39 98 10 02"', '"01 23 45 67 89"', 23, "is a landline"),
    ("VoIP number", '"06 39 98 10 02"', '"09 70 12 34 56"', 23, "is a VoIP number"),
    ("short code", '"06 39 98 10 02"', '"3114"', 23, "mobile '3114' is a short code"),
    ("unparseable number", '"06 39 98 10 02"', '"06 39 98 10"',
     23, "bad phone number '06 39 98 10'"),
    ("bad hotline number", '"+33 3 80 00 00 00"', '"03 80"', 3, "bad number '03 80' in hotline"),
    ("zero max_active", "    max_active: 3", "    max_active: 0", 19, "bad max_active '0'"),
    ("negative max_active", "    max_active: 3", "    max_active: -1",
     19, "bad max_active '-1' in coach 'michel' (at least 1;"),
    ("word max_active", "    max_active: 3", "    max_active: three", 19, "bad max_active 'three'"),
    ("fractional max_active", "    max_active: 3", "    max_active: 2.5",
     19, "bad max_active '2.5'"),
    ("bad boolean", "    active: true", "    active: maybe",
     20, "bad value 'maybe' for 'active' in coach 'michel' (write true or false)"),
    ("bad email", "claire.moreau@example.org", "claire.moreau.example.org",
     10, "bad email 'claire.moreau.example.org' in coordinator 'claire'"),
    ("bad language", "[fr, en]", "[fr, english]", 16, "bad language 'english' in coach 'michel'"),
    ("bad id", "  - id: odile", "  - id: Odile P", 21, "bad id 'Odile P'"),
    ("no coaches", BASE[BASE.index("coaches:"):], "coaches: []\n",
     12, "no coaches: the hotline needs at least one"),
]


@pytest.mark.parametrize("old, new, line, fragment",
                         [case[1:] for case in ONE_MISTAKE],
                         ids=[case[0] for case in ONE_MISTAKE])
def test_it_reports_each_kind_of_mistake_on_its_line(
        old: str, new: str, line: int, fragment: str) -> None:
    problems = problems_of(edited(old, new))

    assert len(problems) == 1, problems
    assert problems[0].line == line
    assert fragment in problems[0].message


def test_it_does_not_also_call_a_misspelt_required_key_missing() -> None:
    problems = problems_of(edited("    availability:\n", "    availabilty:\n"))

    assert [p.message for p in problems] == [
        "unknown key 'availabilty' in coach 'odile' (did you mean 'availability'?)"]


def test_it_reports_missing_sections() -> None:
    problems = problems_of(BASE[:BASE.index("coaches:")])

    assert [(p.line, p.message) for p in problems] == [
        (1, "missing key 'coaches' at top level")]


def test_it_reports_a_yaml_syntax_error_with_its_line() -> None:
    problems = problems_of(edited("    name: Odile Perrin", "    name: [Odile Perrin"))

    assert len(problems) == 1
    assert problems[0].line in (22, 23)  # where the parser noticed it
    assert problems[0].message.startswith("YAML syntax error:")


def test_it_explains_tabs() -> None:
    problems = problems_of(edited("    name: Odile Perrin", "\tname: Odile Perrin"))

    assert problems[0].line == 22
    assert "indent with spaces, not tabs" in problems[0].message


@pytest.mark.parametrize("number, e164", [
    ("06 39 98 10 02", "+33639981002"),
    ("+33 6 39 98 10 02", "+33639981002"),
    ("0033639981002", "+33639981002"),
    ("06.39.98.10.02", "+33639981002"),
    ("06 12 34 56 78", "+33612345678"),  # a real-looking mobile is fine too
])
def test_it_accepts_fictional_and_mobile_numbers(number: str, e164: str) -> None:
    roster = load_roster(edited('"06 39 98 10 02"', f'"{number}"'))

    assert roster.coaches[1].mobile == e164


def test_it_refuses_a_landline_for_a_coordinator_too() -> None:
    problems = problems_of(edited('"06 39 98 00 01"', '"03 80 44 55 66"'))

    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (9, "mobile '03 80 44 55 66' is a landline in coordinator 'claire'")]


def test_it_accepts_a_landline_as_the_hotline_number() -> None:
    assert load_roster(BASE).hotline.number == "+33380000000"


@pytest.mark.parametrize("key, days", [
    ("mon", [0]),
    ("sun", [6]),
    ("mon-fri", [0, 1, 2, 3, 4]),
    ("sat,sun", [5, 6]),
    ("mon-wed, fri", [0, 1, 2, 4]),
    ("Mon-Sun", [0, 1, 2, 3, 4, 5, 6]),
    ("thu-thu", [3]),
    ("mon-fri,wed", [0, 1, 2, 3, 4]),  # named twice, counted once
])
def test_it_expands_weekday_ranges(key: str, days: list[int]) -> None:
    assert parse_days(key) == days


def test_it_merges_day_entries_by_weekday() -> None:
    roster = load_roster(edited(
        '      tue-thu: "09:00-12:00"\n      sat: "10:00-12:00"\n',
        '      mon-fri: "09:00-12:00"\n      wed: "14:00-18:00"\n      "sat,sun": "10:00-11:00"\n'))
    odile = roster.coaches[1]

    assert sorted(odile.availability) == [0, 1, 2, 3, 4, 5, 6]
    assert windows_for(odile.availability, 2) == (Window(time(9), time(12)),
                                                  Window(time(14), time(18)))
    assert windows_for(odile.availability, 6) == (Window(time(10), time(11)),)
    assert windows_for(roster.coaches[0].availability, 1) == ()  # michel: not on Tuesdays


def test_it_lets_windows_touch_and_end_at_midnight() -> None:
    roster = load_roster(edited('tue-thu: "09:00-12:00"',
                                'tue-thu: "12:00-14:00, 09:00-12:00, 20:00-24:00"'))
    windows = windows_for(roster.coaches[1].availability, 1)

    assert [str(w) for w in windows] == ["09:00-12:00", "12:00-14:00", "20:00-24:00"]
    assert windows[-1].end == time.max and windows[-1].contains(time(23, 59))


def test_it_accepts_topics_and_languages_loosely_written() -> None:
    roster = load_roster(edited("[fr, en]", "[FR, de]").replace("[financier, juridique]",
                                                                "[Équilibre, financier]"))

    assert roster.coaches[0].languages == ("fr", "de")
    assert roster.coaches[0].topics == ("equilibre", "financier")


def test_it_reads_yes_and_no_as_booleans() -> None:
    assert load_roster(edited("active: true", "active: no")).coaches[0].active is False


def test_it_reports_a_missing_file_at_line_0(tmp_path: Path) -> None:
    missing = tmp_path / "volunteers.yaml"
    with pytest.raises(RosterError) as caught:
        load_roster_file(missing)

    [problem] = caught.value.problems
    assert problem.line == 0
    assert str(problem).startswith(f"{missing}: no such file")


def test_it_names_the_file_in_problems(tmp_path: Path) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text(edited("    active: true", "    active: maybe"), encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        load_roster_file(path)

    assert str(caught.value.problems[0]).startswith(f"{path}:20: bad value 'maybe'")


def test_it_reports_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "volunteers.yaml"
    path.write_bytes(BASE.encode("utf-8").replace(b"Michel", "Mich\xe9l".encode("latin-1")))
    with pytest.raises(RosterError) as caught:
        load_roster_file(path)

    assert [(p.line, p.message) for p in caught.value.problems] == [
        (14, "not UTF-8 text (save the file as UTF-8)")]


def test_it_reports_an_empty_file() -> None:
    assert problems_of("")[0].message.startswith("the file is empty")


def test_it_returns_a_roster_with_tuples() -> None:
    roster = load_roster(BASE)

    assert isinstance(roster, Roster)
    assert isinstance(roster.coaches, tuple) and isinstance(roster.coordinators, tuple)


def test_check_prints_the_weeks_crisis_coverage_and_warns_about_gaps(tmp_path) -> None:
    from click.testing import CliRunner

    from webhooks.cli import main
    result = CliRunner().invoke(main, ["volunteers", "check", str(REPO / "volunteers.yaml")])
    assert result.exit_code == 0, result.output
    assert "Couverture des crises" in result.output
    assert "mer. 18h-21h  Claire ; Sylvie" in result.output       # a trained coach
    assert "sam. 00h-08h  Bertrand ; aucune personne formée" in result.output
    assert "avertissement : lun. 21h-24h : aucune personne formée aux crises" in result.output
    assert "personne d'astreinte" not in result.output
    # A roster with nobody on call at night says so, as a warning (exit 0).
    thin = tmp_path / "thin.yaml"
    thin.write_text((REPO / "volunteers.yaml").read_text().replace(
        'mon: "08:00-24:00"\n      tue-wed: "00:00-24:00"\n      thu: "00:00-08:00"',
        'mon-wed: "08:00-20:00"'))
    result = CliRunner().invoke(main, ["volunteers", "check", str(thin)])
    assert result.exit_code == 0, result.output
    assert "avertissement : mar. 20h-24h : personne d'astreinte" in result.output
    assert "mar. 21h-24h  personne d'astreinte (par défaut : Claire) ; aucun" in result.output
