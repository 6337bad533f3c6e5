"""Cell, row, key and reference problems: each with its exact line, column and code, and the help a maintainer reads."""
from __future__ import annotations

import csv
import io

import pytest

from schemas.registry import DATASETS
from schemas.validate import source_ids_of, validate_csv


def one_row(make_row, make_csv, dataset: str, **changes: str):
    return validate_csv(make_csv(dataset, [make_row(dataset, **changes)]), dataset)


# --- type-error ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "column", "value", "message", "suggestion"),
    [
        ("casualties", "value_best", "about 600", "'value_best' must be a whole number written with digits only, e.g. 20000",
         "a gap stays empty: leave the cell blank rather than writing text"),
        ("casualties", "value_best", "12,000", "'value_best' must be a whole number written with digits only, e.g. 20000",
         "write 12000 (no thousands separators)"),
        ("casualties", "value_best", "~600", "'value_best' must be a whole number written with digits only, e.g. 20000",
         "put the number alone here and the word (about, more_than ...) in the qualifier column"),
        ("casualties", "value_low", "1.5", "'value_low' must be a whole number written with digits only, e.g. 20000",
         "a gap stays empty: leave the cell blank rather than writing text"),
        ("blockade_supplies", "value_best", "17,7", "'value_best' must be a number written with digits and an optional decimal point, e.g. 17.7",
         "write 177 (no thousands separators)"),
        ("casualties", "as_of", "2023-02-31", "'as_of' is not a real calendar date", "check the day and month"),
        ("casualties", "as_of", "24/09/2023", "'as_of' must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
         "write 2023-09-24 if that is day/month/year"),
        ("casualties", "as_of", "2023-13", "'as_of' must be a date written YYYY, YYYY-MM or YYYY-MM-DD", None),
        ("blockade_events", "date", "2023-02-31", "'date' is not a real calendar date", "check the day and month"),
        ("blockade_events", "date", "0000-01-01", "'date' is not a real calendar date", "check the day and month"),
        ("blockade_events", "date", "2023-1-10", "'date' must be a date written YYYY-MM-DD, e.g. 2023-09-24", None),
        ("refugee_arrivals_2023", "reported_at", "2023-09-26 08:00", "'reported_at' must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM+04:00", None),
        ("refugee_arrivals_2023", "reported_at", "2023-09-26T8:00", "'reported_at' must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM+04:00", None),
        ("refugee_arrivals_2023", "reported_at", "2023-09-26T24:00+04:00", "'reported_at' must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM+04:00", None),
        ("refugee_arrivals_2023", "reported_at", "2023-09-31T08:00+04:00", "'reported_at' is not a real calendar date", "check the day and month"),
        ("casualties", "interim", "maybe", "'interim' must be true or false", "write true or false"),
    ],
)
def test_a_value_of_the_wrong_kind_is_a_type_error(make_row, make_csv, dataset, column, value, message, suggestion):
    report = one_row(make_row, make_csv, dataset, **{column: value})

    assert report.flat() == [(2, column, "type-error")]
    error = report.errors[0]
    assert (error.value, error.message, error.suggestion) == (value, message, suggestion)


@pytest.mark.parametrize(
    ("column", "value"),
    [("reported_at", "2023-09-26"), ("reported_at", "2023-09-26T08:00+04:00"), ("reported_at", "2023-09-28T08:00:30Z")],
)
def test_a_date_or_a_time_with_its_offset_is_a_valid_announcement_time(make_row, make_csv, column, value):
    assert one_row(make_row, make_csv, "refugee_arrivals_2023", **{column: value}).flat() == []


@pytest.mark.parametrize(("value", "flag"), [("TRUE", True), ("yes", True), ("1", True), ("False", False), ("0", False), ("", False)])
def test_interim_reads_the_usual_spellings_of_true_and_false(make_row, make_csv, value, flag):
    assert one_row(make_row, make_csv, "casualties", interim=value).flat() == []
    assert DATASETS["casualties"].model.model_validate(make_row("casualties", interim=value)).interim is flag


