"""Download buttons for a figure card and for whole datasets; files are rendered only when a button is clicked."""
from __future__ import annotations

import streamlit as st

from dashboard.figures.charts.base import DASHBOARD_NAME, Chart
from schemas.registry import SOURCES, get_spec

LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "html": "HTML", "csv": "CSV", "zip": "ZIP"}
HELP = {
    "png": "Image for slides and documents (2560×1440), with title, sources and dispute note inside",
    "svg": "Vector image, with sources inside",
    "pdf": "One-page PDF of the chart, with sources inside",
    "html": "Interactive chart that works offline",
    "csv": "The rows behind the chart: one header row, source columns, and the citation in its last column",
    "zip": "A Data Package: CSV + datapackage.json (every column's type, the sources) + README with the citation + an HDX-style sources sheet + the chart as SVG and PNG",
}


HXL_LABEL = "CSV with HXL hashtags (for HDX)"
HXL_HELP = ("Adds a second row of Humanitarian Exchange Language hashtags (#affected+best, #org+name+claimant ...) "
            "that HDX and libhxl read")
HXL_HELP_DATASET = HXL_HELP + "; the Maintain page reads such a file back as the same version"


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
    hxl = st.session_state.get(f"hxl-{key}", False)  # the box under the buttons, as last ticked
    for column, (fmt, label) in zip(columns, LABELS.items()):
        missing = fmt in NEEDS_CHROMIUM and not has_browser
        with column:
            st.download_button(
                f"⬇ {label}", data=(lambda f=fmt: export_bytes(chart, f, hxl=hxl)), file_name=file_name(chart, fmt),
                mime=MEDIA_TYPES[fmt], key=f"dl-{fmt}-{key}", on_click="ignore", disabled=missing, width="stretch" if stacked else "content",
                help="Needs Chromium on the server: apt-get install chromium" if missing else HELP[fmt],
            )
    st.checkbox(HXL_LABEL, key=f"hxl-{key}", help=HXL_HELP)
    if not has_browser:
        st.caption("Image exports need Chromium on the server (`apt-get install chromium`); HTML, CSV and ZIP work without it.")


def dataset_csv_button(claims, dataset: str) -> None:
    """The current version of a dataset as CSV: its cells as stored, each row's source named, the citation."""
    from dashboard.export.tables import dataset_csv
    from dashboard.ui.data_access import version_text

    version = claims.versions[dataset]
    hxl = st.session_state.get(f"hxl-dataset-{dataset}", False)

    def build() -> bytes:
        named = "source_id" in get_spec(dataset).columns and dataset != SOURCES
        citation = (f"{dataset}, version {version.version} of {version.published_at[:10]}, {DASHBOARD_NAME}."
                    + (" Each row's source is named in its source_publisher, source_title and source_url columns." if named else ""))
        sources = claims.versions[SOURCES]
        return dataset_csv(version_text(dataset, version.version), version_text(SOURCES, sources.version), citation,
                           dataset=dataset, hxl=hxl)

    st.download_button(f"⬇ Download {dataset}.csv (version {version.version})", data=build,
                       file_name=f"{dataset}-v{version.version}{'-hxl' if hxl else ''}.csv", mime="text/csv",
                       key=f"dl-dataset-{dataset}", on_click="ignore")
    st.checkbox(HXL_LABEL, key=f"hxl-dataset-{dataset}", help=HXL_HELP_DATASET)


def datasets_package_button(claims) -> None:
    """Every dataset at its current version as one Data Package (ZIP): the CSVs as stored, datapackage.json, README."""
    from dashboard.export.packages import datasets_readme, datasets_zip
    from dashboard.ui.data_access import version_text

    def build() -> bytes:
        texts = {name: version_text(name, version.version) for name, version in claims.versions.items()}
        return datasets_zip(texts, claims.versions, datasets_readme(claims.versions))

    st.download_button("⬇ Every dataset as a Data Package (ZIP)", data=build, file_name="karabakh-datasets.zip",
                       mime="application/zip", key="dl-datasets-package", on_click="ignore",
                       help="The CSVs as published, with datapackage.json (Frictionless Data): each column's type, "
                            "meaning and rules, the keys, and every source")
