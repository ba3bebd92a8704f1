"""schemathesis, every check on, over /api/openapi.json of the web process as the
Procfile starts it, on the suite's database (SQLite, or PostgreSQL in CI).

Bounded in time: RAPPEL_SCHEMATHESIS_SECONDS (20 by default, 60 in CI)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks import slow_clients as sc
from tests.conftest import CAST

SECONDS = os.environ.get("RAPPEL_SCHEMATHESIS_SECONDS", "20")
TOKEN = "fuzz-api-token"


def test_schemathesis_with_every_check_finds_nothing(database_url, tmp_path):
    sc.load_roster(database_url, CAST)
    port = sc.free_port()
    env = sc.server_env(database_url, port, tmp_path, API_TOKEN=TOKEN, VOLUNTEERS_FILE=str(CAST))
    with sc.web_process(sc.procfile_web(), env, tmp_path / "web.log"):
        for n, text in enumerate(["Bonjour, Paul Martin, dettes, rappel demain 14h-16h",
                                  "Luc, boulangerie, a tout moment au 06 12 48 77 31",
                                  "Je n'en peux plus, je veux en finir"]):
            assert sc.signed_sms(port, f"+3361234500{n}", text, f"SMfuzz{n:026d}") == 200
        run = subprocess.run(
            [str(Path(sys.executable).with_name("schemathesis")), "run",
             f"http://127.0.0.1:{port}/api/openapi.json", "--checks", "all",
             "--header", f"Authorization: Bearer {TOKEN}", "--max-time", SECONDS,
             "--request-timeout", "10", "--seed", os.environ.get("RAPPEL_SCHEMATHESIS_SEED", "15"),
             "--generation-database", "none"],
            cwd=tmp_path, capture_output=True, text=True, timeout=float(SECONDS) + 120)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
