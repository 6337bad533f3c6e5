"""The validation report: every problem of an upload, each with a stable code, where it is, and what to do."""
from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from i18n import N_, _, ngettext, number

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
        return _(_TITLES[self])


_TITLES = {
    Code.FILE_TOO_LARGE: N_("File too large"),
    Code.EMPTY_FILE: N_("Empty file"),
    Code.ENCODING_ERROR: N_("Not UTF-8 text"),
    Code.FORMAT_ERROR: N_("Not a readable CSV"),
    Code.MISSING_LABEL: N_("Missing column"),
    Code.EXTRA_LABEL: N_("Unknown column"),
    Code.DUPLICATE_LABEL: N_("Repeated column"),
    Code.BLANK_LABEL: N_("Column without a name"),
    Code.BLANK_ROW: N_("Empty row"),
    Code.MISSING_CELL: N_("Row has too few cells"),
    Code.EXTRA_CELL: N_("Row has too many cells"),
    Code.TYPE_ERROR: N_("Wrong kind of value"),
    Code.CONSTRAINT_ERROR: N_("Value not allowed"),
    Code.UNSAFE_TEXT: N_("Formula or markup in text"),
    Code.ROW_CONSTRAINT: N_("Values of a row contradict each other"),
    Code.PRIMARY_KEY: N_("Repeated claim"),
    Code.FOREIGN_KEY: N_("Unknown reference"),
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
        # Translators: where a problem is: "line 12, column value_best", "line 12", "column value_best" or "file".
        # The line is a spreadsheet's row number and the column a CSV header name: both stay as they are.
        if self.line is not None and self.column:
            return _("line {line}, column {column}").format(line=self.line, column=self.column)
        if self.line is not None:
            return _("line {line}").format(line=self.line)
        if self.column:
            return _("column {column}").format(column=self.column)
        return _("file")


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
        # Counts as the language writes them (101,848 / 101 848); a line number is a spreadsheet's and stays digits.
        if self.ok:
            # Translators: {dataset} is a dataset's file name (casualties); {rows} its number of data rows.
            return ngettext("{dataset}: valid, {rows} rows", "{dataset}: valid, {rows} rows", self.rows).format(
                dataset=self.dataset, rows=number(self.rows))
        bad_lines = {e.line for e in self.errors if e.line is not None}
        if self.unlisted:
            # Translators: {dataset} is a dataset's file name; {problems}, {lines}, {rows} and {more} are numbers (the
            # plural form follows {problems}). Nothing was published or stored.
            text = ngettext(
                "{dataset}: {problems} problem(s) on {lines} line(s) of {rows} data rows (and {more} more not listed); "
                "nothing was changed",
                "{dataset}: {problems} problem(s) on {lines} line(s) of {rows} data rows (and {more} more not listed); "
                "nothing was changed",
                len(self.errors),
            )
        else:
            # Translators: {dataset} is a dataset's file name; {problems}, {lines} and {rows} are numbers (the plural
            # form follows {problems}). Nothing was published or stored.
            text = ngettext(
                "{dataset}: {problems} problem(s) on {lines} line(s) of {rows} data rows; nothing was changed",
                "{dataset}: {problems} problem(s) on {lines} line(s) of {rows} data rows; nothing was changed",
                len(self.errors),
            )
        return text.format(dataset=self.dataset, problems=number(len(self.errors)), lines=number(len(bad_lines)),
                           rows=number(self.rows), more=number(self.unlisted))

    def to_text(self, limit: int | None = 200) -> str:
        # Translators: the first line of a file's report: "{file}: OK" or "{file}: INVALID".
        head = (_("{file}: OK") if self.ok else _("{file}: INVALID")).format(file=self.path or self.dataset)
        # Translators: a remark on how the file was read, under the report's summary.
        lines = [head, "  " + self.summary()] + ["  " + _("Note: {note}").format(note=note) for note in self.notes]
        shown = self.errors if limit is None else self.errors[:limit]
        # Translators: the parts of one problem's line in the text report (python -m schemas.validate).
        value_template, hint_template = " " + _("(value: {value})"), " " + _("Suggestion: {suggestion}")
        # Translators: one problem of the text report: where, its code (type-error ...: keep it), what is wrong, then
        # the value and the suggestion (each may be empty). Keep the code in square brackets.
        line_template = _("{where} [{code}]: {message}{value}.{suggestion}")
        for e in shown:
            value = value_template.format(value=repr(e.value)) if e.value not in (None, "") else ""
            hint = hint_template.format(suggestion=e.suggestion) if e.suggestion else ""
            lines.append("  - " + line_template.format(where=e.located(), code=e.code, message=e.message, value=value,
                                                      suggestion=hint))
        if limit is not None and len(self.errors) > limit:
            hidden = len(self.errors) - limit
            lines.append("  " + ngettext("... and {count} more (use --format json for all)",
                                         "... and {count} more (use --format json for all)", hidden).format(count=number(hidden)))
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
