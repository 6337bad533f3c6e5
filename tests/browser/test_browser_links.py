"""A copied link with query parameters reproduces the view, also as the first request a fresh server sees."""
from __future__ import annotations

import re

import pytest
from browser_helpers import CHART, no_exception, open_app, rendered_charts, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_link_to_second_war_opens_second_war(page: Page):
    # conftest runs this first in the session: a shared link is often the first thing a restarted server serves.
    open_app(page, "/wars?episode=second_war")
    expect(page.locator(f"{CHART}, [data-testid=stException]").first).to_be_visible()
    no_exception(page)
    expect(page.get_by_role("radio", name="Second war, 2020")).to_be_checked()
    expect(page.get_by_role("radio", name="First war, 1988-1994")).not_to_be_checked()
    titles = rendered_charts(page).locator(".gtitle")
    expect(titles.first).to_be_visible()
    expect(titles).to_contain_text([re.compile(r"^Second war, 2020: military deaths"),
                                    re.compile(r"^Second war, 2020: civilian deaths")])
    texts = titles.all_text_contents()
    assert not [t for t in texts if "First war" in t], f"first-war charts shown for ?episode=second_war: {texts}"
    assert "episode=second_war" in page.url
    screenshot(page, "wars-second-war-link")
