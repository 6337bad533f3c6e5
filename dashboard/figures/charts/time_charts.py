"""Charts on a time axis: blockade events, evacuations over time, arrivals in Armenia, the 1988-2023 timeline."""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.charts.common import (
    base_layout,
    basis_words,
    date_axis,
    dates_with_basis,
    empty_figure,
    finish,
    left_margin_for,
    unstated_dates_text,
)
from dashboard.figures.disputes import dispute_note, format_value
from dashboard.figures.palette import PARTY_SYMBOLS, event_colour, party_colour, party_label
from i18n import N_, SOURCE_LANGUAGE, _, language, ngettext, number, short_day
from schemas.registry import get_spec
from schemas.vocab import conflict_label, event_type_label

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
    """An event type as a reader names it, in the active language (the type itself where the table lacks it)."""
    return event_type_label(kind)


BLOCKADE_EVENTS_TITLE = N_("Lachin (Berdzor) corridor blockade: events by type, Dec 2022 - Sep 2023")


def blockade_events_chart(claims, chart_id="blockade-events", title=BLOCKADE_EVENTS_TITLE,
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
        return finish(claims, chart_id, title, empty_figure(_("No event of these types is recorded.")), events,
                      ["blockade_events", "sources"])
    events["start"] = pd.to_datetime(events["date"])
    events["end"] = pd.to_datetime(events["end_date"].replace("", None))
    figure = go.Figure()
    for kind, group in events.groupby("event_type", sort=True):
        label, colour = event_label(kind), event_colour(kind)
        spans = group[group["end"].notna()]
        if not spans.empty:
            xs, ys = [], []
            for __, e in spans.iterrows():
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
            # Translators: hover text of an event: date, description, who reported it, source. Keep %{...}, <br>, <extra></extra>.
            hovertemplate=_("%{customdata[0]}<br>%{customdata[1]}<br>Reported by %{customdata[2]} (source: %{customdata[3]})<extra></extra>"),
        ))
    base_layout(figure, height=max(360, 150 + 34 * events["event_type"].nunique()))
    date_axis(figure, [*events["start"], *events["end"].dropna()], title_text=_("Date"), showgrid=True, tickformat="%b %Y")
    figure.update_yaxes(title_text=_("Event type"), autorange="reversed")
    figure.update_layout(margin=dict(l=left_margin_for([event_label(k) for k in events["event_type"].unique()]) + 30))
    # Translators: a chart's description; {events} and {types} are counts, {first} and {last} dates (YYYY-MM-DD).
    alt = _("Timeline of {events} of {types} between {first} and {last}.").format(
        events=ngettext("{n} reported blockade events", "{n} reported blockade events", len(events)).format(n=number(len(events))),
        types=ngettext("{n} types", "{n} types", events["event_type"].nunique()).format(n=number(events["event_type"].nunique())),
        first=events["date"].min(), last=events["date"].max()) + unstated_dates_text(events["date_basis"])
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
        return finish(claims, chart_id, title, empty_figure(_("No dated figure is recorded.")), rows, [dataset, "sources"])
    figure = go.Figure()
    for party, group in rows.groupby("claimant_party", sort=False):
        colour = party_colour(party)
        value = group["value_best"].fillna(group["value_low"]).astype(float)
        figure.add_trace(go.Scatter(
            x=group["when"], y=value, name=party_label(party), mode="lines+markers",
            line=dict(color=colour, width=1.5, dash="dot"),
            marker=dict(color=colour, size=10, symbol=PARTY_SYMBOLS.get(party, "circle")),
            text=[format_value(r) for __, r in group.iterrows()],
            customdata=group.assign(as_of=dates_with_basis(group["as_of"], group["date_basis"]),
                                    source_id=claims.source_labels(group["source_id"]))[
                ["claimed_by", "as_of", "source_id"]].values,
            # Translators: hover text of a dated figure: date, figure, claimant, source. Keep %{...}, <br>, <extra></extra>.
            hovertemplate=_("%{customdata[1]}: %{text}<br>%{customdata[0]}<br>source: %{customdata[2]}<extra></extra>"),
        ))
    base_layout(figure)
    date_axis(figure, rows["when"], title_text=_("Date the figure refers to"), tickformat="%b %Y")
    figure.update_yaxes(title_text=_(y_title), rangemode="tozero", separatethousands=True)
    # Translators: a chart's description; {figures} and {sources} are counts, {unit} what is counted, {first} and
    # {last} dates (YYYY-MM-DD).
    alt = _("{figures} ({unit}) from {sources}, {first} to {last}.").format(
        figures=ngettext("{n} dated figures", "{n} dated figures", len(rows)).format(n=number(len(rows))), unit=_(unit),
        sources=ngettext("{n} sources", "{n} sources", rows["source_id"].nunique()).format(n=number(rows["source_id"].nunique())),
        first=rows["as_of"].min(), last=rows["as_of"].max()) + unstated_dates_text(rows["date_basis"])
    if len(undated):
        alt += " " + ngettext("{n} undated figure(s) are listed in the rows behind the chart only.",
                              "{n} undated figure(s) are listed in the rows behind the chart only.", len(undated)).format(
            n=number(len(undated)))
    return finish(claims, chart_id, title, figure, pd.concat([rows, undated]).drop(columns=["when"]),
                  [dataset, "sources", "disputes"], note, alt)


