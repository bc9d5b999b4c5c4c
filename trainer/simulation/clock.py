"""The simulated clock: minutes since the lead arrived, written and read as people do ("2h", "3d").

The clock only moves forward. Times are whole minutes, so a replay never depends on floating
point or on the machine's own clock.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

MINUTES = {
    "m": 1,
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
    "d": 1440,
    "day": 1440,
    "days": 1440,
    "w": 10080,
    "week": 10080,
    "weeks": 10080,
}
_PART = re.compile(r"(\d+)\s*([a-z]+)")
_WHOLE = re.compile(r"(?:\d+\s*[a-z]+\s*)+")
MAX_WAIT_MINUTES = 400 * 1440


class DurationError(ValueError):
    """A wait could not be read ("2x"), or is negative, zero or too long."""


def parse_duration(text: str) -> int:
    """Return the minutes in "90m", "2h", "3d", "1w", "1d 4h" or "2 days"; raise DurationError."""
    raw = str(text).strip().lower()
    if raw.startswith("-"):
        raise DurationError(f"'{text}' is negative: the clock only moves forward")
    if not raw or not _WHOLE.fullmatch(raw):
        raise DurationError(f"'{text}' is not a duration; write e.g. 30m, 2h, 3d or 1w")
    total = 0
    for amount, unit in _PART.findall(raw):
        if unit not in MINUTES:
            raise DurationError(f"'{unit}' is not a unit; use m, h, d or w")
        total += int(amount) * MINUTES[unit]
    if total <= 0:
        raise DurationError(f"'{text}' is no time at all; wait at least 1m")
    if total > MAX_WAIT_MINUTES:
        raise DurationError(f"'{text}' is longer than the simulator runs (400 days)")
    return total


def format_duration(minutes: int) -> str:
    """Return "2d 3h", "45m" or "0m" for a number of minutes."""
    if minutes <= 0:
        return "0m"
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return " ".join(p for p in parts if p)


class Clock:
    """Simulated minutes since the lead arrived; `advance` is the only way to move it."""

    def __init__(self, arrived_at: datetime, now: int = 0):
        if now < 0:
            raise ValueError("the clock cannot start before the lead arrived")
        self.arrived_at = arrived_at
        self.now = now

    def advance(self, minutes: int) -> int:
        """Move forward `minutes` (zero is allowed, negative is not) and return the new time."""
        if minutes < 0:
            raise ValueError("the clock only moves forward")
        self.now += minutes
        return self.now

    def advance_to(self, minute: int) -> int:
        """Move to `minute` if it is later than now; never move back."""
        self.now = max(self.now, minute)
        return self.now

    @property
    def day(self) -> int:
        """Return the lead's day (0 on the day it arrived, counted in 24-hour periods)."""
        return self.now // 1440

    def wall(self, minute: int | None = None) -> datetime:
        """Return the store's local date and time at `minute` (default: now)."""
        return self.arrived_at + timedelta(minutes=self.now if minute is None else minute)

    def describe(self, minute: int | None = None) -> str:
        """Return "Day 2, Tue 14 Jul 16:05 (2d 3h after the lead arrived)"."""
        at = self.now if minute is None else minute
        when = self.wall(at)
        return f"Day {at // 1440}, {when:%a %d %b %H:%M} ({format_duration(at)} after the lead arrived)"
