"""Shared finishing for every chart builder: look, sources, versions and the provenance written into the figure."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.charts.base import Chart, add_provenance
from schemas.vocab import DATE_BASIS_LABELS

FONT = "Liberation Sans, Arial, sans-serif"


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
        title=title,
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
    return "" if basis in ("", "stated") else f" ({DATE_BASIS_LABELS.get(basis, basis)})"


def dates_with_basis(dates: pd.Series, basis: pd.Series) -> pd.Series:
    """Each date as a hover shows it, with how it was worked out where the source does not state it."""
    return dates.astype(str) + basis.map(basis_words)


def unstated_dates_text(basis: pd.Series) -> str:
    """' 3 of the dates are worked out, not stated by the source (derived or approximate).' for alt text, or ''."""
    unstated = basis.isin(["derived", "approximate"]).sum()
    return f" {unstated} of the dates are worked out, not stated by the source (derived or approximate)." if unstated else ""
