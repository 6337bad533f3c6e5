"""Page run times: every page of the app through Streamlit's AppTest, with the shipped data and with the largest
claim dataset scaled to 1,000,000 rows.

    python -m benchmarks.pages [--rows N] [--warm R] [--pages overview,wars,...] [--sizes shipped,scaled] [--no-write]

Each size gets its own throwaway SQLite store (DASHBOARD_DB_PATH in a temporary folder), built before timing:
the shipped datasets as version 1, and for the scaled size `casualties` (the claim dataset read by the most pages:
Overview's key figures, every Wars chart, Sources and Data) replicated to N valid rows and published as version 2.
Each page then runs in a fresh process: app start (app.py, landing on Overview: imports, store, every dataset
loaded), the page's first run (switch_page), then R warm reruns (median and slowest shown).
"""
from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._measure import (
    ROOT,
    StepFailed,
    isolated,
    machine,
    machine_line,
    megabytes,
    seconds,
    table,
    update_results,
    verdict,
)

APP = ROOT / "dashboard" / "app.py"
PAGES = ("overview", "wars", "blockade", "exodus", "sources", "data", "maintain")  # in the app's menu order


def page_folder() -> str:
    """The folder beside app.py that holds the page scripts (views/, formerly pages/)."""
    for name in ("views", "pages"):
        if (APP.parent / name / "overview.py").is_file():
            return name
    raise SystemExit(f"No page scripts found beside {APP} (looked in views/ and pages/)")


def available_pages() -> list[str]:
    """The known pages first, then any other page script in the folder."""
    found = {p.stem for p in (APP.parent / page_folder()).glob("*.py") if not p.stem.startswith("_")}
    return [p for p in PAGES if p in found] + sorted(found - set(PAGES))
SCALED_DATASET = "casualties"
WARM_TARGET_S = 0.150


# --- the stores -------------------------------------------------------------------------------------------------

