"""Maintainer session helpers for the Maintain page: who is logged in, and the upload being prepared."""
from __future__ import annotations

import streamlit as st

from .auth import LoginThrottle, is_allowed_email, load_maintainers, verify, wait_message


@st.cache_resource
def throttle() -> LoginThrottle:
    """One throttle per server process, shared by every browser session."""
    return LoginThrottle()


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml at all
        return {}


def oidc_configured() -> bool:
    return "auth" in _secrets()


def current_maintainer() -> str | None:
    """The logged-in maintainer's name, or None. With OIDC, the verified e-mail must be on the allow-list."""
    if oidc_configured():
        user = st.user
        if getattr(user, "is_logged_in", False) and is_allowed_email(user.get("email"), list(_secrets().get("maintainer_emails", []))):
            return str(user.get("email"))
        return None
    return st.session_state.get("maintainer")


def login_form() -> None:
    """Password log-in (embedded default) or the OIDC button; failed attempts are slowed down."""
    if oidc_configured():
        user = st.user
        if getattr(user, "is_logged_in", False):
            st.error(f"{user.get('email')} is not on the maintainers' allow-list. Ask an administrator to add it.")
            st.button("Log out", on_click=st.logout)
        else:
            st.button("Log in", type="primary", on_click=st.login)
        return
    try:
        maintainers = load_maintainers(_secrets())
    except ValueError as error:
        st.error(str(error))
        return
    if not maintainers:
        st.info(
            "No maintainer is set up on this server. An administrator adds one by running "
            "`python -m dashboard.admin hash-password` and pasting the line it prints under `[maintainers]` in "
            "`.streamlit/secrets.toml` (or in the `DASHBOARD_MAINTAINERS` environment variable). See README."
        )
        return
    with st.form("login", clear_on_submit=False, enter_to_submit=True):
        st.subheader("Maintainer log-in")
        username = st.text_input("User name", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    key = username.strip().lower()
    wait = throttle().wait_seconds(key)
    if wait > 0:
        st.error(wait_message(wait))
        return
    if verify(username.strip(), password, maintainers):
        throttle().record_success(key)
        st.session_state["maintainer"] = username.strip()
        st.rerun()
    else:
        wait = throttle().record_failure(key)
        st.error("User name or password is wrong." + (f" {wait_message(wait)}" if wait > 0 else ""))


def logout() -> None:
    if oidc_configured():
        st.logout()
    st.session_state.pop("maintainer", None)
