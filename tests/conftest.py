"""Shared fixtures: the real rubric and scenario library, a CLI runner, grading helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.scoring import Context, Scorecard, grade
from trainer.services.library import Library

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def library() -> Library:
    """The bundled rubrics and scenarios, loaded once."""
    return Library.load()


@pytest.fixture
def runner() -> CliRunner:
    """A click runner for the `trainer` command."""
    return CliRunner()


@pytest.fixture(scope="session")
def score(library):
    """Grade a message on a channel with an optional context (keyword arguments)."""

    def _score(message: str, channel: str = "email", **context) -> Scorecard:
        return grade(
            message, library.rubric_for_channel(channel), Context(channel=channel, **context)
        )

    return _score
