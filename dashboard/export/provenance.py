"""The provenance every export carries: who says so, which data version, from which dashboard.

The wording and the footer layout live in `dashboard.figures.charts.base` (one place words the Source line);
this module applies them to a copy of a chart's figure and words the citation for data files.
"""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from urllib.parse import urlsplit

import plotly.graph_objects as go

from dashboard.figures.charts.base import DASHBOARD_NAME, PROVENANCE, Chart, SourceRef, add_provenance, dispute_line, version_line
from i18n import _
from schemas.vocab import grade_word  # a source's grade as a reader sees it ('primary')

__all__ = ["DASHBOARD_NAME", "PROVENANCE", "citation", "dispute_line", "grade_word", "is_web_link", "source_dates",
           "version_line", "with_provenance"]


def with_provenance(chart: Chart) -> go.Figure:
    """A copy of the chart's figure carrying its title, Source line, dispute note, data version and dashboard name.

    Written by `charts.base.add_provenance`, which replaces its own footer (annotation name
    "provenance") instead of adding a second one, wraps long lines at word boundaries and grows the
    bottom margin to fit. Applied to a copy, so a figure that already has it comes out the same, and a
    figure built without it (by hand, in a notebook) gets it. The chart itself is not changed.
    """
    figure = go.Figure(chart.figure)
    add_provenance(dataclasses.replace(chart, figure=figure))
    return figure


def citation(chart: Chart, exported_at: datetime | None = None) -> str:
    """One plain-text citation for a chart, for CSV files, README files and reports, in the active language (the
    chart's id and the export's date, YYYY-MM-DD, as they are in every language)."""
    exported_at = exported_at or datetime.now(UTC)
    fields = {"title": chart.title, "chart_id": chart.chart_id, "versions": version_line(chart.versions),
              "date": f"{exported_at:%Y-%m-%d}", "sources": chart.source_line}
    if chart.permalink:
        # Translators: a citation of a chart. {chart_id} is an identifier (not translated), {versions} the data
        # versions line, {date} the export date (YYYY-MM-DD), {address} the chart's web address, {sources} the
        # "Source: ..." line. Use your language's quotation marks.
        return _("\u201c{title}\u201d, chart {chart_id}. {versions}. Exported {date}. Online: {address}. {sources}.").format(
            address=chart.permalink, **fields)
    # Translators: a citation of a chart; see the message with "Online: {address}".
    return _("\u201c{title}\u201d, chart {chart_id}. {versions}. Exported {date}. {sources}.").format(**fields)


def source_dates(source: SourceRef) -> list[str]:
    """'grade: primary', 'published 2023-09-19', 'accessed ...' for a source's line in the HTML and the README (the
    dates as the source table gives them); '' for what is not recorded."""
    return [
        # Translators: {grade} is a source's grade (primary, report, compilation or copy), translated elsewhere.
        _("grade: {grade}").format(grade=grade_word(source.grade)) if source.grade else "",
        # Translators: {date} is when a source was published, as the source table gives it (often YYYY-MM-DD).
        _("published {date}").format(date=source.published) if source.published else "",
        # Translators: {date} is when a source's web page was last read, as the source table gives it.
        _("accessed {date}").format(date=source.accessed) if source.accessed else "",
    ]


def is_web_link(url: str) -> bool:
    """True for an http(s) address: the only kind an export makes clickable (never javascript: or data:)."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
