"""python -m dashboard.export: charts to files from the command line, with the current published data.

    python -m dashboard.export --list
    python -m dashboard.export wars-khojaly --format png --out exports/
    python -m dashboard.export all --format zip --out exports/
    python -m dashboard.export --report [CHART_ID ...] --out report.pdf

Written files are printed on stdout, progress on stderr. Exit 1: unknown chart id, no Chromium, a
failed render. Exit 2: wrong usage.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from dashboard.export import FORMATS, NEEDS_CHROMIUM, ChromiumMissing, RenderError, export_bytes, file_name, report_pdf
from dashboard.export.report import DEFAULT_TITLE
from dashboard.logs import configure_logging


class CliError(Exception):
    """A problem to report in one sentence and exit 1."""


def _catalog():
    # Lazy: the catalogue pulls in every chart builder and the store; --help needs neither.
    from dashboard.figures.catalog import CATALOG, build_chart

    return CATALOG, build_chart


def _load_claims():
    from dashboard.figures.bundle import load_claims

    return load_claims()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Export dashboard charts as PNG, SVG, PDF, interactive HTML, CSV or ZIP, or several as one PDF report.",
        epilog="PNG, SVG, PDF and --report need Chromium (apt-get install -y chromium, or BROWSER_PATH). HTML, CSV and ZIP do not.",
    )
    parser.add_argument("chart", nargs="?", metavar="CHART_ID|all", help="the chart to export, or 'all'")
    parser.add_argument("--list", action="store_true", help="list chart ids with their titles and exit")
    parser.add_argument("--format", choices=FORMATS, default="png", help="file format (default: png)")
    parser.add_argument("--hxl", action="store_true", help="CSV: add a row of HXL hashtags under the header (for HDX, libhxl)")
    parser.add_argument("--out", type=Path, help="output directory; with --report, the PDF file to write")
    parser.add_argument("--report", nargs="*", metavar="CHART_ID", help="write one PDF report with these charts (all if none given)")
    parser.add_argument("--title", default=DEFAULT_TITLE, help="title of the --report cover page")
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_logging("WARNING")  # a command line's output is its answer: only warnings and errors are logged
    parser = _parser()
    args = parser.parse_args(argv)
    modes = sum([args.list, args.chart is not None, args.report is not None])
    if modes == 0:
        parser.error("give a CHART_ID (or 'all'), --report or --list")
    if modes > 1:
        parser.error("use one of CHART_ID|all, --report [CHART_ID ...] or --list; put chart ids for a report after --report")
    if not args.list and args.out is None:
        parser.error("--out is required: a directory for chart files, a .pdf file for --report")
    if args.report is not None and args.out.is_dir():
        parser.error(f"--out {args.out} is a directory; with --report give the PDF file to write, e.g. {args.out / 'report.pdf'}")

    try:
        catalog, build_chart = _catalog()
        if args.list:
            return _list(catalog)
        if args.report is not None:
            ids = _resolve(args.report or ["all"], catalog)
            return _report(ids, build_chart, args.out, args.title)
        ids = _resolve([args.chart], catalog)
        return _export(ids, build_chart, args.format, args.out, args.hxl)
    except (CliError, ChromiumMissing, RenderError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _list(catalog) -> int:
    width = max((len(chart_id) for chart_id in catalog), default=0)
    for chart_id, entry in catalog.items():
        page = getattr(entry, "page", "")
        print(f"{chart_id:<{width}}  {entry.title}" + (f"  [{page}]" if page else ""))
    return 0


def _resolve(requested: list[str], catalog) -> list[str]:
    if requested == ["all"]:
        return list(catalog)
    unknown = [chart_id for chart_id in requested if chart_id not in catalog]
    if unknown:
        messages = []
        for chart_id in unknown:
            close = difflib.get_close_matches(chart_id, list(catalog), n=3, cutoff=0.5)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            messages.append(f"unknown chart id {chart_id!r}.{hint}")
        raise CliError(" ".join(messages) + " Run with --list to see every chart id.")
    return list(dict.fromkeys(requested))


def _build(ids: list[str], build_chart) -> list:
    claims = _load_claims()
    return [build_chart(chart_id, claims) for chart_id in ids]


def _export(ids: list[str], build_chart, fmt: str, out: Path, hxl: bool = False) -> int:
    out.mkdir(parents=True, exist_ok=True)
    verb = "rendering" if fmt in NEEDS_CHROMIUM else "writing"
    charts = _build(ids, build_chart)
    for i, chart in enumerate(charts, start=1):
        name = file_name(chart, fmt)
        _progress(f"[{i}/{len(charts)}] {verb} {name}")
        path = out / name
        path.write_bytes(export_bytes(chart, fmt, hxl=hxl))
        print(path)
    return 0


def _report(ids: list[str], build_chart, out: Path, title: str) -> int:
    charts = _build(ids, build_chart)
    pdf = report_pdf(charts, title=title, progress=lambda i, n, chart_id: _progress(f"[{i}/{n}] rendering {chart_id}"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    _progress(f"wrote {out} ({len(charts)} charts, {len(pdf) // 1024} KB)")
    print(out)
    return 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
