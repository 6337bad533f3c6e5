"""Chart builders: one mark per claim, ranges, party colours, and provenance written into the figure."""
import pandas as pd
import pytest
from claims_fixtures import small_claims

from dashboard.figures.catalog import CATALOG, build_chart, casualty_subject
from dashboard.figures.charts.base import PROVENANCE, SourceRef, attribution_line, provenance_lines
from dashboard.figures.charts.claims_chart import claims_chart
from dashboard.figures.charts.time_charts import arrivals_chart, new_arrivals_chart, partial_date_to_timestamp
from dashboard.figures.palette import PARTY_COLOURS


def provenance_text(figure) -> str:
    return " ".join(a.text for a in figure.layout.annotations if a.name == PROVENANCE).replace("<br>", " ")


def khojaly_chart(claims):
    rows = claims.frame("casualties")
    return claims_chart(claims, "t", "Khojaly", "casualties", rows[rows["conflict"] == "khojaly_1992"], casualty_subject, "People")


def test_every_claim_gets_its_own_mark_coloured_by_the_claimants_party():
    chart = khojaly_chart(small_claims())
    marks = {}
    for trace in chart.figure.data:
        for x in trace.x:
            if x is not None:  # legend-only entries draw no point
                marks[x] = trace.marker.color
    assert marks == {613.0: PARTY_COLOURS["azerbaijan"], 1000.0: PARTY_COLOURS["azerbaijan"], 161.0: PARTY_COLOURS["independent"]}
    labels = [label for trace in chart.figure.data for label in trace.y[1]]
    assert any("[interim]" in label for label in labels)


def test_interim_claims_are_hollow_marks():
    chart = khojaly_chart(small_claims())
    azerbaijan = next(t for t in chart.figure.data if t.name == "Azerbaijan" and t.showlegend is False)
    symbols = dict(zip(azerbaijan.x, azerbaijan.marker.symbol))
    assert symbols[1000.0].endswith("-open") and not symbols[613.0].endswith("-open")


def test_range_only_claim_is_drawn_from_low_to_high_without_a_made_up_centre():
    claims = small_claims()
    rows = claims.frame("casualties")
    chart = claims_chart(claims, "t", "First war", "casualties", rows[rows["conflict"] == "first_war"], casualty_subject, "People")
    xs = sorted(x for trace in chart.figure.data for x in trace.x if x is not None)  # legend entries draw no point
    assert xs == [22000.0, 23000.0, 25000.0]  # the range ends and the one stated best value; no midpoint


def test_the_figure_carries_the_attribution_and_a_short_dispute_line_the_full_note_stays_on_the_chart():
    chart = khojaly_chart(small_claims())
    text = provenance_text(chart.figure)
    assert "Source: Azerbaijan MFA; Human Rights Watch" in text
    assert "Disputed: sources disagree on figures in this chart" in text and "613" not in text
    assert "casualties v3 (2026-11-20)" in text
    assert chart.dispute_note.startswith("The toll is disputed.")
    assert {s.source_id for s in chart.sources} == {"mfa", "hrw"}


def test_undocumented_disagreement_over_10_percent_is_still_flagged_with_positions():
    claims = small_claims(disputes=[])
    chart = khojaly_chart(claims)
    assert "Azerbaijan MFA: 613" in chart.dispute_note and "Human Rights Watch: at least 161" in chart.dispute_note


def test_an_empty_selection_says_the_gap_is_left_open():
    claims = small_claims()
    rows = claims.frame("casualties").iloc[0:0]
    chart = claims_chart(claims, "t", "Nothing", "casualties", rows, casualty_subject, "People")
    assert "gap is left open" in chart.figure.layout.annotations[0].text


def test_the_attribution_names_three_original_publishers_and_counts_the_rest():
    copies = [SourceRef(f"s{i}", f"Host {i}", "A long title " * 5, "https://x.example", original_publisher=f"Publisher {i % 5}")
              for i in range(30)]
    assert attribution_line(copies) == "Source: Publisher 0; Publisher 1; Publisher 2 and 2 others"
    assert attribution_line(copies[:2]) == "Source: Publisher 0; Publisher 1"
    assert attribution_line(copies[:4]) == "Source: Publisher 0; Publisher 1; Publisher 2 and 1 other"
    assert attribution_line([]) == "Source: none recorded"


def test_the_image_footer_is_three_short_lines_whatever_the_number_of_sources():
    chart = khojaly_chart(small_claims())
    chart.sources = [SourceRef(f"s{i}", f"Publisher {i}", "A long title " * 5, "https://x.example") for i in range(55)]
    lines = provenance_lines(chart)
    assert lines[0] == "Source: Publisher 0; Publisher 1; Publisher 2 and 52 others"
    assert lines[1].startswith("Disputed: sources disagree") and lines[2].startswith("Data: ")
    assert len(lines) == 3


def test_provenance_is_not_duplicated_when_added_twice():
    from dashboard.figures.charts.base import add_provenance

    chart = khojaly_chart(small_claims())
    add_provenance(chart)
    assert sum(1 for a in chart.figure.layout.annotations if a.name == PROVENANCE) == 1
    assert len(provenance_lines(chart)) >= 3


