"""Validation throughput: the project's validator against a plain read, pandera and frictionless.

    python -m benchmarks.validate [--rows N] [--repeat R] [--frictionless-rows M] [--no-write]

Generates a casualties.csv of N rows (default 1,000,000) in the shipped schema, with 1% bad rows of ten kinds
(a known set of lines), then times each step in a fresh process and reads its peak memory:
pandas.read_csv, pyarrow.csv.read_csv and polars.read_csv alone (the floor: the fastest of the three), schemas.validate.validate_csv (every bad line must be
reported: asserted), the same column rules as a pandera schema, and frictionless validate on the first M rows
(default 100,000), extrapolated to N rows. Results go to docs/benchmarks.md unless --no-write.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks._measure import (
    INSTALL_HINT,
    ROOT,
    interleaved,
    machine,
    machine_line,
    megabytes,
    missing_bench_packages,
    repeat,
    rss_mb,
    seconds,
    table,
    timed,
    update_results,
    verdict,
)

DATASET = "casualties"
TEXT_READ = "pyarrow.csv.read_csv, every column as text (context)"
# The floor: the fastest of these plain reads, types inferred, nothing checked.
PLAIN_READS = ("pandas.read_csv (C engine, read only)", "pyarrow.csv.read_csv (read only)", "polars.read_csv, every column as text (read only)")
RSS_TARGET_MB = 700
BAD_SHARE = 0.01
# Each kind breaks exactly one rule, so each bad row gives exactly one issue in the project's report.
BAD_KINDS = (
    "value_best not a number",
    "value_best negative",
    "side not in the vocabulary",
    "as_of not a date",
    "value_low > value_best",
    "required period empty",
    "note starts with = (formula)",
    "repeats the previous row's key",
    "source_id not in sources.csv",
    "claimed_by over 300 characters",
)


# --- the test file ---------------------------------------------------------------------------------------------

def shipped_rows() -> list[dict[str, str]]:
    with open(ROOT / "datasets" / f"{DATASET}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def known_source_ids() -> set[str]:
    with open(ROOT / "datasets" / "sources.csv", newline="", encoding="utf-8") as handle:
        return {row["source_id"] for row in csv.DictReader(handle)}


def bad_rows_plan(rows: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the bad rows (never adjacent, so a repeat copies a good row) and the kind of each."""
    count = max(len(BAD_KINDS), int(round(rows * BAD_SHARE)))
    step = rows // count
    if step < 4:
        raise SystemExit(f"--rows {rows} is too small for {count} bad rows; use at least {4 * len(BAD_KINDS)}")
    rng = np.random.default_rng(seed)
    positions = np.arange(count) * step + rng.integers(1, step - 1, size=count)
    kinds = np.arange(count) % len(BAD_KINDS)
    return positions, kinds