OFFICIAL_PARTY = "armenia"  # whose count the line is: the Armenian government announced the cumulative count
# Outlets restate an announcement's hour in Moscow time or GMT (up to four hours off); the same count from the same
# party further apart than this is a later announcement (a count that stood still), not a relay.
RELAY_WINDOW = pd.Timedelta(hours=6)
DAY = pd.Timedelta(days=1)
MS = pd.Timedelta(milliseconds=1)  # plotly measures spans on a date axis in milliseconds
# Why a count is drawn apart from the official line: worded once for hovers, the rows behind the chart and alt text
# (shown with _(); each follows "a count" or "3 count(s)").
NOT_JOINED = {
    "other_party": N_("not announced by the Armenian government"),
    "approximate": N_("given only as approximate"),
    "date_only": N_("with a date but no clock time"),
    "times_differ": N_("whose sources give different clock times"),
    "same_time": N_("given for the same time as another count"),
}


def _repeats(a: pd.Series, b: pd.Series) -> bool:
    """Whether two rows of the same count from the same party are one announcement."""
    if a["timed"] and b["timed"]:
        return abs(a["when"] - b["when"]) <= RELAY_WINDOW
    return a["when"].normalize() == b["when"].normalize()


def fold_relays(arrivals: pd.DataFrame) -> pd.DataFrame:
    """The rows, each with the announcement it belongs to (`announcement`) and whether it is a `relay`: the same count
    from the same party at a clock time within RELAY_WINDOW, or on the same day where a source gives no time.

    An announcement's own row is its first in the dataset with a clock time, one giving the count exactly if any."""
    rows = arrivals.assign(when=arrivals["reported_at"].map(reported_at_to_timestamp),
                           timed=arrivals["reported_at"].str.contains("T"),
                           exact=arrivals["qualifier"].fillna("") == "")
    rows["announcement"] = 0
    next_number = 0
    for __, group in rows.sort_values("when", kind="stable").groupby(["claimant_party", "value_best"], sort=False):
        clusters: list[list] = []
        for index, row in group.iterrows():
            linked = [c for c in clusters if any(_repeats(row, rows.loc[i]) for i in c)]
            clusters = [c for c in clusters if all(c is not other for other in linked)] + [[index] + [i for c in linked for i in c]]
        for cluster in clusters:
            rows.loc[cluster, "announcement"] = next_number
            next_number += 1
    own = rows.assign(order=range(len(rows))).sort_values(["timed", "exact", "order"], ascending=[False, False, True])
    rows["relay"] = ~rows.index.isin(own.drop_duplicates("announcement").index)
    return rows


