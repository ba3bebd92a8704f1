"""`rappel parse`: one JSON line out per line in, same order, errors inline."""
import io
import json
import subprocess
import sys
from pathlib import Path

from dispatch.parsing.cli import run

GOOD = {"id": "m1", "text": "Bonjour, Paul Martin, rappel possible demain 14h-16h au 06 12 34 56 78",
        "received_at": "2026-11-24T10:15:00+01:00"}


def _run(lines):
    out = io.StringIO()
    status = run(io.StringIO("".join(line + "\n" for line in lines)), out)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_answers_the_contract_example():
    status, answers = _run([json.dumps(GOOD)])
    assert status == 0
    assert answers == [{
        "id": "m1", "name": "Paul Martin", "phones": ["+33612345678"], "emails": [],
        "slots": [{"start": "2026-11-25T14:00:00+01:00", "end": "2026-11-25T16:00:00+01:00"}],
        "flexible": False, "topic": None, "crisis": False, "language": "fr"}]


def test_bad_lines_get_an_error_and_the_run_goes_on_in_order():
    lines = [
        "not json",
        json.dumps({"id": "a", "received_at": GOOD["received_at"]}),
        json.dumps({"id": "b", "text": "demain"}),
        json.dumps({"id": "c", "text": "demain", "received_at": "hier soir"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "text": 12, "received_at": GOOD["received_at"]}),
        "",
        json.dumps(GOOD),
    ]
    status, answers = _run(lines)
    assert status == 0
    assert len(answers) == len(lines)
    assert [a.get("id") for a in answers] == [None, "a", "b", "c", None, 7, None, "m1"]
    assert all("error" in a and set(a) == {"id", "error"} for a in answers[:-1])
    assert "text" in answers[1]["error"] and "received_at" in answers[2]["error"]
    assert "received_at" in answers[3]["error"]
    assert answers[-1]["name"] == "Paul Martin"


def test_the_id_is_echoed_whatever_its_type_and_keeps_its_order():
    lines = [json.dumps({**GOOD, "id": i}) for i in (3, "x", None, 1)]
    _, answers = _run(lines)
    assert [a["id"] for a in answers] == [3, "x", None, 1]


def test_received_at_in_another_offset_and_empty_text():
    _, answers = _run([json.dumps({"id": "z", "text": "", "received_at": "2026-11-24T09:15:00Z"})])
    assert answers == [{"id": "z", "name": None, "phones": [], "emails": [], "slots": [], "flexible": False,
                        "topic": None, "crisis": False, "language": "fr"}]


def test_python_m_dispatch_parsing_reads_stdin():
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "dispatch.parsing"], input=json.dumps(GOOD) + "\nnope\n",
                          capture_output=True, text=True, cwd=root, timeout=60)
    assert done.returncode == 0
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert answers[0]["id"] == "m1" and answers[1]["error"]


def _strict(line):
    """A line of output read as strict JSON: NaN and Infinity refused."""
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(line, parse_constant=refuse)


def _run_bytes(data: bytes):
    """run() over byte streams, as `rappel parse` reads and writes them."""
    out = io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8")
    status = run(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), stdout)
    return status, [_strict(line) for line in out.getvalue().decode("utf-8").splitlines()]


def test_a_line_nested_too_deeply_is_an_error_and_the_run_goes_on():
    status, answers = _run(["[" * 100_000 + "]" * 100_000, json.dumps(GOOD)])
    assert status == 0
    assert answers[0] == {"id": None, "error": "invalid JSON: nested too deeply"}
    assert answers[1]["name"] == "Paul Martin"


def test_an_id_with_a_lone_surrogate_becomes_null_with_an_error():
    line = '{"id": "\\ud800", "text": "demain", "received_at": "2026-11-24T10:15:00+01:00"}'
    status, answers = _run_bytes((line + "\n" + json.dumps(GOOD) + "\n").encode())
    assert status == 0
    assert answers[0]["id"] is None and "surrogate" in answers[0]["error"]
    assert answers[1]["id"] == "m1"


def test_a_nan_or_infinite_id_is_not_echoed_as_invalid_json():
    lines = [json.dumps({**GOOD, "id": value}) for value in (float("nan"), [float("inf")])]
    out = io.StringIO()
    assert run(io.StringIO("".join(line + "\n" for line in lines + [json.dumps(GOOD)])), out) == 0
    answers = [_strict(line) for line in out.getvalue().splitlines()]
    assert [a["id"] for a in answers] == [None, None, "m1"]
    assert all("NaN" in a["error"] for a in answers[:2])


def test_bytes_that_are_not_utf8_are_read_with_replacement_characters():
    bad = b'{"id": "x", "text": "caf\xe9 \xff demain 14h", "received_at": "2026-11-24T10:15:00+01:00"}'
    status, answers = _run_bytes(bad + b"\n" + json.dumps(GOOD).encode() + b"\n")
    assert status == 0
    assert answers[0]["slots"] == [{"start": "2026-11-25T14:00:00+01:00",
                                    "end": "2026-11-25T15:00:00+01:00"}]
    assert answers[1]["id"] == "m1"


def test_rappel_parse_answers_every_line_and_loads_neither_flask_nor_sqlalchemy():
    root = Path(__file__).resolve().parents[2]
    lines = [json.dumps(GOOD), "[" * 100_000, '{"id": NaN, "text": "x", "received_at": "x"}',
             '{"id": "\\udfff", "text": "x", "received_at": "2026-11-24T10:15:00+01:00"}', "nope"]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from webhooks.cli import main; main()", "parse"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=root, timeout=60)
    assert done.returncode == 0
    answers = [_strict(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(lines) and answers[0]["name"] == "Paul Martin"
    assert [a["id"] for a in answers[1:]] == [None, None, None, None]
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "dispatch" in imported and not imported & {"flask", "sqlalchemy", "werkzeug"}
