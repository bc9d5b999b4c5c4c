"""Detectors for a written follow-up plan: touches by day and channel, and its coverage.

A plan is written one touch per line, e.g. "Day 3 - text - send the updated appraisal".
The simulator issue scores plans in depth; these detectors let a rubric grade the text of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register
from trainer.yamldoc import PathKey

_TOUCH = re.compile(r"^\s*[-*•]?\s*day\s*(\d{1,3})\b(.*)$", re.I | re.M)
_CHANNELS = {
    "call": re.compile(r"\b(call|phone|voicemail|vm)\b", re.I),
    "text": re.compile(r"\b(text|sms)\b", re.I),
    "email": re.compile(r"\be-?mail\b", re.I),
    "mail": re.compile(r"\b(card|letter|handwritten)\b", re.I),
}


@dataclass(frozen=True)
class Touch:
    """One planned touch: the day, the channels it uses, and its span in the text."""

    day: int
    channels: frozenset[str]
    span: tuple[int, int]


def plan_touches(text: str) -> list[Touch]:
    """Return the touches of a plan written one per line ("Day 3 - text - ...")."""
    touches = []
    for match in _TOUCH.finditer(text):
        channels = frozenset(name for name, rx in _CHANNELS.items() if rx.search(match.group(2)))
        touches.append(Touch(int(match.group(1)), channels, match.span()))
    return touches


@register("plan_coverage")
class PlanCoverage(Detector):
    """Fires when a plan has at least `min_touches` touches, `min_channels` channels, and
    runs to at least day `min_last_day`."""

    settings = {
        "min_touches": "touches needed",
        "min_channels": "distinct channels needed (default 1)",
        "min_last_day": "the plan must reach this day (default 0)",
    }
    required = ("min_touches",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.min_touches = check.integer(config, "min_touches", path, minimum=1)
        self.min_channels = check.integer(
            config, "min_channels", path, required=False, minimum=1, default=1
        )
        self.min_last_day = check.integer(
            config, "min_last_day", path, required=False, minimum=0, default=0
        )

    def detect(self, analysis: Analysis) -> Finding | None:
        touches = plan_touches(analysis.message.text)
        channels = frozenset().union(*(t.channels for t in touches)) if touches else frozenset()
        last = max((t.day for t in touches), default=0)
        if (
            len(touches) < self.min_touches
            or len(channels) < self.min_channels
            or last < self.min_last_day
        ):
            return None
        detail = f"{len(touches)} touches over {last} days using {', '.join(sorted(channels)) or 'no named channel'}"
        return Finding(tuple(t.span for t in touches), detail)
