"""schemas.io: the canonical bytes the store hashes, and the typed frame pages draw from."""
from __future__ import annotations

import pandas as pd

from schemas.io import canonical_csv_bytes, read_dataset_csv
from schemas.registry import DATASETS
from schemas.validate import validate_csv

CASUALTIES = DATASETS["casualties"]


def _rows(make_row):
    return [
        make_row("casualties", note='Figures differ, see "disputes"\nsecond line'),
        make_row("casualties", side="azerbaijani", value_best="", value_low="11000", value_high="12000", interim="true"),
    ]


def test_the_same_rows_in_another_column_order_give_identical_bytes(make_row, make_csv):
    rows = _rows(make_row)
    shuffled = sorted(CASUALTIES.columns, key=lambda c: (len(c), c))
    assert shuffled != CASUALTIES.columns

    as_declared = canonical_csv_bytes(validate_csv(make_csv("casualties", rows), "casualties").frame, CASUALTIES)
    reordered = validate_csv(make_csv("casualties", rows, columns=shuffled, newline="\r\n"), "casualties")

    assert canonical_csv_bytes(reordered.frame, CASUALTIES) == as_declared
    assert canonical_csv_bytes(reordered.table, CASUALTIES) == as_declared
    assert canonical_csv_bytes(reordered.frame[shuffled], CASUALTIES) == as_declared


def test_canonical_bytes_are_utf8_with_lf_and_the_declared_column_order(make_row, make_csv):
    frame = validate_csv(b"\xef\xbb\xbf" + make_csv("casualties", _rows(make_row), newline="\r\n"), "casualties").frame

    data = canonical_csv_bytes(frame, CASUALTIES)

    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.split(b"\n", 1)[0] == b",".join(f'"{c}"'.encode() for c in CASUALTIES.columns)


def test_canonical_bytes_read_back_to_the_same_rows(make_row, make_csv):
    frame = validate_csv(make_csv("casualties", _rows(make_row)), "casualties").frame

    again = validate_csv(canonical_csv_bytes(frame, CASUALTIES), "casualties")

    assert again.ok
    assert again.frame.equals(frame)


def test_read_dataset_csv_types_counts_as_int64_and_flags_as_bool(make_row, make_csv):
    frame = read_dataset_csv(make_csv("casualties", _rows(make_row)), CASUALTIES)

    assert list(frame.columns) == CASUALTIES.columns
    assert {c: str(frame[c].dtype) for c in ("value_best", "value_low", "value_high", "interim")} == {
        "value_best": "Int64", "value_low": "Int64", "value_high": "Int64", "interim": "bool",
    }
    assert frame["value_best"].tolist() == [6000, pd.NA]
    assert frame["value_low"].tolist() == [pd.NA, 11000]
    assert frame["interim"].tolist() == [False, True]
    assert frame["note"].tolist() == ['Figures differ, see "disputes"\nsecond line', ""]


def test_read_dataset_csv_types_decimal_values_as_float64(make_row, make_csv):
    spec = DATASETS["blockade_supplies"]
    rows = [make_row("blockade_supplies"), make_row("blockade_supplies", commodity="fuel", value_best="", value_low="0.5", value_high="2")]

    frame = read_dataset_csv(b"\xef\xbb\xbf" + make_csv("blockade_supplies", rows), spec)

    assert {c: str(frame[c].dtype) for c in ("value_best", "value_low", "value_high", "interim")} == {
        "value_best": "Float64", "value_low": "Float64", "value_high": "Float64", "interim": "bool",
    }
    assert frame["value_best"].tolist() == [400.5, pd.NA]
    assert frame["value_low"].tolist() == [pd.NA, 0.5]


def test_read_dataset_csv_types_a_required_count_as_int64(make_row, make_csv):
    spec = DATASETS["refugee_arrivals_2023"]

    frame = read_dataset_csv(make_csv("refugee_arrivals_2023", [make_row("refugee_arrivals_2023")]), spec)

    assert str(frame["value_best"].dtype) == "Int64"
    assert frame["value_best"].tolist() == [6650]


def test_a_stored_version_of_many_blocks_with_line_ends_inside_cells_reads_back_whole(make_row, make_csv):
    """pandas' pyarrow engine failed on such a file ('Expected 16 columns, got 1'), so every page reading it would."""
    from schemas.io import read_text_csv

    notes = [f"Row {i}, line one\nline two\r\nline three {'x' * 200}" for i in range(12_000)]
    rows = [make_row("casualties", claimed_by=f"Claimant {i}", note=notes[i]) for i in range(12_000)]
    stored = canonical_csv_bytes(validate_csv(make_csv("casualties", rows), "casualties").table, CASUALTIES)
    assert len(stored) > 4 * (1 << 20)  # several of Arrow's blocks

    assert read_text_csv(stored, CASUALTIES)["note"].tolist() == notes
    frame = read_dataset_csv(stored, CASUALTIES)
    assert frame["note"].tolist() == notes and frame["claimed_by"].tolist() == [f"Claimant {i}" for i in range(12_000)]


def test_every_shipped_dataset_reads_as_the_text_pandas_reads(monkeypatch):
    from schemas.io import read_text_csv
    from schemas.registry import DATASETS_DIR

    for name, spec in DATASETS.items():
        data = (DATASETS_DIR / f"{name}.csv").read_bytes()
        by_pandas = pd.read_csv(DATASETS_DIR / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")[spec.columns]
        pd.testing.assert_frame_equal(read_text_csv(data, spec), by_pandas)


def test_a_version_downloaded_for_a_spreadsheet_has_a_bom_and_reads_back_as_the_same_rows():
    from schemas.io import spreadsheet_csv_bytes
    from schemas.registry import DATASETS_DIR

    canonical = (DATASETS_DIR / "casualties.csv").read_bytes()
    download = spreadsheet_csv_bytes(canonical)

    assert download.startswith(b"\xef\xbb\xbf") and download[3:] == canonical
    again = validate_csv(download, "casualties")
    assert again.ok and again.table.to_pylist() == validate_csv(canonical, "casualties").table.to_pylist()


def test_the_xlsx_download_sets_counts_as_numbers_and_everything_else_as_text_cells(make_row, make_csv):
    import io

    from openpyxl import load_workbook

    from schemas.io import spreadsheet_xlsx_bytes
    from schemas.registry import get_spec

    rows = [make_row("casualties", ref_id="1.10", value_best="613", period="Apr 2016"),
            make_row("casualties", side="azerbaijani", ref_id="2.10", value_best="about 500")]  # as an old version may hold
    sheet = load_workbook(io.BytesIO(spreadsheet_xlsx_bytes(make_csv("casualties", rows), get_spec("casualties"))))["casualties"]
    header = [c.value for c in sheet[1]]
    first, second = ({name: cell for name, cell in zip(header, row)} for row in sheet.iter_rows(min_row=2))
    assert (first["ref_id"].value, first["ref_id"].number_format) == ("1.10", "@")  # Text: Excel keeps 1.10 as typed
    assert (first["period"].value, first["period"].number_format) == ("Apr 2016", "@")
    assert first["value_best"].value == 613 and first["value_best"].data_type == "n"
    assert (second["value_best"].value, second["value_best"].number_format) == ("about 500", "@")
