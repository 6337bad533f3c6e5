"""Rival claims side by side: one mark per claim, a low-high bar where the source gives a range, colour and shape
by the claimant's party, hollow marks for interim counts. Nothing is averaged."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.charts.base import Chart
from dashboard.figures.charts.common import base_layout, empty_figure, finish, left_margin_for, wrap_label
from dashboard.figures.disputes import dispute_note, format_value
from dashboard.figures.palette import PARTY_SYMBOLS, party_colour, party_label
from i18n import N_, _, ngettext, number
from schemas.registry import get_spec
from schemas.vocab import grade_word

ROW_HEIGHT = 30  # a claimant label may take two lines
CLAIMANT_WIDTH = 26  # characters a line of a claimant's label; two lines at most
SUBJECT_WIDTH = 24  # characters a line of a subject's label; two lines at most (a one-claim subject has one row)
MAX_MARKS = 300  # beyond this a chart of single marks is unreadable; subjects are drawn as ranges instead
# Shown with _() where drawn (claims_chart and paired_chart both explain the hollow mark).
INTERIM_LEGEND = N_("Interim count (hollow mark): a running count a later figure replaced")
NO_FIGURE = N_("No sourced figure for this selection: the gap is left open.")
NO_DATA = N_("No data for this selection.")


def claim_words(row: pd.Series) -> str:
    """Who claims it, when, and marks for interim counts and second-hand sources: a claim's label in full."""
    when = f" ({row['as_of']})" if row.get("as_of") else ""
    grade = row.get("source_grade")
    # Translators: a mark after a claimant's name: the figure is a running count, later replaced.
    marks = (" [" + _("interim") + "]" if row.get("interim") else "") + (f" [{grade_word(grade)}]" if grade in ("compilation", "copy") else "")
    return f"{row['claimed_by']}{when}{marks}"


def claim_label(row: pd.Series) -> str:
    return wrap_label(claim_words(row), CLAIMANT_WIDTH)


def legend_mark(name: str, colour: str, symbol: str, group: str, at: list) -> go.Scatter:
    """A legend entry alone (no point: x is empty, y an existing category `at`), so each party has one filled mark
    in every chart's legend and the hollow interim mark is explained, whatever a trace's first point is."""
    return go.Scatter(x=[None], y=at, mode="markers", name=name, legendgroup=group, hoverinfo="skip",
                      marker=dict(color=colour, size=11, symbol=symbol, line=dict(width=1.5, color=colour)))