# --- constraint-error ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "column", "value", "message", "suggestion"),
    [
        ("casualties", "value_best", "-5", "'value_best' must be 0 or more", "a count cannot be negative"),
        ("blockade_supplies", "value_high", "-0.5", "'value_high' must be 0 or more", "a count cannot be negative"),
        ("casualties", "conflict", "second war", "'conflict' must be one of: first_war, khojaly_1992, april_2016, second_war, "
         "ganja_strikes_2020, ganja_2020_10_11, ganja_2020_10_17, barda_2020_10_28, mines_after_2020, "
         "blockade, offensive_2023, fuel_depot_2023, exodus_2023", "did you mean 'second_war'?"),
        # no suggestion rather than a wrong one ('wounded' is close in letters, far in meaning)
        ("casualties", "outcome", "dead", "'outcome' must be one of: killed, missing, wounded, excess_deaths, casualties", None),
        ("casualties", "conflict", "Khojaly", "'conflict' must be one of: first_war, khojaly_1992, april_2016, second_war, "
         "ganja_strikes_2020, ganja_2020_10_11, ganja_2020_10_17, barda_2020_10_28, mines_after_2020, "
         "blockade, offensive_2023, fuel_depot_2023, exodus_2023", "did you mean 'khojaly_1992'?"),
        ("casualties", "claimed_by", "", "'claimed_by' is required and is empty", "fill it in"),
        ("casualties", "period", "   ", "'period' is required and is empty", "fill it in"),
        ("refugee_arrivals_2023", "value_best", "", "'value_best' is required and is empty", "fill it in"),
        ("casualties", "ref_id", "x" * 21, "'ref_id' is longer than 20 characters", "shorten it"),
        ("casualties", "note", "n" * 1001, "'note' is longer than 1000 characters", "shorten it"),
        ("casualties", "source_id", "HRW 1994", "'source_id' must use only lower-case letters, digits and _ (e.g. hrw_1993_report)", None),
        ("sources", "url", "www.hrw.org/report", "'url' must be a web address starting with http:// or https://, without spaces or invisible characters", None),
    ],
)
def test_a_value_outside_what_the_column_allows_is_a_constraint_error(make_row, make_csv, dataset, column, value, message, suggestion):
    report = one_row(make_row, make_csv, dataset, **{column: value})

    assert report.flat() == [(2, column, "constraint-error")]
    error = report.errors[0]
    assert (error.value, error.message, error.suggestion) == (value.strip(), message, suggestion)


# --- unsafe-text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("claimed_by", "=cmd|' /C calc'!A0", "'claimed_by' starts with =, +, - or @, which spreadsheets run as a formula"),
        ("claimed_by", "+1", "'claimed_by' starts with =, +, - or @, which spreadsheets run as a formula"),
        ("period", "@SUM(A1:A9)", "'period' starts with =, +, - or @, which spreadsheets run as a formula"),
        ("note", "-2+3", "'note' starts with =, +, - or @, which spreadsheets run as a formula"),
        ("note", "  =1+1", "'note' starts with =, +, - or @, which spreadsheets run as a formula"),
        ("note", "<script>alert(1)</script>", "'note' contains HTML markup (<...>); write plain text"),
        ("note", "See <img src=x onerror=alert(1)>", "'note' contains HTML markup (<...>); write plain text"),
    ],
)
def test_formulas_and_markup_in_text_are_unsafe(make_row, make_csv, column, value, message):
    report = one_row(make_row, make_csv, "casualties", **{column: value})

    assert report.flat() == [(2, column, "unsafe-text")]
    assert (report.errors[0].value, report.errors[0].message) == (value.strip(), message)


@pytest.mark.parametrize("value", ["1-2 days", "fewer than 5 (< 5)", "<3 people", "deaths < wounded", "x = y", "e-mail", "Xocalı/Khojaly"])
def test_text_that_only_looks_like_a_formula_or_markup_is_accepted(make_row, make_csv, value):
    assert one_row(make_row, make_csv, "casualties", note=value).flat() == []


def test_the_downloadable_error_csv_defuses_formula_like_values(make_row, make_csv):
    report = one_row(make_row, make_csv, "casualties", claimed_by="=cmd|' /C calc'!A0")

    data = report.errors_csv()

    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["line", "column", "value", "code", "message", "suggestion"]
    assert rows[1][:4] == ["2", "claimed_by", "'=cmd|' /C calc'!A0", "unsafe-text"]


# --- row-constraint ------------------------------------------------------------------------------------------


