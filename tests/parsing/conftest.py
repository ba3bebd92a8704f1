"""Helpers for the parser's tests: parse a text received at a named time, and
read slots back as short local strings ("2026-11-25 14:00-16:00")."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dispatch.parsing import ParseResult, parse

PARIS = ZoneInfo("Europe/Paris")
# The worked example of spec/parsing.md: Tuesday 24 November 2026, 10:15.
TUESDAY = "2026-11-24T10:15:00+01:00"


def local_slots(result: ParseResult) -> list[str]:
    """Slots as 'YYYY-MM-DD HH:MM-HH:MM' in Paris time (end date added when it differs)."""
    out = []
    for slot in result.slots:
        start, end = slot.start.astimezone(PARIS), slot.end.astimezone(PARIS)
        tail = end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
        out.append(f"{start:%Y-%m-%d %H:%M}-{tail}")
    return out


@pytest.fixture
def parse_at():
    """parse_at(text, received=TUESDAY) -> ParseResult."""
    def run(text: str, received: str = TUESDAY) -> ParseResult:
        return parse(text, datetime.fromisoformat(received))
    return run


@pytest.fixture
def slots_of(parse_at):
    """slots_of(text, received=TUESDAY) -> the slots as local strings."""
    def run(text: str, received: str = TUESDAY) -> list[str]:
        return local_slots(parse_at(text, received))
    return run
