"""Validate dataset CSVs: bytes or paths in, a ValidationReport out. Also the command line:

    python -m schemas.validate PATH... [--dataset NAME] [--sources PATH] [--format text|json] [--max-mb N] [--lang CODE]

PATH is a file or a folder of dataset CSVs. Exit 0 when every file is valid, 1 when not, 2 for a usage error.
The report is written in --lang, else the language of DASHBOARD_LANG or the locale (i18n.from_environment);
the JSON output's codes, lines and columns are the same in every language, its messages follow it.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polars as pl

import i18n
from i18n import _, ngettext, number

from . import checks
from .cells import latest_today
from .reader import DEFAULT_MAX_BYTES, NotWellFormed, mapped, read_table
from .registry import DATASETS, DATASETS_DIR, SOURCE_REFERENCES, SOURCES, get_spec
from .report import MAX_LISTED, Code, ValidationIssue, ValidationReport


def validate_csv(
    data: bytes | Path,
    dataset: str,
    *,
    source_ids: set[str] | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    path: str | None = None,
    keep_rows: bool = True,
) -> ValidationReport:
    """Every problem of one file, or ok. `source_ids` enables the cross-dataset check of source_id columns.

    `data` is the file's bytes (an upload) or its path, which is memory-mapped rather than read into memory. With
    `keep_rows` the report holds the accepted rows (report.table); without, a large file is checked a block at a
    time and only a hash of each row's key is held (the command line, which only reports)."""
    if path is None and isinstance(data, Path):
        path = str(data)
    spec = get_spec(dataset)
    report = ValidationReport(dataset=spec.name, path=path)
    read = read_table(mapped(data) if isinstance(data, Path) else data, spec, max_bytes)
    # Translators: {column} is a column name.
    absent = _("The file has no '{column}' column; it is optional, so every row reads it as empty")
    report.notes = read.notes + [absent.format(column=column) for column in read.absent]
    if read.blocks is None:
        report.errors, report.unlisted = read.issues, read.unlisted
        return report
    try:
        checked = _check_blocks(read.blocks, spec, source_ids, keep_rows)
    except NotWellFormed:
        checked = _check_blocks(read.exact(), spec, source_ids, keep_rows)
    findings, rows, kept, lines = checked
    structural = read.issues + findings.blank_rows()
    report.rows = rows + sum(1 for i in structural if i.code in (Code.MISSING_CELL.value, Code.EXTRA_CELL.value))
    if rows == 0 and not structural:
        report.errors = [ValidationIssue(Code.EMPTY_FILE.value, _("The file has a header but no data rows"))]
        return report
    found = [issue for *_, issue in sorted(findings.found, key=lambda item: (item[0], item[1]))]
    report.errors = sorted(structural + found, key=lambda i: (i.line or 0))[:MAX_LISTED]
    report.unlisted = read.unlisted + findings.unlisted + max(0, len(structural) + len(found) - MAX_LISTED)
    if report.ok and keep_rows:
        report.table = pl.concat(kept).to_arrow() if kept else None
        report.lines = [int(line) for part in lines for line in part]
    return report


def _check_blocks(blocks, spec, source_ids: set[str] | None, keep_rows: bool):
    """Each block's cells, rows and references checked as it is read; the keys of all blocks at the end.
    Returns the findings, the row count, and with `keep_rows` the rows and their spreadsheet lines."""
    findings, chains, rows = checks.Findings(), checks.cell_checks(spec, latest_today()), 0
    kept, lines, seen, hashes = [], [], [], []
    for index, block in enumerate(blocks):
        findings.start_block(block)
        frame = checks.canonical_cells(block.frame, chains)
        broken = checks.check_cells(frame, spec, chains, findings)
        checks.check_rows(frame, spec, checks.bad_rows(broken), findings)
        if source_ids is not None and spec.name != SOURCES:
            checks.check_references(frame, broken, spec, source_ids, SOURCE_REFERENCES, findings)
        if spec.key_columns:
            hashes.append(checks.key_hashes(frame, spec, index))
        if keep_rows:
            kept.append(frame)
            lines.append(block.lines)
        block.frame = None  # the rows were checked; the key check reads the few it needs back from their lines
        seen.append(block)
        rows += frame.height
    if hashes:
        checks.check_unique_keys(pl.concat(hashes), seen, spec, findings)
    return findings, rows, kept, lines


