"""Every chart of the dashboard by id: which page shows it and how it is built from the current claims.

Pages and the export command both build charts through `build_chart`, so a chart looks the same on screen and
in a report.

Titles are written here in English and marked N_ (the charts translate the title they are given); an entry's `title`
is in the reader's language, `title_id` the English message id.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.figures.charts.base import Chart, add_provenance
from dashboard.figures.charts.claims_chart import claims_chart
from dashboard.figures.charts.paired_chart import (
    SELF_COMPARING,
    blockade_side,
    measure_title,
    measures_drawn_with,
    paired_chart,
    paired_subjects,
)
from dashboard.figures.charts.summary_charts import KeyFigure, key_figures_chart, sourced_table_chart
from dashboard.figures.charts.time_charts import (
    arrivals_chart,
    blockade_events_chart,
    claims_over_time_chart,
    episodes_timeline_chart,
    new_arrivals_chart,
)
from dashboard.figures.permalink import permalink, public_url
from dashboard.figures.wording import label, measure_label, value_label, value_words
from i18n import N_, _
from schemas.registry import get_spec
from schemas.vocab import CONFLICT_LABELS, conflict_label, side_label


def casualty_subject(row) -> str:
    # Translators: a casualty subject: a category (military, civilian, total), then an outcome (killed, wounded ...).
    what = _("{category} {outcome}").format(category=value_words("category", row["category"]),
                                            outcome=value_words("outcome", row["outcome"]))
    return f"{side_label(row['side'])} · {what}"


def displacement_subject(row) -> str:
    return f"{value_label('group', row['group'])} · {value_words('status', row['status'])}"


def unit_title(dataset: str) -> str:
    """The value axis of a chart of a dataset: its unit, capitalised, in the reader's language ('People')."""
    return value_label("unit", get_spec(dataset).unit("value_best"))


def apply_filters(rows: pd.DataFrame, filters: dict) -> pd.DataFrame:
    """Filters shared by pages: side and claimant's party (comma-separated lists); empty means all."""
    for column, key in (("side", "side"), ("claimant_party", "party")):
        wanted = [v for v in str(filters.get(key, "")).split(",") if v]
        if wanted and column in rows:
            rows = rows[rows[column].isin(wanted)]
    return rows


def casualty_subject_with_episode(row) -> str:
    """For a chart of several episodes (the named strikes of 2020), each subject says which one."""
    return f"{conflict_label(row['conflict'])} · {casualty_subject(row)}"


def _casualties(conflicts: tuple[str, ...], title: str, categories: tuple[str, ...] = ()):
    def build(claims, filters) -> Chart:
        rows = claims.frame("casualties")
        rows = rows[rows["conflict"].isin(conflicts)]
        if categories:
            rows = rows[rows["category"].isin(categories)]
        subject = casualty_subject if len(conflicts) == 1 else casualty_subject_with_episode
        return claims_chart(claims, "", title, "casualties", apply_filters(rows, filters), subject, unit_title("casualties"), filters)

    return build


def _displacement(conflicts: tuple[str, ...], title: str):
    def build(claims, filters) -> Chart:
        rows = claims.frame("displacement")
        rows = rows[rows["conflict"].isin(conflicts)]
        return claims_chart(claims, "", title, "displacement", apply_filters(rows, filters), displacement_subject, unit_title("displacement"), filters)

    return build


def _population(title: str):
    def build(claims, filters) -> Chart:
        rows = apply_filters(claims.frame("population"), filters)
        return claims_chart(claims, "", title, "population", rows,
                            lambda r: f"{value_label('reference_point', r['reference_point'])} · {value_words('group', r['group'])}",
                            unit_title("population"), filters)

    return build


def _peacekeepers(title: str):
    def build(claims, filters) -> Chart:
        rows = apply_filters(claims.frame("peacekeepers"), filters)
        return claims_chart(claims, "", title, "peacekeepers", rows,
                            lambda r: f"{value_label('measure', r['measure'])} · {value_words('basis', r['basis'])}",
                            # Translators: the value axis of the peacekeeping contingent's chart.
                            _("Personnel or vehicles"), filters)

    return build


