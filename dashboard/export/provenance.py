"""The provenance every export carries: who says so, which data version, from which dashboard.

The wording and the footer layout live in `dashboard.figures.charts.base` (one place words the Source line);
this module applies them to a copy of a chart's figure and words the citation for data files.
"""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from urllib.parse import urlsplit

import plotly.graph_objects as go

from dashboard.figures.charts.base import DASHBOARD_NAME, PROVENANCE, Chart, add_provenance, dispute_line, version_line

__all__ = ["DASHBOARD_NAME", "PROVENANCE", "citation", "dispute_line", "is_web_link", "version_line", "with_provenance"]


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
    """One plain-text citation for a chart, for CSV files, README files and reports."""
    exported_at = exported_at or datetime.now(UTC)
    online = f" Online: {chart.permalink}." if chart.permalink else ""
    return (
        f"\u201c{chart.title}\u201d, chart {chart.chart_id}. {version_line(chart.versions)}. "
        f"Exported {exported_at:%Y-%m-%d}.{online} {chart.source_line}."
    )


def is_web_link(url: str) -> bool:
    """True for an http(s) address: the only kind an export makes clickable (never javascript: or data:)."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
