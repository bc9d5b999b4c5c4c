"""Reading a recording: checks (type, size, length, silence) and 16 kHz mono samples.

WAV and FLAC are read directly; other formats are converted with ffmpeg when it is installed,
otherwise the error says which formats work. Every problem is an AudioError whose message a
trainee can act on.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

MAX_SECONDS = 120
MAX_BYTES = 5 * 1024 * 1024
RATE = 16_000
SILENCE_DBFS = -45.0  # a 30 ms frame quieter than this is silence
FRAME = 480  # 30 ms at 16 kHz
DIRECT_FORMATS = ("WAV", "FLAC")


class AudioError(ValueError):
    """The recording cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Clip:
    """A recording as 16 kHz mono float samples, with its measures."""

    samples: np.ndarray
    duration: float  # seconds
    silence_ratio: float  # share of 30 ms frames below SILENCE_DBFS
    source_format: str

    def pcm16(self) -> bytes:
        """Return the samples as 16-bit little-endian PCM (for engines that want raw audio)."""
        clipped = np.clip(self.samples, -1.0, 1.0)
        return (clipped * 32767).astype("<i2").tobytes()


def _frames_db(samples: np.ndarray) -> np.ndarray:
    count = len(samples) // FRAME
    if count == 0:
        return np.array([-120.0])
    frames = samples[: count * FRAME].reshape(count, FRAME)
    rms = np.sqrt(np.mean(frames**2, axis=1)) + 1e-9
    return 20 * np.log10(rms)


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == RATE:
        return samples
    duration = len(samples) / rate
    target = np.linspace(0, len(samples) - 1, int(duration * RATE))
    return np.interp(target, np.arange(len(samples)), samples).astype(np.float32)


def _decode_with_ffmpeg(data: bytes) -> tuple[np.ndarray, int]:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise AudioError(
            "That audio format can't be read here: upload a WAV or FLAC file "
            "(other formats need ffmpeg installed on the server)."
        )
    result = subprocess.run(
        [
            ffmpeg,
            "-v",
            "error",
            "-i",
            "pipe:0",
            "-f",
            "s16le",
            "-ac",
            "1",
            "-ar",
            str(RATE),
            "pipe:1",
        ],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0 or not result.stdout:
        raise AudioError("The file could not be read as audio; it may be damaged. Record it again.")
    samples = np.frombuffer(result.stdout, dtype="<i2").astype(np.float32) / 32768.0
    return samples, RATE


def load_clip(data: bytes, *, max_seconds: int = MAX_SECONDS, max_bytes: int = MAX_BYTES) -> Clip:
    """Check and decode a recording; raise AudioError for empty, silent, long or bad audio."""
    if not data:
        raise AudioError("The recording is empty. Record your voicemail, then upload it.")
    if len(data) > max_bytes:
        raise AudioError(
            f"The file is larger than {max_bytes // (1024 * 1024)} MB; keep voicemails under {max_seconds} seconds."
        )
    import soundfile

    try:
        with soundfile.SoundFile(io.BytesIO(data)) as handle:
            source_format = handle.format
            if source_format not in DIRECT_FORMATS:
                raise RuntimeError("not a direct format")
            if handle.frames / handle.samplerate > max_seconds:
                raise AudioError(
                    f"The recording is {handle.frames / handle.samplerate:.0f} seconds long; the limit is {max_seconds}."
                )
            samples = handle.read(dtype="float32", always_2d=True)
            rate = handle.samplerate
        samples = samples.mean(axis=1)
    except AudioError:
        raise
    except Exception:  # not WAV/FLAC, or damaged: try ffmpeg
        samples, rate = _decode_with_ffmpeg(data)
        source_format = "OTHER"
    samples = _resample(np.asarray(samples, dtype=np.float32), rate)
    duration = len(samples) / RATE
    if duration < 0.5:
        raise AudioError(
            "The recording is shorter than half a second. Record your voicemail again."
        )
    if duration > max_seconds + 0.5:
        raise AudioError(
            f"The recording is {duration:.0f} seconds long; the limit is {max_seconds}."
        )
    levels = _frames_db(samples)
    if float(np.max(levels)) < SILENCE_DBFS:
        raise AudioError(
            "The recording is silent. Check that the right microphone is allowed in the browser, "
            "then record again."
        )
    silence = float(np.mean(levels < SILENCE_DBFS))
    return Clip(samples, round(duration, 2), round(silence, 3), source_format)
