"""How long the capacity planner takes (issue #13: a month at 3 a day, one seed,
under 5 seconds; 20 seeds under a minute).

Times, on the sample roster at --per-day requests a day for --days days:

- one seed, the configured policy alone through the engine (in this process,
  after a first run that builds the scratch database's template), `--runs`
  times: the median wall and CPU time, and the clock's ticks;
- --seeds seeds with both policies and the oracle, in --jobs processes (the
  default of `rappel simulate`, without the windows), wall time;
- the oracle alone on one seed;
- beside them, this machine's own yardstick measured in the same run: one
  SELECT built once, through an ORM session on the scratch database (the
  cheapest statement the engine sends), and what the month's statements
  would cost at that price alone. The month's time over that floor is the
  engine's own work (flushes, commits, its decisions).

On a machine shared with others, compare CPU times, or medians of runs made
back to back; the statement count does not depend on the machine.

    .venv/bin/python -m benchmarks.planner [--per-day 3] [--days 28] [--seeds 20]
        [--runs 3] [--jobs N]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from sqlalchemy import bindparam, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dispatch.models import Offer
from dispatch.roster import load_roster_file
from planner.assumptions import Assumptions
from planner.bound import bound
from planner.policies import named
from planner.run import run
from planner.scratch import memory_engine, template
from planner.study import Setup, latest_deadlines, months

SAMPLE = Path(__file__).resolve().parent.parent / "volunteers.yaml"


def yardstick(setup: Setup, repeat: int = 3000) -> float:
    """Seconds for one SELECT built once, through an ORM session (median of 5 batches)."""
    engine = memory_engine(template(setup.roster))
    statement = select(Offer.id).where(Offer.request_id == bindparam("request_id"))
    batches = []
    with Session(engine) as db:
        for _ in range(5):
            began = time.perf_counter()
            for n in range(repeat):
                db.execute(statement, {"request_id": n}).all()
            batches.append((time.perf_counter() - began) / repeat)
    engine.dispose()
    return statistics.median(batches)


def one_seed(setup: Setup, runs: int) -> None:
    template(setup.roster)
    walls, cpus, ticks = [], [], 0
    statements = [0]

    # Statements sent to the database: the engine's work, whatever the machine's speed.
    def count(*_: object) -> None:
        statements[0] += 1

    event.listen(Engine, "before_cursor_execute", count)
    for _ in range(runs):
        persons = setup.people(1)
        statements[0] = 0
        began, cpu = time.perf_counter(), time.process_time()
        result = run(setup.roster, persons, 1, setup.assumed, "configured", named("configured"),
                     setup.start, setup.end)
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
        ticks = result.ticks
    event.remove(Engine, "before_cursor_execute", count)
    print(f"one seed, configured policy: median {statistics.median(walls):.2f} s wall, "
          f"{statistics.median(cpus):.2f} s CPU over {runs} run(s) (target: under 5 s); "
          f"{len(persons)} requests, {ticks} ticks of the clock, {statements[0]} SQL statements")
    each = yardstick(setup)
    print(f"this machine now: one SELECT built once, through the session, {each * 1e6:.0f} µs; "
          f"the month's {statements[0]} statements at that price alone: {statements[0] * each:.2f} s "
          f"(the floor; the rest of the month is flushes, commits and the engine's decisions)")
    began = time.perf_counter()
    best = bound(setup.roster, persons, latest_deadlines([result]), 1, setup.assumed,
                 setup.start, setup.end)
    print(f"the oracle on that seed: {time.perf_counter() - began:.2f} s "
          f"({best.kept}/{best.requests} kept at best, the policy {sum(f.kept() for f in result.fates.values())})")


def many_seeds(setup: Setup, seeds: int, jobs: int | None) -> None:
    began = time.perf_counter()
    found = months(setup, list(range(1, seeds + 1)), jobs=jobs)
    wall = time.perf_counter() - began
    busy = sum(m.seconds for m in found)
    print(f"{seeds} seeds, configured + round robin + oracle: {wall:.1f} s wall "
          f"({busy:.1f} s of work in the processes, {busy / (2 * seeds):.1f} s a policy-month; "
          f"target: under 60 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", type=float, default=3.0)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    setup = Setup(load_roster_file(SAMPLE), args.per_day, args.days, Assumptions())
    one_seed(setup, args.runs)
    if args.seeds:
        many_seeds(setup, args.seeds, args.jobs)


if __name__ == "__main__":
    main()
