"""Vectorised checks over a table of text cells, derived from the model's column rules.

They give the same findings as running the pydantic model row by row (tests/schemas/test_agreement.py proves it),
at a small fraction of the cost on large uploads. Where pydantic would stop at the first problem of a cell or a
row, these do the same: one issue per cell, and row constraints only on rows whose cells are all valid.
"""
from __future__ import annotations

import difflib
import functools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import cells
from .models import Dispute, dispute_subject_problem
from .reader import cell_offsets
from .registry import DatasetSpec, cited_ids
from .report import MAX_LISTED, Code, ValidationIssue
from .rules import ColumnRule


class Findings:
    """Issues found so far, and which rows already have a cell problem."""

    def __init__(self, table: pa.Table, lines: np.ndarray):
        self.table, self.lines = table, lines
        self.issues: list[tuple[int, int, ValidationIssue]] = []  # (row index, column order, issue) for sorting
        self.bad_row = np.zeros(table.num_rows, dtype=bool)
        self.unlisted = 0  # problems beyond MAX_LISTED, counted only

    def append(self, row: int, order: int, issue: ValidationIssue) -> None:
        if len(self.issues) < MAX_LISTED:
            self.issues.append((row, order, issue))
        else:
            self.unlisted += 1

    def add(self, mask: np.ndarray, column: str, order: int, code: Code, message: str, suggestion=None) -> None:
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        self.bad_row[rows] = True
        room = max(0, MAX_LISTED - len(self.issues))
        self.unlisted += max(0, len(rows) - room)
        rows = rows[:room]
        if not len(rows):
            return
        values = _take(self.table[column], rows).to_pylist()
        for row, value in zip(rows.tolist(), values):
            hint = suggestion(value) if callable(suggestion) else suggestion
            issue = ValidationIssue(code.value, f"'{column}' {message}", int(self.lines[row]), column, value, hint)
            self.issues.append((row, order, issue))


def _take(column: pa.ChunkedArray, rows: np.ndarray) -> pa.ChunkedArray:
    """column.take(rows) for rows in ascending order, one chunk at a time: Arrow's take on a column of many chunks
    first joins them all (a copy of the whole column, a quarter of a second for a long text column)."""
    if not isinstance(column, pa.ChunkedArray) or column.num_chunks <= 1 or (len(rows) > 1 and (np.diff(rows) < 0).any()):
        return column.take(pa.array(rows, type=pa.int64()))
    starts = np.cumsum([0] + [len(chunk) for chunk in column.chunks])
    which = np.searchsorted(starts, rows, side="right") - 1
    pieces = []
    for index in np.unique(which).tolist():
        chosen = rows[which == index] - starts[index]
        pieces.append(column.chunk(index).take(pa.array(chosen, type=pa.int64())))
    return pa.chunked_array(pieces, type=column.type)


