"""Download buttons for a figure card and for whole datasets; files are rendered only when a button is clicked."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import i18n
from dashboard.figures.charts.base import DASHBOARD_NAME, Chart
from i18n import N_, _
from schemas.registry import SOURCES, get_spec

LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "html": "HTML", "csv": "CSV", "zip": "ZIP"}
HELP = {
    "png": N_("Image for slides and documents (2560×1440), with title, sources and dispute note inside"),
    "svg": N_("Vector image, with sources inside"),
    "pdf": N_("One-page PDF of the chart, with sources inside"),
    "html": N_("Interactive chart that works offline"),
    "csv": N_("The rows behind the chart: one header row, source columns, and the citation in its last column"),
    "zip": N_("A Data Package: CSV + datapackage.json (every column's type, the sources) + README with the citation + an HDX-style sources sheet + the chart as SVG and PNG"),
}


HXL_LABEL = N_("CSV with HXL hashtags (for HDX)")
HXL_HELP = N_("Adds a second row of Humanitarian Exchange Language hashtags (#affected+best, #org+name+claimant ...) "
              "that HDX and libhxl read")
HXL_HELP_DATASET = N_("Adds a second row of Humanitarian Exchange Language hashtags (#affected+best, "
                      "#org+name+claimant ...) that HDX and libhxl read; the Maintain page reads such a file back as "
                      "the same version")


def in_language(build: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download's builder that writes in this run's language. Streamlit calls it later, on another thread, where
    the run's language (a context variable) is not set: it is taken now and set again there."""
    language = i18n.language()

    def built() -> bytes:
        with i18n.using(language):
            return build()

    return built


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
    columns = [st.container() for _unused in LABELS] if stacked else st.columns(len(LABELS))
    hxl = st.session_state.get(f"hxl-{key}", False)  # the box under the buttons, as last ticked
    for column, (fmt, label) in zip(columns, LABELS.items()):
        missing = fmt in NEEDS_CHROMIUM and not has_browser
        with column:
            st.download_button(
                f"⬇ {label}", data=in_language(lambda f=fmt: export_bytes(chart, f, hxl=hxl)),
                file_name=file_name(chart, fmt), mime=MEDIA_TYPES[fmt], key=f"dl-{fmt}-{key}", on_click="ignore",
                disabled=missing, width="stretch" if stacked else "content",
                help=_("Needs Chromium on the server: apt-get install chromium") if missing else _(HELP[fmt]),
            )
    st.checkbox(_(HXL_LABEL), key=f"hxl-{key}", help=_(HXL_HELP))
    if not has_browser:
        st.caption(_("Image exports need Chromium on the server (`apt-get install chromium`); HTML, CSV and ZIP work "
                     "without it."))


def dataset_csv_button(claims, dataset: str) -> None:
    """The current version of a dataset as CSV: its cells as stored, each row's source named, the citation."""
    from dashboard.export.tables import dataset_csv
    from dashboard.ui.data_access import version_text

    version = claims.versions[dataset]
    hxl = st.session_state.get(f"hxl-dataset-{dataset}", False)

    def build() -> bytes:
        named = "source_id" in get_spec(dataset).columns and dataset != SOURCES
        # Translators: the citation in a dataset's CSV download; {dataset} is its file name, {date} an ISO date
        citation = _("{dataset}, version {version} of {date}, {dashboard}.").format(
            dataset=dataset, version=version.version, date=version.published_at[:10], dashboard=_(DASHBOARD_NAME))
        if named:
            # Translators: source_publisher, source_title and source_url are the CSV's column names: keep them
            citation += " " + _("Each row's source is named in its source_publisher, source_title and source_url "
                                "columns.")
        sources = claims.versions[SOURCES]
        return dataset_csv(version_text(dataset, version.version), version_text(SOURCES, sources.version), citation,
                           dataset=dataset, hxl=hxl)

    # Translators: {file} is the dataset's file name (casualties.csv)
    st.download_button("⬇ " + _("Download {file} (version {version})").format(file=f"{dataset}.csv", version=version.version),
                       data=in_language(build), file_name=f"{dataset}-v{version.version}{'-hxl' if hxl else ''}.csv",
                       mime="text/csv", key=f"dl-dataset-{dataset}", on_click="ignore")
    st.checkbox(_(HXL_LABEL), key=f"hxl-dataset-{dataset}", help=_(HXL_HELP_DATASET))


def datasets_package_button(claims) -> None:
    """Every dataset at its current version as one Data Package (ZIP): the CSVs as stored, datapackage.json, README."""
    from dashboard.export.packages import datasets_readme, datasets_zip
    from dashboard.ui.data_access import version_text

    def build() -> bytes:
        texts = {name: version_text(name, version.version) for name, version in claims.versions.items()}
        return datasets_zip(texts, claims.versions, datasets_readme(claims.versions))

    st.download_button("⬇ " + _("Every dataset as a Data Package (ZIP)"), data=in_language(build),
                       file_name="karabakh-datasets.zip", mime="application/zip", key="dl-datasets-package",
                       on_click="ignore",
                       help=_("The CSVs as published, with datapackage.json (Frictionless Data): each column's type, "
                              "meaning and rules, the keys, and every source"))
