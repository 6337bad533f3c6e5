"""A page's report pack: pick some of its charts (all by default), build one PDF (cover, one chart per page, sources
and disputes appendix) with the filters the page's address holds, then download it.

Built on a button press, not in the download button's own callable: Streamlit runs that callable on another thread,
where a progress bar cannot be drawn and a failure shows only as "Failed to generate file for download".
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from dashboard.figures.catalog import CATALOG, charts_of_page
from dashboard.figures.charts.base import Chart
from dashboard.figures.palette import party_label
from dashboard.figures.permalink import FILTER_PARAMS
from dashboard.figures.wording import measure_label
from schemas.vocab import EVENT_TYPE_LABELS, PARTY_LABELS, SIDE_LABELS

if TYPE_CHECKING:
    from dashboard.export.report import Progress

# The filters each page builds its charts with (dashboard/views/*.py): for every chart of a page, or for one chart.
# A chart named in neither is built unfiltered, as its page builds it.
PAGE_FILTERS = {"wars": ("side", "party")}
CHART_FILTERS = {
    "blockade-events": ("event_types", "from", "to"),
    "blockade-supplies": ("metric", "party"),
    "blockade-evacuations": ("party",),
    "blockade-shortages": ("party",),
}
# Values a page accepts from its URL for a filter (it drops any other, so the pack does too).
ACCEPTED = {"party": PARTY_LABELS, "side": SIDE_LABELS, "event_types": EVENT_TYPE_LABELS}
# How the cover and the sidebar name each filter and word its values.
FILTER_NAMES = {"party": "Claimant's party", "side": "Side (whose losses)", "event_types": "Event types",
                "from": "Events from", "to": "Events to", "metric": "Measure"}
FILTER_WORDS: dict[str, Callable[[str], str]] = {"party": party_label, "side": lambda v: SIDE_LABELS.get(v, v),
                                                 "event_types": lambda v: EVENT_TYPE_LABELS.get(v, v), "metric": measure_label}
BUILT = "report-pack"  # session state: (what was asked for, the PDF)


def catalogue_page(url_path: str, title: str = "") -> str | None:
    """The catalogue's name of a Streamlit page ('exodus' for url_path 'exodus', 'overview' for the default page,
    whose url_path is ''); None for a page without charts."""
    pages = {entry.page for entry in CATALOG.values()}
    for name in (url_path, (title.split() or [""])[0].lower()):
        if name in pages:
            return name
    return None


def page_params(query: Mapping[str, str], state: Mapping) -> dict[str, str]:
    """The page's choices by URL parameter: the URL's value, or the page's own widget's where it has one (url_state
    keeps ?param's widget under 'url-<param>', after dropping values it does not offer)."""
    params = dict(query)
    for key, value in state.items():
        if isinstance(key, str) and key.startswith("url-"):
            params[key.removeprefix("url-")] = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value or "")
    return params


def shown_now(page: str, params: Mapping[str, str]) -> list[str]:
    """The charts the page shows with these choices: on Wars those of the chosen episode (the first by default),
    elsewhere all of the page's charts."""
    entries = charts_of_page(page)
    if page == "wars":
        sections = list(dict.fromkeys(entry.section for entry in entries))
        episode = params.get("episode") if params.get("episode") in sections else sections[0]
        entries = [entry for entry in entries if entry.section == episode]
    return [entry.chart_id for entry in entries]


def chart_filters(page: str, chart_id: str, params: Mapping[str, str]) -> dict[str, str]:
    """The filters the page builds this chart with, read from its URL parameters as the page reads them."""
    keys = CHART_FILTERS.get(chart_id, PAGE_FILTERS.get(page, ()))
    return {key: _accepted(key, str(params.get(FILTER_PARAMS.get(key, key), ""))) for key in keys}


def _accepted(key: str, value: str) -> str:
    if key in ACCEPTED:
        return ",".join(v for v in value.split(",") if v in ACCEPTED[key])
    if key in ("from", "to"):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return ""
    return value


