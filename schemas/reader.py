"""Bytes -> header labels and a frame of trimmed text cells, with every structural problem reported, never raised.

Polars reads a well-formed file (every record one line with the header's number of cells: nearly every upload).
Polars numbers no lines and pads a short row silently, so that path is taken only when cheap tests prove the file
well-formed (_polars_blocks); any other file is read by Python's csv module, which is slower but keeps the line a
spreadsheet shows each record on, so every malformed row is reported where the maintainer will look for it."""
from __future__ import annotations

import csv
import difflib
import functools
import io
import itertools
import mmap
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from i18n import N_, _, ngettext, number

from . import hxl
from .cells import WHITESPACE, did_you_mean
from .registry import DOWNLOAD_COLUMNS, DatasetSpec
from .report import MAX_LISTED, Code, ValidationIssue
from .workbook import UnreadableWorkbook, is_workbook, workbook_csv

Buffer = bytes | bytearray | memoryview | mmap.mmap  # what read_table reads: any bytes-like object
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
BOM_READ_AS_1252 = "\ufeff".encode().decode("cp1252").encode()  # 'ï»¿' in UTF-8
# Translators: the names of menus and options as Excel and LibreOffice show them in English; use the names your
# language's versions of the programs show, where you know them.
SAVE_AS_UTF8 = N_("In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice tick 'Edit filter settings' "
                  "and pick UTF-8")


@dataclass
class Block:
    """Some rows of the file: trimmed text cells in the canonical columns, each row's spreadsheet line, and the lines
    of the blank rows left out of it (whether they are reported depends on what follows them)."""

    frame: pl.DataFrame
    lines: np.ndarray
    blank: list[int]
    records: Callable[[list[int]], list[dict[str, str]]]  # rows of the frame (by index) as trimmed cells by column


class NotWellFormed(Exception):
    """Polars cannot be trusted with this file's lines: read it again the exact way (ReadResult.exact)."""


@dataclass
class ReadResult:
    issues: list[ValidationIssue] = field(default_factory=list)
    blocks: Iterator[Block] | None = None  # the rows, a block at a time; None if they cannot be read at all
    exact: Callable[[], list[Block]] | None = None  # the rows read by Python's csv, structural problems reported
    unlisted: int = 0  # problems beyond MAX_LISTED, counted only
    absent: list[str] = field(default_factory=list)  # optional columns the header lacks: read as empty cells
    separator: str = ","  # or what the header shows its columns are separated by (SEPARATORS)
    hashtag_line: int | None = None  # the line of an HXL hashtag row under the header: not data
    notes: list[str] = field(default_factory=list)  # how the file was read, when that is not the plain case

    def fail(self, code: Code, message: str, **where) -> ReadResult:
        if len(self.issues) < MAX_LISTED:
            self.issues.append(ValidationIssue(code.value, message, **where))
        else:
            self.unlisted += 1
        return self


