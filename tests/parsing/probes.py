"""Probe sets (tests/parsing/*.jsonl): reading them, and whether a parse is right in
every field the contract scores, as the dev corpus's scorer counts it."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from dispatch.parsing import parse

HERE = Path(__file__).resolve().parent


def cases(name: str) -> list[dict[str, Any]]:
    """The cases of the probe set `name`, one JSON object a line."""
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _fold(name: str | None) -> str:
    return " ".join((name or "").casefold().replace("-", " ").split())


def right(case: dict[str, Any]) -> bool:
    """Every field as expected: name (case and hyphens aside), phones, e-mails and
    slots in any order, flexible, topic, crisis, language."""
    got = parse(case["text"], datetime.fromisoformat(case["received_at"])).to_dict()
    want = case["expected"]
    spans = [sorted((datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
                    for s in slots) for slots in (got["slots"], want["slots"])]
    return (_fold(got["name"]) == _fold(want["name"]) and sorted(got["phones"]) == sorted(want["phones"])
            and sorted(got["emails"]) == sorted(want["emails"]) and spans[0] == spans[1]
            and all(got[f] == want[f] for f in ("flexible", "topic", "crisis", "language")))
