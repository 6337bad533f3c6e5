"""What the validator accepts must fit the types pages draw with: bounded numbers, no invisible control
characters, no dates in the future. Each refusal with its exact line, column, code and help."""
from __future__ import annotations

import datetime as dt

import pytest

from schemas import cells
from schemas.validate import validate_csv

COUNT_TOO_LARGE = "is too large: a count has at most 12 digits (below one trillion)"
TOO_PRECISE = "has more than 15 significant digits, more than the dashboard keeps exactly"


def one_row(make_row, make_csv, dataset: str, **changes: str):
    return validate_csv(make_csv(dataset, [make_row(dataset, **changes)]), dataset)


@pytest.mark.parametrize(
    ("dataset", "changes", "column", "message"),
    [
        # Above int64: typed as Int64 this raised OverflowError on every page that loaded the dataset.
        ("casualties", {"value_best": "9" * 23}, "value_best", COUNT_TOO_LARGE),
        ("refugee_arrivals_2023", {"value_best": "9" * 23}, "value_best", COUNT_TOO_LARGE),
        ("casualties", {"value_best": "1000000000000"}, "value_best", COUNT_TOO_LARGE),
        ("displacement", {"value_high": "9007199254740993"}, "value_high", COUNT_TOO_LARGE),
        # A 400-digit decimal became inf in float64.
        ("blockade_supplies", {"value_best": "1" * 400}, "value_best", TOO_PRECISE),
        ("exodus_figures", {"value_best": "1" * 400}, "value_best", TOO_PRECISE),
        ("exodus_figures", {"value_best": "0." + "1" * 400}, "value_best", TOO_PRECISE),
        ("blockade_supplies", {"value_low": "1234567890123456"}, "value_low", TOO_PRECISE),
    ],
)
def test_a_number_beyond_what_pages_hold_exactly_is_a_constraint_error(make_row, make_csv, dataset, changes, column, message):
    report = one_row(make_row, make_csv, dataset, **changes)

    assert report.flat() == [(2, column, "constraint-error")]
    assert report.errors[0].message == f"'{column}' {message}"
    assert report.errors[0].suggestion == "check the figure against its source: a typo or a pasted cell?"


@pytest.mark.parametrize(
    ("dataset", "column", "value"),
    [
        ("casualties", "value_best", "999999999999"),
        ("casualties", "value_best", "000000000000000042"),  # leading zeros are not digits of the count
        ("blockade_supplies", "value_best", "123456789012345"),
        ("blockade_supplies", "value_best", "0.000000000000000123"),  # 3 significant digits
        ("blockade_supplies", "value_best", "17.700000000000000000000"),  # trailing zeros of a fraction say nothing
    ],
)
def test_numbers_at_the_bounds_are_accepted(make_row, make_csv, dataset, column, value):
    assert one_row(make_row, make_csv, dataset, **{column: value}).flat() == []


def test_a_range_beyond_float64s_exact_integers_is_refused_not_misordered(make_row, make_csv):
    # In float64 both are 9007199254740992, so low > best went unnoticed.
    report = one_row(make_row, make_csv, "casualties", value_best="9007199254740992", value_low="9007199254740993")

    assert report.flat() == [(2, "value_best", "constraint-error"), (2, "value_low", "constraint-error")]


def test_the_largest_counts_still_order_exactly(make_row, make_csv):
    report = one_row(make_row, make_csv, "casualties", value_best="999999999998", value_low="999999999999")

    assert report.flat() == [(2, "value_low", "row-constraint")]


@pytest.mark.parametrize(
    ("value", "what"),
    [("ring\x07ring", "bell"), ("\x1b[31mred\x1b[0m", "ANSI colour"), ("abc\u202edef", "right-to-left override"),
     ("a\u2066b", "bidi isolate"), ("a\x85b", "C1 next line"), ("a\x7fb", "delete")],
)
def test_invisible_control_characters_in_text_are_refused(make_row, make_csv, value, what):
    report = one_row(make_row, make_csv, "casualties", note=value)

    assert report.flat() == [(2, "note", "unsafe-text")], what
    assert report.errors[0].message == "'note' " + cells.CONTROL_MESSAGE


@pytest.mark.parametrize("value", ["line one\nline two", "tab\tinside", "Xocalı", "Ստեփանակերտ", "left\u200eright mark"])
def test_line_ends_tabs_and_letters_of_every_script_stay_allowed(make_row, make_csv, value):
    assert one_row(make_row, make_csv, "casualties", note=value).flat() == []


@pytest.mark.parametrize("value", ["https://example.org/a\x0bb", "https://example.org/a\x85b", "https://example.org/a\u202eb",
                                   "https://example.org/a\u3000b"])
def test_invisible_characters_inside_a_url_are_refused(make_row, make_csv, value):
    report = one_row(make_row, make_csv, "sources", url=value)

    assert report.flat() == [(2, "url", "constraint-error")]


def _later(days: int) -> dt.date:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).date()


@pytest.mark.parametrize(
    ("dataset", "column", "value"),
    [
        ("sources", "accessed", _later(3).isoformat()),
        ("sources", "published", str(_later(400).year)),
        ("sources", "published", _later(40).strftime("%Y-%m")),
        ("casualties", "as_of", _later(3).isoformat()),
        ("exodus_figures", "as_of", "2099"),
        ("blockade_supplies", "as_of", "9999-12-31"),
    ],
)
def test_a_date_after_today_is_refused_where_it_must_have_happened(make_row, make_csv, dataset, column, value):
    report = one_row(make_row, make_csv, dataset, **{column: value})

    assert report.flat() == [(2, column, "constraint-error")]
    assert report.errors[0].message == f"'{column}' is after today; a date of publication, access or validity cannot be in the future"


@pytest.mark.parametrize(
    ("dataset", "column", "value"),
    [
        ("sources", "accessed", _later(0).isoformat()),
        ("sources", "published", _later(0).strftime("%Y-%m")),
        ("casualties", "as_of", str(_later(0).year)),
        ("blockade_events", "date", "2099-01-01"),  # only published, accessed and as_of are checked against today
    ],
)
def test_today_and_undated_columns_are_accepted(make_row, make_csv, dataset, column, value):
    assert one_row(make_row, make_csv, dataset, **{column: value}).flat() == []


def test_a_date_is_future_at_the_precision_it_is_given():
    from schemas.cell_rules import FUTURE, broken_by
    from schemas.rules import ColumnRule

    rule = ColumnRule("as_of", "partial_date", False, not_future=True)
    assert broken_by("2026-12", rule, today="2026-12-01") is None
    assert broken_by("2026-12-02", rule, today="2026-12-01") is FUTURE
    assert broken_by("2027", rule, today="2026-12-31") is FUTURE
    assert broken_by("2026", rule, today="2026-01-01") is None


def test_cells_are_trimmed_of_exactly_what_python_calls_whitespace():
    assert cells.WHITESPACE == "".join(chr(i) for i in range(0x110000) if chr(i).isspace())
