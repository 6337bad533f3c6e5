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

import i18n
from dashboard.figures.catalog import CATALOG, charts_of_page
from dashboard.figures.charts.base import Chart
from dashboard.figures.palette import party_label
from dashboard.figures.permalink import FILTER_PARAMS
from dashboard.figures.wording import measure_label
from i18n import N_, _, ngettext, number
from schemas.vocab import EVENT_TYPE_LABELS, PARTY_LABELS, SIDE_LABELS, event_type_label, side_label

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
# How the cover and the sidebar name each filter (English, translated where shown) and word its values (in the
# reader's language).
FILTER_NAMES = {"party": N_("Claimant's party"), "side": N_("Side (whose losses)"), "event_types": N_("Event types"),
                # Translators: a report filter: the first date of the events shown
                "from": N_("Events from"),
                # Translators: a report filter: the last date of the events shown
                "to": N_("Events to"), "metric": N_("Measure")}
FILTER_WORDS: dict[str, Callable[[str], str]] = {"party": party_label, "side": side_label,
                                                 "event_types": event_type_label, "metric": measure_label}
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
            counts = {"value": text, "n": number(len(with_it)), "total": number(len(filters))}
            if which:
                # Translators: a filter's value, then on how many of the report's charts it applies, and which (their
                # titles, separated by semicolons); the plural form follows {total}
                text = ngettext("{value} (on {n} of {total} chart: {charts})", "{value} (on {n} of {total} charts: {charts})",
                                len(filters)).format(charts="; ".join(CATALOG[c].title for c in with_it), **counts)
            else:
                # Translators: a filter's value, then on how many of the report's charts it applies; the plural form
                # follows {total}
                text = ngettext("{value} (on {n} of {total} chart)", "{value} (on {n} of {total} charts)",
                                len(filters)).format(**counts)
        shown[_(FILTER_NAMES[key]) if key in FILTER_NAMES else key] = text
    return shown


def pack_title(page_title: str) -> str:
    # Translators: the title of a report pack; {page} is the page's title (Blockade, Wars ...)
    return _("Karabakh displacement, {page}: charts and sources").format(page=page_title)


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

    # The title is the reader's language and the default page's url_path is '': Streamlit keeps the name it inferred
    # from the page's file (overview) as _url_path.
    name = catalogue_page(page.url_path, page.title) or catalogue_page(str(getattr(page, "_url_path", "") or ""))
    if name is None:
        return
    titles = {entry.chart_id: entry.title for entry in charts_of_page(name)}
    params = page_params(st.query_params.to_dict(), st.session_state.to_dict())
    shown = shown_now(name, params)
    with st.sidebar.expander(_("Report pack (PDF)")):
        chosen = st.multiselect(_("Charts"), list(titles), default=shown, format_func=titles.get,
                                key=f"pack-charts-{name}" + (f"-{params['episode']}" if name == "wars" and params.get("episode") else ""),
                                placeholder=_("Choose charts"), help=_("The charts this page shows by default; any chart "
                                "of the page can be added. One PDF: a cover, one chart per page (a long table over "
                                "several), then every source and dispute in full."))
        filters = {chart_id: chart_filters(name, chart_id, params) for chart_id in chosen}
        shown = filters_shown(filters, which=False)  # the cover names the charts too
        # Translators: {filters} lists each filter and its value ("Claimant's party: Armenia; Measure: ...")
        st.caption(_("Filters, as on this page: {filters}").format(filters="; ".join(f"{k}: {v}" for k, v in shown.items()))
                   if shown else _("No filters: every claim of each chart is included."))
        if not chromium_available():
            st.button(_("Build the PDF"), key=f"pack-build-{name}", disabled=True, width="stretch")
            st.caption(_("The report pack needs Chromium on the server to draw its charts (`apt-get install chromium`)."))
            return
        try:
            # The language too: a pack built in another language is not the one asked for.
            asked = json.dumps([name, chosen, filters, current_versions(), i18n.language()], sort_keys=True)
        except DataUnavailable:
            return
        if st.button(_("Build the PDF"), key=f"pack-build-{name}", disabled=not chosen, type="primary", width="stretch",
                     help=_("Drawing takes a second or two a chart.")):
            bar = st.progress(0.0, text=_("Starting…"))

            def drawing(i: int, n: int, chart_id: str) -> None:
                # Translators: progress of a report pack; {title} is the chart being drawn
                bar.progress((i - 1) / n, text=_("Drawing {i} of {n}: {title}").format(
                    i=number(i), n=number(n), title=titles.get(chart_id, chart_id)))

            try:
                pdf = build_pack(chosen, filters, chart, title=pack_title(page.title), progress=drawing)
            except (ChromiumMissing, RenderError, DataUnavailable) as error:
                bar.empty()
                st.error(_("The report pack could not be built: {error}").format(error=error))
                return
            bar.empty()
            st.session_state[BUILT] = (asked, pdf)
        built = st.session_state.get(BUILT)
        if built and built[0] == asked:
            size = number(max(1, len(built[1]) // 1024))
            label = ngettext("Download the PDF ({n} chart, {size} KB)", "Download the PDF ({n} charts, {size} KB)",
                             len(chosen)).format(n=number(len(chosen)), size=size)
            st.download_button("⬇ " + label, data=built[1], file_name=f"report-pack-{name}.pdf",
                               mime="application/pdf", key=f"pack-download-{name}", on_click="ignore", width="stretch")
        elif chosen:
            st.caption(_("Build the PDF, then download it."))
