"""Blockade: dated events on a time axis, supplies before vs during, ICRC evacuations over time, shortages."""
from datetime import date

import streamlit as st

import i18n
from dashboard.figures.palette import party_label
from dashboard.figures.wording import measure_label
from dashboard.ui.card import figure_card
from dashboard.ui.data_access import DataUnavailable, chart, current_claims, show_unavailable
from dashboard.ui.url_state import multiselect, selectbox
from i18n import _
from schemas.vocab import METRIC_LABELS, PARTY_LABELS, event_type_label


def _param_date(name: str, default: date, first: date, last: date) -> date:
    """A date from the URL (?from=2023-01-01) kept within the data's dates; else the default."""
    try:
        return min(max(date.fromisoformat(st.query_params.get(name, "")), first), last)
    except ValueError:
        return default


st.title(_("The Lachin (Berdzor) corridor blockade, December 2022 - September 2023"))
try:
    claims = current_claims()
    event_types = sorted(claims.frame("blockade_events")["event_type"].unique())
    supplies = claims.frame("blockade_supplies")
    metrics = sorted(supplies[supplies["topic"].isin(["supplies", "vehicles"])]["metric"].unique(),
                     key=lambda metric: METRIC_LABELS.get(metric, metric))  # one order in every language
    with st.sidebar:
        st.subheader(_("Filters"))
        chosen_types = multiselect(_("Event types"), event_types, "events", format_func=event_type_label)
        parties = multiselect(_("Claimant's party"), list(PARTY_LABELS), "party", format_func=party_label)
    party = ",".join(parties)
    st.subheader(_("Events"))
    dates = sorted(claims.frame("blockade_events")["date"])
    first, last = date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])
    # The slider writes its dates in the browser with English month names: other languages get digits (19.09.2023).
    window = st.slider(_("Dates"), min_value=first, max_value=last, key="events-window",
                       format="D MMM YYYY" if i18n.language() == i18n.SOURCE_LANGUAGE else "DD.MM.YYYY",
                       value=(_param_date("from", first, first, last), _param_date("to", last, first, last)),
                       on_change=lambda: st.query_params.update({"from": str(st.session_state["events-window"][0]),
                                                                 "to": str(st.session_state["events-window"][1])}))
    figure_card(chart("blockade-events", {"event_types": ",".join(chosen_types), "from": str(window[0]), "to": str(window[1])}))
    st.subheader(_("Goods, vehicles and people: before and during"))
    metric = selectbox(_("Measure"), metrics, "measure", format_func=measure_label,
                       default=chart("blockade-supplies").filters.get("metric", ""),
                       help=_("Each claim as its source states it. Claims are paired only in the same unit: where a "
                              "measure has no figure on the other side of the blockade, the chart says so."))
    figure_card(chart("blockade-supplies", {"metric": metric or "", "party": party}))
    st.subheader(_("Medical evacuations"))
    figure_card(chart("blockade-evacuations", {"party": party}))
    st.subheader(_("Shortages and living conditions"))
    figure_card(chart("blockade-shortages", {"party": party}))
except DataUnavailable as error:
    show_unavailable(error)
