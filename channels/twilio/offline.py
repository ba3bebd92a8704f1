"""The crisis answer given while the database is away (spec 7: at once).

Crisis detection needs no database: the webhook answers words of danger with
3114 / 15 / 112 in its TwiML even when it cannot store the SMS, and leaves
the message to reconciliation. So that the person does not get the 3114 a
second time when reconciliation acts on it, the webhook writes down what it
answered in a small file of the instance folder, one per MessageSid, which
reconciliation reads and removes. The folder must be shared by the web
workers and the clock (one machine, `rappel serve`, or a shared volume);
when it is not, the person gets the answer twice, never none.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path

from flask import Flask

from dispatch import texts
from dispatch.parsing import parse
from dispatch.segments import to_gsm7

log = logging.getLogger(__name__)
FOLDER = "answered_offline"
SID = re.compile(r"[A-Za-z0-9]{2,64}", re.ASCII)  # a file name, never a path


def crisis_answer(body: str, now: datetime) -> str | None:
    """The crisis answer in the writer's language when `body` reads as a
    crisis (the parser's own reading); None otherwise."""
    parsed = parse(body, now)
    if not parsed.crisis:
        return None
    return to_gsm7(texts.text("crisis_offline", parsed.language))


def _path(app: Flask, sid: str) -> Path:
    return Path(app.instance_path) / FOLDER / sid


def remember(app: Flask, sid: str, answer: str) -> None:
    """Write down that `sid` was answered `answer` (best effort: a full disk
    means a second 3114 later, not a lost one now)."""
    try:
        path = _path(app, sid)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(answer, encoding="utf-8")
    except OSError as exc:
        log.warning("inbound %s: crisis answer given, not written down (%s)", sid, exc)


def answered(app: Flask, sid: str) -> str | None:
    """What the webhook answered `sid` while the database was away, if anything."""
    if not SID.fullmatch(sid):
        return None
    try:
        return _path(app, sid).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def forget(app: Flask, sid: str) -> None:
    if SID.fullmatch(sid):
        _path(app, sid).unlink(missing_ok=True)
