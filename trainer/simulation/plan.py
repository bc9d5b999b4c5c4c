"""The follow-up plan drill: a trainee's dated touches for one customer, scored in depth.

A plan is written one touch per line: "Day 3 - text - new appraisal - Hi Sam, the used-car
manager re-ran your Tacoma...". It is scored on coverage of the store's cadence, spacing,
channel mix, fit to the customer's objection, and the value each touch brings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.simulation.cadence import Cadence
from trainer.simulation.discipline import Component, near_duplicate, objection_component

_LINE = re.compile(
    r"^\s*(?:[-*•]\s*)?day\s*(\d{1,4})\s*[-–—:|,.)]?\s*"
    r"(call|phone call|phone|voicemail|vm|text|sms|email|e-mail|letter|card|video)\b\s*[-–—:|,]?\s*(.*)$",
    re.I,
)
_CHANNEL = {
    "phone": "call",
    "phone call": "call",
    "vm": "call",
    "voicemail": "call",
    "sms": "text",
    "e-mail": "email",
    "letter": "mail",
    "card": "mail",
    "video": "text",
}
_SPLIT = re.compile(r"\s+[-–—|]\s+|\s*\|\s*|:\s+")
WEIGHTS = {"coverage": 30, "spacing": 15, "channel_mix": 15, "objection": 20, "value": 20}


@dataclass(frozen=True)
class PlannedTouch:
    """One line of a plan."""

    line: int
    day: int
    channel: str  # call | text | email | mail
    purpose: str
    message: str

    @property
    def text(self) -> str:
        """Return the purpose and message together."""
        return f"{self.purpose} {self.message}".strip()


@dataclass(frozen=True)
class PlanScore:
    """A scored plan: 0-100, its components, the touches read, and lines not understood."""

    score: int
    components: dict[str, Component]
    touches: tuple[PlannedTouch, ...]
    unread: tuple[str, ...]
    coaching: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the plan score as plain data."""
        return {
            "score": self.score,
            "components": {k: c.as_dict() for k, c in self.components.items()},
            "touches": [
                {
                    "line": t.line,
                    "day": t.day,
                    "channel": t.channel,
                    "purpose": t.purpose,
                    "message": t.message,
                }
                for t in self.touches
            ],
            "unread": list(self.unread),
            "coaching": list(self.coaching),
        }


def parse_plan(text: str) -> tuple[list[PlannedTouch], list[str]]:
    """Return the touches of a plan and the non-blank lines that are not touches."""
    touches: list[PlannedTouch] = []
    unread: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if not match:
            unread.append(f"line {number}: {raw.strip()[:80]}")
            continue
        channel = match.group(2).lower()
        rest = match.group(3).strip()
        parts = _SPLIT.split(rest, maxsplit=1)
        purpose, message = (parts[0], parts[1]) if len(parts) == 2 else (rest, "")
        touches.append(
            PlannedTouch(
                number,
                int(match.group(1)),
                _CHANNEL.get(channel, channel),
                purpose.strip(),
                message.strip(),
            )
        )
    return touches, unread


def _gap_limit(day: int) -> int:
    """Return the longest silence that keeps a plan alive after `day` (as the cadence does)."""
    if day < 7:
        return 3
    if day < 30:
        return 10
    return 30


def score_plan(
    text: str,
    cadence: Cadence,
    *,
    start_day: int = 0,
    objection: str | None = None,
    works_on_objection: Callable[[str], bool] | None = None,
    is_hollow: Callable[[str], bool] | None = None,
) -> PlanScore:
    """Score a written follow-up plan against the cadence and the customer's objection."""
    touches, unread = parse_plan(text)
    touches.sort(key=lambda t: (t.day, t.line))
    components: dict[str, Component] = {}
    coaching: list[str] = []
    if not touches:
        coaching.append('Write one touch per line: "Day 3 - text - purpose - the message".')
        return PlanScore(0, {}, (), tuple(unread), tuple(coaching))
    last_day = start_day + cadence.horizon_days
    # The plan is written on start_day, so it covers the cadence days after it; the mix of
    # channels is judged on its own below, so any touch in a day's window covers that day.
    points = [p for p in cadence.points_between(start_day, last_day) if p.day > start_day]
    covered = [p for p in points if any(p.day <= t.day <= p.day + p.grace_days for t in touches)]
    coverage = round(100 * len(covered) / len(points)) if points else 100
    components["coverage"] = Component(
        coverage,
        WEIGHTS["coverage"],
        f"{len(covered)} of {len(points)} cadence days after day {start_day} to day {last_day} have a touch",
    )
    if coverage < 80:
        coaching.append(f"Cover the cadence to day {last_day}: {cadence.title}.")
    days = [start_day, *(t.day for t in touches)]
    gaps = list(itertools.pairwise(days))
    long_gaps = [(a, b) for a, b in gaps if b - a > _gap_limit(a)]
    per_day: dict[int, int] = {}
    for t in touches:
        per_day[t.day] = per_day.get(t.day, 0) + 1
    crowded = [d for d, n in per_day.items() if n > 3]
    spacing = max(0, round(100 * (1 - (len(long_gaps) + len(crowded)) / max(1, len(gaps)))))
    detail = ", ".join(f"day {a} to {b}" for a, b in long_gaps[:4]) or "no long silences"
    components["spacing"] = Component(
        spacing, WEIGHTS["spacing"], f"gaps too long: {detail}" if long_gaps else detail
    )
    if long_gaps:
        coaching.append(
            "Close the long silences: every 2-3 days in week one, every week or so to day 30, monthly after."
        )
    channels = {t.channel for t in touches} & {"call", "text", "email"}
    components["channel_mix"] = Component(
        round(100 * len(channels) / 3),
        WEIGHTS["channel_mix"],
        f"uses {', '.join(sorted(channels)) or 'no channel'}",
    )
    if len(channels) < 3:
        coaching.append(
            "Plan calls, texts and emails: people answer different channels on different days."
        )
    if objection and works_on_objection:
        aimed = objection_component(
            [t.text for t in touches], objection, works_on_objection, "touches"
        )
        components["objection"] = aimed
        if aimed.score < 100:
            coaching.append(
                "Aim at least half the touches at the objection: a new number, an option, news."
            )
    valuable = []
    for index, touch in enumerate(touches):
        repeat = any(near_duplicate(touch.text, t.text) for t in touches[:index] if t.text)
        hollow = not touch.text or (is_hollow is not None and is_hollow(touch.text))
        if not repeat and not hollow:
            valuable.append(touch)
    components["value"] = Component(
        round(100 * len(valuable) / len(touches)),
        WEIGHTS["value"],
        f"{len(valuable)} of {len(touches)} touches bring something new with a purpose",
    )
    if len(valuable) < len(touches):
        coaching.append('Give every touch a purpose and something new; never "just checking in".')
    total = sum(c.weight for c in components.values())
    score = round(sum(c.score * c.weight for c in components.values()) / total)
    return PlanScore(score, components, tuple(touches), tuple(unread), tuple(coaching))
