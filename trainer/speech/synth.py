"""Synthesised voicemails for benchmarks and tests: espeak-ng speech, sox resampling and noise.

`synthesise(text, path)` writes 16 kHz mono 16-bit PCM WAV with a short lead-in silence, in
the voice that suits the recognisers best (`en-us+klatt` at 150 words a minute);
`add_noise(clean, path)` mixes in light pink or white noise at about 20 dB SNR. Both need the
espeak-ng and sox programs; without them a SynthUnavailable error says what to install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

VOICE = "en-us+klatt"
WORDS_PER_MINUTE = 150
LEAD_IN_SECONDS = 0.3
NOISE_SNR_DB = 20.0


class SynthUnavailable(RuntimeError):
    """A program the synthesis needs (espeak-ng or sox) is missing or failed."""


def _program(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SynthUnavailable(
            f"{name} is not installed; install it (Debian/Ubuntu: apt-get install {package}) "
            "to synthesise voicemails."
        )
    return found


def _run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise SynthUnavailable(
            f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()[:300]}"
        )
    return result.stderr  # sox writes its statistics to stderr


# sox dithers when it reduces to 16 bits and draws noise from a random generator seeded
# afresh each run, so the same script gave slightly different audio (and, now and then, a
# different transcript) every time. `-R` makes its random numbers the same on every run.
REPEATABLE = ("-R",)


def synthesise(
    text: str, path: Path, *, voice: str = VOICE, words_per_minute: int = WORDS_PER_MINUTE
) -> Path:
    """Speak `text` into `path` as 16 kHz mono 16-bit WAV with a 0.3 s lead-in silence."""
    espeak = _program("espeak-ng", "espeak-ng")
    sox = _program("sox", "sox")
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        raw = Path(work) / "espeak.wav"
        _run([espeak, "-v", voice, "-s", str(words_per_minute), "-w", str(raw), text])
        _run(
            [sox, *REPEATABLE, str(raw), "-r", "16000", "-c", "1", "-b", "16", "-e",
             "signed-integer", str(path), "pad", str(LEAD_IN_SECONDS), "0"]
        )  # fmt: skip
    return path


def _rms(sox: str, path: Path) -> float:
    report = _run([sox, str(path), "-n", "stat"])
    match = re.search(r"RMS\s+amplitude:\s+([\d.eE+-]+)", report)
    if match is None:
        raise SynthUnavailable(f"sox gave no RMS level for {path.name}")
    return float(match.group(1))


def _duration(sox: str, path: Path) -> float:
    report = _run([sox, str(path), "-n", "stat"])
    match = re.search(r"Length \(seconds\):\s+([\d.]+)", report)
    if match is None:
        raise SynthUnavailable(f"sox gave no length for {path.name}")
    return float(match.group(1))


def add_noise(
    clean: Path, path: Path, *, colour: str = "pinknoise", snr_db: float = NOISE_SNR_DB
) -> Path:
    """Mix light noise (`pinknoise` or `whitenoise`) into `clean` at about `snr_db` dB SNR."""
    sox = _program("sox", "sox")
    clean, path = Path(clean), Path(path)
    with tempfile.TemporaryDirectory() as work:
        noise = Path(work) / "noise.wav"
        length = _duration(sox, clean)
        _run(
            [sox, *REPEATABLE, "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise),
             "synth", f"{length:.3f}", colour, "vol", "0.5"]
        )  # fmt: skip
        # The speech level includes its pauses, so the SNR is "about": fine for light noise.
        gain = _rms(sox, clean) / _rms(sox, noise) / (10 ** (snr_db / 20))
        _run(
            [sox, *REPEATABLE, "-G", "-m", "-v", "1", str(clean), "-v", f"{gain:.5f}",
             str(noise), "-b", "16", str(path)]
        )  # fmt: skip
    return path