def claims_chart(claims, chart_id: str, title: str, dataset: str, rows: pd.DataFrame, subject_label,
                 unit: str, filters: dict | None = None, subjects_by_date: bool = False) -> Chart:
    """A dot-and-range chart of the claims in `rows`, grouped by subject (subject_label(row) names the group).

    Subjects in alphabetical order, or with `subjects_by_date` in the order of their earliest claim; within a
    subject, claims in date order."""
    from dashboard.figures.disputes import claim_high, claim_low

    spec_subject = list(get_spec(dataset).dispute_columns)
    if rows.empty:
        return finish(claims, chart_id, title, empty_figure(_(NO_FIGURE)), rows, [dataset, "sources"], filters=filters,
                      alt_text=_(NO_DATA))
    rows = claims.with_sources(rows).drop(columns=["publisher", "title", "url", "published"])
    if len(rows) > MAX_MARKS:
        return subject_ranges_chart(claims, chart_id, title, dataset, rows, subject_label, unit, filters)
    rows = rows.assign(subject_words=rows.apply(subject_label, axis=1), label_words=rows.apply(claim_words, axis=1))
    rows = rows.assign(subject=rows["subject_words"].map(lambda t: wrap_label(t, SUBJECT_WIDTH)),
                       label=rows["label_words"].map(lambda t: wrap_label(t, CLAIMANT_WIDTH)))
    within = "as_of" if "as_of" in rows else "claimed_by"
    first = rows.groupby("subject")[within].transform("min") if subjects_by_date and within == "as_of" else rows["subject"]
    rows = rows.assign(_subject_rank=first).sort_values(["_subject_rank", "subject", within], kind="stable").drop(columns="_subject_rank")
    # The same claimant can state the same subject twice (different dates); keep labels unique on the axis.
    repeat = rows.groupby(["subject", "label"]).cumcount().map(lambda n: "" if n == 0 else f" #{n + 1}")
    rows["label"], rows["label_words"] = rows["label"] + repeat, rows["label_words"] + repeat
    # Plotly orders a two-level axis's inner labels by where each first appears anywhere in the chart, not within
    # its subject: a label repeated under another subject gets zero-width spaces to make it that subject's own.
    rows["label"] = rows["label"] + rows.groupby("label")["subject"].transform(lambda s: pd.Series(pd.factorize(s)[0], index=s.index)).map(
        lambda k: "\u200b" * k)
    rows["source_label"] = claims.source_labels(rows["source_id"])  # hover text names the source, not its id
    # An invisible first trace holds every row in order, so the axis lists them in that order (first appearance).
    figure = go.Figure(go.Scatter(x=[None] * len(rows), y=[rows["subject"].tolist(), rows["label"].tolist()], mode="markers",
                                  showlegend=False, hoverinfo="skip", name="rows in order"))
    first = [[rows["subject"].iloc[0]], [rows["label"].iloc[0]]]
    for party, group in rows.groupby("claimant_party", sort=False):
        has_best = group[group["value_best"].notna()]
        figure.add_trace(legend_mark(party_label(party), party_colour(party), PARTY_SYMBOLS.get(party, "circle"), party, first))
        if not has_best.empty:
            figure.add_trace(go.Scatter(
                name=party_label(party), legendgroup=party, showlegend=False,
                x=has_best["value_best"].astype(float), y=[has_best["subject"].tolist(), has_best["label"].tolist()],
                mode="markers+text", text=["  " + format_value(r) for __, r in has_best.iterrows()], textposition="middle right",
                textfont=dict(size=11),
                marker=dict(color=party_colour(party), size=11,
                            symbol=[PARTY_SYMBOLS.get(party, "circle") + ("-open" if i else "") for i in has_best["interim"]],
                            line=dict(width=1.5, color=party_colour(party))),
                error_x=dict(type="data", symmetric=False, thickness=2, width=4, color=party_colour(party),
                             array=(claim_high(has_best) - has_best["value_best"]).astype(float).fillna(0).tolist(),
                             arrayminus=(has_best["value_best"] - claim_low(has_best)).astype(float).fillna(0).tolist()),
                customdata=has_best[["claimed_by", "source_label", "note"]].fillna("").values,
                # Translators: hover text of a claim; keep the %{...} fields and <br> line breaks as they are.
                hovertemplate=_("%{customdata[0]}<br>%{text}<br>source: %{customdata[1]}<br>%{customdata[2]}<extra></extra>"),
            ))
        for __, claim in group[group["value_best"].isna()].iterrows():
            figure.add_trace(go.Scatter(
                name=party_label(party), legendgroup=party, showlegend=False,
                x=[float(claim["value_low"]), float(claim["value_high"])],
                y=[[claim["subject"]] * 2, [claim["label"]] * 2], mode="lines+markers+text",
                text=["", "  " + format_value(claim)], textposition="middle right", textfont=dict(size=11),
                line=dict(color=party_colour(party), width=5),
                marker=dict(symbol="line-ns", size=12, line=dict(width=2, color=party_colour(party))),
                # Translators: hover text of a claim given as a range; keep the <br> line breaks and <extra></extra>.
                hovertemplate=_("{claimant}<br>{figure}<br>source: {source}<extra></extra>").format(
                    claimant=claim["claimed_by"], figure=format_value(claim), source=claim["source_label"]),
            ))
    if rows["interim"].any():
        figure.add_trace(legend_mark(_(INTERIM_LEGEND), "#666666", "circle-open", "interim", first))
    top = float(pd.concat([claim_high(rows), claim_low(rows)]).max())
    base_layout(figure, height=max(320, 170 + ROW_HEIGHT * len(rows)))
    # Translators: a value axis's title; {unit} is what is counted (people, patients, ...).
    figure.update_xaxes(title_text=_("{unit} (as each source states it)").format(unit=_(unit)), rangemode="tozero", range=[0, top * 1.45],
                        separatethousands=True, showgrid=True)
    figure.update_yaxes(autorange="reversed", title_text="", tickfont=dict(size=11))
    # meta["rows"]: the rows top to bottom, for the phone layout (charts.compact), which draws them one per line
    figure.update_layout(margin=dict(l=left_margin_for(rows["subject"].tolist(), rows["label"].tolist()), r=30),
                         meta={"rows": rows[["subject", "label", "subject_words", "label_words"]].values.tolist()})
    note = dispute_note(claims.disputes, dataset, rows, spec_subject, subject_label, basis=claims.frame(dataset))
    # Translators: a chart's description; {claims} and {sources} are counts ("12 claims", "5 sources").
    alt = _("Dot chart of {claims} from {sources} about {subjects}; stated figures range from {low} to {high} {unit}.").format(
        claims=ngettext("{n} claims", "{n} claims", len(rows)).format(n=number(len(rows))),
        sources=ngettext("{n} sources", "{n} sources", rows["source_id"].nunique()).format(n=number(rows["source_id"].nunique())),
        subjects=ngettext("{n} subject(s)", "{n} subject(s)", rows["subject"].nunique()).format(n=number(rows["subject"].nunique())),
        low=format_value(pd.Series({"value_best": float(claim_low(rows).min())})), high=format_value(pd.Series({"value_best": top})),
        unit=_(unit))
    keep = [c for c in rows.columns if c not in ("subject", "label", "subject_words", "label_words", "source_grade", "source_label")]
    return finish(claims, chart_id, title, figure, rows[keep], [dataset, "sources", "disputes"], note, alt, filters)