def _supplies(claims, filters) -> Chart:
    """One measure against normal times, per commodity (the page lets the reader pick it; default: the measure that
    pairs most commodities): with it, the measure stating the same quantity for the other side, where there is one."""
    rows = claims.frame("blockade_supplies")
    rows = rows[rows["topic"].isin(["supplies", "vehicles"])]
    metric = filters.get("metric")
    if metric not in set(rows["metric"]):  # none chosen, or one the data no longer holds: the default, not an empty chart
        metric = _most_compared(rows)
    drawn = rows[rows["metric"].isin(measures_drawn_with(metric))]
    return paired_chart(claims, "", measure_title(metric), "blockade_supplies", apply_filters(drawn, filters),
                        lambda r: label(r["commodity"]), blockade_side, {**filters, "metric": metric}, basis=rows,
                        measures=measures_drawn_with(metric), self_comparing=metric in SELF_COMPARING)


def _most_compared(rows: pd.DataFrame) -> str:
    """The measure whose chart pairs most commodities (normal times and the blockade in one unit), then the one with
    most claims; ties go to the first by name, so the default does not change from one run to the next."""
    if rows.empty:
        return ""
    counts = rows["metric"].value_counts()

    def score(metric: str) -> tuple[int, int]:
        return len(paired_subjects(rows[rows["metric"].isin(measures_drawn_with(metric))])), int(counts[metric])

    return max(sorted(counts.index), key=score)


def _evacuations(claims, filters) -> Chart:
    rows = claims.frame("blockade_supplies")
    rows = rows[(rows["topic"] == "medical_evacuations") & rows["metric"].str.contains("cumulative")]
    return claims_over_time_chart(claims, "", N_("ICRC-facilitated medical evacuations from Nagorno-Karabakh to Armenia, cumulative"),
                                  "blockade_supplies", apply_filters(rows, filters), value_words("unit", "patients"),
                                  _("Patients transferred (cumulative, as stated)"),
                                  subject_label=lambda r: f"{measure_label(r['metric'])}, {r['as_of']}")


def _shortages(claims, filters) -> Chart:
    rows = claims.frame("blockade_supplies")
    rows = rows[rows["topic"].isin(["shortages", "energy", "economy", "births_health", "population_affected", "deaths"])]
    return sourced_table_chart(claims, "", N_("Shortages, energy and living conditions during the blockade"), "blockade_supplies",
                               apply_filters(rows, filters), lambda r: f"{label(r['commodity'])}: {measure_label(r['metric'])}")


def _exodus_topic(topic: str, title: str, in_date_order: bool = False):
    """A claims chart of one topic of exodus_figures in one unit; `in_date_order`: categories in the order of their
    first figure (as_of), so a reader follows how the figures developed."""
    def build(claims, filters) -> Chart:
        rows = claims.frame("exodus_figures")
        rows = rows[rows["topic"] == topic]
        unit = filters.get("unit") or (rows["unit"].value_counts().idxmax() if not rows.empty else "people")
        rows = rows[rows["unit"] == unit]
        return claims_chart(claims, "", title, "exodus_figures", apply_filters(rows, filters), lambda r: label(r["category"]),
                            value_label("unit", unit), {**filters, "unit": unit}, subjects_by_date=in_date_order)

    return build


