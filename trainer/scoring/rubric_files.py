"""Load rubric files: check every key, resolve `extends:`, build indicators and ladders.

One broken file never stops the others loading; every problem names file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import BUILTINS
from trainer.scoring.context import OBJECTIONS
from trainer.scoring.detectors import REGISTRY
from trainer.scoring.facts import fact_terms
from trainer.scoring.phrases import PhraseMatcher
from trainer.scoring.rubric import (
    CRITERIA,
    Adjustment,
    Cap,
    Criterion,
    Indicator,
    Requirement,
    Rubric,
)
from trainer.yamldoc import FileError, Locator, PathKey, Problem, load_yaml, unexpected

PHRASE_FILE = "_phrases.yaml"
_RUBRIC_KEYS = ("id", "title", "version", "channel", "criteria", "indicators")
_OPTIONAL_KEYS = ("extends", "description", "families")


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = {**parent, **{k: v for k, v in child.items() if k not in ("extends",)}}
    merged["families"] = {**(parent.get("families") or {}), **(child.get("families") or {})}
    by_id = {i.get("id"): i for i in parent.get("indicators", []) if isinstance(i, dict)}
    for item in child.get("indicators", []) or []:
        if isinstance(item, dict):
            by_id[item.get("id")] = item
    merged["indicators"] = list(by_id.values())
    criteria = dict(parent.get("criteria", {}))
    for key, value in (child.get("criteria") or {}).items():
        base = criteria.get(key, {})
        criteria[key] = (
            {**base, **value} if isinstance(value, dict) and isinstance(base, dict) else value
        )
    merged["criteria"] = criteria
    return merged


def _requirement(value: Any, path: PathKey, check: Checker) -> Requirement:
    if isinstance(value, str):
        return Requirement("ref", ref=value)
    if isinstance(value, dict) and len(value) == 1:
        ((op, parts),) = value.items()
        if op in ("any", "all") and isinstance(parts, list) and parts:
            return Requirement(
                op, parts=tuple(_requirement(p, (*path, op, i), check) for i, p in enumerate(parts))
            )
        if op == "not":
            return Requirement("not", parts=(_requirement(parts, (*path, op), check),))
    if isinstance(value, dict) and set(value) == {"at_least", "of"}:
        count, parts = value["at_least"], value["of"]
        if isinstance(count, int) and isinstance(parts, list) and 0 < count <= len(parts):
            return Requirement(
                "at_least",
                parts=tuple(_requirement(p, (*path, "of", i), check) for i, p in enumerate(parts)),
                count=count,
            )
    check.problem(
        path,
        "not a valid requirement",
        "use an indicator id, {any: [...]}, {all: [...]}, {not: id} or {at_least: N, of: [...]}",
    )
    return Requirement("any", parts=())


def _indicator(item: Any, path: PathKey, check: Checker) -> Indicator | None:
    item = check.mapping(item, path, ("id", "type", "label"), ("coach", *_all_settings()))
    if item is None:
        return None
    kind = item.get("type")
    cls = REGISTRY.get(kind) if isinstance(kind, str) else None
    if cls is None:
        check.problem(
            (*path, "type"),
            f"unknown indicator type {kind!r}",
            f"use one of: {', '.join(sorted(REGISTRY))}",
        )
        return None
    allowed = set(cls.settings) | {"id", "type", "label", "coach"}
    for key in item:
        if key not in allowed:
            check.problem(
                (*path, key),
                f"'{key}' is not a setting of type {kind}",
                f"settings: {', '.join(sorted(cls.settings)) or 'none'}",
            )
    for key in cls.required:
        if key not in item:
            check.problem(path, f"type {kind} needs '{key}'", cls.settings.get(key, ""))
    detector = cls()
    detector.configure(item, check, path)
    return Indicator(
        check.text(item, "id", path),
        check.text(item, "label", path),
        detector,
        check.text(item, "coach", path, required=False),
    )


def _all_settings() -> set[str]:
    return set().union(*(cls.settings for cls in REGISTRY.values()))


def _criterion(
    cid: str, data: Any, path: PathKey, check: Checker, indicators: dict[str, Indicator]
) -> Criterion | None:
    data = check.mapping(
        data, path, ("title", "weight", "levels", "ladder"), ("adjust", "caps", "example")
    )
    if data is None:
        return None
    levels_raw = data.get("levels")
    levels: dict[int, str] = {}
    if isinstance(levels_raw, dict) and set(levels_raw) == {0, 1, 2, 3, 4}:
        levels = {int(k): str(v).strip() for k, v in levels_raw.items()}
    else:
        check.problem((*path, "levels"), "must describe each level 0, 1, 2, 3 and 4")
    ladder: dict[int, Requirement] = {}
    ladder_raw = data.get("ladder")
    if isinstance(ladder_raw, dict) and ladder_raw and set(ladder_raw) <= {1, 2, 3, 4}:
        ladder = {
            int(k): _requirement(v, (*path, "ladder", k), check) for k, v in ladder_raw.items()
        }
    else:
        check.problem((*path, "ladder"), "must map levels 1-4 to requirements")
    adjust = []
    for i, item in enumerate(data.get("adjust") or []):
        item = check.mapping(item, (*path, "adjust", i), ("when", "points"))
        if item:
            adjust.append(
                Adjustment(
                    check.text(item, "when", (*path, "adjust", i)),
                    check.integer(item, "points", (*path, "adjust", i), minimum=-4, maximum=4),
                )
            )
    caps = []
    for i, item in enumerate(data.get("caps") or []):
        item = check.mapping(item, (*path, "caps", i), ("when", "max"), ("unless",))
        if item:
            caps.append(
                Cap(
                    check.text(item, "when", (*path, "caps", i)),
                    check.integer(item, "max", (*path, "caps", i), minimum=0, maximum=4),
                    check.text(item, "unless", (*path, "caps", i), required=False),
                )
            )
    criterion = Criterion(
        cid,
        check.text(data, "title", path),
        check.integer(data, "weight", path, minimum=0, maximum=100),
        levels,
        ladder,
        tuple(adjust),
        tuple(caps),
        check.text(data, "example", path, required=False),
    )
    for ref in sorted(criterion.indicator_ids() - set(indicators)):
        check.problem(path, f"refers to unknown indicator '{ref}'", "define it under `indicators`")
    return criterion


def load_families(folder: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """Read the folder's shared phrase file, if it has one."""
    path = folder / PHRASE_FILE
    if not path.is_file():
        return {}, []
    try:
        data, locator = load_yaml(path)
    except FileError as exc:
        return {}, exc.problems
    check = Checker(str(path), locator)
    families = _families(data, (), check)
    return families, check.problems + _comment_cuts(path)


