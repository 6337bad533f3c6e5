"""The maintainer's whole flow through AppTest: log in, a bad file is refused with its report, a good file is
previewed and published, history lists it, and a rollback restores the shipped content as a new version.

Runs after test_pages.py (file order) and leaves the data's content as shipped."""
import io
import re
from pathlib import Path

import pandas as pd
from shown import shown
from streamlit.testing.v1 import AppTest

from dashboard.maintain.auth import hash_password

ROOT = Path(__file__).resolve().parents[2]

APP = str(ROOT / "dashboard" / "app.py")
SHIPPED = (ROOT / "datasets" / "casualties.csv").read_bytes()


def maintain_page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["maintainers"] = {"ana": hash_password("correct horse")}
    app.run()
    app.switch_page("views/maintain.py")
    app.run()
    return app


def log_in(app: AppTest, password: str) -> None:
    app.text_input[0].set_value("ana")
    app.text_input[1].set_value(password)
    app.button[0].click().run()


def texts(app: AppTest) -> str:
    """The page's messages as a reader sees them (escapes of data and file names removed)."""
    return shown("\n".join([e.value for e in app.error] + [s.value for s in app.success] + [m.value for m in app.markdown]
                            + [i.value for i in app.info]))


def status_labels(app: AppTest) -> list[str]:
    """Labels of the st.status boxes (AppTest has no accessor for them)."""
    found: list[str] = []

    def walk(node) -> None:
        if type(node).__name__ == "Status":
            found.append(node.proto.label)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app.main)
    return found


def with_extra_row() -> bytes:
    frame = pd.read_csv(io.BytesIO(SHIPPED), dtype=str, keep_default_na=False)
    extra = frame.iloc[[0]].assign(as_of="2026-01", note="Test row added by the maintainer flow test")
    return pd.concat([frame, extra]).to_csv(index=False).encode()


def bad_file() -> bytes:
    lines = SHIPPED.decode().splitlines()
    column = lines[0].split(",").index("source_id")
    lines[2] = lines[2].replace(lines[2].split(",")[column], "no_such_source", 1)  # source_id of line 3
    return ("\n".join(lines) + "\n").encode()


def test_wrong_password_is_refused_and_shows_no_uploader():
    app = maintain_page()
    log_in(app, "wrong")
    assert "User name or password is wrong." in texts(app)
    assert not app.get("file_uploader")


def test_log_in_bad_upload_good_upload_publish_history_rollback():
    app = maintain_page()
    log_in(app, "correct horse")
    assert not app.exception
    assert "Logged in as **ana**" in " ".join(c.value for c in app.caption)
    app.selectbox(key="maintain-dataset").set_value("casualties").run()
    start = int(texts(app).split("Current version: **")[1].split("**")[0])

    app.file_uploader(key="upload-casualties").set_value(("casualties.csv", bad_file(), "text/csv")).run()
    assert "This file was not accepted." in texts(app)
    # The status box gives the verdict; the summary (how many problems on how many lines) is said once, below it.
    assert status_labels(app) == ["Checked casualties.csv: not accepted"]
    assert texts(app).count("1 problem(s) on 1 line(s)") == 1
    report = app.dataframe[0].value
    assert list(report[["line", "column", "code"]].itertuples(index=False, name=None)) == [(3, "source_id", "foreign-key")]

    app.file_uploader(key="upload-casualties").set_value(("casualties.csv", with_extra_row(), "text/csv")).run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Rows added"] == "1" and metrics["Rows removed"] == "0" and metrics["Cells changed"] == "0"
    note_box = [t for t in app.text_input if "What changed" in t.label][0]
    note_box.set_value("Add a test row")
    publish = [b for b in app.button if b.label.startswith("Publish as version")][0]
    assert publish.label == f"Publish as version {start + 1}"
    publish.click().run()
    assert f"Published casualties version {start + 1}." in texts(app)

    history = app.dataframe[-1].value
    assert history["version"].iloc[0] == start + 1 and history["note"].iloc[0] == "Add a test row"

    app = maintain_page()
    log_in(app, "correct horse")
    app.selectbox(key="maintain-dataset").set_value("casualties").run()
    app.selectbox(key=f"history-version-casualties-{start + 1}").set_value(start).run()
    [t for t in app.text_input if t.label == "Why"][0].set_value("Remove the test row")
    app.checkbox[0].check()
    [b for b in app.button if b.label == "Roll back"][0].click().run()
    assert f"Version {start} is current again, as version {start + 2}." in texts(app)