# English, marked N_: the key figures chart translates the episode and the quantity.
KEY_FIGURES = [
    KeyFigure(CONFLICT_LABELS["first_war"], N_("deaths, all sides"), "casualties",
              {"conflict": "first_war", "side": "all", "category": "total", "outcome": "killed"}),
    KeyFigure(CONFLICT_LABELS["first_war"], N_("people displaced, all groups"), "displacement",
              {"conflict": "first_war", "group": "all_displaced", "status": "displaced"}),
    KeyFigure(CONFLICT_LABELS["first_war"], N_("Azerbaijanis displaced from Nagorno-Karabakh and the districts around it (IDPs)"),
              "displacement", {"conflict": "first_war", "group": "azerbaijanis_from_nk_and_districts", "status": "idp"}),
    KeyFigure(CONFLICT_LABELS["khojaly_1992"], N_("civilians killed"), "casualties",
              {"conflict": "khojaly_1992", "side": "azerbaijani", "category": "civilian", "outcome": "killed"}),
    KeyFigure(CONFLICT_LABELS["april_2016"], N_("deaths, all sides"), "casualties",
              {"conflict": "april_2016", "side": "all", "category": "total", "outcome": "killed"}),
    KeyFigure(CONFLICT_LABELS["second_war"], N_("military deaths, Armenian side"), "casualties",
              {"conflict": "second_war", "side": "armenian", "category": "military", "outcome": "killed"}),
    KeyFigure(CONFLICT_LABELS["second_war"], N_("military deaths, Azerbaijani side"), "casualties",
              {"conflict": "second_war", "side": "azerbaijani", "category": "military", "outcome": "killed"}),
    KeyFigure(CONFLICT_LABELS["blockade"], N_("people under blockade"), "population", {"reference_point": "blockade_2022_2023", "group": "all"}),
    KeyFigure(CONFLICT_LABELS["offensive_2023"], N_("deaths, Armenian side"), "casualties",
              {"conflict": "offensive_2023", "side": "armenian", "outcome": "killed", "category": "total"}),
    KeyFigure(CONFLICT_LABELS["fuel_depot_2023"], N_("deaths"), "casualties",
              {"conflict": "fuel_depot_2023", "side": "armenian", "category": "total", "outcome": "killed"}),
    KeyFigure(CONFLICT_LABELS["exodus_2023"], N_("people registered as arrived in Armenia"), "exodus_figures",
              {"topic": "total", "category": "registered", "unit": "people"}),
]


@dataclass(frozen=True)
class ChartEntry:
    chart_id: str
    page: str
    title_id: str  # the English title, marked N_ where it is written: the message id
    build: Callable[..., Chart]
    section: str = ""  # the heading the page shows it under: a conflict id (vocab.conflict_label names it)

    @property
    def title(self) -> str:
        """The title in the reader's language."""
        return _(self.title_id)


POPULATION_TITLE = N_("Population of Nagorno-Karabakh: census figures, estimates and contested claims")


