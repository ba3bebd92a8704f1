"""The capacity planner's page for coordinators: which hours of the week lose
requests, and which windows would help most (planner.report).

A planning takes a minute or more, too long for a web request: the page shows
the last one published by `rappel simulate --publish` (a JSON file in the
instance folder), with when it was computed and on which assumptions. The
heat map is SVG drawn with attributes only, so the dashboard's
Content-Security-Policy (no inline style) holds. Registered by the lead next
to the report (`init_app`), linked from the report page.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, render_template
from markupsafe import Markup

from planner.report import html, requests_a_day
from webhooks import auth

bp = Blueprint("planner", __name__)
LATEST = "planner.json"


def latest_path(instance: str | Path) -> Path:
    """Where `rappel simulate --publish` writes, and this page reads."""
    return Path(instance) / LATEST


def publish(instance: str | Path, result: dict[str, Any]) -> Path:
    path = latest_path(instance)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return path


def _latest() -> tuple[dict[str, Any], datetime] | None:
    path = latest_path(current_app.config["INSTANCE_PATH"])
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return result, datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


@bp.get("/report/planner")
@auth.login_required
def page() -> str:
    found = _latest()
    if found is None:
        return render_template("planner.html", fragment=None, computed=None, result=None)
    result, computed = found
    # Built by planner.report, which escapes every text it shows.
    fragment = Markup(html(result, standalone=False))
    return render_template("planner.html", fragment=fragment, result=result,
                           per_day=requests_a_day(result["per_day"]),
                           computed=_local(computed))


def _local(computed: datetime) -> str:
    """"24/11/2026 à 10h15", in the hotline's time as every page says it."""
    from dispatch.localtime import hour_words
    from webhooks.dashboard import ctx
    local = computed.astimezone(ctx().tz)
    return f"{local:%d/%m/%Y} à {hour_words(local)}"


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