def test_a_version_saved_with_semicolons_is_read_and_changes_nothing():
    """What Excel writes as "CSV" where the decimal mark is a comma: the page says how it read the file, and the
    unchanged rows are no change."""
    app = maintain_page()
    log_in(app, "correct horse")
    app.selectbox(key="maintain-dataset").set_value("casualties").run()
    frame = pd.read_csv(io.BytesIO(SHIPPED), dtype=str, keep_default_na=False)
    semicolons = frame.to_csv(index=False, sep=";").encode()

    app.file_uploader(key="upload-casualties").set_value(("casualties.csv", semicolons, "text/csv")).run()

    assert not app.exception
    assert "Read as semicolon-separated" in texts(app)
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Rows added"], metrics["Rows removed"], metrics["Cells changed"]) == ("0", "0", "0")


def test_the_report_puts_the_suggestion_before_the_codes_and_the_history_names_no_base_as_a_dash():
    app = maintain_page()
    log_in(app, "correct horse")
    app.selectbox(key="maintain-dataset").set_value("casualties").run()

    app.file_uploader(key="upload-casualties").set_value(("casualties.csv", bad_file(), "text/csv")).run()

    report = app.dataframe[0].value
    assert list(report.columns) == ["line", "column", "value", "problem", "suggestion", "kind", "code"]
    history = app.dataframe[-1].value
    assert history["based on"].iloc[-1] == "—"  # version 1, the seed, was based on no version


def _libreoffice_xlsx(tmp_path: Path) -> bytes:
    """casualties.csv opened in LibreOffice Calc and saved as XLSX: its ids 1.10 held as the number 1.1."""
    import sys

    import pytest

    sys.path.insert(0, str(ROOT / "tests" / "spreadsheets"))
    from libreoffice import SOFFICE, UTF8_COMMAS, convert

    if SOFFICE is None:
        pytest.skip("needs LibreOffice (apt-get install -y libreoffice-calc-nogui)")
    source = tmp_path / "casualties.csv"
    source.write_bytes(SHIPPED)
    return convert(source, tmp_path / "saved", "xlsx", opened_as=UTF8_COMMAS).read_bytes()


def publish_button(app: AppTest):
    return [b for b in app.button if b.proto.label.startswith("Publish as version")][0]


