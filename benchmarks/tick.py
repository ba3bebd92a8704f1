"""How long one `scheduling.tick(app, now)` takes, against the history it carries.

For SQLite and PostgreSQL: migrate, seed --closed past requests and --open
requests in progress (benchmarks/seed.py), then time

- the first tick (work due: offers expiring, open requests to offer, up to
  200 of them, escalation steps, the daily summary, the outbox), restored from
  a seeded template before every run so each run sees the same work;
- the steady tick (nothing due: the same `now` once the backlog is drained);
- a `SELECT 1` round trip on the same engine,

each the median of several runs, with the same figures for 0 past requests
beside them: if the cost follows the work due and not the history, the two
rows match. Statements per tick are counted, and the query plans of the
clock's main queries (taken from the statements the tick actually ran, with
their parameters) are printed to show the indexes they use.

    .venv/bin/python -m benchmarks.tick [--db sqlite|postgres|both]
        [--closed 100000] [--open 1000] [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from benchmarks import seed as seeding

NOW = seeding.DEFAULT_NOW
WORK_DB = "rappel_bench_tick"

# The clock's main queries, recognised in the SQL the tick ran (whitespace folded).
PLANNED = [(label, re.compile(pattern)) for label, pattern in (
    ("due offers (status, expires_at)",
     r"^SELECT .* FROM offers WHERE offers\.status = .* AND offers\.expires_at <="),
    ("open requests due (status, next_check_at)",
     r"^SELECT .* FROM requests WHERE requests\.status = .* AND requests\.next_check_at <="),
    ("escalation candidates (status, deadline | received_at)",
     r"^SELECT .* FROM requests WHERE requests\.status IN .*requests\.received_at <="),
    ("steps already taken (escalations.request_id IN)",
     r"^SELECT escalations\.request_id, escalations\.kind FROM escalations"),
    ("pending offers per coach",
     r"^SELECT offers\.coach_id, count\(\*\).*GROUP BY offers\.coach_id"),
    ("outbox: leases run out (status, next_attempt_at)",
     r"^UPDATE messages SET status=\S+ WHERE messages\.status = .* AND messages\.next_attempt_at <="),
    ("outbox: due SMS (status, next_attempt_at)",
     r"^SELECT .* FROM messages WHERE messages\.status = .* AND messages\.next_attempt_at <="),
)]


@dataclass
class Recorder:
    """Counts (and for one pass keeps) the statements an engine runs."""
    keep: bool = False
    count: int = 0
    seconds: float = 0.0
    statements: list[tuple[str, Any, float]] = field(default_factory=list)
    _started: float = 0.0

    def attach(self, engine: Any) -> None:
        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            self._started = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            spent = time.perf_counter() - self._started
            self.count += 1
            self.seconds += spent
            if self.keep:
                self.statements.append((statement, parameters, spent))

    def reset(self, keep: bool = False) -> None:
        self.count, self.seconds, self.keep, self.statements = 0, 0.0, keep, []


@dataclass
class Result:
    db: str
    closed: int
    open: int
    seed_seconds: float
    first: list[float] = field(default_factory=list)
    first_cpu: list[float] = field(default_factory=list)
    steady_cpu: list[float] = field(default_factory=list)
    steady_heaviest: list[tuple[str, int, float]] = field(default_factory=list)
    first_stmts: int = 0
    first_sql_seconds: float = 0.0
    first_did: dict[str, Any] = field(default_factory=dict)
    drain_ticks: int = 0
    steady: list[float] = field(default_factory=list)
    steady_stmts: int = 0
    select1: float = 0.0
    plans: list[tuple[str, list[str]]] = field(default_factory=list)
    heaviest: list[tuple[str, int, float]] = field(default_factory=list)


# ---------------------------------------------------------------- databases

class Store:
    """A seeded template and a working copy restored from it before each run."""

    def __init__(self, db: str, closed: int, tmp: Path) -> None:
        self.db, self.closed, self.tmp = db, closed, tmp
        if db == "postgres":
            self.template = f"rappel_bench_tick_tpl_{closed}"
            self.template_url = seeding.recreate_postgres(self.template)
            self.work = f"{WORK_DB}_{closed}"
            self.url = seeding.postgres_url(self.work)
        else:
            self.template_path = tmp / f"template-{closed}.sqlite3"
            self.template_url = seeding.sqlite_url(self.template_path)
            self.path = tmp / f"work-{closed}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def fill(self, open_count: int, extra_coaches: int) -> float:
        engine = seeding.prepare(self.template_url)
        result = seeding.seed(engine, NOW, closed=self.closed, active=open_count,
                              extra_coaches=extra_coaches)
        engine.dispose()
        return float(result["seconds"])

    def restore(self) -> None:
        if self.db == "postgres":
            admin = seeding.create_engine(seeding.PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.work}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{self.work}" TEMPLATE "{self.template}" '
                                  "STRATEGY FILE_COPY"))
            admin.dispose()
            return
        seeding.sqlite_url(self.path)  # removes the file and its -wal/-shm/lock
        shutil.copyfile(self.template_path, self.path)

    def drop(self) -> None:
        if self.db == "postgres":
            seeding.drop_postgres(self.work)
            seeding.drop_postgres(self.template)


# ---------------------------------------------------------------- timing

def _app(url: str, tmp: Path) -> Any:
    from webhooks import create_app
    return create_app({"DATABASE_URL": url, "SMS_BACKEND": "console", "TESTING": True,
                       "SECRET_KEY": "bench-secret", "PUBLIC_URL": "http://127.0.0.1:5000",
                       "INSTANCE_PATH": str(tmp / "instance"),
                       "VOLUNTEERS_FILE": str(seeding.VOLUNTEERS)})


def _timed_tick(app: Any, cpu: list[float] | None = None) -> tuple[float, dict[str, Any]]:
    """Wall time of one tick; its CPU time in this process is appended to `cpu`."""
    from scheduling import tick
    started, cpu_started = time.perf_counter(), time.process_time()
    did = tick(app, NOW)
    if cpu is not None:
        cpu.append(time.process_time() - cpu_started)
    return time.perf_counter() - started, did


def _busy(did: dict[str, Any]) -> bool:
    return any(did.get(k) for k in ("reconciled", "expired", "offered", "escalated",
                                    "summary", "sent"))


def _select1(engine: Any, n: int = 300) -> float:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        times = []
        for _ in range(n):
            started = time.perf_counter()
            conn.execute(text("SELECT 1")).scalar()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


class Bench:
    """One database's app, recorder and result; the runs of several are interleaved."""

    def __init__(self, store: Store, result: Result, tmp: Path) -> None:
        self.store, self.result = store, result
        self.app = _app(store.url, tmp)
        self.engine = self.app.extensions["rappel.engine"]
        self.recorder = Recorder()
        self.recorder.attach(self.engine)
        self.did: dict[str, Any] = {}
        self.first_statements: list[tuple[str, Any, float]] = []

    def first_tick(self, keep: bool) -> None:
        """Restore the seeded state and time the tick that finds the work due."""
        self.engine.dispose()
        self.store.restore()
        os.sync()  # the copy's dirty pages go to disk now, not during the tick
        self.result.select1 = _select1(self.engine)  # also opens the pool's connection
        self.recorder.reset(keep=keep)
        seconds, self.did = _timed_tick(self.app, self.result.first_cpu)
        self.result.first.append(seconds)
        if keep:
            r = self.result
            r.first_stmts, r.first_sql_seconds = self.recorder.count, self.recorder.seconds
            r.first_did, r.heaviest = self.did, _heaviest(self.recorder.statements)
            self.first_statements = list(self.recorder.statements)

    def drain(self) -> None:
        """Run the backlog out (offers beyond 200, SMS beyond 200): then nothing is due."""
        self.recorder.reset()
        drained = 0
        while _busy(self.did) and drained < 50:
            _, self.did = _timed_tick(self.app)
            drained += 1
        self.result.drain_ticks = drained

    def steady_tick(self) -> None:
        self.recorder.reset(keep=True)
        seconds, did = _timed_tick(self.app, self.result.steady_cpu)
        assert not _busy(did), f"steady tick did something: {did}"
        self.result.steady.append(seconds)
        self.result.steady_stmts = self.recorder.count
        self.result.steady_heaviest = _heaviest(self.recorder.statements, top=4)

    def finish(self, explain: bool) -> None:
        self.result.select1 = min(self.result.select1, _select1(self.engine))
        if explain:
            self.result.plans = _plans(self.engine, self.first_statements)
        self.engine.dispose()


