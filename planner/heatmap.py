"""The week as a heat map: at which hours of the week requests are lost (SVG).

One row per day, one cell per hour; a cell's colour says how many requests
arriving in that hour were not called back by their deadline, per four weeks
(the configured policy, averaged over the seeds); its tooltip says it in
words. Colours are SVG attributes, never CSS, so that the dashboard's
Content-Security-Policy (no inline style) shows it as it is.
"""
from __future__ import annotations

from html import escape

from dispatch.localtime import DAYS_FR

CELL_W, CELL_H, LEFT, TOP = 26, 22, 44, 20


def _colour(value: float, worst: float) -> str:
    """White for none, then from pale orange to deep red."""
    if value <= 0 or worst <= 0:
        return "#f4f4f4"
    share = min(value / worst, 1.0)
    red, green, blue = 255, int(230 - 200 * share), int(200 - 190 * share)
    return f"#{red:02x}{green:02x}{blue:02x}"


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def svg(lost: list[float], arrived: list[float]) -> str:
    """The heat map of `lost` (168 values, Monday 00h first), with `arrived` in tooltips."""
    worst = max(lost, default=0)
    width, height = LEFT + 24 * CELL_W + 4, TOP + 7 * CELL_H + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="11" '
           'aria-label="Demandes perdues par heure de la semaine">']
    for hour in range(0, 24, 3):
        out.append(f'<text x="{LEFT + hour * CELL_W + 2}" y="{TOP - 6}" fill="#555">{hour}h</text>')
    for day in range(7):
        y = TOP + day * CELL_H
        out.append(f'<text x="4" y="{y + 15}" fill="#333">{DAYS_FR[day]}</text>')
        for hour in range(24):
            i = day * 24 + hour
            words = (f"{DAYS_FR[day]} {hour}h-{hour + 1}h : {_number(lost[i])} demande(s) "
                     f"perdue(s) sur {_number(arrived[i])} reçue(s), par 4 semaines")
            out.append(f'<rect x="{LEFT + hour * CELL_W}" y="{y}" width="{CELL_W - 2}" '
                       f'height="{CELL_H - 2}" fill="{_colour(lost[i], worst)}">'
                       f'<title>{escape(words)}</title></rect>')
    legend = (f"Couleur : demandes non rappelées avant l'échéance, par heure d'arrivée "
              f"(la plus foncée : {_number(worst)} par 4 semaines)")
    out.append(f'<text x="4" y="{TOP + 7 * CELL_H + 18}" fill="#333">{escape(legend)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def worst_hours(lost: list[float], count: int = 3) -> list[str]:
    """The hours of the week that lose the most, as "sam. 20h-21h (1,3)"."""
    ranked = sorted(range(168), key=lambda i: -lost[i])
    return [f"{DAYS_FR[i // 24]} {i % 24}h-{i % 24 + 1}h ({_number(lost[i])})"
            for i in ranked[:count] if lost[i] > 0]
