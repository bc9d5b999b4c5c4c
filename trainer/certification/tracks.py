"""Certification tracks: what a track's exam draws from, how it is passed, and how long it lasts.

Track files are YAML (`rubrics/tracks/`, reference in `rubrics/tracks/_reference.yaml`).
`load_track` raises `FileError` naming file, line and field; `load_tracks` loads a folder and
collects problems, so one broken file never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from trainer.checker import Checker
from trainer.yamldoc import FileError, Problem, load_each, load_yaml

CRITERIA = ("reconnection", "urgency", "trust", "follow_up")
RELEASES = ("automatic", "review")


@dataclass(frozen=True)
class PassRules:
    """What an exam attempt must reach to pass; None means the rule is not used."""

    min_mean: dict[str, float]  # criterion -> lowest mean level over the graded touches
    min_touch_level: int | None  # no criterion on any graded touch below this
    max_speed_to_lead: int | None  # minutes to the first touch, for a fresh lead
    min_discipline: int | None  # follow-up discipline score 0-100
    min_overall: float | None  # mean overall 0-100


def rules_from(data: dict[str, Any]) -> PassRules:
    """Rebuild pass rules from `asdict(rules)` (as stored with an exam)."""
    return PassRules(
        min_mean={k: float(v) for k, v in (data.get("min_mean") or {}).items()},
        min_touch_level=data.get("min_touch_level"),
        max_speed_to_lead=data.get("max_speed_to_lead"),
        min_discipline=data.get("min_discipline"),
        min_overall=data.get("min_overall"),
    )


@dataclass(frozen=True)
class Track:
    """One certification: its exam, pass rules, attempts and validity."""

    id: str
    title: str
    version: int
    summary: str
    pool: tuple[str, ...]  # scenario ids; one is drawn per attempt
    time_limit_minutes: int
    release: str  # automatic | review
    rules: PassRules
    max_attempts: int  # attempts allowed in any `attempt_window_days`
    attempt_window_days: int
    cooldown_hours: int  # wait after a failed attempt
    prerequisites: tuple[str, ...]
    validity_months: int
    recertify_days: int  # a holder may sit the exam again this many days before expiry
    source_file: str = ""

    def snapshot(self) -> dict[str, Any]:
        """Return what an exam keeps of the track when it starts: the rules it is judged by."""
        return {
            "version": self.version,
            "release": self.release,
            "pass": asdict(self.rules),
            "validity_months": self.validity_months,
        }


@dataclass
class TrackCatalog:
    """Tracks loaded from folders, plus every problem found."""

    tracks: dict[str, Track] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _rules(check: Checker, data: Any) -> PassRules:
    path = ("pass",)
    rules = check.mapping(
        data, path, (), ("min_mean", "min_touch_level", "max_speed_to_lead", "min_discipline",
                         "min_overall"),
    ) or {}  # fmt: skip
    means: dict[str, float] = {}
    raw = rules.get("min_mean")
    if raw is not None:
        table = check.mapping(raw, (*path, "min_mean"), (), CRITERIA) or {}
        for criterion in CRITERIA:
            if criterion in table:
                means[criterion] = check.number(
                    table, criterion, (*path, "min_mean"), minimum=0, maximum=4
                )

    def optional(key: str, maximum: int) -> int | None:
        if rules.get(key) is None:
            return None
        return check.integer(rules, key, path, minimum=0, maximum=maximum)

    overall = None
    if rules.get("min_overall") is not None:
        overall = check.number(rules, "min_overall", path, minimum=0, maximum=100)
    result = PassRules(
        min_mean=means,
        min_touch_level=optional("min_touch_level", 4),
        max_speed_to_lead=optional("max_speed_to_lead", 60 * 24 * 7),
        min_discipline=optional("min_discipline", 100),
        min_overall=overall,
    )
    if not (means or rules):
        check.problem(path, "has no rules", "name at least one, e.g. min_mean: {trust: 3}")
    return result


def build_track(data: Any, check: Checker, known_scenarios: set[str] | None = None) -> Track | None:
    """Build a track from parsed YAML, recording problems in `check`."""
    top = check.mapping(
        data, (), ("id", "title", "version", "exam", "pass", "validity"),
        ("summary", "attempts", "prerequisites"),
    )  # fmt: skip
    if top is None:
        return None
    exam = check.mapping(top.get("exam"), ("exam",), ("pool", "time_limit_minutes"), ("release",))
    exam = exam or {}
    pool = check.text_list(exam, "pool", ("exam",), required=True)
    if not pool and "pool" in exam:
        check.problem(("exam", "pool"), "is empty", "list at least one scenario id")
    if known_scenarios is not None:
        for index, scenario_id in enumerate(pool):
            if scenario_id not in known_scenarios:
                check.problem(
                    ("exam", "pool", index),
                    f"no scenario '{scenario_id}' in the catalogue",
                    "use an id from `trainer scenarios list`",
                )
    attempts = check.mapping(
        top.get("attempts", {}), ("attempts",), (), ("max", "per_days", "cooldown_hours")
    ) or {}  # fmt: skip
    validity = check.mapping(top.get("validity"), ("validity",), ("months",), ("recertify_days",))
    validity = validity or {}
    return Track(
        id=check.identifier(top, "id", ()),
        title=check.text(top, "title", ()),
        version=check.integer(top, "version", (), minimum=1, default=1),
        summary=check.text(top, "summary", (), required=False),
        pool=pool,
        time_limit_minutes=check.integer(
            exam, "time_limit_minutes", ("exam",), minimum=5, maximum=480, default=30
        ),
        release=check.choice(exam, "release", ("exam",), RELEASES, required=False) or "automatic",
        rules=_rules(check, top.get("pass")),
        max_attempts=check.integer(
            attempts, "max", ("attempts",), required=False, minimum=1, maximum=100, default=3
        ),
        attempt_window_days=check.integer(
            attempts, "per_days", ("attempts",), required=False, minimum=1, maximum=365, default=30
        ),
        cooldown_hours=check.integer(
            attempts,
            "cooldown_hours",
            ("attempts",),
            required=False,
            minimum=0,
            maximum=720,
            default=24,
        ),
        prerequisites=check.text_list(top, "prerequisites", ()),
        validity_months=check.integer(
            validity, "months", ("validity",), minimum=1, maximum=120, default=12
        ),
        recertify_days=check.integer(
            validity,
            "recertify_days",
            ("validity",),
            required=False,
            minimum=0,
            maximum=365,
            default=60,
        ),
        source_file=check.file,
    )


def load_track(path: Path, known_scenarios: set[str] | None = None) -> Track:
    """Load one track file; raise FileError listing every problem found in it."""
    data, locator = load_yaml(path)
    check = Checker(str(path), locator)
    track = build_track(data, check, known_scenarios)
    if check.problems or track is None:
        raise FileError(check.problems or [Problem(str(path), None, "(file)", "empty file")])
    return track


def load_tracks(folders: Iterable[Path], known_scenarios: set[str] | None = None) -> TrackCatalog:
    """Load every track file in the folders (names starting "_" are documentation)."""
    catalog = TrackCatalog()
    files = [
        path
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.glob("*.y*ml"))
        if not path.name.startswith("_")
    ]
    loaded = load_each(files, lambda p: load_track(p, known_scenarios), catalog.problems)
    for path, track in loaded:
        if track.id in catalog.tracks:
            catalog.problems.append(
                Problem(str(path), 1, "id", f"id '{track.id}' is used twice", "ids are unique")
            )
            continue
        catalog.tracks[track.id] = track
    for track in list(catalog.tracks.values()):
        for index, needed in enumerate(track.prerequisites):
            if needed not in catalog.tracks or needed == track.id:
                catalog.problems.append(
                    Problem(
                        track.source_file,
                        None,
                        f"prerequisites[{index}]",
                        f"no other track '{needed}'",
                        "name the id of another track file",
                    )
                )
    return catalog
