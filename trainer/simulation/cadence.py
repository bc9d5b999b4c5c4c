"""The store's follow-up cadence: which days a lead is touched, on which channels.

A cadence file (see rubrics/_cadence.yaml) is the yardstick for follow-up discipline in the
simulator and for the follow-up plan drill.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from trainer.checker import Checker
from trainer.paths import rubrics_dir
from trainer.yamldoc import FileError, load_yaml

TOUCH_CHANNELS = ("email", "text", "call")
DEFAULT_FILE = "_cadence.yaml"


@dataclass(frozen=True)
class CadencePoint:
    """One day of the cadence and the channels expected that day."""

    day: int
    channels: tuple[str, ...]
    grace_days: int

    def covers(self, minute: int) -> bool:
        """Return True if a touch at `minute` counts for this day."""
        return self.day <= minute // 1440 <= self.day + self.grace_days

    @property
    def closes_at(self) -> int:
        """Return the first minute after this point's window."""
        return (self.day + self.grace_days + 1) * 1440


@dataclass(frozen=True)
class Cadence:
    """A store's follow-up cadence."""

    id: str
    title: str
    horizon_days: int
    points: tuple[CadencePoint, ...]
    grace_days: int = 1
    then_every_days: int = 0
    source: str = ""

    def points_between(self, first_day: int, last_day: int) -> list[CadencePoint]:
        """Return the cadence points from `first_day` to `last_day`, repeating past the list."""
        points = [p for p in self.points if first_day <= p.day <= last_day]
        if self.then_every_days and self.points:
            day = self.points[-1].day + self.then_every_days
            while day <= last_day:
                if day >= first_day:
                    points.append(CadencePoint(day, ("call", "text"), self.grace_days))
                day += self.then_every_days
        return points


def default_cadence_path() -> Path:
    """Return TRAINER_CADENCE if set, else the bundled default cadence file."""
    configured = os.environ.get("TRAINER_CADENCE", "").strip()
    return Path(configured) if configured else rubrics_dir() / DEFAULT_FILE


def load_cadence(path: Path | None = None) -> Cadence:
    """Load a cadence file; raise FileError listing every problem with file, line and field."""
    path = path or default_cadence_path()
    data, locator = load_yaml(path)
    check = Checker(str(path), locator)
    top = check.mapping(
        data,
        (),
        ("id", "title", "horizon_days", "touches"),
        ("grace_days", "then_every_days"),
    )
    if top is None:
        raise FileError(check.problems)
    grace = check.integer(top, "grace_days", (), required=False, minimum=0, maximum=30, default=1)
    points: list[CadencePoint] = []
    touches = top.get("touches")
    if not isinstance(touches, list) or not touches:
        check.problem(("touches",), "must be a non-empty list of {day, channels}")
        touches = []
    for index, item in enumerate(touches):
        path_key = ("touches", index)
        entry = check.mapping(item, path_key, ("day", "channels"), ("grace_days",))
        if entry is None:
            continue
        day = check.integer(entry, "day", path_key, minimum=0, maximum=3650)
        channels = check.text_list(
            entry, "channels", path_key, choices=TOUCH_CHANNELS, required=True
        )
        if not channels:
            check.problem(
                (*path_key, "channels"), "name at least one channel", "email, text or call"
            )
        own_grace = check.integer(
            entry, "grace_days", path_key, required=False, minimum=0, maximum=30, default=grace
        )
        if points and day <= points[-1].day:
            check.problem(
                (*path_key, "day"),
                f"day {day} is not after day {points[-1].day}",
                "list touches in day order, one entry per day",
            )
        points.append(CadencePoint(day, channels, own_grace))
    cadence = Cadence(
        id=check.identifier(top, "id", ()),
        title=check.text(top, "title", ()),
        horizon_days=check.integer(top, "horizon_days", (), minimum=1, maximum=3650),
        points=tuple(points),
        grace_days=grace,
        then_every_days=check.integer(
            top, "then_every_days", (), required=False, minimum=0, maximum=365
        ),
        source=str(path),
    )
    if check.problems:
        raise FileError(check.problems)
    return cadence
