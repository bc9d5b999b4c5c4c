"""Checking and decoding recordings: every problem is an AudioError a trainee can act on."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pytest
import soundfile

from trainer.speech import MAX_BYTES, AudioError, load_clip


def wav_bytes(samples: np.ndarray, rate: int = 16_000, fmt: str = "WAV") -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format=fmt, subtype="PCM_16")
    return buffer.getvalue()


def test_empty_recording():
    with pytest.raises(AudioError, match="empty"):
        load_clip(b"")


def test_silent_recording_says_to_check_the_microphone():
    with pytest.raises(AudioError, match=r"silent.*microphone"):
        load_clip(wav_bytes(np.zeros(16_000 * 3, dtype=np.float32)))


def test_too_short_recording():
    with pytest.raises(AudioError, match="shorter than half a second"):
        load_clip(wav_bytes(np.full(1600, 0.2, dtype=np.float32)))


def test_too_long_recording_names_the_limit():
    rng = np.random.default_rng(7)
    samples = (rng.standard_normal(8_000 * 125) * 0.1).astype(np.float32)
    with pytest.raises(AudioError, match="125 seconds long; the limit is 120"):
        load_clip(wav_bytes(samples, rate=8_000))


def test_too_big_file():
    with pytest.raises(AudioError, match="larger than 5 MB"):
        load_clip(b"RIFF" + bytes(MAX_BYTES))


def test_corrupt_bytes_say_the_file_may_be_damaged():
    rng = np.random.default_rng(3)
    with pytest.raises(AudioError, match="damaged"):
        load_clip(b"RIFF\x24\x00\x00\x00WAVEfmt " + rng.bytes(4000))


def test_a_text_file_is_not_audio():
    with pytest.raises(AudioError, match=r"could not be read as audio|upload a WAV or FLAC"):
        load_clip(b"Hi Dana, this is Marcus at Lakeside Toyota.\n" * 50)


def test_flac_is_read_directly(voicemail):
    _, path = voicemail
    samples, rate = soundfile.read(path, dtype="float32")
    clip = load_clip(wav_bytes(samples, rate, fmt="FLAC"))
    assert clip.source_format == "FLAC"
    assert clip.duration == pytest.approx(len(samples) / rate, abs=0.05)


@pytest.mark.parametrize("suffix", ["mp3", "ogg"])
def test_mp3_and_ogg_are_converted_with_ffmpeg(voicemail, tmp_path, suffix):
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed")
    _, path = voicemail
    target = tmp_path / f"voicemail.{suffix}"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), str(target)], check=True, timeout=60)
    clip = load_clip(target.read_bytes())
    wav = load_clip(path.read_bytes())
    assert clip.source_format == "OTHER"
    assert clip.duration == pytest.approx(wav.duration, abs=0.2)
    assert clip.samples.dtype == np.float32 and 0 < clip.silence_ratio < 1


def test_a_synthesised_voicemail_is_16_khz_mono_pcm_with_a_lead_in(voicemail, noisy_voicemail):
    _, path = voicemail
    info = soundfile.info(str(path))
    assert (info.samplerate, info.channels, info.subtype) == (16_000, 1, "PCM_16")
    samples, _ = soundfile.read(path, dtype="float32")
    assert np.max(np.abs(samples[:4000])) < 1e-3  # 0.25 s of the 0.3 s lead-in is silent
    noisy, _ = soundfile.read(noisy_voicemail, dtype="float32")
    assert len(noisy) == pytest.approx(len(samples), abs=160)
    noise = noisy[:4000]
    snr = 20 * np.log10(np.sqrt(np.mean(samples**2)) / np.sqrt(np.mean(noise**2)))
    assert 14 < snr < 26  # light noise: about 20 dB below the speech


def test_synthesis_says_what_to_install(monkeypatch, tmp_path):
    from trainer.speech.synth import SynthUnavailable, synthesise

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SynthUnavailable, match=r"espeak-ng is not installed.*apt-get install"):
        synthesise("hello", tmp_path / "out.wav")
