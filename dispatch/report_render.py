"""The monthly report as JSON, CSV (long format) and HTML with SVG charts.

The charts are drawn by pygal on the server and inlined as SVG. pygal's
JavaScript is switched off (`js=[]`) and the small inline config script it
still writes is removed, so the page runs no script at all and loads nothing
from outside; it prints to PDF from a browser as it shows (print CSS below).
Suppressed cells ("< 3", "≥ 3") are drawn as gaps, never as numbers.
"""
from __future__ import annotations

import csv
import io
import json
import re
from html import escape
from typing import Any

from dispatch.report import MASKED, SMALL

SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.S)
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)

STATUS_WORDS = {
    "contacted_within_24h": "Rappelées sous 24 h",
    "contacted_within_deadline": "Rappelées dans le délai",
    "minutes_to_acceptance": "Délai d'acceptation",
    "minutes_to_contact": "Délai de rappel",
}

DAY_WORDS = {"mon": "lun.", "tue": "mar.", "wed": "mer.", "thu": "jeu.", "fri": "ven.",
             "sat": "sam.", "sun": "dim."}
ESCALATION_WORDS = {"no_coach": "plus aucun coach", "unaccepted": "non acceptée après 6 h",
                    "due_soon": "non rappelée 4 h avant l'échéance",
                    "overdue": "échéance dépassée"}


def _words(cells: dict[str, Any], words: dict[str, str]) -> dict[str, Any]:
    return {words.get(key, key): value for key, value in cells.items()}


# Scoped to .rappel-report so the fragment can sit inside the dashboard's page.
CSS = """
.rappel-report{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 color:#1d2428;max-width:60rem}
.rappel-report h1{font-size:1.5rem;margin:0 0 .2rem}
.rappel-report h2{font-size:1.1rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #d5dade;
 padding-bottom:.2rem}
.rappel-report .meta,.rappel-report .note{color:#55616a;font-size:.9rem}
.rappel-report table{border-collapse:collapse;margin:.3rem 0 .8rem}
.rappel-report th,.rappel-report td{border:1px solid #d5dade;padding:.25rem .6rem;
 text-align:left}
.rappel-report td.n{text-align:right;font-variant-numeric:tabular-nums}
.rappel-report .cards{display:flex;flex-wrap:wrap;gap:.8rem}
.rappel-report .card{border:1px solid #d5dade;border-radius:6px;padding:.5rem .8rem;
 min-width:11rem}
.rappel-report .card b{display:block;font-size:1.4rem}
.rappel-report .chart svg{width:100%;height:auto;max-height:320px}
.rappel-report section{break-inside:avoid;page-break-inside:avoid}
@media print{
 .rappel-report{max-width:none;font-size:11pt}
 .rappel-report h2{break-after:avoid;page-break-after:avoid}
 .rappel-report .chart svg{max-height:240px}
}
"""
PAGE_CSS = "body{margin:1.5rem auto;max-width:60rem;padding:0 1rem}" \
    "@media print{@page{size:A4;margin:14mm}body{margin:0;max-width:none;padding:0}}"


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def rows(report: dict[str, Any], section: str = "") -> list[tuple[str, str, Any]]:
    """Flatten the report: (section path, key, value); lists are indexed from 1."""
    out: list[tuple[str, str, Any]] = []
    items = report.items() if isinstance(report, dict) else \
        ((str(i), v) for i, v in enumerate(report, 1))
    for key, value in items:
        if isinstance(value, (dict, list)):
            path = f"{section}.{key}" if section else key
            out.extend(rows(value, path))
        else:
            out.append((section or "report", str(key), "" if value is None else value))
    return out


def to_csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "key", "value"))
    writer.writerows(rows(report))
    return buffer.getvalue()


def _number(value: Any) -> float | None:
    return None if value in (SMALL, MASKED) or value is None else float(value)


def _svg(chart: Any) -> str:
    svg = chart.render(is_unicode=True)
    return COMMENT_RE.sub("", SCRIPT_RE.sub("", svg))


def bar_chart(title: str, cells: dict[str, Any], horizontal: bool = False) -> str:
    """An inline SVG bar chart of a breakdown; suppressed cells are left empty."""
    import pygal
    from pygal.style import Style
    style = Style(background="white", plot_background="white", colors=("#2f6f8f",),
                  font_family="system-ui, sans-serif")
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(js=[], disable_xml_declaration=True, width=720, height=300,
                 show_legend=False, title=title, style=style, print_values=False)
    chart.x_labels = list(cells)
    chart.add(title, [_number(v) for v in cells.values()])
    return _svg(chart)


def _show(value: Any) -> str:
    return "–" if value is None or value == "" else escape(str(value))


def _table(cells: dict[str, Any], head: tuple[str, str]) -> str:
    body = "".join(f"<tr><td>{escape(str(k))}</td><td class=n>{_show(v)}</td></tr>"
                   for k, v in cells.items())
    return f"<table><tr><th>{head[0]}</th><th>{head[1]}</th></tr>{body}</table>"


