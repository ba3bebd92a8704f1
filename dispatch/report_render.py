"""The monthly review as JSON, CSV (long format, with a French label) and HTML.

The HTML is the document of the monthly call with the partners: every label
in French, numbers the French way ("1,38"), suppressed cells shown as
masked, partial weeks marked, and a print stylesheet that makes a clean A4
document. Its charts are plain inline SVG (dispatch.report_charts): the page
runs no script and loads nothing from outside.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

from dispatch.report import MASKED, SMALL
from dispatch.report_charts import bars, columns, number
from dispatch.report_outcomes import ORIENTATIONS
from dispatch.report_words import (
    CHANNELS,
    CSS,
    DAYS,
    ESCALATIONS,
    FOLLOW_UP_BY,
    LANGUAGES,
    MONTHS,
    ORIENTATION_WORDS,
    OUTCOMES,
    PAGE_CSS,
    TOPICS,
    label,
)


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def rows(report: dict[str, Any] | list[Any], section: str = "") -> list[tuple[str, str, Any]]:
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
    """section, key, value (for machines) and libellé (the same in French, for people)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "key", "value", "libellé"))
    writer.writerows((section, key, value, label(section, key))
                     for section, key, value in rows(report))
    return buffer.getvalue()


def _show(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if value in (SMALL, MASKED):
        return f'<span class="masked" title="secret statistique">{escape(str(value))}</span>'
    return escape(number(value))


def _percent(part: dict[str, Any]) -> str:
    percent = part["percent"]
    shown = f"{number(percent)}\u00a0%" if isinstance(percent, (int, float)) else _show(percent)
    return f"{shown} <small>({_show(part['count'])} sur {_show(part['of'])})</small>"


def _duration(minutes: Any) -> str:
    if not isinstance(minutes, (int, float)):
        return _show(minutes)
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


def _table(cells: dict[str, Any], head: tuple[str, str], words: dict[str, str]) -> str:
    body = "".join(f"<tr><td>{escape(words.get(k, k))}</td><td class=n>{_show(v)}</td></tr>"
                   for k, v in cells.items())
    return f"<table><tr><th>{head[0]}</th><th>{head[1]}</th></tr>{body}</table>"


def _named(cells: dict[str, Any], words: dict[str, str]) -> dict[str, Any]:
    return {words.get(key, key): value for key, value in cells.items()}


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]}"


def _week_words(key: str, week: dict[str, Any]) -> str:
    """ "S45 (2-8 nov.)", "S44 (1er nov., partielle : 1 jour)"."""
    span = _day(week["from"]) if week["from"] == week["to"] else \
        f"{_day(week['from'])} – {_day(week['to'])}"
    partial = f", partielle : {week['days']} jour{'s' if week['days'] > 1 else ''}" \
        if week.get("partial") else ""
    return f"S{key.split('-W')[1]} ({span}{partial})"


def _cards(report: dict[str, Any]) -> str:
    response, outcomes = report["response"], report["outcomes"]
    cards = [("Demandes reçues", _show(report["received"]["total"])),
             ("Rappelées dans le délai", _percent(response["contacted_within_deadline"])),
             ("Rappelées sous 24 h", _percent(response["contacted_within_24h"])),
             ("Premier appel, délai médian", _duration(report["minutes_to_first_call"]["median"])),
             ("Crises", _show(report["crises"]["count"])),
             ("Encore ouvertes", _show(outcomes["still_open"]))]
    return "<div class=cards>" + "".join(
        f"<div class=card>{words}<b>{value}</b></div>" for words, value in cards) + "</div>"


def _delays(report: dict[str, Any]) -> str:
    lines = [("Premier appel à la personne (réussi ou non)", report["minutes_to_first_call"]),
             ("Acceptation par un coach", report["response"]["minutes_to_acceptance"]),
             ("Rappel effectif", report["response"]["minutes_to_contact"])]
    body = "".join(f"<tr><td>{words}</td><td class=n>{_show(part['count'])}</td>"
                   f"<td class=n>{_duration(part['median'])}</td>"
                   f"<td class=n>{_duration(part['p90'])}</td></tr>" for words, part in lines)
    offers = report["offers_per_request"]
    return ("<table><tr><th>depuis la réception</th><th>demandes</th><th>médiane</th>"
            "<th>90e centile</th></tr>" + body + "</table>"
            f"<p>Propositions par demande : moyenne {_show(offers['mean'])}, médiane "
            f"{_show(offers['median'])} ({_show(offers['total'])} propositions).</p>")


