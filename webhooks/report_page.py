"""The monthly confidential report in the dashboard, and its CSV and JSON downloads.

Thin: the figures come from dispatch.report, the HTML (with its inline SVG
charts) from dispatch.report_render, embedded in the dashboard's layout.

The dashboard's Content-Security-Policy allows no inline style. The report's
fragment carries its own <style>: this page alone allows exactly the style
elements it holds, by their SHA-256 hashes, never 'unsafe-inline';
script-src stays 'self'. Style attributes, should a chart ever write one,
are dropped (they would need 'unsafe-hashes').
"""
from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    make_response,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from dispatch.report import monthly_report
from dispatch.report_render import to_csv, to_html, to_json
from webhooks import auth
from webhooks.dashboard import ctx, now
from webhooks.db import session
from webhooks.templating import content_security_policy

bp = Blueprint("report", __name__)

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
STYLE_ELEMENT_RE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
STYLE_ATTRIBUTE_RE = re.compile(r"""\sstyle=(?:"[^"]*"|'[^']*')""", re.I)
MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre")
YES = {"1", "on", "true", "oui", "yes"}


class BadMonth(ValueError):
    """The month asked for is not a month Rappel can report on."""


def _month() -> str:
    """`?month=YYYY-MM`, by default the current month in the hotline's time zone."""
    given = (request.args.get("month") or "").strip()
    if not given:
        return now().astimezone(ctx().tz).strftime("%Y-%m")
    found = MONTH_RE.match(given)
    if not found or not 2000 <= int(found[1]) <= 2999 or not 1 <= int(found[2]) <= 12:
        raise BadMonth(given)
    return given


def _with_coach_ids() -> bool:
    return (request.args.get("coaches") or "").strip().lower() in YES


def _report(month: str, with_coach_ids: bool) -> dict[str, Any]:
    return monthly_report(session(), month, ctx().tz, now(), with_coach_ids=with_coach_ids)


def month_words(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def style_hashes(html: str) -> list[str]:
    """CSP sources allowing exactly the <style> elements of `html`.

    A browser hashes a style element's text: raw in HTML, but with character
    references decoded inside inline SVG; both are allowed when they differ."""
    sources: list[str] = []
    for text in STYLE_ELEMENT_RE.findall(html):
        for variant in dict.fromkeys((text, unescape(text))):
            digest = base64.b64encode(hashlib.sha256(variant.encode("utf-8")).digest()).decode()
            source = f"'sha256-{digest}'"
            if source not in sources:
                sources.append(source)
    return sources


def embeddable(report: dict[str, Any]) -> str:
    """The report's HTML fragment, with no style attribute left (they would need
    'unsafe-inline' or 'unsafe-hashes')."""
    return STYLE_ATTRIBUTE_RE.sub("", to_html(report, standalone=False))


@bp.get("/report")
@auth.login_required
def page() -> Response:
    with_ids = _with_coach_ids()
    try:
        month = _month()
    except BadMonth:
        flash("Mois invalide : choisissez un mois (AAAA-MM).", "error")
        fallback = now().astimezone(ctx().tz).strftime("%Y-%m")
        return make_response(render_template("report.html", month=fallback, with_ids=with_ids,
                                             fragment=None, title=None, downloads=None), 400)
    fragment = embeddable(_report(month, with_ids))
    response = make_response(render_template(
        "report.html", month=month, with_ids=with_ids, title=month_words(month),
        fragment=Markup(fragment),  # built by report_render, which escapes what it shows
        downloads={kind: url_for(f"report.{kind}", month=month, coaches="1" if with_ids else None)
                   for kind in ("csv", "json")}))
    response.headers["Content-Security-Policy"] = content_security_policy(
        " ".join(["'self'", *style_hashes(fragment)]))
    return response


def _download(kind: str) -> Response:
    try:
        month = _month()
    except BadMonth:
        return Response("month must be YYYY-MM\n", status=400, mimetype="text/plain")
    report = _report(month, _with_coach_ids())
    body, mimetype = (to_csv(report), "text/csv") if kind == "csv" else \
        (to_json(report) + "\n", "application/json")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="rappel-rapport-{month}.{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/report.csv", endpoint="csv")
@auth.login_required
def download_csv() -> Response:
    return _download("csv")


@bp.get("/report.json", endpoint="json")
@auth.login_required
def download_json() -> Response:
    return _download("json")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