def test_a_workbook_with_spreadsheet_damage_is_published_only_after_ticking_that_the_warnings_were_read(tmp_path):
    app = maintain_page()
    log_in(app, "correct horse")
    app.selectbox(key="maintain-dataset").set_value("casualties").run()
    start = int(texts(app).split("Current version: **")[1].split("**")[0])

    app.file_uploader(key="upload-casualties").set_value(("casualties.xlsx", _libreoffice_xlsx(tmp_path), "application/octet-stream")).run()

    assert not app.exception
    assert "Read sheet 'casualties' of the XLSX workbook" in texts(app)
    [warning_box] = app.warning
    warnings = next(d.value for d in app.dataframe if "suggested" in d.value.columns)
    expected = len(warnings)
    assert f"**{expected} value(s) look changed by a spreadsheet program.**" in warning_box.value
    ref_ids = pd.read_csv(io.BytesIO(SHIPPED), dtype=str)["ref_id"]
    ids_with_a_trailing_zero = {(line, "ref_id") for line, v in zip(range(2, len(ref_ids) + 2), ref_ids)
                                if v[0].isdigit() and v.endswith("0")}  # 1.10 is a number to a spreadsheet; N1.10 is text
    flagged = set(zip(warnings["line"], warnings["column"], warnings["code"]))
    assert ids_with_a_trailing_zero and {(line, c, "lost-trailing-zero") for line, c in ids_with_a_trailing_zero} <= flagged
    assert publish_button(app).proto.disabled  # not before the warnings are acknowledged

    [tick] = [c for c in app.checkbox if "I have read the" in c.label]
    tick.check().run()
    assert not publish_button(app).proto.disabled
    [t for t in app.text_input if "What changed" in t.label][0].set_value("Test: publish a damaged workbook")
    publish_button(app).click().run()
    assert f"Published casualties version {start + 1}." in texts(app)
    # The uploader is emptied, so the published file offers no second publish: no verdict, no preview, no button.
    assert status_labels(app) == [] and not app.metric and not app.warning
    assert not [b for b in app.button if b.proto.label.startswith("Publish as version")]

    # History: compare the new version with the one it replaced, then roll back; the form is left empty.
    assert app.selectbox(key=f"history-version-casualties-{start + 1}").value == start + 1  # the new version, picked
    app.toggle(key=f"compare-casualties-{start + 1}").set_value(True).run()
    assert f"Version {start + 1} against version {start}: **0** row(s) added, **0** removed, **{expected}** cell(s) changed" in texts(app)
    app.selectbox(key=f"history-version-casualties-{start + 1}").set_value(start).run()
    [t for t in app.text_input if t.label == "Why"][0].set_value("Undo the damaged workbook")
    [c for c in app.checkbox if c.label.startswith("Yes, make version")][0].check()
    [b for b in app.button if b.label == "Roll back"][0].click().run()
    assert f"Version {start} is current again, as version {start + 2}." in texts(app)
    assert [t.value for t in app.text_input if t.label == "Why"] in ([], [""])
    assert [c.value for c in app.checkbox if c.label.startswith("Yes, make version")] in ([], [False])


def test_each_version_downloads_as_csv_and_as_xlsx_that_reads_back_unchanged():
    from dashboard.maintain.changes import compare
    from schemas.io import read_text_csv
    from schemas.registry import get_spec
    from schemas.validate import validate_csv

    app = maintain_page()
    log_in(app, "correct horse")
    app.selectbox(key="maintain-dataset").set_value("casualties").run()
    labels = [b.proto.label for b in app.get("download_button")]
    assert any(label.endswith("as CSV (UTF-8, opens in Excel)") for label in labels)
    assert any(label.endswith("as XLSX (ids and periods kept as text)") for label in labels)
    spec = get_spec("casualties")
    from schemas.io import spreadsheet_xlsx_bytes

    report = validate_csv(spreadsheet_xlsx_bytes(SHIPPED, spec), "casualties")
    assert compare(read_text_csv(SHIPPED, spec), report.frame, spec.key_columns, report.lines).empty


def test_the_charts_a_file_would_change_are_previewed_beside_the_current_ones():
    app = maintain_page()
    log_in(app, "correct horse")
    app.selectbox(key="maintain-dataset").set_value("casualties").run()
    frame = pd.read_csv(io.BytesIO(SHIPPED), dtype=str, keep_default_na=False)
    khojaly = (frame["conflict"] == "khojaly_1992") & (frame["value_best"] == "613")
    frame.loc[khojaly.idxmax(), "value_best"] = "614"  # one claim of one episode
    app.file_uploader(key="upload-casualties").set_value(("casualties.csv", frame.to_csv(index=False).encode(), "text/csv")).run()

    app.toggle(key="preview-casualties").set_value(True).run()

    assert not app.exception
    [summary] = [c.value for c in app.caption if "charts drawn from casualties would change" in c.value]
    changed, drawn = map(int, re.match(r"(\d+) of the (\d+) charts", summary).groups())
    assert 1 <= changed < drawn  # the Khojaly chart (and the key figures), not every chart of the dataset
    titles = [shown(m.value) for m in app.markdown if m.value.startswith("**")]
    assert "**Khojaly (Xocalı), 25-26 February 1992: deaths and wounded, every claim**" in titles
    assert not any("First war" in t for t in titles)
    assert len(app.get("plotly_chart")) == 2 * changed  # now and with this file, side by side
