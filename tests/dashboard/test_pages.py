"""Every page through Streamlit's AppTest: it runs, draws its charts, and names every source and dispute."""
import base64
import re
from pathlib import Path

import numpy as np
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.catalog import CATALOG, charts_of_page
from dashboard.ui.markdown import md_escape

ROOT = Path(__file__).resolve().parents[2]

APP = str(ROOT / "dashboard" / "app.py")


def open_page(page: str, **query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def figures(app: AppTest) -> list:
    return [pio.from_json(element.proto.spec) for element in app.get("plotly_chart")]


def values(array) -> list:
    """Trace data as a list, decoding plotly's base64 typed arrays ({'dtype', 'bdata'})."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array) if array is not None else []


def page_text(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [w.value for w in app.warning]
    parts += [e.label for e in app.expander]
    return "\n".join(parts)


def titles(app: AppTest) -> list[str]:
    return [f.layout.title.text for f in figures(app)]


@pytest.fixture(scope="module")
def shipped():
    return claims_from_folder()


def assert_sources_named(app: AppTest, shipped, chart_ids) -> None:
    """Each chart's sources appear on the page, by publisher (and, behind the expander, by title)."""
    from dashboard.figures.catalog import build_chart

    text = page_text(app)
    for chart_id in chart_ids:
        chart = build_chart(chart_id, shipped)
        missing = [s.publisher for s in chart.sources if md_escape(s.publisher) not in text]
        assert not missing, f"{chart_id}: sources not named on the page: {missing[:5]}"


def test_overview_shows_key_figures_and_timeline_with_their_sources(shipped):
    app = open_page("overview")
    assert titles(app) == [CATALOG["overview-key-figures"].build(shipped, {}).title, "Episodes of the conflict, 1988-2023"]
    assert_sources_named(app, shipped, ["overview-key-figures", "overview-timeline"])
    assert "**Disputed:**" in page_text(app)


@pytest.mark.parametrize("episode", ["first_war", "khojaly_1992", "april_2016", "second_war", "offensive_2023", "fuel_depot_2023"])
def test_wars_page_draws_every_chart_of_the_episode(shipped, episode):
    app = open_page("wars", episode=episode)
    expected = [e.chart_id for e in charts_of_page("wars") if e.section == episode]
    assert len(figures(app)) == len(expected)
    assert_sources_named(app, shipped, expected)


def test_khojaly_dispute_note_names_both_positions(shipped):
    app = open_page("wars", episode="khojaly_1992")
    assert [w.value for w in app.warning][0].startswith("**Disputed:** sources disagree")
    who_says_what = " ".join(m.value for e in app.expander if e.label == "Who says what" for m in e.markdown)
    assert "613" in who_says_what and "161" in who_says_what
    claims_on_chart = {x for f in figures(app) for t in f.data for x in values(t.x)}
    assert {613.0, 161.0} <= claims_on_chart


def test_wars_side_filter_comes_from_the_url_and_limits_the_claims():
    app = open_page("wars", episode="first_war", side="all")
    casualties = figures(app)[0]  # the displacement chart has no side
    labels = [label for t in casualties.data for label in t.y[0]]
    assert labels and all(label.startswith("All sides") for label in labels)


def test_blockade_page_draws_events_supplies_evacuations_and_shortages(shipped):
    app = open_page("blockade")
    assert len(figures(app)) == 4
    assert_sources_named(app, shipped, ["blockade-events", "blockade-evacuations"])
    events = figures(app)[0]
    plotted = {str(x)[:10] for t in events.data if t.mode == "markers" for x in t.x}
    assert plotted == set(shipped.frame("blockade_events")["date"])


def test_exodus_series_has_every_announcement_of_the_dataset(shipped):
    app = open_page("exodus")
    assert len(figures(app)) == 6  # the last is the population before the exodus
    cumulative = figures(app)[0]
    arrivals = shipped.frame("refugee_arrivals_2023")
    # one mark per announcement: relays of the same count are folded into it, and its hover counts them all
    hovers = [row for t in cumulative.data if t.customdata is not None for row in t.customdata]
    carried = [int(re.search(r"Carried by (\d+) source", row[3]).group(1)) for row in hovers]
    assert sum(carried) == len(arrivals) > len(hovers)
    assert sum(row[3].count("(date derived)") for row in hovers) == (arrivals["date_basis"] == "derived").sum() > 0
    assert "derived" in figures(app)[1].layout.title.text.lower()
    assert_sources_named(app, shipped, ["exodus-totals"])


def test_sources_page_lists_the_registry_and_explains_every_dispute(shipped):
    app = open_page("sources")
    registry = app.dataframe[0].value
    assert len(registry) == len(shipped.sources)
    assert len(app.expander) == len(shipped.disputes)
    assert "khojaly" in page_text(app).lower()


def test_data_page_shows_each_dataset_with_its_schema_from_the_model():
    app = open_page("data")
    assert not app.exception
    app.selectbox(key="dataset-choice").set_value("casualties").run()
    schema = app.dataframe[1].value
    assert list(schema["column"])[:3] == ["ref_id", "conflict", "side"]
    assert "Claimed by" in set(schema["label"])


def test_data_page_shows_empty_cells_empty_and_links_each_claims_source(shipped):
    app = open_page("data")
    app.selectbox(key="dataset-choice").set_value("casualties").run()
    rows = app.dataframe[0].value
    assert rows["value_low"].isna().sum() == 0 and (rows["value_low"] == "").sum() > 0  # no "None" for a gap
    sources = shipped.sources.set_index("source_id")
    first = rows.iloc[0]
    expected = sources.loc[first["source_id"], "original_url"] or sources.loc[first["source_id"], "url"]
    assert first["source link"] == expected


def test_maintain_page_asks_anonymous_visitors_to_log_in_and_offers_no_upload():
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["maintainers"] = {"ana": "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"}
    app.run()
    app.switch_page("views/maintain.py")
    app.run()
    assert not app.exception and not app.get("file_uploader")
    assert [t.label for t in app.text_input] == ["User name", "Password"]
    assert [b.label for b in app.button] == ["Log in"]


def test_blockade_date_window_from_the_url_limits_the_events(shipped):
    app = open_page("blockade", **{"from": "2023-01-01", "to": "2023-01-31"})
    events = figures(app)[0]
    plotted = {str(x)[:10] for t in events.data if t.mode == "markers" for x in t.x}
    dates = shipped.frame("blockade_events")["date"]
    assert plotted == set(dates[(dates >= "2023-01-01") & (dates <= "2023-01-31")])


def test_a_database_that_is_down_gives_a_clear_message_not_a_traceback(monkeypatch):
    import dashboard.ui.data_access as data_access
    from store import StoreUnavailable

    def down():
        raise StoreUnavailable("Cannot reach the database at postgresql://db.example:5432/dashboard (connection refused).")

    monkeypatch.setattr(data_access, "_open_store", down)
    for page in ("overview", "wars", "sources", "maintain"):
        app = AppTest.from_file(APP, default_timeout=60)
        app.secrets["maintainers"] = {"ana": "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"}
        app.run()
        if page != "overview":
            app.switch_page(f"views/{page}.py")
            app.run()
        if page == "maintain":
            app.session_state["maintainer"] = "ana"
            app.run()
        assert not app.exception, page
        assert any("cannot be reached" in e.value for e in app.error), page


def test_a_programming_error_is_not_dressed_up_as_an_outage(monkeypatch):
    import dashboard.ui.data_access as data_access

    def bug():
        raise KeyError("a bug, not a database")

    monkeypatch.setattr(data_access, "_open_store", bug)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()

    # Shown as an error of the app (its details go to the server log, .streamlit/config.toml redacts them on the page)
    assert len(app.exception) == 1 and "This app has encountered an error" in app.exception[0].value
    assert not any("cannot be reached" in e.value for e in app.error)


def test_sources_page_search_from_the_url_counts_and_lists_what_it_found(shipped):
    from dashboard.figures.search import search

    expected = search(shipped, "Khojaly")
    app = open_page("sources", q="Khojaly")
    assert app.text_input(key="search-q").value == "Khojaly"
    counts = f"{len(expected.figures)} figures, {len(expected.sources)} sources and {len(expected.disputes)} dispute"
    assert any(m.value.startswith(counts) for m in app.markdown), counts
    assert [s.value for s in app.subheader] == [f"Figures ({len(expected.figures)})", f"Disputes (1 of {len(shipped.disputes)})",
                                               f"Source registry ({len(expected.sources)} of {len(shipped.sources)})"]
    figures, registry = (d.value for d in app.dataframe)
    assert list(figures["claimed by"]) == list(expected.figures["claimed by"])
    assert set(registry["source_id"]) == set(expected.sources["source_id"])
    assert [e.label for e in app.expander] == [md_escape("Khojaly (Xocalı), Feb 1992 · Azerbaijani side · killed") + " (Deaths, missing and wounded)"]

    typed = "Khojly [x](javascript:alert(1)) :red[x]"  # misspelt, and the query is shown as the characters typed
    app.text_input(key="search-q").set_value(typed).run()
    assert app.query_params["q"] == typed  # the URL keeps the new query
    (nothing,) = [i.value for i in app.info]
    assert f"Nothing matches \u201c{md_escape(typed)}\u201d" in nothing and "other name" in nothing
    assert not app.dataframe and not app.expander
