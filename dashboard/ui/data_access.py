"""Streamlit side of loading: one store per process, rows cached by (dataset, version), charts by data versions.

On each rerun the only database work is one cheap query for the current version numbers; a publish made by
another app process shows up on the next rerun because the version changes.
"""
from __future__ import annotations

import json

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import i18n
from dashboard.figures.bundle import Bundle, read_version
from dashboard.figures.catalog import build_chart
from dashboard.figures.charts.base import Chart
from dashboard.figures.permalink import public_url
from dashboard.ui.markdown import md_escape
from i18n import N_, _
from schemas.io import read_text_csv
from schemas.registry import DATASETS, get_spec
from store.errors import StoreError


class DataUnavailable(RuntimeError):
    """The store cannot be reached; pages show the message instead of a traceback."""

    # English, marked for the catalogs: show_unavailable translates it where it is shown.
    headline = N_("The data store cannot be reached right now, so no figures can be shown. "
                  "Please try again in a minute; if it persists, tell the data maintainers.")


class UnreadableVersion(DataUnavailable):
    """A stored version cannot be typed for the pages (published before a rule that now refuses it)."""

    headline = N_("A published version of the data cannot be shown, so no figures can be shown. "
                  "Please tell the data maintainers; the details below name the version.")


@st.cache_resource(show_spinner=False)
def _open_store():
    from store import get_store  # seeded from datasets/ on first open

    return get_store()


_opened = False  # this process has opened its store: later calls need no spinner


# What "the data cannot be had right now" looks like: the store's own refusals and the database driver's errors.
# Anything else is a bug, and surfaces as one (Streamlit shows and logs it) instead of passing for an outage.
UNAVAILABLE = (StoreError, SQLAlchemyError, OSError)


def seeded_store():
    """The process's store, or DataUnavailable with a message a page can show. The first opening (which seeds an
    empty store) shows a spinner in the reader's language, which a cache's show_spinner, fixed when it is decorated,
    could not."""
    global _opened
    try:
        if _opened:
            return _open_store()
        with st.spinner(_("Opening the data store…")):
            store = _open_store()
        _opened = True
        return store
    except UNAVAILABLE as error:
        raise DataUnavailable(str(error)) from error


@st.cache_data(show_spinner=False, max_entries=128)
def _dataset_version(dataset: str, version: int):
    store = seeded_store()
    try:
        return read_version(store, dataset, version)
    except UNAVAILABLE as error:
        raise DataUnavailable(str(error)) from error
    except (ValueError, TypeError, OverflowError) as error:
        # Today's validator refuses what cannot be typed; a version stored before a rule existed may still hold it.
        # Translators: {dataset} is a dataset's id (casualties); {error} the technical reason (Python's words), left as it is
        raise UnreadableVersion(_(
            "Version {version} of {dataset} cannot be read ({error}). A maintainer can roll {dataset} back to an "
            "earlier version on the Maintain page, or publish a corrected file."
        ).format(version=version, dataset=dataset, error=f"{type(error).__name__}: {error}")) from error


@st.cache_data(show_spinner=False, max_entries=32)
def version_text(dataset: str, version: int):
    """A version's cells as the text it stores ("" for empty): what a download writes, so it uploads back unchanged,
    and what the Maintain page's history compares. A version never changes, so (dataset, version) is its key."""
    try:
        return read_text_csv(seeded_store().read(dataset, version).csv_bytes, get_spec(dataset))
    except UNAVAILABLE as error:
        raise DataUnavailable(str(error)) from error


def current_versions() -> dict[str, int]:
    store = seeded_store()
    try:
        return store.current_versions()
    except UNAVAILABLE as error:
        raise DataUnavailable(str(error)) from error


def current_claims() -> Bundle:
    versions = current_versions()
    return claims_at(tuple(sorted(versions.items())))


@st.cache_resource(show_spinner=False, max_entries=16)
def claims_at(versions: tuple[tuple[str, int], ...]) -> Bundle:
    frames, meta = {}, {}
    for dataset, version in versions:
        if dataset in DATASETS:
            frames[dataset], meta[dataset] = _dataset_version(dataset, version)
    return Bundle(frames, meta)


@st.cache_resource(show_spinner=False, max_entries=512)
def _chart_at(chart_id: str, versions: tuple[tuple[str, int], ...], filters_key: str, base_url: str,
              language: str) -> Chart:
    with i18n.using(language):  # a chart's words are part of it: one build per language
        return build_chart(chart_id, claims_at(versions), json.loads(filters_key), base_url=base_url)


def chart(chart_id: str, filters: dict | None = None) -> Chart:
    """The chart for the current data versions and these filters (built once, then reused), linking to the
    dashboard at the address this session reached it by (or DASHBOARD_PUBLIC_URL)."""
    versions = tuple(sorted(current_versions().items()))
    return _chart_at(chart_id, versions, json.dumps(filters or {}, sort_keys=True), public_url(st.context.url),
                     i18n.language())


def show_unavailable(error: Exception) -> None:
    headline = _(getattr(error, "headline", DataUnavailable.headline))
    # Translators: {details} is the technical reason (often the database's own words, in English)
    details = _("Details: {details}").format(details=md_escape(str(error).splitlines()[0][:300]))
    st.error(f"{headline}\n\n{details}")
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=16)
def _registry_at(versions: tuple[tuple[str, int], ...], language: str):
    from dashboard.figures.disputes import source_registry
    from dashboard.figures.palette import party_label

    with i18n.using(language):
        return source_registry(claims_at(versions).frames, party_label)


def sources_registry():
    """The sources table with marks and citation counts, computed once per data version."""
    return _registry_at(tuple(sorted(current_versions().items())), i18n.language())
