"""Bytes -> header labels and a table of text cells, with every structural problem reported, never raised."""
from __future__ import annotations

import csv
import difflib
import io
import mmap
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .registry import DatasetSpec
from .report import MAX_LISTED, Code, ValidationIssue

Buffer = bytes | bytearray | memoryview | mmap.mmap  # what read_table reads: any bytes-like object
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SMALL_BLOCK, LARGE_BLOCK = 1 << 21, 1 << 24  # bytes Arrow's CSV reader parses at a time (see _rows)
BOM = b"\xef\xbb\xbf"
SAVE_AS_UTF8 = "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice tick 'Edit filter settings' and pick UTF-8"


@dataclass
class ReadResult:
    issues: list[ValidationIssue] = field(default_factory=list)
    table: pa.Table | None = None  # text cells named by the canonical columns; None if the rows could not be read
    lines: np.ndarray | None = None  # spreadsheet line number of each table row
    unlisted: int = 0  # problems beyond MAX_LISTED, counted only
    absent: list[str] = field(default_factory=list)  # optional columns the header lacks: read as empty cells

    def fail(self, code: Code, message: str, **where) -> ReadResult:
        if len(self.issues) < MAX_LISTED:
            self.issues.append(ValidationIssue(code.value, message, **where))
        else:
            self.unlisted += 1
        return self


def read_table(data: Buffer, spec: DatasetSpec, max_bytes: int | None = DEFAULT_MAX_BYTES) -> ReadResult:
    """`data` is any bytes-like object (bytes, or a memory-mapped file: see mapped()); it is never copied whole."""
    result = ReadResult()
    data = memoryview(data).cast("B")
    if max_bytes is not None and len(data) > max_bytes:
        return result.fail(
            Code.FILE_TOO_LARGE,
            f"The file is {_sizes(len(data), max_bytes)}. Split it or ask an administrator to raise the limit",
        )
    if data[: len(BOM)] == BOM:
        data = data[len(BOM) :]
    if _NOT_BLANK.search(data) is None:  # as `not data.strip()`, without copying the whole file
        return result.fail(Code.EMPTY_FILE, "The file is empty: it needs a header line and at least one row")
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        return result.fail(Code.FORMAT_ERROR, f"This is an Excel workbook, not a CSV file. {SAVE_AS_UTF8}")
    if _is_utf16(data):
        return result.fail(Code.ENCODING_ERROR, f"The file is UTF-16 text (what Excel saves as 'Unicode Text'), not UTF-8. {SAVE_AS_UTF8}")
    nul = _first_nul(data)
    if nul is not None:
        return result.fail(Code.FORMAT_ERROR, "The file contains NUL bytes, so it is binary, not CSV text", line=_row_of(data, nul))
    try:
        _check_utf8(data)
    except UnicodeDecodeError as error:
        line = _row_of(data, error.start)
        byte = data[error.start : error.start + 1].hex().upper()
        return result.fail(
            Code.ENCODING_ERROR,
            f"The file is not UTF-8 text (byte 0x{byte} cannot be read; Excel's 'CSV (Comma delimited)' writes Windows-1252). {SAVE_AS_UTF8}",
            line=line,
        )
    line_end = _LINE_END.search(data)  # \n, \r\n, or a lone \r (old Mac "CSV" exports)
    labels = _header(str(data[: line_end.start() if line_end else len(data)], "utf-8"), spec, result)
    if result.issues:
        return result
    _rows(data, labels, spec, result)
    return result


# Python's bytes.strip() whitespace: space, \t, \n, \r, \x0b, \x0c (what \s matches in a bytes pattern).
_NOT_BLANK = re.compile(rb"\S")
_LINE_END = re.compile(rb"\r\n|\n|\r")


def mapped(path: Path) -> Buffer:
    """The file's bytes without reading them into memory: a read-only memory map (the page cache is shared, so a
    large file costs neither the copy's time nor its memory). An empty file, which cannot be mapped, gives b"".
    The file must not be cut short while it is read (the process would get SIGBUS): fine for a file given on the
    command line; uploads arrive as bytes."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _sizes(size: int, limit: int) -> str:
    """'25.3 MB; the limit is 20 MB' in the MB the upload page states (2**20 bytes), in bytes where the two would
    read the same."""
    shown, most = f"{size / 2**20:.1f}", f"{limit / 2**20:.1f}".removesuffix(".0")
    if float(shown) <= float(most):
        return f"{size:,} bytes; the limit is {limit:,} bytes ({most} MB)"
    return f"{shown} MB; the limit is {most} MB"


def _is_utf16(data: memoryview) -> bool:
    """UTF-16 with a byte-order mark, or without one: text whose every other byte is NUL (ASCII letters in UTF-16)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = np.frombuffer(data[:4096], dtype=np.uint8)
    if len(head) < 8:
        return False
    return any((head[start::2] == 0).mean() > 0.9 and (head[1 - start::2] != 0).mean() > 0.9 for start in (0, 1))


