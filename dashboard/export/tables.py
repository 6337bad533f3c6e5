"""The data behind a chart or a dataset as CSV that every reader takes with its defaults (safe to open in Excel),
the README and the metadata that a chart's ZIP (dashboard/export/packages.py) holds beside it."""
from __future__ import annotations

import io
import logging
from dataclasses import asdict
from datetime import UTC, datetime

import pandas as pd

from dashboard.export.provenance import DASHBOARD_NAME, citation, dispute_line, source_dates, version_line
from dashboard.figures.charts.base import Chart, SourceRef
from i18n import N_, _
from schemas.cells import neutralise
from schemas.hxl import SOURCES_SHEET, hashtag_row
from schemas.registry import CITATION, DOWNLOAD_COLUMNS, SOURCES
from schemas.workbook import cell_text

LOG = logging.getLogger(__name__)
# Translators (README of a chart's ZIP): keep the line break and the six spaces that indent the next line; the
# <title>, <desc>, <metadata>, Title, Description and Source are the files' own field names (not translated).
IMAGE_NOTES = {
    "svg": N_("the chart as a vector image (any size, text stays text), with its title, Source line,\n"
              "      dispute line, data version and web address drawn in, and held in its <title>, <desc> and <metadata>."),
    "png": N_("the same chart as a picture for slides (2560 pixels wide), the same lines drawn in, and held\n"
              "      in its Title, Description and Source text fields."),
}

# The columns Bundle.with_sources gives a chart's rows: the page each figure was read on, not always the original.
COPY_COLUMNS = ("publisher", "title", "url", "published", "source_grade")


