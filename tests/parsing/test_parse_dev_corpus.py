"""Every field of every message is right: the shared dev corpus, and more
messages written and annotated here to the same contract (more_messages.jsonl)."""
import json
from datetime import datetime
from pathlib import Path

import pytest

from dispatch.parsing import parse

HERE = Path(__file__).resolve().parent
DEV = HERE.parents[2] / "shared" / "corpus" / "dev.jsonl"
MORE = HERE / "more_messages.jsonl"


def _load(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _check(case):
    got = parse(case["text"], datetime.fromisoformat(case["received_at"])).to_dict()
    want = dict(case["expected"])
    got_name, want_name = got.pop("name"), want.pop("name")
    assert (got_name or "").casefold() == (want_name or "").casefold() and (got_name is None) == (want_name is None)
    assert got == want


DEV_CASES = _load(DEV)
MORE_CASES = _load(MORE)


@pytest.mark.skipif(not DEV_CASES, reason=f"{DEV} not found")
@pytest.mark.parametrize("case", DEV_CASES, ids=[c["id"] for c in DEV_CASES])
def test_every_field_of_the_dev_corpus_is_right(case):
    _check(case)


@pytest.mark.parametrize("case", MORE_CASES, ids=[c["id"] for c in MORE_CASES])
def test_every_field_of_more_messages_is_right(case):
    _check(case)
