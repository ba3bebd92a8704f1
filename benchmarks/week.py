"""The week story's figures (tests/week_story.py): what a coordinator cares about.

    .venv/bin/python -m benchmarks.week

Prints requests called by their deadline (inside the person's slots or not),
the longest wait with no coach, offers sent, coordinator SMS in and out of
quiet hours, and OKs refused. The same file runs on an older checkout (copy
tests/week_story.py there, and a volunteers.yaml without the keys it does not
know) for a before/after in the same terms.
"""
from __future__ import annotations

import time
from datetime import timedelta

from tests.week_story import PARIS, live_week


def main() -> None:
    started = time.monotonic()
    week = live_week()
    for name, value in week.figures.items():
        if isinstance(value, timedelta):
            value = f"{value.days} d {value.seconds // 3600} h {value.seconds % 3600 // 60:02d}"
        print(f"{name:40} {value}")
    print(f"{'wall seconds':40} {time.monotonic() - started:.1f}")
    for number, status, received, deadline, _contacted, crisis, _ in week.requests:
        called = week.called.get(number)
        print(f"  {number:3} {status:10} received {received.astimezone(PARIS):%a %H:%M}"
              f"  deadline {deadline.astimezone(PARIS):%a %H:%M}"
              f"  called {called.astimezone(PARIS):%a %H:%M}" if called else
              f"  {number:3} {status:10} received {received.astimezone(PARIS):%a %H:%M}"
              f"  deadline {deadline.astimezone(PARIS):%a %H:%M}  not called",
              " (crisis)" if crisis else "")


if __name__ == "__main__":
    main()