def generate(path: Path, rows: int, seed: int = 7) -> np.ndarray:
    """Write the test file; return the spreadsheet line number of every bad row (header = line 1)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from schemas.registry import get_spec
    from schemas.rules import column_rules

    spec = get_spec(DATASET)
    rules = column_rules(spec.model)
    shipped = shipped_rows()
    rng = np.random.default_rng(seed)
    sample = rng.integers(0, len(shipped), size=rows)
    pick = lambda column: np.array([r[column] for r in shipped], dtype=object)[sample]  # noqa: E731

    def choice(values) -> np.ndarray:
        return np.asarray(values, dtype=object)[rng.integers(0, len(values), size=rows)]

    columns: dict[str, np.ndarray] = {
        "ref_id": np.array([f"S{i}" for i in range(rows)], dtype=object),
        "period": pick("period"),
        "as_of": pick("as_of"),
        "note": pick("note"),
        "source_id": pick("source_id"),
        "claimant_party": pick("claimant_party"),
        "qualifier": pick("qualifier"),
        "interim": choice(["false", "false", "false", "true"]),
    }
    for name in ("conflict", "side", "category", "outcome"):
        columns[name] = choice(rules[name].allowed)
    for name in spec.columns:  # any other column of the model (one added since this was written) as shipped
        if name not in columns:
            columns[name] = pick(name)
    # claimed_by carries a row number, so every key (conflict ... claimed_by, source_id) is unique.
    claimed = pick("claimed_by")
    columns["claimed_by"] = np.array([f"{c} #{i}" for i, c in enumerate(claimed)], dtype=object)
    best = rng.integers(1, 50_000, size=rows)
    shape = rng.random(rows)  # < .7: best only; < .9: low, best, high; else low and high only
    low = best - rng.integers(0, best + 1)
    high = best + rng.integers(0, 10_000, size=rows)
    has_best, has_range = shape < 0.9, shape >= 0.7
    columns["value_best"] = np.where(has_best, best.astype(str).astype(object), "")
    columns["value_low"] = np.where(has_range, low.astype(str).astype(object), "")
    columns["value_high"] = np.where(has_range, high.astype(str).astype(object), "")

    positions, kinds = bad_rows_plan(rows, seed)
    for row, kind in zip(positions.tolist(), kinds.tolist()):
        label = BAD_KINDS[kind]
        if label == "value_best not a number":
            columns["value_best"][row] = "about 500"
        elif label == "value_best negative":
            columns["value_best"][row] = "-120"
        elif label == "side not in the vocabulary":
            columns["side"][row] = "armenain"
        elif label == "as_of not a date":
            columns["as_of"][row] = "24/09/2023"
        elif label == "value_low > value_best":
            value = int(best[row])
            columns["value_best"][row], columns["value_low"][row], columns["value_high"][row] = str(value), str(value + 10), ""
        elif label == "required period empty":
            columns["period"][row] = ""
        elif label == "note starts with = (formula)":
            columns["note"][row] = '=HYPERLINK("http://example.org", "click")'
        elif label == "repeats the previous row's key":
            for name in columns:
                columns[name][row] = columns[name][row - 1]
        elif label == "source_id not in sources.csv":
            columns["source_id"][row] = "no_such_source"
        elif label == "claimed_by over 300 characters":
            columns["claimed_by"][row] = "Committee " * 31 + f"#{row}"
    table_ = pa.table({name: pa.array(columns[name], pa.string()) for name in spec.columns})
    with pacsv.CSVWriter(str(path), table_.schema, write_options=pacsv.WriteOptions(quoting_style="needed", eol=b"\n")) as out:
        out.write_table(table_)
    return np.sort(positions) + 2


def head_slice(path: Path, out: Path, rows: int) -> None:
    """The header and the first `rows` data rows (the file has no line breaks inside cells)."""
    with open(path, "rb") as source, open(out, "wb") as target:
        for number, line in enumerate(source):
            if number > rows:
                break
            target.write(line)


# --- the measured steps (each runs in a fresh process) ------------------------------------------------------------

# Every step first does the same work on the shipped file (imports, compiled patterns, thread pools), as a
# running app would have, then times the large file alone.
SHIPPED = str(ROOT / "datasets" / f"{DATASET}.csv")


def step_pandas_read(path: str) -> dict:
    import pandas as pd

    pd.read_csv(SHIPPED)
    before = rss_mb()
    wall, cpu, frame = timed(lambda: pd.read_csv(path))
    return {"wall_s": wall, "cpu_s": cpu, "rows": len(frame), "rss_before_mb": before}


def step_pyarrow_read(path: str) -> dict:
    import pyarrow.csv as pacsv

    pacsv.read_csv(SHIPPED)
    before = rss_mb()
    wall, cpu, table_ = timed(lambda: pacsv.read_csv(path))
    return {"wall_s": wall, "cpu_s": cpu, "rows": table_.num_rows, "rss_before_mb": before}


def step_polars_read(path: str) -> dict:
    import polars as pl

    # Every column as text: polars' type inference stops at the first id like 'B10.03' after numeric ids.
    pl.read_csv(SHIPPED, infer_schema=False)
    before = rss_mb()
    wall, cpu, frame = timed(lambda: pl.read_csv(path, infer_schema=False))
    return {"wall_s": wall, "cpu_s": cpu, "rows": frame.height, "rss_before_mb": before}


def step_pyarrow_text(path: str) -> dict:
    """Context, not the floor: parsing every cell as text, the least any validator of these cells does first."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def read(file: str):
        with open(file, encoding="utf-8", newline="") as handle:
            names = next(csv.reader(handle))
        return pacsv.read_csv(file, convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}))

    read(SHIPPED)
    before = rss_mb()
    wall, cpu, table_ = timed(lambda: read(path))
    return {"wall_s": wall, "cpu_s": cpu, "rows": table_.num_rows, "rss_before_mb": before}


