"""The address of a chart's view in the dashboard, written on the chart and into every export of it, so a reader
of a report can open the same page with the same filters."""
from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit

import i18n

PUBLIC_URL_ENV = "DASHBOARD_PUBLIC_URL"  # where readers reach the dashboard, e.g. https://karabakh-data.example.org
DEFAULT_PUBLIC_URL = "http://localhost:8501"  # `streamlit run`'s own address, when nothing else is known

# Each page's address, and the URL parameters it reads (dashboard/views/*.py), in the order a link writes them.
PAGE_PATHS = {"overview": "", "wars": "wars", "blockade": "blockade", "exodus": "exodus"}
PAGE_PARAMS = {"wars": ("episode", "side", "party"), "blockade": ("events", "from", "to", "measure", "party")}
# A chart's filter key where it differs from the page's URL parameter of the same choice.
FILTER_PARAMS = {"event_types": "events", "metric": "measure"}


def public_url(seen_at: str | None = None) -> str:
    """The dashboard's public address: DASHBOARD_PUBLIC_URL if set, else the address this request came in at
    (`st.context.url` in the app), else streamlit's default."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if configured:
        return configured.rstrip("/")
    if seen_at:
        parts = urlsplit(seen_at)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return DEFAULT_PUBLIC_URL


def permalink(page: str, filters: dict, section: str = "", base: str = DEFAULT_PUBLIC_URL) -> str:
    """'https://…/wars?episode=khojaly_1992&side=armenian': the page and the choices that reproduce the view."""
    values = {FILTER_PARAMS.get(key, key): str(value) for key, value in filters.items() if str(value).strip()}
    if section:
        values["episode"] = section
    query = urlencode([(param, values[param]) for param in PAGE_PARAMS.get(page, ()) if param in values], safe=",")
    path = PAGE_PATHS.get(page, "")
    return with_language(f"{base.rstrip('/')}/{path}" + (f"?{query}" if query else ""))


def with_language(link: str) -> str:
    """A link into the dashboard that opens in the language it was written in (English, the default, needs no
    parameter): chart permalinks and the search's result links."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return link
    return f"{link}{'&' if '?' in link else '?'}lang={i18n.language()}"
