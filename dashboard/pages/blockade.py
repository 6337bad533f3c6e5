"""Blockade: dated events on a time axis, supplies before vs during, ICRC evacuations over time, shortages."""
import streamlit as st

from dashboard.card import figure_card
from dashboard.charts.time_charts import event_label
from dashboard.data_access import DataUnavailable, chart, current_claims, show_unavailable
from dashboard.palette import party_label
from dashboard.url_state import multiselect
from schemas.vocab import PARTY_LABELS

st.title("The Lachin (Berdzor) corridor blockade, December 2022 - September 2023")
try:
    claims = current_claims()
    event_types = sorted(claims.frame("blockade_events")["event_type"].unique())
    supplies = claims.frame("blockade_supplies")
    metrics = sorted(supplies[supplies["topic"].isin(["supplies", "vehicles"])]["metric"].unique())
    with st.sidebar:
        st.subheader("Filters")
        chosen_types = multiselect("Event types", event_types, "events", format_func=event_label)
        parties = multiselect("Claimant's party", list(PARTY_LABELS), "party", format_func=party_label)
    party = ",".join(parties)
    st.subheader("Events")
    figure_card(chart("blockade-events", {"event_types": ",".join(chosen_types)}))
    st.subheader("Goods, vehicles and people: before and during")
    metric = st.selectbox("Measure", metrics, format_func=lambda m: m.replace("_", " "),
                          index=metrics.index(chart("blockade-supplies").filters.get("metric")) if metrics else None)
    figure_card(chart("blockade-supplies", {"metric": metric or "", "party": party}))
    st.subheader("Medical evacuations")
    figure_card(chart("blockade-evacuations", {"party": party}))
    st.subheader("Shortages and living conditions")
    figure_card(chart("blockade-shortages", {"party": party}))
except DataUnavailable as error:
    show_unavailable(error)
