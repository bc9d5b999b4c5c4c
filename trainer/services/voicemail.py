"""Grading a recorded voicemail: transcribe, measure the audio, grade the transcript.

The voicemail rubric grades the words; the recording adds what only audio shows: how long it
runs, how fast and how much of it is silence, and when (second by second) the callback number
and any price were said, so feedback can point to the moment in the recording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from trainer.scenarios import Scenario, Step, step_context
from trainer.scoring import Context, Scorecard, grade
from trainer.scoring.patterns import money_spans, phone_numbers
from trainer.services.library import Library
from trainer.speech import Clip, Transcript, get_engine, load_clip
from trainer.speech.numbers import original_offset, tidy_numbers

IDEAL_SECONDS = (20, 40)
IDEAL_WPM = (130, 175)


@dataclass(frozen=True)
class VoicemailResult:
    """A graded voicemail: transcript, audio measures, the callback number and the scorecard."""

    transcript: Transcript
    duration: float
    silence_ratio: float
    words_per_minute: float
    callback_number: str | None
    callback_said: int
    callback_times: tuple[float, ...]
    matches_store_number: bool | None
    scorecard: Scorecard
    audio_notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """Return everything as plain data (what --json prints and the app stores)."""
        return {
            "transcript": self.transcript.text,
            "engine": self.transcript.engine,
            "model": self.transcript.model,
            "transcription_seconds": self.transcript.seconds,
            "words": [
                {"text": w.text, "start": w.start, "end": w.end} for w in self.transcript.words
            ],
            "duration_seconds": self.duration,
            "silence_ratio": self.silence_ratio,
            "words_per_minute": self.words_per_minute,
            "callback_number": self.callback_number,
            "callback_said": self.callback_said,
            "callback_times": list(self.callback_times),
            "matches_store_number": self.matches_store_number,
            "audio_notes": list(self.audio_notes),
            "scorecard": self.scorecard.as_dict(),
        }


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def _time_at(transcript: Transcript, char: int) -> float | None:
    """Return the time of the word at a character offset of the transcript text."""
    if not transcript.words:
        return None
    position = 0
    for word in transcript.words:
        found = transcript.text.find(word.text, position)
        if found < 0:
            continue
        if found + len(word.text) > char:
            return word.start
        position = found + len(word.text)
    return transcript.words[-1].start


def measures(clip: Clip, transcript: Transcript) -> tuple[float, list[str]]:
    """Return the speaking rate and notes about length, pace and pauses."""
    words = len(re.findall(r"[A-Za-z0-9']+", transcript.text))
    speaking = max(0.1, clip.duration * (1 - clip.silence_ratio))
    wpm = round(words / (speaking / 60), 1) if words else 0.0
    notes = []
    low, high = IDEAL_SECONDS
    if clip.duration > high:
        cut = next((w.start for w in transcript.words if w.start >= high), None)
        where = (
            f"; by {_clock(high)} you were saying “{_words_from(transcript, high)}”" if cut else ""
        )
        notes.append(
            f"The voicemail runs {clip.duration:.0f} seconds; keep it to {low}-{high}{where}."
        )
    elif clip.duration < low:
        notes.append(
            f"The voicemail is {clip.duration:.0f} seconds; {low}-{high} leaves room for who you are, one reason to call and the number twice."
        )
    if words and wpm > IDEAL_WPM[1]:
        notes.append(
            f"You speak at about {wpm:.0f} words a minute; slow down (about {IDEAL_WPM[0]}-{IDEAL_WPM[1]}) so the number can be written down."
        )
    elif words and wpm < IDEAL_WPM[0] - 30:
        notes.append(
            f"You speak at about {wpm:.0f} words a minute; a little faster keeps the listener."
        )
    if clip.silence_ratio > 0.35:
        notes.append(
            f"{clip.silence_ratio:.0%} of the recording is silence; plan the message before you dial."
        )
    return wpm, notes


def _words_from(transcript: Transcript, second: float) -> str:
    return " ".join(w.text for w in transcript.words if w.start >= second)[:60]


def grade_recording(
    library: Library,
    data: bytes,
    *,
    scenario: Scenario | None = None,
    step: Step | None = None,
    engine: str | None = None,
    transcript: Transcript | None = None,
) -> VoicemailResult:
    """Check, transcribe (unless a transcript is given) and grade a voicemail recording."""
    clip = load_clip(data)
    heard = transcript or get_engine(engine).transcribe(clip)
    return grade_transcript(library, clip, heard, scenario=scenario, step=step)


def grade_transcript(
    library: Library,
    clip: Clip,
    transcript: Transcript,
    *,
    scenario: Scenario | None = None,
    step: Step | None = None,
) -> VoicemailResult:
    """Grade a transcript of a clip (also used when a manager corrects a transcript).

    Phone numbers are first tidied into one written form ("2-1-4, 5-5-5 ..." becomes
    "214-555 ..."); the result holds the tidied transcript, so scorecard spans point into it.
    """
    spoken = transcript
    tidied, rewrites = tidy_numbers(transcript.text)
    if rewrites:
        transcript = replace(transcript, text=tidied)

    def time_at(char: int) -> float | None:
        return _time_at(spoken, original_offset(char, rewrites))

    rubric = library.rubric_for_channel("voicemail")
    if scenario is not None:
        chosen = step or next(
            (s for s in scenario.steps if s.channel == "voicemail"), scenario.steps[0]
        )
        context = step_context(scenario, chosen, "voicemail")
        if chosen.channel == "voicemail":
            rubric = library.rubric(chosen.rubric)
    else:
        context = Context(channel="voicemail")
    card = grade(transcript.text, rubric, context)
    wpm, notes = measures(clip, spoken)
    numbers = phone_numbers(transcript.text)
    callback = None
    times: list[float] = []
    if numbers:
        counts: dict[str, int] = {}
        for digits, _ in numbers:
            counts[digits[-7:]] = counts.get(digits[-7:], 0) + 1
        best = max(counts, key=lambda d: (counts[d], -len(d)))
        callback = next(d for d, _ in numbers if d[-7:] == best)
        for digits, span in numbers:
            if digits[-7:] == best:
                at = time_at(span[0])
                if at is not None:
                    times.append(at)
    said = sum(1 for d, _ in numbers if callback and d[-7:] == callback[-7:])
    matches = None
    if scenario is not None and scenario.dealership.phone and callback:
        store = re.sub(r"\D", "", scenario.dealership.phone)
        matches = store[-7:] == callback[-7:]
        if not matches:
            notes.append(
                f"The number heard ({callback}) is not the store's ({scenario.dealership.phone}); say it slowly and clearly."
            )
    if callback is None:
        notes.append("No callback number could be heard; say your number slowly, twice.")
    elif said == 1:
        at = f" (at {_clock(times[0])})" if times else ""
        notes.append(f"You said the number once{at}; say it again before you hang up.")
    for start, _ in money_spans(transcript.text)[:1]:
        at = time_at(start)
        notes.append(
            f"A price is quoted{f' at {_clock(at)}' if at is not None else ''}; keep prices for the call back."
        )
    return VoicemailResult(
        transcript,
        clip.duration,
        clip.silence_ratio,
        wpm,
        callback,
        said,
        tuple(times),
        matches,
        card,
        tuple(notes),
    )