def announcements(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per announcement of `fold_relays` rows, in time order: its own row (`own`), count and party, the span of
    time its sources give (their clock times, else the whole day), where to draw it, and why it is not on the line."""
    marks = []
    for announcement, group in rows.groupby("announcement", sort=False):
        own = group[~group["relay"]].iloc[0]
        timed = group[group["timed"]]
        day = own["when"].normalize()
        start, end = (timed["when"].min(), timed["when"].max()) if len(timed) else (day, day + DAY)
        reason = ("other_party" if own["claimant_party"] != OFFICIAL_PARTY else "approximate" if not group["exact"].any()
                  else "date_only" if timed.empty else "times_differ" if start != end else "")
        marks.append(dict(announcement=announcement, own=own.name, value_best=own["value_best"], claimant_party=own["claimant_party"],
                          start=start, end=end, when=start + (end - start) / 2, timed=not timed.empty, reason=reason))
    columns = ["announcement", "own", "value_best", "claimant_party", "start", "end", "when", "timed", "reason"]
    marks = pd.DataFrame(marks, columns=columns).set_index("announcement")
    candidates = marks[marks["reason"] == ""]
    rivals = candidates["start"].map(candidates.groupby("start")["value_best"].nunique()) > 1
    marks.loc[rivals[rivals].index, "reason"] = "same_time"
    return marks.sort_values("when", kind="stable")


def set_aside_words(marks: pd.DataFrame) -> list[str]:
    """['7 count(s) given only as approximate', ...] for the counts drawn apart from the official line."""
    counts = marks["reason"].value_counts()
    # Translators: {reason} says why the counts are drawn apart, e.g. "given only as approximate".
    return [ngettext("{n} count(s) {reason}", "{n} count(s) {reason}", int(counts[code])).format(n=number(int(counts[code])), reason=_(words))
            for code, words in NOT_JOINED.items() if code in counts]


MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def official_series(arrivals: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The official counts that can be differenced honestly, one row each (relays folded in), and what was set aside.

    Kept: the Armenian government's counts that a source gives exactly, at one clock time, with no other count for
    that time. Set aside: approximate counts, counts with a date but no time (they cannot be ordered within their
    day), counts whose sources give different times, and counts given for the same time as another. Nothing is
    picked between rival counts.
    """
    rows = fold_relays(arrivals)
    marks = announcements(rows)
    series = rows.loc[marks.loc[marks["reason"] == "", "own"]].sort_values("when")
    return series, set_aside_words(marks)


def _span_words(start: pd.Timestamp, end: pd.Timestamp, timed: bool) -> str:
    if not timed:
        # Translators: a day on which a count was announced, at no stated time.
        return _("{day}, no clock time").format(day=_day(start))
    if start == end:
        return _moment(start)
    if start.normalize() == end.normalize():
        # Translators: a span of time within one day: "26 Sep 2023, 07:00 to 08:00".
        return _("{day}, {start} to {end}").format(day=_day(start), start=_clock(start), end=_clock(end))
    # Translators: a span of time over days: "25 Sep 2023, 20:00 to 27 Sep 2023, 08:00".
    return _("{start} to {end}").format(start=_moment(start), end=_moment(end))


def _moment(moment: pd.Timestamp) -> str:
    # Translators: a day and a clock time: "26 Sep 2023, 07:00".
    return _("{day}, {clock}").format(day=_day(moment), clock=_clock(moment))


def _day(moment: pd.Timestamp, year: bool = True) -> str:
    """'19 Sep 2023' in English, from its parts: strftime fails on a year outside 1-9999 (year 1 east of UTC is year 0
    in UTC). Another language writes it with Babel (i18n.short_day, year included) from a date built from the same
    parts; a year a date cannot hold is written as its ISO parts."""
    if language() == SOURCE_LANGUAGE:
        return f"{moment.day:02d} {MONTH_ABBREVIATIONS[moment.month - 1]}" + (f" {moment.year}" if year else "")
    if not 1 <= moment.year <= 9999:
        return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    return short_day(date(moment.year, moment.month, moment.day))


def _clock(moment: pd.Timestamp) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _announcement_hover(mark: pd.Series, carriers: pd.DataFrame) -> list[str]:
    """[time, count, who announced it, every source that carried it, whether it is on the line] for one mark."""
    own = carriers.loc[mark["own"]]
    lines = [f"· {r['source_label']}: {format_value(r)}, {r['reported_at']}{basis_words(r['date_basis'])}" for __, r in carriers.iterrows()]
    if not mark["reason"]:
        status = _("On the official line")
    else:
        reason = NOT_JOINED[mark["reason"]]
        # Translators: {reason} says why the count is drawn apart, e.g. "given only as approximate".
        status = _("Not joined to the line: a count {reason}").format(reason=_(reason))
    carried = ngettext("Carried by {n} source(s):", "Carried by {n} source(s):", len(carriers)).format(n=number(len(carriers)))
    return [_span_words(mark["start"], mark["end"], mark["timed"]), format_value(own), "; ".join(dict.fromkeys(carriers["claimed_by"])),
            carried + "<br>" + "<br>".join(lines), status]


def _marks_traces(marks: pd.DataFrame, name: str, colour: str, symbol: str, mode: str) -> list[go.Scatter]:
    """Announcement marks, and a bar through each mark whose sources give a span of time (several clock times, or
    only the day). Segments, not error bars: plotly draws no error bar on a date axis."""
    spans = marks[marks["start"] != marks["end"]]
    xs = [x for __, m in spans.iterrows() for x in (m["start"], m["end"], None)]
    ys = [y for __, m in spans.iterrows() for y in (float(m["value_best"]),) * 2 + (None,)]
    segments = [go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=3), opacity=0.5, legendgroup=name,
                           showlegend=False, hoverinfo="skip")] if xs else []
    return segments + [go.Scatter(
        x=marks["when"], y=marks["value_best"].astype(float), mode=mode, name=name, legendgroup=name,
        line=dict(color=colour, width=2), marker=dict(color=colour, size=9, symbol=symbol, line=dict(width=2, color=colour)),
        customdata=marks["hover"].tolist(),
        # Translators: hover text of a cumulative count: count, time, who announced it, its sources, whether it is on the
        # line. Keep the %{...} fields and the <b>, <i>, <br>, <extra></extra> tags as they are.
        hovertemplate=_("<b>%{customdata[1]}</b> people, cumulative · %{customdata[0]}<br>Announced by %{customdata[2]}<br>"
                        "%{customdata[3]}<br><i>%{customdata[4]}</i><extra></extra>"),
    )]