def read_table(data: Buffer, spec: DatasetSpec, max_bytes: int | None = DEFAULT_MAX_BYTES) -> ReadResult:
    """`data` is any bytes-like object (bytes, or a memory-mapped file: see mapped()); it is never copied whole."""
    result = ReadResult()
    source, data = data, memoryview(data).cast("B")
    if max_bytes is not None and len(data) > max_bytes:
        return result.fail(Code.FILE_TOO_LARGE, _sizes(len(data), max_bytes))
    if data[: len(BOM)] == BOM:
        data = data[len(BOM) :]
    elif BOM_READ_AS_1252 in bytes(data[: len(BOM_READ_AS_1252) + 1]):
        quoted = data[:1] == b'"'  # LibreOffice quotes the header cell that now starts with it
        source = data = memoryview(b'"' + bytes(data[len(BOM_READ_AS_1252) + 1 :])) if quoted else data[len(BOM_READ_AS_1252) :]
        # Translators: 'ï»¿' is what the file holds: keep it as it is.
        result.notes.append(_("The file starts with 'ï»¿': a UTF-8 byte-order mark that a spreadsheet opened as "
                              "Windows-1252 text and saved again. It was skipped; other text in the file may be garbled "
                              "the same way"))
    if _NOT_BLANK.search(data) is None:  # as `not data.strip()`, without copying the whole file
        return result.fail(Code.EMPTY_FILE, _("The file is empty: it needs a header line and at least one row"))
    if is_workbook(data[:4]):  # XLSX, ODS or XLS: its sheet is read as the CSV text the checks below read
        try:
            book = workbook_csv(bytes(data), spec.name, max_bytes)
        except UnreadableWorkbook as error:
            return result.fail(Code.FORMAT_ERROR, str(error))
        source = data = memoryview(book.csv)
        result.notes.append(book.note)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark: Excel's "Unicode Text"
        try:
            source = data = memoryview(str(data, "utf-16").encode("utf-8"))
        except UnicodeDecodeError:
            # Translators: {save_as_utf8} is the sentence saying how to save a file as UTF-8 in Excel or LibreOffice.
            return result.fail(Code.ENCODING_ERROR, _("The file starts as UTF-16 text but cannot be read as such. "
                                                      "{save_as_utf8}").format(save_as_utf8=_(SAVE_AS_UTF8)))
        # Translators: 'Unicode Text' is the name of Excel's file type: use the name your language's Excel shows.
        result.notes.append(_("Read as UTF-16 text (what Excel saves as 'Unicode Text')"))
    elif _is_utf16(data):
        # Translators: {save_as_utf8} is the sentence saying how to save a file as UTF-8 in Excel or LibreOffice.
        return result.fail(Code.ENCODING_ERROR, _("The file is UTF-16 text without a byte-order mark, not UTF-8. "
                                                  "{save_as_utf8}").format(save_as_utf8=_(SAVE_AS_UTF8)))
    nul = _first_nul(data)
    if nul is not None:
        return result.fail(Code.FORMAT_ERROR, _("The file contains NUL bytes, so it is binary, not CSV text"),
                           line=_row_of(data, nul))
    try:
        _check_utf8(data)
    except UnicodeDecodeError as error:
        line = _row_of(data, error.start)
        byte = data[error.start : error.start + 1].hex().upper()
        separated = _separator(str(_first_line(data), "cp1252", "replace"), spec)
        also = " " + _(SEPARATED_ACCEPTED[separated]) if separated != "," else ""
        # Translators: {byte} is a byte in hexadecimal (FD); {also} is empty or a sentence on the file's separator;
        # {save_as_utf8} says how to save a file as UTF-8. 'CSV (Comma delimited)' is the name Excel gives the file type.
        message = _("The file is not UTF-8 text (byte 0x{byte} cannot be read; Excel's 'CSV (Comma delimited)' writes "
                    "Windows-1252).{also} {save_as_utf8}")
        return result.fail(Code.ENCODING_ERROR, message.format(byte=byte, also=also, save_as_utf8=_(SAVE_AS_UTF8)),
                           line=line)
    _release(source)
    labels = _header(_hashtags(data, spec, result) or str(_first_line(data), "utf-8"), spec, result)
    if result.issues:
        return result
    _rows(data, labels, spec, result, lambda: _release(source))
    return result


# Python's bytes.strip() whitespace: space, \t, \n, \r, \x0b, \x0c (what \s matches in a bytes pattern).
_NOT_BLANK = re.compile(rb"\S")
_LINE_END = re.compile(rb"\r\n|\n|\r")


def _first_line(data: memoryview) -> memoryview:
    """The header line, without its end: \n, \r\n, or a lone \r (old Mac "CSV" exports)."""
    line_end = _LINE_END.search(data)
    return data[: line_end.start() if line_end else len(data)]