def measure(benches: list[Bench], runs: int, steady_runs: int) -> None:
    """Interleave the databases run by run, so a change in the machine's load
    (other processes share it) falls on all of them alike."""
    for run in range(runs):
        for bench in benches:
            bench.first_tick(keep=run == runs - 1)
    for bench in benches:
        bench.drain()
    for _ in range(steady_runs):
        for bench in benches:
            bench.steady_tick()
    for i, bench in enumerate(benches):
        bench.finish(explain=i == 0)


def _normalise(sql: str) -> str:
    sql = re.sub(r"\s+", " ", sql)
    sql = re.sub(r"\(__\[POSTCOMPILE_\w+\]\)|IN \([^)]*\)", "IN (…)", sql)
    return sql[:110]


def _heaviest(statements: list[tuple[str, Any, float]],
              top: int = 6) -> list[tuple[str, int, float]]:
    by: dict[str, list[float]] = {}
    for sql, _, spent in statements:
        by.setdefault(_normalise(sql), []).append(spent)
    ranked = sorted(by.items(), key=lambda kv: -sum(kv[1]))[:top]
    return [(sql, len(times), sum(times)) for sql, times in ranked]


def _plans(engine: Any, statements: list[tuple[str, Any, float]]) -> list[tuple[str, list[str]]]:
    plans = []
    prefix = "EXPLAIN " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    for label, pattern in PLANNED:
        found = next(((sql, params) for sql, params, _ in statements
                      if pattern.search(re.sub(r"\s+", " ", sql.strip()))), None)
        if found is None:
            plans.append((label, ["(not run by this tick)"]))
            continue
        sql, params = found
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(prefix + sql, params).all()
            conn.rollback()
        lines = [row[0] for row in rows] if engine.dialect.name == "postgresql" \
            else [row[-1] for row in rows]
        lines = [line if len(line) <= 150 else line[:147] + "..." for line in lines]
        plans.append((label + "\n      " + _normalise(sql), lines))
    return plans


