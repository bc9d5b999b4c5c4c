"""Template helpers: evidence highlighting (escaped), levels, dates, small SVG charts."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from markupsafe import Markup, escape

from trainer.models import CRITERIA
from trainer.services.dashboards import CRITERION_TITLES

LEVEL_CLASS = {0: "lv0", 1: "lv1", 2: "lv2", 3: "lv3", 4: "lv4"}


def highlight(text: str, spans: list[list[int]] | list[tuple[int, int]]) -> Markup:
    """Return `text` escaped, with the evidence spans wrapped in <mark>."""
    text = text or ""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(escape(text[at:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def level_class(value: float | None) -> str:
    """Return the CSS class for a (possibly fractional) level."""
    if value is None:
        return "lvnone"
    return LEVEL_CLASS[max(0, min(4, round(value)))]


def fmt_level(value: float | None) -> str:
    """Return a level for display: "3.2", or an en dash when there is none."""
    return "–" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value))


def fmt_when(value: datetime | None) -> str:
    """Return a date and time in UTC for display."""
    return "" if value is None else value.strftime("%d %b %Y %H:%M UTC")


def line_chart(
    series: list[tuple[str, dict[str, float | None]]], title: str, chart_id: str = "chart"
) -> Markup:
    """Return an accessible SVG line chart of levels 0-4 per criterion over the series."""
    width, height, pad = 640, 220, 36
    points = len(series)
    if not points:
        return Markup('<p class="muted">No finished attempts yet.</p>')
    step = (width - 2 * pad) / max(1, points - 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for level in range(5):
        y = height - pad - level * (height - 2 * pad) / 4
        parts.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{y:.0f}" y2="{y:.0f}" class="grid"/>'
        )
        parts.append(f'<text x="8" y="{y + 4:.0f}" class="axis">{level}</text>')
    for index, criterion in enumerate(CRITERIA):
        coords = []
        for i, (_, values) in enumerate(series):
            value = values.get(criterion)
            if value is None:
                continue
            x = pad + i * step
            y = height - pad - value * (height - 2 * pad) / 4
            coords.append(f"{x:.0f},{y:.0f}")
        if coords:
            parts.append(f'<polyline class="series s{index}" points="{" ".join(coords)}"/>')
            for coord in coords:
                x, y = coord.split(",")
                parts.append(f'<circle class="dot s{index}" cx="{x}" cy="{y}" r="3"/>')
    labels = [(0, series[0][0]), (points - 1, series[-1][0])] if points > 1 else [(0, series[0][0])]
    for i, label in labels:
        parts.append(
            f'<text x="{pad + i * step:.0f}" y="{height - 8}" class="axis" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="key s{i}"></span>{CRITERION_TITLES[c]}</li>'
        for i, c in enumerate(CRITERIA)
    )
    return Markup("".join(parts) + f'<ul class="legend">{legend}</ul>')


def register(app: Flask) -> None:
    """Install the filters and globals."""
    app.add_template_filter(highlight)
    app.add_template_filter(level_class)
    app.add_template_filter(fmt_level)
    app.add_template_filter(fmt_when)
    app.add_template_global(line_chart)
    app.add_template_global(CRITERIA, "CRITERIA")
    app.add_template_global(CRITERION_TITLES, "CRITERION_TITLES")
