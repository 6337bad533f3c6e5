"""Every page opens in a real browser, draws its charts, shows no error box and cites its sources."""
from __future__ import annotations

import re

import pytest
from browser_helpers import CHART, no_exception, open_app, rendered_charts, screenshot, wait_for_run
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# (name, path, title on the page, charts expected: an int is exact, a str ">=n" is a minimum, 0 = no charts)
PAGES = [
    ("overview", "/", "Nagorno-Karabakh: what the sources say, 1988-2023", 2),
    ("wars", "/wars", "Wars: deaths, missing, wounded and displaced", ">=2"),
    ("blockade", "/blockade", "The Lachin (Berdzor) corridor blockade", 4),
    ("exodus", "/exodus", "The 2023 exodus of Karabakh Armenians to Armenia", 6),
    ("sources", "/sources", "Sources and disputes", 0),
    ("data", "/data", "Data", 0),
]


MIN_PLOT_WIDTH = 100  # px at a 1400-px window; the narrowest healthy chart measured about 240
PLOT_AREAS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(chart => {
    const title = chart.querySelector('.gtitle');
    const area = chart.querySelector('rect.nsewdrag');  // the x-y plot area; tables have none
    return [title ? title.textContent : '', area ? Math.round(area.getBoundingClientRect().width) : null];
})"""


def wait_for_charts_or_error(page: Page) -> None:
    """The first chart or an exception box, whichever comes first; an exception fails with its text."""
    expect(page.locator(f"{CHART}, [data-testid=stException]").first).to_be_visible()
    no_exception(page)


@pytest.mark.parametrize(("name", "path", "title", "charts"), PAGES, ids=[p[0] for p in PAGES])
def test_page_opens_and_draws_its_charts(page: Page, name, path, title, charts):
    open_app(page, path)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", level=1)).to_contain_text(title)
    if charts:
        wait_for_charts_or_error(page)
        if isinstance(charts, int):
            expect(rendered_charts(page)).to_have_count(charts)
        else:
            minimum = int(charts.removeprefix(">="))
            expect(rendered_charts(page).nth(minimum - 1)).to_be_visible()
        wait_for_run(page)
        screenshot(page, name)  # before the checks below, so a failing page can be looked at too
        drawn = rendered_charts(page)
        count = drawn.count()
        # Each chart has a visible title drawn inside it (an empty or failed chart has none).
        titles = [drawn.nth(i).locator(".gtitle").first.text_content() or "" for i in range(count)]
        assert all(t.strip() for t in titles), f"{name}: a chart has no title: {titles}"
        # Each chart leaves room to draw its data: a plot area squeezed to a sliver by long labels shows nothing.
        plot_widths = page.evaluate(PLOT_AREAS)
        squeezed = [(t, w) for t, w in plot_widths if w is not None and w < MIN_PLOT_WIDTH]
        assert not squeezed, f"{name}: charts whose plot area is narrower than {MIN_PLOT_WIDTH}px: {squeezed}"
        # Each card says where its figures come from, under the chart.
        source_lines = main.get_by_test_id("stMarkdownContainer").filter(has_text="Source:")
        assert source_lines.count() >= count, (
            f"{name}: {count} charts but only {source_lines.count()} 'Source:' lines")
        expect(main).to_contain_text("Source:")
    else:
        # Pages without charts: their tables are drawn.
        expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
        wait_for_run(page)
        screenshot(page, name)
    no_exception(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_khojaly_shows_the_dispute_note(page: Page):
    open_app(page, "/wars?episode=khojaly_1992")
    wait_for_charts_or_error(page)
    expect(rendered_charts(page)).to_have_count(1)
    note = page.get_by_test_id("stAlert").filter(has_text="Disputed")
    expect(note).to_be_visible()
    expect(note).to_contain_text("sources disagree")
    # Who says what, and every citation with its grade, are one click away.
    page.get_by_text("Who says what", exact=True).click()
    who = page.get_by_test_id("stExpander").filter(has_text="Who says what")
    expect(who).to_contain_text("613")
    expect(who).to_contain_text("161")
    page.get_by_role("button", name=re.compile(r"All \d+ sources")).click()
    listing = page.get_by_test_id("stPopoverBody")
    expect(listing).to_contain_text("Human Rights Watch")
    expect(listing).to_contain_text("read via")
    expect(listing).to_contain_text("primary (the claimant's own publication)")
    no_exception(page)
    screenshot(page, "wars-khojaly")
