"""The registry of detectors, keyed by the `type:` string of a rubric indicator.

A detector is built once from its indicator's settings (checked when the rubric loads) and
then answers, for each analysed message, whether its indicator fired and where. Adding a
detector type means writing a class with `register("name")`; rubric files can use it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.patterns import Span
from trainer.yamldoc import PathKey


@dataclass(frozen=True)
class Finding:
    """What one indicator found in one message: where, and a short detail for people."""

    spans: tuple[Span, ...] = ()
    detail: str = ""


class Detector:
    """Base class: read settings in `configure`, answer in `detect`."""

    type_name: ClassVar[str] = ""
    settings: ClassVar[dict[str, str]] = {}  # setting name -> short description
    required: ClassVar[tuple[str, ...]] = ()

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        """Read this detector's settings from the indicator mapping."""

    def terms(self) -> set[str]:
        """Return the families and built-ins this detector reads."""
        return set()

    def detect(self, analysis: Analysis) -> Finding | None:
        """Return a Finding when the indicator fires on this message, else None."""
        raise NotImplementedError


REGISTRY: dict[str, type[Detector]] = {}


def register(type_name: str):
    """Register a detector class under the `type:` string rubric files use."""

    def decorate(cls: type[Detector]) -> type[Detector]:
        cls.type_name = type_name
        REGISTRY[type_name] = cls
        return cls

    return decorate


def term_list(check: Checker, config: dict, key: str, path: PathKey) -> tuple[str, ...]:
    """Read a list of terms (family names or @built-ins)."""
    return check.text_list(config, key, path)


# Importing the modules registers their detectors.
from trainer.scoring.detectors import (  # noqa: E402, F401
    answers,
    content,
    money,
    phrasing,
    plan,
    style,
    voice,
)
