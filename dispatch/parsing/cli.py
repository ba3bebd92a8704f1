"""`rappel parse`: JSON Lines in, one JSON line out per line in, same order.

An input line that is not a JSON object, lacks `text` or `received_at`, or
whose `received_at` is not an ISO 8601 time gives `{"id": ..., "error": ...}`
and the run goes on. The exit status is 0 unless stdin cannot be read.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TextIO

from . import parse


def run(stdin: TextIO, stdout: TextIO) -> int:
    """Parse each JSON line of `stdin`, write one JSON line per input line to `stdout`."""
    try:
        for line in stdin:
            stdout.write(json.dumps(_answer(line), ensure_ascii=False) + "\n")
    except (OSError, UnicodeDecodeError) as error:
        print(f"rappel parse: cannot read stdin: {error}", file=sys.stderr)
        return 1
    finally:
        stdout.flush()
    return 0


def _answer(line: str) -> dict:
    if not line.strip():
        return {"id": None, "error": "empty line"}
    try:
        message = json.loads(line)
    except ValueError as error:
        return {"id": None, "error": f"invalid JSON: {error}"}
    if not isinstance(message, dict):
        return {"id": None, "error": "a line must be a JSON object"}
    ident = message.get("id")
    text, received = message.get("text"), message.get("received_at")
    if not isinstance(text, str):
        return {"id": ident, "error": "missing text" if text is None else "text must be a string"}
    if not isinstance(received, str):
        problem = "missing received_at" if received is None else "received_at must be a string"
        return {"id": ident, "error": problem}
    try:
        received_at = datetime.fromisoformat(received)
    except ValueError:
        return {"id": ident, "error": f"received_at is not an ISO 8601 time: {received!r}"}
    try:
        return {"id": ident, **parse(text, received_at).to_dict()}
    except Exception as error:  # one bad message must not stop the run
        return {"id": ident, "error": f"parse failed: {type(error).__name__}: {error}"}


def main() -> None:
    """Entry point: stdin to stdout, decoding errors replaced rather than fatal."""
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(run(sys.stdin, sys.stdout))
