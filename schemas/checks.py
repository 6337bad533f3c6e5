"""The declared rules run over a whole frame of trimmed text cells by polars: cells (cell_rules), rows (the model's
row_rules), repeated keys and references. One issue per cell and row rules only on rows whose cells are all valid,
as pydantic does row by row (tests/schemas/test_agreement.py holds the two to the same findings)."""
from __future__ import annotations

import difflib
import functools
from typing import NamedTuple

import numpy as np
import polars as pl

from i18n import _

from .cell_rules import CellRule, canonical, canonical_value, first_broken
from .cells import did_you_mean
from .registry import DatasetSpec, cited_ids
from .report import MAX_LISTED, Code, ValidationIssue
from .row_rules import first_problems
from .rules import ColumnRule, column_rules


class Findings:
    """Issues found so far as (line, column position, issue), at most MAX_LISTED of them kept, the rest counted; and
    the blank rows seen, reported at the end only if a row with data follows them."""

    def __init__(self):
        self.found: list[tuple[int, int, ValidationIssue]] = []
        self.unlisted, self.lines, self.blank, self.last_data_line = 0, np.zeros(0, dtype=np.int64), [], 0

    def start_block(self, block) -> None:
        """Rows are numbered within the block being checked; this block's lines say which spreadsheet line each is."""
        self.lines = block.lines
        self.blank += block.blank
        if len(block.lines):
            self.last_data_line = int(block.lines[-1])

    def add(self, row: int, position: int, code: str, message: str, column: str, value: str | None, hint: str | None):
        if len(self.found) < MAX_LISTED:
            line = int(self.lines[row])
            self.found.append((line, position, ValidationIssue(code, message, line, column, value, hint)))
        else:
            self.unlisted += 1

    def blank_rows(self) -> list[ValidationIssue]:
        """Blank lines after the last row with data are an export artefact, not data: dropped quietly."""
        message, suggestion = _("This row is empty"), _("delete the empty row")
        return [ValidationIssue(Code.BLANK_ROW.value, message, line, suggestion=suggestion)
                for line in self.blank if line < self.last_data_line]


class Chain(NamedTuple):
    """One column's rules as polars runs them, built once for all the blocks of a file."""

    rule: ColumnRule
    canonical: pl.Expr | None  # cell_rules.canonical: the form the dataset writes the value in, or None
    first_broken: pl.Expr  # cell_rules.first_broken: the index into `tried` of the first rule a cell breaks
    tried: tuple[CellRule, ...]


def cell_checks(spec: DatasetSpec, today: str) -> dict[str, Chain]:
    rules = column_rules(spec.model)
    return {name: Chain(rules[name], canonical(rules[name]), *first_broken(rules[name], today)) for name in spec.columns}


def canonical_cells(frame: pl.DataFrame, chains: dict[str, Chain]) -> pl.DataFrame:
    """Vocabulary values and flags in the form the dataset writes them, before any check."""
    expressions = [chain.canonical for chain in chains.values() if chain.canonical is not None]
    return frame.with_columns(expressions) if expressions else frame


def check_cells(frame: pl.DataFrame, spec: DatasetSpec, chains: dict[str, Chain], findings: Findings) -> pl.DataFrame:
    """Every cell against its column's rules. Returns, per cell, the index of the rule it breaks (null when none)."""
    few = [name for name in spec.columns if chains[name].rule.kind not in CHEAP_KINDS and _few_distinct(frame[name])]
    # The other columns in one select, which polars runs on every core.
    broken = frame.select(chains[name].first_broken for name in spec.columns if name not in few)
    broken = broken.with_columns(_by_distinct_value(frame[name], chains[name].first_broken) for name in few).select(spec.columns)
    for position, name in enumerate(spec.columns):
        ids = broken[name]
        rows = ids.is_not_null().arg_true()
        if not len(rows):
            continue
        rule, tried = chains[name].rule, chains[name].tried
        shown = rows.head(max(0, MAX_LISTED - len(findings.found)))
        findings.unlisted += len(rows) - len(shown)
        # Each rule's message written once per column, each hint once per value (a wrong value is often repeated).
        messages: dict[int, str] = {}
        hints: dict[tuple[int, str], str | None] = {}
        for row, index, value in zip(shown.to_list(), ids.gather(shown).to_list(), frame[name].gather(shown).to_list()):
            broke = tried[index]
            if index not in messages:
                messages[index] = broke.message_for(rule)
            if (index, value) not in hints:
                hints[index, value] = broke.hint_for(rule, value)
            findings.add(row, position, broke.code.value, messages[index], name, value, hints[index, value])
    return broken


FEW_DISTINCT = 0.05  # a column with at most this share of distinct values is checked once per value
CHEAP_KINDS = ("enum", "bool")  # a lookup in a short list costs less than finding the distinct values


