"""Bar charts of the monthly review as plain inline SVG: no script, no style
element, nothing loaded, printable as drawn.

Suppressed cells are drawn as what they are: a hatched bar marked "< 3" or
"≥ 3 masqué", never as a zero. Numbers are written the French way.
"""
from __future__ import annotations

import re
from html import escape
from typing import Any

from dispatch.report import MASKED, SMALL

INK, BAR, MUTED, LINE = "#1d2428", "#2f6f8f", "#8a959c", "#d5dade"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
# Where a masked cell's bar stops: "< 3" is one or two, "≥ 3" at least three.
SHOWN_AS = {SMALL: 1.5, MASKED: 3.0}


def number(value: Any) -> str:
    """ "1 234", "1,38", "57,1": numbers as French readers write them."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def _cell(value: Any) -> tuple[float, str, bool]:
    """(bar length, text, masked) of one cell."""
    if value in SHOWN_AS:
        return SHOWN_AS[value], ("< 3" if value == SMALL else "≥ 3") + " (masqué)", True
    amount = float(value or 0)
    return amount, number(value or 0), False


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "chart"


def bars(title: str, cells: dict[str, Any], width: int = 640) -> str:
    """A horizontal bar chart: one row per cell, its label, its bar, its value."""
    rows = [(label, *_cell(value)) for label, value in cells.items()]
    top = max([length for _, length, _, _ in rows] + [1.0])
    # The label column as wide as the longest label (about 7 px a character at 12 px).
    label_w = int(min(width * 0.55, 18 + 7.2 * max([len(label) for label in cells] + [4])))
    value_w, row_h = 110, 20
    plot = width - label_w - value_w
    height = 28 + row_h * len(rows)
    pattern = f"hatch-{_slug(title)}"
    out = [f'<svg class="chart-svg" role="img" aria-label="{escape(title)}" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT}>',
           f'<title>{escape(title)}</title>', _hatch(pattern),
           f'<text x="0" y="16" font-size="13" font-weight="600" fill="{INK}">'
           f'{escape(title)}</text>']
    for i, (label, length, text, masked) in enumerate(rows):
        y = 28 + i * row_h
        size = plot * length / top
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" font-size="12" text-anchor="end" '
                   f'fill="{INK}">{escape(label)}</text>')
        if size > 0:
            fill = f'url(#{pattern})' if masked else BAR
            out.append(f'<rect x="{label_w}" y="{y + 3}" width="{size:.1f}" height="{row_h - 6}" '
                       f'fill="{fill}" stroke="{MUTED if masked else BAR}"/>')
        out.append(f'<text x="{label_w + size + 6:.1f}" y="{y + 14}" font-size="12" '
                   f'fill="{MUTED if masked else INK}">{escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def columns(title: str, cells: dict[str, Any], width: int = 640) -> str:
    """A column chart (the 24 hours of the day): masked columns hatched and marked."""
    items = [(label, *_cell(value)) for label, value in cells.items()]
    top = max([length for _, length, _, _ in items] + [1.0])
    plot_h, step = 120, (width - 30) / max(1, len(items))
    height = 28 + plot_h + 34
    pattern = f"hatch-{_slug(title)}"
    out = [f'<svg class="chart-svg" role="img" aria-label="{escape(title)}" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT}>',
           f'<title>{escape(title)}</title>', _hatch(pattern),
           f'<text x="0" y="16" font-size="13" font-weight="600" fill="{INK}">'
           f'{escape(title)}</text>',
           f'<line x1="24" y1="{28 + plot_h}" x2="{width}" y2="{28 + plot_h}" stroke="{LINE}"/>']
    for i, (label, length, text, masked) in enumerate(items):
        x = 26 + i * step
        size = plot_h * length / top
        if size > 0:
            fill = f'url(#{pattern})' if masked else BAR
            out.append(f'<rect x="{x + 2:.1f}" y="{28 + plot_h - size:.1f}" width="{step - 4:.1f}" '
                       f'height="{size:.1f}" fill="{fill}" stroke="{MUTED if masked else BAR}">'
                       f'<title>{escape(label)} : {escape(text)}</title></rect>')
        shown = ("<3" if text.startswith("<") else "≥3") if masked else text
        out.append(f'<text x="{x + step / 2:.1f}" y="{26 + plot_h - size:.1f}" font-size="9" '
                   f'text-anchor="middle" fill="{MUTED if masked else INK}">'
                   f'{escape(shown) if length else ""}</text>')
        out.append(f'<text x="{x + step / 2:.1f}" y="{44 + plot_h}" font-size="10" '
                   f'text-anchor="middle" fill="{INK}">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _hatch(pattern: str) -> str:
    return (f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef1f3"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MUTED}" stroke-width="2"/></pattern>'
            f'</defs>')