def step_project(path: str, expected_lines: list[int]) -> dict:
    from schemas.validate import validate_csv

    sources = known_source_ids()
    assert validate_csv(Path(SHIPPED).read_bytes(), DATASET, source_ids=sources).ok
    before = rss_mb()

    def work():
        # A path, as the command line gives it (a file this large is over the Maintain page's upload limit), and
        # like the command line it keeps no rows, only the report
        return validate_csv(Path(path), DATASET, source_ids=sources, max_bytes=None, keep_rows=False)

    wall, cpu, report = timed(work)
    lines = sorted({issue.line for issue in report.errors})
    assert report.rows == _data_rows(path), (report.rows, _data_rows(path))
    assert len(report.errors) == len(expected_lines), f"{len(report.errors)} issues reported, {len(expected_lines)} bad rows planted"
    assert lines == expected_lines, "the lines reported are not the bad lines planted"
    codes: dict[str, int] = {}
    for issue in report.errors:
        codes[issue.code] = codes.get(issue.code, 0) + 1
    return {"wall_s": wall, "cpu_s": cpu, "found": len(lines), "issues": len(report.errors), "codes": codes,
            "rss_before_mb": before}


def _data_rows(path: str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle) - 1


def pandera_schema(source_ids: set[str]):
    """The project's column rules (schemas.rules, from the pydantic model) written as a pandera schema."""
    import pandas as pd
    import pandera.pandas as pa

    from schemas import cells
    from schemas.registry import get_spec
    from schemas.rules import column_rules

    spec = get_spec(DATASET)
    patterns = {"int": cells.INT_PATTERN, "decimal": cells.DECIMAL_PATTERN, "date": cells.DATE_PATTERN,
                "partial_date": cells.PARTIAL_DATE_PATTERN, "datetime": cells.DATETIME_PATTERN,
                "slug": cells.SLUG_PATTERN, "url": cells.URL_PATTERN}

    def real_day(series: pd.Series) -> pd.Series:
        full = series.str.len() >= 10
        day = series.str.slice(0, 10)
        parsed = pd.to_datetime(day.where(full), format="%Y-%m-%d", errors="coerce")
        return ~full | parsed.notna()

    columns = {}
    for name, rule in column_rules(spec.model).items():
        checks = []
        blank_ok = not rule.required
        if rule.required:
            checks.append(pa.Check.str_length(min_value=1, error="required"))
        if rule.kind == "enum":
            checks.append(pa.Check.isin(list(rule.allowed) + ([""] if blank_ok else [])))
        elif rule.kind in patterns:
            pattern = patterns[rule.kind].strip("^$")
            checks.append(pa.Check.str_matches(f"^(?:{pattern})$" + ("|^$" if blank_ok else "")))
            if rule.kind in ("date", "partial_date", "datetime"):
                checks.append(pa.Check(real_day, error="real calendar date"))
        elif rule.kind == "bool":
            checks.append(pa.Check(lambda s: s.str.lower().isin(cells.BOOL_TRUE + cells.BOOL_FALSE), error="bool"))
        else:  # text: no formula, no markup
            checks.append(pa.Check(lambda s: ~s.str.match(cells.FORMULA_PATTERN), error="formula"))
            checks.append(pa.Check(lambda s: ~s.str.contains(cells.MARKUP_PATTERN, regex=True), error="markup"))
        if rule.max_length is not None:
            checks.append(pa.Check.str_length(max_value=rule.max_length))
        if name == "source_id":
            checks.append(pa.Check.isin(sorted(source_ids), error="foreign key"))
        columns[name] = pa.Column(str, checks=checks, nullable=False)

    def range_ordered(frame: pd.DataFrame) -> pd.Series:
        low, best, high = (pd.to_numeric(frame[c], errors="coerce") for c in ("value_low", "value_best", "value_high"))
        return ~((low > best) | (best > high) | (best.isna() & (low > high)))

    return pa.DataFrameSchema(
        columns,
        checks=[pa.Check(range_ordered, error="value_low <= value_best <= value_high")],
        unique=list(spec.key_columns),
        report_duplicates="exclude_first",
        strict=True,
        ordered=True,
    )


