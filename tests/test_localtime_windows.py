"""Weekly windows made a day at a time (dispatch.localtime.iter_windows) are
the windows of the whole span, in order, whatever the plan, the span and the
changes of hour: matching takes the first ones and stops."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dispatch.localtime import day_windows, in_plan, iter_windows, windows_between

PARIS = ZoneInfo("Europe/Paris")


def _all_then_sorted(plan, start, end, tz):
    """The windows as they were made before: every day's, clipped, then sorted."""
    out = []
    day = start.astimezone(tz).date() - timedelta(days=1)
    while day <= end.astimezone(tz).date():
        for ws, we in day_windows(plan, day, tz):
            lo, hi = max(ws, start), min(we, end)
            if lo < hi:
                out.append((lo, hi))
        day += timedelta(days=1)
    return sorted(out)


def _plan(rng: random.Random) -> dict[str, list[list[str]]]:
    plan: dict[str, list[list[str]]] = {}
    for day in range(7):
        spans = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            a, b = sorted(rng.sample(range(0, 49), 2))
            end = "24:00" if b == 48 else f"{b // 2:02d}:{30 * (b % 2):02d}"
            spans.append([f"{a // 2:02d}:{30 * (a % 2):02d}", end])
        if spans:
            plan[str(day)] = spans
    return plan


def test_day_by_day_gives_every_window_in_order_across_changes_of_hour():
    rng = random.Random(13)
    # Around both changes of hour of 2026 in Paris, and an ordinary week.
    anchors = [datetime(2026, 3, 28, tzinfo=timezone.utc), datetime(2026, 10, 24, tzinfo=timezone.utc),
               datetime(2026, 12, 1, tzinfo=timezone.utc)]
    checked = 0
    for _ in range(600):
        plan = _plan(rng)
        start = rng.choice(anchors) + timedelta(minutes=rng.randrange(0, 4 * 24 * 60, 7))
        end = start + timedelta(minutes=rng.randrange(1, 10 * 24 * 60))
        expected = _all_then_sorted(plan, start, end, PARIS)
        assert list(iter_windows(plan, start, end, PARIS)) == expected
        assert windows_between(plan, start, end, PARIS) == expected
        assert in_plan(plan, start, PARIS) == bool(
            _all_then_sorted(plan, start, start + timedelta(seconds=1), PARIS))
        checked += bool(expected)
    assert checked > 300  # most cases had windows to compare


def test_a_window_to_midnight_and_one_from_midnight_come_in_order():
    plan = {"0": [["20:00", "24:00"]], "1": [["00:00", "02:00"], ["09:00", "10:00"]]}
    start = datetime(2026, 11, 30, 18, 0, tzinfo=PARIS)   # Monday
    got = [(a.astimezone(PARIS).strftime("%a %H:%M"), b.astimezone(PARIS).strftime("%a %H:%M"))
           for a, b in iter_windows(plan, start, start + timedelta(days=1), PARIS)]
    assert got == [("Mon 20:00", "Tue 00:00"), ("Tue 00:00", "Tue 02:00"),
                   ("Tue 09:00", "Tue 10:00")]


def test_a_call_is_promised_in_calling_hours():
    from dispatch.localtime import promised_by
    calling = ("08:00", "21:00")
    sunday = datetime(2026, 11, 29, 14, 0, tzinfo=PARIS)
    # In calling hours: the deadline itself.
    assert promised_by(sunday, sunday - timedelta(hours=5), calling, PARIS) == sunday
    # At night: the end of the evening before it.
    assert promised_by(sunday.replace(hour=23, minute=10), sunday, calling, PARIS) == \
        sunday.replace(hour=21)
    # Early morning: the evening before, while it is still to come...
    monday = datetime(2026, 11, 30, 7, 30, tzinfo=PARIS)
    assert promised_by(monday, sunday, calling, PARIS) == sunday.replace(hour=21)
    # ...and once it is over, the opening of calling hours.
    assert promised_by(monday, sunday.replace(hour=22), calling, PARIS) == monday.replace(hour=8, minute=0)
