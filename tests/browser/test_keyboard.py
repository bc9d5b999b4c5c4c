"""Everything a trainee needs works from the keyboard alone: no mouse clicks in this module."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import screenshot, tab_to

pytestmark = pytest.mark.browser

CIVIC = "Day 3: the blue Civic she asked about just came off the truck"


def assert_focus_visible(target: Locator) -> None:
    """The focused element shows a focus ring a keyboard user can see."""
    expect(target).to_be_focused()
    ring = target.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ring[0] != "none" and float(ring[1].removesuffix("px")) >= 2, (target, ring)


def test_the_skip_link_is_the_first_stop_and_jumps_past_the_header(page: Page):
    page.goto("/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert_focus_visible(skip)
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert_focus_visible(page.get_by_label("Email"))


def test_a_trainee_signs_in_plays_a_drill_and_reaches_feedback_by_keyboard(page: Page):
    page.goto("/login")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type("jordan@demo.reconnect")
    page.keyboard.press("Tab")
    assert_focus_visible(page.get_by_label("Password"))
    page.keyboard.type("reconnect-demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My drills")

    # On a signed-in page the skip link also comes first and jumps over the navigation.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
    )
    assert focused_in_main, "after the skip link, Tab goes into the page's content"

    due = page.get_by_role("region", name=re.compile(r"^Due \(\d+\)$"))
    start = due.get_by_role("row").filter(has_text=CIVIC).get_by_role("button", name="Start")
    tab_to(page, start)
    assert_focus_visible(start)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(CIVIC)

    message = page.get_by_label("Your message")
    tab_to(page, message)
    assert_focus_visible(message)
    page.keyboard.type("Hi, it's Marisol at the store. The blue Civic came off the truck today.")

    # Back to the channel radios with Shift+Tab; the arrow keys choose Email.
    email = page.get_by_role("radio", name="Email", exact=True)
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("radio", checked=True)).to_be_focused()
    for _ in range(4):
        if email.is_checked():
            break
        page.keyboard.press("ArrowRight")
    expect(email).to_be_checked()
    assert_focus_visible(email)
    page.keyboard.press("Tab")
    expect(message).to_be_focused()
    page.keyboard.type(" Could I send you photos and hold it for a look tomorrow at 5:30?")
    send = page.get_by_role("button", name="Send", exact=True)
    page.keyboard.press("Tab")
    assert_focus_visible(send)
    page.keyboard.press("Enter")
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.get_by_text("You sent an email")).to_be_visible()
    expect(timeline.get_by_text("The blue Civic came off the truck today.")).to_be_visible()
    # Sent means gone from the box (a late autosave once put it back, ready to send twice).
    expect(message).to_have_value("")

    finish = page.get_by_role("button", name="Finish and see feedback")
    tab_to(page, finish)
    assert_focus_visible(finish)
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Feedback: {CIVIC}")
    expect(page.get_by_role("article", name=re.compile(r"^Touch 1: email"))).to_be_visible()
    screenshot(page, "keyboard-feedback")


def test_an_error_puts_the_keyboard_in_the_field_to_fix(page: Page):
    page.goto("/login")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("jordan@demo.reconnect")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    password = page.get_by_label("Password")
    expect(password).to_be_focused()
    expect(password).to_have_attribute("aria-invalid", "true")
    described_by = password.get_attribute("aria-describedby")
    expect(page.locator(f"#{described_by}")).to_be_visible()
    screenshot(page, "login-error")
