"""Rules over several cells of one row, declared once on the model they belong to (Row.row_rules).

A rule is a polars expression over the row's trimmed text cells, True where the row breaks it. The validator runs it
over every row whose cells are all valid; the model runs the same expression on its one row (Row.row_rules_hold).
A row reports the first rule it breaks, as a model validator raises the first. A rule that needs a lookup no
expression holds (a dispute's subject against the datasets' columns) is a RowCheck: a function of one row, run row
by row on both paths.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from i18n import N_, _

from .cells import column_message
from .report import Code


def filled(name: str) -> pl.Expr:
    return pl.col(name).str.len_bytes() > 0


def number(name: str) -> pl.Expr:
    """A number cell as float64 (exact: cells bound counts to 12 digits and decimals to 15), null when empty."""
    return pl.col(name).cast(pl.Float64, strict=False)


@dataclass(frozen=True)
class RowRule:
    column: str  # where the finding is reported
    message: str  # what is wrong, after "'column' " (marked with N_; its {fields} are filled from `fields`)
    hint: str  # what to do (marked with N_)
    breaks: Callable[[], pl.Expr]  # True where a row breaks the rule (nulls count as not broken)
    code: Code = Code.ROW_CONSTRAINT
    fields: tuple[tuple[str, str], ...] = ()  # (name, value) of the {fields} in the message: column names

    def expression(self) -> pl.Expr:
        return self.breaks().fill_null(False)

    def problem(self) -> Problem:
        """The finding in the active language (made once per rule and check, not per row)."""
        message = _(self.message).format(**dict(self.fields))
        return Problem(self.column, self.code.value, column_message(self.column, message), _(self.hint))


@dataclass(frozen=True)
class Problem:
    column: str
    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class RowCheck:
    """A row rule written as a function of one row's cells (name -> trimmed text): the problem, or None."""

    problem: Callable[[Mapping[str, str]], Problem | None]


def value_range() -> tuple[RowRule, ...]:
    """A claim gives a best value or a whole range, and low <= best <= high (the UCDP convention)."""
    best, low, high = filled("value_best"), filled("value_low"), filled("value_high")
    # Translators: value_low, value_best and value_high are column names: keep them as they are.
    ordered = N_("the range must satisfy value_low <= value_best <= value_high")
    return (
        # Translators: after "'value_best' "; value_best, value_low and value_high are column names.
        RowRule("value_best", N_("is empty: give value_best, or both value_low and value_high"),
                N_("a gap stays a gap: leave the row out until a source states a figure"), lambda: ~best & ~(low & high)),
        # Translators: after "'value_low' "; value_best is a column name.
        RowRule("value_low", N_("is greater than value_best"), ordered, lambda: number("value_low") > number("value_best")),
        # Translators: after "'value_high' "; value_best is a column name.
        RowRule("value_high", N_("is smaller than value_best"), ordered, lambda: number("value_best") > number("value_high")),
        # Translators: after "'value_low' "; value_high is a column name.
        RowRule("value_low", N_("is greater than value_high"), N_("swap the two ends of the range"),
                lambda: ~best & (number("value_low") > number("value_high"))),
    )


def ends_after_start(start: str) -> tuple[RowRule, ...]:
    """ISO dates, whole or partial, compare as text: '1994-05' > '1988'."""
    # Translators: after "'end_date' "; {start} is the name of the column of the first day (date, start_date).
    return (RowRule("end_date", N_("is before {start}"), N_("the event must end on or after its first day"),
                    lambda: filled("end_date") & filled(start) & (pl.col("end_date") < pl.col(start)),
                    fields=(("start", start),)),)


def original_has_a_publisher() -> tuple[RowRule, ...]:
    described = lambda: filled("original_title") | filled("original_published") | filled("original_url")  # noqa: E731
    return (RowRule("original_publisher", N_("is empty while the original's title, date or link is given"),
                    N_("name the original's publisher"), lambda: described() & ~filled("original_publisher")),)


def first_problems(frame: pl.DataFrame, rules: tuple[RowRule | RowCheck, ...], checked: np.ndarray | None = None,
                   ) -> list[tuple[int, Problem]]:
    """(row index, problem) of each row of `frame` (trimmed text cells) that breaks a rule, its first one, among the
    rows `checked` marks (all when None)."""
    checked = pl.Series(np.ones(frame.height, dtype=bool) if checked is None else checked)
    expressions = [(rule.expression() & checked).alias(f"r{i}") for i, rule in enumerate(rules) if isinstance(rule, RowRule)]
    broken = frame.select(expressions) if expressions else None
    allowed = checked.to_numpy()
    found: dict[int, Problem] = {}
    for i, rule in enumerate(rules):
        if isinstance(rule, RowRule):
            problem = rule.problem()
            for row in broken[f"r{i}"].arg_true().to_list():
                found.setdefault(row, problem)
        else:
            for row, cells in enumerate(frame.iter_rows(named=True)):
                if allowed[row] and row not in found and (problem := rule.problem(cells)) is not None:
                    found[row] = problem
    return sorted(found.items())
