"""Every rule one cell must pass, declared once: its report code, its message, its hint and one polars expression.

The validator runs the expressions over whole columns (polars compiles them and runs them in Rust, on every core);
the pydantic types at the end run the very same expressions on one value, so the row-by-row path and the fast path
cannot mean different things by a rule. A column's rules are tried in order and the first one a cell breaks is its
one issue, as pydantic stops at the first error of a field.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import polars as pl
from pydantic import BeforeValidator, PlainSerializer, ValidationInfo

from i18n import N_, _, ngettext

from . import cells
from .cells import Cell, column_message, did_you_mean, rule_error
from .report import Code
from .rules import ColumnRule

Breaks = Callable[[pl.Expr, ColumnRule, str], pl.Expr]  # (trimmed cell, its column, today) -> True where broken


@dataclass(frozen=True)
class CellRule:
    code: Code
    # What is wrong, after "'column' ": text marked with N_ (translated when a finding is written), or a function of
    # the column giving it translated.
    message: str | Callable[[ColumnRule], str]
    hint: str | Callable[[ColumnRule, str], str | None] | None  # what to do (N_), or a function of column and value saying it
    breaks: Breaks  # reached only by a filled cell that passed the rules before this one

    def message_for(self, rule: ColumnRule) -> str:
        return column_message(rule.name, self.message(rule) if callable(self.message) else _(self.message))

    def hint_for(self, rule: ColumnRule, value: str) -> str | None:
        if callable(self.hint):
            return self.hint(rule, value)
        return _(self.hint) if self.hint else None


def _number_hint(rule: ColumnRule, value: str) -> str | None:
    digits = value.replace(",", "").replace(" ", "").replace("\u00a0", "")
    if digits.isdigit():
        # Translators: {digits} is the figure as it must be typed (20000).
        return _("write {digits} (no thousands separators)").format(digits=digits)
    if value.startswith(("~", ">", "<", "≈")):
        # Translators: about and more_than are values of the qualifier column: keep them as they are.
        return _("put the number alone here and the word (about, more_than ...) in the qualifier column")
    return _("a gap stays empty: leave the cell blank rather than writing text")


def _date_hint(rule: ColumnRule, value: str) -> str | None:
    parts = value.replace(".", "/").split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        # Translators: {date} is the date as it must be typed (2023-09-24).
        return _("write {date} if that is day/month/year").format(date=f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}")
    return None


@functools.lru_cache(maxsize=4096)  # a wrong value is often repeated down a column: match it once
def _closest(allowed: tuple[str, ...], value: str) -> str | None:
    # 0.6 as for column names and ids: at 0.5 an outcome 'dead' drew "did you mean 'wounded'?"
    close = difflib.get_close_matches(value.lower().strip().replace(" ", "_"), allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def _enum_hint(rule: ColumnRule, value: str) -> str | None:
    return did_you_mean(_closest(rule.allowed, value))


def _too_long(rule: ColumnRule) -> str:
    # Translators: after "'note' "; {count} is the most characters the column holds. The number is written as digits.
    return ngettext("is longer than {count} character", "is longer than {count} characters", rule.max_length).format(
        count=rule.max_length)


def _one_of(rule: ColumnRule) -> str:
    # Translators: after "'side' "; {values} lists the values the column allows, which stay as they are.
    return _("must be one of: {values}").format(values=", ".join(rule.allowed))


def _unless(pattern: str) -> Breaks:
    return lambda cell, rule, today: ~cell.str.contains(pattern)


def _when(pattern: str) -> Breaks:
    return lambda cell, rule, today: cell.str.contains(pattern)


def _not_a_day(cell: pl.Expr, rule: ColumnRule, today: str) -> pl.Expr:
    """Shaped like a date but no day of the calendar (31 February). chrono's parser takes year 0; datetime does not."""
    day = cell.str.slice(0, 10)
    real = day.str.to_date("%Y-%m-%d", strict=False).is_not_null() & ~day.str.starts_with("0000")
    return (cell.str.len_bytes() >= 10) & ~real


def _future(cell: pl.Expr, rule: ColumnRule, today: str) -> pl.Expr:
    """ISO text (2027, 2026-12, 2026-12-02) compares as dates do, at the value's own precision."""
    day = cell.str.slice(0, 10)
    return day > pl.lit(today).str.slice(0, day.str.len_chars())


