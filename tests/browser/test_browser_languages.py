"""The languages as a reader meets them in Chromium: a link's ?lang= opens the page in it, the language stays when
the reader changes page, the switcher changes it, and a browser set to Russian opens in Russian."""
from __future__ import annotations

import re

from browser_helpers import CHART, screenshot, wait_for_run
from playwright.sync_api import Page, expect

import i18n


def in_language(code: str, message: str) -> str:
    with i18n.using(code):
        return i18n._(message)


def open_in(page: Page, path: str, code: str) -> None:
    page.goto(path)
    wait_for_run(page)
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text(in_language(code, "Sources & disputes"))
    expect(page.locator(CHART).first).to_be_visible()


def test_a_link_in_armenian_opens_in_armenian_and_keeps_it_across_pages(page: Page):
    open_in(page, "/?lang=hy", "hy")
    expect(page.locator("h1").first).to_have_text(in_language("hy", "Nagorno-Karabakh: what the sources say, 1988-2023"))
    screenshot(page, "language-overview-hy")
    page.get_by_test_id("stSidebarNav").get_by_text(in_language("hy", "Wars"), exact=True).click()
    wait_for_run(page)
    expect(page).to_have_url(re.compile(r"/wars\?.*lang=hy"))
    expect(page.locator("h1").first).to_have_text(in_language("hy", "Wars: deaths, missing, wounded and displaced"))


def test_azerbaijani_overview_and_the_switcher_to_russian(page: Page):
    open_in(page, "/?lang=az", "az")
    screenshot(page, "language-overview-az")
    switcher = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(
        has_text=in_language("az", "Language"))
    switcher.locator("[role=combobox], input").first.click()
    page.get_by_role("option", name=i18n.LANGUAGES["ru"]).click()
    wait_for_run(page)
    expect(page).to_have_url(re.compile(r"lang=ru"))
    expect(page.locator("h1").first).to_have_text(in_language("ru", "Nagorno-Karabakh: what the sources say, 1988-2023"))


def test_a_browser_set_to_russian_opens_in_russian(browser, app_server):
    context = browser.new_context(locale="ru-RU", base_url=app_server.url, viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_run(page)
        expect(page.locator("h1").first).to_have_text(
            in_language("ru", "Nagorno-Karabakh: what the sources say, 1988-2023"))
        expect(page).to_have_url(re.compile(r"lang=ru"))  # so the link, copied and sent, opens in Russian too
    finally:
        context.close()
