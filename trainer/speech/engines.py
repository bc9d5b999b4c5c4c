"""The transcriber interface, the engines by name, and choosing one.

`get_engine(name)` returns the named engine, or (with no name) the configured one
(TRAINER_SPEECH_ENGINE), falling back to the best engine that can run here. Each transcript
records which engine and model produced it.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import Protocol

from trainer.speech.audio import Clip


@dataclass(frozen=True)
class Word:
    """One recognised word with its time in the recording (seconds)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Transcript:
    """What an engine heard."""

    text: str
    engine: str
    model: str
    words: tuple[Word, ...] = field(default=())
    seconds: float = 0.0  # time the engine took


class Transcriber(Protocol):
    """A speech-to-text engine."""

    name: str

    def transcribe(self, clip: Clip) -> Transcript:
        """Return the transcript of a clip."""


class EngineUnavailable(RuntimeError):
    """An engine cannot run here (a missing package or model); the message says which."""


# Engines by name, best first: "module:Class", imported only when used.
ENGINES = {
    "whisper": "trainer.speech.whisper:WhisperEngine",
    "sphinx": "trainer.speech.sphinx:SphinxEngine",
}
_LOADED: dict[str, Transcriber] = {}


def _load(name: str) -> Transcriber:
    if name not in ENGINES:
        raise EngineUnavailable(f"Unknown speech engine '{name}'; use one of: {', '.join(ENGINES)}")
    if name not in _LOADED:
        module, _, cls = ENGINES[name].partition(":")
        try:
            engine_class = getattr(importlib.import_module(module), cls)
        except ImportError as exc:
            raise EngineUnavailable(
                f"The {name} engine needs a package that is not installed ({exc.name})."
            ) from None
        _LOADED[name] = engine_class()  # raises EngineUnavailable if it cannot run
    return _LOADED[name]


def available_engines() -> list[str]:
    """Return the engines that can run here, best first."""
    out = []
    for name in ENGINES:
        try:
            _load(name)
        except EngineUnavailable:
            continue
        out.append(name)
    return out


def get_engine(name: str | None = None) -> Transcriber:
    """Return the named engine, else the configured one, else the best one that can run."""
    if name:
        return _load(name)
    configured = os.environ.get("TRAINER_SPEECH_ENGINE", "").strip()
    order = [configured] if configured else []
    order += [n for n in ENGINES if n != configured]
    problems = []
    for candidate in order:
        try:
            return _load(candidate)
        except EngineUnavailable as exc:
            problems.append(str(exc))
    raise EngineUnavailable("No speech engine can run here: " + " ".join(problems))