def _np(array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _matches(column: pa.ChunkedArray, pattern: str) -> np.ndarray:
    return _np(pc.match_substring_regex(column, pattern))


def _matches_among(column: pa.ChunkedArray, rows: np.ndarray, pattern: str) -> np.ndarray:
    """_matches for the given rows only (False elsewhere): cheap when they are few."""
    found = np.zeros(len(rows), dtype=bool)
    index = np.flatnonzero(rows)
    if len(index):
        found[index] = _np(pc.match_substring_regex(_take(column, index), pattern))
    return found


def _real_dates(column: pa.ChunkedArray, candidates: np.ndarray) -> np.ndarray:
    """Which of the candidate cells (already shaped YYYY-MM-DD...) name a real calendar day.

    Only the candidates are looked at: their first ten characters are ASCII digits and dashes, so the year, month
    and day are read straight from Arrow's buffers and checked against the Gregorian calendar, as datetime.date
    does (years 1 to 9999, month 1 to 12, day 1 to the month's length, 29 February in leap years only).
    """
    real = np.zeros(len(candidates), dtype=bool)
    if not candidates.any():
        return real
    if not pa.types.is_string(column.type) or column.null_count:
        return candidates & _real_dates_by_strptime(column)
    done = 0
    for chunk in column.chunks:
        rows = np.flatnonzero(candidates[done : done + len(chunk)])
        if len(rows):
            offsets, data_buffer = cell_offsets(chunk)
            begin = offsets[rows].astype(np.int64)
            if data_buffer is None or ((offsets[rows + 1] - begin) < 10).any():
                return candidates & _real_dates_by_strptime(column)
            data = np.frombuffer(data_buffer, dtype=np.uint8)
            real[done + rows] = _calendar_days([data[begin + i] for i in range(10)])
        done += len(chunk)
    return real


def _calendar_days(chars: list[np.ndarray]) -> np.ndarray:
    """chars[i]: the i-th byte of each cell. Whether the cells' first ten characters are YYYY-MM-DD of a real day."""
    shaped = (chars[4] == ord("-")) & (chars[7] == ord("-"))
    digit = {}
    for i in (0, 1, 2, 3, 5, 6, 8, 9):
        shaped &= (chars[i] >= ord("0")) & (chars[i] <= ord("9"))
        digit[i] = chars[i].astype(np.int16) - ord("0")
    year = digit[0] * 1000 + digit[1] * 100 + digit[2] * 10 + digit[3]
    month = digit[5] * 10 + digit[6]
    dom = digit[8] * 10 + digit[9]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    length = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)] + (leap & (month == 2))
    return shaped & (year >= 1) & (month >= 1) & (month <= 12) & (dom >= 1) & (dom <= length)


def _real_dates_by_strptime(column: pa.ChunkedArray) -> np.ndarray:
    """The same test through Arrow's strptime (for cells that are not plain ASCII dates)."""
    day = pc.utf8_slice_codeunits(column, 0, 10)
    parsed = pc.strptime(day, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 31 Feb over into March; a real day prints back as itself. Year 0 has no days (datetime.date
    # starts at year 1) though strptime accepts it.
    same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), day)
    return _np(pc.fill_null(same, False)) & ~_np(pc.starts_with(day, "0000"))


def check_cells(findings: Findings, rules: dict[str, ColumnRule], order: list[str]) -> dict[str, np.ndarray]:
    """Check every cell; return per column the mask of rows whose cell is valid and non-empty."""
    table = findings.table
    # The masks of each column are computed in parallel (Arrow and numpy release the GIL); the issues are then
    # added column by column in order, exactly as one loop would.
    masks = _in_order(lambda name: _cell_masks(rules[name], table[name]), order, table.num_rows)
    present: dict[str, np.ndarray] = {}
    for position, (name, computed) in enumerate(zip(order, masks)):
        rule = rules[name]
        filled, (bad_type, bad_constraint), long_cells = computed
        if rule.required:
            findings.add(~filled, name, position, Code.CONSTRAINT_ERROR, "is required and is empty", "fill it in")
        valid = filled.copy()
        for code, mask, message, hint in bad_type + bad_constraint:
            findings.add(mask & valid, name, position, code, message, hint)
            valid &= ~mask
        if long_cells is not None:
            too_long = valid & long_cells
            findings.add(too_long, name, position, Code.CONSTRAINT_ERROR, f"is longer than {rule.max_length} characters", "shorten it")
            valid &= ~too_long
        present[name] = valid
    return present


def _cell_masks(rule: ColumnRule, column: pa.ChunkedArray):
    """filled, the kind's problems, and the cells longer than max_length (None when no cell can be): no side effects.

    Every mask is a function of the cell's value alone, so a column with few distinct values (a vocabulary, a
    source id, a date) is checked once per distinct value and the answers are spread back over the rows.
    """
    distinct = None if rule.kind == "enum" else _few_distinct(column)  # a vocabulary lookup is as cheap already
    if distinct is None:
        return _value_masks(rule, column)
    values, indices = distinct
    filled, problems, long_cells = _value_masks(rule, values)
    spread = tuple([(code, mask[indices], message, hint) for code, mask, message, hint in found] for found in problems)
    return filled[indices], spread, None if long_cells is None else long_cells[indices]


FEW_DISTINCT = 0.05  # at most this share of distinct values (among the first rows, then in the column)


