"""The validation report: every problem of an upload, each with a stable code, where it is, and what to do."""
from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from .cells import neutralise

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


class Code(str, Enum):
    """Stable machine codes (modelled on Frictionless) with the title a person reads."""

    FILE_TOO_LARGE = "file-too-large"
    EMPTY_FILE = "empty-file"
    ENCODING_ERROR = "encoding-error"
    FORMAT_ERROR = "format-error"
    MISSING_LABEL = "missing-label"
    EXTRA_LABEL = "extra-label"
    DUPLICATE_LABEL = "duplicate-label"
    BLANK_LABEL = "blank-label"
    BLANK_ROW = "blank-row"
    MISSING_CELL = "missing-cell"
    EXTRA_CELL = "extra-cell"
    TYPE_ERROR = "type-error"
    CONSTRAINT_ERROR = "constraint-error"
    UNSAFE_TEXT = "unsafe-text"
    ROW_CONSTRAINT = "row-constraint"
    PRIMARY_KEY = "primary-key"
    FOREIGN_KEY = "foreign-key"

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Code.FILE_TOO_LARGE: "File too large",
    Code.EMPTY_FILE: "Empty file",
    Code.ENCODING_ERROR: "Not UTF-8 text",
    Code.FORMAT_ERROR: "Not a readable CSV",
    Code.MISSING_LABEL: "Missing column",
    Code.EXTRA_LABEL: "Unknown column",
    Code.DUPLICATE_LABEL: "Repeated column",
    Code.BLANK_LABEL: "Column without a name",
    Code.BLANK_ROW: "Empty row",
    Code.MISSING_CELL: "Row has too few cells",
    Code.EXTRA_CELL: "Row has too many cells",
    Code.TYPE_ERROR: "Wrong kind of value",
    Code.CONSTRAINT_ERROR: "Value not allowed",
    Code.UNSAFE_TEXT: "Formula or markup in text",
    Code.ROW_CONSTRAINT: "Values of a row contradict each other",
    Code.PRIMARY_KEY: "Repeated claim",
    Code.FOREIGN_KEY: "Unknown reference",
}


# Problems listed per file; beyond this they are counted, not kept (a file of garbage lines must not exhaust memory).
MAX_LISTED = 100_000


@dataclass(frozen=True)
class ValidationIssue:
    """One problem. `line` counts as a spreadsheet does: the header is line 1, the first data row line 2."""

    code: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    suggestion: str | None = None

    def located(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return ", ".join(where) or "file"


@dataclass
class ValidationReport:
    dataset: str
    rows: int = 0
    errors: list[ValidationIssue] = field(default_factory=list)
    path: str | None = None
    table: pa.Table | None = None  # the accepted rows as text, canonical column order; None when not ok
    lines: list[int] = field(default_factory=list)  # each accepted row's spreadsheet line, in table order
    unlisted: int = 0  # problems found beyond MAX_LISTED: counted, not listed
    notes: list[str] = field(default_factory=list)  # how the file was read, when that is not the plain case

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unlisted

    @property
    def frame(self) -> pd.DataFrame | None:
        """The accepted rows as strings (empty cell = ""), canonical column order."""
        if not self.ok or self.table is None:
            return None
        return self.table.to_pandas()

    def flat(self) -> list[tuple[int | None, str | None, str]]:
        """(line, column, code) triples: what tests compare."""
        return [(e.line, e.column, e.code) for e in self.errors]

    def summary(self) -> str:
        if self.ok:
            return f"{self.dataset}: valid, {self.rows} rows"
        bad_lines = {e.line for e in self.errors if e.line is not None}
        more = f" (and {self.unlisted:,} more not listed)" if self.unlisted else ""
        return (
            f"{self.dataset}: {len(self.errors)} problem(s) on {len(bad_lines)} line(s) of {self.rows} data rows{more}; "
            "nothing was changed"
        )

    def to_text(self, limit: int | None = 200) -> str:
        head = f"{self.path or self.dataset}: " + ("OK" if self.ok else "INVALID")
        lines = [head, "  " + self.summary()] + [f"  Note: {note}" for note in self.notes]
        shown = self.errors if limit is None else self.errors[:limit]
        for e in shown:
            value = f" (value: {e.value!r})" if e.value not in (None, "") else ""
            hint = f" Suggestion: {e.suggestion}" if e.suggestion else ""
            lines.append(f"  - {e.located()} [{e.code}]: {e.message}{value}.{hint}")
        if limit is not None and len(self.errors) > limit:
            lines.append(f"  ... and {len(self.errors) - limit} more (use --format json for all)")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "dataset": self.dataset,
            "ok": self.ok,
            "rows": self.rows,
            "unlisted": self.unlisted,
            "notes": self.notes,
            "errors": [asdict(e) for e in self.errors],
        }

    def errors_csv(self) -> bytes:
        """The errors as a CSV a maintainer can open next to the file (formula-like values defused)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["line", "column", "value", "code", "message", "suggestion"])
        for e in self.errors:
            row = [e.line or "", e.column or "", e.value or "", e.code, e.message, e.suggestion or ""]
            writer.writerow([neutralise(c) for c in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