def _few_distinct(column: pl.Series) -> bool:
    """Whether checking each distinct value once pays: a long column whose first rows repeat a few values."""
    return len(column) >= 50_000 and column.head(2000).n_unique() <= FEW_DISTINCT * 2000


def _by_distinct_value(column: pl.Series, expression: pl.Expr) -> pl.Series:
    """The expression's answer for every cell, worked out once per distinct value (every rule is a function of the
    value alone) and spread back over the rows."""
    distinct = column.unique()
    answers = distinct.to_frame().select(expression).to_series()
    bad = answers.is_not_null()
    return column.replace_strict(distinct.filter(bad), answers.filter(bad), default=None, return_dtype=pl.UInt8)


def bad_rows(broken: pl.DataFrame) -> np.ndarray:
    return broken.select(pl.any_horizontal(pl.all().is_not_null())).to_series().to_numpy()


def check_rows(frame: pl.DataFrame, spec: DatasetSpec, bad_row: np.ndarray, findings: Findings) -> None:
    """The model's row rules on the rows whose cells are all valid."""
    if not spec.model.row_rules:
        return
    for row, problem in first_problems(frame, spec.model.row_rules, ~bad_row):
        findings.add(row, spec.columns.index(problem.column), problem.code, problem.message, problem.column,
                     frame[problem.column][row], problem.hint)


def key_hashes(frame: pl.DataFrame, spec: DatasetSpec, block: int) -> pl.DataFrame:
    """What check_unique_keys needs of a block while the next are read: a 64-bit hash of each row's key cells, and
    where the row is (its block and its index there)."""
    return frame.select(pl.struct(list(spec.key_columns)).hash().alias("hash"), pl.lit(block, pl.UInt32).alias("block"),
                        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"))


def check_unique_keys(hashes: pl.DataFrame, blocks: list, spec: DatasetSpec, findings: Findings) -> None:
    """A row that repeats an earlier row's key is reported at its own line, pointing at the first. The rows whose
    key hashes are shared (few) are read back and compared on their cells, so a hash collision never makes a repeat."""
    names, rules = list(spec.key_columns), column_rules(spec.model)
    listed = ", ".join(names)
    # Translators: {line} is the spreadsheet line of the first row with the same key; {columns} lists column names.
    message = _("This row repeats line {line}: the same {columns}")
    suggestion = _("delete the repeat, or make the two rows differ in one of: {columns}").format(columns=listed)
    shared = hashes.filter(pl.col("hash").is_duplicated()).sort("block", "row")
    first: dict[tuple[str, ...], int] = {}
    for (index,), rows in shared.group_by("block", maintain_order=True):
        block = blocks[index]
        findings.lines = block.lines
        picked = rows["row"].to_list()
        for row, cells in zip(picked, block.records(picked)):
            # As the frame holds them: an optional column the file lacks reads as empty, a value in its canonical form.
            key = tuple(canonical_value(cells.get(name, ""), rules[name]) for name in names)
            line = int(block.lines[row])
            if key not in first:
                first[key] = line
                continue
            findings.add(row, spec.columns.index(names[0]), Code.PRIMARY_KEY.value,
                         message.format(line=first[key], columns=listed), names[0], key[0], suggestion)


def check_references(frame: pl.DataFrame, broken: pl.DataFrame, spec: DatasetSpec, known: set[str], split: dict[str, str],
                     findings: Findings) -> None:
    """Every valid source_id (and every ';'-separated id of a source_ids cell) names a row of sources.csv."""
    options = tuple(sorted(known))
    # Translators: {column} is source_id or source_ids (a column name), {source} the id the cell names.
    message = _("'{column}' names source '{source}', which does not exist")
    # Translators: sources.csv is a file name.
    unknown = _("add it to sources.csv first, or correct the id")
    for column in ("source_id", "source_ids"):
        if column not in spec.columns:
            continue
        cells = frame[column]
        separator = split.get(column)
        if separator:
            rows = range(frame.height)
        else:
            rows = (~cells.is_in(options) & (cells.str.len_bytes() > 0) & broken[column].is_null()).arg_true().to_list()
        for row in rows:
            for item in cited_ids(cells[row], separator) if separator else [cells[row]]:
                if item not in known:
                    close = _closest_id(item, options)
                    findings.add(row, spec.columns.index(column), Code.FOREIGN_KEY.value,
                                 message.format(column=column, source=item), column, item, did_you_mean(close) or unknown)


@functools.lru_cache(maxsize=4096)  # the same unknown id is often repeated: look for its closest match once
def _closest_id(item: str, options: tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(item, options, n=1, cutoff=0.6)
    return close[0] if close else None
