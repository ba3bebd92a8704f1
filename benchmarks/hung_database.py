"""How long the inbound webhook and /healthz take when PostgreSQL hangs.

A TCP proxy (tests/netfaults.py) sits between the app and PostgreSQL; once
the pool is warm it black-holes every byte, as a partition does. Timed, each
with a 60 s cap: a webhook POST (Twilio gives up after 15 s), /healthz (an
uptime check wants its answer in 2 s), then, the proxy open again, whether a
webhook succeeds (the pool recovers). Uses only interfaces main's 924069e
has, so the same file measures the old behaviour from an export of it.

    .venv/bin/python -m benchmarks.hung_database [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import logging
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from twilio.request_validator import RequestValidator

from benchmarks import seed as seeding
from tests.netfaults import BlackHole

TOKEN, PUBLIC_URL, CAP = "bench-token", "https://rappel.example.org", 60.0


def _post(app: Any, sid: str) -> Any:
    form = {"MessageSid": sid, "From": "+33612345678", "To": "+33380000000",
            "Body": "Paul Martin, rappel demain 14h", "NumMedia": "0"}
    sig = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + "/twilio/sms", form)
    return app.test_client().post("/twilio/sms", data=form, headers={"X-Twilio-Signature": sig})


def timed(call: Any) -> tuple[int | None, float]:
    """(status, seconds), or (None, CAP) when no answer came within CAP."""
    box: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: box.update(answer=call()), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(CAP)
    if "answer" not in box:
        return None, CAP
    return box["answer"].status_code, time.monotonic() - started


def one_run(index: int, directory: Path) -> dict[str, Any]:
    from webhooks import create_app
    name = "rappel_bench_hung"
    url = make_url(seeding.recreate_postgres(name))
    engine = seeding.prepare(url.render_as_string(hide_password=False))
    seeding.sync_roster(engine, seeding.VOLUNTEERS)
    engine.dispose()
    hole = BlackHole((url.host or "127.0.0.1", url.port or 5432))
    proxied = url.set(host="127.0.0.1", port=hole.port).render_as_string(hide_password=False)
    app = create_app({"DATABASE_URL": proxied, "TWILIO_AUTH_TOKEN": TOKEN, "TESTING": True,
                      "PUBLIC_URL": PUBLIC_URL, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": str(directory / "instance"),
                      "VOLUNTEERS_FILE": str(seeding.VOLUNTEERS)})
    logging.getLogger().setLevel(logging.CRITICAL)
    warm = _post(app, f"SMwarm{index}").status_code
    hole.swallow.set()
    webhook = timed(lambda: _post(app, f"SMhung{index}"))
    health = timed(lambda: app.test_client().get("/healthz"))
    hole.swallow.clear()
    after = timed(lambda: _post(app, f"SMback{index}"))
    hole.close()
    seeding.drop_postgres(name)
    return {"warm": warm, "webhook": webhook, "healthz": health, "after": after}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="rappel-hung-") as name:
        for i in range(args.runs):
            runs.append(one_run(i, Path(name)))
            print(json.dumps(runs[-1]), flush=True)
    def med(key: str) -> float:
        return round(statistics.median(r[key][1] for r in runs), 2)
    print(json.dumps({
        "webhook_s_median": med("webhook"),
        "webhook_status": [r["webhook"][0] for r in runs],
        "healthz_s_median": med("healthz"),
        "healthz_status": [r["healthz"][0] for r in runs],
        "after_release_status": [r["after"][0] for r in runs],
        "cap_s": CAP}, indent=1))


if __name__ == "__main__":
    main()