def step_pandera(path: str, expected_lines: list[int]) -> dict:
    import pandas as pd
    import pandera.errors

    schema = pandera_schema(known_source_ids())

    def work(file: str):
        # The pyarrow engine: the fastest way pandas reads every column as text (the C engine takes 3 s here).
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, engine="pyarrow")
        try:
            schema.validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as errors:
            return errors.failure_cases
        return pd.DataFrame({"index": []})

    work(SHIPPED)
    before = rss_mb()
    wall, cpu, failures = timed(lambda: work(path))
    rows = failures["index"].dropna().astype(int).unique()
    found = sorted(int(r) + 2 for r in rows)
    return {"wall_s": wall, "cpu_s": cpu, "found": len(set(found) & set(expected_lines)),
            "extra": len(set(found) - set(expected_lines)), "issues": len(failures), "rss_before_mb": before}


def frictionless_schema(source_ids: set[str]) -> dict:
    """The same rules as a Table Schema: types, required, enum, pattern, maxLength, minimum, primary key."""
    from schemas import cells
    from schemas.registry import get_spec
    from schemas.rules import column_rules

    spec = get_spec(DATASET)
    patterns = {"partial_date": cells.PARTIAL_DATE_PATTERN, "date": cells.DATE_PATTERN, "slug": cells.SLUG_PATTERN}
    fields = []
    for name, rule in column_rules(spec.model).items():
        field: dict = {"name": name, "type": "string", "constraints": {}}
        constraints = field["constraints"]
        if rule.required:
            constraints["required"] = True
        if rule.kind == "int":
            field["type"] = "integer"
            constraints["minimum"] = 0
        elif rule.kind == "bool":
            field.update(type="boolean", trueValues=["true", "yes", "1"], falseValues=["false", "no", "0"])
        elif rule.kind == "enum":
            constraints["enum"] = list(rule.allowed)
        elif rule.kind in patterns:
            constraints["pattern"] = patterns[rule.kind].strip("^$")
        else:  # text: neither a formula nor markup
            constraints["pattern"] = r"(?![=+\-@])(?![\s\S]*<\s*[A-Za-z/!?])[\s\S]*"
        if rule.max_length is not None:
            constraints["maxLength"] = rule.max_length
        if name == "source_id":
            constraints["enum"] = sorted(source_ids)
        fields.append(field)
    key = list(spec.key_columns)
    return {"fields": [fields_by for fields_by in sorted(fields, key=lambda f: spec.columns.index(f["name"]))],
            "primaryKey": key, "missingValues": [""]}


