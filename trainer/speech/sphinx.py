"""The sphinx engine: SpeechRecognition with pocketsphinx. No model download; less accurate."""

from __future__ import annotations

import time
import warnings

from trainer.speech.audio import RATE, Clip
from trainer.speech.engines import EngineUnavailable, Transcript


class SphinxEngine:
    """Transcribe with pocketsphinx through SpeechRecognition."""

    name = "sphinx"

    def __init__(self) -> None:
        try:
            import pocketsphinx  # noqa: F401

            with warnings.catch_warnings():  # it imports aifc, deprecated since Python 3.11
                warnings.simplefilter("ignore", DeprecationWarning)
                import speech_recognition
        except ImportError as exc:
            raise EngineUnavailable(f"The sphinx engine needs {exc.name}.") from None
        self.sr = speech_recognition
        self.recognizer = speech_recognition.Recognizer()
        self.model_name = "pocketsphinx en-US"

    def transcribe(self, clip: Clip) -> Transcript:
        """Return the transcript (pocketsphinx gives no reliable word times here)."""
        started = time.perf_counter()
        audio = self.sr.AudioData(clip.pcm16(), RATE, 2)
        try:
            text = self.recognizer.recognize_sphinx(audio)
        except self.sr.UnknownValueError:
            text = ""
        return Transcript(
            text.strip(), self.name, self.model_name, (), round(time.perf_counter() - started, 3)
        )
