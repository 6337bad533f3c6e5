"""Exodus 2023: cumulative arrivals by announcement, derived new arrivals, totals by definition, who and where."""
import streamlit as st

from dashboard.ui.card import figure_card
from dashboard.ui.data_access import DataUnavailable, chart, show_unavailable

st.title("The 2023 exodus of Karabakh Armenians to Armenia")
st.markdown(
    "Counts announced by the Armenian government from 24 September 2023, and later totals under different "
    "definitions (border crossings, registrations, UNHCR refugee figures). The bars of new arrivals are computed "
    "by the dashboard from consecutive official counts and are labelled as derived."
)
try:
    figure_card(chart("exodus-arrivals"))
    figure_card(chart("exodus-new-arrivals"))
    figure_card(chart("exodus-totals"))
    figure_card(chart("exodus-demographics"))
    figure_card(chart("exodus-provinces"))
    st.subheader("How many lived in Nagorno-Karabakh")
    figure_card(chart("exodus-population"))
except DataUnavailable as error:
    show_unavailable(error)
