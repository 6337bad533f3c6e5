"""The validator and the pydantic models must find the same problems: the same (line, column, code, message).

Both run the rules declared once (schemas.cell_rules, the models' row_rules); the validator over whole columns, the
model row by row. Hypothesis writes whole CSV files for every dataset, mixing valid cells with the mistakes
maintainers make; both paths read the same frame (schemas.reader.read_table), so any difference is a difference in
how the two paths apply the rules: order, trimming, which rows a row rule sees, how pydantic's own checks are named.
"""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.reader import all_rows, read_table
from schemas.registry import DATASETS
from schemas.row_by_row import issues_by_pydantic
from schemas.rules import column_rules
from schemas.validate import validate_csv

# The codes both paths can give; structural ones (header, ragged rows) come from the reader alone, primary-key and
# foreign-key from cross-row and cross-dataset checks the models do not make.
# foreign-key: a dispute naming an unknown dataset or subject column, the one reference both paths check without a
# sources list (models.dispute_subject_problem); source_id references need the sources file, which pydantic never sees.
CELL_AND_ROW_CODES = {"type-error", "constraint-error", "unsafe-text", "row-constraint", "foreign-key"}

# Printable ASCII, a few non-ASCII letters, and the invisible characters pasted text brings along (bell, escape,
# vertical tab, U+0085, U+001F, a right-to-left override, no-break and ideographic spaces): both paths trim the same
# whitespace (Arrow's utf8_trim_whitespace is Python's str.strip) and both refuse the same control characters.
TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("əƏçğıöşüİÇŞĞÖÜԱբգ\x07\x1b\x0b\x85\x1f\u202e\u00a0\u3000"),
    max_size=12,
)
UNSAFE = st.sampled_from(["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-2+3", "<script>alert(1)</script>", "< b>", "a <b>c"])
LOOKALIKES = st.sampled_from(["1 < 2", "<3 people", "1-2", "x=y", "e-mail", "a < b", "- 1"])


def text_cell(max_length: int | None) -> st.SearchStrategy[str]:
    too_long = st.just("x" * (max_length + 1)) if max_length else st.nothing()
    return st.one_of(st.just(""), st.just("   "), TEXT, UNSAFE, LOOKALIKES, too_long)


NUMBER = st.one_of(
    st.just(""),
    st.integers(0, 10**6).map(str),
    # Around the bounds: 12 digits for a count, 15 significant digits for a decimal, and far beyond int64 and float64.
    st.integers(10**11, 10**13).map(str),
    st.sampled_from(["999999999999", "1000000000000", "0001000000000000", "9007199254740993", "9" * 23, "1" * 400,
                     "0." + "0" * 20 + "1", "1." + "0" * 30, "12345678901234.5", "1234567890123.456", "0." + "1" * 400]),
    st.sampled_from(["about 600", "12,000", "-5", "-0", "-1.5", "1.5", "~600", "007", " 42 ", "1e3", "12 000", "NaN", "inf"]),
)
DAY = st.one_of(
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    st.sampled_from(["2023-02-31", "2023-02-29", "2024-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10",
                     "0000-01-01", "2023-9-1", "24/09/2023", "2023-09-24T10:00", "2023/09/24", "yesterday"]),
)
PARTIAL_DATE = st.one_of(st.just(""), DAY, st.sampled_from(["2023", "2023-09", "2023-13", "2023-9", "23", "2023-09-"]))
FLAG = st.sampled_from(["", "true", "false", "TRUE", "No", "yes", "1", "0", "maybe", "y"])
SLUG = st.sampled_from(["", "hrw_1994_report", "armenpress_2023_09_26", "Bad Id", "a-b", "x" * 81, "ünhcr"])


def valid_cell(rule) -> st.SearchStrategy[str]:
    """Values the column accepts."""
    empty = st.just("") if not rule.required else st.nothing()
    if rule.kind == "enum":
        return st.one_of(empty, st.sampled_from(rule.allowed))
    if rule.kind in ("int", "decimal"):
        return st.one_of(empty, st.integers(0, 10**6).map(str))
    if rule.kind == "date":
        return st.one_of(empty, st.dates().map(lambda d: d.isoformat()))
    if rule.kind == "partial_date":
        return st.one_of(empty, st.sampled_from(["1994", "2023-09", "2023-09-24"]))
    if rule.kind == "bool":
        return st.sampled_from(["", "true", "false"])
    if rule.kind == "slug":
        return st.sampled_from(["hrw_1994_report", "armenpress_2023_09_26"])
    return st.one_of(empty, st.sampled_from(["Test claimant", "Xocalı", "Ստեփանակերտ", "1988-1994", "1 < 2"]))


def any_cell(rule) -> st.SearchStrategy[str]:
    """Valid and invalid values for one column: what its rule accepts and what people write instead."""
    if rule.kind == "enum":
        wrong = st.sampled_from(["", "War", "first war", rule.allowed[0].upper(), rule.allowed[0] + "s", " " + rule.allowed[0] + " "])
        return st.one_of(st.sampled_from(rule.allowed), wrong)
    if rule.kind in ("int", "decimal"):
        return NUMBER
    if rule.kind == "date":
        return st.one_of(st.just(""), DAY)
    if rule.kind == "partial_date":
        return PARTIAL_DATE
    if rule.kind == "bool":
        return FLAG
    if rule.kind == "slug":
        return SLUG
    return text_cell(rule.max_length)


