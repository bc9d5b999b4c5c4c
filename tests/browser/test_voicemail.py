"""A trainee records a voicemail with the microphone (Chromium's fake device plays a synthesised
WAV), listens back, uploads it, and sees the transcript and the callback number it found."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import numpy as np
import pytest
import soundfile
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import CHROMIUM, TIMEOUT_MS, screenshot, sign_in
from tests.browser.test_trainee_play import CR_V, open_practice_scenario
from tests.voicemail_audio import CALLBACK, synthesise

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def microphone_browser(playwright, tmp_path_factory) -> Iterator[Browser]:
    """Chromium whose fake microphone plays a synthesised voicemail once (44.1 kHz stereo)."""
    wav = synthesise(tmp_path_factory.mktemp("mic") / "voicemail.wav", rate=44_100, channels=2)
    launched = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav.resolve()}%noloop",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    yield launched
    launched.close()


@pytest.fixture
def mic_page(microphone_browser, live_server) -> Iterator[Page]:
    context = microphone_browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, errors


def test_a_trainee_records_and_uploads_a_voicemail(mic_page: Page):
    page = mic_page
    sign_in(page, "jordan@demo.reconnect")
    open_practice_scenario(page, CR_V)
    page.get_by_role("radio", name="Voicemail (record)").check()
    expect(page.get_by_label("Your message")).to_be_hidden()
    recorder = page.get_by_role("region", name=re.compile("Record a voicemail"))
    start = recorder.get_by_role("button", name="Start recording")
    start.focus()
    page.keyboard.press("Enter")  # keyboard usable
    expect(recorder.get_by_text("Recording… speak now.")).to_be_visible()
    page.wait_for_timeout(20_500)  # the synthesised voicemail lasts about 19 s
    recorder.get_by_role("button", name="Stop recording").click()
    expect(recorder.get_by_text(re.compile(r"Recorded 0:(19|2\d)\."))).to_be_visible()
    expect(recorder.locator("audio[data-playback]")).to_have_attribute("src", re.compile("^blob:"))
    expect(recorder.get_by_role("button", name="Record again")).to_be_enabled()
    screenshot(page, "voicemail-recorded")

    with page.expect_response(re.compile(r"/voicemail$")) as uploaded:
        recorder.get_by_role("button", name="Upload the recording").click()
    assert uploaded.value.status == 202, uploaded.value.text()
    data = uploaded.value.json()

    # The uploaded audio is 16 kHz mono 16-bit PCM, and not silent.
    audio = page.request.get(data["audio_url"]).body()
    samples, rate = soundfile.read(io.BytesIO(audio), dtype="float32")
    assert rate == 16_000 and samples.ndim == 1
    assert float(np.sqrt(np.mean(samples**2))) > 0.01, "the recording is silent"

    callback = recorder.locator("[data-callback]").first
    expect(callback).to_contain_text(CALLBACK, timeout=90_000)
    expect(recorder.get_by_text(re.compile("Priya"))).not_to_have_count(0)
    screenshot(page, "voicemail-transcribed")

    # After a reload the page shows the voicemail as a touch, with its measures.
    page.reload()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.get_by_text("You sent a voicemail")).to_have_count(1)
