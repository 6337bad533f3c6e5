"""Shared finishing for every chart builder: look, sources, versions and the provenance written into the figure."""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.charts.base import Chart, add_provenance
from i18n import SOURCE_LANGUAGE, _, language, ngettext, number, short_day, short_month
from schemas.vocab import date_basis_label

FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"  # DejaVu draws what Liberation lacks: Armenian, ə


def base_layout(figure: go.Figure, height: int = 460) -> go.Figure:
    figure.update_layout(
        template="plotly_white",
        font=dict(family=FONT, size=13, color="#222222"),
        height=height,
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, title_text=""),
        hoverlabel=dict(font_size=12),
    )
    return figure


def left_margin_for(labels: list[str], *more_levels: list[str]) -> int:
    """Room for the longest y labels (about 6.6 px a character at 11-12 px; a label wrapped with <br> counts its
    longest line), so the footer can start at the edge."""
    width = sum(max((len(line.replace("\u200b", "")) for v in level for line in str(v).split("<br>")), default=0)
                for level in (labels, *more_levels))  # zero-width spaces (claims_chart keeps labels unique with them) take no room
    return int(min(560, 24 + 6.6 * width))


def wrap_label(text: str, width: int, lines: int = 2) -> str:
    """An axis label on at most `lines` lines of about `width` characters (the last cut with …), so long labels
    take height, not the plot's width."""
    out, current = [], ""
    for word in str(text).split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1:])]
    out = [line if len(line) <= width else line[: width - 1] + "…" for line in out]
    return "<br>".join(out)


def finish(claims, chart_id: str, title: str, figure: go.Figure, rows: pd.DataFrame, datasets: list[str],
           dispute_note: str = "", alt_text: str = "", filters: dict | None = None) -> Chart:
    """Wrap a figure with the sources of its rows and the versions it was drawn from, written into the figure too."""
    # Every column naming a source counts (a derived difference cites both counts' sources).
    source_ids = [sid for column in rows.columns if column.endswith("source_id") for sid in rows[column].dropna()]
    chart = Chart(
        chart_id=chart_id,
        title=_(title),  # a title marked N_ where it is written (a default argument, a table) is translated here
        figure=figure,
        rows=claims.with_sources(rows) if "source_id" in rows else rows,
        sources=claims.source_refs(source_ids),
        dispute_note=dispute_note,
        alt_text=alt_text,
        versions=claims.versions_of(*datasets),
        filters=dict(filters or {}),
    )
    return add_provenance(chart)


def empty_figure(message: str) -> go.Figure:
    """A chart with no data says so instead of drawing empty axes."""
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=15))
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return base_layout(figure, height=300)


def basis_words(basis: str) -> str:
    """' (date derived)' and the like where the source does not state the date; '' where it does."""
    return "" if basis in ("", "stated") else f" ({date_basis_label(basis)})"


def dates_with_basis(dates: pd.Series, basis: pd.Series) -> pd.Series:
    """Each date as a hover shows it, with how it was worked out where the source does not state it."""
    return dates.astype(str) + basis.map(basis_words)


def unstated_dates_text(basis: pd.Series) -> str:
    """' 3 of the dates are worked out, not stated by the source (derived or approximate).' for alt text, or ''."""
    unstated = int(basis.isin(["derived", "approximate"]).sum())
    if not unstated:
        return ""
    # Translators: a sentence of a chart's description; {count} is how many of its dates a source does not state.
    return " " + ngettext("{count} of the dates are worked out, not stated by the source (derived or approximate).",
                          "{count} of the dates are worked out, not stated by the source (derived or approximate).",
                          unstated).format(count=number(unstated))


DATE_TICKS = 7  # explicit ticks on a date axis at most (a phone's layout keeps fewer)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000)  # months between two ticks
DAY_STEPS = (1, 2, 3, 7, 14)  # days between two ticks, on an axis of less than two months
HOUR_STEPS = (1, 2, 3, 6, 12)  # hours between two ticks, on an axis of less than two days


def date_axis(figure: go.Figure, moments, **axis) -> go.Figure:
    """A date x axis (`axis`: plotly's own settings). Plotly writes month names in English only: in another
    language the axis gets explicit ticks, months and days written by Babel (i18n.short_month, i18n.short_day), over
    the span of `moments` (every date drawn) or the axis's own `range`. English charts keep plotly's ticks."""
    figure.update_xaxes(type="date", **axis)
    if language() != SOURCE_LANGUAGE and axis.get("tickformat") != "%Y":  # a year alone is digits in every language
        figure.update_xaxes(**date_ticks(axis.get("range") or moments))
    return figure


def date_ticks(moments) -> dict:
    """{'tickvals', 'ticktext'} spanning `moments`, in the active language: months, or days, or hours of a day."""
    stamps = pd.Series(pd.to_datetime(pd.Series(list(moments), dtype=object), errors="coerce")).dropna()
    if stamps.empty:
        return {}
    first, last = stamps.min(), stamps.max()
    if last - first >= pd.Timedelta(days=60):
        return _month_ticks(first, last)
    if last - first >= pd.Timedelta(days=2):
        return _day_ticks(first, last)
    return _hour_ticks(first, last)


def _as_date(moment: pd.Timestamp) -> date | None:
    """The day of a timestamp as a date (built from its parts), None for a year a date cannot hold (0 and before)."""
    return date(moment.year, moment.month, moment.day) if 1 <= moment.year <= 9999 else None


def _ticks(moments: list[pd.Timestamp], text) -> dict:
    shown = [(m, d) for m in moments if (d := _as_date(m)) is not None]
    return {"tickvals": [m for m, _d in shown], "ticktext": [text(m, d) for m, d in shown]} if shown else {}


def _month_ticks(first: pd.Timestamp, last: pd.Timestamp) -> dict:
    start = first.year * 12 + first.month - 1 + (first != first.normalize().replace(day=1))  # the first whole month
    end = last.year * 12 + last.month - 1
    step = next((s for s in MONTH_STEPS if (end - start) // s + 1 <= DATE_TICKS), MONTH_STEPS[-1])
    if step >= 12:  # a tick a year or fewer: on January, written as the year (digits in every language)
        start += -start % 12
    months = range(start, end + 1, step)
    moments = [pd.Timestamp(year=m // 12, month=m % 12 + 1, day=1) for m in months if m // 12 >= 1]
    return _ticks(moments, lambda m, d: str(d.year) if step >= 12 else short_month(d))


def _day_ticks(first: pd.Timestamp, last: pd.Timestamp) -> dict:
    start, end = first.ceil("D"), last.floor("D")
    days = (end - start).days
    step = next((s for s in DAY_STEPS if days // s + 1 <= DATE_TICKS), DAY_STEPS[-1])
    return _ticks(list(pd.date_range(start, end, freq=f"{step}D")), lambda m, d: short_day(d))


def _hour_ticks(first: pd.Timestamp, last: pd.Timestamp) -> dict:
    """Hours of one or two days: each tick its clock time, the first tick of a day with the day under it."""
    hours = max(1, int((last - first) / pd.Timedelta(hours=1)))
    step = next((s for s in HOUR_STEPS if hours // s + 1 <= DATE_TICKS), HOUR_STEPS[-1])
    moments = list(pd.date_range(first.ceil(f"{step}h"), last, freq=f"{step}h")) or [first.floor("h")]
    days_seen: set[date] = set()

    def text(moment: pd.Timestamp, day: date) -> str:
        clock = f"{moment.hour:02d}:{moment.minute:02d}"
        if day in days_seen:
            return clock
        days_seen.add(day)
        return f"{clock}<br>{short_day(day)}"

    return _ticks(moments, text)