def _release(source: Buffer) -> None:
    """Give back the pages of a memory-mapped file read so far. They are the file's own, read again from the page
    cache if touched again, so a large file costs the memory of the block being read, not of the whole file."""
    if isinstance(source, mmap.mmap):
        source.madvise(mmap.MADV_DONTNEED)


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
    """'The file is 25.3 MB; the limit is 20 MB ...' in the MB the upload page states (2**20 bytes), in bytes where
    the two would read the same."""
    shown, most = f"{size / 2**20:.1f}", f"{limit / 2**20:.1f}".removesuffix(".0")
    # The numbers as the language writes them, from the values rounded above (so English reads exactly as before).
    most_text = number(float(most), digits=1 if "." in most else 0)
    if float(shown) <= float(most):
        # Translators: {size} and {limit} are numbers of bytes, {most} the limit in megabytes (MB).
        return ngettext("The file is {size} bytes; the limit is {limit} bytes ({most} MB). Split it or ask an "
                        "administrator to raise the limit",
                        "The file is {size} bytes; the limit is {limit} bytes ({most} MB). Split it or ask an "
                        "administrator to raise the limit", size).format(size=number(size), limit=number(limit), most=most_text)
    # Translators: {size} and {most} are sizes in megabytes (MB).
    return _("The file is {size} MB; the limit is {most} MB. Split it or ask an administrator to raise the limit").format(
        size=number(float(shown), digits=1), most=most_text)


def _is_utf16(data: memoryview) -> bool:
    """UTF-16 without a byte-order mark: text whose every other byte is NUL (ASCII letters in UTF-16)."""
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
    return sum(1 for _record in csv.reader(io.StringIO(head.decode("utf-8", "replace") + "x", newline="")))


# What a spreadsheet may separate columns by: commas, or semicolons (Excel in locales with a decimal comma) and tabs
# (Excel's "Unicode Text"), accepted when the header's labels, split so, are the dataset's columns.
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
# What the report says of each separator, a whole sentence for each (translated where it is written).
SEPARATED_ACCEPTED = {
    ";": N_("Its columns are separated by semicolons, which is accepted."),
    "\t": N_("Its columns are separated by tabs, which is accepted."),
}
READ_AS_SEPARATED = {
    ";": N_("Read as semicolon-separated: the header's columns are separated by semicolons"),
    "\t": N_("Read as tab-separated: the header's columns are separated by tabs"),
}
NOT_COMMAS = {
    # Translators: {dataset} is a dataset's name (casualties). CSV UTF-8 is the name spreadsheets give the file type.
    ";": N_("The columns are separated by semicolons, not commas, and the header does not name {dataset}'s columns. "
            "Save the file as comma-separated CSV (CSV UTF-8)"),
    # Translators: {dataset} is a dataset's name (casualties). CSV UTF-8 is the name spreadsheets give the file type.
    "\t": N_("The columns are separated by tabs, not commas, and the header does not name {dataset}'s columns. "
             "Save the file as comma-separated CSV (CSV UTF-8)"),
    # Translators: {dataset} is a dataset's name (casualties). CSV UTF-8 is the name spreadsheets give the file type.
    "|": N_("The columns are separated by vertical bars, not commas, and the header does not name {dataset}'s columns. "
            "Save the file as comma-separated CSV (CSV UTF-8)"),
}
QUOTE_IT = {
    # Translators: {example} is a value in double quotes as the file must hold it ("a, b"): keep it as it is.
    ",": N_("put a value that contains commas in double quotes: {example}"),
    # Translators: {example} is a value in double quotes as the file must hold it ("a; b"): keep it as it is.
    ";": N_("put a value that contains semicolons in double quotes: {example}"),
    # Translators: {example} is a value in double quotes as the file must hold it: keep it as it is.
    "\t": N_("put a value that contains tabs in double quotes: {example}"),
}


def _separator(first_line: str, spec: DatasetSpec) -> str:
    """',' unless the line is one label by commas and, split by ';' or a tab, exactly names columns of the dataset."""
    if len(next(csv.reader([first_line]), [])) > 1 or len(spec.columns) < 2:
        return ","
    required = {name for name in spec.columns if spec.model.model_fields[name].is_required()}
    for separator in (";", "\t"):
        labels = [label.strip() for label in next(csv.reader([first_line], delimiter=separator), [])]
        if len(labels) > 1 and set(labels) <= set(spec.columns) and required <= set(labels):
            return separator
    return ","