def arrivals(rows):
    return small_claims(refugee_arrivals_2023=rows, sources=[
        dict(source_id="gov", publisher="Government of Armenia", title="Updates", url="https://gov.example", accessed="2026-11-26",
             kind="government", party="armenia", grade="primary")])


def test_new_arrivals_are_differences_of_consecutive_official_counts_per_day_and_say_so():
    claims = arrivals([
        dict(reported_at="2023-09-25T08:00+04:00", value_best=1850, claimed_by="Gov", claimant_party="armenia", source_id="gov"),
        dict(reported_at="2023-09-25T20:00+04:00", value_best=6650, claimed_by="Gov", claimant_party="armenia", source_id="gov"),
        dict(reported_at="2023-09-26T08:00+04:00", value_best=13350, claimed_by="Gov", claimant_party="armenia", source_id="gov"),
    ])
    chart = new_arrivals_chart(claims)
    assert list(chart.figure.data[0].y) == [4800.0 / 0.5, 6700.0 / 0.5]  # twelve hours apart: half a day each
    assert list(chart.rows["derived_new_arrivals"]) == [4800.0, 6700.0]
    assert "derived" in chart.title.lower() and "not stated by a source" in chart.alt_text
    series = arrivals_chart(claims)
    assert [str(pd.Timestamp(t)) for t in series.figure.data[0].x] == ["2023-09-25 08:00:00", "2023-09-25 20:00:00", "2023-09-26 08:00:00"]


def test_partial_dates_plot_on_the_first_day_of_their_period():
    assert partial_date_to_timestamp("2023") == pd.Timestamp("2023-01-01")
    assert partial_date_to_timestamp("2023-05") == pd.Timestamp("2023-05-01")
    assert pd.isna(partial_date_to_timestamp(""))


@pytest.fixture(scope="module")
def shipped():
    from dashboard.figures.bundle import claims_from_folder

    return claims_from_folder()


@pytest.mark.parametrize("chart_id", sorted(CATALOG))
def test_every_catalogued_chart_builds_from_the_shipped_data_with_its_sources(shipped, chart_id):
    chart = build_chart(chart_id, shipped)
    assert chart.chart_id == chart_id and chart.title
    assert chart.figure.data, f"{chart_id} drew nothing"
    assert chart.sources, f"{chart_id} names no source"
    text = provenance_text(chart.figure)
    assert "Source" in text and "Karabakh displacement dashboard" in text
    cited = set(chart.rows["source_id"]) if "source_id" in chart.rows else set()
    assert cited <= {s.source_id for s in chart.sources}


def test_khojaly_chart_from_shipped_data_names_the_dispute(shipped):
    chart = build_chart("wars-khojaly", shipped)
    assert "613" in chart.dispute_note and "161" in chart.dispute_note


def test_every_key_figure_is_one_subject_with_sourced_claims(shipped):
    from dashboard.figures.catalog import KEY_FIGURES
    from schemas.registry import get_spec

    for key in KEY_FIGURES:
        rows = key.rows(shipped)  # raises if the definition mixes subjects
        assert len(rows) >= 1, key.label
        assert len(rows[list(get_spec(key.dataset).subject_columns)].drop_duplicates()) == 1


def test_key_figure_that_would_mix_subjects_is_refused(shipped):
    from dashboard.figures.charts.summary_charts import KeyFigure

    with pytest.raises(ValueError, match="mixes subjects"):
        KeyFigure("First war", "everything", "casualties", {"conflict": "first_war"}).rows(shipped)


def test_derived_new_arrivals_use_only_exact_timed_counts_and_cite_both_ends(shipped):
    chart = build_chart("exodus-new-arrivals", shipped)
    rows = chart.rows
    assert (rows["qualifier"].fillna("") == "").all() and rows["reported_at"].str.contains("T").all()
    assert set(rows["previous_source_id"]) <= {s.source_id for s in chart.sources}
    assert "Set aside, not differenced" in chart.alt_text


def test_too_many_claims_become_ranges_per_subject_without_losing_a_claim_or_the_dispute(monkeypatch):
    import dashboard.figures.charts.claims_chart as module

    monkeypatch.setattr(module, "MAX_MARKS", 2)
    claims = small_claims()
    rows = claims.frame("casualties")
    chart = module.claims_chart(claims, "t", "Khojaly", "casualties", rows[rows["conflict"] == "khojaly_1992"], casualty_subject, "People")
    bar = chart.figure.data[0]
    assert [x for x in bar.x if x is not None] == [161.0, 1000.0]  # lowest and highest claim, as stated
    assert "3 claims" in chart.figure.data[1].text[0]
    assert len(chart.rows) == 3 and chart.dispute_note.startswith("The toll is disputed.")


