"""Every kind of event the domain logs has its words on the desk: a kind
missing from desk_words.EVENTS would show raw ("mail_bounced") in a timeline."""
from __future__ import annotations

import re
from pathlib import Path

from dispatch.desk_words import EVENTS

ROOT = Path(__file__).resolve().parent.parent
# lifecycle.log(db, request_id, now, actor, "kind", ...) and the helpers that wrap it.
LOGGED = re.compile(r'\blog\(\s*db,\s*[^,]+,\s*[^,]+,\s*(?:"[^"]*"|[\w.]+),\s*"(\w+)"')


def logged_kinds() -> set[str]:
    return {m.group(1) for path in (ROOT / "dispatch").rglob("*.py")
            for m in LOGGED.finditer(path.read_text(encoding="utf-8"))}


def test_the_pattern_finds_the_kinds_logged() -> None:
    kinds = logged_kinds()
    assert {"opened", "mail_in", "number_given", "mail_bounced", "taken"} <= kinds


def test_every_kind_logged_has_french_words() -> None:
    assert sorted(logged_kinds() - set(EVENTS)) == []