def test_value_low_above_value_best_is_a_row_constraint_on_value_low(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_low_gt_best.csv"), "casualties")

    assert report.flat() == [(3, "value_low", "row-constraint")]
    assert report.errors[0].message == "'value_low' is greater than value_best"
    assert report.errors[0].value == "6500"


def test_each_way_a_range_can_contradict_itself(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_range_errors.csv"), "casualties")

    assert report.flat() == [
        (2, "value_high", "row-constraint"),  # best 6000 > high 5500
        (3, "value_best", "row-constraint"),  # no best, low alone
        (4, "value_best", "row-constraint"),  # no value at all
        (5, "value_low", "row-constraint"),  # no best, low 30000 > high 20000
        # line 6 (a full range without best) and line 7 (low = best = high) are valid
        (8, "value_best", "constraint-error"),  # a bad cell: the range is not compared, as pydantic would not
    ]
    assert [e.message for e in report.errors[:4]] == [
        "'value_high' is smaller than value_best",
        "'value_best' is empty: give value_best, or both value_low and value_high",
        "'value_best' is empty: give value_best, or both value_low and value_high",
        "'value_low' is greater than value_high",
    ]


def test_decimal_ranges_compare_as_numbers_not_text(make_row, make_csv):
    ok = one_row(make_row, make_csv, "blockade_supplies", value_low="9.5", value_best="10", value_high="100.25")
    bad = one_row(make_row, make_csv, "blockade_supplies", value_low="10.5", value_best="9.75")

    assert ok.flat() == []
    assert bad.flat() == [(2, "value_low", "row-constraint")]


def test_an_event_ending_before_it_starts_is_a_row_constraint_on_end_date(fixture_bytes):
    report = validate_csv(fixture_bytes("blockade_events_end_before_date.csv"), "blockade_events")

    # line 4 ends on its first day (valid); line 5 has no real first day, so its end is not compared
    assert report.flat() == [(3, "end_date", "row-constraint"), (5, "date", "type-error")]
    assert report.errors[0].message == "'end_date' is before date"


def test_an_episode_ending_before_it_starts_is_a_row_constraint_on_end_date(make_row, make_csv):
    report = one_row(make_row, make_csv, "episodes", start_date="2023-09-19", end_date="2023-09-18")

    assert report.flat() == [(2, "end_date", "row-constraint")]
    assert report.errors[0].message == "'end_date' is before start_date"


def test_refugee_arrivals_have_no_range_to_check(make_row, make_csv):
    # value_best without value_low/value_high: no range check, and no traceback
    assert one_row(make_row, make_csv, "refugee_arrivals_2023", value_best="0").flat() == []


# --- primary-key ---------------------------------------------------------------------------------------------


def test_a_repeated_key_is_reported_at_the_repeat_and_names_the_first_line(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_duplicate_key.csv"), "casualties")

    # line 5 differs from line 2 only in as_of, which is part of the key
    assert report.flat() == [(4, "conflict", "primary-key"), (6, "conflict", "primary-key")]
    assert [e.message for e in report.errors] == [
        "This row repeats line 2: the same conflict, side, category, outcome, as_of, claimed_by, source_id"
    ] * 2


def test_a_repeated_source_id_in_sources_is_a_primary_key_error(make_row, make_csv):
    data = make_csv("sources", [make_row("sources"), make_row("sources", title="Another title")])

    report = validate_csv(data, "sources")

    assert report.flat() == [(3, "source_id", "primary-key")]
    assert report.errors[0].message == "This row repeats line 2: the same source_id"


def test_every_repeat_of_a_key_is_found_and_points_at_the_first_row_with_it(make_row, make_csv):
    # 7 claimants x 2 sides: 14 distinct keys among 40 rows
    rows = [make_row("casualties", claimed_by=f"Claimant {i % 7}", side=["armenian", "azerbaijani"][i % 2]) for i in range(40)]

    report = validate_csv(make_csv("casualties", rows), "casualties")

    assert [e.code for e in report.errors] == ["primary-key"] * (40 - 14)
    assert [(e.line, e.message) for e in report.errors[:2]] == [
        (16, "This row repeats line 2: the same conflict, side, category, outcome, as_of, claimed_by, source_id"),
        (17, "This row repeats line 3: the same conflict, side, category, outcome, as_of, claimed_by, source_id"),
    ]


# --- foreign-key ---------------------------------------------------------------------------------------------


def test_an_unknown_source_id_is_a_foreign_key_error_with_the_closest_id(fixture_bytes, source_ids):
    report = validate_csv(fixture_bytes("casualties_unknown_source.csv"), "casualties", source_ids=source_ids)

    # line 5 is not an id at all: a constraint error, not looked up
    assert report.flat() == [(3, "source_id", "foreign-key"), (4, "source_id", "foreign-key"), (5, "source_id", "constraint-error")]
    assert [(e.value, e.suggestion) for e in report.errors[:2]] == [
        ("hrw_1994_reprt", "did you mean 'hrw_1994_report'?"),
        ("bbc_2020_live", "add it to sources.csv first, or correct the id"),
    ]


def test_the_known_source_ids_are_read_from_a_valid_sources_file(fixture_bytes, tmp_path):
    path = tmp_path / "sources.csv"
    path.write_bytes(fixture_bytes("sources_minimal.csv"))  # original_* left empty

    ids, report = source_ids_of(path)

    assert (ids, report.flat()) == ({"hrw_1994_report", "unhcr_2023_update"}, [])


def test_source_ids_are_checked_only_when_the_known_sources_are_given(fixture_bytes):
    report = validate_csv(fixture_bytes("casualties_unknown_source.csv"), "casualties")

    assert report.flat() == [(5, "source_id", "constraint-error")]


def test_dispute_references_name_each_unknown_source_and_each_non_subject_column(fixture_bytes, source_ids):
    report = validate_csv(fixture_bytes("disputes_unknown_references.csv"), "disputes", source_ids=source_ids)

    assert report.flat() == [
        (3, "subject", "foreign-key"),  # colour is not a subject column of casualties
        (3, "source_ids", "foreign-key"),  # hrw_1994_report;zz: zz only
        (4, "source_ids", "foreign-key"),  # unhcr_2023_updte; hrw_1994_report: the misspelt one only
        (5, "subject", "constraint-error"),  # 'conflict' is not written column=value
    ]
    assert [(e.value, e.suggestion) for e in report.errors[1:3]] == [
        ("zz", "add it to sources.csv first, or correct the id"),
        ("unhcr_2023_updte", "did you mean 'unhcr_2023_update'?"),
    ]
    assert report.errors[0].message == (
        "'subject' 'colour' is not a subject column of casualties (conflict, side, category, outcome)"
    )


def test_a_dispute_about_an_unknown_dataset_is_an_unknown_reference(make_row, make_csv):
    report = validate_csv(make_csv("disputes", [make_row("disputes", dataset="casualtys")]), "disputes")
    assert report.flat() == [(2, "dataset", "foreign-key")]
    assert "casualties" in report.errors[0].suggestion


def test_vocabulary_values_and_flags_in_another_case_are_read_as_the_dataset_writes_them(make_row, make_csv):
    # What a spreadsheet does to them (FALSE for false, a capital letter typed in): accepted, kept canonical.
    rows = [make_row("casualties", side="Armenian", outcome="KILLED", interim="FALSE"),
            make_row("casualties", side="azerbaijani", interim="Yes"),
            make_row("casualties", side="ARMENIAN", interim="false")]

    report = validate_csv(make_csv("casualties", rows), "casualties")

    assert report.flat() == [(4, "conflict", "primary-key")]  # "ARMENIAN" repeats the claim of "Armenian"
    assert report.errors[0].message.startswith("This row repeats line 2:")
    rows[2]["category"] = "civilian"
    kept = validate_csv(make_csv("casualties", rows), "casualties").table
    assert kept["side"].to_pylist() == ["armenian", "azerbaijani", "armenian"]
    assert kept["outcome"].to_pylist() == ["killed", "killed", "killed"]
    assert kept["interim"].to_pylist() == ["false", "true", "false"]


def test_a_case_changed_value_outside_the_vocabulary_is_still_refused(make_row, make_csv):
    report = validate_csv(make_csv("casualties", [make_row("casualties", side="ARMENIANS")]), "casualties")

    assert report.flat() == [(2, "side", "constraint-error")]
    assert report.errors[0].suggestion == "did you mean 'armenian'?"
