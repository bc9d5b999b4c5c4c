"""Build scenarios from YAML files, reporting every problem with file, line, field and hint.

`load_scenario` raises `FileError` for one file; `load_catalog` loads folders and collects
problems, so one broken file never stops the others from loading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.checker import Checker
from trainer.scenarios import model as m
from trainer.scenarios.steps import build_steps
from trainer.scoring.context import OBJECTIONS, STAGES
from trainer.yamldoc import FileError, PathKey, Problem, load_each, load_yaml


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
        return datetime(2026, 1, 1, tzinfo=UTC)  # a placeholder; the problem is reported
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
    steps = build_steps(check, top.get("steps"), known_rubrics)
    scenario = m.Scenario(
        id=check.identifier(top, "id", ()),
        title=check.text(top, "title", ()),
        version=check.integer(top, "version", (), minimum=1),
        stage=check.choice(top, "stage", (), STAGES),
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
    files = scenario_files(paths, include_reference)
    catalog.files = len(files)
    loaded = load_each(files, lambda p: load_scenario(p, known_rubrics), catalog.problems)
    for path, scenario in loaded:
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
