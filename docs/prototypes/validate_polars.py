"""Prototype, not used by the product (measurements in docs/validation-engine.md; needs `pip install polars`):
the validator's checks as polars expressions over the all-Utf8 frame (no hand-written byte kernels).

    validate(path, dataset, source_ids=None) -> [(line, column, code, message, value, hint), ...]

Each cell rule is declared once (CellRule: code, message, hint, a polars expression builder and a per-value Python
check for the row-by-row reference path); the column's rules come from schemas.rules.column_rules(model), in the
order pydantic reports them, and the first one a cell breaks is its one issue, as schemas.checks does.

Fast path: polars reads every cell as text; line = row index + 2 (header = line 1). The fast path is taken only when
cheap guards prove that each data line is exactly one CSV record with the header's number of cells (see _guards);
otherwise the file goes to the exact path, schemas.validate.validate_csv (Arrow, one thread, invalid-row handler),
which keeps the spreadsheet line numbers of malformed rows.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import mmap
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from schemas import cells, reader
from schemas.cells import KIND_MESSAGE as MESSAGE
from schemas.cells import NOT_A_DATE
from schemas.checks import _closest, _date_hint, _number_hint
from schemas.models import Claim
from schemas.registry import SOURCES, get_spec
from schemas.report import Code
from schemas.rules import ColumnRule, column_rules

# What Python's str.strip() (and so the pydantic model) trims; Rust's char::is_whitespace lacks U+001C..U+001F.
WS = "".join(chr(i) for i in range(0x110000) if chr(i).isspace())
FEW_DISTINCT = 0.05  # as schemas.checks: check each distinct value once when a column has at most this share
DEDUPE = os.environ.get("PROTO_DEDUPE", "1") == "1"
THREADS = 2
LAST_PATH = ""  # which path the last validate() took


@dataclass(frozen=True)
class Ctx:
    today: str  # cells.latest_today()


# --- the rules, each declared once ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CellRule:
    """One way a cell can be wrong. `expr(col, rule, ctx)`: polars, True where a filled cell breaks it (only reached
    when the cell passed the rules before it); `check(value, rule, ctx)`: the same for one str, for the reference
    path and for tests that prove the two agree."""

    id: str
    code: Code
    message: str | Callable[[ColumnRule], str]
    hint: object  # str | None | value -> str | None | (ColumnRule -> value -> str | None) via hint_for
    expr: Callable[[pl.Expr, ColumnRule, Ctx], pl.Expr]
    check: Callable[[str, ColumnRule, Ctx], bool]
    hint_for: Callable[[ColumnRule], object] | None = None
    pattern: str | None = None  # a regex that finds exactly the cells this rule flags (lets rules share one pass)

    def text(self, rule: ColumnRule) -> str:
        return f"'{rule.name}' " + (self.message(rule) if callable(self.message) else self.message)

    def suggestion(self, rule: ColumnRule, value: str):
        hint = self.hint_for(rule) if self.hint_for else self.hint
        return hint(value) if callable(hint) else hint


def _full(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern.strip("^$"))
    return lambda v: compiled.fullmatch(v) is not None


def _real_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value[:10])
        return True
    except ValueError:
        return False


def _pl_real_day(c: pl.Expr) -> pl.Expr:
    # chrono accepts year 0, datetime.date does not
    return c.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).is_not_null() & ~c.str.starts_with("0000")


def _pl_future(c: pl.Expr, ctx: Ctx) -> pl.Expr:
    """cells.is_future: value[:10] > today[:len(value[:10])]."""
    day = c.str.slice(0, 10)
    return day > pl.lit(ctx.today).str.slice(0, day.str.len_chars())


def _significant(c: pl.Expr) -> pl.Expr:
    """cells.significant_digits on a shaped decimal cell."""
    trimmed = pl.when(c.str.contains(".", literal=True)).then(c.str.strip_chars_end("0").str.replace(".", "", literal=True)).otherwise(c)
    return trimmed.str.strip_chars_start("0").str.len_bytes()


_int, _neg, _dec = _full(cells.INT_PATTERN), _full(cells.NEGATIVE_PATTERN), _full(cells.DECIMAL_PATTERN)
_date, _pdate, _dtime = _full(cells.DATE_PATTERN), _full(cells.PARTIAL_DATE_PATTERN), _full(cells.DATETIME_PATTERN)
_slug, _url = _full(cells.SLUG_PATTERN), _full(cells.URL_PATTERN)
_formula, _markup, _control = re.compile(cells.FORMULA_PATTERN), re.compile(cells.MARKUP_PATTERN), re.compile(cells.CONTROL_PATTERN)

REQUIRED = CellRule("required", Code.CONSTRAINT_ERROR, "is required and is empty", "fill it in",
                    lambda c, r, x: c.str.len_bytes() == 0, lambda v, r, x: v == "")
TOO_LONG = CellRule("too_long", Code.CONSTRAINT_ERROR, lambda r: f"is longer than {r.max_length} characters", "shorten it",
                    lambda c, r, x: c.str.len_chars() > r.max_length, lambda v, r, x: len(v) > r.max_length)
NEGATIVE = CellRule("negative", Code.CONSTRAINT_ERROR, "must be 0 or more", "a count cannot be negative",
                    lambda c, r, x: c.str.contains(cells.NEGATIVE_PATTERN), lambda v, r, x: _neg(v))
FUTURE = CellRule("future", Code.CONSTRAINT_ERROR, cells.FUTURE_MESSAGE, cells.FUTURE_HINT,
                  lambda c, r, x: _pl_future(c, x), lambda v, r, x: cells.is_future(v, x.today))
REAL_DAY = CellRule("not_a_day", Code.TYPE_ERROR, NOT_A_DATE, "check the day and month",
                    lambda c, r, x: (c.str.len_chars() >= 10) & ~_pl_real_day(c), lambda v, r, x: len(v) >= 10 and not _real_day(v))


def _shape(kind: str, pattern: str, test, hint) -> CellRule:
    return CellRule(f"{kind}_shape", Code.TYPE_ERROR, MESSAGE[kind], hint,
                    lambda c, r, x: ~c.str.contains(pattern), lambda v, r, x: not test(v))


KIND_RULES: dict[str, list[CellRule]] = {
    "int": [NEGATIVE, _shape("int", cells.INT_PATTERN, _int, _number_hint),
            CellRule("count_digits", Code.CONSTRAINT_ERROR, cells.COUNT_TOO_LARGE, cells.NUMBER_BOUND_HINT,
                     lambda c, r, x: c.str.strip_chars_start("0").str.len_bytes() > cells.COUNT_MAX_DIGITS,
                     lambda v, r, x: cells.count_digits(v) > cells.COUNT_MAX_DIGITS)],
    "decimal": [NEGATIVE, _shape("decimal", cells.DECIMAL_PATTERN, _dec, _number_hint),
                CellRule("significant_digits", Code.CONSTRAINT_ERROR, cells.DECIMAL_TOO_PRECISE, cells.NUMBER_BOUND_HINT,
                         lambda c, r, x: _significant(c) > cells.DECIMAL_MAX_DIGITS,
                         lambda v, r, x: cells.significant_digits(v) > cells.DECIMAL_MAX_DIGITS)],
    "date": [_shape("date", cells.DATE_PATTERN, _date, _date_hint), REAL_DAY, FUTURE],
    "partial_date": [_shape("partial_date", cells.PARTIAL_DATE_PATTERN, _pdate, _date_hint), REAL_DAY, FUTURE],
    "datetime": [_shape("datetime", cells.DATETIME_PATTERN, _dtime, _date_hint), REAL_DAY, FUTURE],
    "bool": [CellRule("bool", Code.TYPE_ERROR, MESSAGE["bool"], "write true or false",
                      lambda c, r, x: ~c.str.to_lowercase().is_in(cells.BOOL_TRUE + cells.BOOL_FALSE),
                      lambda v, r, x: v.lower() not in cells.BOOL_TRUE + cells.BOOL_FALSE)],
    "enum": [CellRule("enum", Code.CONSTRAINT_ERROR, lambda r: f"must be one of: {', '.join(r.allowed)}", None,
                      lambda c, r, x: ~c.is_in(list(r.allowed)), lambda v, r, x: v not in r.allowed,
                      hint_for=lambda r: _closest_cached(r.allowed))],
    "slug": [CellRule("slug", Code.CONSTRAINT_ERROR, MESSAGE["slug"], None,
                      lambda c, r, x: ~c.str.contains(cells.SLUG_PATTERN), lambda v, r, x: not _slug(v))],
    "url": [CellRule("url", Code.CONSTRAINT_ERROR, MESSAGE["url"], None,
                     lambda c, r, x: ~c.str.contains(cells.URL_PATTERN), lambda v, r, x: not _url(v))],
    "text": [
        CellRule("formula", Code.UNSAFE_TEXT, "starts with =, +, - or @, which spreadsheets run as a formula",
                 "reword it so it starts with a letter or digit",
                 lambda c, r, x: c.str.contains(cells.FORMULA_PATTERN), lambda v, r, x: _formula.match(v) is not None,
                 pattern=cells.FORMULA_PATTERN),
        CellRule("markup", Code.UNSAFE_TEXT, "contains HTML markup (<...>); write plain text", "remove the angle brackets",
                 lambda c, r, x: c.str.contains(cells.MARKUP_PATTERN), lambda v, r, x: _markup.search(v) is not None,
                 pattern=cells.MARKUP_PATTERN),
        CellRule("control", Code.UNSAFE_TEXT, cells.CONTROL_MESSAGE, cells.CONTROL_HINT,
                 lambda c, r, x: c.str.contains(cells.CONTROL_PATTERN), lambda v, r, x: _control.search(v) is not None,
                 pattern=cells.CONTROL_PATTERN),
    ],
}


EDGE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WS) + "]"  # a character str.strip() removes


def accept_expr(rule: ColumnRule) -> pl.Expr | None:
    """A cheap test that a cell needs no trimming and breaks none of the column's rules (sufficient, not necessary):
    the cells it rejects, usually few, are then explained by the rules one by one. None: run the rules on every cell."""
    c = pl.col(rule.name)
    empty_ok = (c.str.len_bytes() == 0) if not rule.required else pl.lit(False)
    if rule.kind == "int":  # at most COUNT_MAX_DIGITS digits: shaped, not negative, not too large
        return empty_ok | c.str.contains(f"^[0-9]{{1,{cells.COUNT_MAX_DIGITS}}}$")
    if rule.kind == "decimal":
        return empty_ok | ((c.str.len_bytes() <= cells.DECIMAL_MAX_DIGITS) & c.str.contains(cells.DECIMAL_PATTERN))
    if rule.kind == "text":  # every text rule with a pattern, and a cell to trim, in one regex pass
        patterns = [r.pattern for r in KIND_RULES["text"] if r.pattern] + [f"^{EDGE}", f"{EDGE}$"]
        ok = ~c.str.contains("|".join(f"(?:{p})" for p in patterns)) & (c.str.len_bytes() > 0 if rule.required else True)
        return ok & (c.str.len_chars() <= rule.max_length) if rule.max_length is not None else ok
    return None


@functools.cache
def _closest_cached(allowed: tuple[str, ...]):
    return _closest(allowed)  # one hint function (and its cache of answers) per vocabulary


@functools.lru_cache(maxsize=4096)
def _closest_source(item: str, known: tuple[str, ...]) -> list[str]:
    return difflib.get_close_matches(item, known, n=1, cutoff=0.6)  # a wrong id is often repeated: match it once


def rules_of(rule: ColumnRule) -> list[CellRule]:
    """The column's rules in the order pydantic (and schemas.checks) reports them; REQUIRED is for empty cells."""
    kind = KIND_RULES[rule.kind]
    if not rule.not_future:
        kind = [r for r in kind if r is not FUTURE]
    return kind + ([TOO_LONG] if rule.max_length is not None else [])


