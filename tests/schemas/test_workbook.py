"""Workbooks (XLSX by openpyxl, as Excel writes them) read as the CSV the validator checks: cells as the dataset
writes them, the sheet named after the dataset or else the first, and the report says which."""
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from schemas.validate import validate_csv
from schemas.workbook import cell_text, kind_of, workbook_csv

HEADER = ["ref_id", "conflict", "side", "category", "outcome", "period", "as_of", "date_basis", "value_best", "value_low",
          "value_high", "qualifier", "claimed_by", "claimant_party", "source_id", "interim", "note"]


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROW = ["1.01", "first_war", "all", "total", "killed", "1991-1994", dt.datetime(2003, 5, 1), "published", 20000.0, None, None,
       None, "Thomas de Waal", "independent", "w_src", False, "N°187, ə"]


@pytest.mark.parametrize(("value", "text"), [
    (20000.0, "20000"), (0.5, "0.5"), (1.1, "1.1"), (True, "true"), (False, "false"), (None, ""),
    (dt.datetime(2023, 9, 19), "2023-09-19"), (dt.date(2023, 9, 19), "2023-09-19"),
    (dt.datetime(2023, 9, 19, 14, 30), "2023-09-19 14:30:00"), ("Apr 2016", "Apr 2016"), (1e16, "1e+16"),
])
def test_a_cell_is_written_as_the_dataset_writes_it(value, text):
    assert cell_text(value) == text


def test_a_workbook_is_read_from_the_sheet_named_after_the_dataset_and_says_so():
    data = xlsx(("Notes", [["read me"]]), ("Casualties", [HEADER, ROW]))
    report = validate_csv(data, "casualties")
    assert report.notes == ["Read sheet 'Casualties' of the XLSX workbook, the sheet named after the dataset; "
                            "the other sheets ('Notes') were not read"]
    assert report.ok, report.to_text()
    row = report.frame.iloc[0]
    assert (row["as_of"], row["value_best"], row["interim"], row["note"]) == ("2003-05-01", "20000", "false", "N°187, ə")


def test_without_a_sheet_named_after_the_dataset_the_first_is_read():
    report = validate_csv(xlsx(("Sheet1", [HEADER, ROW]), ("Sheet2", [["x"]])), "casualties")
    assert report.notes[0].startswith("Read sheet 'Sheet1' of the XLSX workbook, its first sheet")


def test_a_bad_cell_in_a_workbook_is_reported_on_its_sheet_row():
    bad = ROW[:2] + ["armenian"] + ROW[3:8] + ["twelve"] + ROW[9:]
    report = validate_csv(xlsx(("casualties", [HEADER, ROW, bad])), "casualties")
    assert report.flat() == [(3, "value_best", "type-error")] and report.errors[0].value == "twelve"


def test_empty_rows_and_columns_after_the_data_are_not_read_as_blank_rows_or_extra_cells():
    data = xlsx(("casualties", [HEADER + [None, None], ROW + [None], [None] * 5, [None]]))
    csv_text = workbook_csv(data, "casualties").csv.decode()
    assert csv_text.splitlines()[0] == ",".join(HEADER) and len(csv_text.splitlines()) == 2


def test_a_workbook_that_unpacks_to_far_more_than_the_limit_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 50_000_000 + b">")
    report = validate_csv(out.getvalue(), "casualties", max_bytes=1_000_000)
    assert report.flat() == [(None, None, "format-error")]
    assert "unpacks to 48 MB, more than 20 times the 1 MB limit" in report.errors[0].message


def test_an_opendocument_spreadsheet_is_called_ods_not_excel():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert kind_of(out.getvalue()) == "ODS"
    assert "ODS workbook" in validate_csv(out.getvalue(), "casualties").errors[0].message


def test_a_zip_bomb_in_the_mimetype_entry_is_not_unpacked_to_name_the_file():
    import tracemalloc

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet" + b"\0" * 100_000_000)
    tracemalloc.start()
    report = validate_csv(out.getvalue(), "casualties", max_bytes=1_000_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "This ODS workbook unpacks to 95 MB" in report.errors[0].message
    assert peak < 20_000_000  # the 100 MB entry was never held


def test_an_empty_workbook_says_so():
    report = validate_csv(xlsx(("Sheet1", [])), "casualties")
    assert report.flat() == [(None, None, "format-error")]
    assert report.errors[0].message == "Every sheet of this XLSX workbook is empty: it needs a header row and at least one row"


def test_an_empty_first_sheet_is_passed_over_for_the_first_that_is_not():
    report = validate_csv(xlsx(("Sheet1", [[None]]), ("Data", [HEADER, ROW])), "casualties")
    assert report.ok, report.to_text()
    assert report.notes[0].startswith("Read sheet 'Data' of the XLSX workbook, its first sheet that is not empty")


def test_an_empty_sheet_named_after_the_dataset_is_not_replaced_by_another():
    report = validate_csv(xlsx(("Notes", [HEADER, ROW]), ("casualties", [])), "casualties")
    assert report.errors[0].message.startswith("Its sheet 'casualties', named after the dataset, is empty")


def test_the_xlsx_download_writes_a_formula_like_text_as_text_never_as_a_formula(make_row, make_csv):
    from openpyxl import load_workbook

    from schemas.io import spreadsheet_xlsx_bytes
    from schemas.registry import get_spec

    old_version = make_csv("casualties", [make_row("casualties", note='=HYPERLINK("http://x","y")')])  # as a version may hold
    data = spreadsheet_xlsx_bytes(old_version, get_spec("casualties"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    cell = load_workbook(io.BytesIO(data))["casualties"]["Q2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


@pytest.mark.parametrize("damage", ["encrypted", "zip version 6.4"])
def test_a_damaged_zip_is_a_format_error_not_a_crash(damage):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    data = bytearray(out.getvalue())
    if damage == "encrypted":  # the flag bit, in the local and the central header
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            data[data.find(signature) + offset] |= 1
    else:
        data[data.find(b"PK\x01\x02") + 6] = 64
    report = validate_csv(bytes(data), "casualties")
    assert report.flat() == [(None, None, "format-error")]
    assert "cannot be read" in report.errors[0].message


def test_a_named_zone_keeps_its_offset_in_an_export_cell():
    import pandas as pd

    from dashboard.export.tables import timestamp_text

    assert timestamp_text(pd.Timestamp("2023-09-28 10:00", tz="Asia/Baku")) == "2023-09-28T10:00:00+04:00"
