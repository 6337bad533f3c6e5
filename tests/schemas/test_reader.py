"""Whole-file and structural problems: size, encoding, format, header, blank and ragged rows; and the shapes of a
valid file that spreadsheets write (BOM, CRLF, quoted cells). Lines count as a spreadsheet counts rows: header = 1."""
from __future__ import annotations

import csv
import io

import pytest

from schemas.registry import DATASETS
from schemas.validate import validate_csv

CASUALTY_COLUMNS = DATASETS["casualties"].columns


# --- file-too-large, empty-file -------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_it_is_read(fixture_bytes):
    data = fixture_bytes("casualties_minimal.csv")

    report = validate_csv(data, "casualties", max_bytes=len(data) - 1)

    assert report.flat() == [(None, None, "file-too-large")]
    assert "limit" in report.errors[0].message
    assert validate_csv(data, "casualties", max_bytes=len(data)).ok


@pytest.mark.parametrize(
    "data",
    [b"", b"\xef\xbb\xbf", b"\n\n", b"  \r\n"],
    ids=["zero bytes", "BOM only", "blank lines", "spaces and CRLF"],
)
def test_a_file_with_nothing_in_it_is_empty(data):
    assert validate_csv(data, "casualties").flat() == [(None, None, "empty-file")]


@pytest.mark.parametrize("line_end", ["\n", "\r\n", ""], ids=["LF", "CRLF", "no line end"])
def test_a_header_without_rows_is_empty(line_end):
    report = validate_csv((",".join(CASUALTY_COLUMNS) + line_end).encode(), "casualties")

    assert report.flat() == [(None, None, "empty-file")]
    assert report.errors[0].message == "The file has a header but no data rows"


# --- encoding-error ------------------------------------------------------------------------------------------


