"""Spreadsheet damage: each kind is warned about with its line, column, before, after and fix; real edits and the
shipped data are not."""
from pathlib import Path

import pandas as pd
import pytest

from dashboard.maintain.changes import compare
from dashboard.maintain.damage import damaged, find_damage
from schemas.io import read_text_csv
from schemas.registry import DATASETS, DATASETS_DIR, get_spec

CASUALTIES = get_spec("casualties")


def cell(line, column, before, after):
    return pd.DataFrame([{"line": line, "column": column, "before": before, "after": after}])


NO_ROWS = pd.DataFrame(columns=["line", *CASUALTIES.columns])


@pytest.mark.parametrize(("column", "before", "after", "code"), [
    ("ref_id", "1.10", "1.1", "lost-trailing-zero"),
    ("ref_id", "2.0", "2", "lost-trailing-zero"),
    ("ref_id", "007", "7", "lost-leading-zero"),
    ("period", "Apr 2016", "04/01/16", "became-date"),
    ("period", "1-2", "2-Jan", "became-date"),
    ("period", "Jan 2", "Jan-02", "became-date"),
    ("period", "1.4.2016", "1.4.2016", None),  # unchanged is no change
    ("as_of", "2020-10", "2020-10-01", "became-date"),  # a month given a day
    ("as_of", "2003", "2003-01-01", "became-date"),
    ("value_best", "1234567890123456", "1.23457E+15", "became-scientific"),
    ("note", "ICG Europe Report N°187", "ICG Europe Report NÂ°187", "double-encoded"),
    ("note", "beträgt ungefähr", "betrÃ¤gt ungefÃ¤hr", "double-encoded"),
])
def test_each_kind_of_damage_to_a_changed_cell_is_one_warning(column, before, after, code):
    warnings = find_damage(cell(9, column, before, after), NO_ROWS, CASUALTIES)
    assert [(w.line, w.column, w.before, w.after, w.code) for w in warnings] == ([(9, column, before, after, code)] if code else [])


@pytest.mark.parametrize(("column", "before", "after"), [
    ("ref_id", "1.10", "1.11"),  # a real edit
    ("value_best", "1.50", "1.5"),  # the same number in a number column
    ("value_best", "0020", "20"),
    ("as_of", "2020-10", "2020-10-14"),  # a month made precise by the maintainer
    ("note", "Range with no central figure", "Range; no central figure"),
    ("note", "Stepanakert", "Stepanakert/Khankendi (Ստեփանակերտ, Xankəndi)"),  # letters of the region are not mojibake
    ("period", "mid-2023", "late 2023"),
])
def test_real_edits_are_not_warned_about(column, before, after):
    assert find_damage(cell(9, column, before, after), NO_ROWS, CASUALTIES) == []


def test_cells_of_added_rows_are_checked_for_what_shows_alone():
    added = pd.DataFrame([{**{c: "" for c in CASUALTIES.columns}, "line": 4, "period": "04/01/16", "note": "NÂ°244"},
                          {**{c: "" for c in CASUALTIES.columns}, "line": 5, "period": "Apr 2016", "value_best": "1E+05"}])
    warnings = find_damage(pd.DataFrame(columns=["line", "column", "before", "after"]), added, CASUALTIES)
    assert [(w.line, w.column, w.code) for w in warnings] == [
        (4, "note", "double-encoded"), (4, "period", "became-date"), (5, "value_best", "became-scientific")]
    assert warnings[0].suggested == "N°244"  # ftfy's repair, so the maintainer can type it back


def test_each_warning_reads_as_a_row_with_a_fix():
    [warning] = find_damage(cell(13, "ref_id", "1.10", "1.1"), NO_ROWS, CASUALTIES)
    row = warning.as_row()
    assert list(row) == ["line", "column", "before", "after", "suggested", "problem", "code"]
    assert row["suggested"] == "1.10" and "dropped its trailing zero" in row["problem"]
    assert "formatted as Text" in warning.fix


@pytest.mark.parametrize("name", list(DATASETS))
def test_no_shipped_row_looks_damaged(name):
    """Every shipped row read as an added row: none is flagged, so a warning means something."""
    spec = get_spec(name)
    rows = read_text_csv(Path(DATASETS_DIR / f"{name}.csv").read_bytes(), spec)
    changes = compare(rows.iloc[:0], rows, spec.key_columns)
    assert len(changes.added) == len(rows)
    assert find_damage(changes.changed, changes.added, spec) == []


def test_damaged_pairs_what_a_spreadsheet_does_and_nothing_else():
    assert damaged("Dec 2022", "12/01/22") and damaged("1.10", "1.1") and damaged("N°1", "NÂ°1")
    assert not damaged("icg", "hrw") and not damaged("1.10", "1.2")
