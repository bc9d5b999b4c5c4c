"""What a trainee can do in a simulated lead, and scripts of those actions.

An action is a touch (an email, a text, a voicemail script or a follow-up plan), a phone call
attempt, a wait, marking the lead lost, or ending the session. Interactive play, scripts and
replays all feed the engine the same actions, which is what makes replays exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.checker import Checker
from trainer.simulation.clock import DurationError, parse_duration
from trainer.yamldoc import FileError, PathKey, load_yaml, parse_yaml

WRITTEN_CHANNELS = ("email", "text", "voicemail", "plan")
KINDS = (*WRITTEN_CHANNELS, "call", "wait", "lost", "end")
MAX_MESSAGE_CHARS = 50_000


@dataclass(frozen=True)
class Action:
    """One thing the trainee does: `kind` plus its text (a message, a duration, a reason)."""

    kind: str
    text: str = ""

    @property
    def is_touch(self) -> bool:
        """Return True for actions that reach the prospect (written touches and calls)."""
        return self.kind in WRITTEN_CHANNELS or self.kind == "call"

    def as_dict(self) -> dict[str, str]:
        """Return the action as a one-key mapping, the way scripts and replays write it."""
        return {self.kind: self.text}


class ActionError(ValueError):
    """An action that cannot be done: an unknown kind, an empty message, a bad wait."""


def make_action(kind: str, value: Any = "") -> Action:
    """Build and check one action; raise ActionError saying what is wrong and what to do."""
    kind = str(kind).strip().lower()
    if kind not in KINDS:
        raise ActionError(f"'{kind}' is not an action; use one of: {', '.join(KINDS)}")
    if isinstance(value, bool) or value is None:
        value = ""
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        raise ActionError(f"{kind}: give text, not {type(value).__name__}")
    # Browsers send a textarea's line breaks as CRLF: one kind of line break, so the scorer
    # reads a message typed in the web app exactly as the same message typed anywhere else.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    text = value.strip("\n") if kind in WRITTEN_CHANNELS else value.strip()
    if kind in WRITTEN_CHANNELS:
        if not text.strip():
            raise ActionError(f"{kind}: the message is empty; write what you would send")
        if len(text) > MAX_MESSAGE_CHARS:
            raise ActionError(
                f"{kind}: the message is longer than {MAX_MESSAGE_CHARS:,} characters"
            )
    elif kind == "wait":
        try:
            parse_duration(text)
        except DurationError as exc:
            raise ActionError(f"wait: {exc}") from None
    elif kind == "lost" and not text:
        raise ActionError("lost: give a reason, e.g. 'lost asked us to stop contacting her'")
    elif kind in ("call", "end") and text:
        text = ""
    return Action(kind, text)


@dataclass(frozen=True)
class Script:
    """A scripted trainee: a list of actions, and optionally the seed to play with."""

    actions: tuple[Action, ...]
    seed: int | None = None
    source: str = ""


def _script_from(data: Any, check: Checker) -> Script:
    top = check.mapping(data, (), ("actions",), ("seed", "scenario", "note"))
    if top is None:
        raise FileError(check.problems)
    seed = None
    if top.get("seed") is not None:
        seed = check.integer(top, "seed", (), minimum=0, maximum=2**63 - 1)
    items = top.get("actions")
    actions: list[Action] = []
    if not isinstance(items, list) or not items:
        check.problem(("actions",), "must be a non-empty list", "e.g. - email: |\n    Hi Dana, ...")
        items = []
    for index, item in enumerate(items):
        path: PathKey = ("actions", index)
        if isinstance(item, str):
            item = {item: ""}
        if not isinstance(item, dict) or len(item) != 1:
            check.problem(
                path,
                "each action is one key: email, text, voicemail, plan, call, wait, lost or end",
                "e.g. - wait: 2d",
            )
            continue
        [(kind, value)] = item.items()
        try:
            actions.append(make_action(kind, value))
        except ActionError as exc:
            check.problem(path if str(kind) not in KINDS else (*path, str(kind)), str(exc))
    if check.problems:
        raise FileError(check.problems)
    return Script(tuple(actions), seed, check.file)


def load_script(path: Path) -> Script:
    """Load a script file (YAML or JSON); raise FileError naming every bad line."""
    data, locator = load_yaml(path)
    return _script_from(data, Checker(str(path), locator))


def parse_script(text: str, name: str = "<script>") -> Script:
    """Parse script text; raise FileError naming every bad line."""
    data, locator = parse_yaml(text, name)
    return _script_from(data, Checker(name, locator))
