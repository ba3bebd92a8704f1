"""`rappel parse`: JSON Lines in, one JSON line out per line in, same order.

An input line that is not a JSON object (or nests too deeply to read), lacks `text` or
`received_at`, or whose `received_at` is not an ISO 8601 time gives `{"id": ..., "error": ...}`
and the run goes on. An `id` that cannot be written back as valid JSON (NaN, Infinity, a lone
surrogate) is answered as `null` with an error. Bytes that are not UTF-8 are read as U+FFFD.
Answers are written in UTF-8. The exit status is 0 unless stdin cannot be read (or stdout
written).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO

from . import parse

Answer = dict[str, Any]


def run(stdin: TextIO, stdout: TextIO) -> int:
    """Parse each JSON line of `stdin`, write one JSON line per input line to `stdout`."""
    raw = getattr(stdout, "buffer", None)  # written as UTF-8 whatever the locale
    try:
        for line in _lines(stdin):
            answer = _written(_answer(line)) + "\n"
            if raw is None:
                stdout.write(answer)
            else:
                raw.write(answer.encode("utf-8"))
    except UnicodeDecodeError as error:  # a text stream that was opened strict
        return _fail(f"cannot read stdin: {error}")
    except OSError as error:
        return _fail(f"cannot read stdin or write stdout: {error}")
    finally:
        try:
            (raw or stdout).flush()
        except OSError:
            pass
    return 0


def _fail(message: str) -> int:
    print(f"rappel parse: {message}", file=sys.stderr)
    return 1


def _lines(stdin: TextIO) -> Iterator[str]:
    """The lines of stdin; from its bytes when it has them, so that a line that is not UTF-8
    is read with replacement characters instead of stopping the run."""
    raw = getattr(stdin, "buffer", None)
    if raw is None:
        yield from stdin
        return
    for line in raw:
        yield line.decode("utf-8", errors="replace")


def _answer(line: str) -> Answer:
    if not line.strip():
        return {"id": None, "error": "empty line"}
    try:
        message = json.loads(line)
    except RecursionError:
        return {"id": None, "error": "invalid JSON: nested too deeply"}
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


def _written(answer: Answer) -> str:
    """The answer as one line of valid JSON; an id that cannot be written so becomes null."""
    try:
        return _json(answer)
    except (ValueError, RecursionError) as error:
        problem = _why(error)
    try:
        _json({"id": answer.get("id")})
    except (ValueError, RecursionError):
        return _json({"id": None, "error": f"the id cannot be written back as JSON: {problem}"})
    problem = f"the answer cannot be written as JSON: {problem}"
    return _json({"id": answer.get("id"), "error": problem})


def _why(error: Exception) -> str:
    if isinstance(error, UnicodeEncodeError):
        return "it holds a lone surrogate"
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return "it holds NaN or Infinity" if "float" in str(error) else str(error)


def _json(value: Answer) -> str:
    """Strict JSON (no NaN), written as UTF-8 can hold it (no lone surrogate)."""
    line = json.dumps(value, ensure_ascii=False, allow_nan=False)
    line.encode("utf-8")
    return line


def main() -> None:
    """Entry point of `python -m dispatch.parsing`: stdin to stdout."""
    sys.exit(run(sys.stdin, sys.stdout))
