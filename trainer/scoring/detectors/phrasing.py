"""Detectors over phrase families and sentences: phrases, sentence patterns, questions."""

from __future__ import annotations

from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register, term_list
from trainer.yamldoc import PathKey


@register("phrases")
class Phrases(Detector):
    """Fires when any term of `any` occurs (at least `min_count` times in all)."""

    settings = {
        "any": "families or @built-ins, any of which counts",
        "min_count": "how many occurrences are needed (default 1)",
    }
    required = ("any",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.any = term_list(check, config, "any", path)
        self.min_count = check.integer(
            config, "min_count", path, required=False, minimum=1, default=1
        )

    def terms(self) -> set[str]:
        return set(self.any)

    def detect(self, analysis: Analysis) -> Finding | None:
        spans = sorted(span for term in self.any for span in analysis.spans(term))
        if len(spans) < self.min_count:
            return None
        return Finding(tuple(spans))


@register("sentence")
class SentencePattern(Detector):
    """Fires for sentences holding every term of `all`, one of `any`, and none of `none`.

    `question: true` keeps only questions; `question: false` only statements.
    """

    settings = {
        "all": "terms that must all occur in the sentence",
        "any": "terms of which at least one must occur in the sentence",
        "none": "terms that must not occur in the sentence",
        "question": "true: questions only; false: statements only",
        "min_count": "how many matching sentences are needed (default 1)",
        "counts": "term -> how many times it must occur in the sentence",
    }

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.all = term_list(check, config, "all", path)
        self.any = term_list(check, config, "any", path)
        self.none = term_list(check, config, "none", path)
        question = config.get("question")
        if question is not None and not isinstance(question, bool):
            check.problem((*path, "question"), "must be true or false")
            question = None
        self.question: bool | None = question
        self.min_count = check.integer(
            config, "min_count", path, required=False, minimum=1, default=1
        )
        counts = (
            check.mapping(config.get("counts", {}), (*path, "counts"), (), open_keys=True) or {}
        )
        self.counts = {
            str(term): check.integer(counts, term, (*path, "counts"), minimum=1) for term in counts
        }
        if not (self.all or self.any or self.question is not None):
            check.problem(path, "a sentence indicator needs `all`, `any` or `question`")

    def terms(self) -> set[str]:
        return set(self.all) | set(self.any) | set(self.none) | set(self.counts)

    def matching(self, analysis: Analysis) -> list[int]:
        """Return the indices of sentences that match."""
        sentences = analysis.message.sentences
        by_sentence = analysis.sentences_with
        candidates: set[int] | range
        if self.all:
            candidates = set(by_sentence(self.all[0]))
        elif self.any:
            union: set[int] = set()
            for term in self.any:
                union |= set(by_sentence(term))
            candidates = union
        else:
            candidates = range(len(sentences))
        # Terms are looked up lazily, in order, as before: a term whose spans are costly
        # (a built-in) is computed only when a sentence gets that far.
        found = []
        for index in sorted(candidates):
            if self.question is not None and sentences[index].is_question != self.question:
                continue
            if any(index not in by_sentence(term) for term in self.all):
                continue
            if self.any and not any(index in by_sentence(term) for term in self.any):
                continue
            if any(index in by_sentence(term) for term in self.none):
                continue
            if any(
                len(by_sentence(term).get(index, ())) < times for term, times in self.counts.items()
            ):
                continue
            found.append(index)
        return found

    def detect(self, analysis: Analysis) -> Finding | None:
        found = self.matching(analysis)
        if len(found) < self.min_count:
            return None
        sentences = analysis.message.sentences
        text = analysis.message.text
        spans = []
        for index in found:
            start, end = sentences[index].start, sentences[index].end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            spans.append((start, end))
        return Finding(tuple(spans))


@register("question")
class Question(SentencePattern):
    """A question to the prospect: a sentence ending in "?" (minus `none` terms)."""

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        config = {**config, "question": True}
        super().configure(config, check, path)


@register("question_count")
class QuestionCount(Detector):
    """Fires when the message asks at least `min` questions (a wall of qualifying questions)."""

    settings = {"min": "how many questions make a wall"}
    required = ("min",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.min = check.integer(config, "min", path, minimum=2)

    def detect(self, analysis: Analysis) -> Finding | None:
        spans = analysis.spans("@question")
        if len(spans) < self.min:
            return None
        return Finding(tuple(spans), f"{len(spans)} questions")
