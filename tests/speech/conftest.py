"""Speech fixtures: a few voicemail scripts synthesised once per session with espeak-ng and sox.

Without espeak-ng or sox these tests skip; with CI set they fail instead (.ci/run installs
both), so a missing tool cannot hide a broken speech path.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from trainer.services.voicemail_bench import Script, load_scripts

NEEDED = ("espeak-ng", "sox")


def _tools_or_skip() -> None:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install {' '.join(missing)})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def scripts() -> dict[str, Script]:
    """The benchmark's voicemail scripts by id."""
    return {script.id: script for script in load_scripts()}


@pytest.fixture(scope="session")
def voicemail(scripts, tmp_path_factory) -> tuple[Script, Path]:
    """A good voicemail (number said twice) synthesised to 16 kHz mono WAV."""
    _tools_or_skip()
    from trainer.speech.synth import synthesise

    script = scripts["vm01-trade-answer"]
    return script, synthesise(script.said, tmp_path_factory.mktemp("speech") / "vm01.wav")


@pytest.fixture(scope="session")
def noisy_voicemail(voicemail, tmp_path_factory) -> Path:
    """The same voicemail with light pink noise mixed in."""
    from trainer.speech.synth import add_noise

    return add_noise(voicemail[1], tmp_path_factory.mktemp("speech") / "vm01.noise.wav")


@pytest.fixture(scope="session")
def whisper():
    """The whisper engine, or a skip (a fail under CI) when its model cannot load here."""
    from trainer.speech import EngineUnavailable, get_engine

    try:
        return get_engine("whisper")
    except EngineUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
