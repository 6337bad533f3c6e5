"""The interface language: chosen in the sidebar, kept in the URL (?lang=hy) so a shared link opens in it, and by
default the browser's own language where the product speaks it (`st.context.locale`), else English."""
from __future__ import annotations

import streamlit as st

import i18n

PARAM = "lang"
KEY = "interface-language"


def _browser_language() -> str:
    try:
        return i18n.choose(st.context.locale)
    except Exception:  # noqa: BLE001 - no browser behind the session (AppTest, bare mode): English
        return i18n.SOURCE_LANGUAGE


def _belongs_in_url(code: str) -> bool:
    """A link must say its language unless it is English for a reader whose browser asks for English: copied and
    sent on, it then opens in that language in anyone's browser."""
    return code != i18n.SOURCE_LANGUAGE or code != _browser_language()


def _keep_in_url() -> None:
    chosen = st.session_state[KEY]
    if _belongs_in_url(chosen) or PARAM in st.query_params:
        st.query_params[PARAM] = chosen


def choose_language() -> str:
    """Activate this run's language and draw the switcher; app.py calls it before any page writes a word."""
    if KEY not in st.session_state:  # a session starts in the link's language, else the browser's
        st.session_state[KEY] = i18n.supported(st.query_params.get(PARAM)) or _browser_language()
    code = st.session_state[KEY]
    i18n.activate(code)
    st.sidebar.selectbox(i18n._("Language"), list(i18n.LANGUAGES), key=KEY, format_func=i18n.LANGUAGES.get,
                         on_change=_keep_in_url)
    # Streamlit drops query parameters when the reader changes page; put the language back.
    if _belongs_in_url(code) and st.query_params.get(PARAM) != code:
        st.query_params[PARAM] = code
    return code