ARRIVALS_TITLE = N_("People arrived in Armenia from Nagorno-Karabakh, cumulative, Sep-Oct 2023")
NEW_ARRIVALS_TITLE = N_("Arrivals per day between official counts, derived by the dashboard, Sep-Oct 2023")


def arrivals_chart(claims, chart_id="exodus-arrivals", title=ARRIVALS_TITLE):
    """The official cumulative count as one line, a mark per announcement; relays are folded into the count they repeat
    and named in its hover; counts that cannot be joined are drawn apart, with their sources."""
    arrivals = claims.frame(ARRIVALS)
    if arrivals.empty:
        return finish(claims, chart_id, title, empty_figure(_("No arrival count is recorded.")), arrivals, [ARRIVALS, "sources"])
    rows = fold_relays(arrivals)
    rows["source_label"] = claims.source_labels(rows["source_id"])
    marks = announcements(rows)
    marks["hover"] = [_announcement_hover(mark, rows[rows["announcement"] == announcement]) for announcement, mark in marks.iterrows()]
    joined, apart = marks[marks["reason"] == ""], marks[marks["reason"] != ""]
    figure = go.Figure()
    colour = party_colour(OFFICIAL_PARTY)
    if not joined.empty:
        figure.add_traces(_marks_traces(joined, _("Armenian government count, exact, with a clock time"), colour,
                                        PARTY_SYMBOLS.get(OFFICIAL_PARTY, "circle"), "lines+markers"))
    for party, group in apart.groupby("claimant_party", sort=False):
        if party == OFFICIAL_PARTY:
            name = _("Not joined: approximate, or no single clock time (bar: the day or the times given)")
        else:
            # Translators: a legend entry: {party} names who announced the counts (a country, an organisation).
            name = _("{party}: not joined").format(party=party_label(party))
        figure.add_traces(_marks_traces(group, name, party_colour(party), PARTY_SYMBOLS.get(party, "circle") + "-open", "markers"))
    base_layout(figure)
    date_axis(figure, [*marks["start"], *marks["end"]],
              title_text=_("Announcement time (Yerevan, UTC+4); a count without a clock time spans its day"))
    figure.update_yaxes(title_text=_("Arrivals, cumulative (people)"), rangemode="tozero", separatethousands=True)
    relays = int(rows["relay"].sum())
    # Translators: a chart's description; {counts}, {reports} are counts ("12 counts", "30 reports"), {relays} a number.
    alt = _("{counts} from {reports}, {relays} of them relays of a count by another outlet, folded into the count they "
            "repeat (its hover names every source).").format(
        counts=ngettext("{n} counts", "{n} counts", len(marks)).format(n=number(len(marks))),
        reports=ngettext("{n} reports", "{n} reports", len(rows)).format(n=number(len(rows))), relays=number(relays))
    if not joined.empty:
        first, last = joined.iloc[0], joined.iloc[-1]
        # Translators: {n} counts joined by the line; {first} and {last} are counts, each with its day and time.
        alt += " " + ngettext("One line joins {n} official cumulative counts (exact, with a clock time), from {first} to {last}.",
                              "One line joins {n} official cumulative counts (exact, with a clock time), from {first} to {last}.",
                              len(joined)).format(n=number(len(joined)), first=_count_on(first), last=_count_on(last))
    if not apart.empty:
        # Translators: {counts} lists groups of counts and why they are apart ("3 count(s) given only as approximate").
        alt += " " + _("Drawn apart, not joined: {counts}.").format(counts="; ".join(set_aside_words(marks)))
    alt += " " + _("The highest stated count is {count}.").format(count=number(int(rows["value_best"].max())))
    alt += unstated_dates_text(rows["date_basis"])
    # The rows behind the chart, folded rows together: which mark each is drawn in, and why that mark is off the line.
    rows = rows.assign(mark_when=rows["announcement"].map(marks["when"]),
                       not_joined_because=rows["announcement"].map(marks["reason"].map(lambda r: _(NOT_JOINED[r]) if r in NOT_JOINED else "")),
                       announcement=rows["announcement"].map(marks["hover"].map(lambda h: f"{h[1]} ({h[0]})")))
    rows = rows.sort_values(["mark_when", "when"], kind="stable")
    note = dispute_note(claims.disputes, ARRIVALS, arrivals, get_spec(ARRIVALS).subject_columns)
    return finish(claims, chart_id, title, figure, rows[[*arrivals.columns, "announcement", "relay", "not_joined_because"]],
                  [ARRIVALS, "sources", "disputes"], note, alt)


