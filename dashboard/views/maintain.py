"""Maintain (maintainers only): log in, then the workflow of dashboard/ui/maintain_workflow.py."""
import streamlit as st

from dashboard.ui.data_access import DataUnavailable, seeded_store, show_unavailable
from dashboard.ui.login import current_maintainer, login_form
from dashboard.ui.maintain_workflow import maintain
from dashboard.ui.markdown import md_escape
from i18n import _
from store import StoreError

st.title(_("Maintain the datasets"))
maintainer = current_maintainer()
if not maintainer:
    st.caption(_("Viewing needs no log-in; changing the data does."))
    login_form()
    st.stop()

try:
    store = seeded_store()
except DataUnavailable as error:
    show_unavailable(error)

try:
    maintain(store, maintainer)
except StoreError as error:
    st.error(_("The data store refused or could not complete this: {error}").format(error=md_escape(error)))