def scaled_csv(rows: int) -> bytes:
    """The shipped casualties.csv repeated to `rows` valid rows; each copy's claimed_by says which copy it is, so
    every key (conflict, side, category, outcome, as_of, claimed_by, source_id) stays unique."""
    with open(ROOT / "datasets" / f"{SCALED_DATASET}.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, shipped = reader.fieldnames, list(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for index in range(rows):
        row = shipped[index % len(shipped)]
        copy = index // len(shipped)
        writer.writerow(row if copy == 0 else {**row, "claimed_by": f"{row['claimed_by']} (copy {copy})"})
    return out.getvalue().encode("utf-8")


def build_store(rows: int | None) -> dict:
    """Seed the store at DASHBOARD_DB_PATH; with `rows`, publish the scaled casualties as a new version."""
    from unittest import mock

    from schemas.validate import validate_csv
    from store import Store

    store = Store()
    store.seed_from_folder()
    info = {"versions": store.current_versions()}
    if rows:
        data = scaled_csv(rows)
        started = time.perf_counter()
        # The store checks uploads with the page's 20 MB limit; this file is larger, and the limit is not what is measured.
        with mock.patch.dict(validate_csv.__kwdefaults__, {"max_bytes": None}):
            meta = store.publish(SCALED_DATASET, data, author="benchmark", note=f"scaled to {rows:,} rows",
                                 base_version=store.current_version(SCALED_DATASET))
        info.update(rows=meta.row_count, version=meta.version, csv_mb=len(data) / 1e6, publish_s=time.perf_counter() - started)
    return info


# --- one page in a fresh process ----------------------------------------------------------------------------------

def step_page(page: str, warm_runs: int, profile: bool = False) -> dict:
    """App start, the page's first run and warm reruns in this (fresh) process. With `profile`, py-spy samples the
    warm reruns (AppTest runs the script on a thread of its own, which py-spy sees and pyinstrument would not)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=1800)
    if page == "maintain":
        app.session_state["maintainer"] = "benchmark"  # logged in: the upload and history tabs are drawn
        app.session_state["maintain-dataset"] = SCALED_DATASET

    def run() -> float:
        started = time.perf_counter()
        app.run()
        elapsed = time.perf_counter() - started
        if app.exception:
            raise RuntimeError(f"{page}: {[e.value for e in app.exception]}")
        return elapsed

    start = run()  # app.py lands on Overview
    if not app.get("plotly_chart"):
        raise RuntimeError("the app started but Overview drew no chart: is the app working?")
    first = start
    if page != "overview":
        app.switch_page(f"{page_folder()}/{page}.py")
        first = run()
    spy = _start_py_spy() if profile else None
    warm = [run() for _ in range(warm_runs)]
    hot = _stop_py_spy(spy) if spy else ""
    return {"start_s": start, "first_s": first, "warm_s": statistics.median(warm), "warm_max_s": max(warm),
            "warm_all": warm, "charts": len(app.get("plotly_chart")), "tables": len(app.dataframe), "profile": hot}


def _start_py_spy():
    import os
    import shutil
    import subprocess

    binary = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(binary).exists():
        raise SystemExit("py-spy is not installed: .venv/bin/pip install -r requirements-bench.txt")
    out = tempfile.NamedTemporaryFile(suffix=".txt", delete=False).name
    process = subprocess.Popen([binary, "record", "--pid", str(os.getpid()), "--rate", "250", "--format", "raw",
                                "--output", out, "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)  # py-spy attaches
    return process, out


def _stop_py_spy(spy) -> str:
    """Stop py-spy and summarise its folded stacks: the functions the script thread spent its samples in."""
    import signal
    from collections import Counter

    process, out = spy
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    inclusive, own, total = Counter(), Counter(), 0
    for line in Path(out).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not any("exec_func_with_error_handling" in f for f in frames):
            continue  # only the thread that runs the page script
        total += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    Path(out).unlink(missing_ok=True)
    if not total:
        return "py-spy recorded no sample of the script thread"
    lines = [f"{total} samples of the script thread; inclusive share of the busiest frames outside Streamlit's runner:"]
    skip = ("streamlit/runtime/scriptrunner", "threading.py", "exec_code.py", "<module>")
    for frame, count in inclusive.most_common(60):
        if not any(s in frame for s in skip) and len(lines) <= 18:
            lines.append(f"  {count / total:6.1%}  {frame}")
    lines.append("own time (self) of the busiest frames:")
    lines += [f"  {count / total:6.1%}  {frame}" for frame, count in own.most_common(8)]
    return "\n".join(lines)


# --- the run --------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help=f"rows of {SCALED_DATASET} in the scaled store (default 1,000,000)")
    parser.add_argument("--warm", type=int, default=10, help="warm reruns per page (default 10)")
    parser.add_argument("--pages", default=",".join(available_pages()), help="comma-separated pages (default: all)")
    parser.add_argument("--sizes", default="shipped,scaled", help="shipped, scaled or both (default)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one page may take in all (default 1800)")
    parser.add_argument("--profile", action="store_true", help="sample the warm reruns with py-spy and print where they go")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    unknown = sorted(set(pages) - set(available_pages()))
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; pages: {', '.join(available_pages())}")
    sizes = [s for s in args.sizes.split(",") if s]
    started = machine()  # the date and the machine's load when the run starts

    results: list[list[str]] = []
    misses: list[str] = []
    notes: list[str] = []
    worst: dict[str, float] = {}
    for size in sizes:
        rows = args.rows if size == "scaled" else None
        label = f"{SCALED_DATASET} x{args.rows:,}" if rows else "shipped"
        with tempfile.TemporaryDirectory(prefix=f"bench-pages-{size}-") as folder:
            env = {"DASHBOARD_DB_PATH": str(Path(folder) / "store.sqlite3")}
            print(f"Building the {label} store ...", file=sys.stderr, flush=True)
            info = isolated("benchmarks.pages.build_store", rows, env=env, timeout=args.timeout)
            if rows:
                notes.append(f"scaled store: {SCALED_DATASET} version {info['version']} with {info['rows']:,} rows "
                             f"({info['csv_mb']:,.0f} MB of CSV, published in {info['publish_s']:.1f} s)")
            for page in pages:
                print(f"  {label}: {page} ...", file=sys.stderr, flush=True)
                try:
                    r = isolated("benchmarks.pages.step_page", page, args.warm, args.profile, env=env, timeout=args.timeout)
                except StepFailed as error:
                    reason = str(error).strip().splitlines()[-1][:160]
                    results.append([page, label, "failed", "", "", "", "", reason])
                    misses.append(f"{page} ({label}): failed")
                    continue
                if r.get("profile"):
                    print(f"\nprofile of {page} ({label}), warm reruns:\n{r['profile']}\n", file=sys.stderr)
                ok = r["warm_s"] < WARM_TARGET_S
                worst[label] = max(worst.get(label, 0.0), r["warm_s"])
                if not ok:
                    misses.append(f"{page} ({label}) {seconds(r['warm_s'])}")
                results.append([page, label, seconds(r["start_s"]), seconds(r["first_s"]) if page != "overview" else "(= start)",
                                seconds(r["warm_s"]), seconds(r["warm_max_s"]), megabytes(r["peak_rss_mb"]),
                                f"{r['charts']} charts, {r['tables']} tables"])
    out = table(["page", "data", "app start (Overview, cold)", "page first run", f"warm median ({args.warm} reruns)",
                 "warm slowest", "peak RSS", "drawn"], results)
    ratios = "; ".join(f"{label}: slowest warm median {seconds(value)} = {value / WARM_TARGET_S:.2f}x the 150 ms target"
                       for label, value in worst.items())
    summary = f"Summary: {ratios}; {'every page met it' if not misses else 'missed by ' + ', '.join(misses)}"
    print(out)
    print(summary)

    if not args.no_write:
        body = "\n".join([
            "## Pages",
            "",
            f"Command: `python -m benchmarks.pages --rows {args.rows} --warm {args.warm}`. Machine: {machine_line(started)}.",
            "",
            "Each page runs in a fresh process through `streamlit.testing.v1.AppTest` against its own throwaway SQLite "
            "store: app start = the first `run()` of `dashboard/app.py` (lands on Overview: imports, opening the store, "
            "reading every dataset); page first run = `switch_page` + `run()`; warm = further `run()`s with nothing "
            f"changed. The Maintain page is measured logged in, with `{SCALED_DATASET}` selected. "
            + ("; ".join(notes) + "." if notes else ""),
            "",
            out,
            "",
            summary,
            "",
            f"Target: every warm rerun under 150 ms at both sizes: {verdict(not misses)}.",
        ])
        update_results("pages", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
