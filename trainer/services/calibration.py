"""Check the scorer against expert-labelled messages: agreement per criterion.

A labelled file is batch JSONL plus `"labels": {criterion: 0-4}` per line (or `null` for a
message that must be reported as not English). The same check runs in the test suite, on the
command line (`trainer calibrate`), and for a consultant's own labelled messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from trainer.scoring import Context, grade
from trainer.scoring.agreement import Agreement, agreement
from trainer.scoring.rubric import CRITERIA
from trainer.services.library import Library


@dataclass(frozen=True)
class Disagreement:
    """One message where the scorer and the label differ."""

    id: str
    criterion: str
    label: int
    scored: int


@dataclass
class CalibrationReport:
    """Agreement per criterion over a set of labelled messages."""

    by_criterion: dict[str, Agreement]
    messages: int
    language_checks: int
    language_misses: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)


class LabelError(ValueError):
    """A labelled file has a line that cannot be used; the message names file and line."""


def _check_row(row: object, where: str) -> dict:
    if not isinstance(row, dict):
        raise LabelError(f"{where}: each line must be a JSON object")
    for key in ("id", "channel", "message"):
        if not isinstance(row.get(key), str):
            raise LabelError(f'{where}: "{key}" must be text')
    if row["channel"] not in ("email", "text", "voicemail"):
        raise LabelError(f"{where}: unknown channel {row['channel']!r}")
    labels = row.get("labels", "missing")
    if labels is None:
        return row
    if not isinstance(labels, dict):
        raise LabelError(f'{where}: "labels" must map each criterion to a level 0-4 (or be null)')
    for criterion in CRITERIA:
        level = labels.get(criterion)
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
            raise LabelError(
                f"{where}: labels.{criterion} must be a whole number 0-4, not {level!r}"
            )
    return row


def load_labelled(paths: list[Path]) -> list[dict]:
    """Read and check labelled messages from JSONL files; raise LabelError naming the line."""
    rows = []
    for path in paths:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LabelError(f"{where}: not valid JSON ({exc.msg})") from None
                rows.append(_check_row(row, where))
    return rows


def calibrate(library: Library, rows: list[dict]) -> CalibrationReport:
    """Grade every labelled message and measure agreement with its labels."""
    labels: dict[str, list[int]] = {c: [] for c in CRITERIA}
    scored: dict[str, list[int]] = {c: [] for c in CRITERIA}
    misses: list[str] = []
    disagreements: list[Disagreement] = []
    checks = 0
    for row in rows:
        context = Context.from_mapping(row.get("context"), row["channel"])
        card = grade(row["message"], library.rubric_for_channel(row["channel"]), context)
        if row.get("labels") is None:
            checks += 1
            if card.language == "en":
                misses.append(row["id"])
            continue
        for criterion in CRITERIA:
            level = card.scores[criterion]
            level = 0 if level is None else level
            labels[criterion].append(row["labels"][criterion])
            scored[criterion].append(level)
            if level != row["labels"][criterion]:
                disagreements.append(
                    Disagreement(row["id"], criterion, row["labels"][criterion], level)
                )
    return CalibrationReport(
        {c: agreement(labels[c], scored[c]) for c in CRITERIA},
        len(rows) - checks,
        checks,
        misses,
        disagreements,
    )