_CUT_ITEM = re.compile(r"^\s*-\s+[^\"'#][^\"']*\s#")


def _comment_cuts(path: Path) -> list[Problem]:
    """Find list items that YAML silently cut short: " #" starts a comment, so the
    phrase "our #1 priority" would load as "our" and match almost every message."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if _CUT_ITEM.match(line):
            problems.append(
                Problem(
                    str(path),
                    number,
                    "(phrase)",
                    f"'{line.strip()}' is cut short by ' #', which starts a YAML comment",
                    'put the phrase in quotes, e.g. - "our #1 priority"',
                )
            )
    return problems


def _families(data: Any, path: PathKey, check: Checker) -> dict[str, list[str]]:
    data = check.mapping(data, path, (), open_keys=True)
    out: dict[str, list[str]] = {}
    for name, phrases in (data or {}).items():
        if not isinstance(phrases, list) or not all(
            isinstance(p, str) and p.strip() for p in phrases
        ):
            check.problem((*path, name), "a phrase family must be a list of phrases")
            continue
        out[str(name)] = phrases
    return out


def build_rubric(data: Any, locator: Locator, file: str, shared: dict[str, list[str]]) -> Rubric:
    """Build a rubric from parsed (and already merged) data; raise FileError if invalid."""
    check = Checker(file, locator)
    data = check.mapping(data, (), _RUBRIC_KEYS, _OPTIONAL_KEYS)
    if data is None:
        raise FileError(check.problems)
    families = {**shared, **_families(data.get("families") or {}, ("families",), check)}
    indicators: dict[str, Indicator] = {}
    raw_indicators = data.get("indicators")
    if not isinstance(raw_indicators, list):
        check.problem(("indicators",), "must be a list of indicators")
        raw_indicators = []
    for index, item in enumerate(raw_indicators):
        indicator = _indicator(item, ("indicators", index), check)
        if indicator is None:
            continue
        if indicator.id in indicators:
            check.problem(("indicators", index, "id"), f"duplicate indicator id '{indicator.id}'")
        indicators[indicator.id] = indicator
    terms = set().union(*(i.detector.terms() for i in indicators.values())) | fact_terms()
    terms |= {f"objection_{name}" for name in OBJECTIONS} | {"trade_words"}
    terms |= {p for name in list(terms) for p in families.get(name, ()) if p.startswith("@")}
    for term in sorted(terms):
        if not term.startswith("@") and term not in families:
            check.problem(
                ("indicators",),
                f"phrase family '{term}' is not defined",
                f"add it to {PHRASE_FILE} or `families`",
            )
        elif term.startswith("@") and term not in BUILTINS:
            check.problem(
                ("indicators",), f"unknown built-in '{term}'", f"built-ins: {', '.join(BUILTINS)}"
            )
    version = check.integer(data, "version", (), minimum=1)
    criteria_raw = check.mapping(data.get("criteria"), ("criteria",), CRITERIA)
    criteria = []
    for cid in CRITERIA:
        if criteria_raw and cid in criteria_raw:
            criterion = _criterion(cid, criteria_raw[cid], ("criteria", cid), check, indicators)
            if criterion:
                criteria.append(criterion)
    if check.problems:
        raise FileError(check.problems)
    return Rubric(
        id=str(data["id"]),
        title=str(data["title"]),
        version=version,
        channel=str(data["channel"]),
        criteria=tuple(criteria),
        indicators=indicators,
        matcher=PhraseMatcher({k: v for k, v in families.items() if k in terms}),
        source=file,
    )


def load_rubric_files(folders: Iterable[Path]) -> tuple[dict[str, Rubric], list[Problem]]:
    """Load every rubric in the folders; return the rubrics and all problems found.

    One broken file never stops the others from loading.
    """
    raw: dict[str, tuple[Any, Locator, str, dict[str, list[str]]]] = {}
    problems: list[Problem] = []
    for folder in folders:
        shared, shared_problems = load_families(folder)
        problems += shared_problems
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            if path.name.startswith("_"):
                continue
            try:
                data, locator = load_yaml(path)
            except FileError as exc:
                problems += exc.problems
                continue
            rid = data.get("id") if isinstance(data, dict) else None
            if not isinstance(rid, str):
                problems.append(
                    Problem(str(path), 1, "id", "missing rubric id", "add `id: <name>`")
                )
                continue
            if rid in raw:
                problems.append(
                    Problem(
                        str(path),
                        locator.line(("id",)),
                        "id",
                        f"rubric id '{rid}' is also used by {raw[rid][2]}",
                    )
                )
                continue
            raw[rid] = (data, locator, str(path), shared)
    rubrics: dict[str, Rubric] = {}
    for rid, (_, locator, file, shared) in raw.items():
        try:
            merged = _resolve(rid, raw, [])
            rubrics[rid] = build_rubric(merged, locator, file, shared)
        except FileError as exc:
            problems += exc.problems
        except Exception as exc:  # one odd file must never stop the others loading
            problems += unexpected(file, exc).problems
    return rubrics, problems


def _resolve(rid: str, raw: dict, seen: list[str]) -> dict[str, Any]:
    data, locator, file, _ = raw[rid]
    parent = data.get("extends")
    if not parent:
        return data
    if parent in seen or parent == rid:
        raise FileError(
            [
                Problem(
                    file,
                    locator.line(("extends",)),
                    "extends",
                    f"circular extends through '{parent}'",
                )
            ]
        )
    if parent not in raw:
        raise FileError(
            [
                Problem(
                    file,
                    locator.line(("extends",)),
                    "extends",
                    f"unknown rubric '{parent}'",
                    f"known: {', '.join(sorted(raw))}",
                )
            ]
        )
    return _merge(_resolve(parent, raw, [*seen, rid]), data)