def _first_nul(data: memoryview) -> int | None:
    """data.find(b"\\x00") as an offset, or None (a memoryview has no find; numpy's min is as fast as memchr)."""
    everything = np.frombuffer(data, dtype=np.uint8)
    if not len(everything) or everything.min() != 0:
        return None
    return int(np.argmax(everything == 0))


def _check_utf8(data: memoryview) -> None:
    """Raise the UnicodeDecodeError `data.decode("utf-8")` raises, without making a str of a large file.

    Arrow's UTF-8 check runs over the bytes in place; only a file it refuses is decoded by Python, which then
    names the first bad byte exactly as before.
    """
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        str(data, "utf-8")


def _row_of(data: memoryview, offset: int) -> int:
    """The row a spreadsheet shows the byte at `offset` on (header = 1): a line break inside quotes starts no row."""
    head = bytes(data[:offset])
    if b'"' not in head:
        return head.count(b"\n") + 1
    # "x" makes sure the row the byte is on is counted even when it starts right at the offset.
    return sum(1 for _ in csv.reader(io.StringIO(head.decode("utf-8", "replace") + "x", newline="")))


def _header(text: str, spec: DatasetSpec, result: ReadResult) -> list[str]:
    first_line = text.split("\n", 1)[0].rstrip("\r")  # callers may pass the first line alone
    labels = [label.strip() for label in next(csv.reader([first_line]))]
    if len(labels) == 1 and len(spec.columns) > 1:
        for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            if delimiter in labels[0]:
                result.fail(
                    Code.FORMAT_ERROR,
                    f"The columns are separated by {name}, not commas. Save the file as comma-separated CSV (CSV UTF-8)",
                    line=1,
                )
                return labels
    expected = spec.columns
    seen: set[str] = set()
    for position, label in enumerate(labels, start=1):
        if not label:
            result.fail(Code.BLANK_LABEL, f"Column {position} of the header has no name", line=1, suggestion="name it or delete the column")
        elif label in seen:
            result.fail(Code.DUPLICATE_LABEL, f"The column '{label}' appears more than once in the header", line=1, column=label, value=label)
        elif label not in expected:
            close = difflib.get_close_matches(label.lower(), expected, n=1, cutoff=0.6)
            result.fail(
                Code.EXTRA_LABEL,
                f"'{label}' is not a column of {spec.name}",
                line=1,
                column=label,
                value=label,
                suggestion=f"did you mean '{close[0]}'?" if close else f"expected columns: {', '.join(expected)}",
            )
        seen.add(label)
    for column in expected:
        if column in seen:
            continue
        close = difflib.get_close_matches(column, [label for label in labels if label not in expected], n=1, cutoff=0.6)
        if not close and not spec.model.model_fields[column].is_required():
            # A file written before an optional column existed stays readable: the column is read as empty.
            result.absent.append(column)
            continue
        result.fail(
            Code.MISSING_LABEL,
            f"The header has no '{column}' column",
            line=1,
            column=column,
            suggestion=f"rename '{close[0]}' to '{column}'" if close else f"add a '{column}' column",
        )
    return labels


# A cell that opens with a quote, up to its closing quote or, if it has none, the end of the file.
QUOTED_CELL = re.compile(rb'(?<![^,\r\n])"[^"]*(?:""[^"]*)*("?)')


def _unclosed_quote(result: ReadResult, line: int, text: str) -> None:
    result.fail(
        Code.FORMAT_ERROR,
        "A quote (\") opened on this line is never closed, so the rest of the file was read as one cell",
        line=line,
        value=text[:80],
        suggestion='close the quote, or double it ("") inside a quoted cell',
    )


def _count_quotes(data: memoryview, step: int = 1 << 20) -> int:
    """data.count(b'"'), about five times faster on a large file (numpy, a megabyte at a time)."""
    everything = np.frombuffer(data, dtype=np.uint8)
    return sum(int(np.count_nonzero(everything[start : start + step] == ord('"'))) for start in range(0, len(everything), step))


def _open_quote_at_end(data: memoryview) -> int | None:
    """Where the quoted cell that runs to the end of the file starts, if one does."""
    if _count_quotes(data) % 2 == 0:  # cheap: closed cells hold an even number of quotes
        return None
    last = None
    for last in QUOTED_CELL.finditer(data):  # noqa: B007 - the loop is run for its last match
        pass
    return last.start() if last is not None and not last.group(1) else None


