"""Charts that summarise many claims: key figures per episode, and a sourced table for mixed units."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

import i18n
from dashboard.figures.charts.common import base_layout, empty_figure, finish, left_margin_for, wrap_label
from dashboard.figures.disputes import dispute_note, documented_exactly, format_value, summarise
from i18n import N_, _, ngettext, number, pgettext
from schemas.registry import get_spec


@dataclass(frozen=True)
class KeyFigure:
    """One headline quantity of an episode: the claims in `dataset` whose columns equal `where`.

    `episode` and `label` are English, marked N_ where the key figure is written; the chart translates them."""

    episode: str
    label: str
    dataset: str
    where: dict = field(default_factory=dict)

    def rows(self, claims) -> pd.DataFrame:
        """The claims about this one subject; a definition that would mix subjects is a bug, not a range."""
        frame = claims.frame(self.dataset)
        for column, value in self.where.items():
            frame = frame[frame[column] == value]
        subject = list(get_spec(self.dataset).subject_columns)
        if len(frame[subject].drop_duplicates()) > 1:
            raise ValueError(f"key figure {self.label!r} mixes subjects: pin every one of {subject} in `where`")
        return frame


KEY_LABEL_WIDTH = 34  # characters a line of a key figure's label
KEY_FIGURES_TITLE = N_("Key figures of each episode: the range of sourced claims")


def key_figure_words(key: KeyFigure) -> str:
    """'First war, 1988-1994: deaths, all sides': the key figure as a reader names it, in the active language."""
    # Translators: {episode} names a war or episode, {figure} the quantity ("deaths, all sides").
    return _("{episode}: {figure}").format(episode=_(key.episode), figure=_(key.label))


def key_figures_chart(claims, key_figures: list[KeyFigure], chart_id="overview-key-figures", title=KEY_FIGURES_TITLE):
    records, all_rows, notes = [], [], []
    for key in key_figures:
        rows = key.rows(claims)
        if rows.empty:
            records.append(dict(label=wrap_label(key_figure_words(key), KEY_LABEL_WIDTH, lines=3), low=None,
                                high=None, claims=0, disputed=False))
            continue
        documented = documented_exactly(claims.disputes, key.dataset, rows, get_spec(key.dataset).subject_columns)
        summary = summarise(rows, documented=not documented.empty)
        records.append(dict(label=wrap_label(key_figure_words(key), KEY_LABEL_WIDTH, lines=3), low=summary.low, high=summary.high,
                            claims=summary.claims, disputed=summary.disputed))
        if summary.disputed:
            span = number(summary.low, digits=0) if summary.low == summary.high else \
                f"{number(summary.low, digits=0)}-{number(summary.high, digits=0)}"
            # Translators: one disputed key figure: its episode, the quantity, the span of the claims and their count.
            notes.append(ngettext("{episode}, {figure} ({span} across {n} claims)", "{episode}, {figure} ({span} across {n} claims)",
                                  summary.claims).format(episode=_(key.episode), figure=_(key.label), span=span,
                                                         n=number(summary.claims)))
        all_rows.append(rows.assign(key_figure=key_figure_words(key), dataset=key.dataset))
    table = pd.DataFrame(records)
    if table["claims"].sum() == 0:
        return finish(claims, chart_id, title, empty_figure(_("No key figure is sourced yet.")), pd.DataFrame(), [])
    figure = go.Figure()
    shown = table[table["claims"] > 0]
    for disputed, group in shown.groupby("disputed"):
        colour = "#D55E00" if disputed else "#0072B2"
        name = _("Sources disagree (disputed)") if disputed else _("Sources agree within 10%")
        xs, ys = [], []
        for __, r in group.iterrows():
            xs += [r["low"], r["high"], None]
            ys += [r["label"], r["label"], None]
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=name, line=dict(color=colour, width=7),
                                    marker=dict(color=colour, size=11, symbol="line-ns", line=dict(width=2, color=colour)),
                                    hoverinfo="skip"))
        figure.add_trace(go.Scatter(
            x=group["high"], y=group["label"], mode="text", showlegend=False,
            text=["  " + ngettext("{span} · {n} claims", "{span} · {n} claims", r["claims"]).format(
                n=number(r["claims"]), span=number(r["low"], digits=0) + (f"-{number(r['high'], digits=0)}" if r["high"] != r["low"] else ""))
                  for __, r in group.iterrows()],
            textposition="middle right", textfont=dict(size=11), hoverinfo="skip"))
    missing = table[table["claims"] == 0]["label"].tolist()
    base_layout(figure, height=max(380, 150 + 46 * len(table)))  # a row holds a label of up to three lines
    upper = float(shown["high"].max())
    lower = float(shown["low"].min())
    figure.update_xaxes(type="log", title_text=_("People (log scale)"),
                        range=[math.log10(max(lower, 1)) - 0.3, math.log10(upper) + 2.1], separatethousands=True,
                        # 10k and 1M are English abbreviations; other languages read the whole number (1 000 000)
                        exponentformat="B" if i18n.language() == i18n.SOURCE_LANGUAGE else "none")
    figure.update_layout(margin=dict(l=left_margin_for(table["label"].tolist()), r=20))
    figure.update_yaxes(autorange="reversed", title_text="", categoryorder="array", categoryarray=table["label"].tolist())
    rows = pd.concat(all_rows, ignore_index=True) if all_rows else pd.DataFrame()
    # Translators: {figures} lists the disputed key figures, separated by semicolons.
    note = _("Sources disagree on: {figures}").format(figures="; ".join(notes)) if notes else ""
    alt = ngettext("Range chart of {n} key figures, each spanning the lowest to the highest sourced claim.",
                   "Range chart of {n} key figures, each spanning the lowest to the highest sourced claim.", len(shown)).format(
        n=number(len(shown)))
    if missing:
        alt += " " + _("No sourced figure yet for: {figures}.").format(figures=", ".join(missing))
    subject_columns = sorted({c for k in key_figures for c in get_spec(k.dataset).subject_columns})
    keep = [c for c in ["key_figure", "dataset", *subject_columns, "value_best", "value_low", "value_high", "qualifier", "claimed_by",
                        "claimant_party", "source_id", "interim", "as_of", "note"] if c in rows]
    datasets = sorted({k.dataset for k in key_figures}) + ["sources", "disputes"]
    return finish(claims, chart_id, title, figure, rows[keep], datasets, note, alt)


def table_headers() -> list[str]:
    """The sourced table's six column headers, in the active language (charts.compact joins them in pairs, under
    headers of the same pgettext context)."""
    return [
        # Translators: column of a table of figures: what the figure counts.
        pgettext("sourced table column", "What"),
        # Translators: column of a table of figures: the number as the source states it.
        pgettext("sourced table column", "Figure"),
        pgettext("sourced table column", "Unit"),
        # Translators: column of a table of figures: the date the figure refers to.
        pgettext("sourced table column", "As of"),
        pgettext("sourced table column", "Claimed by"),
        pgettext("sourced table column", "Source"),
    ]


def sourced_table_chart(claims, chart_id: str, title: str, dataset: str, rows: pd.DataFrame, what):
    """A table figure for figures with mixed units: what, figure, unit, date, who claims it, source."""
    if rows.empty:
        return finish(claims, chart_id, title, empty_figure(_("No sourced figure for this selection.")), rows, [dataset, "sources"])
    rows = rows.sort_values(["as_of"], kind="stable") if "as_of" in rows else rows
    refs = {s.source_id: s.publisher for s in claims.source_refs(rows["source_id"])}
    cells = [
        [what(r) for __, r in rows.iterrows()],
        [format_value(r) for __, r in rows.iterrows()],
        rows["unit"].tolist(),
        rows["as_of"].tolist(),
        rows["claimed_by"].tolist(),
        [refs.get(s, s) for s in rows["source_id"]],
    ]
    figure = go.Figure(go.Table(
        columnwidth=[3, 1.4, 1.2, 1, 2.4, 1.6],
        header=dict(values=table_headers(), fill_color="#e8eef4",
                    align="left", font=dict(size=12)),
        cells=dict(values=cells, align="left", font=dict(size=11), height=24),
    ))
    base_layout(figure, height=min(1400, 170 + 27 * len(rows)))
    alt = ngettext("Table of {n} sourced figures with their units, dates and claimants.",
                   "Table of {n} sourced figures with their units, dates and claimants.", len(rows)).format(n=number(len(rows)))
    note = dispute_note(claims.disputes, dataset, rows, get_spec(dataset).dispute_columns, what, basis=claims.frame(dataset))
    return finish(claims, chart_id, title, figure, rows, [dataset, "sources", "disputes"], note, alt)
