"""Speech to text for voicemail drills: engines chosen by name, loaded lazily.

`whisper` (faster-whisper) is accurate and needs a model (a size name it fetches on a
connected machine, or a local model directory); `sphinx` (SpeechRecognition with pocketsphinx)
needs no download but makes many more mistakes. Heavy libraries are imported only when an
engine is used, so the rest of the app starts fast and works without them.
"""

from trainer.speech.audio import (
    MAX_BYTES,
    MAX_SECONDS,
    AudioError,
    Clip,
    load_clip,
)
from trainer.speech.engines import (
    ENGINES,
    EngineUnavailable,
    Transcriber,
    Transcript,
    Word,
    available_engines,
    get_engine,
)

__all__ = [
    "ENGINES",
    "MAX_BYTES",
    "MAX_SECONDS",
    "AudioError",
    "Clip",
    "EngineUnavailable",
    "Transcriber",
    "Transcript",
    "Word",
    "available_engines",
    "get_engine",
    "load_clip",
]
