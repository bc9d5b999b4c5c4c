"""Follow-up discipline over a whole lead, and speed to lead.

Discipline is measured against the store's cadence: touches made on time, the mix of
channels, each touch bringing something new (near copies count against it), never giving the
lead up early, and, where the customer has an objection, touches that work on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.simulation.cadence import Cadence, CadencePoint
from trainer.simulation.events import Touch

_WORD = re.compile(r"[a-z0-9']+")
DUPLICATE_JACCARD = 0.5
DUPLICATE_CONTAINMENT = 0.8
# Reasons that justify closing a lead early (the contact details cannot reach the person).
REAL_LOST_REASONS = re.compile(
    r"\b(wrong|bad|invalid|disconnected|fake|bogus|bounc\w*|duplicate|deceased|passed away"
    r"|moved (?:away|abroad|out of)|opted out|do not contact|asked (?:us |me )?to stop)\b",
    re.I,
)
WEIGHTS = {"on_time": 35, "channel_mix": 15, "fresh": 20, "persistence": 15, "objection": 15}


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def near_duplicate(a: str, b: str) -> bool:
    """Return True if two messages say nearly the same thing in nearly the same words."""
    left, right = _shingles(a), _shingles(b)
    if not left or not right:
        return False
    shared = len(left & right)
    jaccard = shared / len(left | right)
    containment = shared / min(len(left), len(right))
    return jaccard >= DUPLICATE_JACCARD or containment >= DUPLICATE_CONTAINMENT


def duplicate_of(text: str, earlier: Sequence[Touch]) -> int | None:
    """Return the index of the earlier written touch that `text` nearly repeats, if any."""
    for index, touch in enumerate(earlier):
        if touch.channel != "call" and near_duplicate(text, touch.text):
            return index
    return None


# Speed to lead: (minutes, score) steps; the first dealer who talks to the customer wins.
SPEED_STEPS = ((5, 100), (10, 90), (15, 80), (30, 60), (60, 40), (240, 20), (1440, 10))


def speed_to_lead_score(minutes: int | None) -> int:
    """Return 0-100 for the minutes from the lead's arrival to the first touch."""
    if minutes is None:
        return 0
    for limit, score in SPEED_STEPS:
        if minutes <= limit:
            return score
    return 0


@dataclass(frozen=True)
class Component:
    """One part of the discipline score: 0-100, its weight, and what it is based on."""

    score: int
    weight: int
    detail: str

    def as_dict(self) -> dict[str, Any]:
        """Return the component as plain data."""
        return {"score": self.score, "weight": self.weight, "detail": self.detail}


@dataclass(frozen=True)
class Discipline:
    """Follow-up discipline over a lead: 0-100, its components, and the cadence days missed."""

    score: int
    components: dict[str, Component]
    missed: tuple[str, ...] = ()
    coaching: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """Return the discipline score as plain data."""
        return {
            "score": self.score,
            "components": {k: c.as_dict() for k, c in self.components.items()},
            "missed": list(self.missed),
            "coaching": list(self.coaching),
        }


def objection_component(
    texts: Sequence[str],
    objection: str,
    works_on_objection: Callable[[str], bool],
    noun: str,
    weight: int = WEIGHTS["objection"],
) -> Component:
    """Score how many of `texts` work on the objection (half of them earns full marks)."""
    aimed = sum(1 for text in texts if works_on_objection(text))
    share = aimed / len(texts)
    return Component(
        min(100, round(100 * share / 0.5)),
        weight,
        f"{aimed} of {len(texts)} {noun} work on the {objection.replace('_', ' ')} objection",
    )


def _point_credit(point: CadencePoint, touches: Sequence[Touch]) -> float:
    used = {t.cadence_channel for t in touches if point.covers(t.minute)}
    if not used:
        return 0.0
    wanted = set(point.channels)
    # Any touch on the day earns half; the channels asked for earn the rest.
    return 0.5 + 0.5 * len(wanted & used) / len(wanted)


def discipline(
    touches: Sequence[Touch],
    cadence: Cadence,
    *,
    start: int,
    end: int,
    lost_early: bool,
    objection: str | None,
    works_on_objection: Callable[[str], bool] | None = None,
) -> Discipline:
    """Score follow-up discipline for the touches made between minute `start` and `end`."""
    components: dict[str, Component] = {}
    missed: list[str] = []
    coaching: list[str] = []
    points = cadence.points_between(start // 1440, end // 1440)
    counted: list[tuple[CadencePoint, float]] = []
    for point in points:
        credit = _point_credit(point, touches)
        # A day whose window was still open when the lead ended counts only if it was met.
        if point.closes_at > end and credit == 0:
            continue
        counted.append((point, credit))
        if credit < 1:
            wanted = " + ".join(point.channels)
            missed.append(f"day {point.day}: {wanted}" + (" (partly)" if credit else ""))
    if counted:
        on_time = round(100 * sum(c for _, c in counted) / len(counted))
        met = sum(1 for _, c in counted if c >= 1)
        components["on_time"] = Component(
            on_time, WEIGHTS["on_time"], f"{met} of {len(counted)} cadence days fully met"
        )
        if on_time < 80:
            coaching.append(
                f"Follow the cadence ({cadence.title}): touch on each day with the channels it names."
            )
        wanted_channels = set().union(*(p.channels for p, _ in counted))
        used = {t.cadence_channel for t in touches if t.channel != "plan"}
        mix = round(100 * len(wanted_channels & used) / len(wanted_channels))
        components["channel_mix"] = Component(
            mix,
            WEIGHTS["channel_mix"],
            f"used {', '.join(sorted(used)) or 'nothing'} of {', '.join(sorted(wanted_channels))}",
        )
        if mix < 100:
            coaching.append("Mix channels: call, text and email; a voicemail counts as a call.")
    written = [t for t in touches if t.channel != "call"]
    if written:
        fresh = [t for t in written if t.duplicate_of is None]
        components["fresh"] = Component(
            round(100 * len(fresh) / len(written)),
            WEIGHTS["fresh"],
            f"{len(written) - len(fresh)} of {len(written)} written touches nearly repeat an earlier one",
        )
        if len(fresh) < len(written):
            coaching.append(
                "Bring something new every touch; a copy of the last message is not a follow-up."
            )
    components["persistence"] = Component(
        0 if lost_early else 100,
        WEIGHTS["persistence"],
        f"marked lost before day {cadence.horizon_days} without a real reason"
        if lost_early
        else "the lead was never given up early",
    )
    if lost_early:
        coaching.append(
            f"Never flip a lead to lost before day {cadence.horizon_days} unless the customer "
            "cannot be reached at all; keep following up with something new."
        )
    later = [t.text for t in written[1:] if t.channel != "plan"]
    if objection and works_on_objection and later:
        aimed = objection_component(later, objection, works_on_objection, "follow-ups")
        components["objection"] = aimed
        if aimed.score < 100:
            coaching.append(
                "Aim follow-ups at the objection itself: a new number, a new option, new news."
            )
    total_weight = sum(c.weight for c in components.values())
    score = round(sum(c.score * c.weight for c in components.values()) / total_weight)
    if not touches:
        score = 0
    return Discipline(score, components, tuple(missed), tuple(coaching))
