"""The Maintain page: closed to visitors; a maintainer logs in with the keyboard, is told exactly what is wrong with
a bad file, previews a good one, publishes it and finds it in the history."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from browser_helpers import ROOT, TEST_PASSWORD, TEST_USER, no_exception, open_app, screenshot, wait_for_run
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

UPLOADER = "stFileUploaderDropzoneInput"
SHIPPED = ROOT / "datasets" / "casualties.csv"


def login_form(page: Page):
    form = page.get_by_test_id("stForm").filter(has_text="Maintainer log-in")
    expect(form).to_be_visible()
    return form


def grid_texts(page: Page, grid) -> list[str]:
    """The text of a dataframe's cells: the grid is drawn on a canvas, and the browser exposes the visible cells to
    assistive technology as a table inside it."""
    expect(grid).to_be_visible()
    cells = grid.locator("td[role=gridcell]")
    expect(cells.first).to_be_attached()
    return [t.strip() for t in cells.all_text_contents()]


def test_visitor_sees_log_in_and_no_uploader(page: Page):
    open_app(page, "/maintain")
    no_exception(page)
    form = login_form(page)
    expect(form.get_by_role("textbox", name="User name")).to_be_visible()
    expect(form.get_by_role("textbox", name="Password")).to_be_visible()
    expect(page.get_by_test_id(UPLOADER)).to_have_count(0)

    form.get_by_role("textbox", name="User name").fill(TEST_USER)
    form.get_by_role("textbox", name="Password").fill("not-the-password")
    form.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="User name or password is wrong")).to_be_visible()
    expect(page.get_by_test_id(UPLOADER)).to_have_count(0)
    expect(page.get_by_text("Logged in as")).to_have_count(0)
    screenshot(page, "maintain-wrong-password")


def bad_and_good_files(tmp: Path) -> tuple[Path, Path, list[int]]:
    """A bad copy of the shipped casualties.csv (a thousands separator, an unknown source) and a good one with one
    new row; returns the spreadsheet line numbers of the two bad rows."""
    text = SHIPPED.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    value_best, source_id = header.index("value_best"), header.index("source_id")
    with_value = [i for i in range(1, len(rows)) if rows[i][value_best]]
    bad_value_row, bad_source_row = with_value[5], with_value[20]
    rows[bad_value_row][value_best] = "12,000"
    rows[bad_source_row][source_id] = "nope"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    bad = tmp / "casualties-bad.csv"
    bad.write_text(out.getvalue(), encoding="utf-8")

    new = list(rows[with_value[0]])
    original = list(csv.reader(io.StringIO(text)))[with_value[0]]
    new[header.index("as_of")] = "2024-05-01"
    new[header.index("note")] = "Browser test: the same claim restated in 2024."
    assert new != original
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(new)
    good = tmp / "casualties-good.csv"
    good.write_text(text + ("" if text.endswith("\n") else "\n") + line.getvalue(), encoding="utf-8")
    # line numbers as a spreadsheet shows them (header = line 1) equal row index + 1 while no cell spans lines
    assert len(text.splitlines()) == len(rows), "a quoted line break in the shipped file: line numbers would shift"
    return bad, good, [bad_value_row + 1, bad_source_row + 1]


def test_maintainer_publishes_a_new_version(page: Page, tmp_path):
    bad, good, bad_lines = bad_and_good_files(tmp_path)
    open_app(page, "/maintain")
    form = login_form(page)
    form.get_by_role("textbox", name="User name").fill(TEST_USER)
    password = form.get_by_role("textbox", name="Password")
    password.fill(TEST_PASSWORD)
    password.press("Enter")  # the form submits from the keyboard
    expect(page.get_by_text("Logged in as")).to_contain_text(TEST_USER)
    expect(page.get_by_test_id("stForm").filter(has_text="Maintainer log-in")).to_have_count(0)
    no_exception(page)

    # pick the dataset
    dataset = page.get_by_test_id("stSelectbox").filter(has_text="Dataset")
    dataset.click()
    page.get_by_role("option", name=re.compile(r"\(casualties\.csv\)")).click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="File for casualties")
    expect(uploader).to_be_visible()
    wait_for_run(page)
    upload = uploader.get_by_test_id(UPLOADER)
    expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="Current version:")).to_contain_text("Current version: 1")

    # a bad file: refused, with the lines named
    upload.set_input_files(bad)
    refusal = page.get_by_test_id("stAlert").filter(has_text="not accepted")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("2 problem(s) on 2 line(s)")
    no_exception(page)
    report = page.get_by_test_id("stDataFrame").first
    cells = grid_texts(page, report)
    for line in bad_lines:
        assert str(line) in cells, f"the report does not name line {line}: {cells[:40]}"
    assert "12,000" in cells and "nope" in cells, cells[:40]
    expect(page.get_by_role("button", name=re.compile(r"^Publish"))).to_have_count(0)
    screenshot(page, "maintain-invalid-upload")

    # a good file with one new row: previewed
    upload.set_input_files(good)
    expect(page.get_by_test_id("stAlert").filter(has_text="Valid:")).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text="not accepted")).to_have_count(0)
    added = page.get_by_test_id("stMetric").filter(has_text="Rows added")
    expect(added.get_by_test_id("stMetricValue")).to_have_text("1")
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows removed").get_by_test_id("stMetricValue")).to_have_text("0")
    expect(page.get_by_test_id("stMetric").filter(has_text="Cells changed").get_by_test_id("stMetricValue")).to_have_text("0")
    no_exception(page)
    screenshot(page, "maintain-preview")

    # publish with a note
    publish_form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Publish as version 2"))
    publish_form.get_by_label("What changed and why (shown in the history)").fill("Browser test: add one restated claim")
    publish_form.get_by_role("button", name="Publish as version 2").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Published casualties version 2")).to_be_visible()
    no_exception(page)
    screenshot(page, "maintain-published")

    # the history lists it
    page.get_by_role("tab", name="History and rollback").click()
    history = page.get_by_role("tabpanel", name="History and rollback").get_by_test_id("stDataFrame")
    cells = grid_texts(page, history)
    assert "2" in cells and "Browser test: add one restated claim" in cells and TEST_USER in cells, cells[:40]
    screenshot(page, "maintain-history")


def libreoffice_xlsx(tmp: Path) -> Path:
    """The shipped casualties.csv opened in LibreOffice Calc and saved as XLSX (its ids 1.10 become the number 1.1)."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "spreadsheets"))
    from libreoffice import SOFFICE, UTF8_COMMAS, convert

    if SOFFICE is None:
        pytest.skip("needs LibreOffice (apt-get install -y libreoffice-calc-nogui)")
    source = tmp / "casualties.csv"
    source.write_bytes(SHIPPED.read_bytes())
    return convert(source, tmp / "saved", "xlsx", opened_as=UTF8_COMMAS)


