"""Blockade supplies: each commodity's claims before the blockade (or expected without it) beside those during it,
paired only in the same unit, a gap said where one side has no figure, human names for every measure, and the
measure kept in the URL."""
import csv
from decimal import Decimal

import pytest
from claims_fixtures import small_claims
from test_pages import figures, open_page

from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.catalog import build_chart
from dashboard.figures.charts.paired_chart import SIDES, measures_drawn_with, paired_subjects
from dashboard.figures.wording import measure_label
from schemas.registry import DATASETS_DIR, get_spec
from schemas.vocab import METRIC_LABELS

GOODS = dict(topic="supplies", commodity="goods", claimed_by="NK Human Rights Defender", claimant_party="nagorno_karabakh_authorities",
             source_id="hrw", as_of="2023-05-11", date_basis="derived")
EXPECTED_GOODS = dict(GOODS, metric="tonnes_expected_without_blockade", unit="tonnes", period="during_blockade", value_best=60000)
IMPORTED_GOODS = dict(GOODS, metric="tonnes_imported_cumulative", unit="tonnes", period="during_blockade", value_best=4623, qualifier="about")
FOOD_PER_DAY = dict(topic="supplies", commodity="food", metric="tonnes_per_day", unit="tonnes per day", period="before_blockade",
                    value_best=400, claimed_by="CSI", claimant_party="independent", source_id="mfa")
VEHICLES = dict(topic="vehicles", commodity="vehicles", period="during_blockade", as_of="2023-05-11", claimed_by="NK government",
                claimant_party="nagorno_karabakh_authorities", source_id="hrw")


def supplies_chart(rows: list[dict], **filters):
    return build_chart("blockade-supplies", small_claims(blockade_supplies=rows), filters)


def trace(chart, name: str):
    return next(t for t in chart.figure.data if t.name == name)


def marks(chart) -> list[tuple[float, str, str, str]]:
    """Each claim's mark as (value, side, commodity row, claimant row); legend-only entries draw no point."""
    names = {side.name: key for key, side in SIDES.items()}
    return sorted((x, names[t.name], subject, row) for t in chart.figure.data if t.name in names and t.showlegend is False
                  for x, subject, row in zip(t.x, *t.y))


def gaps(chart) -> list[tuple[str, str, str]]:
    gap = [t for t in chart.figure.data if t.name == "gap"]
    return [(subject, row, text.strip()) for t in gap for subject, row, text in zip(*t.y, t.text)]


def test_a_commodity_stated_for_both_sides_in_the_same_unit_is_one_row_joined_by_a_line():
    chart = supplies_chart([EXPECTED_GOODS, IMPORTED_GOODS], metric="tonnes_imported_cumulative")
    assert marks(chart) == [(4623.0, "during", "Goods", "NK Human Rights Defender<br>(2023-05-11)"),
                            (60000.0, "expected", "Goods", "NK Human Rights Defender<br>(2023-05-11)")]
    assert list(trace(chart, "joined").x) == [4623.0, 60000.0, None]
    assert gaps(chart) == [] and "side by side in the same unit for: Goods." in chart.alt_text
    assert chart.title == "Goods brought in: during the blockade against the tonnage expected without it"


def test_picking_either_measure_of_a_comparison_draws_both():
    claims = small_claims(blockade_supplies=[EXPECTED_GOODS, IMPORTED_GOODS])
    for metric in ("tonnes_expected_without_blockade", "tonnes_imported_cumulative"):
        chart = build_chart("blockade-supplies", claims, {"metric": metric})
        assert sorted(chart.rows["value_best"]) == [4623, 60000] and chart.filters["metric"] == metric


