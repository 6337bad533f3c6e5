"""What an upload would change against the current version: rows added, removed and changed, cell by cell."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.maintain.damage import damaged
from i18n import N_, _

LINE = "line"  # the upload's spreadsheet line of a row, so a change can be found in the file
MAX_PAIRS_TRIED = 250_000  # added x removed rows compared cell by cell, at most: beyond, they stay added and removed
# The changed-cells table's headers a person reads. The frames keep these machine keys (the page and the command
# line select and sort by them); where a table is shown, rename its columns with change_labels(). The key columns
# and the dataset's own columns are the dataset's CSV headers and stay as they are.
CHANGE_LABELS = {
    # Translators: header of the changed-cells table: the upload's spreadsheet line number
    LINE: N_("line"),
    # Translators: header of the changed-cells table: the name of the dataset column (not a verb)
    "column": N_("column"),
    # Translators: header of the changed-cells table: the cell's value in the current version
    "before": N_("before"),
    # Translators: header of the changed-cells table: the cell's value in the uploaded file
    "after": N_("after"),
}


def change_labels() -> dict[str, str]:
    """{machine column: its header in the reader's language}, for DataFrame.rename(columns=...) at display."""
    return {key: _(label) for key, label in CHANGE_LABELS.items()}


@dataclass
class Changes:
    added: pd.DataFrame  # line, then the dataset's columns
    removed: pd.DataFrame  # the dataset's columns
    changed: pd.DataFrame  # one row per changed cell: line, key columns, column, before, after
    unchanged: int

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty


def compare(current: pd.DataFrame, new: pd.DataFrame, key_columns: tuple[str, ...], lines: list[int] | None = None) -> Changes:
    """Match rows on the dataset's key; both frames hold text cells ("" for empty) in the same columns. `lines` are the
    upload's line of each row of `new`. A removed and an added row that differ only where a spreadsheet damages
    values (the key included: 'Dec 2022' saved as '12/01/22') are one changed row, so the damage is shown and
    warned about rather than hidden as a removal and an addition."""
    keys, columns = list(key_columns), list(current.columns)
    current = current.astype(str)
    new = new.astype(str).assign(**{LINE: lines if lines is not None else range(2, len(new) + 2)})
    merged = current.merge(new, on=keys, how="outer", suffixes=("__before", "__after"), indicator=True)
    value_columns = [c for c in columns if c not in keys]

    def side(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
        out = frame[keys + [f"{c}{suffix}" for c in value_columns]]
        return out.rename(columns={f"{c}{suffix}": c for c in value_columns})[columns].reset_index(drop=True)

    added = side(merged[merged["_merge"] == "right_only"], "__after").assign(**{LINE: merged.loc[merged["_merge"] == "right_only", LINE].to_numpy()})
    removed = side(merged[merged["_merge"] == "left_only"], "__before")
    both = merged[merged["_merge"] == "both"]
    cells = []
    changed_rows = pd.Series(False, index=both.index)
    for column in value_columns:
        differs = both[f"{column}__before"] != both[f"{column}__after"]
        if differs.any():
            changed_rows |= differs
            part = both.loc[differs, [LINE, *keys]].copy()
            part["column"] = column
            part["before"] = both.loc[differs, f"{column}__before"]
            part["after"] = both.loc[differs, f"{column}__after"]
            cells.append(part)
    paired_added, paired_removed, paired_cells = _damaged_pairs(added, removed, keys, columns)
    cells.extend(paired_cells)
    changed = (pd.concat(cells, ignore_index=True) if cells else pd.DataFrame(columns=[LINE, *keys, "column", "before", "after"]))
    changed = changed.astype({LINE: "int64"}).sort_values([LINE, "column"], kind="stable").reset_index(drop=True)
    added = added.drop(index=paired_added)[[LINE, *columns]].astype({LINE: "int64"}).reset_index(drop=True)
    return Changes(added, removed.drop(index=paired_removed).reset_index(drop=True), changed, int((~changed_rows).sum()))


def _damaged_pairs(added: pd.DataFrame, removed: pd.DataFrame, keys: list[str], columns: list[str]):
    """(added indexes, removed indexes, changed-cell frames) of rows that are one row with spreadsheet damage."""
    if added.empty or removed.empty or len(added) * len(removed) > MAX_PAIRS_TRIED:
        return [], [], []
    free = dict(enumerate(removed[columns].itertuples(index=False, name=None)))
    used_added, used_removed, cells = [], [], []
    for index, row in zip(added.index, added[columns].itertuples(index=False, name=None)):
        for at, old in free.items():
            if all(a == b or damaged(b, a) for a, b in zip(row, old)):
                differing = [(c, b, a) for c, a, b in zip(columns, row, old) if a != b]
                key_of = dict(zip(columns, old))
                cells.append(pd.DataFrame([{LINE: added.at[index, LINE], **{k: key_of[k] for k in keys}, "column": c,
                                            "before": b, "after": a} for c, b, a in differing]))
                used_added.append(index)
                used_removed.append(removed.index[at])
                del free[at]
                break
    return used_added, used_removed, cells
