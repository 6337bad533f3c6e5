"""Hypothesis strategies for whole sets of dataset files at the edges of what the validator accepts: the largest
counts, decimals with 15 significant digits, dates from year 1 to today (or 9999 where the future is allowed), text
of every script at its longest, optional cells left empty.

The first row of each file stays within the rules; the others may be "wide": numbers of up to 40 digits, text with
control characters or formulas. The test keeps what the validator accepts of them, so a rule missing from the
validator lets a wide row through and shows up as a page or export that breaks.
A generated set holds every dataset, each citing the generated sources, so it can stand in for a whole store.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import strategies as st

from schemas import cells
from schemas.cell_rules import broken_by
from schemas.models import Claim
from schemas.registry import DATASETS, SOURCES, get_spec
from schemas.rules import ColumnRule, column_rules

TODAY = dt.date.fromisoformat(cells.latest_today()) - dt.timedelta(days=1)  # yesterday in UTC+14: past everywhere

# Letters of the scripts the data is written in, digits, and punctuation that must stay literal on every page and
# export (markdown, HTML and CSV specials included); '<' only before a space, as in "1 < 2".
_ALPHABET = ("abcxyzABCXYZ" "əƏçğıöşüİ" "ԱբգՍտեփանակերտ" "абвгдЖЗИ" "0123456789"
             " .,;:'\"()[]{}/%#&*_~`|!?$^\\" "😀")
_TEXT_START = "aAəԱб0"


def _is_text(value: str, max_length: int | None) -> bool:
    rule = ColumnRule("text", "text", True, max_length=max_length)
    return value == value.strip() and broken_by(value, rule) is None


# What a careless paste brings: formulas, markup, control characters, bidi overrides, stray spaces.
_WIDE_TEXT = st.sampled_from(["=1+2", "@SUM(A1)", "<b>x</b>", "ring\x07", "\x1b[31mred", "a\u202eb", "a\x85b", " padded ",
                              "x" * 2000])


def text(rule: ColumnRule, wide: bool = False) -> st.SearchStrategy[str]:
    if wide:
        return _WIDE_TEXT
    limit = rule.max_length or 200
    ordinary = st.builds(lambda first, rest: (first + rest).strip(), st.sampled_from(_TEXT_START),
                         st.text(st.sampled_from(_ALPHABET + "<"), max_size=min(limit - 1, 40)))
    longest = st.just(("Ab < 9 " * limit)[:limit].strip())  # a cell at its max_length
    return st.one_of(ordinary, longest).filter(lambda v: v != "" and _is_text(v, rule.max_length))


def _digits(value: int, scale: int) -> str:
    """value / 10**scale written out exactly, e.g. (1234, 2) -> '12.34'."""
    if not scale:
        return str(value)
    padded = str(value).rjust(scale + 1, "0")
    return f"{padded[:-scale]}.{padded[-scale:]}"


COUNT = st.one_of(st.integers(0, 10**cells.COUNT_MAX_DIGITS - 1), st.sampled_from([0, 1, 10**cells.COUNT_MAX_DIGITS - 1]))
DECIMAL = st.one_of(
    st.builds(_digits, st.integers(0, 10**cells.DECIMAL_MAX_DIGITS - 1), st.integers(0, 20)),
    st.sampled_from(["0", "0.0", "999999999999999", "0.000000000000000000001", "17.7"]),
)


# Far past every bound: beyond int64, float64's exact integers and float64 itself.
_WIDE_COUNT = st.one_of(st.integers(10**12, 10**40), st.sampled_from([2**53, 2**53 + 1, 2**63, 2**64]))
_WIDE_DECIMAL = st.one_of(st.builds(_digits, st.integers(10**15, 10**40), st.integers(0, 40)), st.just("1" * 400))


def number(kind: str, wide: bool = False) -> st.SearchStrategy[str]:
    if wide:
        return _WIDE_COUNT.map(str) if kind == "int" else _WIDE_DECIMAL
    if kind == "int":
        return st.one_of(COUNT.map(str), COUNT.map(lambda n: f"00{n}"))  # leading zeros are accepted
    return DECIMAL


def _iso(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def day(not_future: bool) -> st.SearchStrategy[str]:
    latest = TODAY if not_future else dt.date(9999, 12, 31)
    return st.one_of(st.dates(dt.date(1, 1, 1), latest), st.sampled_from([dt.date(1, 1, 1), latest, dt.date(2024, 2, 29)])).map(_iso)


def partial_date(not_future: bool) -> st.SearchStrategy[str]:
    return st.builds(lambda iso, size: iso[:size], day(not_future), st.sampled_from([4, 7, 10]))


def moment() -> st.SearchStrategy[str]:
    time = st.one_of(st.just(""), st.builds(lambda h, m, zone: f"T{h:02d}:{m:02d}{zone}", st.integers(0, 23), st.integers(0, 59),
                                            st.sampled_from(["", "Z", "+04:00", "-12:00", "+14:00"])))
    return st.builds(str.__add__, day(False), time)


SLUG = st.from_regex(r"\A[a-z0-9_]{1,30}\Z")
URL = st.builds(lambda path: "https://example.org/" + path, st.text(st.sampled_from("abcXYZ019-._~%/?#[]@!$&'()*+,;=:"), max_size=60))


def cell(rule: ColumnRule, wide: bool = False) -> st.SearchStrategy[str]:
    """A value the column accepts, or empty where it may be; wide: also values beyond the rules."""
    if wide and rule.kind in ("int", "decimal", "text"):
        return st.one_of(cell(rule), number(rule.kind, wide=True) if rule.kind != "text" else text(rule, wide=True))
    if rule.kind == "enum":
        value = st.sampled_from(rule.allowed)
    elif rule.kind in ("int", "decimal"):
        value = number(rule.kind)
    elif rule.kind == "date":
        value = day(rule.not_future)
    elif rule.kind == "partial_date":
        value = partial_date(rule.not_future)
    elif rule.kind == "datetime":
        value = moment()
    elif rule.kind == "bool":
        value = st.sampled_from(["true", "false", "TRUE", "False", "yes", "no", "1", "0"])
    elif rule.kind == "slug":
        value = SLUG
    elif rule.kind == "url":
        value = URL
    else:
        value = text(rule)
    return value if rule.required else st.one_of(st.just(""), value)


@st.composite
def claim_values(draw, kind: str, wide: bool = False) -> dict[str, str]:
    """value_low <= value_best <= value_high, with the ends a source may leave out left empty."""
    low, best, high = sorted((draw(st.one_of(number(kind), number(kind, wide))) for _ in range(3)), key=Decimal)
    shape = draw(st.sampled_from(["best", "low-best", "best-high", "low-best-high", "low-high"]))
    return {"value_low": low if "low" in shape else "", "value_best": best if "best" in shape else "",
            "value_high": high if "high" in shape else ""}


@st.composite
def dataset_rows(draw, dataset: str, source_ids: list[str]) -> list[dict[str, str]]:
    spec = get_spec(dataset)
    rules = column_rules(spec.model)
    rows = []
    for index in range(draw(st.integers(1, 4))):
        wide = index > 0 and draw(st.booleans())  # the first row stays within the rules, so something is accepted
        row = {name: draw(cell(rule, wide)) for name, rule in rules.items()}
        if "source_id" in row:
            row["source_id"] = draw(st.sampled_from(source_ids)) if index else source_ids[0]
        if issubclass(spec.model, Claim):
            row.update(draw(claim_values(rules["value_best"].kind, wide)))
        if "end_date" in row and row["end_date"]:
            start = "date" if "date" in row else "start_date"
            row[start], row["end_date"] = sorted((row[start], row["end_date"]))
        if dataset == SOURCES and not wide and not row["original_publisher"]:
            row.update(original_title="", original_published="", original_url="")  # an original names its publisher
        if dataset == "disputes":
            row.update(draw(dispute_target(source_ids)))
        rows.append(row)
    return _unique_keys(rows, spec.key_columns)


@st.composite
def dispute_target(draw, source_ids: list[str]) -> dict[str, str]:
    """A dispute about a subject of another dataset, 'column=value; ...' over its subject columns."""
    target = draw(st.sampled_from([name for name in DATASETS if name not in (SOURCES, "disputes")]))
    columns = draw(st.lists(st.sampled_from(DATASETS[target].dispute_columns), min_size=1, unique=True))
    # Short values: the subject as a whole has at most 400 characters.
    values = [draw(cell(column_rules(DATASETS[target].model)[c]).filter(lambda v: v and len(v) <= 60 and ";" not in v and "=" not in v))
              for c in columns]
    cited = [source_ids[0]] + draw(st.lists(st.sampled_from(source_ids[1:] or source_ids), unique=True))
    return {"dataset": target, "subject": "; ".join(f"{c}={v}" for c, v in zip(columns, values)), "source_ids": ";".join(cited)}


def _unique_keys(rows: list[dict[str, str]], key_columns: tuple[str, ...]) -> list[dict[str, str]]:
    seen, kept = set(), []
    for row in rows:
        key = tuple(row[c] for c in key_columns)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def to_csv(dataset: str, rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, get_spec(dataset).columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def accepted_files(draw) -> dict[str, bytes]:
    """{dataset: CSV bytes} for every dataset; the others cite the generated sources (their first row the first one)."""
    sources = draw(dataset_rows(SOURCES, ["unused"]))
    ids = [row["source_id"] for row in sources]
    files = {SOURCES: to_csv(SOURCES, sources)}
    for name in DATASETS:
        if name != SOURCES:
            files[name] = to_csv(name, draw(dataset_rows(name, ids)))
    return files


def cell_values(data: bytes, column: str) -> list[str]:
    """The cells of one column as the file holds them."""
    return [row[column] for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]


