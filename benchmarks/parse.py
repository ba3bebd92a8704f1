"""How fast `dispatch.parsing.parse` reads SMS, beside a dateparser baseline.

Parses the dev corpus repeated to at least --messages messages (default
10,000), timing each call, and prints messages per second and the p50/p99
latency per message. In the same run, a baseline extraction built on
`dateparser.search.search_dates` (languages fr and en, RELATIVE_BASE the
message's received_at, TIMEZONE Europe/Paris; each date found taken as a
one-hour slot) runs on a subsample of the same messages (--baseline,
default 1,000: it is far slower). For context it also prints, for both, the
share of dev messages whose slots are exactly right, and how long `rappel parse` takes to
start and answer one message (median of --starts runs, default 7).

    .venv/bin/python -m benchmarks.parse [--corpus PATH] [--messages 10000] [--baseline 1000]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dispatch.parsing import parse

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def repeat(cases: list[dict], count: int) -> list[dict]:
    return [cases[i % len(cases)] for i in range(max(count, len(cases)))]


def timed(function, cases: list[dict]) -> tuple[float, list[float]]:
    """Total seconds and per-message latencies (seconds) of `function` over `cases`."""
    latencies = []
    began = time.perf_counter()
    for case in cases:
        start = time.perf_counter()
        function(case["text"], datetime.fromisoformat(case["received_at"]))
        latencies.append(time.perf_counter() - start)
    return time.perf_counter() - began, latencies


def baseline(text: str, received_at: datetime) -> list[tuple[datetime, datetime]]:
    """Slots as dateparser finds them: each date in the text, one hour long."""
    from dateparser.search import search_dates

    base = received_at.astimezone(PARIS).replace(tzinfo=None)
    found = search_dates(text, languages=["fr", "en"], settings={
        "RELATIVE_BASE": base, "TIMEZONE": "Europe/Paris", "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "future"}) or []
    return [(when, when + timedelta(hours=1)) for _, when in found]


def ours(text: str, received_at: datetime) -> list[tuple[datetime, datetime]]:
    return [(s.start, s.end) for s in parse(text, received_at).slots]


def slots_right(function, cases: list[dict]) -> float:
    right = 0
    for case in cases:
        got = [(s.timestamp(), e.timestamp()) for s, e in function(case["text"], datetime.fromisoformat(case["received_at"]))]
        want = [(datetime.fromisoformat(s["start"]).timestamp(), datetime.fromisoformat(s["end"]).timestamp())
                for s in case["expected"]["slots"]]
        right += sorted(got) == sorted(want)
    return right / len(cases)


def report(label: str, total: float, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label:34} {len(latencies):>6} msgs  {len(latencies) / total:>9.0f} msg/s  "
          f"p50 {statistics.median(ordered) * 1e3:7.3f} ms  p99 {p99 * 1e3:7.3f} ms")


def startup(case: dict, runs: int) -> float:
    """Median seconds for `rappel parse` to start, answer `case` and exit."""
    rappel = Path(sys.executable).with_name("rappel")
    command = [str(rappel), "parse"] if rappel.exists() else [
        sys.executable, "-c", "from webhooks.cli import main; main()", "parse"]
    line = json.dumps({key: case[key] for key in ("id", "text", "received_at")}) + "\n"
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, input=line, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=1_000, help="messages for the dateparser baseline")
    parser.add_argument("--starts", type=int, default=7, help="runs of `rappel parse` to time")
    args = parser.parse_args()
    cases = load(args.corpus)
    run = repeat(cases, args.messages)
    for case in cases:  # warm up both (regex compilation, dateparser's language data)
        ours(case["text"], datetime.fromisoformat(case["received_at"]))
    baseline(cases[0]["text"], datetime.fromisoformat(cases[0]["received_at"]))

    print(f"corpus: {args.corpus} ({len(cases)} messages)")
    report("dispatch.parsing.parse", *timed(parse, run))
    subsample = run[:args.baseline]
    label = "dateparser.search_dates baseline"
    report(label + (" *" if len(subsample) < len(run) else ""), *timed(baseline, subsample))
    if len(subsample) < len(run):
        print(f"* the baseline ran on the first {len(subsample)} of the {len(run)} messages (it is much slower)")
    print(f"slots exactly right on the corpus: parse {slots_right(ours, cases):.3f}, "
          f"baseline {slots_right(baseline, cases):.3f}")
    if args.starts:
        print(f"rappel parse: {startup(cases[0], args.starts):.3f} s to start and answer one message "
              f"(median of {args.starts})")


if __name__ == "__main__":
    main()
