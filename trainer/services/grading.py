"""Grade one answer: a message for a scenario step, or for a bare channel and context."""

from __future__ import annotations

from trainer.scenarios import Scenario, Step, step_context
from trainer.scoring import Context, Scorecard, grade
from trainer.services.library import Library, LibraryError


def grade_step_answer(
    library: Library,
    scenario: Scenario,
    step_ref: str | int | None,
    message: str,
    channel: str | None = None,
) -> tuple[Step, Scorecard]:
    """Grade a trainee's answer to a scenario step (the first step when none is given)."""
    try:
        step = scenario.step(step_ref) if step_ref is not None else scenario.steps[0]
    except KeyError as exc:
        raise LibraryError(exc.args[0]) from None
    channel = channel or step.channel
    rubric = (
        library.rubric(step.rubric)
        if channel == step.channel
        else library.rubric_for_channel(channel)
    )
    return step, grade(message, rubric, step_context(scenario, step, channel))


def grade_message(
    library: Library, channel: str, message: str, context: Context | None = None
) -> Scorecard:
    """Grade a message on a channel's default rubric."""
    rubric = library.rubric_for_channel(channel)
    return grade(message, rubric, context or Context(channel=channel))