def log_in(page: Page) -> None:
    open_app(page, "/maintain")
    form = login_form(page)
    form.get_by_role("textbox", name="User name").fill(TEST_USER)
    password = form.get_by_role("textbox", name="Password")
    password.fill(TEST_PASSWORD)
    password.press("Enter")
    expect(page.get_by_text("Logged in as")).to_contain_text(TEST_USER)
    wait_for_run(page)


def pick(page: Page, label: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_run(page)


def test_maintainer_publishes_a_damaged_workbook_after_reading_its_warnings_then_compares_and_rolls_back(page: Page, tmp_path):
    """Items 1, 3 and 6 of the spreadsheet issue as a maintainer clicks them (runs after the test that publishes
    version 2, so this one starts wherever that left the history)."""
    workbook = libreoffice_xlsx(tmp_path)
    log_in(page)
    dataset = page.get_by_test_id("stSelectbox").filter(has_text="Dataset")
    dataset.click()
    page.get_by_role("option", name=re.compile(r"\(casualties\.csv\)")).click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="File for casualties")
    expect(uploader).to_be_visible()  # the page has rerun for casualties
    wait_for_run(page)
    current = int(re.search(r"Current version: (\d+)", page.get_by_test_id("stMarkdownContainer")
                            .filter(has_text="Current version:").inner_text()).group(1))

    uploader.get_by_test_id(UPLOADER).set_input_files(workbook)
    expect(page.get_by_test_id("stAlert").filter(has_text="Read sheet 'casualties' of the XLSX workbook")).to_be_visible()
    warning = page.get_by_test_id("stAlert").filter(has_text="look changed by a spreadsheet program")
    expect(warning).to_be_visible()
    no_exception(page)
    cells = grid_texts(page, page.get_by_role("tabpanel", name="Upload a new version").get_by_test_id("stDataFrame").first)
    assert ["13", "ref_id", "1.10", "1.1", "1.10", "A spreadsheet read this id as a number and dropped its trailing zero",
            "lost-trailing-zero"] == cells[:7], cells[:8]
    publish = page.get_by_role("button", name=f"Publish as version {current + 1}")
    expect(publish).to_be_disabled()
    screenshot(page, "maintain-workbook-warnings")

    page.get_by_test_id("stCheckbox").filter(has_text="I have read the").click()
    expect(publish).to_be_enabled()
    page.get_by_label("What changed and why (shown in the history)").fill("Browser test: a workbook saved by LibreOffice")
    publish.click()
    expect(page.get_by_test_id("stAlert").filter(has_text=f"Published casualties version {current + 1}")).to_be_visible()
    wait_for_run(page)
    # The uploader is empty again and offers no second publish of the same file.
    expect(page.get_by_role("button", name=re.compile(r"^Publish as version"))).to_have_count(0)
    expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)
    screenshot(page, "maintain-workbook-published")

    page.get_by_role("tab", name="History and rollback").click()
    history = page.get_by_role("tabpanel", name="History and rollback")
    history.get_by_text(f"Compare version {current + 1} with version {current}").click()
    wait_for_run(page)
    expect(history.get_by_text(f"Version {current + 1} against version {current}:")).to_be_visible()
    no_exception(page)
    screenshot(page, "maintain-compare-versions")

    pick(page, "Version", str(current))
    rollback = history.get_by_test_id("stForm").filter(has_text="Roll back")
    rollback.get_by_label("Why").fill("Browser test: undo the workbook")
    rollback.get_by_test_id("stCheckbox").click()
    rollback.get_by_role("button", name="Roll back").click()
    expect(page.get_by_test_id("stAlert").filter(has_text=f"Version {current} is current again")).to_be_visible()
    wait_for_run(page)
    # Still on the History tab, which now shows the new current version: no filled-in form is left for one more
    # click to repeat the rollback.
    expect(page.get_by_role("tab", name="History and rollback")).to_have_attribute("aria-selected", "true")
    expect(history.get_by_role("combobox", name="Version")).to_have_value(str(current + 2))
    expect(history.get_by_test_id("stForm").filter(has_text="Roll back")).to_have_count(0)
    no_exception(page)
    screenshot(page, "maintain-rolled-back")
