"""Normal times against the blockade, per commodity: one mark per claim, the two figures one claimant stated on one
date joined by a line, and the gap left open where no claim on the other side is stated in the same unit.

Claims are paired only within one commodity and one unit. Nothing is converted between units (trucks into tonnes),
divided into rates (a month into days) or added up: every mark is a figure a source stated."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.charts.base import Chart
from dashboard.figures.charts.claims_chart import INTERIM_LEGEND, NO_DATA, NO_FIGURE, claim_label, legend_mark
from dashboard.figures.charts.common import base_layout, basis_words, empty_figure, finish, left_margin_for, wrap_label
from dashboard.figures.disputes import claim_high, claim_low, dispute_note, format_value
from dashboard.figures.palette import event_colour, party_label
from dashboard.figures.wording import label, measure_label
from i18n import N_, _, ngettext, number
from schemas.registry import get_spec

ROW_HEIGHT = 30  # as in claims_chart: a claimant's label may take two lines
SUBJECT_WIDTH = 24  # characters a line of a commodity's label
GAP_COLOUR = "#666666"


@dataclass(frozen=True)
class Side:
    """Which side of the comparison a claim is on, and how its mark looks."""

    name: str  # legend and hover text (marked N_, shown with _())
    short: str  # the y label of a row where this side's figure is missing (marked N_, shown with _())
    symbol: str
    colour: str
    normal: bool  # True: normal times (before the blockade, or expected without it); False: the blockade itself


# The Blockade page's own colours: its events chart draws road reopenings green and road closures vermillion.
SIDES = {
    "before": Side(N_("Before the blockade"), N_("Before the blockade"), "circle", event_colour("road_reopening"), True),
    "expected": Side(N_("Expected over the same days without the blockade (the source's own figure)"), N_("Expected without it"),
                     "square", event_colour("road_reopening"), True),
    "during": Side(N_("During the blockade"), N_("During the blockade"), "diamond", event_colour("road_closure"), False),
    "one_date": Side(N_("On one date (one convoy, one delivery)"), N_("On one date"), "triangle-up", event_colour("road_closure"),
                     False),
}


@dataclass(frozen=True)
class Comparison:
    """Measures of blockade_supplies that state one quantity for both sides, in the same unit: `expected`, what the
    source says would have crossed over the same days without the blockade, against `during`, what did."""

    title: str  # marked N_, shown with _()
    expected: str
    during: str

    @property
    def metrics(self) -> tuple[str, str]:
        return self.expected, self.during


# The only 'before' figures stated for the same span as a 'during' one. The per-day and 27-day figures from before the
# blockade have no during-blockade figure per day or per 27 days: they stay unpaired rather than being divided out.
BLOCKADE_COMPARISONS = (
    Comparison(N_("Goods brought in: during the blockade against the tonnage expected without it"),
               "tonnes_expected_without_blockade", "tonnes_imported_cumulative"),
    Comparison(N_("Vehicle crossings: during the blockade against the number expected without it"),
               "vehicle_crossings_expected", "vehicle_crossings_cumulative"),
    Comparison(N_("Crossings by people: during the blockade against the number expected without it"),
               "person_crossings_expected", "person_crossings_cumulative"),
)
SELF_COMPARING = {"shortfall_factor"}  # the figure already is the source's own 'during against expected'



def comparison_of(metric: str) -> Comparison | None:
    return next((c for c in BLOCKADE_COMPARISONS if metric in c.metrics), None)


def measures_drawn_with(metric: str) -> tuple[str, ...]:
    """The measures one chart draws when the reader picks `metric`: its comparison's, else the measure alone."""
    comparison = comparison_of(metric)
    return comparison.metrics if comparison else (metric,)


def measure_title(metric: str) -> str:
    """The chart's title for the measure the reader picked, in the active language."""
    if not metric:  # no supply or vehicle claim at all
        return _("Goods, vehicles and people: before and during the blockade")
    comparison = comparison_of(metric)
    if comparison:
        return _(comparison.title)
    if metric in SELF_COMPARING:
        # Translators: a chart's title; {measure} names a blockade measure (e.g. "Shortfall against expected deliveries").
        return _("{measure}, as each source compares them").format(measure=measure_label(metric))
    # Translators: a chart's title; {measure} names a blockade measure (e.g. "Fuel deliveries").
    return _("{measure}, before and during the blockade").format(measure=measure_label(metric))


