"""Filters kept in the URL query string, so a copied link reproduces the view."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from i18n import _


def _write(param: str, value: str) -> None:
    if value:
        st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]


def multiselect(label: str, options: Sequence[str], param: str, format_func: Callable[[str], str] = str,
                help: str | None = None) -> list[str]:
    """A multiselect whose choice lives in ?param=a,b; empty means all."""
    chosen = [v for v in st.query_params.get(param, "").split(",") if v in options]
    key = f"url-{param}"
    if key not in st.session_state:
        st.session_state[key] = chosen
    value = st.multiselect(label, list(options), key=key, format_func=format_func, help=help,
                           # Translators: placeholder of an empty filter, which shows every value
                           placeholder=_("All"), on_change=lambda: _write(param, ",".join(st.session_state[key])))
    return list(value)


def select(label: str, options: Sequence[str], param: str, format_func: Callable[[str], str] = str,
           horizontal: bool = True) -> str:
    """A single choice kept in ?param=value (the first option by default)."""
    current = st.query_params.get(param, options[0] if options else "")
    index = list(options).index(current) if current in options else 0
    key = f"url-{param}"
    value = st.radio(label, list(options), index=index, key=key, format_func=format_func, horizontal=horizontal,
                     on_change=lambda: _write(param, st.session_state[key]))
    return value


def selectbox(label: str, options: Sequence[str], param: str, format_func: Callable[[str], str] = str,
              default: str = "", help: str | None = None) -> str | None:
    """A single choice from a drop-down kept in ?param=value, for lists too long for `select`'s radio buttons; a
    value the options do not hold (an old or mistyped link) opens on `default`, else the first option."""
    options = list(options)
    current = st.query_params.get(param, "")
    chosen = current if current in options else default if default in options else (options[0] if options else None)
    key = f"url-{param}"
    return st.selectbox(label, options, index=options.index(chosen) if chosen is not None else None, key=key,
                        format_func=format_func, help=help, on_change=lambda: _write(param, st.session_state[key]))