def _hashtags(data: memoryview, spec: DatasetSpec, result: ReadResult) -> str | None:
    """An HXL hashtag row (schemas/hxl.py) as the header or right under it. Under it, it is left out of the rows;
    where the header's names are not the dataset's but the hashtags name its columns, the hashtags say which column
    is which. Returns the header line to read instead of the file's, or None to read the file's."""
    head = str(data[:65536], "utf-8", "ignore")
    try:
        separator = _separator(str(_first_line(data), "utf-8", "ignore"), spec)
        records = list(itertools.islice(csv.reader(io.StringIO(head, newline=""), delimiter=separator), 2))
    except csv.Error:  # not one record per line (old Mac line ends ...): no hashtag row is looked for
        return None
    if not records:
        return None
    at = next((i + 1 for i, record in enumerate(records) if hxl.is_hashtag_row(record, len(records[0]))), None)
    if at is None:
        return None
    width = len(records[0])
    tags = records[at - 1] + [""] * (width - len(records[at - 1]))  # a short hashtag row tags the first columns
    columns = hxl.mapped_columns(tags, spec)
    known = set(spec.columns) | set(DOWNLOAD_COLUMNS)
    if at == 2:
        result.hashtag_line = 2
        names_are_ours = all(label.strip() in known for label in records[0] if label.strip())
        if names_are_ours:
            result.notes.append(_("Line 2 holds HXL hashtags: it was read as such and left out of the rows"))
            return None
    labels = [column or (records[0][i] if at == 2 and i < len(records[0]) else tag) for i, (column, tag) in enumerate(zip(columns, tags))]
    mapped = sum(column is not None for column in columns)
    # Translators: {tag} is an HXL hashtag (#affected+best), {label} the header's name of its column.
    over = _("{tag} (over '{label}')")
    unknown = [over.format(tag=tag.strip(), label=label) if at == 2 else tag.strip()
               for tag, label, column in zip(tags, labels, columns) if column is None and tag.strip()]
    if at == 1:
        # Translators: {mapped} and {columns} are numbers of columns (the plural form follows {columns}).
        note = ngettext("The HXL hashtags on line 1 named {mapped} of the file's {columns} columns; the header was read by them",
                        "The HXL hashtags on line 1 named {mapped} of the file's {columns} columns; the header was read by them",
                        len(tags))
    else:
        # Translators: {mapped} and {columns} are numbers of columns (the plural form follows {columns}).
        note = ngettext("The HXL hashtags on line 2 named {mapped} of the file's {columns} columns; the columns were read "
                        "by them, not by the header; line 2 was left out of the rows",
                        "The HXL hashtags on line 2 named {mapped} of the file's {columns} columns; the columns were read "
                        "by them, not by the header; line 2 was left out of the rows", len(tags))
    note = note.format(mapped=mapped, columns=len(tags))
    if unknown:
        # Translators: {note} is the sentence on what the hashtags named; {dataset} a dataset's name; {tags} lists
        # hashtags; docs/hxl.md is a file name.
        note = _("{note}. These name no column of {dataset} (docs/hxl.md lists ours): {tags}").format(
            note=note, dataset=spec.name, tags=", ".join(unknown))
    result.notes.append(note)
    line = io.StringIO()
    csv.writer(line, delimiter=separator, lineterminator="").writerow(labels)
    return line.getvalue()


