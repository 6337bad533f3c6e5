"""Export times: each format cold (first call in a fresh process, Chromium start included for images) and warm,
and a 10-chart PDF report pack from a fresh process (renderer start included).

    python -m benchmarks.export [--chart ID] [--warm R] [--report-charts N] [--no-write]

Charts are built from the shipped datasets (dashboard.figures.bundle.claims_from_folder) before the clock starts; by
default the chart with the most claims is exported (the heaviest to draw). Results go to docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from benchmarks._measure import StepFailed, isolated, machine, machine_line, megabytes, seconds, table, update_results, verdict

FORMATS = ("png", "svg", "pdf", "html", "csv", "zip")
WARM_PNG_TARGET_S = 0.5
REPORT_TARGET_S = 10.0


def _charts():
    from dashboard.figures.bundle import claims_from_folder
    from dashboard.figures.catalog import CATALOG, build_chart

    claims = claims_from_folder()
    return {chart_id: build_chart(chart_id, claims) for chart_id in CATALOG}


def heaviest_chart() -> dict:
    charts = _charts()
    chart_id = max(charts, key=lambda c: len(charts[c].rows))
    return {"chart_id": chart_id, "rows": len(charts[chart_id].rows), "ids": list(charts)}


def _browser_rss_mb() -> float:
    """Proportional set size (shared pages split between the processes that share them) of this process's
    descendants, i.e. the Chromium tree, from /proc/PID/smaps_rollup."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            with open(f"/proc/{entry}/smaps_rollup") as rollup:
                pss_kb = next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            rss[int(entry)] = pss_kb * 1024
        except (OSError, IndexError, ValueError, StopIteration):
            continue
    mine, frontier = set(), {os.getpid()}
    while frontier:
        children = {pid for pid, parent in parents.items() if parent in frontier} - mine
        mine |= children
        frontier = children
    return sum(rss.get(pid, 0) for pid in mine) / 1e6


def step_format(chart_id: str, fmt: str, warm_runs: int) -> dict:
    from dashboard.export import export_bytes, shutdown_renderer

    chart = _charts()[chart_id]
    started = time.perf_counter()
    first = export_bytes(chart, fmt)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(warm_runs):
        started = time.perf_counter()
        export_bytes(chart, fmt)
        warm.append(time.perf_counter() - started)
    browser = _browser_rss_mb()
    shutdown_renderer()
    return {"cold_s": cold, "warm_s": statistics.median(warm) if warm else None, "warm_max_s": max(warm) if warm else None,
            "bytes": len(first), "browser_rss_mb": browser}