@st.composite
def csv_files(draw, dataset: str) -> bytes:
    spec = DATASETS[dataset]
    rules = column_rules(spec.model)
    # Mostly valid rows with a few cells spoilt, so that rows reach the row constraints (pydantic checks those
    # only on rows whose cells are all valid).
    valid_row = st.fixed_dictionaries({name: valid_cell(rules[name]) for name in spec.columns})
    rows = draw(st.lists(valid_row, min_size=1, max_size=6))
    for row in rows:
        for name in draw(st.lists(st.sampled_from(spec.columns), max_size=3)):
            row[name] = draw(any_cell(rules[name]))
    if dataset == "casualties":
        # Ranges on purpose: low > best > high and its neighbours, which random numbers rarely hit.
        ranges = st.sampled_from([("", "10", "20"), ("30", "20", "10"), ("10", "20", "15"), ("", "20", ""),
                                  ("20", "", "10"), ("10", "", "20"), ("10", "", ""), ("", "", "")])
        for index in draw(st.lists(st.integers(0, len(rows) - 1), max_size=3)):
            rows[index]["value_low"], rows[index]["value_best"], rows[index]["value_high"] = draw(ranges)
    if dataset == "blockade_events":
        pairs = st.sampled_from([("2023-01-10", "2023-01-09"), ("2023-01-10", "2023-01-10"), ("2023-01-10", "2023-02-01"),
                                 ("2023-02-31", "2023-01-01"), ("2023-01-10", "")])
        for index in draw(st.lists(st.integers(0, len(rows) - 1), max_size=3)):
            rows[index]["date"], rows[index]["end_date"] = draw(pairs)
    # Repeated keys: primary-key is outside the comparison, but a repeated row must not change what else is found.
    for index in draw(st.lists(st.integers(0, len(rows) - 1), max_size=2)):
        rows.append(dict(rows[index]))
    out = io.StringIO()
    writer = csv.DictWriter(out, spec.columns, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def assert_paths_agree(data: bytes, dataset: str) -> None:
    spec = DATASETS[dataset]
    vectorised = {(i.line, i.column, i.code, i.message) for i in validate_csv(data, dataset).errors if i.code in CELL_AND_ROW_CODES}
    read = read_table(data, spec)
    assert read.blocks is not None, read.issues
    by_model = {(i.line, i.column, i.code, i.message) for i in issues_by_pydantic(*all_rows(read), spec)}
    assert vectorised == by_model, (
        f"only vectorised: {sorted(vectorised - by_model)}; only pydantic: {sorted(by_model - vectorised)}"
    )


# derandomize: the same 150 files on every run, so a failure is reproducible and the run time steady.
AGREEMENT = settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])


@AGREEMENT
@given(csv_files("casualties"))
def test_casualties_vectorised_checks_agree_with_the_model(data):
    assert_paths_agree(data, "casualties")


@AGREEMENT
@given(csv_files("blockade_events"))
def test_blockade_events_vectorised_checks_agree_with_the_model(data):
    assert_paths_agree(data, "blockade_events")


@pytest.mark.parametrize("dataset", [name for name in DATASETS if name not in ("casualties", "blockade_events")])
@settings(max_examples=30, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_other_dataset_vectorised_checks_agree_with_the_model(dataset, data):
    assert_paths_agree(data.draw(csv_files(dataset)), dataset)


# Per kind of cell, values a maintainer might write that the column may refuse.
MISTAKES = {
    "int": ["about 600", "12,000", "-5", "1.5", "", "0", "999999999999", "1000000000000", "9" * 23],
    "decimal": ["17,7", "-0.5", "1e3", "", "0.25", "1" * 400, "123456789012345", "1234567890123456", "0.1234567890123456"],
    "date": ["2023-02-31", "0000-01-01", "24/09/2023", "2023-9-1", "", "9999-12-31", "2099-01-01"],
    "partial_date": ["2023-02-31", "2023-13", "2023-9", "0000-01-01", "", "1994", "2099", "2099-01", "9999-12-31"],
    "datetime": ["2023-09-26 08:00", "2023-09-31", "2023-09-26T24:00", "2023-09-26T08:00+04:00", ""],
    "bool": ["maybe", "TRUE", ""],
    "slug": ["Bad Id", "a-b", "x" * 81, ""],
    "url": ["www.example.org", "https://example.org/a b", "javascript:alert(1)", "", "https://example.org/a\x0bb",
            "https://example.org/a\x85b", "https://example.org/a\u202eb", "https://example.org/a\u00a0b"],
    "enum": ["not_a_value", ""],
    "text": ["=1+1", "<b>bold</b>", "x" * 1501, "", "   ", "ring\x07", "\x1b[31mred", "abc\u202edef", "a\x85b", " \x0b "],
}


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_column_of_every_dataset_agrees_on_common_mistakes(dataset, make_row, make_csv):
    spec = DATASETS[dataset]
    rules = column_rules(spec.model)
    rows = [make_row(dataset, **{column: value}) for column in spec.columns for value in MISTAKES[rules[column].kind]]

    assert_paths_agree(make_csv(dataset, rows), dataset)
