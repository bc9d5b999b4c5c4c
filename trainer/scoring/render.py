"""Render a scorecard as readable text for a terminal: levels, evidence, coaching."""

from __future__ import annotations

import textwrap

from trainer.scoring.scorecard import Scorecard

_BAR = {None: "  n/a  ", 0: "[    ]", 1: "[#   ]", 2: "[##  ]", 3: "[### ]", 4: "[####]"}


def render_text(card: Scorecard, title: str = "") -> str:
    """Return the scorecard as text, the same way every time."""
    lines: list[str] = []
    if title:
        lines += [title, "=" * min(len(title), 78)]
    overall = "not graded" if card.overall is None else f"{card.overall}/100"
    lines.append(
        f"Overall: {overall}   (rubric {card.rubric} v{card.rubric_version}, {card.channel})"
    )
    for notice in card.notices:
        lines += textwrap.wrap(f"Note: {notice}", 78)
    for criterion in card.criteria:
        level = "-" if criterion.level is None else str(criterion.level)
        lines.append("")
        lines.append(
            f"{criterion.title:<22} {_BAR[criterion.level]} {level}/4  {criterion.descriptor}"
        )
        for item in criterion.evidence:
            quote = f' "{item.quotes[0]}"' if item.quotes else ""
            detail = f" ({item.detail})" if item.detail else ""
            lines += textwrap.wrap(
                f"{item.effect}: {item.label}{detail}{quote}",
                76,
                initial_indent="  + " if not item.effect.startswith(("-", "capped")) else "  - ",
                subsequent_indent="      ",
            )
        for tip in criterion.coaching:
            lines += textwrap.wrap(tip, 76, initial_indent="  > ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"