EXPECTED_METRICS = {c.expected for c in BLOCKADE_COMPARISONS}
PERIOD_SIDES = {"before_blockade": "before", "during_blockade": "during", "point_in_time": "one_date"}


def blockade_side(row) -> str:
    """A blockade_supplies claim's side: an 'expected without the blockade' figure is dated during the blockade (it
    covers the same days) but states normal times."""
    return "expected" if row["metric"] in EXPECTED_METRICS else PERIOD_SIDES.get(row["period"], "during")


def _normal(rows: pd.DataFrame, side_of: Callable) -> pd.Series:
    return rows.apply(lambda r: SIDES[side_of(r)].normal, axis=1).astype(bool) if not rows.empty else pd.Series(dtype=bool)


def paired_subjects(rows: pd.DataFrame, side_of: Callable = blockade_side) -> list[tuple[str, str]]:
    """(commodity, unit) pairs with at least one normal-times claim and one blockade claim: what the chart pairs."""
    if rows.empty:
        return []
    sides = rows.assign(normal=_normal(rows, side_of)).groupby(["commodity", "unit"])["normal"].nunique()
    return sorted(sides[sides == 2].index)


def paired_chart(claims, chart_id: str, title: str, dataset: str, rows: pd.DataFrame, subject_label,
                 side_of: Callable = blockade_side, filters: dict | None = None, basis: pd.DataFrame | None = None,
                 measures: tuple[str, ...] = (), self_comparing: bool = False) -> Chart:
    """A dumbbell per commodity and unit: normal-times claims (green) and blockade claims (vermillion) on a row per
    claimant and date, joined where that claimant stated both.

    `basis`, every claim of the topic before the reader's filters, and `measures`, the metrics drawn, say where a
    missing side is: filtered out, stated under another measure (another quantity), or not in the data at all.
    `self_comparing` measures (a 'times fewer than expected') get no gap rows: each figure already compares."""
    if rows.empty:
        return finish(claims, chart_id, title, empty_figure(_(NO_FIGURE)), rows, [dataset, "sources"], filters=filters,
                      alt_text=_(NO_DATA))
    rows = claims.with_sources(rows).drop(columns=["publisher", "title", "url", "published"])
    units = sorted(rows["unit"].unique())
    several_units = len(units) > 1

    def subject(row) -> str:
        text = subject_label(row) + (f" ({row['unit']})" if several_units else "")
        return wrap_label(text, SUBJECT_WIDTH)

    rows = rows.assign(side=rows.apply(side_of, axis=1), subject=rows.apply(subject, axis=1), label=rows.apply(claim_label, axis=1))
    rows["normal"] = rows["side"].map(lambda s: SIDES[s].normal)
    rows = rows.sort_values(["subject", "as_of", "label"], kind="stable")
    # One row per claimant and date: a source's 'expected' and 'during' figures share it; a second figure on the same
    # side (another date, another claim) gets a row of its own.
    repeat = rows.groupby(["subject", "label", "side"]).cumcount()
    rows["label"] = rows["label"] + repeat.map(lambda n: "" if n == 0 else f" #{n + 1}")
    rows["source_label"] = claims.source_labels(rows["source_id"])
    basis = rows if basis is None else basis
    basis = basis.assign(normal=_normal(basis, side_of))
    drawn = basis["metric"].isin(measures or set(rows["metric"]))
    paired = set(paired_subjects(rows, side_of))
    # A missing side's row is named after the side these measures state: 'before', or 'expected without it'.
    drawn_sides = set(basis[drawn].apply(side_of, axis=1)) if drawn.any() else set()
    missing_name = {normal: _(next((s.short for k, s in SIDES.items() if s.normal == normal and k in drawn_sides),
                                   SIDES["before" if normal else "during"].short)) for normal in (True, False)}

    figure = go.Figure()
    order: list[list[str]] = []  # rows top to bottom: paired commodities first, then those with a gap
    gaps: list[tuple[str, str, str]] = []  # (subject, row label, text)
    subjects = rows.drop_duplicates("subject")[["subject", "commodity", "unit"]]
    subjects = subjects.assign(paired=[(c, u) in paired for c, u in zip(subjects["commodity"], subjects["unit"])])
    for __, s in subjects.sort_values("paired", ascending=False, kind="stable").iterrows():
        mine = rows[rows["subject"] == s["subject"]]
        order += [[s["subject"], lbl] for lbl in dict.fromkeys(mine["label"])]
        if s["paired"] or self_comparing:
            continue
        normal_missing = not mine["normal"].all()
        same = basis[(basis["commodity"] == s["commodity"]) & (basis["unit"] == s["unit"]) & (basis["normal"] == normal_missing)]
        # Translators: written where a commodity's figure on one side of the comparison is missing (why it is).
        if drawn[same.index].any():
            text = _("only from a claimant's party not selected")
        elif not same.empty:
            # Translators: {measure} names another blockade measure; use your language's quotation marks.
            text = _("none for this measure (\u201c{measure}\u201d is another quantity)").format(measure=measure_label(same["metric"].iloc[0]))
        else:
            # Translators: {unit} is a unit of measure as the source writes it (tonnes, trucks, ...).
            text = _("no figure in {unit} in the data: the gap is left open").format(unit=s["unit"])
        gaps.append((s["subject"], missing_name[normal_missing], "  " + text))
        order.append([s["subject"], gaps[-1][1]])

    # The line joining one claimant's two figures: from the lowest to the highest end stated, nothing in between.
    xs, ys = [], [[], []]
    for (subj, lbl), row in rows.groupby(["subject", "label"], sort=False):
        if row["normal"].nunique() == 2:
            xs += [float(claim_low(row).min()), float(claim_high(row).max()), None]
            ys[0] += [subj, subj, None]
            ys[1] += [lbl, lbl, None]
    if xs:
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#BBBBBB", width=3), hoverinfo="skip",
                                    showlegend=False, name="joined"))

    first = [[order[0][0]], [order[0][1]]]
    for key, side in SIDES.items():
        group = rows[rows["side"] == key]
        if group.empty:
            continue
        figure.add_trace(legend_mark(_(side.name), side.colour, side.symbol, key, first))
        has_best = group[group["value_best"].notna()]
        if not has_best.empty:
            figure.add_trace(go.Scatter(
                name=_(side.name), legendgroup=key, showlegend=False,
                x=has_best["value_best"].astype(float), y=[has_best["subject"].tolist(), has_best["label"].tolist()],
                mode="markers+text", text=["  " + format_value(r) for __, r in has_best.iterrows()],
                textposition="middle right", textfont=dict(size=11), cliponaxis=False,
                marker=dict(color=side.colour, size=12, line=dict(width=1.5, color=side.colour),
                            symbol=[side.symbol + ("-open" if i else "") for i in has_best["interim"]]),
                error_x=dict(type="data", symmetric=False, thickness=2, width=4, color=side.colour,
                             array=(claim_high(has_best) - has_best["value_best"]).astype(float).fillna(0).tolist(),
                             arrayminus=(has_best["value_best"] - claim_low(has_best)).astype(float).fillna(0).tolist()),
                customdata=_hover_data(has_best, side), hovertemplate=_(HOVER),
            ))
        for __, claim in group[group["value_best"].isna()].iterrows():  # a range only: drawn low to high, no centre
            figure.add_trace(go.Scatter(
                name=_(side.name), legendgroup=key, showlegend=False,
                x=[float(claim["value_low"]), float(claim["value_high"])],
                y=[[claim["subject"]] * 2, [claim["label"]] * 2], mode="lines+markers+text",
                text=["", "  " + format_value(claim)], textposition="middle right", textfont=dict(size=11), cliponaxis=False,
                line=dict(color=side.colour, width=5), marker=dict(symbol="line-ns", size=12, line=dict(width=2, color=side.colour)),
                customdata=_hover_data(pd.DataFrame([claim]), side) * 2, hovertemplate=_(HOVER),
            ))
    if rows["interim"].any():
        figure.add_trace(legend_mark(_(INTERIM_LEGEND), GAP_COLOUR, "circle-open", "interim", first))
    if gaps:
        # Text alone at the axis's start, on a row of its own: where the missing side's mark would be.
        figure.add_trace(go.Scatter(
            name="gap", showlegend=False, mode="text", x=[0] * len(gaps), y=[[g[0] for g in gaps], [g[1] for g in gaps]],
            text=[g[2] for g in gaps], textposition="middle right", textfont=dict(size=11, color=GAP_COLOUR), hoverinfo="skip",
        ))

    top = float(claim_high(rows).max())
    base_layout(figure, height=max(320, 170 + ROW_HEIGHT * len(order)))
    # Linear, not log: the sources' point is how far the blockade figures fall short, and each mark carries its number.
    # Translators: joins the units of a value axis (as the sources write them): "Tonnes or trucks".
    either = _(" or ").join(label(u) if i == 0 else u for i, u in enumerate(units))
    figure.update_xaxes(title_text=_("{unit} (as each source states it)").format(unit=either),
                        rangemode="tozero", range=[0, top * 1.45], separatethousands=True, showgrid=True)
    figure.update_yaxes(autorange="reversed", title_text="", tickfont=dict(size=11), categoryorder="array",
                        categoryarray=order)
    figure.update_layout(margin=dict(l=left_margin_for([o[0] for o in order], [o[1] for o in order]), r=30),
                         meta={"rows": order})  # the phone layout (charts.compact) draws the rows in this order
    note = dispute_note(claims.disputes, dataset, rows, list(get_spec(dataset).dispute_columns),
                        lambda r: f"{subject_label(r)} · {measure_label(r['metric'])}", basis=claims.frame(dataset))
    alt = _alt_text(rows, subjects, gaps, units, self_comparing)
    keep = [c for c in rows.columns if c not in ("side", "normal", "subject", "label", "source_grade", "source_label")]
    return finish(claims, chart_id, title, figure, rows[keep], [dataset, "sources", "disputes"], note, alt, filters)