def _significant_digits(cell: pl.Expr) -> pl.Expr:
    """Significant digits of a decimal cell: leading zeros and, after the point, trailing zeros aside."""
    fraction_trimmed = pl.when(cell.str.contains(".", literal=True)).then(cell.str.strip_chars_end("0")).otherwise(cell)
    return fraction_trimmed.str.replace(".", "", literal=True).str.strip_chars_start("0").str.len_bytes()


REQUIRED = CellRule(Code.CONSTRAINT_ERROR, N_("is required and is empty"), N_("fill it in"),
                    lambda cell, rule, today: cell.str.len_bytes() == 0)
TOO_LONG = CellRule(Code.CONSTRAINT_ERROR, _too_long, N_("shorten it"),
                    lambda cell, rule, today: cell.str.len_chars() > rule.max_length)
ENUM = CellRule(Code.CONSTRAINT_ERROR, _one_of, _enum_hint, lambda cell, rule, today: ~cell.is_in(list(rule.allowed)))
NEGATIVE = CellRule(Code.CONSTRAINT_ERROR, cells.NEGATIVE_MESSAGE, N_("a count cannot be negative"), _when(cells.NEGATIVE_PATTERN))
NOT_A_DAY = CellRule(Code.TYPE_ERROR, cells.NOT_A_DATE, N_("check the day and month"), _not_a_day)
FUTURE = CellRule(Code.CONSTRAINT_ERROR, cells.FUTURE_MESSAGE, cells.FUTURE_HINT, _future)


def _shape(kind: str, pattern: str, hint, code: Code = Code.TYPE_ERROR) -> CellRule:
    return CellRule(code, cells.KIND_MESSAGE[kind], hint, _unless(pattern))


# Each kind's rules, in the order they are tried. ENUM and TOO_LONG come from the column (a vocabulary, a max_length).
KIND_RULES: dict[str, tuple[CellRule, ...]] = {
    "int": (NEGATIVE, _shape("int", cells.INT_PATTERN, _number_hint),
            CellRule(Code.CONSTRAINT_ERROR, lambda rule: cells.count_too_large(), cells.NUMBER_BOUND_HINT,
                     lambda cell, rule, today: cell.str.strip_chars_start("0").str.len_bytes() > cells.COUNT_MAX_DIGITS)),
    "decimal": (NEGATIVE, _shape("decimal", cells.DECIMAL_PATTERN, _number_hint),
                CellRule(Code.CONSTRAINT_ERROR, lambda rule: cells.decimal_too_precise(), cells.NUMBER_BOUND_HINT,
                         lambda cell, rule, today: _significant_digits(cell) > cells.DECIMAL_MAX_DIGITS)),
    "date": (_shape("date", cells.DATE_PATTERN, _date_hint), NOT_A_DAY, FUTURE),
    "partial_date": (_shape("partial_date", cells.PARTIAL_DATE_PATTERN, _date_hint), NOT_A_DAY, FUTURE),
    "datetime": (_shape("datetime", cells.DATETIME_PATTERN, _date_hint), NOT_A_DAY, FUTURE),
    # Translators: true and false are what the cell must hold: keep them as they are.
    "bool": (CellRule(Code.TYPE_ERROR, cells.KIND_MESSAGE["bool"], N_("write true or false"),
                      lambda cell, rule, today: ~cell.str.to_lowercase().is_in(cells.BOOL_TRUE + cells.BOOL_FALSE)),),
    "enum": (ENUM,),
    "slug": (_shape("slug", cells.SLUG_PATTERN, None, Code.CONSTRAINT_ERROR),),
    "url": (_shape("url", cells.URL_PATTERN, None, Code.CONSTRAINT_ERROR),),
    "text": (
        CellRule(Code.UNSAFE_TEXT, N_("starts with =, +, - or @, which spreadsheets run as a formula"),
                 N_("reword it so it starts with a letter or digit"), _when(cells.FORMULA_PATTERN)),
        CellRule(Code.UNSAFE_TEXT, N_("contains HTML markup (<...>); write plain text"), N_("remove the angle brackets"),
                 _when(cells.MARKUP_PATTERN)),
        CellRule(Code.UNSAFE_TEXT, cells.CONTROL_MESSAGE, cells.CONTROL_HINT, _when(cells.CONTROL_PATTERN)),
    ),
}


def rules_of(rule: ColumnRule) -> tuple[CellRule, ...]:
    """The rules a filled cell of the column is tried against, in order."""
    kind = tuple(r for r in KIND_RULES[rule.kind] if r is not FUTURE or rule.not_future)
    return kind + ((TOO_LONG,) if rule.max_length is not None else ())