def _count_on(mark: pd.Series) -> str:
    # Translators: a cumulative count and when it was announced: "1,850 on 25 Sep 2023 08:00".
    return _("{count} on {day} {clock}").format(count=number(int(mark["value_best"])), day=_day(mark["when"]), clock=_clock(mark["when"]))


def arrivals_per_day(series: pd.DataFrame) -> pd.DataFrame:
    """Between each two consecutive official counts: the difference, the days between the two announcements (a
    fraction) and the difference per day. The dashboard's arithmetic, drawn on the chart, never written to a dataset."""
    previous = series.shift()
    days = (series["when"] - previous["when"]) / DAY
    difference = series["value_best"].astype(float) - previous["value_best"].astype(float)
    return series.assign(previous_reported_at=previous["reported_at"], previous_value_best=previous["value_best"],
                         previous_source_id=previous["source_id"], previous_when=previous["when"], days_between=days,
                         derived_new_arrivals=difference, derived_arrivals_per_day=difference / days).iloc[1:]


def rate_for_display(rate: float) -> str:
    """A per-day rate rounded to three significant figures for reading; bars and rows keep it unrounded."""
    rounded = float(f"{rate:.3g}")
    return number(rounded, digits=0) if abs(rounded) >= 100 else number(rounded)  # number() keeps up to 3 decimals, as .3g does below 100


