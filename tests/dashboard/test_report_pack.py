"""A page's report pack: which page and charts, the page's filters from its URL, one PDF of the charts chosen."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from chromium import needs_chromium
from streamlit.testing.v1 import AppTest

from dashboard.export import ChromiumMissing
from dashboard.export.table_paging import table_cells
from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.catalog import CATALOG, build_chart, charts_of_page
from dashboard.ui import report_pack
from dashboard.ui.report_pack import build_pack, catalogue_page, chart_filters, filters_shown, page_params, shown_now

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")





@pytest.fixture(scope="module")
def shipped():
    return claims_from_folder()


def pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def stub_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 36), "white").save(out, format="PNG")
    return out.getvalue()


def test_a_streamlit_page_is_found_in_the_catalogue_by_its_address_or_title():
    assert catalogue_page("", "Overview") == "overview"  # the default page's url_path is ''
    assert catalogue_page("exodus", "Exodus 2023") == "exodus"
    assert catalogue_page("wars", "Wars") == "wars"
    assert catalogue_page("sources", "Sources & disputes") is None and catalogue_page("maintain", "Maintain") is None


def test_the_pack_reads_each_charts_filters_from_the_url_as_its_page_does():
    url = {"side": "armenian,no_such_side", "party": "azerbaijan", "events": "gas_cut,bogus", "from": "2023-01-01", "to": "soon"}
    assert {chart_filters("wars", e.chart_id, url) == {"side": "armenian", "party": "azerbaijan"} for e in charts_of_page("wars")} == {True}
    assert chart_filters("blockade", "blockade-events", url) == {"event_types": "gas_cut", "from": "2023-01-01", "to": ""}
    assert chart_filters("blockade", "blockade-shortages", url) == {"party": "azerbaijan"}
    assert chart_filters("blockade", "blockade-supplies", {"measure": "goods_per_day"}) == {"metric": "goods_per_day", "party": ""}
    assert chart_filters("exodus", "exodus-arrivals", url) == {} and chart_filters("overview", "overview-timeline", url) == {}
    # the same filters the wars page passes, so the page's cached charts are reused
    assert chart_filters("wars", "wars-khojaly", {}) == {"side": "", "party": ""}


def test_the_pages_own_widgets_win_over_the_url():
    state = {"url-party": ["armenia", "russia"], "url-measure": "goods_per_day", "pack-charts-blockade": ["x"], "url-side": []}
    params = page_params({"party": "azerbaijan", "measure": "no_such_measure", "from": "2023-01-01"}, state)
    assert params == {"party": "armenia,russia", "measure": "goods_per_day", "from": "2023-01-01", "side": ""}


def test_the_cover_names_each_filter_in_words_and_the_charts_it_applies_to():
    filters = {"blockade-events": {"event_types": "", "from": "", "to": ""}, "blockade-shortages": {"party": "armenia,azerbaijan"}}
    assert filters_shown(filters) == {"Claimant's party": f"Armenia, Azerbaijan (on 1 of 2 charts: {CATALOG['blockade-shortages'].title})"}
    assert filters_shown(filters, which=False) == {"Claimant's party": "Armenia, Azerbaijan (on 1 of 2 charts)"}
    assert filters_shown({"wars-khojaly": {"side": "all", "party": ""}}) == {"Side (whose losses)": "All sides"}
    assert filters_shown({"exodus-arrivals": {}}) == {}


def test_the_pack_of_chosen_charts_has_a_cover_their_pages_and_their_sources(monkeypatch, shipped):
    from dashboard.export import report

    monkeypatch.setattr(report, "to_png", lambda chart: stub_png())  # layout only: the images are tested in test_export
    chosen = ["blockade-evacuations", "blockade-shortages"]
    filters = {chart_id: chart_filters("blockade", chart_id, {"party": "armenia"}) for chart_id in chosen}
    built = []

    def chart_of(chart_id, chart_filters):
        built.append((chart_id, chart_filters))
        return build_chart(chart_id, shipped, chart_filters)

    pages = pdf_text(build_pack(chosen, filters, chart_of, title="Karabakh displacement, Blockade: charts and sources"))
    assert built == [("blockade-evacuations", {"party": "armenia"}), ("blockade-shortages", {"party": "armenia"})]
    assert pages[0].startswith("Karabakh displacement, Blockade: charts and sources")
    assert "Filters Claimant's party: Armenia" in pages[0] and "2 charts, one per page" in pages[0]
    charts = [chart_of(chart_id, filters[chart_id]) for chart_id in chosen]
    assert charts[0].title in pages[1]
    table = table_cells(charts[1])
    text = " ".join(pages)
    assert all(" ".join(" ".join(cells).split()) in text for cells in table.rows)
    assert not any(build_chart("blockade-events", shipped).title in page for page in pages)  # not chosen, not there
    appendix = " ".join(pages[next(i for i, page in enumerate(pages) if page.startswith("Appendix: sources")):])
    assert all(source.citation in appendix for chart in charts for source in chart.sources)


def open_blockade(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("views/blockade.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def sidebar_captions(app: AppTest) -> list[str]:
    return [c.value for c in app.sidebar.caption]


def test_a_page_offers_its_charts_for_a_pack_with_its_filters_named_and_no_browser_means_a_disabled_button(monkeypatch):
    import dashboard.export
    from dashboard.ui.downloads import chromium_available

    def nowhere():
        raise ChromiumMissing("none")

    monkeypatch.setattr(dashboard.export, "find_chromium", nowhere)
    chromium_available.clear()
    try:
        app = open_blockade(party="armenia")
        assert "Report pack (PDF)" in [e.label for e in app.expander]
        charts = app.multiselect(key="pack-charts-blockade")
        assert charts.value == [e.chart_id for e in charts_of_page("blockade")]  # this page, every chart
        assert charts.options == [e.title for e in charts_of_page("blockade")]
        captions = sidebar_captions(app)
        assert any(c.startswith("Filters, as on this page: Claimant's party: Armenia (on 3 of 4 charts);") for c in captions)
        assert any("needs Chromium on the server" in c for c in captions)
        assert app.button(key="pack-build-blockade").disabled
    finally:
        chromium_available.clear()


@pytest.mark.chromium
@needs_chromium
def test_building_the_pack_on_the_page_offers_its_pdf_for_download(shipped):
    app = open_blockade(party="armenia")
    app.multiselect(key="pack-charts-blockade").set_value(["blockade-shortages"]).run()
    assert not [b for b in app.get("download_button") if b.proto.label.startswith("⬇ Download the PDF")]
    app.button(key="pack-build-blockade").click().run()
    assert not app.exception and not app.error
    [download] = [b for b in app.get("download_button") if b.proto.label.startswith("⬇ Download the PDF")]
    assert re.fullmatch(r"⬇ Download the PDF \(1 chart, [\d,]+ KB\)", download.proto.label)
    _, pdf = app.session_state[report_pack.BUILT]
    pages = pdf_text(pdf)
    assert "Filters Claimant's party: Armenia" in pages[0]
    chart = build_chart("blockade-shortages", shipped, {"party": "armenia"})
    assert all(" ".join(" ".join(cells).split()) in " ".join(pages) for cells in table_cells(chart).rows)
    app.multiselect(key="pack-charts-blockade").set_value(["blockade-shortages", "blockade-evacuations"]).run()
    assert not [b for b in app.get("download_button") if b.proto.label.startswith("⬇ Download the PDF")]  # built for another choice


def test_the_pack_starts_with_the_charts_the_page_shows_the_chosen_episode_on_wars():
    assert shown_now("wars", {"episode": "khojaly_1992"}) == ["wars-khojaly"]
    assert shown_now("wars", {}) == [e.chart_id for e in charts_of_page("wars") if e.section == "first_war"]
    assert shown_now("wars", {"episode": "not-an-episode"}) == shown_now("wars", {})
    assert shown_now("blockade", {"episode": "khojaly_1992"}) == [e.chart_id for e in charts_of_page("blockade")]
