"""The preview of an upload: rows added, removed and changed, matched on the dataset's key."""
import pandas as pd

from dashboard.maintain.changes import compare


def frame(rows):
    return pd.DataFrame(rows, columns=["conflict", "source_id", "value_best", "note"])


def test_added_removed_and_changed_cells_are_told_apart_by_key():
    current = frame([["khojaly_1992", "mfa", "613", ""], ["khojaly_1992", "hrw", "161", "at least"], ["first_war", "icg", "", "range"]])
    new = frame([["khojaly_1992", "mfa", "613", ""], ["khojaly_1992", "hrw", "200", "at least"], ["april_2016", "icg", "200", ""]])
    changes = compare(current, new, ("conflict", "source_id"))
    assert changes.added[["conflict", "source_id"]].values.tolist() == [["april_2016", "icg"]]
    assert changes.removed[["conflict", "source_id"]].values.tolist() == [["first_war", "icg"]]
    assert changes.changed.to_dict("records") == [
        {"line": 3, "conflict": "khojaly_1992", "source_id": "hrw", "column": "value_best", "before": "161", "after": "200"}]
    assert changes.added["line"].tolist() == [4]  # the upload's spreadsheet line (header on line 1)
    assert changes.unchanged == 1 and not changes.empty


def test_identical_content_is_no_change():
    current = frame([["khojaly_1992", "mfa", "613", ""]])
    assert compare(current, current.copy(), ("conflict", "source_id")).empty


def test_the_uploads_own_line_numbers_are_kept():
    current = frame([["khojaly_1992", "hrw", "161", ""]])
    new = frame([["khojaly_1992", "hrw", "200", ""], ["april_2016", "icg", "200", ""]])
    changes = compare(current, new, ("conflict", "source_id"), lines=[7, 12])  # a multi-line cell or blank rows above
    assert changes.changed["line"].tolist() == [7] and changes.added["line"].tolist() == [12]


def test_a_row_whose_key_a_spreadsheet_damaged_is_one_changed_row_not_a_removal_and_an_addition():
    # blockade_supplies keys on its period: LibreOffice saves 'Dec 2022' as '12/01/22' and the id 1.10 as 1.1.
    current = frame([["blockade", "1.10", "400", "Dec 2022"], ["blockade", "2.01", "12", ""]])
    new = frame([["blockade", "1.1", "400", "12/01/22"], ["blockade", "2.01", "12", ""]])
    changes = compare(current, new, ("conflict", "source_id", "note"))
    assert changes.added.empty and changes.removed.empty
    assert changes.changed[["line", "column", "before", "after"]].values.tolist() == [
        [2, "note", "Dec 2022", "12/01/22"], [2, "source_id", "1.10", "1.1"]]


def test_a_real_edit_of_a_key_stays_a_removal_and_an_addition():
    current = frame([["blockade", "icg", "400", "Dec 2022"]])
    new = frame([["blockade", "hrw", "400", "Dec 2022"]])
    changes = compare(current, new, ("conflict", "source_id"))
    assert len(changes.added) == 1 and len(changes.removed) == 1 and changes.changed.empty
