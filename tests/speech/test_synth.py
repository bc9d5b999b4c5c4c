"""Synthesised voicemails are the same audio every time, so benchmarks and tests repeat."""

from __future__ import annotations

import hashlib

from tests.speech.conftest import _tools_or_skip
from trainer.speech.synth import add_noise, synthesise

LINE = "Call me back at six one four, five five five, oh one four two."


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_same_script_gives_the_same_clean_and_noisy_audio(tmp_path):
    _tools_or_skip()
    first = synthesise(LINE, tmp_path / "a.wav")
    second = synthesise(LINE, tmp_path / "b.wav")
    assert _digest(first) == _digest(second)
    assert _digest(add_noise(first, tmp_path / "a.noise.wav")) == _digest(
        add_noise(second, tmp_path / "b.noise.wav")
    )
    assert _digest(first) != _digest(synthesise(LINE + " Thanks.", tmp_path / "c.wav"))
