"""The search over figures, claimants, sources and disputes: folded text, numbers, every word, and where a claim is charted."""
import pytest
from claims_fixtures import CASUALTIES, SOURCES, small_claims

from dashboard.figures.bundle import Bundle, claims_from_folder
from dashboard.figures.catalog import CATALOG, build_chart
from dashboard.figures.search import CHARTED_ON, SearchIndex, chart_pointer, fold, query_terms, search
from schemas.registry import DATASETS

GANJA_SOURCE = dict(source_id="gence", publisher="Report.az", title="Gəncə: mülki şəxslər", url="https://report.example/g",
                    published="2020-10", accessed="2026-11-26", kind="media", party="azerbaijan", grade="report")
AFP_SOURCE = dict(source_id="afp", publisher="Agence France-Presse", title="Toll of the war", url="https://afp.example/t",
                  published="2022-07", accessed="2026-11-26", kind="media", party="independent", grade="report")
# A copy: the page read is karabakh.vn's, the original Helsinki Watch's.
COPY_SOURCE = dict(source_id="kvn", publisher="karabakh.vn", title="Excerpts", url="https://kvn.example/e", accessed="2026-11-26",
                   kind="ngo", party="independent", grade="report", original_publisher="Helsinki Watch",
                   original_title="Bloodshed in the Caucasus", original_published="1992-09")
SECOND_WAR = dict(conflict="second_war", side="all", category="total", outcome="killed", period="2020", as_of="2022-07",
                  claimant_party="independent")
MORE_CASUALTIES = [
    dict(SECOND_WAR, value_best=6500, qualifier="more_than", claimed_by="AFP", source_id="afp"),
    dict(SECOND_WAR, value_best=16500, claimed_by="Someone", source_id="afp"),
    dict(SECOND_WAR, conflict="ganja_2020_10_11", category="civilian", value_best=10, claimed_by="Prosecutor General", source_id="gence"),
]


@pytest.fixture(scope="module")
def claims():
    return small_claims(sources=[*SOURCES, GANJA_SOURCE, AFP_SOURCE, COPY_SOURCE], casualties=[*CASUALTIES, *MORE_CASUALTIES])


def claimants(found) -> list[str]:
    return list(found.figures["claimed by"])


def test_text_is_folded_for_case_accents_and_azerbaijani_letters():
    assert fold("XOCALI") == fold("Xocalı") == fold("xocali") == "xocali"
    assert fold("İlham Əliyev") == "ilham eliyev"
    assert fold("Gəncə–Bərdə, 6,500 and 1,000,000") == "gence-berde, 6500 and 1000000"
    assert query_terms('  "Human  Rights Watch"  HRW, (6,500) ') == ["human rights watch", "hrw", "6500"]


def test_a_query_without_accents_finds_the_text_with_them(claims):
    for query in ("xocali", "XOCALİ", "Xocalı"):  # in the conflict's label, Khojaly (Xocalı)
        assert set(claimants(search(claims, query))) == {"Azerbaijan MFA", "Human Rights Watch", "President's press service"}, query
    assert list(search(claims, "gence").sources["source_id"]) == ["gence"]
    assert set(claimants(search(claims, "GƏNCƏ"))) == {"Prosecutor General"}


def test_a_word_matches_at_the_start_of_a_word_but_anywhere_in_an_address_or_id(claims):
    assert "afp" not in set(search(claims, "gence").sources["source_id"])  # not in Agence
    assert list(search(claims, "france").sources["source_id"]) == ["afp"]
    assert list(search(claims, "example/g").sources["source_id"]) == ["gence"]  # https://report.example/g


def test_a_number_matches_with_or_without_separators_and_only_whole(claims):
    for query in ("6500", "6,500", "6\u202f500"):
        assert claimants(search(claims, query)) == ["AFP"], query
    assert claimants(search(claims, "16,500")) == ["Someone"]
    assert claimants(search(claims, "22,000")) == claimants(search(claims, "25000")) == ["ICG"]  # the ends of a range
    assert search(claims, "650").figures.empty and search(claims, "2200").figures.empty


def test_every_word_of_the_query_must_match(claims):
    assert claimants(search(claims, "Khojaly 613")) == ["Azerbaijan MFA"]
    assert claimants(search(claims, "killed Khojaly at least")) == ["Human Rights Watch"]
    assert search(claims, "Khojaly 6500").total == 0
    assert search(claims, "   ").total == 0  # no words: nothing asked, nothing found