def dataset_for(path: Path) -> str | None:
    return path.stem if path.stem in DATASETS else None


def source_ids_of(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> tuple[set[str] | None, ValidationReport]:
    report = validate_csv(path, SOURCES, max_bytes=max_bytes)
    ids = set(report.table["source_id"].to_pylist()) if report.ok else None
    return ids, report


def validate_paths(paths: list[Path], dataset: str | None = None, sources: Path | None = None,
                   max_bytes: int | None = DEFAULT_MAX_BYTES) -> list[ValidationReport]:
    """Validate files and folders; sources come from --sources, else sources.csv beside each file, else the shipped one."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(p for p in path.glob("*.csv")) if path.is_dir() else [path])
    reports: list[ValidationReport] = []
    known: dict[Path, set[str] | None] = {}
    for file in files:
        name = dataset or dataset_for(file)
        if name is None:
            reports.append(ValidationReport(dataset="?", path=str(file), errors=[ValidationIssue(
                Code.FORMAT_ERROR.value,
                # Translators: {file} is a file name; --dataset is an option of the command: keep it as it is.
                _("Cannot tell which dataset '{file}' is; name the file after a dataset or pass --dataset").format(file=file.name),
                # Translators: {datasets} lists the datasets' names.
                suggestion=_("datasets: {datasets}").format(datasets=", ".join(DATASETS)),
            )]))
            continue
        if name == SOURCES:
            reports.append(validate_csv(file, SOURCES, max_bytes=max_bytes))
            continue
        registry = sources or (file.parent / "sources.csv" if (file.parent / "sources.csv").exists() else DATASETS_DIR / "sources.csv")
        if registry not in known:
            known[registry], registry_report = source_ids_of(registry, max_bytes) if registry.exists() else (None, None)
            validated_anyway = registry.resolve() in {f.resolve() for f in files}
            if known[registry] is None and registry_report is not None and not validated_anyway:
                # An invalid sources.csv would silently switch the source_id check off: say why instead.
                reports.append(registry_report)
        reports.append(validate_csv(file, name, source_ids=known[registry], max_bytes=max_bytes, keep_rows=False))
    return reports


def main(argv: list[str] | None = None) -> int:
    """The command in the language it is asked for (--lang, else the environment's), leaving the caller's language
    as it was when it returns (a test or another tool calling it in-process)."""
    with i18n.using(i18n.language()):
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    i18n.activate(i18n.from_environment())
    parser = argparse.ArgumentParser(prog="python -m schemas.validate", description=_("Validate dataset CSV files."))
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=_("a CSV file or a folder of them"))
    parser.add_argument("--dataset", choices=sorted(DATASETS), help=_("the dataset (default: from the file name)"))
    # Translators: sources.csv and source_id are a file and a column name.
    parser.add_argument("--sources", type=Path, help=_("sources.csv to check source_id against"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6, help=_("size limit per file in MB (default 20)"))
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES),
                        help=_("the language of the report (default: DASHBOARD_LANG, else the locale's)"))
    args = parser.parse_args(argv)
    if args.lang:
        i18n.activate(args.lang)
    for path in args.paths + ([args.sources] if args.sources else []):
        if not path.exists():
            # Translators: {path} is a file or folder given on the command line.
            parser.error(_("{path} does not exist").format(path=path))
    reports = validate_paths(args.paths, args.dataset, args.sources, int(args.max_mb * 1e6))
    ok = all(r.ok for r in reports)
    if args.format == "json":
        print(json.dumps({"ok": ok, "files": [
            {"path": r.path, "dataset": r.dataset, "rows": r.rows, "errors": r.to_dict()["errors"]} for r in reports
        ]}, ensure_ascii=False, indent=2))
    else:
        for r in reports:
            print(r.to_text())
        # Translators: {valid} and {files} are numbers of files (the plural form follows {files}).
        print(ngettext("{valid} of {files} file(s) valid", "{valid} of {files} file(s) valid", len(reports)).format(
            valid=number(sum(r.ok for r in reports)), files=number(len(reports))))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