def _header(text: str, spec: DatasetSpec, result: ReadResult) -> list[str]:
    first_line = text.split("\n", 1)[0].rstrip("\r")  # callers may pass the first line alone
    result.separator = _separator(first_line, spec)
    if result.separator != ",":
        result.notes.append(_(READ_AS_SEPARATED[result.separator]))
    labels = [label.strip() for label in next(csv.reader([first_line], delimiter=result.separator))]
    if len(labels) == 1 and len(spec.columns) > 1:
        for delimiter in (";", "\t", "|"):
            if delimiter in labels[0]:
                result.fail(Code.FORMAT_ERROR, _(NOT_COMMAS[delimiter]).format(dataset=spec.name), line=1)
                return labels
    expected = spec.columns
    seen: set[str] = set()
    left_out = [label for label in labels if label in DOWNLOAD_COLUMNS and label not in expected]
    if left_out:
        # Translators: {columns} lists column names.
        result.notes.append(_("Left out the columns the dashboard's download adds ({columns}): the sources are kept in "
                              "their own dataset").format(columns=", ".join(left_out)))
    for position, label in enumerate(labels, start=1):
        if not label:
            # Translators: {position} is the column's place in the header, counted from 1.
            result.fail(Code.BLANK_LABEL, _("Column {position} of the header has no name").format(position=position), line=1,
                        suggestion=_("name it or delete the column"))
        elif label in seen:
            # Translators: {column} is a name in the file's header.
            result.fail(Code.DUPLICATE_LABEL, _("The column '{column}' appears more than once in the header").format(column=label),
                        line=1, column=label, value=label)
        elif label in left_out:
            pass
        elif label not in expected:
            close = difflib.get_close_matches(label.lower(), expected, n=1, cutoff=0.6)
            result.fail(
                Code.EXTRA_LABEL,
                # Translators: {column} is a name in the file's header, {dataset} a dataset's name.
                _("'{column}' is not a column of {dataset}").format(column=label, dataset=spec.name),
                line=1,
                column=label,
                value=label,
                suggestion=did_you_mean(close[0] if close else None)
                # Translators: {columns} lists the dataset's column names.
                or _("expected columns: {columns}").format(columns=", ".join(expected)),
            )
        seen.add(label)
    for column in expected:
        if column in seen:
            continue
        close = difflib.get_close_matches(column, [label for label in labels if label not in expected and label not in left_out],
                                          n=1, cutoff=0.6)
        if not close and not spec.model.model_fields[column].is_required():
            # A file written before an optional column existed stays readable: the column is read as empty.
            result.absent.append(column)
            continue
        result.fail(
            Code.MISSING_LABEL,
            # Translators: {column} is a column name.
            _("The header has no '{column}' column").format(column=column),
            line=1,
            column=column,
            # Translators: {label} is a name in the file's header, {column} the column name it should be.
            suggestion=_("rename '{label}' to '{column}'").format(label=close[0], column=column) if close
            else _("add a '{column}' column").format(column=column),
        )
    return labels


def _quoted_cell(separator: str) -> re.Pattern:
    """A cell that opens with a quote, up to its closing quote or, if it has none, the end of the file."""
    return re.compile(rf'(?<![^{re.escape(separator)}\r\n])"[^"]*(?:""[^"]*)*("?)')


# Rows whose last cells are both empty are counted by Python's csv to rule out a short row; beyond this many the
# whole file is read that way.
MAX_ROWS_TO_COUNT = 2000


def _rows(data: memoryview, labels: list[str], spec: DatasetSpec, result: ReadResult, release: Callable[[], None]) -> None:
    def block(frame: pl.DataFrame, lines: np.ndarray, spans: np.ndarray | None = None) -> Block:
        frame = frame.with_columns(*(pl.lit("").alias(column) for column in result.absent)).select(spec.columns)
        if result.hashtag_line is not None and result.hashtag_line in lines:  # an HXL hashtag row is not data
            data_rows = lines != result.hashtag_line
            frame, lines, spans = frame.filter(pl.Series(data_rows)), lines[data_rows], None if spans is None else spans[data_rows]
        blank = frame.select(pl.all_horizontal(pl.all().str.len_bytes() == 0)).to_series().to_numpy()
        if blank.any():
            frame, lines, blank, spans = (frame.filter(pl.Series(~blank)), lines[~blank], lines[blank].tolist(),
                                          None if spans is None else spans[~blank])
        else:
            blank = []
        if spans is None:  # read by Python's csv: the frame is kept whole anyway
            return Block(frame, lines, blank, lambda rows: frame[rows].to_dicts())
        # Read by polars: a row is read back from its line, so the frame need not be kept to look at it later.
        def records(rows: list[int]) -> list[dict[str, str]]:
            lines_of = (str(data[start:stop], "utf-8") for start, stop in spans[rows].tolist())
            return [{label: cell.strip(WHITESPACE) for label, cell in zip(labels, cells)}
                    for cells in csv.reader(lines_of, delimiter=result.separator)]

        return Block(frame, lines, blank, records)

    def exact() -> list[Block]:
        frame, lines = _csv_rows(str(data, "utf-8"), len(labels), result)
        return [block(_trimmed(frame, labels), lines)]

    result.blocks = (block(*read) for read in _polars_blocks(data, labels, release, result.separator))
    result.exact = exact