def rows_for_export(chart: Chart) -> pd.DataFrame:
    """The chart's rows with each row's source named as its citation names it (the source_* columns, the original's
    publisher first), in place of the read-at copy's columns; cells neutralised."""
    rows = chart.rows.copy()
    if "source_id" in rows.columns:
        rows = rows.drop(columns=[c for c in COPY_COLUMNS if c in rows.columns])
        rows = rows.merge(source_columns(chart.sources), on="source_id", how="left")
    elif len(chart.sources) == 1:  # no key to join on, but only one source to cite
        for column, value in source_columns(chart.sources).iloc[0].items():
            if column != "source_id" and column not in rows.columns:
                rows[column] = value
    return neutralise_frame(rows)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names a spreadsheet will show, never run."""
    frame = frame.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise, na_action="ignore")
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    return frame


def to_csv(chart: Chart, *, exported_at: datetime | None = None, hxl: bool = False) -> bytes:
    """The rows behind a chart as CSV bytes, for Excel and for scripts: see export_csv."""
    exported_at = exported_at or datetime.now(UTC)
    return export_csv(rows_for_export(chart), citation(chart, exported_at), hxl=hxl, dataset=drawn_from(chart))


def drawn_from(chart: Chart) -> str | None:
    """The one dataset a chart's rows come from (its HXL hashtags are that dataset's), or None for several."""
    datasets = {v.dataset for v in chart.versions} - {SOURCES, "disputes"}
    return datasets.pop() if len(datasets) == 1 else None


def export_csv(frame: pd.DataFrame, citation_text: str, *, hxl: bool = False, dataset: str | None = None) -> bytes:
    """The layout of every CSV export: one header row and the data, nothing else, so pandas, the csv module,
    frictionless, libhxl and spreadsheets all read it with their defaults.

    - UTF-8 with a byte-order mark, so Excel shows Xocalı and Şuşa (every other reader skips the mark);
    - the citation of the export in a last `citation` column on every row, so a lone file still says where it is
      from (the ZIP's README and datapackage.json say it too);
    - cells as the datasets write them: flags true/false, whole numbers without '.0', dates YYYY-MM-DD;
    - a text cell starting with = + - @ tab or carriage return gets a leading ' so a spreadsheet shows it
      instead of running it;
    - with `hxl`, a row of HXL hashtags under the header (schemas/hxl.py, `dataset`'s tags), for HDX and libhxl.
    """
    out = as_written(frame)
    if CITATION in out.columns:
        out = out.drop(columns=CITATION)
    out[CITATION] = neutralise(" ".join(citation_text.split()))
    if hxl:
        out = pd.concat([pd.DataFrame([hashtag_row(list(out.columns), dataset)], columns=out.columns), out], ignore_index=True)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def dataset_csv(rows: pd.DataFrame, sources: pd.DataFrame, citation_text: str, *, dataset: str, hxl: bool = False) -> bytes:
    """A dataset version as the Data page downloads it: its own columns exactly as stored (`rows`, text), each row's
    source named beside it in the source_* columns as a citation names it (from `sources`, text), and the citation.
    Uploaded back on the Maintain page it is the same version: the validator leaves the added columns out."""
    if "source_id" in rows.columns and dataset != SOURCES:
        refs = [SourceRef.from_row(row) for row in sources.to_dict("records")]
        rows = rows.merge(source_columns(refs), on="source_id", how="left").fillna("")
    return export_csv(neutralise_frame(rows), citation_text, hxl=hxl, dataset=dataset)


def source_columns(refs: list[SourceRef]) -> pd.DataFrame:
    """source_id and the source_* download columns, each source named as a citation names it."""
    return pd.DataFrame([{"source_id": r.source_id, "source_publisher": r.cited_publisher, "source_title": r.cited_title,
                          "source_original_url": r.original_url, "source_url": r.url, "source_published": r.cited_date,
                          "source_grade": r.grade} for r in refs], columns=["source_id", *[c for c in DOWNLOAD_COLUMNS if c != CITATION]])


def sources_sheet(chart: Chart) -> bytes:
    """An HDX-style sources sheet for a chart's ZIP: one row per source with its HXL hashtags (#indicator+name,
    #date, #meta+source, #meta+url), as HDX datasets list where each indicator comes from."""
    rows = pd.DataFrame([{"indicator": chart.title, "date": s.cited_date, "source": s.citation, "url": s.original_url or s.url}
                         for s in chart.sources], columns=list(SOURCES_SHEET))
    tags = pd.DataFrame([list(SOURCES_SHEET.values())], columns=rows.columns)
    buffer = io.StringIO()
    neutralise_frame(pd.concat([tags, rows], ignore_index=True)).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text in the form the datasets use (pandas would write True, 2.0 and 2023-09-19 00:00:00)."""
    def text(value) -> str:
        if isinstance(value, str):
            return value
        if value is None or pd.isna(value):
            return ""
        return timestamp_text(value) if isinstance(value, pd.Timestamp) else cell_text(value)
    return frame.astype(object).map(text)


def timestamp_text(value: pd.Timestamp) -> str:
    """YYYY-MM-DD, with the time and offset where it has them; built from its parts, since pandas cannot format a
    year outside 1-9999 (a date of year 1 east of UTC is year 0 in UTC)."""
    day = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    clock = (value.hour, value.minute, value.second, value.microsecond, value.nanosecond)
    if not any(clock) and value.tzinfo is None:
        return day
    offset = value.utcoffset()  # None when naive; a named zone's offset at that moment
    zone = "" if offset is None else f"{'-' if offset.total_seconds() < 0 else '+'}{abs(int(offset.total_seconds())) // 3600:02d}:{abs(int(offset.total_seconds())) % 3600 // 60:02d}"
    return f"{day}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}{zone}"


def export_metadata(chart: Chart, *, exported_at: datetime | None = None) -> dict:
    """What an export says about itself (datapackage.json's "dashboard"): the chart, the data versions, the
    sources, what is disputed."""
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
    """README.txt: what the files are and how to cite them, in plain words, in the active language (file names, the
    filters' keys and values and the dates, YYYY-MM-DD, as in the files). `images`: file name -> '' for each chart
    image in the folder, or -> why it could not be drawn."""
    exported_at = exported_at or datetime.now(UTC)
    csv_name = f"{chart.chart_id}.csv"
    lines = [
        f"{chart.title}",
        "=" * min(len(chart.title), 72),
        "",
        # Translators: README of a chart's ZIP, plain text in a fixed-width font: keep the line break. {title} is the
        # chart's title, {dashboard} the dashboard's name, {date} YYYY-MM-DD.
        _("This folder holds the data behind the chart \u201c{title}\u201d from the {dashboard},\nexported on {date}.").format(
            title=chart.title, dashboard=_(DASHBOARD_NAME), date=f"{exported_at:%Y-%m-%d}"),
        "",
        _("Please cite it as:"),
        f"  {citation(chart, exported_at)}",
        "",
        _("Files:"),
        # Translators: {file} is a file name (not translated); keep the line breaks and the indent.
        "  " + _("{file}  one row per claim: a number as one source states it, with that source's\n"
                 "      publisher, title and web address, and the citation above in its last column. One header\n"
                 "      row, then the data. Text starting with = + - or @ begins with ' so that a spreadsheet\n"
                 "      shows it rather than running it as a formula.").format(file=csv_name),
        # Translators: {file} is a file name (not translated); "dashboard" is a key of that file (not translated).
        "  " + _("{file}  the same facts for programs, as a Frictionless Data Package: each column's\n"
                 "      type and meaning, the sources, and under \"dashboard\" the data versions, filters and dispute.").format(
            file="datapackage.json"),
        # Translators: {file} is a file name (not translated).
        "  " + _("{file}  the sources, one row each, HDX style: its second row holds HXL hashtags.").format(
            file="sources-hxl.csv"),
    ]
    missing = {}
    for name, problem in (images or {}).items():
        if problem:
            missing[name] = problem
        else:
            note = IMAGE_NOTES.get(name.rsplit(".", 1)[-1])
            lines.append(f"  {name}  " + (_(note) if note else _("the chart image.")))
    if missing:
        # Translators: {files} names image files (not translated); {reason} says why they could not be drawn.
        lines.append("  " + _("No chart image: {files} could not be drawn ({reason}).").format(
            files=", ".join(missing), reason=next(iter(missing.values()))))
        lines.append("      " + _("The dashboard's PNG and SVG downloads draw it where Chromium is installed."))
    lines += ["", version_line(chart.versions) + "."]
    applied = {k: v for k, v in chart.filters.items() if str(v).strip()}
    # Translators: {filters} lists a chart's filters as "key = value" pairs, as the data files name them.
    lines.append(_("Filters applied: {filters}.").format(filters="; ".join(f"{k} = {v}" for k, v in applied.items()))
                 if applied else _("No filters: every claim of the chart is included."))
    if chart.dispute_note:
        # Translators: followed by "Disputed: " and what the sources disagree on.
        lines += ["", _("Sources disagree on this figure. {dispute}").format(dispute=dispute_line(chart.dispute_note))]
    lines += ["", _("Sources:")]
    nowhere = _("no web address recorded")
    for s in chart.sources:
        dates = "; ".join(p for p in source_dates(s) if p)
        lines.append(f"  - {s.citation}" + (f" ({dates})" if dates else ""))
        lines += [f"    {what}: {url or nowhere}" for what, url in s.links]
    if not chart.sources:
        lines.append("  " + _("none recorded"))
    return "\n".join(lines) + "\n"
