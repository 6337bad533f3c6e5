"""Validate dataset CSVs: bytes or paths in, a ValidationReport out. Also the command line:

    python -m schemas.validate PATH... [--dataset NAME] [--sources PATH] [--format text|json] [--max-mb N]

PATH is a file or a folder of dataset CSVs. Exit 0 when every file is valid, 1 when not, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import checks
from .reader import DEFAULT_MAX_BYTES, mapped, read_table
from .registry import DATASETS, DATASETS_DIR, SOURCE_REFERENCES, SOURCES, get_spec
from .report import MAX_LISTED, Code, ValidationIssue, ValidationReport
from .rules import column_rules


def validate_csv(
    data: bytes | Path,
    dataset: str,
    *,
    source_ids: set[str] | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    path: str | None = None,
) -> ValidationReport:
    """Every problem of one file, or ok. `source_ids` enables the cross-dataset check of source_id columns.

    `data` is the file's bytes (an upload) or its path, which is memory-mapped rather than read into memory."""
    if path is None and isinstance(data, Path):
        path = str(data)
    spec = get_spec(dataset)
    report = ValidationReport(dataset=spec.name, path=path)
    read = read_table(mapped(data) if isinstance(data, Path) else data, spec, max_bytes)
    structural = read.issues
    report.unlisted = read.unlisted
    report.notes = [f"The file has no '{column}' column; it is optional, so every row reads it as empty" for column in read.absent]
    if read.table is None:
        report.errors = structural
        return report
    report.rows = read.table.num_rows + sum(1 for i in structural if i.code in (Code.MISSING_CELL.value, Code.EXTRA_CELL.value))
    if read.table.num_rows == 0 and not structural:
        report.errors = [ValidationIssue(Code.EMPTY_FILE.value, "The file has a header but no data rows")]
        return report
    findings = checks.Findings(read.table, read.lines)
    order = spec.columns
    with ThreadPoolExecutor(max_workers=1) as background:
        # Which rows share a key is worked out while the cells are checked: both only read the table, and numpy and
        # Arrow release the GIL, so on a large file the two share the cores.
        key_groups = background.submit(checks.key_groups, read.table, spec)
        present = checks.check_cells(findings, column_rules(spec.model), order)
        for rule in spec.model.row_rules:  # declared on the model beside the validator that is its per-row form
            checks.ROW_CHECKS[rule](findings, present, order, spec.model)
        checks.check_unique_keys(findings, spec, key_groups.result())
    if source_ids is not None and spec.name != SOURCES:
        if "source_id" in order:
            checks.check_references(findings, "source_id", order.index("source_id"), source_ids, "source", present["source_id"])
        if "source_ids" in order:
            checks.check_references(findings, "source_ids", order.index("source_ids"), source_ids, "source",
                                    split=SOURCE_REFERENCES["source_ids"])
    findings.issues.sort(key=lambda item: (item[0], item[1]))
    cell_issues = [issue for _, _, issue in findings.issues]
    report.errors = sorted(structural + cell_issues, key=lambda i: (i.line or 0))[:MAX_LISTED]
    report.unlisted += findings.unlisted + max(0, len(structural) + len(cell_issues) - MAX_LISTED)
    if report.ok:
        report.table = read.table
    return report


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
                f"Cannot tell which dataset '{file.name}' is; name the file after a dataset or pass --dataset",
                suggestion=f"datasets: {', '.join(DATASETS)}",
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
        reports.append(validate_csv(file, name, source_ids=known[registry], max_bytes=max_bytes))
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m schemas.validate", description="Validate dataset CSV files.")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a CSV file or a folder of them")
    parser.add_argument("--dataset", choices=sorted(DATASETS), help="the dataset (default: from the file name)")
    parser.add_argument("--sources", type=Path, help="sources.csv to check source_id against")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6, help="size limit per file in MB (default 20)")
    args = parser.parse_args(argv)
    for path in args.paths + ([args.sources] if args.sources else []):
        if not path.exists():
            parser.error(f"{path} does not exist")
    reports = validate_paths(args.paths, args.dataset, args.sources, int(args.max_mb * 1e6))
    ok = all(r.ok for r in reports)
    if args.format == "json":
        print(json.dumps({"ok": ok, "files": [
            {"path": r.path, "dataset": r.dataset, "rows": r.rows, "errors": r.to_dict()["errors"]} for r in reports
        ]}, ensure_ascii=False, indent=2))
    else:
        for r in reports:
            print(r.to_text())
        print(f"{sum(r.ok for r in reports)} of {len(reports)} file(s) valid")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