def python_issue(value: str, rule: ColumnRule, ctx: Ctx) -> CellRule | None:
    """The reference path for one cell: the first rule it breaks (what pydantic reports), from the same declarations."""
    if value == "":
        return REQUIRED if rule.required else None
    return next((r for r in rules_of(rule) if r.check(value, rule, ctx)), None)


def rule_id_expr(rule: ColumnRule, ctx: Ctx, col: pl.Expr | None = None) -> tuple[pl.Expr, list[CellRule]]:
    """UInt8 index into the returned list of the first rule a cell breaks, null when it breaks none."""
    c = pl.col(rule.name) if col is None else col
    table = [REQUIRED] + rules_of(rule)
    chain = pl.when(c.str.len_bytes() == 0).then(pl.lit(0 if rule.required else None, pl.UInt8))
    for index, r in enumerate(table[1:], start=1):
        chain = chain.when(r.expr(c, rule, ctx)).then(pl.lit(index, pl.UInt8))
    return chain.otherwise(pl.lit(None, pl.UInt8)).alias(rule.name), table


# --- reading: the file a block of whole lines at a time ------------------------------------------------------------

class SlowPath(Exception):
    """The file is not provably well-formed: the exact path must read it."""


BLOCK = 64 << 20  # bytes of whole lines parsed at a time: memory stays bounded whatever the file's size
@dataclass
class Block:
    frame: pl.DataFrame  # raw (untrimmed) text cells, named by the header's labels
    first_row: int  # global index of its first data row (line = row + 2)
    starts: np.ndarray  # byte offset in the file of each row's line
    stops: np.ndarray  # ... and of its end (LF excluded)