def _signed(value: float) -> str:
    """A difference with its sign: '+6,700', '-1,200' (the active language's digits and minus)."""
    text = number(value, digits=0)
    return text if text[:1] in ("-", "\u2212", "\u200e") else "+" + text


def _interval_hover(interval: pd.Series) -> str:
    hours = interval["days_between"] * 24
    # Translators: a length of time in days, always with one decimal ("1.5 days").
    length = _("{days} days").format(days=number(interval["days_between"], digits=1))
    if hours < 48:
        # Translators: a length of time in hours ("36 h").
        length += ", " + _("{hours} h").format(hours=number(hours, digits=0))
    # Translators: hover text of a bar of arrivals per day. {start} and {end} are a day and a clock time; {length} the
    # time between them; {difference} a signed number of people; {rate} people per day; {previous} and {count} the two
    # official counts; {sources} their sources. Keep the <br> line breaks.
    return _("From {start} to {end} ({length}): {difference} people, about {rate} per day<br>(derived by the dashboard "
             "from two official counts: {previous} then {count};<br>sources: {sources})").format(
        start=_moment(interval["previous_when"]), end=_moment(interval["when"]), length=length,
        difference=_signed(interval["derived_new_arrivals"]), rate=rate_for_display(interval["derived_arrivals_per_day"]),
        previous=number(int(interval["previous_value_best"])), count=number(int(interval["value_best"])),
        sources=f"{interval['previous_source_label']}; {interval['source_label']}")


def new_arrivals_chart(claims, chart_id="exodus-new-arrivals", title=NEW_ARRIVALS_TITLE):
    """Arrivals per day between consecutive official counts, each bar spanning the interval it is worked out over."""
    arrivals = claims.frame(ARRIVALS)
    series, set_aside = official_series(arrivals)
    if len(series) < 2:
        return finish(claims, chart_id, title, empty_figure(_("At least two exact, timed official counts are needed.")), arrivals,
                      [ARRIVALS, "sources"])
    intervals = arrivals_per_day(series)
    intervals = intervals.assign(source_label=claims.source_labels(intervals["source_id"]),
                                 previous_source_label=claims.source_labels(intervals["previous_source_id"]))
    figure = go.Figure(go.Bar(
        x=intervals["previous_when"] + (intervals["when"] - intervals["previous_when"]) / 2,
        y=intervals["derived_arrivals_per_day"], width=((intervals["when"] - intervals["previous_when"]) / MS).tolist(),
        marker=dict(color=party_colour(OFFICIAL_PARTY), line=dict(color="white", width=1)), showlegend=True,
        name=_("Derived: difference between two official counts ÷ days between them (bar spans the interval)"),
        customdata=[[h] for h in intervals.apply(_interval_hover, axis=1)], hovertemplate="%{customdata[0]}<extra></extra>",
    ))
    base_layout(figure)
    date_axis(figure, [*intervals["previous_when"], *intervals["when"]],
              title_text=_("Interval between two official counts (Yerevan, UTC+4)"))
    figure.update_yaxes(title_text=_("Arrivals per day (derived, people)"), rangemode="tozero", separatethousands=True)
    peak = intervals.loc[intervals["derived_arrivals_per_day"].idxmax()]
    # Translators: a chart's description. {intervals} and {counts} are numbers; {rate} people per day; {start} and {end}
    # a day (without its year in English) and a clock time.
    alt = _("Bars of arrivals per day over the {intervals} intervals between {counts} consecutive exact, timed official "
            "counts: each bar spans its interval, and its height is the difference between the two counts divided by the "
            "days between the announcements, computed by the dashboard (not stated by a source). The highest is about "
            "{rate} per day, from {start} to {end}. Relays of a count by other outlets are folded into it; each interval "
            "cites one source of each count, and the cumulative chart names every source.").format(
        intervals=number(len(intervals)), counts=number(len(series)), rate=rate_for_display(peak["derived_arrivals_per_day"]),
        start=f"{_day(peak['previous_when'], year=False)} {_clock(peak['previous_when'])}",
        end=f"{_day(peak['when'], year=False)} {_clock(peak['when'])}")
    if set_aside:
        # Translators: {counts} lists groups of counts and why they are set aside ("3 count(s) given only as approximate").
        alt += " " + _("Set aside, not differenced: {counts}.").format(counts="; ".join(set_aside))
    if (intervals["derived_new_arrivals"] < 0).any():
        alt += " " + _("Some differences are negative: consecutive official counts decrease there, shown as stated.")
    rows = intervals[[*arrivals.columns, "previous_reported_at", "previous_value_best", "previous_source_id", "days_between",
                      "derived_new_arrivals", "derived_arrivals_per_day"]]
    note = dispute_note(claims.disputes, ARRIVALS, arrivals, get_spec(ARRIVALS).subject_columns)
    return finish(claims, chart_id, title, figure, rows, [ARRIVALS, "sources", "disputes"], note, alt)