def _crises(report: dict[str, Any]) -> str:
    c = report["crises"]
    lines = [("Première alerte (SMS et appel) à la coordination", c["minutes_to_first_page"]),
             ("Prise en main par la coordination", c["minutes_to_acknowledgement"]),
             ("Appel d'un coach", c["minutes_to_coach_call"])]
    body = "".join(f"<tr><td>{words}</td><td class=n>{_show(part['count'])}</td>"
                   f"<td class=n>{_duration(part['median'])}</td>"
                   f"<td class=n>{_duration(part['p90'])}</td></tr>" for words, part in lines)
    return (f"<p>Demandes traitées comme crises : <b>{_show(c['count'])}</b> ; marquées crise par "
            f"la coordination : {_show(c['marked_by_coordinator'])} ; signalées par erreur et "
            f"démarquées : {_show(c['unmarked_by_coordinator'])}. Le 3114 est donné à chaque "
            "crise dès le premier SMS.</p>"
            "<table><tr><th>depuis le début de la crise</th><th>crises</th><th>médiane</th>"
            "<th>90e centile</th></tr>" + body + "</table>")


def _answers(report: dict[str, Any]) -> str:
    a = report["answers"]
    body = "".join(f"<tr><td>{ORIENTATION_WORDS[key]}</td><td>{FOLLOW_UP_BY[who]}</td>"
                   f"<td class=n>{_show(a['orientations'][key])}</td></tr>"
                   for key, _, who in ORIENTATIONS)
    return (f"<p>Demandes rappelées : {_show(a['called_back'])}, dont {_show(a['with_note'])} "
            "avec une note du coach après l'appel (FAIT n …).</p>"
            "<table><tr><th>orientation notée</th><th>suivi par</th><th>demandes</th></tr>"
            + body + "</table><p class=note>Comptées d'après des mots-clés des notes "
            "(« orienté CCI », « avocat », « URSSAF »…) ; une note peut en citer plusieurs. "
            "Aucun mot des notes ne figure dans ce rapport.</p>")


def _follow_up(report: dict[str, Any]) -> str:
    f, by = report["follow_up"], report["answers"]["follow_up_by"]
    lines = [("Demandes encore ouvertes : vérifier qu'un rappel est prévu", "coordination",
              f["still_open"]),
             ("Personnes injoignables : proposer un nouveau contact", "coordination",
              f["unreachable"]),
             ("Rappels hors délai : comprendre pourquoi (disponibilités, sujets)",
              "coordination et association des coachs", f["contacted_late"]),
             ("Orientations à suivre par la CCI", "CCI", by["cci"]),
             ("Orientations vers un partenaire extérieur", "association des coachs",
              by["association"]),
             ("Crises : vérifier le suivi de chaque personne", "coordination",
              report["crises"]["count"])]
    body = "".join(f"<tr><td>{what}</td><td>{who}</td><td class=n>{_show(n)}</td></tr>"
                   for what, who, n in lines)
    return "<table><tr><th>à prévoir</th><th>par</th><th>demandes</th></tr>" + body + "</table>"


def _workload(report: dict[str, Any]) -> str:
    load = report["workload"]
    per = load["accepted_per_coach"]
    if isinstance(per, dict):
        table = _table(per, ("coach", "demandes acceptées"), {})
    else:
        table = _table({f"coach {i}": v for i, v in enumerate(per, 1)},
                       ("coach (anonyme, du plus au moins chargé)", "demandes acceptées"), {})
    return (f"<p>Coachs ayant accepté au moins une demande : "
            f"{_show(load['coaches_with_requests'])}.</p>{table}")


