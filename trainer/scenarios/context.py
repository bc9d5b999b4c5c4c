"""Turn a scenario step into the scorer's context: who, what, when, and the step's facts."""

from __future__ import annotations

from trainer.scenarios.model import Scenario, Step
from trainer.scoring.context import Context


def step_context(scenario: Scenario, step: Step, channel: str | None = None) -> Context:
    """Return the scoring context for answering `step` of `scenario`."""
    trade = scenario.trade_in.describe() if scenario.trade_in else None
    objection = scenario.objections[0].type if scenario.objections else None
    return Context(
        channel=channel or step.channel,
        stage=scenario.stage,
        day=step.at.minutes // 1440,
        customer_name=scenario.persona.full_name,
        vehicle=scenario.vehicle.describe(),
        customer_message=scenario.lead.customer_message,
        objection=objection,
        trade_in=trade,
        dealership=scenario.dealership.name,
        salesperson=scenario.dealership.salesperson,
        dealer_phone=scenario.dealership.phone,
        must_mention=step.must_mention,
        must_not_say=step.must_not_say,
    )
