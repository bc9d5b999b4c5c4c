"""Rubrics as values: criteria, level descriptors, indicators, and how indicators decide levels.

A rubric names indicators (each a detector from the registry, chosen by its `type:`) and, per
criterion, a *ladder*: the requirement for each level 1-4, written with indicator ids and
`any` / `all` / `not`. The level is the highest rung whose requirement holds; `adjust` then
adds or removes points and `caps` limit the level when an indicator fires. A rubric may
`extends:` another and replace indicators or criteria by id. Phrase families come from the
folder's `_phrases.yaml` and the rubric's own `families:`. Loading the files is in
`trainer.scoring.rubric_files`.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from trainer.scoring.detectors import Detector
from trainer.scoring.phrases import PhraseMatcher

CRITERIA = ("reconnection", "urgency", "trust", "follow_up")


@dataclass(frozen=True)
class Requirement:
    """A condition on which indicators fired: a reference, or any/all/not of requirements."""

    op: str  # "ref" | "any" | "all" | "not" | "at_least"
    ref: str = ""
    parts: tuple[Requirement, ...] = ()
    count: int = 0

    def holds(self, fired: Container[str]) -> bool:
        """Return True if the requirement is met by the fired indicators."""
        # Loops rather than any()/all() over generators: this runs dozens of times per
        # message, and a plain loop skips building a generator for every node.
        op = self.op
        if op == "ref":
            return self.ref in fired
        if op == "any":
            for part in self.parts:
                if (part.ref in fired) if part.op == "ref" else part.holds(fired):
                    return True
            return False
        if op == "all":
            for part in self.parts:
                if not ((part.ref in fired) if part.op == "ref" else part.holds(fired)):
                    return False
            return True
        if op == "at_least":
            return sum(part.holds(fired) for part in self.parts) >= self.count
        return not self.parts[0].holds(fired)

    def missing(self, fired: Container[str]) -> list[str]:
        """Return indicator ids that would have to fire for the requirement to hold."""
        if self.holds(fired):
            return []
        if self.op == "ref":
            return [self.ref]
        if self.op == "any":
            options = [part.missing(fired) for part in self.parts if part.op != "not"]
            options = [option for option in options if option]
            return min(options, key=len) if options else []
        if self.op == "all":
            out: list[str] = []
            for part in self.parts:
                out += [ref for ref in part.missing(fired) if ref not in out]
            return out
        if self.op == "at_least":
            short = self.count - sum(part.holds(fired) for part in self.parts)
            options = [part.missing(fired) for part in self.parts if not part.holds(fired)]
            return [ref for option in sorted(options, key=len)[:short] for ref in option]
        return []

    def supporting(self, fired: Container[str]) -> set[str]:
        """Return the indicators that fired and made this requirement hold (never a `not`)."""
        if not self.holds(fired):
            return set()
        return self._support(fired)

    def _support(self, fired: Container[str]) -> set[str]:
        """`supporting` for a requirement known to hold: each part is tested once."""
        if self.op == "ref":
            return {self.ref}
        if self.op == "not":
            return set()
        out: set[str] = set()
        for part in self.parts:
            if part.holds(fired):
                out |= part._support(fired)
        return out

    def refs(self) -> set[str]:
        """Return every indicator id the requirement mentions."""
        if self.op == "ref":
            return {self.ref}
        return set().union(*(part.refs() for part in self.parts))


@dataclass(frozen=True)
class Indicator:
    """A named detector with the words people see: what it means and how to improve."""

    id: str
    label: str
    detector: Detector
    coach: str = ""


@dataclass(frozen=True)
class Adjustment:
    """Points added to (or taken from) a level when an indicator fires."""

    when: str
    points: int


@dataclass(frozen=True)
class Cap:
    """The highest level allowed when an indicator fires (unless another one fires too)."""

    when: str
    max: int
    unless: str = ""


@dataclass(frozen=True)
class Criterion:
    """One graded dimension with its level descriptors and the rules that set the level."""

    id: str
    title: str
    weight: int
    levels: dict[int, str]
    ladder: dict[int, Requirement]
    adjust: tuple[Adjustment, ...]
    caps: tuple[Cap, ...]
    example: str

    def indicator_ids(self) -> set[str]:
        """Return the ids of every indicator this criterion reads."""
        ids = set().union(*(req.refs() for req in self.ladder.values()))
        ids |= {a.when for a in self.adjust}
        ids |= {c.when for c in self.caps} | {c.unless for c in self.caps if c.unless}
        return ids


@dataclass(frozen=True)
class Rubric:
    """A loaded rubric: criteria, indicators, and the phrase matcher they share."""

    id: str
    title: str
    version: int
    channel: str
    criteria: tuple[Criterion, ...]
    indicators: dict[str, Indicator]
    matcher: PhraseMatcher
    source: str