def blocks(path: Path, spec, labels_out: list):
    """Yield Blocks of a file that every guard passes; raise SlowPath at the first doubt."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
        bom = len(reader.BOM) if head[:3] == reader.BOM else 0
        body = head[bom:]
        if (not size or not body.strip() or body[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
                or reader._is_utf16(memoryview(body))):
            raise SlowPath("a file-level problem")
        lf = body.find(b"\n")
        if lf < 0 or b"\r" in body[: lf - 1 if lf > 0 else 0]:
            raise SlowPath("no header line end, or a lone CR")  # (a header longer than 64 kB goes the exact way too)
        result = reader.ReadResult()
        labels = reader._header(body[:lf].decode("utf-8", "replace"), spec, result)
        if result.issues:
            raise SlowPath("header")
        labels_out[:] = labels
        width = len(labels)
        schema = pl.Schema({f"c{i}": pl.String for i in range(width)})
        offset = bom + lf + 1  # file offset of the first data line
        row = 0
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # only to find where blocks end
        while offset < size:
            # A block ends after the last LF within BLOCK bytes (or at the end of the file): each is read once.
            cut = size if offset + BLOCK >= size else mapped.rfind(b"\n", offset, offset + BLOCK) + 1
            if cut <= offset:  # a line longer than a block
                cut = mapped.find(b"\n", offset) + 1 or size
            handle.seek(offset)
            piece = handle.read(cut - offset)
            arr = np.frombuffer(piece, dtype=np.uint8)
            if piece.find(b"\x00") >= 0:  # memchr
                raise SlowPath("NUL")
            newlines = _positions(arr, 10)
            if piece.find(b"\r") >= 0:
                crs = np.flatnonzero(arr == 13)
                if not ((crs + 1 < len(arr)).all() and (arr[np.minimum(crs + 1, len(arr) - 1)] == 10).all()):
                    raise SlowPath("a CR that does not end a line")  # Arrow and csv break the line there; polars does not
            stops = newlines if piece.endswith(b"\n") else np.append(newlines, len(arr))
            starts = np.concatenate(([0], newlines[: len(stops) - 1] + 1))
            try:
                frame = pl.read_csv(piece, has_header=False, schema=schema, empty_string_is_null=False)
            except Exception as error:  # noqa: BLE001 - quotes, ragged lines, UTF-8: the exact way
                raise SlowPath(str(error)[:80]) from None
            if frame.height != len(stops):
                raise SlowPath("a cell spans lines, or a line was skipped")
            ends = stops - (arr[np.maximum(stops - 1, 0)] == 13)  # the line without its CR
            _short_rows(frame, piece, arr, starts, ends, width)
            frame.columns = labels
            yield Block(frame, row, starts + offset, ends + offset)
            row += frame.height
            offset = cut
        mapped.close()


def _positions(arr: np.ndarray, byte: int, step: int = 1 << 20) -> np.ndarray:
    """np.flatnonzero(arr == byte), a cache-sized piece at a time (no 64 MB temporary: twice as fast)."""
    mask, found = np.empty(step, dtype=bool), []
    for start in range(0, len(arr), step):
        part = arr[start : start + step]
        np.equal(part, byte, out=mask[: len(part)])
        found.append(np.flatnonzero(mask[: len(part)]) + start)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _short_rows(frame: pl.DataFrame, piece: bytes, arr: np.ndarray, starts, ends, width: int) -> None:
    """polars pads a row that has too few cells with empty ones, so such a row's last cell is empty. A row of
    `width` cells whose last is empty ends with ',' or ',""' after a non-empty cell; a short row that ends so has an
    empty cell before its last. Any other row whose last cell is empty has its cells counted by Python's csv."""
    last, before = frame.columns[-1], frame.columns[-2]
    flags = frame.select(
        (pl.col(last).str.len_bytes() == 0).alias("last"), (pl.col(before).str.len_bytes() > 0).alias("before"))
    empty_last = flags["last"].to_numpy()
    if not empty_last.any():
        return
    comma = arr[np.maximum(ends - 1, 0)] == ord(",")
    quoted_empty = (ends - starts >= 3) & (arr[np.maximum(ends - 1, 0)] == ord('"')) & (arr[np.maximum(ends - 2, 0)] == ord('"')) \
        & (arr[np.maximum(ends - 3, 0)] == ord(","))
    unsure = np.flatnonzero(empty_last & ~(flags["before"].to_numpy() & (comma | quoted_empty)))
    if len(unsure) > max(1000, len(arr) // 20_000):
        raise SlowPath("too many rows end with two empty cells to count cheaply")
    for row in unsure.tolist():
        line = piece[starts[row] : ends[row]].decode("utf-8")
        if len(next(csv.reader([line]), [])) != width:
            raise SlowPath("a row with too few cells")


# --- checking ------------------------------------------------------------------------------------------------------

def _few_distinct(column: pl.Series) -> pl.Series | None:
    if len(column) < 50_000 or column.head(2000).n_unique() > FEW_DISTINCT * 2000:
        return None
    distinct = column.unique()
    return distinct if len(distinct) <= FEW_DISTINCT * len(column) else None


@dataclass
class Checked:
    column: pl.Series  # the column, trimmed as str.strip() does
    rows: np.ndarray  # rows with an issue, ascending
    ids: np.ndarray  # the index into `table` of each one's rule
    table: list[CellRule]


def _explain(values: pl.Series, rule: ColumnRule, ctx: Ctx) -> tuple[np.ndarray, np.ndarray, pl.Series, pl.Series]:
    """Over `values`: (positions with an issue, their rule ids, positions whose trimmed value differs, that value).

    Only the cells the accept test rejects are run through the rules (all cells when the kind has none); those
    that need trimming are trimmed and run again. A cell the accept test passes needs neither."""
    expr, _ = rule_id_expr(rule, ctx)
    accept = accept_expr(rule)
    frame = values.to_frame(rule.name)
    if accept is None:
        ids = frame.select(expr).to_series()
        suspects = ids.is_not_null().arg_true()
        sub_ids = ids.gather(suspects)
    else:
        suspects = frame.select((~accept).arg_true()).to_series()
        sub_ids = values.gather(suspects).to_frame(rule.name).select(expr).to_series()
    sub = values.gather(suspects)
    stripped = sub.str.strip_chars(WS)
    changed = (sub != stripped).arg_true()
    if len(changed):
        fixed = stripped.gather(changed)
        sub_ids = sub_ids.scatter(changed, fixed.to_frame(rule.name).select(expr).to_series())
    issue = sub_ids.is_not_null().to_numpy()
    positions = suspects.to_numpy()
    return (positions[issue], sub_ids.to_numpy()[issue].astype(np.uint8), suspects.gather(changed),
            stripped.gather(changed))


def check_column(raw: pl.Series, rule: ColumnRule, ctx: Ctx) -> Checked:
    """The column's issues (the first rule each cell breaks, as pydantic reports it) and its trimmed cells.
    A column with few distinct values is checked once per distinct value (as schemas.checks does)."""
    _, table = rule_id_expr(rule, ctx)
    distinct = _few_distinct(raw) if DEDUPE and rule.kind != "enum" else None
    if distinct is None:
        rows, ids, where, fixed = _explain(raw, rule, ctx)
        column = raw.clone().scatter(where, fixed) if len(where) else raw
        return Checked(column, rows, ids, table)
    positions, ids, where, fixed = _explain(distinct, rule, ctx)
    column = raw.replace(distinct.gather(where), fixed) if len(where) else raw
    if not len(positions):
        return Checked(column, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8), table)
    per_row = raw.replace_strict(distinct.gather(positions), pl.Series(ids, dtype=pl.UInt8), default=None, return_dtype=pl.UInt8)
    rows = per_row.is_not_null().arg_true()
    return Checked(column, rows.to_numpy(), per_row.gather(rows).to_numpy(), table)


