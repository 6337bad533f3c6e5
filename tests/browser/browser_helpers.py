"""Constants and small helpers shared by the browser tests (a module, not conftest, so tests can import it)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 30_000
TEST_USER = "ana"
TEST_PASSWORD = "browser-test-Passw0rd!"
CHART = "[data-testid=stPlotlyChart] .main-svg"

expect.set_options(timeout=TIMEOUT_MS)


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot at artifacts/screenshots/<name>.png, for a person to look at.

    Streamlit scrolls its main area inside the window, so a plain full_page shot stops at the window's edge:
    the window is made as tall as the content for the shot, then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', name)}.png"
    size = page.viewport_size or {"width": 1400, "height": 900}
    tall = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stSidebarContent]')]
               .map(e => e.scrollHeight))"""
    )
    tall = min(max(int(tall), size["height"]), 16000)
    try:
        if tall > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": tall})
            page.wait_for_timeout(500)  # let plotly redraw after the resize; cosmetic, asserted nothing
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        if tall > size["height"]:
            page.set_viewport_size(size)
    return path


def open_app(page: Page, path: str) -> None:
    """Go to a page of the app and wait until its script run has finished (never network idle)."""
    page.goto(path)
    expect(page.locator("[data-testid=stApp]")).to_be_visible()
    wait_for_run(page)
    no_exception(page)
    expect_app_navigation(page)


def expect_app_navigation(page: Page) -> None:
    """The app's own sidebar (app.py's st.navigation), not Streamlit's bare list of the files in pages/."""
    nav = page.get_by_test_id("stSidebarNav")
    why = "the sidebar is not the app's navigation: the page ran without app.py"
    expect(nav, why).to_contain_text("Sources & disputes")
    expect(nav, why).to_contain_text("Exodus 2023")


def wait_for_run(page: Page) -> None:
    """The script run has finished (the app marks its root with the run state)."""
    expect(page.locator("[data-testid=stApp]")).to_have_attribute("data-test-script-state", "notRunning")


def rendered_charts(page: Page):
    """Plotly charts that have drawn their SVG (each chart has several .main-svg layers: count containers)."""
    return page.locator("[data-testid=stPlotlyChart]").filter(has=page.locator(".main-svg"))


def no_exception(page: Page) -> None:
    boxes = page.locator("[data-testid=stException]")
    if boxes.count():
        pytest.fail("The page shows an exception box:\n" + "\n---\n".join(boxes.all_inner_texts()), pytrace=False)


