"""Audio for voicemail tests: speech synthesised with espeak-ng and sox, and plain tones."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import soundfile

# Wording whisper recognises from espeak's voice every time (checked with `trainer voicemail
# FILE --json`); "oh one four" or "three three eight oh" come out as digit runs it cannot parse.
SCRIPT = (
    "Hi Priya, this is Marisol at Harborview Honda. I have the answer on the CR-V you asked "
    "about. Call me at five five five, two four one, thirty three eighty. Again, five five "
    "five, two four one, thirty three eighty. Talk soon."
)
CALLBACK = "5552413380"


def synthesise(path: Path, text: str = SCRIPT, *, rate: int = 16_000, channels: int = 1) -> Path:
    """Write `text` spoken by espeak-ng (klatt voice, 150 wpm) as PCM WAV, 0.3 s lead-in."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            import pytest

            pytest.skip(f"{tool} is not installed (apt-get install espeak-ng sox)")
    raw = path.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", "en-us+klatt", "-s", "150", "-w", str(raw), text], check=True
    )
    subprocess.run(
        ["sox", str(raw), "-r", str(rate), "-c", str(channels), "-b", "16", "-e", "signed-integer",
         str(path), "pad", "0.3", "0"],
        check=True,
    )  # fmt: skip
    raw.unlink()
    return path


def tone_wav(seconds: float = 1.5, *, amplitude: float = 0.3, rate: int = 16_000) -> bytes:
    """Return a WAV of a 440 Hz tone (amplitude 0 gives silence)."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    out = io.BytesIO()
    soundfile.write(out, samples, rate, format="WAV", subtype="PCM_16")
    return out.getvalue()
