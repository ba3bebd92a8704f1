"""What `rappel simulate` answers: the JSON object of the spec, and the same
read by a coordinator (a French table, or an HTML page with the heat map).

`plan(setup, seeds)` runs everything and returns the JSON object:
{"per_day", "days", "seeds", "assumptions", "policies": {name: {"by_deadline",
"within_24h", "crisis_first_human_min": {"mean", "low", "high"}, "runs"}},
"windows": [{"window", "gain", ...}], plus "coaches", "heat" (arrived and lost
by hour of the week, per four weeks), "worst_hours", "seconds"}.
"""
from __future__ import annotations

import time
from html import escape
from typing import Any

from planner import heatmap
from planner.study import (
    CHECK_SEEDS,
    CHECKED,
    POLICIES,
    TARGET,
    Progress,
    Setup,
    keeps,
    months,
    quiet,
    summary,
    window_gains,
)

HEADS = {"configured": "configurée", "round_robin": "tour de rôle", "bound": "borne (oracle)"}
ROWS = (("by_deadline", "rappelées avant l'échéance", "%"),
        ("within_24h", "rappelées en 24 h", "%"),
        ("crisis_first_human_min", "crise : premier humain (min)", "min"))
ASSUMED = {"profile": "arrivées par heure de la semaine", "crisis_share": "part des crises",
           "habits": "délais de réponse et acceptation des coachs",
           "call_sample": "durée des appels", "unreachable_share": "personnes injoignables",
           "pickup": "décroché à chaque essai"}


def steps(seeds: list[int], windows: bool = True) -> int:
    """How many times `plan` calls its progress: each month, then each month
    a checked window is run again."""
    return len(seeds) + (CHECKED * min(CHECK_SEEDS, len(seeds)) if windows else 0)


def plan(setup: Setup, seeds: list[int], jobs: int | None = None,
         windows: bool = True, progress: Progress = quiet) -> dict[str, Any]:
    began = time.perf_counter()
    found = months(setup, seeds, POLICIES, jobs, progress)
    scale = 28 / setup.days / len(found)
    lost = [round(sum(m.lost_by_hour[h] for m in found) * scale, 3) for h in range(168)]
    arrived = [round(sum(m.arrived_by_hour[h] for m in found) * scale, 3) for h in range(168)]
    result: dict[str, Any] = {
        "per_day": setup.per_day, "days": setup.days, "seeds": len(seeds),
        "assumptions": setup.assumed.to_json(),
        "policies": summary(setup, found, POLICIES),
        "windows": window_gains(setup, seeds, found, jobs, progress=progress) if windows else [],
        "coaches": [c.id for c in setup.roster.coaches],
        "requests_per_month": round(sum(m.requests for m in found) * scale, 1),
        "heat": {"arrived": arrived, "lost": lost},
        "worst_hours": heatmap.worst_hours(lost),
    }
    result["seconds"] = round(time.perf_counter() - began, 1)
    return result


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f} %"


def _cell(figure: dict[str, float | None], unit: str) -> str:
    if figure["mean"] is None:
        return "-"
    if unit == "min":
        return f"{figure['mean']:.0f} [{max(0.0, figure['low'] or 0):.0f}-{figure['high']:.0f}]"
    low, high = max(0.0, figure["low"] or 0), min(1.0, figure["high"] or 0)
    return f"{100 * figure['mean']:.0f} % [{100 * low:.0f}-{100 * high:.0f}]"


def _duration(seconds: float) -> str:
    """ "6,2 s", "3 min 14 s" """
    if seconds < 60:
        return f"{_fr(format(seconds, 'g'))} s"
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


def _fr(number: str) -> str:
    """A decimal comma, as French readers write it."""
    return number.replace(".", ",")


def requests_a_day(per_day: float) -> str:
    """"1 demande", "1,5 demande", "3 demandes": French keeps the singular below two."""
    return _fr(f"{per_day:g}") + (" demande" if per_day < 2 else " demandes")


