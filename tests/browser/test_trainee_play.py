"""A trainee plays a scenario in the browser: practice, writing, waiting, feedback, drafts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, screenshot, sign_in
from trainer.scenarios.loader import load_scenario

pytestmark = pytest.mark.browser

CR_V = "Is the blue CR-V EX-L still there?"
ANSWER = (
    "Hi Priya, it's Marisol at Harborview Honda. Yes, the blue CR-V EX-L is still here and it "
    "does have heated front seats. Could I call you for 2 minutes at 7:45 tonight, or would "
    "you rather keep it to text?"
)


def open_practice_scenario(page: Page, title: str) -> None:
    """From any signed-in page, go to Practice and press Play on the scenario's card."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice a scenario")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))
    card.get_by_role("button", name="Play").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_trainee_plays_a_scenario_reads_feedback_and_tries_again(page: Page):
    sign_in(page, "jordan@demo.reconnect")
    expect(page.get_by_role("heading", level=1)).to_have_text("My drills")

    open_practice_scenario(page, CR_V)
    attempt_url = page.url
    expect(page.get_by_role("heading", name="Lead: Priya Raman")).to_be_visible()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.get_by_text("Your task (text)")).to_be_visible()
    screenshot(page, "play-new-attempt")

    page.get_by_role("radio", name="Text", exact=True).check()
    page.get_by_label("Your message").fill(ANSWER)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(timeline.get_by_text("You sent a text")).to_have_count(1)
    expect(timeline.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value("")  # the sent draft is gone

    # Waiting moves the simulated clock on (up to a day: it stops early when the next thing
    # happens, Priya's reply or the next task, which depends on the attempt's seed) and the
    # timeline grows.
    clock = page.get_by_role("status").filter(has_text="Now:")
    expect(clock).to_contain_text("Day 0, Tue 21 Apr 19:")
    before = clock.inner_text()
    events = timeline.get_by_role("listitem").count()
    page.get_by_label("Let time pass").select_option(label="1 day")
    page.get_by_role("button", name="Wait").click()
    expect(clock).not_to_have_text(before)
    expect(timeline.get_by_role("listitem").nth(events)).to_be_visible()

    page.get_by_role("button", name="Finish and see feedback").click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+/feedback$"))
    expect(page.get_by_text("The lead has ended. Here is your feedback.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Feedback: {CR_V}")

    summary = page.get_by_role("region", name=re.compile(r"^How the lead ended: \w"))
    expect(summary).to_be_visible()
    for criterion in ("Reconnection", "Urgency", "Trust", "Follow-up"):
        level = summary.locator("dt", has_text=re.compile(f"^{criterion}$")).locator("+ dd")
        expect(level).to_have_text(re.compile(r"^[0-4](\.\d)?$"))
    expect(summary.get_by_text("Follow-up discipline")).to_be_visible()

    touch = page.get_by_role("article", name=re.compile(r"^Touch 1: text on day 0"))
    expect(touch.get_by_text("Overall:")).to_be_visible()
    marks = touch.locator(".yourtext mark")
    expect(marks.first).to_be_visible()
    for highlighted in marks.all_inner_texts():
        assert highlighted.strip() and highlighted in ANSWER, highlighted
    expect(page.locator("ul.coaching li").first).to_be_visible()

    model = load_scenario(ROOT / "scenarios" / "new-availability-cr-v.yaml").steps[0].model_answer
    models = page.get_by_role("region", name="Model answers")
    expect(models.locator("pre.answer").first).to_have_text(model.strip())
    screenshot(page, "feedback")

    page.get_by_role("button", name="Try this scenario again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CR_V)
    expect(page).to_have_url(re.compile(r"/attempts/\d+(#latest)?$"))
    assert page.url != attempt_url, "a new attempt has its own page"
    expect(page.get_by_role("region", name="Timeline").get_by_text("You sent")).to_have_count(0)
    expect(page.get_by_label("Your message")).to_have_value("")


def test_the_draft_is_saved_as_the_trainee_types_and_survives_a_reload(page: Page):
    sign_in(page, "jordan@demo.reconnect")
    open_practice_scenario(page, CR_V)
    status = page.locator("#draft-status")
    expect(status).to_have_text("Your draft is saved as you type.")

    message = page.get_by_label("Your message")
    message.click()
    message.press_sequentially("Hi Priya, the CR-V is here. ", delay=5)
    page.get_by_role("radio", name="Email", exact=True).check()
    message.press_sequentially("Heated seats: yes.", delay=5)
    expect(status).to_have_text("Saving the draft…")
    expect(status).to_have_text("Draft saved.")

    page.reload()
    expect(page.get_by_label("Your message")).to_have_value(
        "Hi Priya, the CR-V is here. Heated seats: yes."
    )
    expect(page.get_by_role("radio", name="Email", exact=True)).to_be_checked()