# Translators: hover text of a claim: side, claimant (party), figure, date, source, note. Keep the %{...} fields, <br> and
# <extra></extra> as they are.
HOVER = N_("%{customdata[0]}<br>%{customdata[1]} (%{customdata[2]})<br>%{customdata[3]}<br>"
           "as of %{customdata[4]}<br>source: %{customdata[5]}<br>%{customdata[6]}<extra></extra>")


def _hover_data(frame: pd.DataFrame, side: Side) -> list[list[str]]:
    """Side, claimant, party, the figure as stated with its unit, date and how it was worked out, source, note."""
    return [[_(side.name), r["claimed_by"], party_label(r["claimant_party"]), f"{format_value(r)} {r['unit']}",
             (r["as_of"] + basis_words(r["date_basis"])) if r["as_of"] else _("date not stated"), r["source_label"], r["note"]]
            for __, r in frame.iterrows()]


def _alt_text(rows: pd.DataFrame, subjects: pd.DataFrame, gaps: list, units: list[str], self_comparing: bool) -> str:
    def names(frame: pd.DataFrame) -> str:
        # Translators: in a chart's description, where no commodity is listed.
        return "; ".join(f"{s.replace('<br>', ' ')}" for s in frame["subject"]) or _("none")

    sources = rows["source_id"].nunique()
    # Translators: a chart's description; {claims}, {sources}, {commodities} are counts ("3 claims"), {units} the units.
    text = _("Paired dot chart of {claims} from {sources} about {commodities}, in {units} as each source states them; "
             "nothing is converted between units or worked out from the stated figures.").format(
        claims=ngettext("{n} claim", "{n} claims", len(rows)).format(n=number(len(rows))),
        sources=ngettext("{n} source", "{n} sources", sources).format(n=number(sources)),
        commodities=ngettext("{n} commodity", "{n} commodities", len(subjects)).format(n=number(len(subjects))),
        units=_(" or ").join(units)) + " "
    if self_comparing:
        return text + _("Each figure is itself the source's comparison with what was expected without the blockade.")
    text += _("Normal times and the blockade side by side in the same unit for: {commodities}.").format(
        commodities=names(subjects[subjects["paired"]]))
    if gaps:
        text += " " + _("No figure on the other side for: {commodities}.").format(commodities=names(subjects[~subjects["paired"]]))
    return text