def _hours(minutes: Any) -> str:
    if not isinstance(minutes, (int, float)):
        return _show(minutes)
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


def _cards(report: dict[str, Any]) -> str:
    response = report["response"]
    cards = [("Demandes reçues", _show(report["received"]["total"])),
             ("Messages de crise", _show(report["crisis"]))]
    for key in ("contacted_within_24h", "contacted_within_deadline"):
        part = response[key]
        percent = part["percent"]
        shown = f"{percent} %" if isinstance(percent, (int, float)) else _show(percent)
        cards.append((STATUS_WORDS[key], f"{shown} <small>({_show(part['count'])} sur "
                                         f"{_show(part['of'])})</small>"))
    return "<div class=cards>" + "".join(
        f"<div class=card>{label}<b>{value}</b></div>" for label, value in cards) + "</div>"


def _durations(report: dict[str, Any]) -> str:
    lines = []
    for key in ("minutes_to_acceptance", "minutes_to_contact"):
        part = report["response"][key]
        lines.append(f"<tr><td>{STATUS_WORDS[key]}</td><td class=n>{_show(part['count'])}</td>"
                     f"<td class=n>{_hours(part['median'])}</td>"
                     f"<td class=n>{_hours(part['p90'])}</td></tr>")
    offers = report["offers_per_request"]
    return ("<table><tr><th></th><th>demandes</th><th>médiane</th><th>90e centile</th></tr>"
            + "".join(lines) + "</table>"
            + f"<p>Propositions par demande : moyenne {_show(offers['mean'])}, "
              f"médiane {_show(offers['median'])} ({_show(offers['total'])} propositions).</p>")


def _workload(report: dict[str, Any]) -> str:
    load = report["workload"]
    per = load["accepted_per_coach"]
    if isinstance(per, dict):
        table = _table(per, ("coach", "demandes acceptées"))
    else:
        table = _table({f"coach {i}": v for i, v in enumerate(per, 1)},
                       ("coach (anonyme, du plus au moins chargé)", "demandes acceptées"))
    return (f"<p>Coachs ayant accepté au moins une demande : "
            f"{_show(load['coaches_with_requests'])}.</p>{table}")


def body(report: dict[str, Any]) -> str:
    """The report as an HTML fragment (no <html>, no style): for the dashboard."""
    received = report["received"]
    status = "" if report["complete"] else " (mois en cours)"
    parts = [
        f"<div class=rappel-report><h1>Rapport mensuel {escape(report['month'])}{status}</h1>",
        f"<p class=meta>Demandes reçues du {escape(report['period']['start'][:10])} à "
        f"la fin du mois, heure locale ({escape(report['timezone'])}) ; produit le "
        f"{escape(report['generated_at'])}.</p>",
        "<p class=note>Confidentiel : aucun nom, numéro, e-mail ni message n'y figure. "
        "Les groupes de 1 ou 2 sont notés « &lt; 3 » ; quand un total trahirait un tel groupe, "
        "une autre case est masquée en « ≥ 3 ».</p>",
        f"<section>{_cards(report)}</section>",
        "<section><h2>Arrivées par semaine</h2><div class=chart>"
        f"{bar_chart('Demandes par semaine ISO', received['by_week'])}</div>"
        f"{_table(received['by_week'], ('semaine', 'demandes'))}</section>",
        "<section><h2>Arrivées par jour de la semaine</h2><div class=chart>"
        f"{bar_chart('Demandes par jour', _words(received['by_weekday'], DAY_WORDS))}</div></section>",
        "<section><h2>Arrivées par heure (heure locale)</h2><div class=chart>"
        f"{bar_chart('Demandes par heure d’arrivée', received['by_hour'])}</div></section>",
        "<section><h2>Besoins</h2><div class=chart>"
        f"{bar_chart('Demandes par sujet', report['by_topic'], horizontal=True)}</div>"
        f"{_table(report['by_topic'], ('sujet', 'demandes'))}"
        f"{_table(report['by_language'], ('langue', 'demandes'))}</section>",
        f"<section><h2>Délais de réponse</h2>{_durations(report)}</section>",
        "<section><h2>Escalades</h2>"
        f"{_table(_words(report['escalations'], ESCALATION_WORDS), ('type', 'demandes'))}</section>",
        f"<section><h2>Charge des coachs</h2>{_workload(report)}</section></div>",
    ]
    return "\n".join(parts)


def to_html(report: dict[str, Any], standalone: bool = True) -> str:
    """A self-contained page (standalone), or the fragment to embed in the dashboard:
    a <div class=rappel-report> with its own scoped <style>, no script."""
    fragment = body(report)
    if not standalone:
        return f"<style>{CSS}</style>\n{fragment}"
    return ("<!doctype html><html lang=fr><head><meta charset=utf-8>"
            f"<title>Rappel report {escape(report['month'])}</title>"
            "<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<style>{PAGE_CSS}{CSS}</style></head><body>{fragment}</body></html>\n")