def _entries() -> list[ChartEntry]:
    # (chart id, title, build for that title, section): each title written once, in English (marked N_).
    wars = [
        ("wars-first-war-casualties", N_("First war, 1988-1994: deaths and missing, every claim"), lambda title: _casualties(("first_war",), title), "first_war"),
        ("wars-first-war-displacement", N_("First war: people displaced, every claim"), lambda title: _displacement(("first_war",), title), "first_war"),
        ("wars-khojaly", N_("Khojaly (Xocalı), 25-26 February 1992: deaths and wounded, every claim"), lambda title: _casualties(("khojaly_1992",), title), "khojaly_1992"),
        ("wars-april-2016", N_("April 2016 clashes: deaths, wounded and missing, every claim"), lambda title: _casualties(("april_2016",), title), "april_2016"),
        ("wars-april-2016-displacement", N_("April 2016: people displaced"), lambda title: _displacement(("april_2016",), title), "april_2016"),
        ("wars-2020-military", N_("Second war, 2020: military deaths and missing as each source stated them"), lambda title: _casualties(("second_war",), title, ("military", "total")), "second_war"),
        ("wars-2020-civilian", N_("Second war, 2020: civilian deaths and wounded"), lambda title: _casualties(("second_war",), title, ("civilian",)), "second_war"),
        ("wars-2020-strikes", N_("Second war, 2020: named strikes on Ganja/Gəncə and Barda/Bərdə, every claim"),
         lambda title: _casualties(("ganja_strikes_2020", "ganja_2020_10_11", "ganja_2020_10_17", "barda_2020_10_28"), title),
         "second_war"),
        ("wars-2020-mines", N_("Mine and unexploded-ordnance victims since the November 2020 ceasefire, as each source stated them"),
         lambda title: _casualties(("mines_after_2020",), title), "second_war"),
        ("wars-2020-displacement", N_("Second war, 2020: people displaced"), lambda title: _displacement(("second_war",), title), "second_war"),
        ("wars-2020-peacekeepers", N_("Russian peacekeeping contingent, November 2020: agreed and deployed strength"), _peacekeepers, "second_war"),
        ("wars-2023-offensive", N_("September 2023 offensive: deaths, wounded and missing"), lambda title: _casualties(("offensive_2023",), title), "offensive_2023"),
        ("wars-2023-fuel-depot", N_("Fuel-depot explosion near Stepanakert/Khankendi, 25 September 2023"), lambda title: _casualties(("fuel_depot_2023",), title), "fuel_depot_2023"),
    ]
    entries = [ChartEntry("overview-key-figures", "overview", N_("Key figures of each episode"),
                          lambda c, f: key_figures_chart(c, KEY_FIGURES)),
               ChartEntry("overview-timeline", "overview", get_spec("episodes").title,
                          lambda c, f: episodes_timeline_chart(c))]
    entries += [ChartEntry(cid, "wars", title, make(title), section) for cid, title, make, section in wars]
    entries += [
        ChartEntry("blockade-events", "blockade", N_("Blockade events by type"),
                   lambda c, f: blockade_events_chart(c, event_types=[t for t in str(f.get("event_types", "")).split(",") if t],
                                                      start=f.get("from", ""), end=f.get("to", ""))),
        ChartEntry("blockade-supplies", "blockade", N_("Goods, vehicles and people: before and during the blockade"), _supplies),
        ChartEntry("blockade-evacuations", "blockade", N_("ICRC medical evacuations over time"), _evacuations),
        ChartEntry("blockade-shortages", "blockade", N_("Shortages, energy and living conditions"), _shortages),
        ChartEntry("exodus-arrivals", "exodus", N_("Cumulative arrivals in Armenia: the official count by announcement"),
                   lambda c, f: arrivals_chart(c)),
        ChartEntry("exodus-new-arrivals", "exodus", N_("Arrivals per day between official counts (derived)"), lambda c, f: new_arrivals_chart(c)),
        ChartEntry("exodus-totals", "exodus", N_("Totals under each definition"),
                   _exodus_topic("total", N_("The 2023 exodus: totals under each definition, side by side"))),
        ChartEntry("exodus-demographics", "exodus", N_("Who arrived"), _exodus_topic("demographic", N_("Who arrived: demographic breakdown as stated"))),
        ChartEntry("exodus-provinces", "exodus", N_("Where arrivals were accommodated, in date order"),
                   _exodus_topic("province", N_("Where arrivals were accommodated, by province (marz), in the order of each one's first figure"),
                                 in_date_order=True)),
        ChartEntry("exodus-population", "exodus", POPULATION_TITLE, _population(POPULATION_TITLE)),
    ]
    return entries


CATALOG: dict[str, ChartEntry] = {entry.chart_id: entry for entry in _entries()}


def build_chart(chart_id: str, claims, filters: dict | None = None, base_url: str | None = None) -> Chart:
    """Build one chart from the current claims, with the dashboard's link to its view (at `base_url`, else
    permalink.public_url()) written under it; unknown ids raise KeyError."""
    entry = CATALOG[chart_id]
    chart = entry.build(claims, dict(filters or {}))
    chart.chart_id = chart_id
    chart.permalink = permalink(entry.page, chart.filters, entry.section if entry.page == "wars" else "", base_url or public_url())
    return add_provenance(chart)


def charts_of_page(page: str) -> list[ChartEntry]:
    return [entry for entry in CATALOG.values() if entry.page == page]
