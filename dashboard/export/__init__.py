"""Exports for reports: a chart as PNG, SVG, PDF, interactive HTML, CSV or ZIP, and a PDF report pack.

Pages call `export_bytes(chart, fmt)` (e.g. from `st.download_button(data=lambda: ...)`), with
`file_name()` and `MEDIA_TYPES` for the download. Static images need Chromium (`ChromiumMissing`
otherwise); HTML, CSV and ZIP never do (a ZIP holds the chart's SVG and PNG when Chromium is there, and
its README says so when not). Command line: `python -m dashboard.export --help`.
"""
from __future__ import annotations

import re
from datetime import datetime

from dashboard.export.errors import ChromiumMissing, RenderError
from dashboard.export.html import to_html
from dashboard.export.packages import to_zip
from dashboard.export.provenance import DASHBOARD_NAME, citation, version_line, with_provenance
from dashboard.export.render import (
    find_chromium,
    render_figure,
    shutdown_renderer,
    to_image,
    to_png,
    to_svg,
)
from dashboard.export.report import report_pdf, to_pdf
from dashboard.export.tables import export_metadata, neutralise, to_csv
from dashboard.figures.charts.base import Chart

FORMATS = ("png", "svg", "pdf", "html", "csv", "zip")
MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "zip": "application/zip",
}
NEEDS_CHROMIUM = frozenset({"png", "svg", "pdf"})
ZIP_IMAGES = ("svg", "png")  # drawn into a chart's ZIP where Chromium is


def export_bytes(chart: Chart, fmt: str, *, exported_at: datetime | None = None, hxl: bool = False) -> bytes:
    """The chart in one of FORMATS, as the bytes of the file to save (`hxl`: a CSV with HXL hashtags)."""
    if fmt == "pdf":  # the chart page, then every source and the dispute in full
        return to_pdf(chart, exported_at=exported_at)
    if fmt in NEEDS_CHROMIUM:
        return to_image(chart, fmt)
    if fmt == "html":
        return to_html(chart, exported_at=exported_at).encode("utf-8")
    if fmt == "csv":
        return to_csv(chart, exported_at=exported_at, hxl=hxl)
    if fmt == "zip":
        return to_zip(chart, exported_at=exported_at, images=ZIP_IMAGES)
    raise ValueError(f"Unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}.")


def file_name(chart: Chart, fmt: str) -> str:
    """'wars-khojaly.png': the chart id, kept to characters safe in any file system."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", chart.chart_id).strip(".-") or "chart"
    return f"{stem}.{fmt}"


__all__ = [
    "DASHBOARD_NAME",
    "FORMATS",
    "MEDIA_TYPES",
    "NEEDS_CHROMIUM",
    "ZIP_IMAGES",
    "ChromiumMissing",
    "RenderError",
    "citation",
    "export_bytes",
    "export_metadata",
    "file_name",
    "find_chromium",
    "neutralise",
    "render_figure",
    "report_pdf",
    "shutdown_renderer",
    "to_csv",
    "to_html",
    "to_image",
    "to_pdf",
    "to_png",
    "to_svg",
    "to_zip",
    "version_line",
    "with_provenance",
]
