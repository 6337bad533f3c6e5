"""python -m dashboard.export: charts to files from the command line, with the current published data.

    python -m dashboard.export --list
    python -m dashboard.export wars-khojaly --format png --out exports/
    python -m dashboard.export all --format zip --out exports/
    python -m dashboard.export --report [CHART_ID ...] --out report.pdf
    python -m dashboard.export wars-khojaly --format pdf --out exports/ --lang hy

Written files are printed on stdout, progress on stderr. The exports' words (and the messages) are in the language
of --lang, else of DASHBOARD_LANG or the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English. Exit 1: unknown
chart id, no Chromium, a failed render. Exit 2: wrong usage.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

import i18n
from dashboard.export import FORMATS, NEEDS_CHROMIUM, ChromiumMissing, RenderError, export_bytes, file_name, report_pdf
from dashboard.logs import configure_logging
from i18n import _, ngettext, number


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
    """The options, described in the active language (the flags, format names and language codes as they are)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description=_("Export dashboard charts as PNG, SVG, PDF, interactive HTML, CSV or ZIP, or several as one PDF report."),
        # Translators: BROWSER_PATH is an environment variable and --report an option (not translated).
        epilog=_("PNG, SVG, PDF and --report need Chromium (apt-get install -y chromium, or BROWSER_PATH). HTML, CSV and ZIP do not."),
    )
    # Translators: help of a command-line argument; 'all' is typed as it is (not translated).
    parser.add_argument("chart", nargs="?", metavar="CHART_ID|all", help=_("the chart to export, or 'all'"))
    parser.add_argument("--list", action="store_true", help=_("list chart ids with their titles and exit"))
    parser.add_argument("--format", choices=FORMATS, default="png", help=_("file format (default: png)"))
    parser.add_argument("--hxl", action="store_true", help=_("CSV: add a row of HXL hashtags under the header (for HDX, libhxl)"))
    parser.add_argument("--out", type=Path, help=_("output directory; with --report, the PDF file to write"))
    parser.add_argument("--report", nargs="*", metavar="CHART_ID", help=_("write one PDF report with these charts (all if none given)"))
    parser.add_argument("--title", help=_("title of the --report cover page"))  # none: DEFAULT_TITLE, translated
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=i18n.language(), metavar="CODE",
                        # Translators: {codes} lists the language codes (en, hy, az, ru); the codes and DASHBOARD_LANG
                        # are not translated.
                        help=_("language of the exported words: {codes} (default: DASHBOARD_LANG or the locale, else en)").format(
                            codes=", ".join(i18n.LANGUAGES)))
    return parser


def _language(argv: list[str]) -> str:
    """The language asked for with --lang (read before the options are described, so --help is in it too), else the
    environment's; an unknown code is left for the full parser to refuse."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    asked = early.parse_known_args(argv)[0].lang
    return i18n.supported(asked) or i18n.from_environment()


def main(argv: list[str] | None = None) -> int:
    configure_logging("WARNING")  # a command line's output is its answer: only warnings and errors are logged
    argv = sys.argv[1:] if argv is None else list(argv)
    with i18n.using(_language(argv)):  # every word written from here on, files and messages, is in this language
        return _main(argv)


def _main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    modes = sum([args.list, args.chart is not None, args.report is not None])
    if modes == 0:
        parser.error(_("give a CHART_ID (or 'all'), --report or --list"))
    if modes > 1:
        parser.error(_("use one of CHART_ID|all, --report [CHART_ID ...] or --list; put chart ids for a report after --report"))
    if not args.list and args.out is None:
        parser.error(_("--out is required: a directory for chart files, a .pdf file for --report"))
    if args.report is not None and args.out.is_dir():
        # Translators: {out} is the directory given, {example} a file name in it.
        parser.error(_("--out {out} is a directory; with --report give the PDF file to write, e.g. {example}").format(
            out=args.out, example=args.out / "report.pdf"))

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
        # Translators: {message} says what went wrong (a sentence of its own).
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Translators: printed when the user stops the command (Ctrl+C).
        print(_("interrupted"), file=sys.stderr)
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
            if close:
                # Translators: {chart_id} is the id given (in quotes), {ids} the known ids most like it.
                messages.append(_("unknown chart id {chart_id}. Did you mean: {ids}?").format(chart_id=repr(chart_id),
                                                                                         ids=", ".join(close)))
            else:
                # Translators: {chart_id} is the id given (in quotes).
                messages.append(_("unknown chart id {chart_id}.").format(chart_id=repr(chart_id)))
        # Translators: --list is an option (not translated).
        raise CliError(" ".join([*messages, _("Run with --list to see every chart id.")]))
    return list(dict.fromkeys(requested))


def _build(ids: list[str], build_chart) -> list:
    claims = _load_claims()
    return [build_chart(chart_id, claims) for chart_id in ids]


def _export(ids: list[str], build_chart, fmt: str, out: Path, hxl: bool = False) -> int:
    out.mkdir(parents=True, exist_ok=True)
    charts = _build(ids, build_chart)
    for i, chart in enumerate(charts, start=1):
        name = file_name(chart, fmt)
        count = {"i": number(i), "n": number(len(charts)), "name": name}
        if fmt in NEEDS_CHROMIUM:
            # Translators: progress of the command: chart {i} of {n}; {name} is the file or chart being drawn.
            _progress(_("[{i}/{n}] rendering {name}").format(**count))
        else:
            # Translators: progress of the command: chart {i} of {n}; {name} is the file being written.
            _progress(_("[{i}/{n}] writing {name}").format(**count))
        path = out / name
        path.write_bytes(export_bytes(chart, fmt, hxl=hxl))
        print(path)
    return 0


def _report(ids: list[str], build_chart, out: Path, title: str | None) -> int:
    charts = _build(ids, build_chart)
    pdf = report_pdf(charts, title=title, progress=lambda i, n, chart_id: _progress(
        _("[{i}/{n}] rendering {name}").format(i=number(i), n=number(n), name=chart_id)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    # Translators: the last line of the command: the file written, how many charts it holds and its size in kilobytes.
    _progress(ngettext("wrote {path} ({n} chart, {size} KB)", "wrote {path} ({n} charts, {size} KB)", len(charts)).format(
        path=out, n=number(len(charts)), size=number(len(pdf) // 1024)))
    print(out)
    return 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
