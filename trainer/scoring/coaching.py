"""Coaching a trainee can act on: what held the level down, and an example line fitted to
the scenario (the customer's name, the vehicle)."""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache

from trainer.scoring.context import Context
from trainer.scoring.rubric import Criterion, Rubric

_FIELD = re.compile(r"\{(first_name|vehicle|model|salesperson|dealership|phone)\}")


def _model_name(model: str | None) -> str:
    """Write a model as people do: "CR-V", "RAV4", "Highlander", "Santa Fe"."""
    if not model:
        return "vehicle"
    if any(c.isdigit() or c == "-" for c in model):
        return model.upper()
    return model.title()


@lru_cache(maxsize=4096)  # the same tips are filled for every answer in one context
def fill(template: str, context: Context) -> str:
    """Fill {first_name}, {vehicle}, {model}, {salesperson}, {dealership} and {phone} from the
    context; what the context does not know becomes a bracketed prompt ("[your number]")."""
    _, model = context.vehicle_parts
    values = {
        "first_name": context.first_name or "there",
        "vehicle": context.vehicle or "the vehicle you asked about",
        "model": _model_name(model),
        "salesperson": context.salesperson or "[your name]",
        "dealership": context.dealership or "[your store]",
        "phone": context.dealer_phone or "[your number]",
    }
    return _FIELD.sub(lambda m: values[m.group(1)], template)


def coaching_for(
    criterion: Criterion,
    rubric: Rubric,
    fired: Container[str],
    level: int,
    capped_by: list[str],
    context: Context,
) -> list[str]:
    """Return the coaching lines for one criterion's result."""
    tips: list[str] = []
    for ref in capped_by:
        coach = rubric.indicators[ref].coach
        if coach:
            tips.append(fill(coach, context))
    for adjustment in criterion.adjust:
        if adjustment.when in fired and adjustment.points < 0:
            coach = rubric.indicators[adjustment.when].coach
            if coach:
                tips.append(fill(coach, context))
    if level < 4 and not capped_by:
        next_rung = next((r for r in sorted(criterion.ladder) if r > level), None)
        if next_rung is not None:
            for ref in criterion.ladder[next_rung].missing(fired)[:2]:
                coach = rubric.indicators[ref].coach
                if coach:
                    tips.append(fill(coach, context))
    if level < 3 and criterion.example:
        tips.append("For example: " + fill(criterion.example, context))
    seen: list[str] = []
    for tip in tips:
        if tip not in seen:
            seen.append(tip)
    return seen