def filters_shown(filters: Mapping[str, Mapping[str, str]], *, which: bool = True) -> dict[str, str]:
    """Each filter some chart is drawn with, named and worded for the cover; where only some charts have it, how
    many and (`which`) which ones."""
    shown: dict[str, str] = {}
    applied = {key for chosen in filters.values() for key, value in chosen.items() if value}
    for key in sorted(applied, key=lambda k: (list(FILTER_NAMES).index(k) if k in FILTER_NAMES else len(FILTER_NAMES), k)):
        with_it = [chart_id for chart_id, chosen in filters.items() if chosen.get(key)]
        value = filters[with_it[0]][key]
        word = FILTER_WORDS.get(key, str)
        text = ", ".join(word(v) for v in value.split(",")) if key in ACCEPTED else word(value)
        if len(with_it) < len(filters):
            named = f": {'; '.join(CATALOG[c].title for c in with_it)}" if which else ""
            text += f" (on {len(with_it)} of {len(filters)} charts{named})"
        shown[FILTER_NAMES.get(key, key)] = text
    return shown


def pack_title(page_title: str) -> str:
    return f"Karabakh displacement, {page_title}: charts and sources"


def build_pack(chart_ids: list[str], filters: Mapping[str, Mapping[str, str]], chart_of: Callable[[str, dict], Chart], *,
               title: str, progress: Progress | None = None) -> bytes:
    """The report pack PDF of these charts, each built by `chart_of(chart_id, filters)` (the page's cached charts in
    the app), the cover naming the filters."""
    from dashboard.export import report_pdf  # lazy, as in downloads.py: the export modules pull in fpdf2 and pypdf

    charts = [chart_of(chart_id, dict(filters.get(chart_id, {}))) for chart_id in chart_ids]
    return report_pdf(charts, title=title, filters=filters_shown({c: filters.get(c, {}) for c in chart_ids}), progress=progress)


def report_pack(page) -> None:
    """In the sidebar of a page with charts: choose charts, build their report pack, download it."""
    from dashboard.export import ChromiumMissing, RenderError
    from dashboard.ui.data_access import DataUnavailable, chart, current_versions
    from dashboard.ui.downloads import chromium_available

    name = catalogue_page(page.url_path, page.title)
    if name is None:
        return
    titles = {entry.chart_id: entry.title for entry in charts_of_page(name)}
    params = page_params(st.query_params.to_dict(), st.session_state.to_dict())
    shown = shown_now(name, params)
    with st.sidebar.expander("Report pack (PDF)"):
        chosen = st.multiselect("Charts", list(titles), default=shown, format_func=titles.get,
                                key=f"pack-charts-{name}" + (f"-{params['episode']}" if name == "wars" and params.get("episode") else ""),
                                placeholder="Choose charts", help="The charts this page shows by default; any chart of the page "
                                "can be added. One PDF: a cover, one chart per page (a long table over several), then every "
                                "source and dispute in full.")
        filters = {chart_id: chart_filters(name, chart_id, params) for chart_id in chosen}
        shown = filters_shown(filters, which=False)  # the cover names the charts too
        st.caption("Filters, as on this page: " + "; ".join(f"{k}: {v}" for k, v in shown.items()) if shown
                   else "No filters: every claim of each chart is included.")
        if not chromium_available():
            st.button("Build the PDF", key=f"pack-build-{name}", disabled=True, width="stretch")
            st.caption("The report pack needs Chromium on the server to draw its charts (`apt-get install chromium`).")
            return
        try:
            asked = json.dumps([name, chosen, filters, current_versions()], sort_keys=True)
        except DataUnavailable:
            return
        if st.button("Build the PDF", key=f"pack-build-{name}", disabled=not chosen, type="primary", width="stretch",
                     help="Drawing takes a second or two a chart."):
            bar = st.progress(0.0, text="Starting…")

            def drawing(i: int, n: int, chart_id: str) -> None:
                bar.progress((i - 1) / n, text=f"Drawing {i} of {n}: {titles.get(chart_id, chart_id)}")

            try:
                pdf = build_pack(chosen, filters, chart, title=pack_title(page.title), progress=drawing)
            except (ChromiumMissing, RenderError, DataUnavailable) as error:
                bar.empty()
                st.error(f"The report pack could not be built: {error}")
                return
            bar.empty()
            st.session_state[BUILT] = (asked, pdf)
        built = st.session_state.get(BUILT)
        if built and built[0] == asked:
            st.download_button(f"⬇ Download the PDF ({len(chosen)} chart{'s' if len(chosen) != 1 else ''}, "
                               f"{max(1, len(built[1]) // 1024):,} KB)", data=built[1], file_name=f"report-pack-{name}.pdf",
                               mime="application/pdf", key=f"pack-download-{name}", on_click="ignore", width="stretch")
        elif chosen:
            st.caption("Build the PDF, then download it.")
