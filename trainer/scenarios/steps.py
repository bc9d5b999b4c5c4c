"""Build a scenario's timeline from YAML: steps, their timing, and the prospect's branches.

Every problem is recorded against its file, line and field by the caller's `Checker`.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.checker import Checker
from trainer.scenarios import model as m
from trainer.scoring.context import CHANNELS
from trainer.scoring.facts import FACTS
from trainer.yamldoc import PathKey

_CONDITION = re.compile(r"^\s*(>=|<=|==|>|<)\s*(\d+)\s*$")
_CRITERIA = ("reconnection", "urgency", "trust", "follow_up", "overall")
FORBIDDABLE = (*FACTS,)


def offset(check: Checker, value: Any, path: PathKey) -> m.Offset | None:
    """Read a span of time written as exactly one of minutes, hours or days."""
    data = check.mapping(value, path, (), m.TIME_UNITS)
    if data is None:
        return None
    units = [unit for unit in m.TIME_UNITS if unit in data]
    if len(units) != 1:
        check.problem(
            path, "give exactly one of minutes, hours or days", "e.g. {minutes: 5} or {days: 3}"
        )
        return None
    amount = check.integer(data, units[0], path, minimum=0)
    return m.Offset(amount, units[0])


def _conditions(check: Checker, value: Any, path: PathKey) -> tuple[m.Condition, ...]:
    data = check.mapping(value, path, (), _CRITERIA)
    out = []
    for key, raw in (data or {}).items():
        match = _CONDITION.match(str(raw)) if isinstance(raw, str | int) else None
        if key not in _CRITERIA:
            continue
        if not match:
            check.problem(
                (*path, key),
                f"{raw!r} is not a comparison",
                'write it as a string such as ">=3" or "<2"',
            )
            continue
        limit = 100 if key == "overall" else 4
        number = int(match.group(2))
        if number > limit:
            check.problem(
                (*path, key), f"{number} is out of range", f"{key} runs from 0 to {limit}"
            )
            continue
        out.append(m.Condition(key, match.group(1), number))
    return tuple(out)


def _branch(check: Checker, value: Any, path: PathKey) -> m.Branch | None:
    data = check.mapping(
        value, path, ("prospect",), ("when", "channel", "after", "message", "next")
    )
    if data is None:
        return None
    prospect = check.choice(data, "prospect", path, m.PROSPECT_ACTIONS)
    channel = check.choice(data, "channel", path, m.REPLY_CHANNELS, required=False) or None
    message = check.text(data, "message", path, required=False) or None
    if prospect in m.SPEAKING_ACTIONS:
        if not channel:
            check.problem(path, f"a '{prospect}' branch needs a channel", "email, text or phone")
        if not message:
            check.problem(path, f"a '{prospect}' branch needs the prospect's message")
    after = offset(check, data["after"], (*path, "after")) if "after" in data else None
    when = _conditions(check, data["when"], (*path, "when")) if data.get("when") else ()
    next_step = check.text(data, "next", path, required=False) or None
    return m.Branch(prospect, when, channel, after, message, next_step)


def _step(
    check: Checker, value: Any, path: PathKey, known_rubrics: set[str] | None
) -> m.Step | None:
    data = check.mapping(
        value,
        path,
        ("id", "at", "channel", "task", "rubric"),
        ("must_mention", "must_not_say", "model_answer", "branches"),
    )
    if data is None:
        return None
    step_id = check.identifier(data, "id", path)
    at = offset(check, data.get("at"), (*path, "at")) or m.Offset(0, "minutes")
    channel = check.choice(data, "channel", path, CHANNELS)
    rubric = check.text(data, "rubric", path)
    if rubric and known_rubrics is not None and rubric not in known_rubrics:
        check.problem(
            (*path, "rubric"),
            f"no rubric has the id '{rubric}'",
            f"known rubrics: {', '.join(sorted(known_rubrics))}",
        )
    must = check.text_list(data, "must_mention", path, choices=FACTS)
    must_not = check.text_list(data, "must_not_say", path, choices=FORBIDDABLE)
    branches = []
    raw_branches = data.get("branches") or []
    if not isinstance(raw_branches, list):
        check.problem((*path, "branches"), "must be a list of branches")
        raw_branches = []
    for index, item in enumerate(raw_branches):
        branch = _branch(check, item, (*path, "branches", index))
        if branch:
            branches.append(branch)
    if branches and branches[-1].when:
        check.problem(
            (*path, "branches", len(branches) - 1),
            "the last branch must have no `when`",
            "it is the default, taken when no other branch holds",
        )
    for index, branch in enumerate(branches[:-1]):
        if not branch.when:
            check.problem(
                (*path, "branches", index),
                "only the last branch may leave out `when`",
                "branches after it could never be taken",
            )
    return m.Step(
        step_id,
        at,
        channel,
        check.text(data, "task", path),
        rubric,
        must,
        must_not,
        check.text(data, "model_answer", path, required=False) or None,
        tuple(branches),
    )


def build_steps(check: Checker, raw: Any, known_rubrics: set[str] | None) -> list[m.Step]:
    """Build and check the ordered steps of a scenario."""
    if not isinstance(raw, list) or not raw:
        check.problem(("steps",), "must be a list of at least one step")
        return []
    steps = [
        s for i, item in enumerate(raw) if (s := _step(check, item, ("steps", i), known_rubrics))
    ]
    seen: dict[str, int] = {}
    for index, step in enumerate(steps):
        if step.id in seen:
            check.problem(
                ("steps", index, "id"),
                f"duplicate step id '{step.id}'",
                f"step {seen[step.id] + 1} already uses it",
            )
        seen.setdefault(step.id, index)
        if index and step.at.minutes <= steps[index - 1].at.minutes:
            check.problem(
                ("steps", index, "at"),
                f"step '{step.id}' is not after the step before it",
                "steps are in time order; each `at` is later than the last",
            )
    for index, step in enumerate(steps):
        for b_index, branch in enumerate(step.branches):
            if branch.next is None:
                continue
            if branch.next not in seen:
                check.problem(
                    ("steps", index, "branches", b_index, "next"),
                    f"no step has the id '{branch.next}'",
                    f"steps: {', '.join(seen)}",
                )
            elif seen[branch.next] <= index:
                check.problem(
                    ("steps", index, "branches", b_index, "next"),
                    f"'{branch.next}' is not a later step",
                    "branches only move forward in time",
                )
    return steps
