"""Charts on a time axis: blockade events, evacuations over time, arrivals in Armenia, the 1988-2023 timeline."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.charts.common import (
    base_layout,
    basis_words,
    dates_with_basis,
    empty_figure,
    finish,
    left_margin_for,
    unstated_dates_text,
)
from dashboard.figures.disputes import dispute_note, format_value
from dashboard.figures.palette import PARTY_SYMBOLS, event_colour, party_colour, party_label
from schemas.registry import get_spec
from schemas.vocab import CONFLICT_LABELS, EVENT_TYPE_LABELS

ARRIVALS = "refugee_arrivals_2023"  # the dataset of the two arrivals charts
EPISODES_TITLE = get_spec("episodes").title


def partial_date_to_timestamp(value: str) -> pd.Timestamp:
    """'2023', '2023-05', '2023-05-08' -> a day to plot on (the first of the period); empty -> NaT."""
    if not value:
        return pd.NaT
    return pd.Timestamp(value + {4: "-01-01", 7: "-01"}.get(len(value), ""))


def reported_at_to_timestamp(value: str) -> pd.Timestamp:
    """Announcement time in Yerevan local time (UTC+4), offset dropped so the axis reads in local time."""
    stamp = pd.Timestamp(value)
    return stamp.tz_localize(None) if stamp.tzinfo is None else stamp.tz_convert("Asia/Yerevan").tz_localize(None)


def event_label(kind: str) -> str:
    return EVENT_TYPE_LABELS.get(kind, kind)


def blockade_events_chart(claims, chart_id="blockade-events", title="Lachin (Berdzor) corridor blockade: events by type, Dec 2022 - Sep 2023",
                          event_types: list[str] | None = None, start: str = "", end: str = ""):
    """Events on a time axis, optionally only some types and a date window (ISO dates, inclusive)."""
    events = claims.frame("blockade_events").copy()
    if event_types:
        events = events[events["event_type"].isin(event_types)]
    if start:
        events = events[events["date"] >= start]
    if end:
        events = events[events["date"] <= end]
    if events.empty:
        return finish(claims, chart_id, title, empty_figure("No event of these types is recorded."), events, ["blockade_events", "sources"])
    events["start"] = pd.to_datetime(events["date"])
    events["end"] = pd.to_datetime(events["end_date"].replace("", None))
    figure = go.Figure()
    for kind, group in events.groupby("event_type", sort=True):
        label, colour = event_label(kind), event_colour(kind)
        spans = group[group["end"].notna()]
        if not spans.empty:
            xs, ys = [], []
            for _, e in spans.iterrows():
                xs += [e["start"], e["end"], None]
                ys += [label, label, None]
            figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=8), opacity=0.45,
                                        legendgroup=kind, showlegend=False, hoverinfo="skip"))
        figure.add_trace(go.Scatter(
            x=group["start"], y=[label] * len(group), mode="markers", name=label, legendgroup=kind, showlegend=False,
            marker=dict(color=colour, size=12, symbol="line-ns-open", line=dict(width=3, color=colour)),
            customdata=group.assign(date=dates_with_basis(group["date"], group["date_basis"]),
                                    source_id=claims.source_labels(group["source_id"]))[
                ["date", "description", "claimed_by", "source_id"]].values,
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>Reported by %{customdata[2]} (source: %{customdata[3]})<extra></extra>",
        ))
    base_layout(figure, height=max(360, 150 + 34 * events["event_type"].nunique()))
    figure.update_xaxes(title_text="Date", type="date", showgrid=True, tickformat="%b %Y")
    figure.update_yaxes(title_text="Event type", autorange="reversed")
    figure.update_layout(margin=dict(l=left_margin_for([event_label(k) for k in events["event_type"].unique()]) + 30))
    alt = (f"Timeline of {len(events)} reported blockade events of {events['event_type'].nunique()} types between "
           f"{events['date'].min()} and {events['date'].max()}." + unstated_dates_text(events["date_basis"]))
    keep = [c for c in events.columns if c not in ("start", "end")]
    note = dispute_note(claims.disputes, "blockade_events", events, get_spec("blockade_events").dispute_columns)
    return finish(claims, chart_id, title, figure, events[keep], ["blockade_events", "sources", "disputes"], note, alt,
                  filters={"event_types": ",".join(event_types or []), "from": start, "to": end})


def claims_over_time_chart(claims, chart_id: str, title: str, dataset: str, rows: pd.DataFrame, unit: str, y_title: str,
                           subject_label=None):
    """Stated values on the dates they refer to, one line and mark shape per claimant party."""
    note = dispute_note(claims.disputes, dataset, rows, get_spec(dataset).dispute_columns, subject_label, basis=claims.frame(dataset))
    rows = rows.copy()
    rows["when"] = rows["as_of"].map(partial_date_to_timestamp)
    undated = rows[rows["when"].isna()]
    rows = rows[rows["when"].notna()].sort_values("when")
    if rows.empty:
        return finish(claims, chart_id, title, empty_figure("No dated figure is recorded."), rows, [dataset, "sources"])
    figure = go.Figure()
    for party, group in rows.groupby("claimant_party", sort=False):
        colour = party_colour(party)
        value = group["value_best"].fillna(group["value_low"]).astype(float)
        figure.add_trace(go.Scatter(
            x=group["when"], y=value, name=party_label(party), mode="lines+markers",
            line=dict(color=colour, width=1.5, dash="dot"),
            marker=dict(color=colour, size=10, symbol=PARTY_SYMBOLS.get(party, "circle")),
            text=[format_value(r) for _, r in group.iterrows()],
            customdata=group.assign(as_of=dates_with_basis(group["as_of"], group["date_basis"]),
                                    source_id=claims.source_labels(group["source_id"]))[
                ["claimed_by", "as_of", "source_id"]].values,
            hovertemplate="%{customdata[1]}: %{text}<br>%{customdata[0]}<br>source: %{customdata[2]}<extra></extra>",
        ))
    base_layout(figure)
    figure.update_xaxes(title_text="Date the figure refers to", type="date", tickformat="%b %Y")
    figure.update_yaxes(title_text=y_title, rangemode="tozero", separatethousands=True)
    alt = (f"{len(rows)} dated figures ({unit}) from {rows['source_id'].nunique()} sources, {rows['as_of'].min()} to "
           f"{rows['as_of'].max()}." + unstated_dates_text(rows["date_basis"]))
    if len(undated):
        alt += f" {len(undated)} undated figure(s) are listed in the rows behind the chart only."
    return finish(claims, chart_id, title, figure, pd.concat([rows, undated]).drop(columns=["when"]),
                  [dataset, "sources", "disputes"], note, alt)


def official_series(arrivals: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The counts that can be differenced honestly, and what was set aside and why.

    Kept: exact counts (no "about") announced with a clock time. Set aside: approximate counts, counts with a date
    but no time (they cannot be ordered within their day), and announcement times at which sources give different
    counts, or counts that sources place at different times. Nothing is picked between rival counts.
    """
    rows = arrivals.assign(when=arrivals["reported_at"].map(reported_at_to_timestamp))
    set_aside = []
    approximate = rows["qualifier"].fillna("") != ""
    untimed = ~rows["reported_at"].str.contains("T")
    if approximate.any():
        set_aside.append(f"{approximate.sum()} approximate count(s)")
    if (untimed & ~approximate).any():
        set_aside.append(f"{(untimed & ~approximate).sum()} count(s) with a date but no time")
    rows = rows[~approximate & ~untimed]
    values_at_time = rows.groupby("when")["value_best"].nunique()
    times_of_value = rows.groupby("value_best")["when"].nunique()
    clash = rows["when"].map(values_at_time).gt(1) | rows["value_best"].map(times_of_value).gt(1)
    if clash.any():
        set_aside.append(f"{clash.sum()} count(s) whose time or value differs between sources")
    series = rows[~clash].sort_values("when").drop_duplicates("when", keep="first")
    return series, set_aside


