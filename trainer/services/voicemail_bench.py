"""The voicemail speech benchmark behind the README's figures: scripts, synthesis, measures.

Each script (tests/data/voicemail/scripts.yaml) is synthesised with espeak-ng, clean and with
light noise, then transcribed by each engine on one core and graded by the voicemail service.
Per engine and condition it reports the word error rate (numbers compared as digits), how
often the callback number was recovered (all 10 digits, and the last 7), and the real-time
factor (transcription seconds / audio seconds).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.services.library import Library
from trainer.services.voicemail import grade_transcript
from trainer.speech import get_engine, load_clip
from trainer.speech.synth import add_noise, synthesise
from trainer.speech.wer import word_errors

SCRIPTS = Path(__file__).resolve().parents[2] / "tests" / "data" / "voicemail" / "scripts.yaml"
CONDITIONS = ("clean", "noise")


class BenchInputError(ValueError):
    """The scripts file is missing or malformed; the message says where."""


@dataclass(frozen=True)
class Script:
    """One voicemail script with the callback number it says."""

    id: str
    kind: str
    callback: str  # 10 digits
    spoken: str  # how the number is said
    text: str  # with "{number}" where the number is said

    @property
    def said(self) -> str:
        """Return the script as spoken, the number written out in words."""
        return self.text.replace("{number}", self.spoken)


@dataclass(frozen=True)
class ClipResult:
    """What one engine made of one clip."""

    script: str
    kind: str
    condition: str
    engine: str
    duration: float
    seconds: float
    errors: int
    words: int
    expected: str
    heard: str | None
    transcript: str

    @property
    def exact(self) -> bool:
        """Return True when all 10 digits of the callback number were recovered."""
        return self.heard == self.expected

    @property
    def last7(self) -> bool:
        """Return True when at least the last 7 digits were recovered."""
        return bool(self.heard) and self.heard[-7:] == self.expected[-7:]


@dataclass(frozen=True)
class Summary:
    """The measures for one engine on one condition."""

    engine: str
    model: str
    condition: str
    clips: int
    wer: float
    callback_exact: float
    callback_last7: float
    rtf: float
    audio_seconds: float

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as plain data."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class BenchReport:
    """All summaries and the per-clip results."""

    summaries: tuple[Summary, ...]
    clips: tuple[ClipResult, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain data (what --json prints)."""
        return {
            "summaries": [s.as_dict() for s in self.summaries],
            "clips": [
                {k: getattr(c, k) for k in c.__dataclass_fields__}
                | {"exact": c.exact, "last7": c.last7}
                for c in self.clips
            ],
        }


def load_scripts(path: Path = SCRIPTS) -> list[Script]:
    """Read the voicemail scripts; raise BenchInputError naming the file and the script."""
    if not path.is_file():
        raise BenchInputError(f"{path}: no scripts file; pass --scripts with a scripts.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scripts = []
    for index, item in enumerate(data.get("scripts") or []):
        where = f"{path}: script {index + 1} ({item.get('id', 'no id')})"
        missing = [k for k in ("id", "kind", "callback", "spoken", "text") if not item.get(k)]
        if missing:
            raise BenchInputError(f"{where}: missing {', '.join(missing)}")
        callback = str(item["callback"])
        if not (callback.isdigit() and len(callback) == 10):
            raise BenchInputError(f"{where}: callback must be 10 digits, not {callback!r}")
        if "{number}" not in item["text"]:
            raise BenchInputError(f"{where}: the text never says {{number}}")
        scripts.append(Script(item["id"], item["kind"], callback, item["spoken"], item["text"]))
    if not scripts:
        raise BenchInputError(f"{path}: no scripts under `scripts:`")
    return scripts


def synthesise_clips(scripts: list[Script], folder: Path) -> dict[tuple[str, str], Path]:
    """Write each script clean and with noise into `folder`; return paths by (id, condition)."""
    paths = {}
    for script in scripts:
        clean = folder / f"{script.id}.clean.wav"
        noisy = folder / f"{script.id}.noise.wav"
        if not clean.exists():
            synthesise(script.said, clean)
        if not noisy.exists():
            add_noise(clean, noisy)
        paths[(script.id, "clean")] = clean
        paths[(script.id, "noise")] = noisy
    return paths


@contextmanager
def one_core() -> Iterator[None]:
    """Run the block on one CPU with one whisper thread (the benchmark's stated condition)."""
    previous_threads = os.environ.get("TRAINER_WHISPER_THREADS")
    os.environ["TRAINER_WHISPER_THREADS"] = "1"
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if affinity:
        os.sched_setaffinity(0, {min(affinity)})
    try:
        yield
    finally:
        if affinity:
            os.sched_setaffinity(0, affinity)
        if previous_threads is None:
            os.environ.pop("TRAINER_WHISPER_THREADS", None)
        else:
            os.environ["TRAINER_WHISPER_THREADS"] = previous_threads


def _summarise(engine: str, model: str, condition: str, results: list[ClipResult]) -> Summary:
    words = sum(r.words for r in results) or 1
    audio = sum(r.duration for r in results) or 1.0
    count = len(results) or 1
    return Summary(
        engine,
        model,
        condition,
        len(results),
        round(sum(r.errors for r in results) / words, 3),
        round(sum(r.exact for r in results) / count, 3),
        round(sum(r.last7 for r in results) / count, 3),
        round(sum(r.seconds for r in results) / audio, 3),
        round(audio, 1),
    )


def run_bench(
    engines: list[str],
    *,
    limit: int | None = None,
    scripts_path: Path = SCRIPTS,
    folder: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BenchReport:
    """Synthesise the scripts and measure each engine on them, clean and with noise."""
    scripts = load_scripts(scripts_path)[:limit]
    library = Library.load()
    with tempfile.TemporaryDirectory() as work:
        paths = synthesise_clips(scripts, Path(folder or work))
        clips = {key: load_clip(path.read_bytes()) for key, path in paths.items()}
        summaries: list[Summary] = []
        everything: list[ClipResult] = []
        with one_core():
            for name in engines:
                engine = get_engine(name)
                for condition in CONDITIONS:
                    results = []
                    for script in scripts:
                        clip = clips[(script.id, condition)]
                        heard = engine.transcribe(clip)
                        graded = grade_transcript(library, clip, heard)
                        errors, words = word_errors(script.said, heard.text)
                        results.append(
                            ClipResult(
                                script.id, script.kind, condition, name, clip.duration,
                                heard.seconds, errors, words, script.callback,
                                graded.callback_number, heard.text,
                            )
                        )  # fmt: skip
                        if progress:
                            progress(f"{name} {condition} {script.id}: {heard.text[:60]}")
                    summaries.append(
                        _summarise(name, getattr(engine, "model_name", name), condition, results)
                    )
                    everything += results
    return BenchReport(tuple(summaries), tuple(everything))