def step_frictionless(path: str, expected_lines: list[int]) -> dict:
    import frictionless
    from frictionless import Resource, Schema, checks

    schema = Schema.from_descriptor(frictionless_schema(known_source_ids()))

    def work(file: str):
        # frictionless refuses absolute paths unless they are given relative to a base path
        resource = Resource(path=Path(file).name, basepath=str(Path(file).parent), schema=schema)
        checklist = frictionless.Checklist(checks=[checks.row_constraint(
            formula="value_low == None or value_best == None or value_low <= value_best")])
        return resource.validate(checklist=checklist, limit_errors=10**9)

    work(SHIPPED)
    before = rss_mb()
    wall, cpu, report = timed(lambda: work(path))
    task = report.tasks[0]
    unreadable = [error.message for error in task.errors if getattr(error, "row_number", None) is None]
    assert not unreadable, f"frictionless could not validate the file: {unreadable[:3]}"
    rows = {error.row_number for error in task.errors if getattr(error, "row_number", None)}
    sliced = _data_rows(path)
    expected = {line for line in expected_lines if line <= sliced + 1}
    return {"wall_s": wall, "cpu_s": cpu, "rows": sliced, "found": len(rows & expected), "planted": len(expected),
            "extra": len(rows - expected), "issues": len(task.errors), "rss_before_mb": before}


