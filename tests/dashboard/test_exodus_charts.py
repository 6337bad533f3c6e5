"""Exodus charts: the official count as one line with relays folded in, arrivals per day over each interval, and
the provinces in date order."""
import re

import pandas as pd
import pytest
from claims_fixtures import small_claims

from dashboard.figures.catalog import build_chart
from dashboard.figures.charts.time_charts import ARRIVALS, arrivals_chart, new_arrivals_chart

SOURCES = [
    dict(source_id="gov", publisher="Government of Armenia", title="Updates", url="https://gov.example", accessed="2026-11-26",
         kind="government", party="armenia", grade="primary"),
    dict(source_id="abaka", publisher="Abaka News", title="Count of 20:00", url="https://abaka.example", accessed="2026-11-26",
         kind="media", party="russia", grade="report"),
    dict(source_id="mayadeen", publisher="Al Mayadeen", title="The same count", url="https://mayadeen.example", accessed="2026-11-26",
         kind="media", party="independent", grade="report"),
    dict(source_id="unhcr", publisher="UNHCR", title="Update", url="https://unhcr.example", accessed="2026-11-26",
         kind="un_agency", party="international", grade="primary"),
]
GOV = dict(claimed_by="Government of Armenia", claimant_party="armenia")
MORNING = dict(GOV, reported_at="2023-09-25T08:00+04:00", value_best=1850, source_id="gov")
EVENING = dict(GOV, reported_at="2023-09-25T20:00+04:00", value_best=6650, source_id="abaka")
EVENING_RELAYED = dict(EVENING, source_id="mayadeen")  # the same count at the same time, carried by another outlet
TWO_DAYS_ON = dict(GOV, reported_at="2023-09-27T08:00+04:00", value_best=13350, source_id="gov")  # 1.5 days after the evening


def arrivals(*rows: dict):
    return small_claims(refugee_arrivals_2023=list(rows), sources=SOURCES)


def line_of(chart):
    """The trace of the official line (the one drawn as lines and markers)."""
    return next(t for t in chart.figure.data if t.mode == "lines+markers")


def marks_of(chart) -> list:
    """Every announcement mark's hover data, whichever trace draws it."""
    return [row for t in chart.figure.data if t.customdata is not None and "markers" in t.mode for row in t.customdata]


def test_a_count_relayed_by_two_outlets_is_one_mark_on_the_line_whose_hover_names_both():
    chart = arrivals_chart(arrivals(MORNING, EVENING, EVENING_RELAYED, TWO_DAYS_ON))
    line = line_of(chart)
    assert list(line.y) == [1850.0, 6650.0, 13350.0]  # one mark for the relayed count, not two
    assert len(marks_of(chart)) == 3
    hover = " ".join(line.customdata[1])
    assert "Abaka News" in hover and "Al Mayadeen" in hover and "Carried by 2 source(s)" in hover
    assert list(chart.rows["relay"]) == [False, False, True, False]
    assert chart.rows["announcement"].nunique() == 3
    assert {"abaka", "mayadeen"} <= {s.source_id for s in chart.sources}
    assert "1 of them relays" in chart.alt_text


def test_the_same_count_at_hours_a_time_zone_apart_is_one_mark_drawn_apart_with_its_span():
    at_seven = dict(GOV, reported_at="2023-09-26T07:00+04:00", value_best=9000, source_id="abaka")
    at_eight = dict(at_seven, reported_at="2023-09-26T08:00+04:00", source_id="mayadeen")
    chart = arrivals_chart(arrivals(MORNING, at_seven, at_eight, TWO_DAYS_ON))
    assert list(line_of(chart).y) == [1850.0, 13350.0]
    apart = next(row for row in marks_of(chart) if row[1] == "9,000")
    assert apart[0] == "26 Sep 2023, 07:00 to 08:00" and "different clock times" in apart[4]
    span = next(t for t in chart.figure.data if t.mode == "lines" and t.hoverinfo == "skip")
    assert [pd.Timestamp(x) for x in span.x[:2]] == [pd.Timestamp("2023-09-26 07:00"), pd.Timestamp("2023-09-26 08:00")]
    assert "1 count(s) whose sources give different clock times" in chart.alt_text


def test_counts_that_are_neither_official_nor_relays_stay_visible_with_their_source_and_are_named():
    unhcr = dict(reported_at="2023-09-26T12:00+04:00", value_best=10000, claimed_by="UNHCR", claimant_party="international",
                 source_id="unhcr")
    approximate = dict(GOV, reported_at="2023-09-26", value_best=9500, qualifier="about", source_id="gov")
    chart = arrivals_chart(arrivals(MORNING, unhcr, approximate, TWO_DAYS_ON))
    assert list(line_of(chart).y) == [1850.0, 13350.0]
    by_count = {row[1]: row for row in marks_of(chart)}
    assert "UNHCR" in by_count["10,000"][3] and "not announced by the Armenian government" in by_count["10,000"][4]
    assert by_count["about 9,500"][0] == "26 Sep 2023, no clock time"
    assert len(chart.rows) == 4  # nothing dropped
    assert "1 count(s) not announced by the Armenian government" in chart.alt_text
    assert "1 count(s) given only as approximate" in chart.alt_text


