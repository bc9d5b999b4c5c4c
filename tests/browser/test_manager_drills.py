"""A manager assigns a drill; the trainee sees it, plays it, and the manager sees the result."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser

DRILL = "Week 3: availability questions"
CR_V = "Is the blue CR-V EX-L still there?"


def heat_row(page: Page, name: str):
    """The heat map's row for a trainee."""
    table = page.get_by_role("table", name=re.compile("Average level per trainee"))
    return table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))


def test_the_dashboard_shows_the_heat_map_and_the_trend_chart(page: Page):
    sign_in(page, "manager.honda@demo.reconnect")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard: Lakeshore Honda")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Team dashboard")).to_have_attribute("aria-current", "page")

    # The heat map: a row per trainee of this store (not the other store's), with a level
    # per criterion and the weakest skill named.
    for name in ("Jordan Ellis", "Sam Rivera"):
        row = heat_row(page, name)
        expect(row).to_have_count(1)
        cells = row.get_by_role("cell")
        expect(cells.nth(0)).to_have_text(re.compile(r"^[1-9]\d*$"))  # finished attempts
        for column in range(1, 5):
            expect(cells.nth(column)).to_have_text(re.compile(r"^[0-4]\.\d$"))
        expect(cells.nth(5)).to_have_text(re.compile(r"^(Reconnection|Urgency|Trust|Follow-up)$"))
    expect(heat_row(page, "Alex Chen")).to_have_count(0)

    chart = page.get_by_role("img", name="Weekly team average per criterion")
    expect(chart).to_be_visible()
    expect(chart.locator("polyline").first).to_be_attached()
    legend = page.get_by_role("region", name=re.compile("^Trend")).get_by_role("listitem")
    expect(legend).to_have_text(["Reconnection", "Urgency", "Trust", "Follow-up"])
    # The seeded past drill is overdue for the trainee who has not finished it.
    overdue = page.get_by_role("region", name=re.compile(r"^Overdue drills \(\d+\)"))
    expect(
        overdue.get_by_role("row").filter(has_text="Week 1: first responses").first
    ).to_be_visible()
    screenshot(page, "manager-dashboard")


def test_a_manager_assigns_a_drill_and_the_trainee_plays_it(page: Page):
    sign_in(page, "manager.honda@demo.reconnect")
    jordan_attempts = heat_row(page, "Jordan Ellis").get_by_role("cell").first.inner_text()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assign drills").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assign a drill: Lakeshore Honda")

    # A mistake is explained and nothing typed is lost.
    page.get_by_label("Drill title").fill(DRILL)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Choose a due date.")).to_be_visible()
    expect(page.get_by_label("Drill title")).to_have_value(DRILL)

    due = (datetime.now(UTC) + timedelta(days=7)).date()
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("checkbox", name=CR_V).check()
    page.get_by_role("checkbox", name="Jordan Ellis").check()
    screenshot(page, "manager-assign")
    page.get_by_role("button", name="Assign").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard: Lakeshore Honda")
    expect(page.get_by_role("status")).to_contain_text(f"Drill “{DRILL}” assigned to 1 ")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(
        page.get_by_role("cell", name=re.compile(r"^drill\.assign assignment \d+$"))
    ).to_have_count(1)
    sign_out(page)

    # Sam was not chosen: the drill is not his.
    sign_in(page, "sam@demo.reconnect")
    expect(page.get_by_role("heading", level=1)).to_have_text("My drills")
    expect(page.get_by_role("cell", name=DRILL)).to_have_count(0)
    sign_out(page)

    sign_in(page, "jordan@demo.reconnect")
    due_section = page.get_by_role("region", name=re.compile(r"^Due \(\d+\)$"))
    row = due_section.get_by_role("row").filter(has_text=DRILL)
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text(CR_V)
    expect(row.get_by_role("cell").nth(2)).to_have_text(f"{due:%d %b %Y} 23:59 UTC")
    screenshot(page, "trainee-my-drills")

    row.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CR_V)
    page.get_by_label("Your message").fill(
        "Hi Priya, it's Marisol at Harborview Honda. Yes, the blue CR-V EX-L is here with "
        "heated front seats. A 2-minute call at 7:45 tonight, or would you rather text?"
    )
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("You sent a text")).to_be_visible()
    page.get_by_role("button", name="Finish and see feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Feedback: {CR_V}")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My drills").click()
    done = page.get_by_role("region", name=re.compile(r"^Done \(\d+\)$"))
    finished = done.get_by_role("row").filter(has_text=DRILL)
    expect(finished.get_by_role("link", name="Feedback")).to_be_visible()
    expect(finished.get_by_role("button", name="Play again")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=DRILL)).to_have_count(1)  # no longer due
    sign_out(page)

    # Back on the dashboard, Jordan has one more finished attempt, and it can be reviewed.
    sign_in(page, "manager.honda@demo.reconnect")
    expect(heat_row(page, "Jordan Ellis").get_by_role("cell").first).to_have_text(
        str(int(jordan_attempts) + 1)
    )
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    latest = page.get_by_role("row").nth(1)
    expect(latest).to_contain_text("Jordan Ellis")
    expect(latest).to_contain_text("new-availability-cr-v")
    latest.get_by_role("link", name="Review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: Jordan Ellis, {CR_V}")
    expect(page.get_by_text("heated front seats").first).to_be_visible()
