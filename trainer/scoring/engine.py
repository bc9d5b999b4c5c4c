"""The scoring engine: turn a message into a scorecard under a rubric.

For each criterion the level is the highest ladder rung whose requirement holds, plus any
adjustments, limited by caps; every indicator that moved the level becomes evidence, and the
indicators missing for the next rung become coaching. Pure and deterministic: no clock, no
randomness, no I/O.
"""

from __future__ import annotations

from collections.abc import Container

from trainer.scoring.analysis import Analysis
from trainer.scoring.coaching import coaching_for
from trainer.scoring.context import Context
from trainer.scoring.detectors import Finding
from trainer.scoring.language import looks_english
from trainer.scoring.rubric import Criterion, Rubric
from trainer.scoring.scorecard import CriterionResult, Evidence, Scorecard
from trainer.scoring.text import MAX_ANALYSED_CHARS, analyse


class Findings(dict[str, "Finding | None"]):
    """Indicator results computed on first use: `ref in findings` runs the detector once.

    A dict of ref -> Finding (None: did not fire) whose missing keys run their detector, so
    a result already known is one lookup in C. Ladders short-circuit, so a message only
    pays for the detectors its grade depends on.
    """

    def __init__(self, rubric: Rubric, analysis: Analysis | None):
        super().__init__()
        self._indicators = rubric.indicators
        self._analysis = analysis

    def __missing__(self, ref: str) -> Finding | None:
        analysis = self._analysis
        found = None if analysis is None else self._indicators[ref].detector.detect(analysis)
        self[ref] = found
        return found

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and self[ref] is not None


def _evidence(
    criterion: Criterion, rubric: Rubric, ref: str, finding: Finding | None, effect: str, text: str
) -> Evidence:
    assert finding is not None  # only indicators that fired are quoted
    indicator = rubric.indicators[ref]
    quotes = tuple(text[s:e].strip()[:200] for s, e in finding.spans[:5])
    return Evidence(
        criterion.id, ref, indicator.label, effect, finding.spans, quotes, finding.detail
    )


def _grade_criterion(
    criterion: Criterion, rubric: Rubric, findings: Findings, context: Context, text: str
) -> CriterionResult:
    # `ref in fired` runs the indicator's detector on first use. Typed as a Container so that
    # compiled code calls Findings.__contains__ (mypyc tests a dict-typed value with
    # PyDict_Contains, which would skip the override).
    fired: Container[str] = findings
    level = 0
    for rung in sorted(criterion.ladder, reverse=True):
        if criterion.ladder[rung].holds(fired):
            level = rung
            break
    evidence: list[Evidence] = []
    if level:
        for ref in sorted(criterion.ladder[level].supporting(fired)):
            evidence.append(
                _evidence(criterion, rubric, ref, findings[ref], f"reached level {level}", text)
            )
    for adjustment in criterion.adjust:
        if adjustment.when in fired:
            level += adjustment.points
            sign = "+" if adjustment.points > 0 else ""
            evidence.append(
                _evidence(
                    criterion,
                    rubric,
                    adjustment.when,
                    findings[adjustment.when],
                    f"{sign}{adjustment.points}",
                    text,
                )
            )
    level = max(0, min(4, level))
    capped_by: list[str] = []
    for cap in criterion.caps:
        # The level test first: a cap at or above the level cannot apply, so its detector
        # need not run (detectors are pure, so skipping one never changes a result).
        if level > cap.max and cap.when in fired and not (cap.unless and cap.unless in fired):
            level = cap.max
            capped_by.append(cap.when)
            evidence.append(
                _evidence(
                    criterion, rubric, cap.when, findings[cap.when], f"capped at {cap.max}", text
                )
            )
    tips = coaching_for(criterion, rubric, fired, level, capped_by, context)
    return CriterionResult(
        criterion.id,
        criterion.title,
        level,
        criterion.levels.get(level, ""),
        tuple(evidence),
        tuple(tips),
    )


def grade(message: str, rubric: Rubric, context: Context | None = None) -> Scorecard:
    """Grade one message under a rubric and return its scorecard."""
    context = context or Context(channel=rubric.channel)
    analysed = analyse(message if isinstance(message, str) else "")
    notices: list[str] = []
    if analysed.was_html:
        notices.append("The message was HTML; it was graded on its text with the tags removed.")
    if analysed.truncated:
        notices.append(
            f"The message is very long; only its first {MAX_ANALYSED_CHARS:,} characters were graded."
        )
    stats = {"words": analysed.word_count, "characters": len(analysed.text)}
    # Line breaks read from CRs keep the length, so the caller's own text is what spans index.
    changed = analysed.was_html or analysed.truncated or not isinstance(message, str)
    shown = analysed.text if changed else message
    if not analysed.text.strip():
        notices.append("The message is empty: there is nothing to grade.")
    elif not looks_english(analysed.alpha_words):
        notices.append(
            "The message does not look like English; Reconnect grades English messages only, "
            "so no levels were given."
        )
        results = tuple(CriterionResult(c.id, c.title, None, "not graded") for c in rubric.criteria)
        return Scorecard(
            rubric.id,
            rubric.version,
            context.channel,
            results,
            None,
            shown,
            tuple(notices),
            "other",
            stats,
            changed,
        )
    analysis = Analysis(analysed, context, rubric.matcher) if analysed.text.strip() else None
    findings = Findings(rubric, analysis)
    if analysis is not None:
        results = tuple(
            _grade_criterion(c, rubric, findings, context, analysed.text) for c in rubric.criteria
        )
    else:
        results = tuple(
            CriterionResult(c.id, c.title, 0, c.levels.get(0, "")) for c in rubric.criteria
        )
    total_weight = sum(c.weight for c in rubric.criteria) or 1
    overall = round(
        sum((r.level or 0) / 4 * c.weight for r, c in zip(results, rubric.criteria, strict=True))
        * 100
        / total_weight
    )
    return Scorecard(
        rubric.id,
        rubric.version,
        context.channel,
        results,
        overall,
        shown,
        tuple(notices),
        "en",
        stats,
        changed,
    )
