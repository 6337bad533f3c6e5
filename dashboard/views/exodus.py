"""Exodus 2023: the official cumulative count by announcement, derived arrivals per day, totals by definition, who and where."""
import streamlit as st

from dashboard.ui.card import figure_card
from dashboard.ui.data_access import DataUnavailable, chart, show_unavailable
from i18n import _

st.title(_("The 2023 exodus of Karabakh Armenians to Armenia"))
st.markdown(
    _("The Armenian government's cumulative count of arrivals from 24 September 2023, one mark per announcement: a "
      "count relayed by several outlets is one mark whose details name each of them, and counts that are approximate "
      "or lack a single clock time are drawn apart from the line. Arrivals per day are worked out by the dashboard "
      "(the difference between two official counts divided by the days between them, each bar spanning that interval) "
      "and are labelled as derived. Then totals under different definitions (border crossings, registrations, UNHCR "
      "refugee figures), who arrived, and where arrivals were accommodated, in date order.")
)
try:
    figure_card(chart("exodus-arrivals"))
    figure_card(chart("exodus-new-arrivals"))
    figure_card(chart("exodus-totals"))
    figure_card(chart("exodus-demographics"))
    figure_card(chart("exodus-provinces"))
    st.subheader(_("How many lived in Nagorno-Karabakh"))
    figure_card(chart("exodus-population"))
except DataUnavailable as error:
    show_unavailable(error)