def episodes_timeline_chart(claims, chart_id="overview-timeline", title=EPISODES_TITLE):
    episodes = claims.frame("episodes").copy()
    if episodes.empty:
        return finish(claims, chart_id, title, empty_figure(_("No episode is recorded.")), episodes, ["episodes", "sources"])
    episodes["start"] = episodes["start_date"].map(partial_date_to_timestamp)
    episodes["end"] = episodes["end_date"].map(partial_date_to_timestamp).fillna(episodes["start"])
    episodes["label"] = episodes["conflict"].map(conflict_label)
    figure = go.Figure()
    for __, e in episodes.iterrows():
        one_day = e["end"] == e["start"]
        figure.add_trace(go.Scatter(
            x=[e["start"], e["end"]], y=[e["label"], e["label"]], mode="lines+markers" if not one_day else "markers",
            line=dict(color="#0072B2", width=12), marker=dict(color="#0072B2", size=12, symbol="diamond"),
            showlegend=False, customdata=[[e["start_date"], e["end_date"] or e["start_date"], e["description"],
                                           e["claimed_by"] + basis_words(e["date_basis"])]] * 2,
            # Translators: hover text of an episode: start and end dates, description, who dates it. Keep %{...}, <br>,
            # <extra></extra>.
            hovertemplate=_("%{customdata[0]} to %{customdata[1]}<br>%{customdata[2]}<br>dates: %{customdata[3]}<extra></extra>"),
        ))
    base_layout(figure, height=max(340, 120 + 40 * len(episodes)))
    date_axis(figure, [], title_text=_("Year"), range=["1987-06-01", "2024-06-30"], dtick="M24", tickformat="%Y")
    figure.update_yaxes(title_text="", autorange="reversed")
    figure.update_layout(margin=dict(l=left_margin_for(episodes["label"].tolist())))
    # Translators: a chart's description; {first} and {last} are dates (YYYY-MM-DD, or a year or month alone).
    alt = ngettext("Timeline of {n} episodes from {first} to {last}.", "Timeline of {n} episodes from {first} to {last}.",
                   len(episodes)).format(n=number(len(episodes)), first=episodes["start_date"].min(),
                                         last=f"{episodes['end'].max():%Y-%m-%d}") + unstated_dates_text(episodes["date_basis"])
    note = dispute_note(claims.disputes, "episodes", episodes, get_spec("episodes").dispute_columns)
    return finish(claims, chart_id, title, figure, episodes.drop(columns=["start", "end", "label"]), ["episodes", "sources", "disputes"],
                  note, alt)
