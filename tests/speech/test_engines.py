"""The speech engines on a synthesised voicemail, and choosing an engine by name."""

from __future__ import annotations

import pytest

from trainer.services.voicemail import grade_recording
from trainer.speech import ENGINES, EngineUnavailable, get_engine
from trainer.speech.wer import word_error_rate


def test_an_unknown_engine_lists_the_known_ones():
    with pytest.raises(EngineUnavailable) as raised:
        get_engine("nope")
    assert "nope" in str(raised.value)
    assert ", ".join(ENGINES) in str(raised.value)


def test_the_configured_engine_is_used(monkeypatch):
    monkeypatch.setenv("TRAINER_SPEECH_ENGINE", "sphinx")
    assert get_engine().name == "sphinx"


def test_an_unknown_configured_engine_falls_back_to_one_that_runs(monkeypatch):
    monkeypatch.setenv("TRAINER_SPEECH_ENGINE", "nope")
    assert get_engine().name in ENGINES


def test_whisper_hears_the_voicemail_and_the_callback_number(whisper, voicemail, library):
    script, path = voicemail
    result = grade_recording(library, path.read_bytes(), engine="whisper")
    heard = result.transcript
    assert (heard.engine, heard.model) == ("whisper", whisper.model_name)
    assert word_error_rate(script.said, heard.text) < 0.4
    assert heard.words and all(w.start <= w.end for w in heard.words)
    assert result.callback_number == script.callback
    assert result.callback_said == 2
    assert len(result.callback_times) == 2
    assert 0 < result.callback_times[0] < result.callback_times[1] < result.duration


def test_a_different_number_said_is_reported_as_said(whisper, library, tmp_path):
    """The recogniser is never primed with the expected number: a trainee who says a number
    other than the store's is heard saying that number, and the grade says it does not match."""
    from trainer.speech.synth import synthesise

    scenario = library.scenario("new-after-hours-tacoma")  # the store's number: 555-014-8853
    said = "seven two five, five five five, zero one three eight"
    text = f"Hi Dana, this is Marcus at Lakeside Toyota. Call me at {said}. Again, {said}. Bye."
    path = synthesise(text, tmp_path / "wrong.wav")
    result = grade_recording(library, path.read_bytes(), scenario=scenario, engine="whisper")
    assert result.callback_number == "7255550138"
    assert result.matches_store_number is False


def test_whisper_copes_with_light_noise(whisper, voicemail, noisy_voicemail, library):
    script, _ = voicemail
    result = grade_recording(library, noisy_voicemail.read_bytes(), engine="whisper")
    assert word_error_rate(script.said, result.transcript.text) < 0.6


def test_sphinx_returns_text(voicemail, library):
    try:
        get_engine("sphinx")
    except EngineUnavailable as exc:
        pytest.skip(str(exc))
    _, path = voicemail
    result = grade_recording(library, path.read_bytes(), engine="sphinx")
    assert result.transcript.engine == "sphinx"
    assert len(result.transcript.text.split()) >= 10
