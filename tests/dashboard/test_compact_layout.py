"""The phone layout (charts.compact) and the permalink written under every chart."""
import html

import plotly.graph_objects as go
import pytest
from claims_fixtures import small_claims

from dashboard.figures.catalog import CATALOG, build_chart
from dashboard.figures.charts.base import PROVENANCE, provenance_lines
from dashboard.figures.charts.compact import LINE_CHARS, compact_figure
from dashboard.figures.permalink import PUBLIC_URL_ENV, permalink, public_url


def footer(figure: dict) -> str:
    return next(a["text"] for a in figure["layout"]["annotations"] if a.get("name") == PROVENANCE)


def test_a_claims_chart_on_a_phone_writes_each_label_on_the_line_above_its_mark():
    chart = build_chart("wars-khojaly", small_claims())
    figure = compact_figure(chart)
    assert figure["layout"]["yaxis"]["showticklabels"] is False and figure["layout"]["margin"]["l"] <= 10
    labels = [a for a in figure["layout"]["annotations"] if a.get("yref") == "y"]
    claimants = set(chart.rows["claimed_by"])
    # every claim has its label, and every subject its heading, placed on a category of the flat axis
    assert {c for c in claimants if any(a["text"].startswith(c[:20]) for a in labels)} == claimants
    assert any(a["text"].startswith("<b>Azerbaijani side") for a in labels)
    top = figure["layout"]["yaxis"]["range"][0]
    assert all(0 <= a["y"] <= figure["layout"]["yaxis"]["range"][0] for a in labels)
    marks = [y for t in figure["data"] for y in (t.get("y") or []) if y is not None]
    assert marks and all(0 < y < top for y in marks)


def test_the_phone_layout_leaves_the_chart_it_came_from_unchanged():
    chart = build_chart("wars-khojaly", small_claims())
    before = chart.figure.to_json()
    compact_figure(chart)
    assert chart.figure.to_json() == before


@pytest.mark.parametrize("chart_id", sorted(CATALOG))
def test_every_chart_has_a_phone_layout_with_short_lines_the_legend_under_the_plot_and_the_permalink(shipped, chart_id):
    chart = build_chart(chart_id, shipped)
    figure = compact_figure(chart)
    go.Figure(figure)  # plotly accepts it
    text = html.unescape(footer(figure))
    assert all(len(line) <= LINE_CHARS for line in text.split("<br>"))
    assert chart.permalink in text.replace("<br>", "")  # a long link is cut in pieces that follow each other
    layout = figure["layout"]
    if layout.get("legend"):
        legend_top = layout["legend"]["y"] * layout["height"]  # pixels from the bottom
        assert legend_top <= layout["margin"]["b"], "the legend sits under the plot, above the footer"
    assert all(len(line) <= 40 for line in layout["title"]["text"].split("<br>"))


@pytest.fixture(scope="module")
def shipped():
    from dashboard.figures.bundle import claims_from_folder

    return claims_from_folder()


def test_the_permalink_names_the_page_the_episode_and_the_filters_a_page_reads():
    assert permalink("wars", {"side": "armenian", "party": ""}, "khojaly_1992", "https://d.example/") == \
        "https://d.example/wars?episode=khojaly_1992&side=armenian"
    # chart filters are written as the page's own URL parameters; ones the page does not read are left out
    assert permalink("blockade", {"event_types": "gas_cut,protest", "metric": "tonnes_per_day", "unit": "t"}, base="https://d.example") == \
        "https://d.example/blockade?events=gas_cut,protest&measure=tonnes_per_day"
    assert permalink("overview", {}, base="https://d.example") == "https://d.example/"


def test_the_public_address_is_the_configured_one_else_the_one_the_reader_came_by(monkeypatch):
    monkeypatch.delenv(PUBLIC_URL_ENV, raising=False)
    assert public_url("http://10.0.0.5:8501/wars?side=x") == "http://10.0.0.5:8501"
    assert public_url("javascript:alert(1)") == "http://localhost:8501"
    monkeypatch.setenv(PUBLIC_URL_ENV, "https://karabakh-data.example.org/")
    assert public_url("http://10.0.0.5:8501/") == "https://karabakh-data.example.org"


def test_every_chart_carries_its_view_link_in_its_footer(monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_ENV, "https://d.example")
    chart = build_chart("wars-khojaly", small_claims(), {"side": "azerbaijani"})
    assert chart.permalink == "https://d.example/wars?episode=khojaly_1992&side=azerbaijani"
    assert provenance_lines(chart)[-1] == f"View online: {chart.permalink}"
    assert sum(1 for a in chart.figure.layout.annotations if a.name == PROVENANCE) == 1


def test_a_chart_with_a_value_axis_keeps_its_values_on_a_phone(shipped):
    """Counts over time: the y axis stays a value axis (plotly hands numbers over as typed arrays, not labels)."""
    chart = build_chart("exodus-new-arrivals", shipped)
    figure = compact_figure(chart)
    assert figure["layout"]["yaxis"].get("type") != "category" and figure["layout"]["yaxis"].get("showticklabels") is not False
    assert not [a for a in figure["layout"]["annotations"] if a.get("yref") == "y"]
    assert figure["data"][0]["y"] == chart.figure.to_dict()["data"][0]["y"]  # the values themselves, untouched
