"""An upload reviewed before it is published: the validation report, what it changes against the version it is
based on, and the spreadsheet damage in those changes. The Maintain page and the command line show the same."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dashboard.maintain.changes import Changes, compare
from dashboard.maintain.damage import SpreadsheetWarning, find_damage
from schemas.io import read_dataset_csv, read_text_csv
from schemas.reader import DEFAULT_MAX_BYTES
from schemas.registry import SOURCES, get_spec
from schemas.report import ValidationReport
from schemas.validate import validate_csv

SHOWN_IN_TEXT = 50  # changed cells and warnings printed by the command line, at most each


@dataclass
class Review:
    dataset: str
    base: int  # the version the upload would replace
    report: ValidationReport
    changes: Changes | None = None  # None when the file is not valid
    warnings: list[SpreadsheetWarning] = field(default_factory=list)

    @property
    def publishable(self) -> bool:
        return self.report.ok and self.changes is not None and not self.changes.empty


def review_upload(store, dataset: str, data: bytes | Path, *, base: int | None = None, path: str | None = None) -> Review:
    """Validate `data` against the store's current sources and compare it with version `base` (default: current)."""
    spec = get_spec(dataset)
    base = store.current_version(dataset) if base is None else base
    sources = None
    if dataset != SOURCES:
        sources = set(read_dataset_csv(store.read(SOURCES).csv_bytes, get_spec(SOURCES))["source_id"])
    report = validate_csv(data, dataset, source_ids=sources, max_bytes=DEFAULT_MAX_BYTES, path=path)
    if not report.ok:
        return Review(dataset, base, report)
    changes = compare(read_text_csv(store.read(dataset, base).csv_bytes, spec), report.frame, spec.key_columns, report.lines)
    return Review(dataset, base, report, changes, find_damage(changes.changed, changes.added, spec))


def review_text(review: Review) -> str:
    """The command line's review: the report, then the change counts, the warnings and the changed cells."""
    parts = [review.report.to_text()]
    changes = review.changes
    if changes is None:
        return parts[0]
    parts.append(f"  Against version {review.base}: {len(changes.added)} row(s) added, {len(changes.removed)} removed, "
                 f"{len(changes.changed)} cell(s) changed, {changes.unchanged} row(s) unchanged")
    if changes.empty:
        parts.append(f"  No changes: the file is identical in content to version {review.base}")
    if review.warnings:
        parts.append(f"  {len(review.warnings)} warning(s): values a spreadsheet may have changed (publish refuses "
                     "them unless --accept-warnings):")
        parts += [f"  - line {w.line}, column {w.column} [{w.code}]: {w.problem}: {w.before!r} -> {w.after!r}"
                  + (f"; suggested: {w.suggested!r}" if w.suggested else "") for w in review.warnings[:SHOWN_IN_TEXT]]
        parts += _more(len(review.warnings))
        parts += [f"  How to fix {code}: {fix}" for code, fix in fixes(review.warnings).items()]
    cells = changes.changed.to_dict("records")
    if cells:
        parts.append("  Changed cells:")
        parts += [f"  - line {c['line']}, column {c['column']}: {c['before']!r} -> {c['after']!r}" for c in cells[:SHOWN_IN_TEXT]]
        parts += _more(len(cells))
    for title, rows in (("Added", changes.added), ("Removed", changes.removed)):
        if not rows.empty:
            key = list(get_spec(review.dataset).key_columns)
            parts.append(f"  {title} rows (key {', '.join(key)}):")
            shown = rows.head(SHOWN_IN_TEXT)
            parts += [f"  - {', '.join(map(str, values))}" for values in shown[key].itertuples(index=False, name=None)]
            parts += _more(len(rows))
    return "\n".join(parts)


def fixes(warnings: list[SpreadsheetWarning]) -> dict[str, str]:
    """Each kind of warning present, with its fix, in the order they first appear."""
    return {w.code: w.fix for w in warnings}


def _more(count: int) -> list[str]:
    return [f"  ... and {count - SHOWN_IN_TEXT} more (the Maintain page shows them all)"] if count > SHOWN_IN_TEXT else []