def test_arrivals_per_day_is_the_difference_over_the_days_between_the_two_announcements():
    claims = arrivals(MORNING, EVENING, EVENING_RELAYED, TWO_DAYS_ON)
    before = claims.frame(ARRIVALS).copy()
    chart = new_arrivals_chart(claims)
    bar = chart.figure.data[0]
    counts = [MORNING, EVENING, TWO_DAYS_ON]
    times = [pd.Timestamp(c["reported_at"]) for c in counts]
    days = [(b - a) / pd.Timedelta(days=1) for a, b in zip(times, times[1:])]
    expected = [(b["value_best"] - a["value_best"]) / d for a, b, d in zip(counts, counts[1:], days)]
    assert list(bar.y) == pytest.approx(expected) and days == [0.5, 1.5]
    assert list(bar.width) == pytest.approx([d * 86_400_000 for d in days])  # each bar spans its interval
    assert pd.Timestamp(bar.x[1]) == pd.Timestamp("2023-09-26 14:00")  # the middle of 25 Sep 20:00 - 27 Sep 08:00
    hover = bar.customdata[1][0]
    assert hover.startswith("From 25 Sep 2023, 20:00 to 27 Sep 2023, 08:00 (1.5 days, 36 h): +6,700 people, about 4,470 per day")
    assert "derived by the dashboard from two official counts" in hover
    assert list(chart.rows["derived_arrivals_per_day"]) == pytest.approx(expected)  # unrounded in the rows
    pd.testing.assert_frame_equal(claims.frame(ARRIVALS), before)  # nothing written back into the dataset


def test_the_derived_chart_says_derived_and_per_day_in_its_title_axis_and_legend():
    chart = new_arrivals_chart(arrivals(MORNING, EVENING, TWO_DAYS_ON))
    layout = chart.figure.layout
    assert "derived" in chart.title.lower() and "per day" in chart.title.lower()
    assert "per day" in layout.yaxis.title.text.lower() and "derived" in layout.yaxis.title.text.lower()
    assert "derived" in chart.figure.data[0].name.lower() and "not stated by a source" in chart.alt_text


def test_shipped_arrivals_name_every_report_in_exactly_one_mark():
    from dashboard.figures.bundle import claims_from_folder

    shipped = claims_from_folder()
    chart = build_chart("exodus-arrivals", shipped)
    marks = marks_of(chart)
    carried = [int(re.search(r"Carried by (\d+) source", row[3]).group(1)) for row in marks]
    assert sum(carried) == len(shipped.frame(ARRIVALS)) and len(marks) == chart.rows["announcement"].nunique()
    assert len(marks) < len(shipped.frame(ARRIVALS))  # relays folded
    line = line_of(chart)
    assert all(pd.Timestamp(a) < pd.Timestamp(b) for a, b in zip(line.x, line.x[1:]))


PROVINCE = dict(topic="province", unit="people", claimed_by="Government of Armenia", claimant_party="armenia", source_id="gov")


def test_provinces_are_ordered_by_their_first_figure_and_keep_every_claim():
    rows = [dict(PROVINCE, category="aragatsotn", as_of="2023-10-01", value_best=3848),
            dict(PROVINCE, category="syunik", as_of="2023-09-29", value_best=1958),
            dict(PROVINCE, category="ararat", as_of="2023-09-29", value_best=3665),
            dict(PROVINCE, category="syunik", as_of="2023-09-26", value_best=1305),
            dict(PROVINCE, category="aragatsotn", as_of="2023-10-02", value_best=2454)]
    chart = build_chart("exodus-provinces", small_claims(exodus_figures=rows, sources=SOURCES))
    drawn = chart.figure.layout.meta["rows"]  # (subject, label, subject in full, label in full), top to bottom
    assert list(dict.fromkeys(row[2] for row in drawn)) == ["Syunik", "Ararat", "Aragatsotn"]
    dates = [re.search(r"\((\d{4}-\d\d-\d\d)\)", row[3]).group(1) for row in drawn]
    assert dates == ["2023-09-26", "2023-09-29", "2023-09-29", "2023-10-01", "2023-10-02"]  # and each one's claims by date
    # the axis lists the rows in that order: the first trace holds them all, and no label is shared by two subjects
    order = chart.figure.data[0]
    assert [list(level) for level in order.y] == [[row[0] for row in drawn], [row[1] for row in drawn]]
    assert len({label for label in order.y[1]}) == len(drawn)
    assert len(chart.rows) == len(rows)


def test_an_arrival_time_of_year_1_east_of_utc_is_drawn_and_named():
    """A valid reported_at of 0001-01-01T05:21+14:00 is year 0 in UTC, which strftime cannot write: the hover is
    built from the date's parts, so the page does not fail."""
    from dashboard.figures.bundle import claims_from_folder
    from dashboard.figures.catalog import build_chart

    claims = claims_from_folder()
    arrivals = claims.frames["refugee_arrivals_2023"]
    arrivals.loc[arrivals.index[0], "reported_at"] = "0001-01-01T05:21+14:00"
    chart = build_chart("exodus-arrivals", claims)
    hovers = [h[0] for trace in chart.figure.data if trace.customdata is not None for h in trace.customdata]
    assert "31 Dec 0, 18:19" in hovers


def test_export_cells_of_any_timestamp_are_written_from_their_parts():
    import pandas as pd

    from dashboard.export.tables import timestamp_text

    assert timestamp_text(pd.Timestamp("2023-09-19")) == "2023-09-19"
    assert timestamp_text(pd.Timestamp("2023-09-19T14:30-05:30")) == "2023-09-19T14:30:00-05:30"
    assert timestamp_text(pd.Timestamp("0001-01-01T05:21+14:00").tz_convert("UTC")) == "0000-12-31T15:21:00+00:00"