def _rows(data: memoryview, labels: list[str], spec: DatasetSpec, result: ReadResult) -> None:
    skipped: list[int] = []
    width = len(labels)
    if data[-1:] not in (b"\n", b"\r"):
        data = memoryview(bytes(data) + b"\n")  # Arrow cannot skip a header line that has no line end

    def on_bad_row(row) -> str:
        line = row.number
        skipped.append(line)
        text = row.text or ""
        if text.count('"') % 2 == 1:
            _unclosed_quote(result, line, text)
        elif row.actual_columns < width:
            result.fail(Code.MISSING_CELL, f"This row has {row.actual_columns} cells; the header has {width}", line=line, value=text[:200])
        else:
            result.fail(
                Code.EXTRA_CELL,
                f"This row has {row.actual_columns} cells; the header has {width} (an unquoted comma inside a value?)",
                line=line,
                value=text[:200],
                suggestion='put a value that contains commas in double quotes: "a, b"',
            )
        return "skip"

    names = [f"c{i}" for i in range(width)]
    issues_before, unlisted_before = len(result.issues), result.unlisted

    def read(block_size: int, threads: bool = False, handler=on_bad_row, newlines_in_values: bool = True) -> pa.Table:
        skipped.clear()
        del result.issues[issues_before:]
        result.unlisted = unlisted_before
        return pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),  # zero-copy: Arrow reads the bytes in place
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, use_threads=threads, block_size=safe_block_size(data, block_size)
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=newlines_in_values, ignore_empty_lines=False, invalid_row_handler=handler
            ),
            # Binary, not string: Arrow would check each cell's UTF-8 again, and the whole file was checked above
            # (a cell is the bytes between ASCII delimiters of valid UTF-8, so it is valid UTF-8 too).
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.binary() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
            memory_pool=_PARSE_POOL,
        )

    table = _read_in_parallel(read, data) if len(data) >= PARALLEL_FROM_BYTES else None
    try:
        if table is None:
            try:
                # 2 MiB blocks parse about twice as fast as 16 MiB ones (they stay in the CPU cache), but a row must
                # fit in one block: a file with a longer row is read again with the 16 MiB blocks it always was.
                table = read(SMALL_BLOCK)
            except pa.ArrowInvalid as error:
                if "straddl" not in str(error):
                    raise
                table = read(LARGE_BLOCK)
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        result.fail(Code.FORMAT_ERROR, f"The file could not be read as CSV: {error}")
        return
    table = _as_text(table).rename_columns(labels)
    for column in result.absent:
        table = table.append_column(column, pa.repeat(pa.scalar("", pa.string()), table.num_rows))
    table = _trimmed(table.select(spec.columns))
    total = table.num_rows + len(skipped)
    skipped_lines = np.asarray(sorted(skipped), dtype=np.int64)
    lines = np.setdiff1d(np.arange(2, total + 2, dtype=np.int64), skipped_lines, assume_unique=True)
    open_quote = _open_quote_at_end(data)
    if open_quote is not None and len(lines) and lines[-1] == total + 1:
        # The quote opened in the last cell of a row, so the row had all its cells and Arrow kept it silently.
        _unclosed_quote(result, int(lines[-1]), str(data[open_quote : open_quote + 80], "utf-8", "replace"))
        table, lines = table.slice(0, table.num_rows - 1), lines[:-1]
    blank = _all_empty(table)
    if blank.any():
        # Blank lines at the very end are an export artefact, not data: drop them quietly.
        trailing = len(blank) - int(np.argmin(blank[::-1])) if not blank.all() else 0
        keep = np.ones(len(blank), dtype=bool)
        keep[trailing:] = False
        for index in np.flatnonzero(blank[:trailing]):
            result.fail(Code.BLANK_ROW, "This row is empty", line=int(lines[index]), suggestion="delete the empty row")
        keep &= ~blank
        table = table.filter(pa.array(keep))
        lines = lines[keep]
    result.table, result.lines = table, lines


def safe_block_size(data: memoryview, preferred: int) -> int:
    """`preferred`, or the next size up at which no block ends between the CR and the LF of a CR LF pair.

    Arrow reads the file a block at a time, and when a block ends with CR it drops an LF that starts the next
    block, even inside a quoted cell, whose text then silently loses that LF (apache/arrow#51368)."""
    everything = np.frombuffer(data, dtype=np.uint8)
    size = preferred
    while True:
        ends = np.arange(size, len(everything), size)
        if not ((everything[ends - 1] == ord("\r")) & (everything[ends] == ord("\n"))).any():
            return size
        size += 1


