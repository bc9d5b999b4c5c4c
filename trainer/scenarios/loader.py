"""Build scenarios from YAML files, reporting every problem with file, line, field and hint.

`load_scenario` raises `FileError` for one file; `load_catalog` loads folders and collects
problems, so one broken file never stops the others from loading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from trainer.checker import Checker
from trainer.scenarios import model as m
from trainer.scoring.context import OBJECTIONS
from trainer.scoring.facts import FACTS
from trainer.yamldoc import FileError, PathKey, Problem, load_yaml

_CONDITION = re.compile(r"^\s*(>=|<=|==|>|<)\s*(\d+)\s*$")
_CRITERIA = ("reconnection", "urgency", "trust", "follow_up", "overall")
FORBIDDABLE = (*FACTS,)


def _offset(check: Checker, value: Any, path: PathKey) -> m.Offset | None:
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
    after = _offset(check, data["after"], (*path, "after")) if "after" in data else None
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
    at = _offset(check, data.get("at"), (*path, "at")) or m.Offset(0, "minutes")
    channel = check.choice(data, "channel", path, m.CHANNELS)
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


def _vehicle(check: Checker, value: Any, path: PathKey, trade: bool) -> m.Vehicle | None:
    required = (
        ("year", "make", "model")
        if trade
        else ("condition", "year", "make", "model", "stock_number", "price")
    )
    optional = ("mileage", "payoff", "notes") if trade else ("trim", "mileage", "color")
    data = check.mapping(value, path, required, optional)
    if data is None:
        return None
    return m.Vehicle(
        year=check.integer(data, "year", path, minimum=1950, maximum=2035),
        make=check.text(data, "make", path),
        model=check.text(data, "model", path),
        condition=None if trade else check.choice(data, "condition", path, m.CONDITIONS),
        trim=check.text(data, "trim", path, required=False) or None,
        stock_number=None if trade else check.text(data, "stock_number", path),
        price=None if trade else check.integer(data, "price", path, minimum=1),
        mileage=check.integer(data, "mileage", path, required=False, minimum=0, default=0) or None,
        color=check.text(data, "color", path, required=False) or None,
        payoff=check.integer(data, "payoff", path, required=False, minimum=0, default=0) or None,
        notes=check.text(data, "notes", path, required=False) or None,
    )


def _arrived(check: Checker, data: dict, path: PathKey) -> datetime:
    value = data.get("arrived_at")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, datetime) or value.tzinfo is None:
        check.problem(
            (*path, "arrived_at"),
            "must be a date and time with a UTC offset",
            "e.g. 2026-03-14T18:52:00-05:00",
        )
        return datetime(2026, 1, 1).astimezone()
    return value


def build_scenario(
    data: Any, check: Checker, known_rubrics: set[str] | None = None
) -> m.Scenario | None:
    """Build a scenario from parsed YAML, recording problems in `check`."""
    top = check.mapping(
        data,
        (),
        ("id", "title", "version", "stage", "difficulty", "lead", "persona", "vehicle", "steps"),
        ("summary", "tags", "trade_in", "objections", "dealership"),
    )
    if top is None:
        return None
    lead_data = (
        check.mapping(
            top.get("lead"),
            ("lead",),
            ("source", "arrived_at", "customer_message", "provided"),
            ("age_days",),
        )
        or {}
    )
    lead = m.Lead(
        source=check.choice(lead_data, "source", ("lead",), m.SOURCES),
        arrived_at=_arrived(check, lead_data, ("lead",)),
        customer_message=check.text(lead_data, "customer_message", ("lead",)),
        provided=check.text_list(
            lead_data, "provided", ("lead",), choices=("email", "phone"), required=True
        ),
        age_days=check.integer(lead_data, "age_days", ("lead",), required=False, minimum=0),
    )
    if lead_data and not lead.provided:
        check.problem(
            ("lead", "provided"),
            "a lead must carry at least one contact detail",
            "[email], [phone] or [email, phone]",
        )
    p = (
        check.mapping(
            top.get("persona"),
            ("persona",),
            ("first_name", "last_name", "contact_preferences", "temperament", "responsiveness"),
            ("hot_buttons", "background"),
        )
        or {}
    )
    persona = m.Persona(
        first_name=check.text(p, "first_name", ("persona",)),
        last_name=check.text(p, "last_name", ("persona",)),
        contact_preferences=check.text_list(
            p, "contact_preferences", ("persona",), choices=m.CONTACT_CHANNELS, required=True
        ),
        temperament=check.choice(p, "temperament", ("persona",), m.TEMPERAMENTS),
        responsiveness=check.number(p, "responsiveness", ("persona",), minimum=0.0, maximum=1.0)
        if p
        else 0.0,
        hot_buttons=check.text_list(p, "hot_buttons", ("persona",)),
        background=check.text(p, "background", ("persona",), required=False) or None,
    )
    vehicle = _vehicle(check, top.get("vehicle"), ("vehicle",), trade=False)
    trade = (
        _vehicle(check, top["trade_in"], ("trade_in",), trade=True) if top.get("trade_in") else None
    )
    objections = []
    raw_objections = top.get("objections") or []
    if not isinstance(raw_objections, list):
        check.problem(("objections",), "must be a list of {type, words}")
        raw_objections = []
    for index, item in enumerate(raw_objections):
        o = check.mapping(item, ("objections", index), ("type", "words"))
        if o:
            objections.append(
                m.Objection(
                    check.choice(o, "type", ("objections", index), OBJECTIONS),
                    check.text(o, "words", ("objections", index)),
                )
            )
    d = (
        check.mapping(
            top.get("dealership") or {}, ("dealership",), (), ("name", "salesperson", "phone")
        )
        or {}
    )
    dealership = m.Dealership(
        *(
            check.text(d, k, ("dealership",), required=False) or None
            for k in ("name", "salesperson", "phone")
        )
    )
    steps = _steps(check, top.get("steps"), known_rubrics)
    scenario = m.Scenario(
        id=check.identifier(top, "id", ()),
        title=check.text(top, "title", ()),
        version=check.integer(top, "version", (), minimum=1),
        stage=check.choice(top, "stage", (), m.STAGES),
        difficulty=check.integer(top, "difficulty", (), minimum=1, maximum=5),
        lead=lead,
        persona=persona,
        vehicle=vehicle or m.Vehicle(0, "", ""),
        steps=tuple(steps),
        trade_in=trade,
        objections=tuple(objections),
        dealership=dealership,
        summary=check.text(top, "summary", (), required=False) or None,
        tags=check.text_list(top, "tags", ()),
        source_file=check.file,
    )
    return scenario


def _steps(check: Checker, raw: Any, known_rubrics: set[str] | None) -> list[m.Step]:
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


def load_scenario(path: Path, known_rubrics: set[str] | None = None) -> m.Scenario:
    """Load one scenario file; raise FileError listing every problem found in it."""
    data, locator = load_yaml(path)
    check = Checker(str(path), locator)
    scenario = build_scenario(data, check, known_rubrics)
    if check.problems or scenario is None:
        raise FileError(check.problems or [Problem(str(path), None, "(file)", "empty file")])
    return scenario


@dataclass
class Catalog:
    """Scenarios loaded from folders, plus every problem found along the way."""

    scenarios: dict[str, m.Scenario] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def scenario_files(paths: Iterable[Path], include_reference: bool = False) -> list[Path]:
    """Expand folders into their scenario files (names starting "_" are documentation)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += [
                p
                for p in sorted(path.glob("*.y*ml"))
                if include_reference or not p.name.startswith("_")
            ]
        else:
            out.append(path)
    return out


def load_catalog(
    paths: Iterable[Path], known_rubrics: set[str] | None = None, include_reference: bool = False
) -> Catalog:
    """Load every scenario file under the paths; never stop at a broken file."""
    catalog = Catalog()
    for path in scenario_files(paths, include_reference):
        catalog.files += 1
        try:
            scenario = load_scenario(path, known_rubrics)
        except FileError as exc:
            catalog.problems += exc.problems
            continue
        if scenario.id in catalog.scenarios:
            other = catalog.scenarios[scenario.id].source_file
            catalog.problems.append(
                Problem(
                    str(path),
                    1,
                    "id",
                    f"id '{scenario.id}' is also used by {other}",
                    "ids must be unique across the catalogue",
                )
            )
            continue
        catalog.scenarios[scenario.id] = scenario
    return catalog