def check_block(block: Block, spec, rules, ctx: Ctx, source_ids, pool) -> tuple[list, pl.DataFrame, list[int]]:
    """(findings, (row, key hash) of each non-blank row, global rows that are blank) of one block."""
    order = spec.columns
    raw = block.frame
    absent = [c for c in order if c not in raw.columns]
    if absent:  # an optional column the header lacks reads as empty
        raw = raw.with_columns([pl.lit("").alias(c) for c in absent])
    done = list(pool.map(lambda name: check_column(raw[name], rules[name], ctx), order))
    frame = pl.DataFrame([checked.column for checked in done])
    blank = frame.select(pl.all_horizontal(pl.all().str.len_bytes() == 0)).to_series()
    blank_rows: list[int] = []
    base = block.first_row
    rows_of = None  # local row -> global row (when blank rows were dropped)
    if blank.any():
        # As reader._rows: a blank row is not data (reported or dropped at the end); its neighbours keep their lines.
        keep = ~blank
        blank_rows = (blank.arg_true() + base).to_list()
        rows_of = (keep.arg_true() + base).to_numpy()
        frame = frame.filter(keep)
        done = list(pool.map(lambda name: check_column(frame[name], rules[name], ctx), order))
    row_of = (lambda local: int(rows_of[local])) if rows_of is not None else (lambda local: base + local)
    findings: list[tuple[int, int, int, tuple]] = []  # (global row, column order, phase, issue)
    bad_cells: dict[str, np.ndarray] = {}
    for position, (name, checked) in enumerate(zip(order, done)):
        if not len(checked.rows):
            continue
        mask = np.zeros(frame.height, dtype=bool)
        mask[checked.rows] = True
        bad_cells[name] = mask
        values = frame[name].gather(checked.rows).to_list()
        for local, rule_index, value in zip(checked.rows.tolist(), checked.ids.tolist(), values):
            cell_rule = checked.table[rule_index]
            row = row_of(local)
            findings.append((row, position, 0, (row + 2, name, cell_rule.code.value, cell_rule.text(rules[name]), value,
                                                 cell_rule.suggestion(rules[name], value))))
    findings += _row_rules(frame, bad_cells, spec, rules, source_ids, row_of)
    hashes = pl.DataFrame()
    if spec.key_columns:
        # Equal keys hash equally; a shared hash is only a candidate, compared on the cells in _repeats.
        combined = pl.reduce(lambda a, b: a * 0x9E3779B97F4A7C15 ^ b, [pl.col(k).hash(seed=7) for k in spec.key_columns])
        hashes = frame.select(combined.alias("h")).with_columns(
            pl.Series("row", rows_of if rows_of is not None else np.arange(base, base + frame.height)))
    return findings, hashes, blank_rows