def _parse_pool() -> pa.MemoryPool:
    """Arrow's jemalloc pool for the cells read, where pyarrow has it. With the default pool (mimalloc) the same
    parse of the 1M-row benchmark file spent 0.15 to 1.6 s in the kernel from one run to the next, with very few page
    faults (large pages, zeroed and compacted on demand, is the likely cause); with jemalloc the time was steady, and
    the validator's peak memory 50-80 MB lower."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        return pa.default_memory_pool()


_PARSE_POOL = _parse_pool()


def _as_text(table: pa.Table) -> pa.Table:
    """The binary columns read as the UTF-8 text they hold, without copying or checking them again."""
    return pa.table({
        name: pa.chunked_array([chunk.view(pa.string()) for chunk in column.chunks], type=pa.string())
        for name, column in zip(table.column_names, table.columns)
    })


def cell_offsets(chunk: pa.Array) -> tuple[np.ndarray, pa.Buffer | None]:
    """A text chunk's offsets (one more than its cells; cell i is bytes offsets[i] to offsets[i + 1] of the data
    buffer) and that buffer, both read in place."""
    _, offsets_buffer, data_buffer = chunk.buffers()
    return np.frombuffer(offsets_buffer, dtype=np.int32, count=len(chunk) + 1, offset=chunk.offset * 4), data_buffer


def _may_need_trim(column: pa.ChunkedArray) -> bool:
    """Whether some cell starts or ends with a byte outside printable ASCII (! to ~): every cell that has
    whitespace to trim, ASCII or Unicode, does (a multi-byte character starts and ends outside ASCII)."""
    if not pa.types.is_string(column.type):
        return True
    for chunk in column.chunks:
        if len(chunk) == 0:
            continue
        offsets, data_buffer = cell_offsets(chunk)
        if data_buffer is None:
            continue
        data = np.frombuffer(data_buffer, dtype=np.uint8, count=int(offsets[-1]))
        if not len(data):
            continue
        # The bytes at each offset and just before it are exactly the first and last bytes of the filled cells:
        # an empty cell's offset is also the next filled cell's start and the previous one's end. Clipping keeps
        # the offsets at either end of the buffer on a byte of that same set.
        for edges in (np.take(data, offsets, mode="clip"), np.take(data, offsets - 1, mode="clip")):
            if ((edges - np.uint8(0x21)) > np.uint8(0x7E - 0x21)).any():  # below ! wraps round to a large number
                return True
    return False


def _trimmed(table: pa.Table) -> pa.Table:
    """Every cell with surrounding whitespace trimmed (pc.utf8_trim_whitespace), the same as trimming every column,
    but a column with nothing to trim is kept as it is, and each column read is released once its copy is made,
    so a large file is not held twice."""
    names = table.column_names
    columns = []
    for _ in names:
        column = table.column(0)
        table = table.remove_column(0)
        if _may_need_trim(column):
            column = pc.utf8_trim_whitespace(column)
        columns.append(column)
        del column
    return pa.table(dict(zip(names, columns)))


PARALLEL_FROM_BYTES = 4 << 20  # smaller files are read on one thread straight away


def _read_in_parallel(read, data: memoryview) -> pa.Table | None:
    """The table read on all cores, when every row is well-formed; else None.

    Arrow numbers the rows it cannot read only when it reads on one thread, and the report needs those numbers.
    So a large file is first read on all cores with a handler that only notes a malformed row; if there is none,
    that table is the one a single-threaded read gives (same rows, same order). Otherwise, or if this read fails
    for any reason, the caller reads the file again on one thread as before.
    """
    malformed: list[int] = []

    def note(row) -> str:
        malformed.append(1)
        return "skip"

    try:
        # Without newlines_in_values Arrow splits the file into blocks at any line end, which is faster. A line end
        # inside a quoted cell is still read as part of the cell, unless a block ends there: then Arrow raises
        # ("parser got out of sync with chunker") or the rest of the cut row is a malformed row, and the caller
        # reads the file again as below.
        table = read(SMALL_BLOCK, threads=True, handler=note, newlines_in_values=False)
    except pa.ArrowException:
        return None
    return None if malformed else table


def _all_empty(table: pa.Table) -> np.ndarray:
    empty = None
    for column in table.columns:
        is_empty = pc.equal(pc.binary_length(column), 0)  # bytes, not characters: the same test for "empty", cheaper
        empty = is_empty if empty is None else pc.and_(empty, is_empty)
    if empty is None:
        return np.zeros(table.num_rows, dtype=bool)
    return empty.to_numpy(zero_copy_only=False)