def test_a_source_is_found_by_its_original_publisher_and_so_are_the_figures_citing_it(claims):
    with_copy = small_claims(sources=[*SOURCES, COPY_SOURCE],
                             casualties=[*CASUALTIES, dict(CASUALTIES[1], as_of="1992-09", claimed_by="Helsinki Watch staff", source_id="kvn")])
    found = search(with_copy, "helsinki")
    assert list(found.sources["source_id"]) == ["kvn"]
    assert claimants(found) == ["Helsinki Watch staff"]
    assert found.figures.loc[0, "source"] == "Helsinki Watch" and found.figures.loc[0, "source title"] == "Bloodshed in the Caucasus"
    assert list(search(with_copy, "Bloodshed Caucasus").sources["source_id"]) == ["kvn"]  # the original's title


def test_a_dispute_is_found_by_its_summary_positions_and_subject_words(claims):
    assert list(search(claims, "toll is disputed").disputes["dispute_id"]) == ["khojaly_toll"]
    assert list(search(claims, "at least 161").disputes["dispute_id"]) == ["khojaly_toll"]  # positions
    assert list(search(claims, "Feb 1992 killed").disputes["dispute_id"]) == ["khojaly_toll"]  # subject in words
    assert search(claims, "toll zzz").disputes.empty


def test_a_figure_is_written_as_the_page_writes_it_and_points_to_its_chart(claims):
    rows = search(claims, "Khojaly").figures.set_index("claimed by")
    assert rows.loc["Human Rights Watch", "figure"] == "at least 161 people"
    assert rows.loc["President's press service", "figure"] == "more than 1,000 people (interim)"
    assert rows.loc["Azerbaijan MFA", "about"] == "Khojaly (Xocalı), Feb 1992 · Azerbaijani side · civilian · killed"
    assert rows.loc["Azerbaijan MFA", "source link"] == "https://mfa.example/k"
    assert set(rows.loc[["Azerbaijan MFA", "Human Rights Watch"], "page link"]) == {"wars?episode=khojaly_1992"}
    assert rows.loc["Someone else", "page link"] == "wars?episode=first_war"  # found by its source, “Khojaly Massacre”
    assert search(claims, "22,000").figures.loc[0, "figure"] == "22,000-25,000 people"
    assert search(claims, "Prosecutor").figures.loc[0, "page link"] == "wars?episode=second_war"  # a strike of the 2020 war


def test_search_finds_nothing_in_an_empty_bundle():
    frames = small_claims().frames
    empty = Bundle({name: frames[name].iloc[0:0] for name in DATASETS}, {})
    found = search(empty, "Khojaly")
    assert found.total == 0 and list(found.figures.columns)[:3] == ["dataset", "about", "figure"]


@pytest.fixture(scope="module")
def shipped():
    return claims_from_folder()


@pytest.fixture(scope="module")
def shipped_index(shipped):
    return SearchIndex(shipped)


def test_khojaly_finds_every_khojaly_claim_of_the_shipped_data(shipped, shipped_index):
    casualties = shipped.frame("casualties")
    khojaly = casualties[casualties["conflict"] == "khojaly_1992"]
    found = shipped_index.search("Khojaly").figures
    on_wars_page = found[found["page link"] == "wars?episode=khojaly_1992"]
    assert sorted(on_wars_page["claimed by"]) == sorted(khojaly["claimed_by"])
    assert len(shipped_index.search("xocali").figures) >= len(khojaly)
    assert "w_khojaly_toll" in set(shipped_index.search("Khojaly").disputes["dispute_id"])


@pytest.mark.parametrize("query", ["HRW", "Human Rights Watch", "human rights watch"])
def test_hrw_finds_human_rights_watchs_sources_in_the_shipped_data(shipped, shipped_index, query):
    sources = shipped.sources
    hrw = sources[(sources["publisher"] + " " + sources["original_publisher"]).str.contains("Human Rights Watch")]
    assert len(hrw) >= 3
    assert set(hrw["source_id"]) <= set(shipped_index.search(query).sources["source_id"])


def _probe(shipped: Bundle) -> Bundle:
    """A few claims of each conflict and topic: enough for every chart to draw something, quick to build."""
    frames = {}
    for name, frame in shipped.frames.items():
        group = next((c for c in ("conflict", "topic") if c in frame), None)
        frames[name] = frame if name in ("sources", "disputes") or group is None else frame.groupby(group).head(3)
    return Bundle(frames, shipped.versions)


def test_every_charted_claim_points_to_the_page_and_episode_that_chart_it(shipped):
    probe = _probe(shipped)
    for chart_id, entry in CATALOG.items():
        if chart_id == "overview-key-figures":  # a summary of the other pages' charts
            continue
        chart = build_chart(chart_id, probe)
        (dataset,) = [v.dataset for v in chart.versions if v.dataset not in ("sources", "disputes")]
        assert CHARTED_ON[dataset] == entry.page, chart_id
        expected = f"wars?episode={entry.section}" if entry.page == "wars" else {"overview": "./"}.get(entry.page, entry.page)
        links = {chart_pointer(row, dataset)[1] for row in chart.rows.to_dict("records")}
        assert links <= {expected}, (chart_id, links)
