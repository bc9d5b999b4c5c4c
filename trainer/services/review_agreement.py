"""How often the scorer and the reviewers agree, per criterion, over a period.

Every exam a manager reviewed and released is a set of expert judgements: for each graded
answer and criterion, the reviewer either kept the scorer's level or changed it (with a
reason). Those pairs give exact and adjacent agreement and quadratic weighted kappa; the
changed ones are listed so a consultant can see when a rubric needs tuning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import CRITERIA, Exam
from trainer.scoring.agreement import Agreement, agreement


@dataclass(frozen=True)
class Disagreement:
    """One answer where a reviewer changed the scorer's level."""

    exam: Exam
    touch_index: int
    criterion: str
    scorer: int
    reviewer: int
    reason: str


@dataclass(frozen=True)
class Report:
    """Agreement per criterion over the reviewed exams of a period."""

    exams: int
    by_criterion: dict[str, Agreement]
    disagreements: list[Disagreement]


def report(dealership_ids: list[int] | None, start: datetime, end: datetime) -> Report:
    """Compare scorer and reviewer levels on exams reviewed in [start, end) (None: all stores)."""
    query = select(Exam).where(
        Exam.reviewed_at.is_not(None), Exam.reviewed_at >= start, Exam.reviewed_at < end
    )
    if dealership_ids is not None:
        query = query.where(Exam.dealership_id.in_(dealership_ids or [-1]))
    exams = list(db.session.scalars(query.order_by(Exam.reviewed_at)))
    pairs: dict[str, tuple[list[int], list[int]]] = {c: ([], []) for c in CRITERIA}
    disagreements: list[Disagreement] = []
    for exam in exams:
        touches = [t for t in (exam.attempt.result or {}).get("touches", []) if t.get("scores")]
        latest = {}
        for override in exam.attempt.overrides:  # the last change on a level counts
            latest[(override.touch_index, override.criterion)] = override
        for index, touch in enumerate(touches):
            for criterion in CRITERIA:
                scored = touch["scores"].get(criterion)
                if scored is None:
                    continue
                override = latest.get((index, criterion))
                reviewed = override.new_level if override else scored
                pairs[criterion][0].append(scored)
                pairs[criterion][1].append(reviewed)
                if reviewed != scored:
                    disagreements.append(
                        Disagreement(exam, index, criterion, scored, reviewed, override.reason)
                    )
    return Report(
        len(exams),
        {c: agreement(a, b) for c, (a, b) in pairs.items()},
        disagreements,
    )
