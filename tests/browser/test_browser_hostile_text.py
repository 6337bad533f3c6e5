"""A dispute written to look like markdown, as Chromium renders it: the text shows as written, and no image is
fetched, no link made, no icon drawn from it. (AppTest sees only the markdown source; this is what a reader gets.)"""
from __future__ import annotations

import csv
import io

import pytest
from browser_helpers import open_app, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SUBJECT_VALUE = "see www.example.org :material/home: ![b](http://127.0.0.1:9/b.png)"
SUMMARY = "[x](javascript:alert(1)) :red[alarm] a@b.org **not bold**"


@pytest.fixture
def hostile_dispute(app_server):
    """One more dispute in the app's own store, rolled back afterwards (history only grows; content is restored)."""
    from store import Store

    store = Store(f"sqlite:///{app_server.log.parent / 'dashboard.sqlite3'}")
    store.seed_from_folder()  # as the app does on its first page; a no-op once it has
    current = store.read("disputes")
    rows = list(csv.DictReader(io.StringIO(current.csv_bytes.decode("utf-8"))))
    rows.append({**{c: "" for c in rows[0]}, "dispute_id": "hostile_dispute", "dataset": "casualties",
                 "subject": f"conflict=zzz; side={SUBJECT_VALUE}", "summary": SUMMARY, "positions": "A: 1; B: 2",
                 "source_ids": rows[0]["source_ids"].split(";")[0]})
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    published = store.publish("disputes", out.getvalue().encode("utf-8"), author="test", note="hostile text",
                              base_version=current.version)
    yield
    store.rollback("disputes", current.version, author="test", note="undo hostile text", base_version=published.version)
    store.close()


@pytest.mark.usefixtures("hostile_dispute")
def test_a_hostile_dispute_renders_as_plain_text_on_the_sources_page(page: Page):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "b.png" in request.url else None)
    open_app(page, "/sources")
    expander = page.get_by_test_id("stExpander").filter(has_text="example.org :material")
    expect(expander).to_have_count(1)
    summary = expander.locator("summary")

    assert SUBJECT_VALUE in summary.inner_text().replace("\u2060", "")
    label = summary.get_by_test_id("stMarkdownContainer")  # the label alone, not the expander's own arrow icon
    assert label.locator("a, img, [data-testid=stIconMaterial], span[role=img]").count() == 0
    expander.locator("summary").click()
    body = expander.get_by_test_id("stExpanderDetails").get_by_test_id("stMarkdownContainer").first
    expect(body).to_contain_text("javascript")
    assert body.inner_text().replace("\u2060", "") == SUMMARY
    assert body.locator("a, strong, .stMarkdownColoredText").count() == 0
    screenshot(page, "sources-hostile-dispute")
    assert fetched == []