def test_windows_1252_bytes_are_an_encoding_error_on_the_line_of_the_bad_byte(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_windows_1252.csv"), "casualties")

    assert report.flat() == [(3, None, "encoding-error")]
    assert "0xFD" in report.errors[0].message
    assert "CSV UTF-8" in report.errors[0].message


def test_the_line_of_a_bad_byte_counts_rows_not_physical_lines(fixture_bytes):
    # rows 2 and 3 span five physical lines; the bad byte is on physical line 7, which a spreadsheet shows as row 4
    two_multiline_rows = fixture_bytes("casualties_quoted_newlines.csv").split(b",first_war,all,total")[0]
    row_4 = ",first_war,all,total,killed,1988-1994,,30000,,,,Test claimant,armenia,hrw_1994_report,,Xocalý\n"

    windows_1252 = validate_csv(two_multiline_rows + row_4.encode("cp1252"), "casualties")
    nul = validate_csv(two_multiline_rows + row_4.replace("ý", "\x00").encode(), "casualties")
    inside_a_quoted_cell = validate_csv(two_multiline_rows.replace(b"Three", b"Thr\xe9e"), "casualties")

    assert windows_1252.flat() == [(4, None, "encoding-error")]
    assert nul.flat() == [(4, None, "format-error")]
    assert inside_a_quoted_cell.flat() == [(3, None, "encoding-error")]


# --- format-error --------------------------------------------------------------------------------------------


def test_nul_bytes_are_a_format_error_on_their_line(fixture_bytes):
    data = fixture_bytes("casualties_minimal.csv") + b",first_war\x00\x00,armenian\n"

    report = validate_csv(data, "casualties")

    assert report.flat() == [(3, None, "format-error")]
    assert "NUL" in report.errors[0].message


def test_utf16_with_a_byte_order_mark_is_read_and_the_report_says_so(fixture_bytes, make_row, make_csv):
    # Excel's "Unicode Text" is UTF-16 (little-endian, with a byte-order mark) and tab-separated.
    rows = [make_row("casualties", note="Xocalı, Ստեփանակերտ"), make_row("casualties", side="azerbaijani", value_best="many")]
    as_utf8 = validate_csv(make_csv("casualties", rows), "casualties")
    out = io.StringIO()
    writer = csv.DictWriter(out, CASUALTY_COLUMNS, delimiter="\t", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    unicode_text = out.getvalue().encode("utf-16")

    report = validate_csv(unicode_text, "casualties")

    assert report.errors == as_utf8.errors and report.rows == 2
    assert report.notes == ["Read as UTF-16 text (what Excel saves as 'Unicode Text')",
                            "Read as tab-separated: the header's columns are separated by tabs"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_refused_with_how_to_save_as_utf8(fixture_bytes, encoding):
    data = fixture_bytes("casualties_minimal.csv").decode("utf-8").encode(encoding)

    report = validate_csv(data, "casualties")

    assert report.flat() == [(None, None, "encoding-error")]
    assert report.errors[0].message.startswith("The file is UTF-16 text without a byte-order mark, not UTF-8.")
    assert "CSV UTF-8" in report.errors[0].message


def test_a_file_over_the_limit_says_both_sizes_in_the_pages_megabytes():
    report = validate_csv(b"x" * 30_000_000, "casualties")
    assert report.errors[0].message.startswith("The file is 28.6 MB; the limit is 20 MB.")
    just_over = validate_csv(b"x" * 21_000_000, "casualties")  # 20.03 MB: "20.0 MB; the limit is 20 MB" says nothing
    assert just_over.errors[0].message.startswith("The file is 21,000,000 bytes; the limit is 20,971,520 bytes (20 MB).")


@pytest.mark.parametrize(
    ("signature", "kind"), [(b"PK\x03\x04", "XLSX"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "XLS")], ids=["xlsx", "xls"]
)
def test_a_damaged_workbook_is_a_format_error_that_says_what_to_do(signature, kind):
    report = validate_csv(signature + b"\x14\x00\x06\x00 workbook body", "casualties")

    assert report.flat() == [(None, None, "format-error")]
    assert f"looks like an {kind} workbook but it cannot be read" in report.errors[0].message
    assert "save it again, or save the sheet as CSV UTF-8" in report.errors[0].message


@pytest.mark.parametrize("separator", [";", "\t"], ids=["semicolons", "tabs"])
def test_a_file_separated_by_semicolons_or_tabs_is_read_as_its_header_shows(make_row, make_csv, separator):
    # What Excel writes as "CSV" where the decimal mark is a comma; cells holding the separator are quoted.
    rows = [make_row("casualties", note="a; b\tc, d"), make_row("casualties", side="azerbaijani", value_best="x"),
            make_row("casualties", side="azerbaijani", value_best="12")]
    commas = make_csv("casualties", rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, CASUALTY_COLUMNS, delimiter=separator, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)

    report = validate_csv(out.getvalue().encode("utf-8"), "casualties")

    assert report.errors == validate_csv(commas, "casualties").errors
    assert report.flat() == [(3, "value_best", "type-error"), (4, "conflict", "primary-key")]
    name = {";": "semicolon", "\t": "tab"}[separator]
    assert report.notes == [f"Read as {name}-separated: the header's columns are separated by {name}s"]


def test_a_semicolon_separated_short_row_is_reported_on_its_line(fixture_bytes):
    data = fixture_bytes("casualties_semicolons.csv") + b";first_war;armenian\n"

    report = validate_csv(data, "casualties")

    assert report.flat() == [(3, None, "missing-cell")]


def test_semicolons_in_a_header_that_names_no_columns_of_the_dataset_are_a_format_error(fixture_bytes):
    data = b"a;b;c\n1;2;3\n"

    report = validate_csv(data, "casualties")

    assert report.flat() == [(1, None, "format-error")]
    assert "separated by semicolons, not commas" in report.errors[0].message


def test_windows_1252_and_semicolons_are_both_said_at_once(fixture_bytes):
    data = fixture_bytes("casualties_semicolons.csv").decode("utf-8").replace("Test claimant", "Xocalý").encode("cp1252")

    report = validate_csv(data, "casualties")

    assert report.flat() == [(2, None, "encoding-error")]
    assert "Windows-1252" in report.errors[0].message and "separated by semicolons, which is accepted" in report.errors[0].message


def test_a_quote_never_closed_in_the_last_cell_is_a_format_error_and_earlier_rows_are_still_checked(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_unterminated_quote.csv"), "casualties")

    assert report.flat() == [(2, "value_best", "type-error"), (3, None, "format-error")]
    assert report.errors[1].value.startswith('"The quote opened here is never closed')
    assert "never closed" in report.errors[1].message


def test_a_quote_never_closed_in_a_middle_cell_is_a_format_error_on_its_line(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_unterminated_quote_mid_row.csv"), "casualties")

    assert report.flat() == [(3, None, "format-error")]
    assert "never closed" in report.errors[0].message


def test_a_quote_inside_an_unquoted_cell_is_text_not_an_open_quote(make_row, make_csv):
    data = make_csv("casualties", [make_row("casualties", note='a 12" pipe')])

    report = validate_csv(data, "casualties")

    assert report.flat() == []
    assert report.table["note"].to_pylist() == ['a 12" pipe']


# --- missing-label, extra-label, duplicate-label, blank-label ------------------------------------------------


def test_a_misspelt_column_is_unknown_and_its_correct_name_missing_each_with_a_suggestion(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_header_misspelt.csv"), "casualties")

    assert report.flat() == [(1, "value_bst", "extra-label"), (1, "value_best", "missing-label")]
    assert report.errors[0].suggestion == "did you mean 'value_best'?"
    assert report.errors[1].suggestion == "rename 'value_bst' to 'value_best'"


def test_an_unknown_column_with_no_close_name_lists_the_expected_columns(make_row, make_csv):
    rows = [dict(make_row("casualties"), colour="red")]
    data = make_csv("casualties", rows, columns=CASUALTY_COLUMNS + ["colour"])

    report = validate_csv(data, "casualties")

    assert report.flat() == [(1, "colour", "extra-label")]
    assert report.errors[0].suggestion == "expected columns: " + ", ".join(CASUALTY_COLUMNS)


def test_a_missing_optional_column_is_read_as_empty_and_the_report_says_so(make_row, make_csv):
    """A file saved before an optional column existed (date_basis, say) stays accepted; nothing is guessed for it."""
    row = make_row("casualties", note="kept")
    del row["date_basis"]
    columns = [c for c in CASUALTY_COLUMNS if c != "date_basis"]

    report = validate_csv(make_csv("casualties", [row], columns=columns), "casualties")

    assert report.ok and report.notes == ["The file has no 'date_basis' column; it is optional, so every row reads it as empty"]
    assert report.frame["date_basis"].tolist() == [""] and report.frame["note"].tolist() == ["kept"]


def test_rows_repeating_a_key_are_found_when_an_optional_key_column_is_missing(make_row, make_csv):
    rows = [make_row("casualties", note=f"row {i}") for i in range(3)]
    for row in rows:
        del row["as_of"]  # a key column, optional: read as empty in every row
    columns = [c for c in CASUALTY_COLUMNS if c != "as_of"]

    report = validate_csv(make_csv("casualties", rows, columns=columns), "casualties")

    assert report.flat() == [(3, "conflict", "primary-key"), (4, "conflict", "primary-key")]
    assert report.errors[1].message.startswith("This row repeats line 2:")


def test_a_missing_required_column_is_a_missing_label(make_row, make_csv):
    row = make_row("casualties")
    del row["period"]

    report = validate_csv(make_csv("casualties", [row], columns=[c for c in CASUALTY_COLUMNS if c != "period"]), "casualties")

    assert report.flat() == [(1, "period", "missing-label")]
    assert report.errors[0].suggestion == "add a 'period' column"


def test_a_repeated_column_is_a_duplicate_label():
    header = ",".join(CASUALTY_COLUMNS + ["value_best"])

    report = validate_csv((header + "\n" + "," * len(CASUALTY_COLUMNS) + "\n").encode(), "casualties")

    assert report.flat() == [(1, "value_best", "duplicate-label")]


def test_a_column_without_a_name_is_a_blank_label():
    header = ",".join(CASUALTY_COLUMNS[:3] + ["  "] + CASUALTY_COLUMNS[3:])

    report = validate_csv((header + "\n" + "x," * len(CASUALTY_COLUMNS) + "x\n").encode(), "casualties")

    assert report.flat() == [(1, None, "blank-label")]
    assert report.errors[0].message == "Column 4 of the header has no name"


# --- blank-row, missing-cell, extra-cell ---------------------------------------------------------------------


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_trailing_blank_lines_are_accepted_silently(make_row, make_csv, line_end):
    data = make_csv("casualties", [make_row("casualties")], newline=line_end) + (line_end * 3).encode()

    report = validate_csv(data, "casualties")

    assert (report.flat(), report.rows) == ([], 1)


def test_blank_rows_in_the_middle_are_reported_and_trailing_blank_lines_accepted(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_blank_rows.csv"), "casualties")

    # line 3 is an empty line, line 5 a row of commas only; the two empty lines at the end are not reported
    assert report.flat() == [(3, None, "blank-row"), (5, None, "blank-row")]
    assert report.rows == 3


def test_rows_with_too_few_or_too_many_cells_are_reported_on_their_lines(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_ragged_rows.csv"), "casualties")

    assert report.flat() == [(2, None, "missing-cell"), (3, None, "extra-cell")]
    assert report.errors[0].message == "This row has 15 cells; the header has 16"
    assert report.errors[1].suggestion == 'put a value that contains commas in double quotes: "a, b"'
    assert report.rows == 3


# --- accepted shapes -----------------------------------------------------------------------------------------


@pytest.fixture
def two_rows(make_row):
    return [make_row("casualties"), make_row("casualties", side="azerbaijani", value_best="11000", note="Xocalı")]


def _accepted(data: bytes) -> list[dict]:
    report = validate_csv(data, "casualties")
    assert report.flat() == []
    assert report.rows == 2
    return report.table.select(["side", "value_best", "note"]).to_pylist()


EXPECTED_CELLS = [
    {"side": "armenian", "value_best": "6000", "note": ""},
    {"side": "azerbaijani", "value_best": "11000", "note": "Xocalı"},
]


def test_a_utf8_bom_is_accepted(make_csv, two_rows):
    assert _accepted(b"\xef\xbb\xbf" + make_csv("casualties", two_rows)) == EXPECTED_CELLS


def test_crlf_line_ends_are_accepted(make_csv, two_rows):
    data = make_csv("casualties", two_rows, newline="\r\n")
    assert data.count(b"\r\n") == 3

    assert _accepted(data) == EXPECTED_CELLS


def test_columns_in_another_order_are_accepted_and_read_by_name(make_csv, two_rows):
    assert _accepted(make_csv("casualties", two_rows, columns=sorted(CASUALTY_COLUMNS, reverse=True))) == EXPECTED_CELLS


def test_a_missing_final_newline_is_accepted(make_csv, two_rows):
    data = make_csv("casualties", two_rows).rstrip(b"\n")

    assert _accepted(data) == EXPECTED_CELLS


def test_cells_are_trimmed(make_csv, two_rows):
    two_rows[1]["side"] = "  azerbaijani "

    assert _accepted(make_csv("casualties", two_rows)) == EXPECTED_CELLS


def test_quoted_cells_keep_commas_quotes_and_newlines_and_lines_count_rows_not_physical_lines(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_quoted_newlines.csv"), "casualties")

    # Rows 2 and 3 span 2 and 3 physical lines, so the bad rows sit on physical lines 7 and 8; a spreadsheet shows
    # them as rows 4 and 5, and so does the report.
    assert report.flat() == [(4, "value_best", "type-error"), (5, None, "missing-cell")]
    valid = validate_csv(fixture_bytes("casualties_quoted_newlines.csv").split(b",first_war,all,total")[0], "casualties")
    assert valid.ok
    assert valid.table.select(["claimed_by", "note"]).to_pylist() == [
        {"claimed_by": "Ministry of Defence, Armenia", "note": 'A note over\ntwo lines, with a "quoted" word'},
        {"claimed_by": "Test claimant", "note": "Three\nphysical\nlines"},
    ]


def test_old_mac_line_ends_are_accepted():
    from schemas.registry import DATASETS_DIR

    data = (DATASETS_DIR / "casualties.csv").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    report = validate_csv(data, "casualties")
    assert report.ok and report.rows == len((DATASETS_DIR / "casualties.csv").read_text().splitlines()) - 1


def test_a_flood_of_bad_lines_is_counted_beyond_the_listing_limit(monkeypatch):
    from schemas import checks, reader
    from schemas import report as report_module

    for module in (report_module, reader, checks):
        monkeypatch.setattr(module, "MAX_LISTED", 5, raising=False)
    import schemas.validate as validate_module

    monkeypatch.setattr(validate_module, "MAX_LISTED", 5)
    header = ",".join(__import__("schemas.registry", fromlist=["get_spec"]).get_spec("casualties").columns)
    result = validate_csv((header + "\n" + "x\n" * 12).encode(), "casualties")
    assert len(result.errors) == 5 and result.unlisted == 7 and not result.ok
    assert "and 7 more not listed" in result.summary()


@pytest.mark.parametrize("note_column", ["first", "last"])
def test_many_line_ends_inside_quoted_cells_are_read_whole_on_their_rows(make_row, make_csv, note_column):
    others = [c for c in CASUALTY_COLUMNS if c != "note"]
    columns = ["note", *others] if note_column == "first" else [*others, "note"]
    notes = [f"Row {i}, line one\nline two\r\nline three" for i in range(400)]
    rows = [make_row("casualties", claimed_by=f"Claimant {i}", note=notes[i]) for i in range(400)]
    rows[399]["value_best"] = "many"

    report = validate_csv(make_csv("casualties", rows, columns), "casualties")

    assert report.flat() == [(401, "value_best", "type-error")]  # lines count rows, not the 3 physical lines of each
    assert report.rows == 400


@pytest.mark.parametrize("name", ["casualties_quoted_newlines.csv", "casualties_windows_1252.csv", "casualties_unterminated_quote.csv", "casualties_ragged_rows.csv"])
def test_a_path_gives_the_same_report_as_the_bytes_of_the_file(name):
    from tests.schemas.conftest import FIXTURES

    path = FIXTURES / name
    by_path, by_bytes = validate_csv(path, "casualties"), validate_csv(path.read_bytes(), "casualties")
    assert by_path.errors and by_path.errors == by_bytes.errors
    assert by_path.path == str(path) and by_bytes.path is None


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n"])
def test_an_empty_file_given_by_path_is_empty(tmp_path, content):
    path = tmp_path / "casualties.csv"
    path.write_bytes(content)
    assert [issue.code for issue in validate_csv(path, "casualties").errors] == ["empty-file"]


def test_a_valid_file_given_by_path_with_a_bom_and_no_final_newline_is_read(tmp_path, make_csv, two_rows):
    path = tmp_path / "casualties.csv"
    path.write_bytes(b"\xef\xbb\xbf" + make_csv("casualties", two_rows).rstrip(b"\n"))
    report = validate_csv(path, "casualties")
    assert report.ok and report.table.to_pylist() == validate_csv(make_csv("casualties", two_rows), "casualties").table.to_pylist()


def test_a_cr_lf_inside_a_quoted_cell_keeps_its_lf(make_row, make_csv):
    notes = [f"Row {i}, line one\r\nline two" for i in range(300)]
    data = make_csv("casualties", [make_row("casualties", claimed_by=f"Claimant {i}", note=notes[i]) for i in range(300)])

    report = validate_csv(data, "casualties")

    assert report.ok and report.table["note"].to_pylist() == notes


def test_a_repeated_download_column_is_a_duplicate_label_not_a_crash(make_row, make_csv):
    text = make_csv("casualties", [make_row("casualties")]).decode()
    header, row = text.splitlines()
    report = validate_csv(f"{header},citation,citation\n{row},a,b\n".encode(), "casualties")
    assert report.flat() == [(1, "citation", "duplicate-label")]


def test_a_download_without_an_optional_column_is_read_without_it(make_row, make_csv):
    """The columns a download adds are never taken for a misspelt missing column."""
    import pandas as pd

    text = make_csv("displacement", [make_row("displacement")]).decode()
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).drop(columns="destination")
    frame["citation"] = "displacement, version 3"
    report = validate_csv(frame.to_csv(index=False).encode(), "displacement")
    assert report.ok, report.to_text()
    assert any("no 'destination' column" in note for note in report.notes)


def test_a_hashtag_row_shorter_than_the_header_is_left_out_too(make_row, make_csv):
    from schemas.hxl import hashtag_row
    from schemas.registry import get_spec

    spec = get_spec("casualties")
    header, row = make_csv("casualties", [make_row("casualties")]).decode().splitlines()
    tags = ",".join(hashtag_row(spec.columns[:10], "casualties"))  # the first ten columns tagged, the rest not
    report = validate_csv(f"{header}\n{tags}\n{row}\n".encode(), "casualties")
    assert report.ok, report.to_text()
    assert report.rows == 1 and report.lines == [3]
