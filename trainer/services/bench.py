"""Benchmarks behind the README's speed figures: single-core grading and batch throughput.

The corpus is the bundled scenarios' model answers (typical 100-150-word emails) with their
scenario context, so the figures reflect real rubric work, not toy strings.
"""

from __future__ import annotations

import json
import os
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from trainer.scenarios import step_context
from trainer.scoring import Context, grade
from trainer.scoring.context import CONTEXT_KEYS
from trainer.services.batch import read_items, run_batch
from trainer.services.library import Library


@dataclass(frozen=True)
class SingleCoreResult:
    """Messages graded per second by one process."""

    messages: int
    mean_words: float
    cpu_seconds: float
    wall_seconds: float

    @property
    def per_second(self) -> float:
        """Return messages per CPU second."""
        return self.messages / self.cpu_seconds if self.cpu_seconds else 0.0


@dataclass(frozen=True)
class BatchResult:
    """One `--batch` run: lines, wall time, and peak memory of the parent and the workers."""

    lines: int
    workers: int
    wall_seconds: float
    parent_peak_mb: float
    worker_peak_mb: float

    @property
    def per_second(self) -> float:
        """Return lines per wall-clock second."""
        return self.lines / self.wall_seconds if self.wall_seconds else 0.0


def _email_steps(library: Library) -> list[tuple[str, Context]]:
    steps = [
        (step.model_answer, step_context(scenario, step))
        for scenario in library.catalog.scenarios.values()
        for step in scenario.steps
        if step.channel == "email" and step.model_answer
    ]
    if not steps:
        raise ValueError("the scenario catalogue has no email model answers to benchmark with")
    return steps


def email_corpus(library: Library) -> list[tuple[str, dict]]:
    """Return (message, batch context) pairs from the bundled scenarios' email model answers."""
    return [
        (message, {key: getattr(context, key) for key in CONTEXT_KEYS})
        for message, context in _email_steps(library)
    ]


def single_core(library: Library, messages: int) -> SingleCoreResult:
    """Grade `messages` emails in this process and time it."""
    rubric = library.rubric_for_channel("email")
    prepared = _email_steps(library)
    mean_words = sum(len(m.split()) for m, _ in prepared) / len(prepared)
    cpu, wall = time.process_time(), time.perf_counter()
    for index in range(messages):
        message, context = prepared[index % len(prepared)]
        grade(message, rubric, context)
    return SingleCoreResult(
        messages, mean_words, time.process_time() - cpu, time.perf_counter() - wall
    )


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kilobytes


def batch(library: Library, lines: int, workers: int) -> BatchResult:
    """Write a `lines`-line JSONL file and grade it through the batch service."""
    corpus = email_corpus(library)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for index in range(lines):
                message, context = corpus[index % len(corpus)]
                handle.write(json.dumps({"id": f"m{index}", "channel": "email",
                                         "message": message, "context": context}) + "\n")  # fmt: skip
        started = time.perf_counter()
        with open(os.devnull, "w", encoding="utf-8") as sink:
            run_batch(read_items(path), sink, library, workers=workers)
        wall = time.perf_counter() - started
    return BatchResult(
        lines, workers, wall, _peak_mb(resource.RUSAGE_SELF), _peak_mb(resource.RUSAGE_CHILDREN)
    )