def first_broken(rule: ColumnRule, today: str, cell: pl.Expr | None = None) -> tuple[pl.Expr, tuple[CellRule, ...]]:
    """An expression giving, for each (trimmed) cell, the index into the returned rules of the first it breaks, or
    null when it breaks none. An empty cell breaks REQUIRED (index 0) in a required column and nothing otherwise."""
    cell = pl.col(rule.name) if cell is None else cell
    table = (REQUIRED, *rules_of(rule))
    chain = pl.when(cell.str.len_bytes() == 0).then(pl.lit(0 if rule.required else None, pl.UInt8))
    for index, cell_rule in enumerate(table[1:], start=1):
        chain = chain.when(cell_rule.breaks(cell, rule, today)).then(pl.lit(index, pl.UInt8))
    return chain.otherwise(pl.lit(None, pl.UInt8)).alias(rule.name), table


def broken_by(value: str, rule: ColumnRule, today: str | None = None) -> CellRule | None:
    """The first rule one trimmed value breaks: the same expressions, run on a column of one cell."""
    return _broken_by(value, rule, today or cells.latest_today())


@functools.lru_cache(maxsize=1 << 16)  # a polars query costs about a millisecond; rows repeat most of their cells
def _broken_by(value: str, rule: ColumnRule, today: str) -> CellRule | None:
    expression, table = first_broken(rule, today, pl.lit(value, pl.String))
    index = pl.select(expression).item()
    return None if index is None else table[index]


def canonical(rule: ColumnRule, cell: pl.Expr | None = None) -> pl.Expr | None:
    """A vocabulary value in another case (ARMENIAN), or a flag written TRUE, yes or 1, as the dataset writes it
    (armenian, true): what a spreadsheet does to such cells is then no change at all. None for other kinds."""
    cell = pl.col(rule.name) if cell is None else cell
    lower = cell.str.to_lowercase()
    if rule.kind == "enum":
        return pl.when(lower.is_in(list(rule.allowed))).then(lower).otherwise(cell).alias(rule.name)
    if rule.kind == "bool":
        falsy = [value for value in cells.BOOL_FALSE if value]
        return (pl.when(lower.is_in(list(cells.BOOL_TRUE))).then(pl.lit("true"))
                .when(lower.is_in(falsy)).then(pl.lit("false")).otherwise(cell).alias(rule.name))
    return None


@functools.lru_cache(maxsize=1 << 16)
def canonical_value(value: str, rule: ColumnRule) -> str:
    """canonical() on one trimmed value, for the row-by-row path."""
    expression = canonical(rule, pl.lit(value, pl.String))
    return value if expression is None else pl.select(expression).item()


# --- the pydantic types the models are written in: each reads a cell through its kind's rules above ----------------

def _reader(kind: str, not_future: bool, convert: Callable[[str], object] = str) -> BeforeValidator:
    """A field's rules as pydantic runs them: the report's code as the error type, the declared message as the text.
    (A vocabulary, a max_length and a required cell are pydantic's own checks; row_by_row maps them to ENUM,
    TOO_LONG and REQUIRED.)"""

    def read(value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        rule = ColumnRule(info.field_name, kind, True, not_future=not_future)
        broken = broken_by(value, rule)
        if broken is not None:
            raise rule_error(broken.code.value, broken.message_for(rule), info.field_name)
        return convert(value)

    return BeforeValidator(read)


def _bool(value: str) -> bool:
    return value.lower() in cells.BOOL_TRUE


_ISO = PlainSerializer(lambda day: day.isoformat(), return_type=str)
Count = Annotated[int, Cell("int"), _reader("int", False, int)]
Decimal = Annotated[float, Cell("decimal"), _reader("decimal", False, float)]
Date = Annotated[dt.date, Cell("date"), _reader("date", False, dt.date.fromisoformat), _ISO]
PartialDate = Annotated[str, Cell("partial_date"), _reader("partial_date", False)]
# Dates of things that have happened: a publication, a visit to a page, the day a figure was valid.
PastDate = Annotated[dt.date, Cell("date", not_future=True), _reader("date", True, dt.date.fromisoformat), _ISO]
PastPartialDate = Annotated[str, Cell("partial_date", not_future=True), _reader("partial_date", True)]
DateTime = Annotated[str, Cell("datetime"), _reader("datetime", False)]
Flag = Annotated[bool, Cell("bool"), _reader("bool", False, _bool)]
Text = Annotated[str, Cell("text"), _reader("text", False)]
Slug = Annotated[str, Cell("slug"), _reader("slug", False)]
Url = Annotated[str, Cell("url"), _reader("url", False)]
