"""Downloads from a figure card: the PNG is a real 2560-px image, the CSV carries a citation and the header."""
from __future__ import annotations

import csv
import io
import struct

import pytest
from browser_helpers import CHART, no_exception, open_app, rendered_charts
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def download(page: Page, label: str, timeout_ms: int) -> tuple[str, bytes]:
    button = page.get_by_test_id("stDownloadButton").filter(has_text=label).first.get_by_role("button")
    expect(button).to_be_enabled()
    with page.expect_download(timeout=timeout_ms) as info:
        button.click()
    item = info.value
    assert item.failure() is None, item.failure()
    return item.suggested_filename, item.path().read_bytes()


def test_khojaly_card_downloads(page: Page):
    open_app(page, "/wars?episode=khojaly_1992")
    expect(page.locator(f"{CHART}, [data-testid=stException]").first).to_be_visible()
    no_exception(page)
    expect(rendered_charts(page)).to_have_count(1)

    name, data = download(page, "⬇ PNG", 60_000)  # the first image starts Kaleido's Chromium on the server
    assert name == "wars-khojaly.png"
    assert data[:8] == PNG_SIGNATURE, data[:16]
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 2560, (width, height)

    name, data = download(page, "⬇ CSV", 30_000)
    assert name == "wars-khojaly.csv"
    text = data.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert {"value_best", "source_id"} <= set(header) and header[-1] == "citation", header
    cited = rows[0][-1]
    assert "Khojaly (Xocalı)" in cited and "wars-khojaly" in cited and "Source:" in cited, cited[:300]
    assert any(row[header.index("value_best")] == "613" for row in rows), "the 613 claim is not in the rows"
    no_exception(page)
