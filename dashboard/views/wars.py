"""Wars: casualties and displacement for each episode, every claim visible, filterable by side and claimant."""
import streamlit as st

from dashboard.figures.catalog import charts_of_page
from dashboard.figures.palette import party_label
from dashboard.ui.card import figure_card
from dashboard.ui.data_access import DataUnavailable, chart, show_unavailable
from dashboard.ui.url_state import multiselect, select
from i18n import _
from schemas.vocab import CONFLICT_LABELS, PARTY_LABELS, SIDE_LABELS, conflict_label, side_label

SECTIONS = {
    "first_war": CONFLICT_LABELS["first_war"],
    "khojaly_1992": CONFLICT_LABELS["khojaly_1992"],
    "april_2016": CONFLICT_LABELS["april_2016"],
    "second_war": CONFLICT_LABELS["second_war"],
    "offensive_2023": CONFLICT_LABELS["offensive_2023"],
    "fuel_depot_2023": CONFLICT_LABELS["fuel_depot_2023"],
}

st.title(_("Wars: deaths, missing, wounded and displaced"))
episode = select(_("Episode"), list(SECTIONS), "episode", format_func=conflict_label)
with st.sidebar:
    st.subheader(_("Filters"))
    # Translators: a filter: the side of the war whose losses are counted
    sides = multiselect(_("Side"), list(SIDE_LABELS), "side", format_func=side_label,
                        help=_("Whose losses; empty shows all."))
    parties = multiselect(_("Claimant's party"), list(PARTY_LABELS), "party", format_func=party_label,
                          help=_("Show only claims made by these parties; empty shows all."))
filters = {"side": ",".join(sides), "party": ",".join(parties)}
try:
    for entry in charts_of_page("wars"):
        if entry.section == episode:
            figure_card(chart(entry.chart_id, filters))
except DataUnavailable as error:
    show_unavailable(error)
