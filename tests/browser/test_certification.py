"""From a trainee's exam to a certificate anyone can verify, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, screenshot, sign_in, sign_out
from trainer.scenarios.loader import load_catalog

pytestmark = pytest.mark.browser

# Alex's demo certificate has expired, so Alex may sit Level 1 again.
ALEX = "alex@demo.reconnect"
TRACK = "Internet Lead Response — Level 1"
CHANNELS = {"email": "Email", "text": "Text", "voicemail": "Voicemail script"}


def _drawn_scenario(title: str):
    """Return the scenario whose title the exam page shows (the pool draws one at random)."""
    catalog = load_catalog([ROOT / "scenarios"])
    found = [s for s in catalog.scenarios.values() if s.title in title]
    assert len(found) == 1, title
    return found[0]


def test_a_trainee_passes_an_exam_and_the_certificate_verifies(page: Page):
    sign_in(page, ALEX)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exams and certificates")
    expired = page.get_by_role("table").filter(has_text=TRACK).get_by_text("expired")
    expect(expired).to_be_visible()
    track = page.get_by_role("article", name=TRACK)
    track.get_by_role("button", name=re.compile(r"^Start the exam")).click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"Exam: {TRACK}")
    expect(page.get_by_text("Exam time ends at")).to_be_visible()
    expect(page.locator("[data-remaining]")).to_have_text(re.compile(r"\(\d+:\d\d left\)"))
    scenario = _drawn_scenario(heading.inner_text())
    step = scenario.steps[0]
    screenshot(page, "exam-play")

    page.get_by_role("radio", name=CHANNELS[step.channel], exact=True).check()
    page.get_by_label("Your message").fill(step.model_answer)
    page.get_by_role("button", name="Send", exact=True).click()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.get_by_text(step.model_answer.strip()[:40])).to_be_visible()
    expect(timeline.get_by_text("Graded:")).to_have_count(0)  # no grades during an exam
    page.get_by_role("button", name="Finish the exam").click()

    expect(page).to_have_url(re.compile(r"/exams/\d+$"))
    expect(page.get_by_text("You passed.")).to_be_visible()
    verdict = page.get_by_role("table", name="Pass rules")
    expect(verdict.get_by_text("no", exact=True)).to_have_count(0)
    screenshot(page, "exam-passed")
    certificate_id = (
        page.locator("section", has_text="Your certificate").locator("code").inner_text()
    )
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", certificate_id)
    page.get_by_role("link", name="Public verification page").click()
    expect(page).to_have_url(re.compile(f"/verify/{certificate_id}$"))
    sign_out_url = page.url

    # Signed out, anyone with the link sees it is valid, and the credential is served.
    sign_out(page)
    page.goto(sign_out_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate verification")
    expect(page.locator("[data-status]")).to_have_text("VALID")
    expect(page.locator("[data-holder]")).to_have_text("Alex Chen")
    expect(page.get_by_role("heading", name=TRACK)).to_be_visible()
    screenshot(page, "certificate-verified")
    badge = page.request.get(f"/verify/{certificate_id}/badge.json")
    assert badge.ok and badge.headers["content-type"].startswith("application/ld+json")
    document = badge.json()
    assert "OpenBadgeCredential" in document["type"]
    assert document["credentialSubject"]["identifier"][0]["identityHash"] == "Alex Chen"
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    pdf = page.request.get(f"/verify/{certificate_id}/certificate.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # A mistyped id is not found.
    page.goto(f"/verify/{certificate_id[:-1]}{'A' if certificate_id[-1] != 'A' else 'B'}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate not found")
