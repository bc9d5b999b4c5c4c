"""Which scenario branch a graded answer takes, and where a silent prospect's path goes."""

from __future__ import annotations

from trainer.scenarios import Step
from trainer.scenarios.model import Branch


def choose_branch(step: Step, scores: dict[str, int | None], overall: int | None) -> Branch | None:
    """Return the first branch whose conditions the graded answer meets (None: no branches)."""
    for branch in step.branches:
        if all(c.holds(scores, overall) for c in branch.when):
            return branch
    return None


def quiet_fallback(step: Step) -> Branch | None:
    """Return the step's last goes_quiet branch: the path taken when the prospect stays silent."""
    for branch in reversed(step.branches):
        if branch.prospect == "goes_quiet":
            return branch
    return None