def test_a_commodity_with_only_before_claims_gets_a_gap_row_and_no_made_up_during_figure():
    chart = supplies_chart([FOOD_PER_DAY, dict(IMPORTED_GOODS, commodity="food")], metric="tonnes_per_day")
    assert marks(chart) == [(400.0, "before", "Food", "CSI")]  # the food tonnes of another measure are not divided into days
    assert gaps(chart) == [("Food", "During the blockade", "no figure in tonnes per day in the data: the gap is left open")]
    assert "No figure on the other side for: Food." in chart.alt_text
    assert chart.title == "Goods carried in per day, before and during the blockade"


def test_claims_in_different_units_are_never_paired():
    expected = dict(VEHICLES, metric="vehicle_crossings_expected", unit="vehicle entries and exits", value_best=138000)
    counted = dict(VEHICLES, metric="vehicle_crossings_cumulative", unit="vehicles", value_best=2558)
    chart = supplies_chart([expected, counted], metric="vehicle_crossings_cumulative")
    assert not [t for t in chart.figure.data if t.name == "joined"]
    assert gaps(chart) == [("Vehicles (vehicle<br>entries and exits)", "During the blockade",
                            "no figure in vehicle entries and exits in the data: the gap is left open"),
                           ("Vehicles (vehicles)", "Expected without it", "no figure in vehicles in the data: the gap is left open")]
    assert chart.figure.layout.xaxis.title.text == "Vehicle entries and exits or vehicles (as each source states it)"


def test_a_gap_made_by_the_party_filter_says_so_instead_of_saying_the_data_has_none():
    before = dict(FOOD_PER_DAY, commodity="goods")
    during = dict(before, period="during_blockade", value_best=20, claimed_by="Azerbaijan MFA", claimant_party="azerbaijan")
    assert len(paired_subjects(small_claims(blockade_supplies=[before, during]).frame("blockade_supplies"))) == 1
    chart = supplies_chart([before, during], metric="tonnes_per_day", party="independent")
    assert gaps(chart) == [("Goods", "During the blockade", "only from a claimant's party not selected")]


def test_a_figure_for_the_other_side_under_another_measure_is_named_not_paired():
    weekly = dict(FOOD_PER_DAY, metric="tonnes_per_day_on_convoy_days", period="during_blockade", value_best=15)
    chart = supplies_chart([FOOD_PER_DAY, weekly], metric="tonnes_per_day")
    assert [m[0] for m in marks(chart)] == [400.0]
    assert gaps(chart)[0][2] == "none for this measure (\u201cTonnes per day on convoy days\u201d is another quantity)"


def test_a_measure_that_already_compares_gets_no_gap_rows():
    factor = dict(GOODS, metric="shortfall_factor", unit="times less than expected", period="during_blockade", value_best=13)
    chart = supplies_chart([factor], metric="shortfall_factor")
    assert gaps(chart) == [] and [m[0] for m in marks(chart)] == [13.0]
    assert "itself the source's comparison" in chart.alt_text


def test_no_measure_or_an_unknown_one_draws_the_measure_that_pairs_most_commodities():
    rows = [FOOD_PER_DAY, dict(FOOD_PER_DAY, claimed_by="Other", value_best=380), EXPECTED_GOODS, IMPORTED_GOODS]
    for chosen in ({}, {"metric": ""}, {"metric": "no_such_metric"}):
        chart = supplies_chart(rows, **chosen)
        assert chart.filters["metric"] == "tonnes_expected_without_blockade"  # pairs 1 commodity; tonnes per day pairs none
        assert sorted(chart.rows["value_best"]) == [4623, 60000]


@pytest.fixture(scope="module")
def shipped():
    return claims_from_folder()