def test_a_source_ref_is_a_view_of_the_source_model_filled_by_column_name():
    from dataclasses import fields

    from schemas.models import Source

    assert {f.name for f in fields(SourceRef)} <= set(Source.model_fields)
    row = {"source_id": "s", "publisher": "P", "title": "T", "url": "https://x.org", "published": "", "accessed": "2026-11-26",
           "kind": "ngo", "party": "independent", "grade": "copy", "original_publisher": "Q", "original_title": "",
           "original_published": "1994", "original_url": "", "note": "ignored"}
    ref = SourceRef.from_row(row)
    assert (ref.cited_publisher, ref.cited_title, ref.cited_date, ref.read_via) == ("Q", "T", "1994", "P")
    assert ref.citation == "Q, \u201cT\u201d (1994), read via P"


def test_every_party_and_event_type_has_its_colour_and_shape():
    import typing

    from dashboard.figures.palette import EVENT_COLOURS, PARTY_SYMBOLS
    from schemas.vocab import EventType, Party

    assert set(PARTY_COLOURS) == set(PARTY_SYMBOLS) == set(typing.get_args(Party))
    assert set(EVENT_COLOURS) == set(typing.get_args(EventType))


def test_a_date_the_source_does_not_state_is_marked_in_the_hover_and_the_description():
    from dashboard.figures.charts.time_charts import blockade_events_chart

    event = dict(date="2023-05-09", event_type="gas_cut", description="Gas was cut, according to the test claimant.",
                 claimed_by="Test claimant", claimant_party="armenia", source_id="mfa")
    claims = small_claims(blockade_events=[dict(event, date_basis="derived"),
                                           dict(event, date="2023-06-01", event_type="power_cut")])
    chart = blockade_events_chart(claims)

    hovers = [row[0] for trace in chart.figure.data if trace.customdata is not None for row in trace.customdata]
    assert sorted(hovers) == ["2023-05-09 (date derived)", "2023-06-01"]
    assert "1 of the dates are worked out, not stated by the source" in chart.alt_text


@pytest.mark.parametrize(("subject", "source_ids", "disputed"), [
    ("conflict=first_war", "hrw", False),  # about the whole war, not this figure
    ("conflict=first_war; side=all; category=total; outcome=killed", "mfa", False),  # cites no source of its claims
    ("conflict=first_war; side=all; category=total; outcome=killed", "wiki", True),  # about this figure's own claims
])
def test_a_key_figure_is_drawn_disputed_only_for_a_dispute_about_its_own_final_claims(subject, source_ids, disputed):
    from dashboard.figures.charts.summary_charts import KeyFigure, key_figures_chart

    claims = small_claims(disputes=[dict(dispute_id="d", dataset="casualties", subject=subject, summary="s",
                                         positions="p", source_ids=source_ids)])
    deaths = KeyFigure("First war", "deaths", "casualties",
                       {"conflict": "first_war", "side": "all", "category": "total", "outcome": "killed"})
    chart = key_figures_chart(claims, [deaths])  # the two claims, 22,000-25,000 and 23,000, agree within 10%

    legend = {trace.name for trace in chart.figure.data if trace.name}
    assert legend == {"Sources disagree (disputed)" if disputed else "Sources agree within 10%"}
    assert ("First war, deaths" in chart.dispute_note) is disputed


def test_the_attribution_names_the_publishers_behind_most_claims_first():
    refs = [SourceRef("a", "Rarely cited", "t", "https://a.example"), SourceRef("b", "Host", "t", "https://b.example",
            original_publisher="Often cited"), SourceRef("c", "Also often", "t", "https://c.example")]
    assert attribution_line(refs, names=2, claims={"a": 1, "b": 5, "c": 3}) == "Source: Often cited; Also often and 1 other"


def test_who_says_what_lists_each_claim_with_its_wording_and_original_publisher():
    from dashboard.figures.disputes import who_says_what

    chart = khojaly_chart(small_claims())
    table = who_says_what(chart.rows, chart.sources)
    rows = {(r["claimed by"], r["figure"], r["source"], r["grade"]) for _, r in table.iterrows()}
    assert ("Human Rights Watch", "at least 161", "Human Rights Watch", "primary") in rows
    assert ("President's press service", "more than 1,000 (interim)", "Azerbaijan MFA", "primary") in rows


def test_hover_text_names_the_source_by_publisher_and_title_not_its_id():
    chart = khojaly_chart(small_claims())
    hovers = [row[1] for trace in chart.figure.data if trace.customdata is not None for row in trace.customdata]
    assert "Human Rights Watch, \u201cSeven Years of Conflict\u201d" in hovers
    assert not {"hrw", "mfa", "wiki"} & set(hovers)


def test_each_party_has_one_filled_mark_in_the_legend_and_the_hollow_interim_mark_is_explained():
    chart = khojaly_chart(small_claims())  # the President's press service (Azerbaijan) is an interim count
    legend = {t.name: t.marker.symbol for t in chart.figure.data if t.showlegend is not False}
    assert legend["Azerbaijan"] == "diamond" and legend["Independent"] == "cross"
    assert legend["Interim count (hollow mark): a running count a later figure replaced"] == "circle-open"
