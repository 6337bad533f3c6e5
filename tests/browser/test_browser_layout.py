"""Charts as a laptop (1366 px) and a phone (390 px) show them: no text outside its figure, title and legend apart,
room for the plot; on the phone the legend under the plot. Measured on the SVG plotly draws in Chromium, not on the
figure's JSON."""
from __future__ import annotations

import pytest
from browser_helpers import CHART, no_exception, open_app, rendered_charts, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGES = ["/", "/wars?episode=first_war", "/wars?episode=second_war", "/wars?episode=khojaly_1992", "/blockade", "/exodus"]

# For every chart: the figure's box, every text element's box, the title's, the legend's and the plot area's.
MEASURE = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(chart => {
    const svg = chart.querySelector('.main-svg').getBoundingClientRect();
    const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
    const texts = [...chart.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getBBox().width > 0)
        .map(t => ({text: t.textContent.slice(0, 40), ...box(t)}));
    const title = chart.querySelector('.gtitle');
    const legend = chart.querySelector('.legend .bg');
    const plot = chart.querySelector('.nsewdrag') || chart.querySelector('.bglayer rect');
    return {svg: {l: svg.left, r: svg.right, t: svg.top, b: svg.bottom}, texts,
            title: title ? box(title) : null, legend: legend ? box(legend) : null, plot: plot ? box(plot) : null,
            name: title ? title.textContent : '?'};
})"""


def overlaps(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


@pytest.mark.parametrize("path", PAGES)
def test_charts_keep_their_text_inside_title_and_legend_apart_and_half_the_width_for_the_plot(page: Page, path):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_app(page, path)
    expect(rendered_charts(page).first).to_be_visible()
    page.wait_for_timeout(1500)  # plotly lays out text after the first paint
    assert page.locator(CHART).count() > 0
    problems = []
    for chart in page.evaluate(MEASURE):
        svg, name = chart["svg"], chart["name"]
        for text in chart["texts"]:
            if text["l"] < svg["l"] - 1 or text["r"] > svg["r"] + 1:
                problems.append(f"{name}: text outside the figure: {text['text']!r}")
        if chart["title"] and chart["legend"] and overlaps(chart["title"], chart["legend"]):
            problems.append(f"{name}: the legend runs into the title")
        if chart["plot"] and (chart["plot"]["r"] - chart["plot"]["l"]) < 0.5 * (svg["r"] - svg["l"]) - 1:
            problems.append(f"{name}: plot area {chart['plot']['r'] - chart['plot']['l']:.0f} of {svg['r'] - svg['l']:.0f} px")
    screenshot(page, f"layout-1366{path.replace('/', '-').replace('?', '-') or '-overview'}")
    no_exception(page)
    assert problems == []


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_charts_fit_the_screen_with_labels_above_the_marks_and_the_legend_under_the_plot(page: Page, path):
    page.set_viewport_size({"width": 390, "height": 844})
    open_app(page, path)
    expect(rendered_charts(page).first).to_be_visible()
    # The window's width reaches the server after the first run; the compact layout follows on the next.
    page.wait_for_function("""() => { const c = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
        return c.length && c.every(e => { const s = e.querySelector('.main-svg'), p = e.querySelector('.nsewdrag');
            return s && (!p || p.getBoundingClientRect().left - s.getBoundingClientRect().left < 70); }); }""")
    page.wait_for_timeout(1500)
    problems = []
    for chart in page.evaluate(MEASURE):
        svg, name = chart["svg"], chart["name"]
        if svg["r"] > 390:
            problems.append(f"{name}: the figure is wider than the phone ({svg['r']:.0f} px)")
        for text in chart["texts"]:
            if text["l"] < svg["l"] - 1 or text["r"] > svg["r"] + 1:
                problems.append(f"{name}: text outside the figure: {text['text']!r}")
        if chart["title"] and chart["legend"] and overlaps(chart["title"], chart["legend"]):
            problems.append(f"{name}: the legend runs into the title")
        if chart["plot"] and chart["legend"] and chart["legend"]["t"] < chart["plot"]["b"]:
            problems.append(f"{name}: the legend is not under the plot")
        if chart["plot"] and (chart["plot"]["r"] - chart["plot"]["l"]) < 0.75 * (svg["r"] - svg["l"]):
            problems.append(f"{name}: plot area {chart['plot']['r'] - chart['plot']['l']:.0f} of {svg['r'] - svg['l']:.0f} px")
    # a card's six downloads sit in one popover instead of six stacked rows
    assert page.get_by_role("button", name="⬇ Download: PNG, SVG, PDF, HTML, CSV, ZIP").count() == \
        page.locator("[data-testid=stPlotlyChart]").count()
    screenshot(page, f"layout-390{path.replace('/', '-').replace('?', '-') or '-overview'}")
    no_exception(page)
    assert problems == []