def verdict(result: dict[str, Any]) -> list[str]:
    """The coordinator's question answered in their words."""
    mine = result["policies"]["configured"]
    per_day = requests_a_day(result["per_day"])
    target = f"{100 * TARGET:.0f} %"
    if result["seeds"] < 2:
        return ["Un seul tirage : pas d'intervalle, donc pas de verdict (--seeds 2 ou plus)."]
    if keeps(mine):
        return [f"La promesse est tenue à {per_day} par jour : avec "
                f"{len(result['coaches'])} coachs, au moins {_share(mine['by_deadline']['low'])} "
                f"des demandes sont rappelées avant l'échéance (objectif {target})."]
    lines = [f"La promesse n'est pas assurée à {per_day} par jour : "
             f"{_cell(mine['by_deadline'], '%')} des demandes rappelées avant l'échéance, "
             f"pour un objectif de {target} (l'intervalle doit être au-dessus)."]
    best = result["policies"]["bound"]["by_deadline"]
    if best["high"] is not None and best["high"] < TARGET:
        lines.append("Même la borne (un répartiteur parfait) ne l'atteint pas : ce sont des "
                     "heures de bénévoles qui manquent, pas une meilleure répartition.")
    helpful = [w for w in result["windows"] if w["gain"] > 0][:3]
    if helpful:
        lines.append("Ajouter d'abord : " + " ; puis ".join(
            f"{w['window']} (+{100 * w['gain']:.0f} points)" for w in helpful) + ".")
    return lines


def text(result: dict[str, Any], roster_name: str = "") -> str:
    """The table `rappel simulate` prints (French, for coordinators)."""
    per_day = requests_a_day(result["per_day"])
    out = [f"Planification {roster_name} : {per_day} par jour en moyenne "
           f"({_fr(format(result['requests_per_month'], 'g'))} par 4 semaines), {result['days']} jours, "
           f"{result['seeds']} tirages, {len(result['coaches'])} coachs. "
           "Moyenne [intervalle à 95 %].", ""]
    names = list(result["policies"])
    line = lambda label, cells: f"{label:<32}" + "".join(f"{c:>22}" for c in cells)  # noqa: E731
    out.append(line("", [HEADS.get(n, n) for n in names]))
    for key, label, unit in ROWS:
        out.append(line(label, [_cell(result["policies"][n][key], unit) for n in names]))
    out.append(line("mois le moins bon (échéance)",
                    [_share(min(result["policies"][n]["runs"], default=None)) for n in names]))
    out += ["", *verdict(result), ""]
    if result["worst_hours"]:
        out.append("Heures d'arrivée qui perdent le plus de demandes (par 4 semaines) : "
                   + ", ".join(result["worst_hours"]) + ".")
    if result["windows"]:
        out.append("Ce que rapporterait un créneau de plus (points de demandes rappelées "
                   "avant l'échéance) :")
        for w in result["windows"][:6]:
            how = "vérifié avec la politique configurée" if w.get("checked") else "selon la borne"
            out.append(f"  {w['window']:<58} {_fr(format(100 * w['gain'], '+5.1f'))}  ({how})")
    out += ["", _assumptions(result["assumptions"]),
            f"Calculé en {_duration(result['seconds'])}."]
    return "\n".join(out)


def _assumptions(assumed: dict[str, Any]) -> str:
    learned = [ASSUMED.get(n, n) for n in assumed["from_history"]]
    supposed = [words for name, words in ASSUMED.items() if name not in assumed["from_history"]]
    parts = []
    if learned:
        parts.append("appris de l'historique : " + ", ".join(learned))
    parts.append("supposé : " + ", ".join(supposed))
    return "Hypothèses — " + " ; ".join(parts) + "."


def html(result: dict[str, Any], roster_name: str = "", standalone: bool = True) -> str:
    """The table, the verdict and the heat map as HTML (a fragment, or a page)."""
    names = list(result["policies"])
    head = "".join(f"<th>{escape(HEADS.get(n, n))}</th>" for n in names)
    rows = "".join(
        f"<tr><th>{escape(label)}</th>"
        + "".join(f"<td>{escape(_cell(result['policies'][n][key], unit))}</td>" for n in names)
        + "</tr>" for key, label, unit in ROWS)
    windows = "".join(f"<li>{escape(w['window'])} : {_fr(format(100 * w['gain'], '+.1f'))} points"
                      f"{'' if w.get('checked') else ' (selon la borne)'}</li>"
                      for w in result["windows"][:6])
    body = (f"<section class=\"planner\"><h2>Planification des bénévoles</h2>"
            f"<p>{escape(text(result, roster_name).splitlines()[0])}</p>"
            f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"
            + "".join(f"<p>{escape(v)}</p>" for v in verdict(result))
            + "<h3>Heures de la semaine où des demandes sont perdues</h3>"
            + heatmap.svg(result["heat"]["lost"], result["heat"]["arrived"])
            + (f"<h3>Créneaux qui aideraient le plus</h3><ol>{windows}</ol>" if windows else "")
            + f"<p>{escape(_assumptions(result['assumptions']))}</p></section>")
    if not standalone:
        return body
    return ("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            "<title>Rappel · planification</title></head><body>" + body + "</body></html>")
