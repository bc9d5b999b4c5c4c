"""How a simulated prospect behaves: the odds of a reply, of picking up, and of buying elsewhere.

Pure functions of the persona, the graded touch and the lead's state; the engine rolls the
seeded dice. The shape follows what trainers teach:

- a strong reconnection ask (and an honest, specific reason to act) raises the odds of a
  reply; a better-graded answer never lowers them;
- pressure costs goodwill, and a prospect out of goodwill asks to be left alone;
- the first dealer who talks to the customer usually wins: every hour before the first
  touch, and every stretch of silence, lets a competitor get there first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from trainer.scenarios import Persona

CRITERIA = ("reconnection", "urgency", "trust", "follow_up")
# How much each criterion moves a prospect to answer. Reconnection is the primary goal.
WEIGHTS = {"reconnection": 0.5, "trust": 0.25, "urgency": 0.1, "follow_up": 0.15}
# Indicators in a scorecard that mean the touch pushed the customer.
PRESSURE_INDICATORS = frozenset(
    {"pressure", "fake_scarcity", "caps", "what_would_it_take", "guaranteed_approval"}
)
MAX_REPLY = 0.97
GOODWILL_FLOOR = 0.3  # below this the prospect asks not to be contacted again


@dataclass(frozen=True)
class TouchQuality:
    """What the prospect takes from one graded touch."""

    levels: dict[str, int]  # 0-4 per criterion (None from the scorer counts as 0)
    pressured: bool = False
    duplicate: bool = False  # a near copy of an earlier touch

    @property
    def value(self) -> float:
        """Return 0-1: how worth answering the touch is."""
        return sum(WEIGHTS[c] * self.levels.get(c, 0) / 4 for c in CRITERIA)


def speed_factor(minutes_waiting: int) -> float:
    """Return 1.0 for an answer within 5 minutes, falling towards 0.35 after a few hours."""
    if minutes_waiting <= 5:
        return 1.0
    return 0.35 + 0.65 * math.exp(-(minutes_waiting - 5) / 60)


def reply_probability(
    persona: Persona,
    quality: TouchQuality,
    *,
    channel: str,
    minutes_waiting: int | None = None,
    goodwill: float = 1.0,
    hot_buttons_met: int = 0,
) -> float:
    """Return the chance (0-1) that the prospect answers this touch.

    `minutes_waiting` is how long the prospect has waited for this touch (the first touch on
    a new lead, or an answer to their own message); None when they are not waiting.
    """
    odds = persona.responsiveness * (0.15 + 0.85 * quality.value)
    if channel == "text" and "text" in persona.contact_preferences:
        odds *= 1.1
    elif channel == "email" and "email" in persona.contact_preferences:
        odds *= 1.05
    if minutes_waiting is not None:
        odds *= speed_factor(minutes_waiting)
    if hot_buttons_met:
        odds *= 1 + 0.1 * min(hot_buttons_met, 2)
    if quality.pressured:
        odds *= 0.5
    if quality.duplicate:
        odds *= 0.3
    return max(0.0, min(MAX_REPLY, odds * max(0.0, min(1.0, goodwill))))


def pickup_probability(
    persona: Persona, *, hour: int, goodwill: float = 1.0, minutes_waiting: int | None = None
) -> float:
    """Return the chance that the prospect answers a phone call at this local hour."""
    odds = persona.responsiveness * (0.45 if "phone" in persona.contact_preferences else 0.2)
    if not 8 <= hour < 21:
        odds *= 0.25
    if minutes_waiting is not None:
        odds *= speed_factor(minutes_waiting)
    return max(0.0, min(MAX_REPLY, odds * goodwill))


def goodwill_after(goodwill: float, quality: TouchQuality) -> float:
    """Return the prospect's goodwill after a touch: pressure and careless touches cost it."""
    if quality.pressured:
        goodwill -= 0.35
    elif quality.levels.get("trust", 0) <= 1:
        goodwill -= 0.1
    if quality.duplicate:
        goodwill -= 0.1
    if quality.levels.get("trust", 0) >= 3 and not quality.pressured:
        goodwill += 0.05
    return max(0.0, min(1.0, goodwill))


# Competitors: how readily the prospect buys elsewhere, per day, by lead stage.
BASE_RATE = {"new_lead": 0.008, "aged_lead": 0.006, "unsold_customer": 0.01}
UNTOUCHED_RATE = 1.0  # per day while a new lead has had no touch at all
NEGLECT_DAYS = 3  # silence longer than this makes a competitor likelier every day


def competitor_rate(
    stage: str, *, touched: bool, reconnected: bool, days_since_touch: float, fresh_lead: bool
) -> float:
    """Return the rate per day at which the prospect buys elsewhere right now."""
    rate = BASE_RATE.get(stage, 0.008)
    if fresh_lead and not touched:
        rate += UNTOUCHED_RATE
    if reconnected:
        rate *= 0.3
    if days_since_touch > NEGLECT_DAYS:
        rate *= 1 + (days_since_touch - NEGLECT_DAYS) / 7
    return rate
