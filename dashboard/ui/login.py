"""Maintainer session helpers for the Maintain page: who is logged in, and the upload being prepared."""
from __future__ import annotations

import streamlit as st

from dashboard.maintain.auth import check_login, is_allowed_email, load_maintainers
from dashboard.ui.data_access import DataUnavailable, seeded_store
from dashboard.ui.markdown import md_escape
from i18n import N_, _
from store import LoginThrottle, StoreError

LOGIN_CLOSED = N_(
    "Log-in is closed for now: the data store, which counts failed log-ins for every server, cannot be reached. "
    "Please try again in a minute."
)


@st.cache_resource(show_spinner=False)
def throttle() -> LoginThrottle:
    """One throttle per server process, on the store's database: every session and every replica shares its counts.

    Not cached when the store cannot be opened (the exception propagates), so the next submission tries again.
    """
    return LoginThrottle.from_store(seeded_store())


def client_address() -> str | None:
    """The client's address as the server sees it, or None (localhost; AppTest, whose value is a mock).

    Streamlit 1.67 serves through uvicorn, which already replaces the socket peer with X-Forwarded-For when the
    request comes from a trusted proxy (FORWARDED_ALLOW_IPS, default 127.0.0.1); the headers are not read here,
    because any client can write them. None counts as one address, "unknown".
    """
    address = st.context.ip_address  # None without a client context
    return address if isinstance(address, str) else None


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except FileNotFoundError:  # no secrets.toml at all (Streamlit's StreamlitSecretNotFoundError is one)
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
    """Password log-in (embedded default) or the OIDC button; failed attempts are throttled (store/throttle.py)."""
    if oidc_configured():
        user = st.user
        if getattr(user, "is_logged_in", False):
            # Translators: {email} is the e-mail address the maintainer logged in with
            st.error(_("{email} is not on the maintainers' allow-list. Ask an administrator to add it.").format(
                email=md_escape(user.get("email"))))
            st.button(_("Log out"), on_click=st.logout)
        else:
            st.button(_("Log in"), type="primary", on_click=st.login)
        return
    try:
        maintainers = load_maintainers(_secrets())
    except ValueError as error:
        st.error(md_escape(error))
        return
    if not maintainers:
        st.info(_(
            "No maintainer is set up on this server. An administrator adds one by running "
            "`python -m dashboard.maintain hash-password` and pasting the line it prints under `[maintainers]` in "
            "`.streamlit/secrets.toml` (or in the `DASHBOARD_MAINTAINERS` environment variable). See README."
        ))
        return
    with st.form("login", clear_on_submit=False, enter_to_submit=True):
        st.subheader(_("Maintainer log-in"))
        username = st.text_input(_("User name"), autocomplete="username", key="login-user")
        password = st.text_input(_("Password"), type="password", autocomplete="current-password",
                                 key="login-password")  # keyed: a widget named by its label forgets on a language switch
        submitted = st.form_submit_button(_("Log in"), type="primary")
    if not submitted:
        return
    try:
        # The attempt is reserved before argon2 runs; without the counters there is no log-in (fail closed).
        result = check_login(throttle(), maintainers, username, password, client_address())
    except (DataUnavailable, StoreError) as error:
        details = _("Details: {details}").format(details=md_escape(str(error).splitlines()[0][:300]))
        st.error(f"{_(LOGIN_CLOSED)}\n\n{details}")
        return
    if result.maintainer:
        st.session_state["maintainer"] = result.maintainer
        st.rerun()
    else:
        st.error(result.message)


def logout() -> None:
    if oidc_configured():
        st.logout()
    st.session_state.pop("maintainer", None)
