"""What an upload would change against the current version: rows added, removed and changed, cell by cell."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class Changes:
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # one row per changed cell: key columns, column, before, after
    unchanged: int

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty


def compare(current: pd.DataFrame, new: pd.DataFrame, key_columns: tuple[str, ...]) -> Changes:
    """Match rows on the dataset's key; both frames hold text cells ("" for empty) in the same columns."""
    keys = list(key_columns)
    current, new = current.astype(str), new.astype(str)
    merged = current.merge(new, on=keys, how="outer", suffixes=("__before", "__after"), indicator=True)
    added = merged[merged["_merge"] == "right_only"]
    removed = merged[merged["_merge"] == "left_only"]
    both = merged[merged["_merge"] == "both"]
    value_columns = [c for c in current.columns if c not in keys]
    cells = []
    changed_rows = pd.Series(False, index=both.index)
    for column in value_columns:
        differs = both[f"{column}__before"] != both[f"{column}__after"]
        if differs.any():
            changed_rows |= differs
            part = both.loc[differs, keys].copy()
            part["column"] = column
            part["before"] = both.loc[differs, f"{column}__before"]
            part["after"] = both.loc[differs, f"{column}__after"]
            cells.append(part)
    changed = pd.concat(cells, ignore_index=True) if cells else pd.DataFrame(columns=keys + ["column", "before", "after"])

    def side(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
        out = frame[keys + [f"{c}{suffix}" for c in value_columns]]
        return out.rename(columns={f"{c}{suffix}": c for c in value_columns})[list(current.columns)].reset_index(drop=True)

    return Changes(side(added, "__after"), side(removed, "__before"), changed, int((~changed_rows).sum()))