def all_rows(result: ReadResult) -> tuple[pl.DataFrame, np.ndarray]:
    """Every block joined: the whole file's rows and their lines, as the row-by-row path and tests read them."""
    try:
        blocks = list(result.blocks)
    except NotWellFormed:
        blocks = result.exact()
    return pl.concat([block.frame for block in blocks]), np.concatenate([block.lines for block in blocks])


def _trimmed(frame: pl.DataFrame, labels: list[str]) -> pl.DataFrame:
    """Cells named by the header's labels, an empty cell as "", each trimmed of what str.strip() trims."""
    return frame.select(pl.col(old).fill_null("").str.strip_chars(WHITESPACE).alias(new) for old, new in zip(frame.columns, labels))


BLOCK_BYTES = 16 << 20  # polars reads (and trims) this much at a time, so a large file is never held twice


def _polars_blocks(data: memoryview, labels: list[str], release: Callable[[], None], separator: str,
                   ) -> Iterator[tuple[pl.DataFrame, np.ndarray, np.ndarray]]:
    """The rows read by polars a block at a time, each with its lines and the byte span of each row's line;
    NotWellFormed at the first sign that the file is not one record per line of the header's width."""
    everything = np.frombuffer(data, dtype=np.uint8)
    line_ends = _positions(everything, ord("\n"))
    starts = np.concatenate(([0], line_ends + 1))[: len(line_ends) + (data[-1:] != b"\n")]
    stops = np.append(line_ends, len(everything))[: len(starts)]
    carriage_returns = stops > starts
    carriage_returns[carriage_returns] = everything[stops[carriage_returns] - 1] == ord("\r")
    if _count(everything, ord("\r")) != int(np.count_nonzero(carriage_returns)):
        raise NotWellFormed("a CR that ends no line")  # polars reads on past it; csv and spreadsheets start a row there
    stops = stops - carriage_returns
    release()
    if len(starts) < 2:  # a header and no rows
        yield pl.DataFrame(schema={label: pl.String for label in labels}), np.zeros(0, dtype=np.int64), np.zeros((0, 2), dtype=np.int64)
        return
    header, first = bytes(data[: starts[1]]), 1  # a block is whole lines, read with the header in front
    while first < len(starts):
        last = min(len(starts), int(np.searchsorted(starts, starts[first] + BLOCK_BYTES)) + 1)
        end = starts[last] if last < len(starts) else len(everything)
        try:
            piece = header + bytes(data[starts[first] : end])
            release()
            frame = pl.read_csv(piece, infer_schema=False, quote_char='"', separator=separator)
        except Exception:  # noqa: BLE001 - a row with too many cells, a quote polars cannot close: the exact way
            raise NotWellFormed("polars could not read a block") from None
        if frame.height != last - first:
            raise NotWellFormed("a quoted cell holds a line end, or polars skipped a line")
        if len(labels) > 1 and not _no_short_rows(frame, data, everything, starts[first:last], stops[first:last], separator):
            raise NotWellFormed("a row may have too few cells")
        yield _trimmed(frame, labels), np.arange(first + 1, last + 1, dtype=np.int64), np.stack([starts[first:last], stops[first:last]], axis=1)
        first = last


def _no_short_rows(frame: pl.DataFrame, data: memoryview, everything: np.ndarray, starts: np.ndarray, stops: np.ndarray,
                   separator: str) -> bool:
    """Polars pads a short row with nulls, as it reads an empty unquoted last cell. A row whose last cell is null
    but whose cell before it is not, and whose line ends with the separator, has all its cells; any other row whose
    last cell is null has its cells counted by Python's csv."""
    last = frame.select(pl.col(frame.columns[-1]).is_null(), pl.col(frame.columns[-2]).is_not_null()).to_numpy()
    unsure = np.flatnonzero(last[:, 0])
    ends_with_separator = everything[np.maximum(stops[unsure] - 1, 0)] == ord(separator)
    unsure = unsure[~(last[unsure, 1] & ends_with_separator & (stops[unsure] > starts[unsure]))]
    if len(unsure) > MAX_ROWS_TO_COUNT:
        return False
    return all(len(next(csv.reader([str(data[starts[row] : stops[row]], "utf-8")], delimiter=separator), [""])) == frame.width
               for row in unsure.tolist())