def _few_distinct(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray] | None:
    """(distinct values, index of each row's value) when the column has few distinct values, else None."""
    if len(column) < PARALLEL_FROM_ROWS or column.null_count or not column.num_chunks:
        return None
    sample = column.chunk(0).slice(0, 2000)
    if len(sample) < 1000 or pc.count_distinct(sample).as_py() > FEW_DISTINCT * len(sample):
        return None
    encoded = pc.dictionary_encode(column).combine_chunks()
    if len(encoded.dictionary) > FEW_DISTINCT * len(column):
        return None
    return pa.chunked_array([encoded.dictionary]), encoded.indices.to_numpy()


def _value_masks(rule: ColumnRule, column: pa.ChunkedArray):
    filled = _np(pc.greater(pc.binary_length(column), 0))  # bytes: the same test for "not empty", cheaper
    problems = _kind_problems(rule, column, filled)
    long_cells = None
    if rule.max_length is not None:
        # A cell has at least as many bytes as characters: count characters only in cells that might be too long.
        long_cells = _np(pc.greater(pc.binary_length(column), rule.max_length))
        if long_cells.any():
            long_cells[long_cells] = _np(pc.greater(pc.utf8_length(_take(column, np.flatnonzero(long_cells))), rule.max_length))
        else:
            long_cells = None
    return filled, problems, long_cells


PARALLEL_FROM_ROWS = 50_000  # below this, threads cost more than they save
_WORKERS = max(1, min(4, os.cpu_count() or 1))


def _in_order(function, items: list, rows: int) -> Iterator:
    """function(item) for each item, in order; for large tables on a few threads, each working at most one item
    ahead of the consumer (so the masks of only a few columns are in memory at once)."""
    if _WORKERS < 2 or rows < PARALLEL_FROM_ROWS or len(items) < 2:
        yield from (function(item) for item in items)
        return
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        waiting = iter(items)
        pending = deque(pool.submit(function, item) for item in islice(waiting, _WORKERS))
        while pending:
            result = pending.popleft().result()
            following = next(waiting, _END)
            if following is not _END:
                pending.append(pool.submit(function, following))
            yield result


_END = object()