def _last_day(end: str) -> str:
    return (date.fromisoformat(end[:10]) - timedelta(days=1)).isoformat()


def _generated(moment: str) -> str:
    at = datetime.fromisoformat(moment)
    return f"{_day(at.date().isoformat())} {at.year} à {at.hour}h{at.minute:02d}"


def _month_words(month: str) -> str:
    year, number_ = month.split("-")
    return f"{MONTHS[int(number_) - 1]} {year}"


def body(report: dict[str, Any]) -> str:
    """The review as an HTML fragment (no <html>, no style): for the dashboard."""
    received = report["received"]
    weeks = {_week_words(k, received["weeks"][k]): v for k, v in received["by_week"].items()}
    status = "" if report["complete"] else \
        (" (mois à venir)" if datetime.fromisoformat(report["generated_at"])
         < datetime.fromisoformat(report["period"]["start"])
         else " (mois en cours)")
    period = report["period"]
    sections = [
        ("En bref", _cards(report)),
        ("Ce que sont devenues les demandes",
         bars("Demandes selon leur issue", _named(report["outcomes"], OUTCOMES))
         + "<p class=note>Le délai est de 24 h, ou la fin du premier créneau choisi quand la "
           "personne demande à être appelée plus tard. Les demandes annulées ne comptent pas "
           "comme des rappels manqués.</p>"),
        ("Délais", _delays(report)),
        ("Crises", _crises(report)),
        ("Besoins exprimés",
         bars("Demandes par sujet", _named(report["by_topic"], TOPICS))
         + _table(report["by_language"], ("langue", "demandes"), LANGUAGES)),
        ("Réponses apportées", _answers(report)),
        ("Qui a rappelé",
         _table(report["by_partner"], ("partenaire du coach", "demandes rappelées"),
                {"none": "sans partenaire indiqué"})),
        ("Suites à donner", _follow_up(report)),
        ("Arrivées", _table(report["by_channel"], ("arrivées par", "demandes"), CHANNELS)
         + bars("Demandes par semaine ISO", weeks)
         + bars("Demandes par jour de la semaine", _named(received["by_weekday"], DAYS))
         + columns("Demandes par heure d'arrivée (heure locale)",
                   {f"{int(h)}h": v for h, v in received["by_hour"].items()})),
        ("Alertes à la coordination",
         _table(report["escalations"], ("étape", "demandes"), ESCALATIONS)),
        ("Charge des coachs", _workload(report)),
    ]
    parts = [
        f"<div class=rappel-report><h1>Revue mensuelle — {_month_words(report['month'])}"
        f"{status}</h1>",
        f"<p class=meta>Demandes reçues du {_day(period['start'][:10])} au "
        f"{_day(_last_day(period['end']))} {report['month'][:4]}, heure locale "
        f"({escape(report['timezone'])}) ; produit le {_generated(report['generated_at'])}. "
        f"Messages incompris, non comptés comme demandes : {_show(report['unclear_messages'])}.</p>",
        "<p class=note>Confidentiel : aucun nom, numéro, e-mail ni message n'y figure. Les "
        "groupes de 1 ou 2 demandes sont notés « &lt; 3 » (hachurés dans les graphiques) ; "
        "quand un total trahirait un tel groupe, une autre case est masquée en « ≥ 3 ».</p>",
    ]
    parts += [f"<section><h2>{title}</h2>{content}</section>" for title, content in sections]
    return "\n".join(parts) + "</div>"


def to_html(report: dict[str, Any], standalone: bool = True) -> str:
    """A self-contained page (standalone), or the fragment to embed in the dashboard:
    a <div class=rappel-report> with its own scoped <style>, no script."""
    fragment = body(report)
    if not standalone:
        return f"<style>{CSS}</style>\n{fragment}"
    return ("<!doctype html><html lang=fr><head><meta charset=utf-8>"
            f"<title>Revue mensuelle {escape(report['month'])}</title>"
            "<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<style>{PAGE_CSS}{CSS}</style></head><body>{fragment}</body></html>\n")