# --- the run --------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.validate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="data rows of the generated file (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="fresh processes per step, taken in turns; the median time is shown (default 5)")
    parser.add_argument("--frictionless-rows", type=int, default=100_000,
                        help="rows given to frictionless, extrapolated to --rows (default 100,000; 0 = all)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    started = machine()  # the date and the machine's load when the run starts

    missing = missing_bench_packages("pandera", "frictionless")
    if missing:
        print(f"Missing benchmark-only packages: {', '.join(missing)}. Install them with:\n  {INSTALL_HINT}\n"
              "The project's validator and the plain reads are measured; the missing comparisons are skipped.",
              file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="bench-validate-") as folder:
        path = Path(folder) / f"{DATASET}.csv"
        print(f"Generating {args.rows:,} rows of {DATASET}.csv with {BAD_SHARE:.0%} bad rows ...", file=sys.stderr)
        expected = generate(path, args.rows).tolist()
        size_mb = path.stat().st_size / 1e6
        print(f"  {size_mb:,.0f} MB, {len(expected):,} bad rows of {len(BAD_KINDS)} kinds", file=sys.stderr)
        steps = {
            "pandas.read_csv (C engine, read only)": ("benchmarks.validate.step_pandas_read", str(path)),
            "pyarrow.csv.read_csv (read only)": ("benchmarks.validate.step_pyarrow_read", str(path)),
            "polars.read_csv, every column as text (read only)": ("benchmarks.validate.step_polars_read", str(path)),
            TEXT_READ: ("benchmarks.validate.step_pyarrow_text", str(path)),
            "project validator (schemas.validate)": ("benchmarks.validate.step_project", str(path), expected),
        }
        if "pandera" not in missing:
            steps["pandera (same rules, lazy)"] = ("benchmarks.validate.step_pandera", str(path), expected)
        results = interleaved(steps, args.repeat, lambda what: print(f"  measuring {what} ...", file=sys.stderr, flush=True))

        def run(label: str, target: str, *step_args, times: int = args.repeat) -> None:
            print(f"  measuring {label} ...", file=sys.stderr, flush=True)
            results[label] = repeat(f"benchmarks.validate.{target}", *step_args, times=times)

        frictionless_note = ""
        if "frictionless" not in missing:
            slice_rows = args.frictionless_rows if 0 < args.frictionless_rows < args.rows else args.rows
            target = path
            if slice_rows < args.rows:
                target = Path(folder) / f"{DATASET}-head.csv"
                head_slice(path, target, slice_rows)
                frictionless_note = f" (run on the first {slice_rows:,} rows, time x{args.rows / slice_rows:g})"
            run("frictionless validate" + frictionless_note, "step_frictionless", str(target), expected, times=1)
            measured = results["frictionless validate" + frictionless_note]
            measured["measured_s"] = measured["wall_s"]  # the slice's own time; wall_s becomes the extrapolation
            measured["wall_s"] = measured["wall_s"] * args.rows / slice_rows

    floor = min(results[label]["wall_s"] for label in PLAIN_READS)
    project = results["project validator (schemas.validate)"]
    rows_out = []
    for label, r in results.items():
        if "found" in r:
            planted = r.get("planted", len(expected))
            found = f"{r['found']:,} of {planted:,}" + (f" (+{r['extra']:,} other)" if r.get("extra") else "")
        else:
            found = "-"
        wall = seconds(r["wall_s"]) + (f" (measured {seconds(r['measured_s'])})" if "measured_s" in r else "")
        cpu = r["cpu_s"] * (r["wall_s"] / r["measured_s"] if "measured_s" in r else 1)
        rows_out.append([label, wall, seconds(cpu), f"{r['wall_s'] / floor:.2f}x", f"{r['wall_s'] / project['wall_s']:.2f}x",
                         megabytes(r["peak_rss_mb"]), found])
    out = table(["step", "wall (median)", "CPU", "vs fastest read", "vs project", "peak RSS", "bad rows found"], rows_out)

    ratios = [f"project/fastest read {project['wall_s'] / floor:.2f}x (target <= 2: {verdict(project['wall_s'] <= 2 * floor)})"]
    targets = {"within 2x of the fastest plain read": project["wall_s"] <= 2 * floor,
               f"peak RSS under {RSS_TARGET_MB} MB": project["peak_rss_mb"] < RSS_TARGET_MB,
               "every bad row reported": project["found"] == len(expected)}
    pandera = results.get("pandera (same rules, lazy)")
    if pandera:
        speed = pandera["wall_s"] / project["wall_s"]
        ratios.append(f"pandera/project {speed:.2f}x (target >= 4: {verdict(speed >= 4)})")
        targets["at least 4x faster than pandera"] = speed >= 4
    friction = next((r for label, r in results.items() if label.startswith("frictionless")), None)
    if friction:
        speed = friction["wall_s"] / project["wall_s"]
        ratios.append(f"frictionless/project {speed:.0f}x (target >= 80: {verdict(speed >= 80)})")
        targets["at least 80x faster than frictionless"] = speed >= 80
    ratios.append(f"project peak RSS {project['peak_rss_mb']:,.0f} MB (target < {RSS_TARGET_MB} MB: "
                  f"{verdict(project['peak_rss_mb'] < RSS_TARGET_MB)})")
    summary = "Summary: " + "; ".join(ratios)
    print(out)
    print(summary)

    if not args.no_write:
        info = started
        kinds = ", ".join(BAD_KINDS)
        codes = ", ".join(f"{code} {count:,}" for code, count in sorted(project["codes"].items()))
        body = "\n".join([
            "## Validation",
            "",
            f"Command: `python -m benchmarks.validate --rows {args.rows} --repeat {args.repeat}`. Machine: {machine_line(info)}.",
            "",
            f"File: {args.rows:,} rows of `{DATASET}.csv` ({size_mb:,.0f} MB, 16 columns, text cells sampled from the shipped "
            f"file), {len(expected):,} bad rows ({BAD_SHARE:.0%}) of {len(BAD_KINDS)} kinds: {kinds}. Each step runs in "
            f"a fresh process ({args.repeat} times, the steps taken in turns; median wall shown; peak RSS is the largest VmHWM, interpreter and "
            "imports included). The project's validator is called as the command line calls it (the file's path, "
            "memory-mapped; source ids given; no size limit; no rows kept); it must report every planted line, and only those "
            "(asserted). The floor is the fastest of the three plain reads; the read of every column as text is shown "
            "for context: it is the least a validator of these cells does before checking any. "
            f"Its issues by code: {codes}.",
            "",
            out,
            "",
            summary,
            "",
            "Targets: " + "; ".join(f"{name}: {verdict(ok)}" for name, ok in targets.items()) + ".",
        ])
        update_results("validate", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
