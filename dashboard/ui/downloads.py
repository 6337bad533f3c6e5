"""Download buttons for a figure card and for whole datasets; files are rendered only when a button is clicked."""
from __future__ import annotations

import streamlit as st

from dashboard.figures.charts.base import DASHBOARD_NAME, Chart

LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "html": "HTML", "csv": "CSV", "zip": "ZIP"}
HELP = {
    "png": "Image for slides and documents (2560×1440), with title, sources and dispute note inside",
    "svg": "Vector image, with sources inside",
    "pdf": "One-page PDF of the chart, with sources inside",
    "html": "Interactive chart that works offline",
    "csv": "The rows behind the chart, with source columns and a citation line",
    "zip": "CSV + metadata.json + README with the citation + the chart as SVG and PNG",
}


@st.cache_resource(show_spinner=False)
def chromium_available() -> bool:
    from dashboard.export import ChromiumMissing, find_chromium

    try:
        find_chromium()
        return True
    except ChromiumMissing:
        return False


def buttons(chart: Chart, key: str, *, stacked: bool = False) -> None:
    """One button per format, side by side (or `stacked`, one under the other, in a phone's popover)."""
    from dashboard.export import MEDIA_TYPES, NEEDS_CHROMIUM, export_bytes, file_name

    has_browser = chromium_available()
    columns = [st.container() for _ in LABELS] if stacked else st.columns(len(LABELS))
    for column, (fmt, label) in zip(columns, LABELS.items()):
        missing = fmt in NEEDS_CHROMIUM and not has_browser
        with column:
            st.download_button(
                f"⬇ {label}", data=(lambda f=fmt: export_bytes(chart, f)), file_name=file_name(chart, fmt),
                mime=MEDIA_TYPES[fmt], key=f"dl-{fmt}-{key}", on_click="ignore", disabled=missing, width="stretch" if stacked else "content",
                help="Needs Chromium on the server: apt-get install chromium" if missing else HELP[fmt],
            )
    if not has_browser:
        st.caption("Image exports need Chromium on the server (`apt-get install chromium`); HTML, CSV and ZIP work without it.")


def dataset_csv_button(claims, dataset: str) -> None:
    """The current version of a dataset as CSV, formula-like cells neutralised, with a citation line."""
    from dashboard.export.tables import csv_with_citation, neutralise_frame

    version = claims.versions[dataset]
    frame = claims.frame(dataset)

    def build() -> bytes:
        rows = claims.with_sources(frame) if "source_id" in frame and dataset != "sources" else frame
        citation = (f"{dataset}, version {version.version} of {version.published_at[:10]}, {DASHBOARD_NAME}. "
                    "Each row's source is named in its publisher, title and url columns.")
        return csv_with_citation(neutralise_frame(rows), citation)

    st.download_button(f"⬇ Download {dataset}.csv (version {version.version})", data=build,
                       file_name=f"{dataset}-v{version.version}.csv", mime="text/csv", key=f"dl-dataset-{dataset}",
                       on_click="ignore")