def _kind_problems(rule: ColumnRule, column: pa.ChunkedArray, filled: np.ndarray):
    """(code, mask, message, suggestion) for each way a filled cell of this kind can be wrong, in pydantic's order."""
    kind = rule.kind
    if kind in ("int", "decimal"):
        shaped = _digits_only(column) if kind == "int" else _matches(column, cells.DECIMAL_PATTERN)
        # A negative number starts with '-', so it is never shaped: look for one among the other cells only.
        negative = _matches_among(column, filled & ~shaped, cells.NEGATIVE_PATTERN)
        # Only a cell longer than the bound can exceed it: count its digits in Python, among those few cells.
        bound, digits, message = ((cells.COUNT_MAX_DIGITS, cells.count_digits, cells.COUNT_TOO_LARGE) if kind == "int"
                                  else (cells.DECIMAL_MAX_DIGITS, cells.significant_digits, cells.DECIMAL_TOO_PRECISE))
        too_many = _among(column, shaped & _np(pc.greater(pc.binary_length(column), bound)), lambda v: digits(v) > bound)
        return [
            (Code.CONSTRAINT_ERROR, negative, cells.NEGATIVE_MESSAGE, "a count cannot be negative"),
            (Code.TYPE_ERROR, filled & ~negative & ~shaped, cells.KIND_MESSAGE[kind], _number_hint),
        ], [(Code.CONSTRAINT_ERROR, too_many, message, cells.NUMBER_BOUND_HINT)]
    if kind == "date":
        shaped = _matches(column, cells.DATE_PATTERN)
        real = _real_dates(column, shaped)
        return [
            (Code.TYPE_ERROR, ~shaped, cells.KIND_MESSAGE[kind], _date_hint),
            (Code.TYPE_ERROR, shaped & ~real, cells.NOT_A_DATE, "check the day and month"),
        ], _future(rule, column, real)
    if kind in ("partial_date", "datetime"):
        pattern = cells.PARTIAL_DATE_PATTERN if kind == "partial_date" else cells.DATETIME_PATTERN
        shaped = _matches(column, pattern)
        full = shaped & _np(pc.greater_equal(pc.utf8_length(column), 10))
        real = _real_dates(column, full)
        return [
            (Code.TYPE_ERROR, ~shaped, cells.KIND_MESSAGE[kind], _date_hint),
            (Code.TYPE_ERROR, full & ~real, cells.NOT_A_DATE, "check the day and month"),
        ], _future(rule, column, shaped & ~(full & ~real))
    if kind == "bool":
        ok = _np(pc.is_in(pc.utf8_lower(column), pa.array(cells.BOOL_TRUE + cells.BOOL_FALSE)))
        return [(Code.TYPE_ERROR, ~ok, cells.KIND_MESSAGE[kind], "write true or false")], []
    if kind == "enum":
        ok = _np(pc.is_in(column, pa.array(rule.allowed)))
        allowed = ", ".join(rule.allowed)
        return [], [(Code.CONSTRAINT_ERROR, ~ok, f"must be one of: {allowed}", _closest(rule.allowed))]
    if kind in ("slug", "url"):
        ok = _matches(column, cells.SLUG_PATTERN if kind == "slug" else cells.URL_PATTERN)
        return [], [(Code.CONSTRAINT_ERROR, ~ok, cells.KIND_MESSAGE[kind], None)]
    formula = _starts_with_formula(column)
    # Markup needs a '<': when no cell of the column holds one (the usual case), no cell can match.
    markup = _matches(column, cells.MARKUP_PATTERN) if _holds_byte(column, b"<") else np.zeros(len(filled), dtype=bool)
    control = _matches(column, cells.CONTROL_PATTERN)
    return [], [
        (Code.UNSAFE_TEXT, formula, "starts with =, +, - or @, which spreadsheets run as a formula", "reword it so it starts with a letter or digit"),
        (Code.UNSAFE_TEXT, markup, "contains HTML markup (<...>); write plain text", "remove the angle brackets"),
        (Code.UNSAFE_TEXT, control, cells.CONTROL_MESSAGE, cells.CONTROL_HINT),
    ]


def _among(column: pa.ChunkedArray, candidates: np.ndarray, test) -> np.ndarray:
    """test(cell) for the candidate cells (False elsewhere): for rules worth running in Python on a few cells only."""
    found = np.zeros(len(candidates), dtype=bool)
    index = np.flatnonzero(candidates)
    if len(index):
        found[index] = [bool(test(value)) for value in _take(column, index).to_pylist()]
    return found


def _future(rule: ColumnRule, column: pa.ChunkedArray, readable: np.ndarray) -> list:
    """A date after today (cells.is_future) among the readable cells of a column that may not hold one."""
    if not rule.not_future:
        return []
    today = cells.latest_today()
    # ISO text compares as dates do: a cell can only start after today if it is greater than today's year.
    candidates = readable & _np(pc.fill_null(pc.greater_equal(pc.utf8_slice_codeunits(column, 0, 4), today[:4]), False))
    return [(Code.CONSTRAINT_ERROR, _among(column, candidates, lambda v: cells.is_future(v, today)), cells.FUTURE_MESSAGE, cells.FUTURE_HINT)]


def _number_hint(value: str) -> str | None:
    digits = value.replace(",", "").replace(" ", "").replace("\u00a0", "")
    if digits.isdigit():
        return f"write {digits} (no thousands separators)"
    if value.startswith(("~", ">", "<", "≈")):
        return "put the number alone here and the word (about, more_than ...) in the qualifier column"
    return "a gap stays empty: leave the cell blank rather than writing text"


def _date_hint(value: str) -> str | None:
    parts = value.replace(".", "/").split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        return f"write {parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)} if that is day/month/year"
    return None