def step_report(chart_ids: list[str]) -> dict:
    from dashboard.export import report_pdf, shutdown_renderer

    started = time.perf_counter()
    charts = _charts()
    build = time.perf_counter() - started
    chosen = [charts[c] for c in chart_ids]
    started = time.perf_counter()
    pdf = report_pdf(chosen)
    total = time.perf_counter() - started
    browser = _browser_rss_mb()
    shutdown_renderer()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    return {"report_s": total, "build_s": build, "bytes": len(pdf), "pages": pages, "browser_rss_mb": browser}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chart", help="chart id to export (default: the chart with the most claims)")
    parser.add_argument("--warm", type=int, default=5, help="warm calls per format after the cold one (default 5)")
    parser.add_argument("--report-charts", type=int, default=10, help="charts in the report pack (default 10)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    started = machine()  # the date and the machine's load when the run starts

    from dashboard.export import ChromiumMissing, find_chromium

    try:
        chromium = find_chromium()
    except ChromiumMissing as error:
        chromium = None
        print(f"{error}\nImage formats and the report pack are skipped.", file=sys.stderr)

    info = isolated("benchmarks.export.heaviest_chart")
    chart_id = args.chart or info["chart_id"]
    if chart_id not in info["ids"]:
        parser.error(f"unknown chart {chart_id!r}; charts: {', '.join(info['ids'])}")
    rows_out, results = [], {}
    for fmt in FORMATS:
        if fmt in ("png", "svg", "pdf") and chromium is None:
            rows_out.append([fmt, "skipped (no Chromium)", "", "", "", "", ""])
            continue
        print(f"  {chart_id} as {fmt} ...", file=sys.stderr, flush=True)
        try:
            r = isolated("benchmarks.export.step_format", chart_id, fmt, args.warm)
        except StepFailed as error:
            rows_out.append([fmt, "failed: " + str(error).strip().splitlines()[-1][:120], "", "", "", "", ""])
            continue
        results[fmt] = r
        rows_out.append([fmt, seconds(r["cold_s"]), seconds(r["warm_s"]), seconds(r["warm_max_s"]), f"{r['bytes'] / 1e3:,.0f} kB",
                         megabytes(r["peak_rss_mb"]), megabytes(r["browser_rss_mb"]) if r["browser_rss_mb"] else "-"])
    report = None
    report_ids = info["ids"][: args.report_charts]
    if chromium is not None:
        print(f"  report pack of {len(report_ids)} charts ...", file=sys.stderr, flush=True)
        try:
            report = isolated("benchmarks.export.step_report", report_ids)
            rows_out.append([f"report pack ({len(report_ids)} charts, {report['pages']} pages)", seconds(report["report_s"]), "-", "-",
                             f"{report['bytes'] / 1e3:,.0f} kB", megabytes(report["peak_rss_mb"]), megabytes(report["browser_rss_mb"])])
        except StepFailed as error:
            rows_out.append([f"report pack ({len(report_ids)} charts)", "failed: " + str(error).strip().splitlines()[-1][:120],
                             "", "", "", "", ""])
    out = table(["format", "cold (fresh process)", f"warm median ({args.warm})", "warm slowest", "size", "peak RSS (Python)",
                 "Chromium PSS"], rows_out)
    targets = {}
    parts = []
    if "png" in results:
        ratio = results["png"]["warm_s"] / WARM_PNG_TARGET_S
        parts.append(f"warm PNG {seconds(results['png']['warm_s'])} = {ratio:.2f}x the 0.5 s target")
        targets["warm PNG under 0.5 s"] = results["png"]["warm_s"] < WARM_PNG_TARGET_S
    if report:
        ratio = report["report_s"] / REPORT_TARGET_S
        parts.append(f"report pack {seconds(report['report_s'])} = {ratio:.2f}x the 10 s target")
        targets["report pack under 10 s"] = report["report_s"] < REPORT_TARGET_S
    if "png" in results:
        parts.append(f"cold/warm PNG {results['png']['cold_s'] / results['png']['warm_s']:.1f}x")
    summary = "Summary: " + ("; ".join(parts) if parts else "no image export measured (no Chromium)")
    print(out)
    print(summary)

    if not args.no_write:
        body = "\n".join([
            "## Export",
            "",
            f"Command: `python -m benchmarks.export --warm {args.warm} --report-charts {args.report_charts}`. Machine: "
            f"{machine_line(started)}. Chromium: {chromium or 'not installed'}.",
            "",
            f"Chart: `{chart_id}` ({info['rows'] if chart_id == info['chart_id'] else '?'} claims; the chart with the most "
            "claims, built from the shipped datasets before the clock starts). Each format runs in a fresh process: cold "
            "= its first `export_bytes` call (for PNG/SVG/PDF this includes starting Chromium), warm = the calls after it. "
            f"The report pack is `report_pdf` over the first {len(report_ids)} charts of the catalogue "
            f"({', '.join(report_ids)}) in a fresh process, renderer start included. Peak RSS is the Python process; "
            "Chromium's processes are summed separately at the end (PSS: shared pages split between them).",
            "",
            out,
            "",
            summary,
            "",
            "Targets: " + ("; ".join(f"{name}: {verdict(ok)}" for name, ok in targets.items()) or "not measured") + ".",
        ])
        update_results("export", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