def _row_rules(frame: pl.DataFrame, bad_cells: dict, spec, rules, source_ids, row_of) -> list:
    """Row rules on rows whose cells are all fine (bad_row as schemas.checks), and the source_id references."""
    order = spec.columns
    findings = []
    bad_row = np.logical_or.reduce(list(bad_cells.values())) if bad_cells else np.zeros(frame.height, dtype=bool)
    work = frame.with_columns(pl.Series("__bad", bad_row), *[pl.Series(f"__bad_{n}", m) for n, m in bad_cells.items()])

    def present(name: str) -> pl.Expr:
        ok = pl.col(name).str.len_bytes() > 0
        return ok & ~pl.col(f"__bad_{name}") if name in bad_cells else ok

    clean = ~pl.col("__bad")
    row_rules: list[tuple[str, pl.Expr, str, str]] = []
    if issubclass(spec.model, Claim):
        has = {n: present(n) for n in ("value_low", "value_best", "value_high")}
        # counts compare exactly as Int64 (at most 12 digits), decimals as float64 (as schemas.checks)
        num = {n: pl.when(has[n]).then(pl.col(n).cast(pl.Int64 if rules[n].kind == "int" else pl.Float64, strict=False))
               for n in has}
        low, best, high = num["value_low"], num["value_best"], num["value_high"]
        no_value = clean & ~has["value_best"] & ~(has["value_low"] & has["value_high"])
        low_gt_best = clean & ~no_value & (low > best).fill_null(False)
        best_gt_high = clean & ~no_value & ~low_gt_best & (best > high).fill_null(False)
        low_gt_high = clean & ~has["value_best"] & has["value_low"] & has["value_high"] & (low > high).fill_null(False)
        row_rules += [
            ("value_best", no_value, "is empty: give value_best, or both value_low and value_high",
             "a gap stays a gap: leave the row out until a source states a figure"),
            ("value_low", low_gt_best, "is greater than value_best", "the range must satisfy value_low <= value_best <= value_high"),
            ("value_high", best_gt_high, "is smaller than value_best", "the range must satisfy value_low <= value_best <= value_high"),
            ("value_low", low_gt_high, "is greater than value_high", "swap the two ends of the range"),
        ]
    if "end_date" in order:
        start = "date" if "date" in order else "start_date"
        row_rules.append(("end_date", clean & present("end_date") & present(start) & (pl.col("end_date") < pl.col(start)),
                          f"is before {start}", "the event must end on or after its first day"))
    if spec.name == SOURCES:
        described = present("original_title") | present("original_published") | present("original_url")
        row_rules.append(("original_publisher", clean & described & ~present("original_publisher"),
                          "is empty while the original's title, date or link is given", "name the original's publisher"))
    foreign = source_ids is not None and spec.name != SOURCES and "source_id" in order
    exprs = [e.alias(f"__r{i}") for i, (_, e, _, _) in enumerate(row_rules)]
    if foreign:
        exprs.append((present("source_id") & ~pl.col("source_id").is_in(sorted(source_ids))).alias("__fk"))
    if not exprs:
        return findings
    known = tuple(sorted(source_ids)) if foreign else ()
    flagged = work.select(exprs).with_row_index("row").filter(pl.any_horizontal(pl.exclude("row")))
    for record in flagged.iter_rows(named=True):
        local = record["row"]
        row = row_of(local)
        for i, (column, _, message, hint) in enumerate(row_rules):
            if record[f"__r{i}"]:
                findings.append((row, order.index(column), 1, (row + 2, column, Code.ROW_CONSTRAINT.value,
                                                               f"'{column}' {message}", frame[column][local], hint)))
        if foreign and record["__fk"]:
            item = frame["source_id"][local]
            close = _closest_source(item, known)
            findings.append((row, order.index("source_id"), 3, (
                row + 2, "source_id", Code.FOREIGN_KEY.value, f"'source_id' names source '{item}', which does not exist",
                item, f"did you mean '{close[0]}'?" if close else "add it to sources.csv first, or correct the id")))
    return findings