def _csv_rows(text: str, width: int, result: ReadResult) -> tuple[pl.DataFrame, np.ndarray]:
    """Every record by Python's csv, numbered as a spreadsheet numbers rows; short and long rows reported, skipped."""
    rows, lines, separator = [], [], result.separator
    # Each message written once per number of cells, not once per row.
    too_few, too_many = functools.cache(_too_few_cells), functools.cache(functools.partial(_too_many_cells, separator))
    quote_it = _(QUOTE_IT[separator]).format(example=f'"a{separator} b"')
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    open_quote = _open_quote_at_end(text, separator)
    for line, record in enumerate(records[1:], start=2):
        if line == result.hashtag_line:  # HXL hashtags, not data (it may be shorter than the header)
            continue
        record = record or [""] * width  # an empty line: a blank row
        if open_quote is not None and line == len(records):
            _unclosed_quote(result, line, text[open_quote : open_quote + 80])
        elif len(record) < width:
            result.fail(Code.MISSING_CELL, too_few(len(record), width), line=line,
                        value=separator.join(record)[:200])
        elif len(record) > width:
            result.fail(Code.EXTRA_CELL, too_many(len(record), width), line=line,
                        value=separator.join(record)[:200], suggestion=quote_it)
        else:
            rows.append(record)
            lines.append(line)
    columns = list(zip(*rows)) if rows else [()] * width
    frame = pl.DataFrame({f"c{i}": pl.Series(values, dtype=pl.String) for i, values in enumerate(columns)})
    return frame, np.asarray(lines, dtype=np.int64)


def _too_few_cells(cells: int, width: int) -> str:
    # Translators: {cells} and {width} are numbers of cells (the plural form follows {cells}).
    return ngettext("This row has {cells} cells; the header has {width}", "This row has {cells} cells; the header has {width}",
                    cells).format(cells=cells, width=width)


def _too_many_cells(separator: str, cells: int, width: int) -> str:
    if separator == ";":
        # Translators: {cells} and {width} are numbers of cells (the plural form follows {cells}).
        text = ngettext("This row has {cells} cells; the header has {width} (an unquoted semicolon inside a value?)",
                        "This row has {cells} cells; the header has {width} (an unquoted semicolon inside a value?)", cells)
    elif separator == "\t":
        # Translators: {cells} and {width} are numbers of cells (the plural form follows {cells}).
        text = ngettext("This row has {cells} cells; the header has {width} (an unquoted tab inside a value?)",
                        "This row has {cells} cells; the header has {width} (an unquoted tab inside a value?)", cells)
    else:
        # Translators: {cells} and {width} are numbers of cells (the plural form follows {cells}).
        text = ngettext("This row has {cells} cells; the header has {width} (an unquoted comma inside a value?)",
                        "This row has {cells} cells; the header has {width} (an unquoted comma inside a value?)", cells)
    return text.format(cells=cells, width=width)


def _unclosed_quote(result: ReadResult, line: int, text: str) -> None:
    result.fail(
        Code.FORMAT_ERROR,
        _("A quote (\") opened on this line is never closed, so the rest of the file was read as one cell"),
        line=line,
        value=text[:80],
        suggestion=_('close the quote, or double it ("") inside a quoted cell'),
    )


def _open_quote_at_end(text: str, separator: str) -> int | None:
    """Where the quoted cell that runs to the end of the file starts, if one does."""
    if text.count('"') % 2 == 0:  # cheap: closed cells hold an even number of quotes
        return None
    last = None
    for last in _quoted_cell(separator).finditer(text):  # noqa: B007 - the loop is run for its last match
        pass
    return last.start() if last is not None and not last.group(1) else None


def _positions(everything: np.ndarray, byte: int, step: int = 1 << 20) -> np.ndarray:
    """np.flatnonzero(everything == byte), a megabyte at a time (no temporary the size of the file)."""
    found = [np.flatnonzero(everything[start : start + step] == byte) + start for start in range(0, len(everything), step)]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _count(everything: np.ndarray, byte: int, step: int = 1 << 20) -> int:
    return sum(int(np.count_nonzero(everything[start : start + step] == byte)) for start in range(0, len(everything), step))