def _closest(allowed: Iterable[str]):
    options = list(allowed)

    @functools.lru_cache(maxsize=1024)  # a wrong value is often repeated down a column: match it once
    def hint(value: str) -> str | None:
        # 0.6 as for column names and ids: at 0.5 an outcome 'dead' drew "did you mean 'wounded'?"
        close = difflib.get_close_matches(value.lower().strip().replace(" ", "_"), options, n=1, cutoff=0.6)
        return f"did you mean '{close[0]}'?" if close else None

    return hint


def check_claim_ranges(findings: Findings, present: dict[str, np.ndarray], order: list[str]) -> None:
    """low <= best <= high, and a best value or a full range, on rows whose cells are all valid (as pydantic does)."""
    table = findings.table
    clean = ~findings.bad_row
    has = {name: present[name] for name in ("value_low", "value_best", "value_high")}
    number = {
        name: np.where(has[name], pc.cast(pc.if_else(pa.array(has[name]), table[name], "0"), pa.float64()).to_numpy(), np.nan)
        for name in has
    }
    low, best, high = number["value_low"], number["value_best"], number["value_high"]
    no_value = clean & ~has["value_best"] & ~(has["value_low"] & has["value_high"])
    low_gt_best = clean & ~no_value & (low > best)
    best_gt_high = clean & ~no_value & ~low_gt_best & (best > high)
    low_gt_high = clean & ~has["value_best"] & has["value_low"] & has["value_high"] & (low > high)
    position = order.index
    findings.add(no_value, "value_best", position("value_best"), Code.ROW_CONSTRAINT,
                 "is empty: give value_best, or both value_low and value_high", "a gap stays a gap: leave the row out until a source states a figure")
    findings.add(low_gt_best, "value_low", position("value_low"), Code.ROW_CONSTRAINT,
                 "is greater than value_best", "the range must satisfy value_low <= value_best <= value_high")
    findings.add(best_gt_high, "value_high", position("value_high"), Code.ROW_CONSTRAINT,
                 "is smaller than value_best", "the range must satisfy value_low <= value_best <= value_high")
    findings.add(low_gt_high, "value_low", position("value_low"), Code.ROW_CONSTRAINT,
                 "is greater than value_high", "swap the two ends of the range")


def check_event_dates(findings: Findings, present: dict[str, np.ndarray], order: list[str], start: str = "date") -> None:
    """end_date on or after the start column (ISO dates compare as text)."""
    table = findings.table
    both = ~findings.bad_row & present["end_date"] & present[start]
    before = both & _np(pc.less(table["end_date"], table[start]))
    findings.add(before, "end_date", order.index("end_date"), Code.ROW_CONSTRAINT, f"is before {start}", "the event must end on or after its first day")


def check_original_publisher(findings: Findings, present: dict[str, np.ndarray], order: list[str]) -> None:
    """A source that describes its original (title, date or link) names the original's publisher (Source model)."""
    described = present["original_title"] | present["original_published"] | present["original_url"]
    missing = ~findings.bad_row & described & ~present["original_publisher"]
    findings.add(missing, "original_publisher", order.index("original_publisher"), Code.ROW_CONSTRAINT,
                 "is empty while the original's title, date or link is given", "name the original's publisher")


def check_dispute_subjects(findings: Findings, present: dict[str, np.ndarray], order: list[str]) -> None:
    """models.dispute_subject_problem on every dispute row that is otherwise sound."""
    table, columns = findings.table, order
    for row, (dataset, subject) in enumerate(zip(table["dataset"].to_pylist(), table["subject"].to_pylist())):
        problem = None if findings.bad_row[row] else dispute_subject_problem(dataset, subject, Dispute.subject_columns_of)
        if problem:
            findings.append(row, columns.index(problem.column), ValidationIssue(
                problem.code, problem.message, int(findings.lines[row]), problem.column,
                dataset if problem.column == "dataset" else subject, problem.hint))


# The vectorised form of each row rule a model declares (models.Row.row_rules), by name.
ROW_CHECKS = {
    "value_range": lambda findings, present, order, model: check_claim_ranges(findings, present, order),
    "ends_after_start": lambda findings, present, order, model: check_event_dates(findings, present, order, model.start_column),
    "original_publisher": lambda findings, present, order, model: check_original_publisher(findings, present, order),
    "dispute_subject": lambda findings, present, order, model: check_dispute_subjects(findings, present, order),
}