def arrivals_chart(claims, chart_id="exodus-arrivals", title="People arrived in Armenia from Nagorno-Karabakh, cumulative, Sep-Oct 2023"):
    arrivals = claims.frame(ARRIVALS).copy()
    if arrivals.empty:
        return finish(claims, chart_id, title, empty_figure("No arrival count is recorded."), arrivals, [ARRIVALS, "sources"])
    arrivals["when"] = arrivals["reported_at"].map(reported_at_to_timestamp)
    arrivals = arrivals.sort_values("when")
    series, _ = official_series(arrivals)
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=series["when"], y=series["value_best"].astype(float), mode="lines",
                                name="Exact timed counts, joined", line=dict(color="#999999", width=2), hoverinfo="skip"))
    for party, group in arrivals.groupby("claimant_party", sort=False):
        colour = party_colour(party)
        figure.add_trace(go.Scatter(
            x=group["when"], y=group["value_best"].astype(float), mode="markers", name=f"Announced by: {party_label(party)}",
            marker=dict(color=colour, size=9, symbol=PARTY_SYMBOLS.get(party, "circle")),
            customdata=group.assign(reported_at=dates_with_basis(group["reported_at"], group["date_basis"]),
                                    source_id=claims.source_labels(group["source_id"]))[
                ["reported_at", "claimed_by", "source_id"]].values,
            hovertemplate="%{customdata[0]}: %{y:,.0f}<br>%{customdata[1]}<br>source: %{customdata[2]}<extra></extra>",
        ))
    base_layout(figure)
    figure.update_xaxes(title_text="Announcement time (Yerevan, UTC+4; date-only counts at midnight)", type="date")
    figure.update_yaxes(title_text="Arrivals, cumulative (people)", rangemode="tozero", separatethousands=True)
    alt = (f"Cumulative arrivals from {len(arrivals)} announcements between {arrivals['reported_at'].iloc[0]} and "
           f"{arrivals['reported_at'].iloc[-1]}; the highest stated count is {int(arrivals['value_best'].max()):,}."
           + unstated_dates_text(arrivals["date_basis"]))
    note = dispute_note(claims.disputes, ARRIVALS, arrivals, get_spec(ARRIVALS).subject_columns)
    return finish(claims, chart_id, title, figure, arrivals.drop(columns=["when"]), [ARRIVALS, "sources", "disputes"],
                  note, alt)


