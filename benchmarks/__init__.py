"""Benchmarks: the clock (`tick.py`) and the inbound SMS webhook (`webhook.py`).

Run from the repository root with the project's virtualenv, e.g.

    .venv/bin/python -m benchmarks.tick --db both
    .venv/bin/python -m benchmarks.webhook --db both --duration 10
"""