def _repeats(path: Path, labels: list[str], spec, hashes: pl.DataFrame, starts, stops) -> list[tuple[int, int, str]]:
    """(row, first row with the same key, first key cell) for each row that repeats an earlier row's key.

    A 64-bit hash of each row's (trimmed) key cells finds the candidates in one pass over 8 bytes a row; the lines
    of the few rows whose hash is shared are read again and compared on the cells themselves, so a collision never
    makes a repeat."""
    shared = hashes.filter(pl.col("h").is_duplicated()).sort("row")
    if not shared.height:
        return []
    where = [labels.index(c) for c in spec.key_columns]
    first: dict[tuple, int] = {}
    out = []
    with open(path, "rb") as handle:
        for row in shared["row"].to_list():
            handle.seek(int(starts[row]))
            cells_ = next(csv.reader([handle.read(int(stops[row] - starts[row])).decode("utf-8")]))
            key = tuple(cells_[i].strip() for i in where)
            if key in first:
                out.append((row, first[key], key[0]))
            else:
                first[key] = row
    return out


def validate(path, dataset: str, source_ids: set[str] | None = None, ctx: Ctx | None = None):
    """(line, column, code, message, value, hint) of every problem, sorted as validate_csv sorts them."""
    global LAST_PATH
    path = Path(path)
    spec = get_spec(dataset)
    ctx = ctx or Ctx(cells.latest_today())
    rules = column_rules(spec.model)
    labels: list[str] = []
    findings, hashes, blank, starts, stops, rows = [], [], [], [], [], 0
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            for block in blocks(path, spec, labels):
                found, hashed, blank_rows = check_block(block, spec, rules, ctx, source_ids, pool)
                findings += found
                hashes.append(hashed)
                blank += blank_rows
                starts.append(block.starts)
                stops.append(block.stops)
                rows = block.first_row + block.frame.height
        LAST_PATH = "fast"
    except SlowPath as why:
        LAST_PATH = f"exact ({why})"
        return exact_path(path, dataset, source_ids)
    if rows == 0 or len(blank) == rows:
        return [(None, None, Code.EMPTY_FILE.value, "The file has a header but no data rows", None, None)]
    order = spec.columns
    if spec.key_columns and hashes:
        first_column, names = spec.key_columns[0], ", ".join(spec.key_columns)
        for row, earlier, value in _repeats(path, labels, spec, pl.concat(hashes), np.concatenate(starts), np.concatenate(stops)):
            findings.append((row, order.index(first_column), 2, (
                row + 2, first_column, Code.PRIMARY_KEY.value, f"This row repeats line {earlier + 2}: the same {names}",
                value, f"delete the repeat, or make the two rows differ in one of: {names}")))
    # Blank rows: the ones after the last row with data are an export artefact, dropped quietly (reader._rows).
    last_data = max((r for r in range(rows - 1, -1, -1) if r not in set(blank)), default=-1) if blank else rows
    structural = [(r + 2, None, Code.BLANK_ROW.value, "This row is empty", None, "delete the empty row") for r in blank if r < last_data]
    findings.sort(key=lambda f: (f[0], f[1], f[2]))
    return sorted(structural + [f[3] for f in findings], key=lambda i: i[0] or 0)


def exact_path(path: Path, dataset: str, source_ids):
    from schemas.validate import validate_csv

    report = validate_csv(path, dataset, source_ids=source_ids, max_bytes=None)
    return [(i.line, i.column, i.code, i.message, i.value, i.suggestion) for i in report.errors]
