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
        {"conflict": "khojaly_1992", "source_id": "hrw", "column": "value_best", "before": "161", "after": "200"}]
    assert changes.unchanged == 1 and not changes.empty


def test_identical_content_is_no_change():
    current = frame([["khojaly_1992", "mfa", "613", ""]])
    assert compare(current, current.copy(), ("conflict", "source_id")).empty