# ---------------------------------------------------------------- report

def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds >= 0.001 else f"{seconds * 1000:.3f}"


def print_table(results: list[Result]) -> None:
    print("\n== tick: median of runs, wall ms (CPU ms of this process); statements per tick "
          "in brackets ==")
    head = (f"{'db':<9}{'closed':>8}{'open':>6}  {'first tick (work due)':>29}  "
            f"{'did exp/off/esc/sum/sent':>25}  {'steady tick':>22}  {'SELECT 1':>9}  "
            f"{'steady/SELECT 1':>15}  {'drain':>5}")
    print(head)
    print("-" * len(head))
    for r in results:
        d = r.first_did
        did = f"{d.get('expired')}/{d.get('offered')}/{d.get('escalated')}/" \
              f"{int(bool(d.get('summary')))}/{d.get('sent')}"
        first = f"{ms(statistics.median(r.first))} ({ms(statistics.median(r.first_cpu))}) " \
                f"[{r.first_stmts}]"
        steady = f"{ms(statistics.median(r.steady))} ({ms(statistics.median(r.steady_cpu))}) " \
                 f"[{r.steady_stmts}]"
        ratio = statistics.median(r.steady) / r.select1 if r.select1 else float("nan")
        print(f"{r.db:<9}{r.closed:>8}{r.open:>6}  {first:>29}  {did:>25}  {steady:>22}  "
              f"{ms(r.select1):>9}  {ratio:>14.0f}x  {r.drain_ticks:>5}")
    print("first tick runs (ms): " + "; ".join(
        f"{r.db}/{r.closed}: " + " ".join(ms(s) for s in r.first) for r in results))
    print("steady tick runs (ms): " + "; ".join(
        f"{r.db}/{r.closed}: " + " ".join(ms(s) for s in r.steady) for r in results))
    print("seeding (s): " + "; ".join(f"{r.db}/{r.closed}: {r.seed_seconds:.1f}"
                                      for r in results))


def print_details(results: list[Result]) -> None:
    for r in results:
        if r.heaviest:
            print(f"\n== {r.db}, {r.closed} closed: first tick, SQL time by statement "
                  f"({ms(r.first_sql_seconds)} ms of SQL in {r.first_stmts} statements) ==")
            for sql, n, spent in r.heaviest:
                print(f"  {ms(spent):>8} ms  x{n:<5} {sql}")
        if r.steady_heaviest:
            print("  steady tick, SQL time by statement (last run):")
            for sql, n, spent in r.steady_heaviest:
                print(f"  {ms(spent):>8} ms  x{n:<5} {sql}")
        for label, lines in r.plans:
            print(f"\n-- {r.db} plan, {r.closed} closed: {label}")
            for line in lines:
                print(f"      {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Time one scheduling.tick against history.")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--closed", type=int, default=100_000)
    parser.add_argument("--open", type=int, default=1_000, dest="open_count")
    parser.add_argument("--runs", type=int, default=3, help="first-tick runs (median)")
    parser.add_argument("--steady-runs", type=int, default=7)
    parser.add_argument("--extra-coaches", type=int, default=300,
                        help="synthetic coaches added to volunteers.yaml, so the requests in "
                             "progress have coaches with room (8 coaches hold at most 21)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the run with 0 past requests")
    args = parser.parse_args()
    dbs = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    closed_counts = [args.closed] + ([] if args.no_baseline or args.closed == 0 else [0])
    print(f"now = {NOW.isoformat()} (Tuesday 10:15 in Dijon), {args.open_count} requests in "
          f"progress, 8 + {args.extra_coaches} coaches, SMS_BACKEND=console (echo off)")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs (other processes share them)", flush=True)
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rappel-tick-") as tmp_name:
        tmp = Path(tmp_name)
        for db in dbs:
            benches = []
            for closed in closed_counts:
                store = Store(db, closed, tmp)
                result = Result(db, closed, args.open_count, 0.0)
                result.seed_seconds = store.fill(args.open_count, args.extra_coaches)
                print(f"seeded {db} with {closed} closed + {args.open_count} in progress "
                      f"in {result.seed_seconds:.1f} s", flush=True)
                benches.append(Bench(store, result, tmp))
            measure(benches, args.runs, args.steady_runs)
            for bench in benches:
                bench.store.drop()
                results.append(bench.result)
    print_table(results)
    print_details(results)
    print(f"\ntotal {timedelta(seconds=round(time.perf_counter() - started))}, load average "
          f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
