"""The data behind a chart: a CSV safe to open in Excel, and a ZIP with that CSV, metadata.json, a README and the chart image."""
from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from dataclasses import asdict
from datetime import UTC, datetime

import pandas as pd

from dashboard.export.errors import ChromiumMissing, RenderError
from dashboard.export.provenance import DASHBOARD_NAME, citation, dispute_line, version_line
from dashboard.export.render import to_image
from dashboard.figures.charts.base import Chart
from schemas.cells import FORMULA_TRIGGERS, neutralise

LOG = logging.getLogger(__name__)
IMAGE_NOTES = {
    "svg": "the chart as a vector image (any size, text stays text), with its title, Source line,\n"
           "      dispute line, data version and web address drawn in, and held in its <title>, <desc> and <metadata>.",
    "png": "the same chart as a picture for slides (2560 pixels wide), the same lines drawn in, and held\n"
           "      in its Title, Description and Source text fields.",
}

# (SourceRef attribute, the rows' own column for it, export column): the original is named first; source_url is
# the page the figure was read on.
SOURCE_COLUMNS = [("cited_publisher", "publisher", "source_publisher"), ("cited_title", "title", "source_title"),
                  ("original_url", "original_url", "source_original_url"), ("url", "url", "source_url")]


def rows_for_export(chart: Chart) -> pd.DataFrame:
    """The chart's rows with source_publisher/source_title/source_url joined on source_id where missing, cells neutralised."""
    rows = chart.rows.copy()
    by_id = {s.source_id: s for s in chart.sources}
    for field, own, column in SOURCE_COLUMNS:
        if own in rows.columns or column in rows.columns:
            continue
        if "source_id" in rows.columns:
            rows[column] = rows["source_id"].map(lambda sid, field=field: getattr(by_id.get(sid), field, None))
        elif len(chart.sources) == 1:  # no key to join on, but only one source to cite
            rows[column] = getattr(chart.sources[0], field)
    return neutralise_frame(rows)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names a spreadsheet will show, never run."""
    frame = frame.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise, na_action="ignore")
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    return frame


def to_csv(chart: Chart, *, exported_at: datetime | None = None) -> bytes:
    """The rows behind a chart as CSV bytes, for Excel and for scripts.

    Layout: UTF-8 with a BOM (so Excel shows Xocalı and Şuşa correctly), then ONE first line
    ``# Citation: ...`` (the chart, dashboard, data versions, export date and Source line), then a
    header row and the rows. Read it with ``pandas.read_csv(path, comment="#")`` or ``skiprows=1``.
    Text cells are always quoted, so a '#' inside a cell (a URL fragment, "#3") survives
    ``comment="#"``; numbers are written bare and stay numbers. A text cell starting with
    = + - @ tab or carriage return gets a leading ' so a spreadsheet shows it instead of running it.
    """
    exported_at = exported_at or datetime.now(UTC)
    return csv_with_citation(rows_for_export(chart), citation(chart, exported_at))


def csv_with_citation(frame: pd.DataFrame, citation_text: str) -> bytes:
    """The CSV layout of every data export: BOM, one '# Citation:' line, header, quoted text cells."""
    buffer = io.StringIO()
    # A spreadsheet splits this line at its commas: defuse every piece that would start a formula.
    pieces = ("# Citation: " + " ".join(citation_text.split())).split(",")
    buffer.write(",".join(neutralise(p.lstrip()) if p.lstrip().startswith(FORMULA_TRIGGERS) else p for p in pieces) + "\r\n")
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def export_metadata(chart: Chart, *, exported_at: datetime | None = None) -> dict:
    """What metadata.json holds: what the chart is, which data versions, which sources, what is disputed."""
    exported_at = exported_at or datetime.now(UTC)
    return {
        "chart_id": chart.chart_id,
        "title": chart.title,
        "dashboard": DASHBOARD_NAME,
        "citation": citation(chart, exported_at),
        "source_line": chart.source_line,
        "datasets": [asdict(v) for v in chart.versions],
        "sources": [asdict(s) for s in chart.sources],
        "dispute_note": chart.dispute_note,
        "filters": dict(chart.filters),
        "permalink": chart.permalink,  # the dashboard's address of this view
        "row_count": int(len(chart.rows)),
        "exported_at": exported_at.isoformat(timespec="seconds"),
    }


def readme_text(chart: Chart, *, exported_at: datetime | None = None, images: dict[str, str] | None = None) -> str:
    """README.txt: what the files are and how to cite them, in plain words. `images`: file name -> '' for each chart
    image in the folder, or -> why it could not be drawn."""
    exported_at = exported_at or datetime.now(UTC)
    csv_name = f"{chart.chart_id}.csv"
    lines = [
        f"{chart.title}",
        "=" * min(len(chart.title), 72),
        "",
        f"This folder holds the data behind the chart \u201c{chart.title}\u201d from the {DASHBOARD_NAME},",
        f"exported on {exported_at:%Y-%m-%d}.",
        "",
        "Please cite it as:",
        f"  {citation(chart, exported_at)}",
        "",
        "Files:",
        f"  {csv_name}  one row per claim: a number as one source states it, with that source's",
        "      publisher, title and web address. The first line is the citation; spreadsheet programs",
        "      show it above the column names. Text starting with = + - or @ begins with ' so that",
        "      a spreadsheet shows it rather than running it as a formula.",
        "  metadata.json  the same facts for programs: data versions, sources, filters, dispute note.",
    ]
    missing = {}
    for name, problem in (images or {}).items():
        if problem:
            missing[name] = problem
        else:
            lines.append(f"  {name}  {IMAGE_NOTES.get(name.rsplit('.', 1)[-1], 'the chart image.')}")
    if missing:
        lines.append(f"  No chart image: {', '.join(missing)} could not be drawn ({next(iter(missing.values()))}).")
        lines.append("      The dashboard's PNG and SVG downloads draw it where Chromium is installed.")
    lines += ["", version_line(chart.versions) + "."]
    applied = {k: v for k, v in chart.filters.items() if str(v).strip()}
    lines.append("Filters applied: " + "; ".join(f"{k} = {v}" for k, v in applied.items()) + "." if applied
                 else "No filters: every claim of the chart is included.")
    if chart.dispute_note:
        lines += ["", "Sources disagree on this figure. " + dispute_line(chart.dispute_note)]
    lines += ["", "Sources:"]
    for s in chart.sources:
        dates = "; ".join(p for p in (f"grade: {s.grade}" if s.grade else "", f"published {s.published}" if s.published else "",
                                      f"accessed {s.accessed}" if s.accessed else "") if p)
        lines.append(f"  - {s.citation}" + (f" ({dates})" if dates else ""))
        lines += [f"    {what}: {url or 'no web address recorded'}" for what, url in s.links]
    if not chart.sources:
        lines.append("  none recorded")
    return "\n".join(lines) + "\n"


def to_zip(chart: Chart, *, exported_at: datetime | None = None, images: tuple[str, ...] = ()) -> bytes:
    """A ZIP with <chart_id>.csv, metadata.json, README.txt and the chart drawn in each of `images` ("svg", "png";
    export_bytes asks for both). Images need Chromium: without it, or if it fails, the ZIP is still written
    and its README says which image is missing and why."""
    exported_at = exported_at or datetime.now(UTC)
    drawn, problems = {}, {}
    for fmt in images:
        name = f"{chart.chart_id}.{fmt}"
        if problems:  # one failure is enough: a missing or broken browser will not draw the next format either
            problems[name] = next(iter(problems.values()))
            continue
        try:
            drawn[name] = to_image(chart, fmt)
        except (ChromiumMissing, RenderError) as error:
            LOG.warning("ZIP of %s without its chart image: %s", chart.chart_id, error)
            problems[name] = str(error).split(". ")[0].rstrip(".")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{chart.chart_id}.csv", to_csv(chart, exported_at=exported_at))
        metadata = export_metadata(chart, exported_at=exported_at) | {"images": sorted(drawn)}
        archive.writestr("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8"))
        readme = readme_text(chart, exported_at=exported_at, images={name: "" for name in drawn} | problems)
        archive.writestr("README.txt", readme.replace("\n", "\r\n").encode("utf-8-sig"))
        for name, data in drawn.items():
            archive.writestr(name, data)
    return buffer.getvalue()
