"""Browser fixtures: the app served on a loopback port from a freshly seeded demo database, a
headless Debian Chromium driven by Playwright, and helpers to sign in, find things by
keyboard, take screenshots and run axe-core.

Chromium comes from Debian (`apt-get install chromium chromium-driver`), never from
`playwright install`. Without it the browser tests skip, or fail when CI is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, Playwright, expect, sync_playwright
from sqlalchemy import text
from werkzeug.serving import WSGIRequestHandler, make_server

from trainer import create_app
from trainer.extensions import db
from trainer.services import demo

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("TRAINER_TEST_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = demo.PASSWORD
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


def missing(what: str) -> None:
    """Fail when CI is set (the tests must run there), otherwise skip with the reason."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so the browser tests cannot be skipped)", pytrace=False)
    pytest.skip(what)


# --- the server -------------------------------------------------------------------------


def _app(folder: Path, database_url: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "PACKS_FOLDER": str(folder / "packs"),
            "BADGE_KEY_FILE": str(folder / "badge-signing-key.pem"),
        }
    )


def _create_and_seed(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
        demo.seed()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory) -> Path | None:
    """A demo-seeded SQLite file to copy for each server (seeding takes seconds; a copy does
    not). None when TRAINER_TEST_DATABASE_URL is set: that database is seeded every time."""
    if os.environ.get("TRAINER_TEST_DATABASE_URL"):
        return None
    folder = tmp_path_factory.mktemp("seed")
    _create_and_seed(_app(folder, f"sqlite:///{folder / 'seed.sqlite'}"))
    return folder / "seed.sqlite"


class QuietHandler(WSGIRequestHandler):
    """Request handler that keeps errors but not one log line per request."""

    def log_request(self, code="-", size="-") -> None:
        return None


@contextmanager
def serve(folder: Path, seeded: Path | None) -> Iterator[str]:
    """Serve the app on 127.0.0.1 (a free port) over a fresh, demo-seeded database: a copy
    of `seeded` (SQLite), or TRAINER_TEST_DATABASE_URL emptied and seeded."""
    if seeded is None:
        app = _app(folder, os.environ["TRAINER_TEST_DATABASE_URL"])
        _create_and_seed(app)
    else:
        shutil.copyfile(seeded, folder / "browser.sqlite")
        app = _app(folder, f"sqlite:///{folder / 'browser.sqlite'}")
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def live_server(tmp_path, seeded_sqlite) -> Iterator[str]:
    """The base URL of a server with its own freshly seeded demo database."""
    with serve(tmp_path, seeded_sqlite) as url:
        yield url


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory, seeded_sqlite) -> Iterator[str]:
    """One seeded server for a module whose tests do not depend on each other's changes."""
    with serve(tmp_path_factory.mktemp("browser"), seeded_sqlite) as url:
        yield url


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """The one Playwright driver of the session (a second one in the same thread fails)."""
    if not CHROMIUM.exists():
        missing(
            f"{CHROMIUM} is missing: install Debian's browser with "
            "`apt-get install -y chromium chromium-driver` (.ci/run does this)"
        )
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[Browser]:
    """Headless Debian Chromium (never a Playwright download)."""
    shutil.rmtree(SCREENSHOTS / "failures", ignore_errors=True)  # from an earlier run
    launched = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
    )
    yield launched
    launched.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so the page fixture knows a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _slug(text_: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text_).strip("-")[:120]


def _page_for(browser: Browser, base_url: str, request) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"uncaught script error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.joinpath("failures").mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=SCREENSHOTS / "failures" / f"{_slug(request.node.nodeid)}.png", full_page=True
        )
    context.close()
    assert not problems, "The pages raised script errors:\n" + "\n".join(problems)


@pytest.fixture
def page(browser, live_server, request) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the test's own server."""
    yield from _page_for(browser, live_server, request)


@pytest.fixture
def shared_page(browser, shared_server, request) -> Iterator[Page]:
    """A fresh browser context on the module's shared server."""
    yield from _page_for(browser, shared_server, request)


# --- helpers ----------------------------------------------------------------------------


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the signed-in header."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    """Sign out with the header's button."""
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def is_focused(locator: Locator) -> bool:
    """Whether the element is the document's active element."""
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus; fail after `limit` presses."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if is_focused(target):
            return
    active = page.evaluate(
        "() => { const el = document.activeElement; "
        "return el ? el.outerHTML.slice(0, 200) : 'nothing'; }"
    )
    raise AssertionError(f"{limit} presses of {key} never reached {target}; focus is on {active}")


def axe_source() -> str:
    """Return axe-core's script (installed by `npm ci`)."""
    if not AXE.exists():
        missing(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` at the repository root")
    return AXE.read_text(encoding="utf-8")


def run_axe(page: Page) -> list[dict]:
    """Run axe-core on the page (WCAG 2.x A/AA and best practices); return the violations.

    The script is evaluated through the DevTools protocol, so the app's Content Security
    Policy (script-src 'self') stays in force for the page's own scripts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                'wcag22aa', 'best-practice']},
                resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          summary: n.failureSummary})),
            }));
        }"""
    )


def describe_violations(violations: list[dict]) -> str:
    """Return axe violations as readable text for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"        {summary_line}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)