def subject_ranges_chart(claims, chart_id: str, title: str, dataset: str, rows: pd.DataFrame, subject_label,
                         unit: str, filters: dict | None = None) -> Chart:
    """Too many claims to draw one by one: one bar per subject from its lowest to its highest claim, with counts.

    Still nothing averaged: the bar's ends are claims as stated, and every claim stays in the rows behind the chart."""
    from dashboard.figures.disputes import claim_high, claim_low

    columns = list(get_spec(dataset).dispute_columns)
    rows = rows.assign(claim_low=claim_low(rows).astype(float), claim_high=claim_high(rows).astype(float))
    summary = rows.groupby(columns, sort=False).agg(low=("claim_low", "min"), high=("claim_high", "max"),
                                                     claims=("source_id", "size"), sources=("source_id", "nunique")).reset_index()
    summary["subject"] = summary.apply(subject_label, axis=1)
    summary = summary.sort_values("subject")
    xs, ys = [], []
    for __, s in summary.iterrows():
        xs += [s["low"], s["high"], None]
        ys += [s["subject"], s["subject"], None]
    figure = go.Figure(go.Scatter(x=xs, y=ys, mode="lines+markers", name=_("Lowest to highest claim"), line=dict(color="#0072B2", width=7),
                                  marker=dict(symbol="line-ns", size=12, line=dict(width=2, color="#0072B2")), hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=summary["high"], y=summary["subject"], mode="text", showlegend=False, textposition="middle right",
        # Translators: beside a bar spanning a subject's claims: its lowest and highest figure, then counts.
        text=["  " + _("{low}-{high} · {claims}, {sources}").format(
            low=number(s["low"], digits=0), high=number(s["high"], digits=0),
            claims=ngettext("{n} claims", "{n} claims", s["claims"]).format(n=number(s["claims"])),
            sources=ngettext("{n} sources", "{n} sources", s["sources"]).format(n=number(s["sources"])))
            for _row, s in summary.iterrows()],
        hoverinfo="skip"))
    base_layout(figure, height=max(320, 170 + 34 * len(summary)))
    # Translators: a value axis's title; {unit} is what is counted (people, patients, ...).
    figure.update_xaxes(title_text=_("{unit} (lowest to highest claim)").format(unit=_(unit)), rangemode="tozero",
                        range=[0, float(summary["high"].max()) * 1.6],
                        separatethousands=True)
    figure.update_yaxes(autorange="reversed", title_text="")
    figure.update_layout(margin=dict(l=left_margin_for(summary["subject"].tolist()), r=30))
    note = dispute_note(claims.disputes, dataset, rows, columns, subject_label, basis=claims.frame(dataset))
    alt = _("{claims} are too many to draw one by one: each bar spans the lowest to the highest claim about one subject. "
            "Filter by side or claimant's party, or open the rows behind the chart, to see each claim.").format(
        claims=ngettext("{n} claims", "{n} claims", len(rows)).format(n=number(len(rows))))
    keep = [c for c in rows.columns if c not in ("claim_low", "claim_high", "source_grade")]
    return finish(claims, chart_id, title, figure, rows[keep], [dataset, "sources", "disputes"], note, alt, filters)
