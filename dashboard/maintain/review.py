"""An upload reviewed before it is published: the validation report, what it changes against the version it is
based on, and the spreadsheet damage in those changes. The Maintain page and the command line show the same."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dashboard.maintain.changes import Changes, compare
from dashboard.maintain.damage import SpreadsheetWarning, find_damage
from i18n import N_, _, ngettext, number
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
    parts.append("  " + _counts(review.base, changes))
    if changes.empty:
        parts.append("  " + _("No changes: the file is identical in content to version {version}").format(version=review.base))
    if review.warnings:
        count = len(review.warnings)
        parts.append("  " + ngettext(
            "{n} warning(s): values a spreadsheet may have changed (publish refuses them unless --accept-warnings):",
            "{n} warning(s): values a spreadsheet may have changed (publish refuses them unless --accept-warnings):",
            count).format(n=number(count)))
        parts += [f"  - {_warning_line(w)}" for w in review.warnings[:SHOWN_IN_TEXT]]
        parts += _more(count)
        # Translators: {code} is a machine code such as lost-trailing-zero, left as it is
        parts += ["  " + _("How to fix {code}: {fix}").format(code=code, fix=fix) for code, fix in fixes(review.warnings).items()]
    cells = changes.changed.to_dict("records")
    if cells:
        parts.append("  " + _("Changed cells:"))
        # Translators: one changed cell; {before} and {after} are the quoted old and new values
        parts += ["  - " + _("line {line}, column {column}: {before} -> {after}").format(
            line=c["line"], column=c["column"], before=repr(c["before"]), after=repr(c["after"])) for c in cells[:SHOWN_IN_TEXT]]
        parts += _more(len(cells))
    # Translators: {key} lists the dataset's key columns (machine names), e.g. "source_id, conflict"
    headings = ((N_("Added rows (key {key}):"), changes.added), (N_("Removed rows (key {key}):"), changes.removed))
    for heading, rows in headings:
        if not rows.empty:
            key = list(get_spec(review.dataset).key_columns)
            parts.append("  " + _(heading).format(key=", ".join(key)))
            shown = rows.head(SHOWN_IN_TEXT)
            parts += [f"  - {', '.join(map(str, values))}" for values in shown[key].itertuples(index=False, name=None)]
            parts += _more(len(rows))
    return "\n".join(parts)


def _counts(base: int, changes: Changes) -> str:
    """'Against version 2: 0 row(s) added, 0 removed, 1 cell(s) changed, 1 row(s) unchanged', each count in the form
    the language gives it (English keeps its '(s)' in both forms)."""
    added, removed, changed = len(changes.added), len(changes.removed), len(changes.changed)
    return _("Against version {version}: {added}, {removed}, {changed}, {unchanged}").format(
        version=base,
        added=ngettext("{n} row(s) added", "{n} row(s) added", added).format(n=number(added)),
        # Translators: rows removed (the word "rows" is said just before, in "{n} row(s) added")
        removed=ngettext("{n} removed", "{n} removed", removed).format(n=number(removed)),
        changed=ngettext("{n} cell(s) changed", "{n} cell(s) changed", changed).format(n=number(changed)),
        unchanged=ngettext("{n} row(s) unchanged", "{n} row(s) unchanged", changes.unchanged).format(n=number(changes.unchanged)),
    )


def _warning_line(w: SpreadsheetWarning) -> str:
    fields = {"line": w.line, "column": w.column, "code": w.code, "problem": w.problem, "before": repr(w.before),
              "after": repr(w.after), "suggested": repr(w.suggested)}
    if w.suggested:
        # Translators: {code} is a machine code (lost-trailing-zero); {before}, {after}, {suggested} are quoted values
        return _("line {line}, column {column} [{code}]: {problem}: {before} -> {after}; suggested: {suggested}").format(**fields)
    # Translators: {code} is a machine code (lost-trailing-zero); {before} and {after} are quoted values
    return _("line {line}, column {column} [{code}]: {problem}: {before} -> {after}").format(**fields)


def fixes(warnings: list[SpreadsheetWarning]) -> dict[str, str]:
    """Each kind of warning present, with its fix, in the order they first appear."""
    return {w.code: w.fix for w in warnings}


def _more(count: int) -> list[str]:
    if count <= SHOWN_IN_TEXT:
        return []
    hidden = count - SHOWN_IN_TEXT
    return ["  " + ngettext("... and {n} more (the Maintain page shows them all)",
                            "... and {n} more (the Maintain page shows them all)", hidden).format(n=number(hidden))]