def new_arrivals_chart(claims, chart_id="exodus-new-arrivals",
                       title="New arrivals between announcements (derived from the official cumulative counts)"):
    arrivals = claims.frame(ARRIVALS)
    series, set_aside = official_series(arrivals)
    if len(series) < 2:
        return finish(claims, chart_id, title, empty_figure("At least two exact, timed counts are needed."), arrivals,
                      [ARRIVALS, "sources"])
    series = series.assign(new=series["value_best"].astype(float).diff(), previous=series["reported_at"].shift(),
                           previous_source_id=series["source_id"].shift()).iloc[1:]
    figure = go.Figure(go.Bar(
        x=series["when"], y=series["new"], marker_color="#0072B2", name="Derived difference",
        customdata=series[["previous", "reported_at"]].values,
        hovertemplate="%{customdata[0]} → %{customdata[1]}<br>%{y:,.0f} more people (derived)<extra></extra>",
    ))
    base_layout(figure)
    figure.update_xaxes(title_text="Announcement time (Yerevan, UTC+4)", type="date")
    figure.update_yaxes(title_text="People, difference from previous count", separatethousands=True)
    alt = (f"Bars of the difference between {len(series) + 1} consecutive exact, timed official counts, computed by the "
           "dashboard (not stated by a source); each bar cites the sources of both counts.")
    if set_aside:
        alt += " Set aside, not differenced: " + "; ".join(set_aside) + "."
    if (series["new"] < 0).any():
        alt += " Some differences are negative: consecutive official counts decrease there, shown as stated."
    rows = series.drop(columns=["when"]).rename(columns={"new": "derived_new_arrivals", "previous": "previous_reported_at"})
    note = dispute_note(claims.disputes, ARRIVALS, arrivals, get_spec(ARRIVALS).subject_columns)
    return finish(claims, chart_id, title, figure, rows, [ARRIVALS, "sources", "disputes"], note, alt)


def episodes_timeline_chart(claims, chart_id="overview-timeline", title=EPISODES_TITLE):
    episodes = claims.frame("episodes").copy()
    if episodes.empty:
        return finish(claims, chart_id, title, empty_figure("No episode is recorded."), episodes, ["episodes", "sources"])
    episodes["start"] = episodes["start_date"].map(partial_date_to_timestamp)
    episodes["end"] = episodes["end_date"].map(partial_date_to_timestamp).fillna(episodes["start"])
    episodes["label"] = episodes["conflict"].map(CONFLICT_LABELS).fillna(episodes["conflict"])
    figure = go.Figure()
    for _, e in episodes.iterrows():
        one_day = e["end"] == e["start"]
        figure.add_trace(go.Scatter(
            x=[e["start"], e["end"]], y=[e["label"], e["label"]], mode="lines+markers" if not one_day else "markers",
            line=dict(color="#0072B2", width=12), marker=dict(color="#0072B2", size=12, symbol="diamond"),
            showlegend=False, customdata=[[e["start_date"], e["end_date"] or e["start_date"], e["description"],
                                           e["claimed_by"] + basis_words(e["date_basis"])]] * 2,
            hovertemplate="%{customdata[0]} to %{customdata[1]}<br>%{customdata[2]}<br>dates: %{customdata[3]}<extra></extra>",
        ))
    base_layout(figure, height=max(340, 120 + 40 * len(episodes)))
    figure.update_xaxes(title_text="Year", type="date", range=["1987-06-01", "2024-06-30"], dtick="M24", tickformat="%Y")
    figure.update_yaxes(title_text="", autorange="reversed")
    figure.update_layout(margin=dict(l=left_margin_for(episodes["label"].tolist())))
    alt = (f"Timeline of {len(episodes)} episodes from {episodes['start_date'].min()} to {episodes['end'].max():%Y-%m-%d}."
           + unstated_dates_text(episodes["date_basis"]))
    note = dispute_note(claims.disputes, "episodes", episodes, get_spec("episodes").dispute_columns)
    return finish(claims, chart_id, title, figure, episodes.drop(columns=["start", "end", "label"]), ["episodes", "sources", "disputes"],
                  note, alt)