def shipped_csv() -> list[dict]:
    """The shipped file read as text, apart from the app's parsing: what a source stated is what is written there."""
    with open(DATASETS_DIR / get_spec("blockade_supplies").file_name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def supply_measures() -> list[str]:
    return sorted({r["metric"] for r in shipped_csv() if r["topic"] in ("supplies", "vehicles")})


def test_every_metric_in_the_shipped_csv_has_a_human_name():
    metrics = {r["metric"] for r in shipped_csv()}
    assert metrics - set(METRIC_LABELS) == set(), "add a label to schemas.vocab.METRIC_LABELS"
    assert len(set(METRIC_LABELS.values())) == len(METRIC_LABELS), "two measures share a name"
    assert all(measure_label(m) == METRIC_LABELS[m] and "_" not in METRIC_LABELS[m] for m in metrics)
    assert measure_label("tonnes_per_week") == "Tonnes per week"  # a measure added later reads as words, not a slug


@pytest.mark.parametrize("metric", supply_measures())
def test_each_shipped_measure_draws_every_claim_with_its_source_and_no_figure_the_csv_does_not_state(shipped, metric):
    chart = build_chart("blockade-supplies", shipped, {"metric": metric})
    drawn = [r for r in shipped_csv() if r["topic"] in ("supplies", "vehicles") and r["metric"] in measures_drawn_with(metric)]
    assert chart.filters["metric"] == metric
    assert len(chart.rows) == len(drawn) and sorted(chart.rows["ref_id"]) == sorted(r["ref_id"] for r in drawn)
    assert set(chart.rows["source_id"]) <= {s.source_id for s in chart.sources}
    stated = {Decimal(r[c]) for r in drawn for c in ("value_best", "value_low", "value_high") if r[c]}
    plotted = {Decimal(str(x)) for t in chart.figure.data if t.mode != "text" for x in (() if t.x is None else t.x) if x is not None}
    assert plotted and plotted <= stated, f"{metric}: drawn {sorted(plotted - stated)} that the file does not state"
    ranges = [t for t in chart.figure.data if t.mode == "lines+markers+text"]  # a range alone: one line per claim
    assert len(marks(chart)) - 2 * len(ranges) + len(ranges) == len(drawn)


def test_shipped_data_pairs_goods_vehicles_and_people_and_leaves_the_per_day_figures_unpaired(shipped):
    rows = shipped.frame("blockade_supplies")

    def pairs(metric: str):
        return paired_subjects(rows[rows["metric"].isin(measures_drawn_with(metric))])

    assert pairs("tonnes_imported_cumulative") == [("goods", "tonnes")]
    assert pairs("vehicle_crossings_cumulative") == [("vehicles", "vehicle entries and exits")]
    assert pairs("person_crossings_cumulative") == [("people", "person entries and exits")]
    for per_day in ("tonnes_per_day", "vehicles_per_day", "people_per_day"):
        chart = build_chart("blockade-supplies", shipped, {"metric": per_day})
        assert pairs(per_day) == [] and {row for _, row, _ in gaps(chart)} == {"During the blockade"}
    joined = trace(build_chart("blockade-supplies", shipped), "joined")
    assert [x for x in joined.x if x is not None] == [2558.0, 138000.0, 2842.0, 165600.0]  # each source's own pair


def test_the_page_opens_on_the_measure_in_the_url_and_keeps_the_readers_choice_there(shipped):
    app = open_page("blockade", measure="tonnes_per_day")
    assert app.selectbox(key="url-measure").value == "tonnes_per_day"
    assert figures(app)[1].layout.title.text == build_chart("blockade-supplies", shipped, {"metric": "tonnes_per_day"}).title
    app.selectbox(key="url-measure").set_value("trucks_in_convoy").run()
    assert app.query_params["measure"] == "trucks_in_convoy"  # a copied link opens on it
    assert figures(app)[1].layout.title.text.startswith("Trucks in one convoy")


def test_an_unknown_measure_in_the_url_opens_on_the_default(shipped):
    app = open_page("blockade", measure="no_such_measure")
    default = build_chart("blockade-supplies", shipped)
    assert app.selectbox(key="url-measure").value == default.filters["metric"]
    assert figures(app)[1].layout.title.text == default.title
    assert measure_label(default.filters["metric"]) in app.selectbox(key="url-measure").options