def check_unique_keys(findings: Findings, spec: DatasetSpec, groups: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """A row that repeats an earlier row's key columns is reported at its own line, pointing at the first.

    `groups` is key_groups(table, spec) when the caller has already worked it out (validate_csv does, on a thread)."""
    table = findings.table
    if not spec.key_columns or table.num_rows == 0:
        return
    rows, codes = groups if groups is not None else key_groups(table, spec)
    # Codes are numbered in order of first appearance, so a row is a key's first row exactly when its code is
    # one more than every code before it.
    seen_before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    repeat = codes <= seen_before
    if not repeat.any():
        return
    first = np.flatnonzero(~repeat)
    first_line_of_code = np.empty(codes.max() + 1, dtype=np.int64)
    first_line_of_code[codes[first]] = findings.lines[rows[first]]
    column = spec.key_columns[0]
    order = spec.columns.index(column)
    names = ", ".join(spec.key_columns)
    for index in np.flatnonzero(repeat).tolist():
        row = int(rows[index])
        earlier = int(first_line_of_code[codes[index]])
        findings.append(row, order, ValidationIssue(
            Code.PRIMARY_KEY.value,
            f"This row repeats line {earlier}: the same {names}",
            int(findings.lines[row]), column, table[column][row].as_py(),
            f"delete the repeat, or make the two rows differ in one of: {names}",
        ))


def key_groups(table: pa.Table, spec: DatasetSpec) -> tuple[np.ndarray, np.ndarray]:
    """(rows, codes): the rows that may share their key with another row, in order, and for each a code equal for
    equal keys and numbered in order of first appearance among those rows. Every other row's key is unique.

    Keys are the key cells joined with U+001F. When no key cell holds that character, joining is the same as
    comparing the cells one by one, so each column is encoded on its own and the codes are combined (far cheaper
    than building the joined strings); otherwise the joined strings are encoded as they are.
    """
    if not spec.key_columns or table.num_rows == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    columns = [table[c] for c in spec.key_columns]
    everyone = np.arange(table.num_rows, dtype=np.int64)
    if any(_holds_separator(column) for column in columns):
        key = pc.binary_join_element_wise(*columns, "\x1f")
        return everyone, pc.dictionary_encode(key).combine_chunks().indices.to_numpy().astype(np.int64)
    widest = max(range(len(columns)), key=lambda i: columns[i].nbytes)
    text = columns[widest]
    others = [column for i, column in enumerate(columns) if i != widest]
    if not pa.types.is_string(text.type) or text.null_count or not others:
        return everyone, _combined(_in_order(_encoded, columns, table.num_rows))
    # The widest column (free text such as claimed_by, nearly one value per row) is the costly one to encode:
    # a dictionary of a million distinct strings takes seconds and hundreds of MB. Its cells are hashed instead;
    # rows whose hash and other key cells are shared by no other row cannot repeat a key, and only the few rows
    # that do share them are compared on the text itself. Equal keys always get equal codes, unequal keys never.
    if _WORKERS > 1 and table.num_rows >= PARALLEL_FROM_ROWS:
        with ThreadPoolExecutor(max_workers=1) as pool:  # hash on one thread while the others are encoded
            hashing = pool.submit(_string_hashes, text)
            rest = _combined((_encoded(column) for column in others), dense=False)
            hashes = hashing.result()
    else:
        hashes, rest = _string_hashes(text), _combined((_encoded(column) for column in others), dense=False)
    mixed = hashes ^ (rest.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    del hashes
    order = np.argsort(mixed)
    ordered = mixed[order]
    del mixed
    same_as_next = ordered[1:] == ordered[:-1]
    shared = np.zeros(len(order), dtype=bool)  # in sorted order: the value is also another row's
    shared[1:] |= same_as_next
    shared[:-1] |= same_as_next
    rows = np.sort(order[shared])
    del order, ordered, shared
    if not len(rows):
        return rows, rows  # every key is unique
    exact_text, size = _encoded(_take(text, rows))
    return rows, _combined([(rest[rows], int(rest.max()) + 1), (exact_text, size)])


_SAMPLE = 8  # bytes read at each of three places of a cell
_KEEP_FIRST = np.array([(1 << (8 * n)) - 1 for n in range(_SAMPLE)] + [2**64 - 1], dtype=np.uint64)  # by length
_MIX = [np.uint64(k) for k in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)]


def _string_hashes(column: pa.ChunkedArray) -> np.ndarray:
    """A 64-bit hash of each cell from its length and its first, middle and last eight bytes, read from a zero-padded
    copy of each chunk's bytes. Equal cells always get equal hashes; different cells that agree in all four share one, and
    callers compare the cells that share a hash on the text itself. Reading 24 bytes a cell rather than all of them
    is what makes this cheap (0.03 s for the 58 MB claimed_by column of the 1M-row benchmark file)."""
    parts = [np.zeros(0, dtype=np.uint64)]
    for chunk in column.chunks:
        if len(chunk) == 0:
            continue
        offsets, data_buffer = cell_offsets(chunk)
        offsets = offsets.astype(np.int64)
        starts, lengths = offsets[:-1], np.diff(offsets)
        data = np.zeros(int(offsets[-1]) + _SAMPLE, dtype=np.uint8)  # zero-padded: a word may start at any byte
        if data_buffer is not None:
            data[: offsets[-1]] = np.frombuffer(data_buffer, dtype=np.uint8, count=int(offsets[-1]))
        # word[i]: the eight bytes from byte i, as one little-endian number (an unaligned, overlapping view)
        word = np.ndarray(shape=(len(data) - _SAMPLE + 1,), dtype="<u8", buffer=data, strides=(1,))
        first = word[starts] & _KEEP_FIRST[np.minimum(lengths, _SAMPLE)]  # bytes past a short cell are not its own
        long_enough = lengths >= _SAMPLE
        middle = np.where(long_enough, word[starts + np.maximum(lengths - _SAMPLE, 0) // 2], 0)
        last = np.where(long_enough, word[starts + np.maximum(lengths - _SAMPLE, 0)], 0)
        hashed = lengths.astype(np.uint64) * _MIX[0]
        for number, factor in ((first, _MIX[1]), (middle, _MIX[2]), (last, _MIX[3])):
            hashed ^= number * factor
            hashed ^= hashed >> np.uint64(29)
        parts.append(hashed)
    return np.concatenate(parts)


def _encoded(column) -> tuple[np.ndarray, int]:
    """Dictionary codes of a column and how many distinct values it has."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return encoded.indices.to_numpy().astype(np.int64), len(encoded.dictionary)


def _combined(parts: Iterable[tuple[np.ndarray, int]], dense: bool = True) -> np.ndarray:
    """Codes of the tuples of the parts' codes, numbered 0, 1, 2 ... in order of first appearance (with
    dense=False: distinct non-negative codes, in no particular order)."""
    combined = None
    for codes, size in parts:
        if combined is None:
            combined = codes
            continue
        if combined.max() >= (2**62) // max(size, 1):
            combined = _dense(combined)  # renumber 0..n-1 before the product could overflow
        combined = combined * size + codes
    return _dense(combined) if dense else combined


def _holds_byte(column: pa.ChunkedArray, byte: bytes) -> bool:
    """Whether some cell holds this ASCII character: a search through the column's bytes in place."""
    if not pa.types.is_string(column.type):
        return pc.any(pc.match_substring(column, byte.decode())).as_py()
    for chunk in column.chunks:
        if len(chunk) == 0:
            continue
        offsets, data_buffer = cell_offsets(chunk)
        if data_buffer is None:
            continue
        data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
        if (data == ord(byte)).any():  # numpy compares a byte array five times faster than re searches it
            return True
    return False


def _holds_separator(column: pa.ChunkedArray) -> bool:
    return _holds_byte(column, b"\x1f")


# cells.FORMULA_PATTERN is one character class of ASCII characters at the start of the cell: these.
_FORMULA_FIRST = "=+-@" if cells.FORMULA_PATTERN == r"^[=+\-@]" else None


def _starts_with_formula(column: pa.ChunkedArray) -> np.ndarray:
    """_matches(column, cells.FORMULA_PATTERN), read from each cell's first byte (a character outside ASCII never
    starts with an ASCII byte), without running a regular expression over every cell."""
    if _FORMULA_FIRST is None or not pa.types.is_string(column.type):
        return _matches(column, cells.FORMULA_PATTERN)
    allowed = np.zeros(256, dtype=bool)
    allowed[[ord(c) for c in _FORMULA_FIRST]] = True
    found = [np.zeros(0, dtype=bool)]
    for chunk in column.chunks:
        offsets, data_buffer = cell_offsets(chunk)
        starts, filled = offsets[:-1], offsets[1:] > offsets[:-1]
        hit = np.zeros(len(chunk), dtype=bool)
        if data_buffer is not None and filled.any():
            hit[filled] = allowed[np.frombuffer(data_buffer, dtype=np.uint8)[starts[filled]]]
        found.append(hit)
    return np.concatenate(found)


_DIGITS_ONLY = cells.INT_PATTERN == r"^[0-9]+$"  # what _digits_only reads from the bytes


def _digits_only(column: pa.ChunkedArray) -> np.ndarray:
    """_matches(column, cells.INT_PATTERN) from the bytes: a cell is shaped when it is filled and holds no byte
    outside 0-9, counted from one running sum of such bytes per chunk (a quarter of the regular expression's time)."""
    if not _DIGITS_ONLY or not pa.types.is_string(column.type):
        return _matches(column, cells.INT_PATTERN)
    found = [np.zeros(0, dtype=bool)]
    for chunk in column.chunks:
        offsets, data_buffer = cell_offsets(chunk)
        filled = offsets[1:] > offsets[:-1]
        if data_buffer is None or not filled.any():
            found.append(np.zeros(len(chunk), dtype=bool))
            continue
        data = np.frombuffer(data_buffer, dtype=np.uint8, count=int(offsets[-1]))
        others_before = np.zeros(len(data) + 1, dtype=np.int32)  # [i]: bytes outside 0-9 among the first i
        np.cumsum((data - np.uint8(ord("0"))) > 9, dtype=np.int32, out=others_before[1:])  # below '0' wraps round
        found.append(filled & (others_before[offsets[1:]] == others_before[offsets[:-1]]))
    return np.concatenate(found)


def _dense(codes: np.ndarray) -> np.ndarray:
    """Renumber codes 0, 1, 2 ... in order of first appearance (Arrow's dictionary encoding numbers them so)."""
    return pc.dictionary_encode(pa.array(codes)).indices.to_numpy().astype(np.int64)


def check_references(findings: Findings, column: str, order: int, known: set[str], what: str,
                     present: np.ndarray | None = None, split: str | None = None) -> None:
    """Every value (or every `split`-separated value) must name a known id, e.g. a source_id of sources.csv."""
    table = findings.table
    if split is None:
        candidates = (present if present is not None else np.ones(table.num_rows, dtype=bool))
        unknown = candidates & ~_np(pc.is_in(table[column], pa.array(sorted(known), pa.string())))
        rows = np.flatnonzero(unknown).tolist()
        items = {row: [table[column][row].as_py()] for row in rows}
    else:
        items = {row: cited_ids(value, split) for row, value in enumerate(table[column].to_pylist())}
    options = sorted(known)
    closest: dict[str, list[str]] = {}  # the same unknown id is often repeated: look for its closest match once
    for row, values in items.items():
        for item in values:
            if item in known:
                continue
            if item not in closest:
                closest[item] = difflib.get_close_matches(item, options, n=1, cutoff=0.6)
            close = closest[item]
            findings.append(row, order, ValidationIssue(
                Code.FOREIGN_KEY.value,
                f"'{column}' names {what} '{item}', which does not exist",
                int(findings.lines[row]), column, item,
                f"did you mean '{close[0]}'?" if close else f"add it to {what.split()[0]}s.csv first, or correct the id",
            ))
