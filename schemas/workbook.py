"""Spreadsheet workbooks (XLSX, ODS, old XLS) read as the CSV text the validator checks, by python-calamine.

A maintainer who edits in Excel or LibreOffice uploads the workbook itself; its chosen sheet becomes one CSV, so
every check, report line and diff is the same as for a CSV. Cells are written as the values the sheet holds:
text as typed, whole numbers without '.0', dates as YYYY-MM-DD, TRUE/FALSE as true/false. A number format (an id
shown as 1.10 but held as 1.1) is not applied: the value is what was saved, and the upload's comparison with its
base version warns about ids and codes a spreadsheet turned into numbers (dashboard/maintain/damage.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from python_calamine import CalamineWorkbook

from i18n import _, number

ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"  # XLSX and ODS are zip files; old XLS is an OLE compound file
WORKBOOK_TYPES = ("xlsx", "ods", "xls")
EXPANSION = 20


class UnreadableWorkbook(ValueError):
    """The bytes look like a workbook but no sheet can be read: the message says so in the maintainer's words."""


@dataclass(frozen=True)
class Workbook:
    csv: bytes  # the chosen sheet as UTF-8 CSV text, LF line ends
    note: str  # which sheet was read, for the report


def is_workbook(data: bytes) -> bool:
    return bytes(data[:4]) in (ZIP, OLE)


def _unpacked_size(data: bytes) -> int:
    if data[:4] != ZIP:
        return len(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except Exception:  # noqa: BLE001 - as in kind_of; calamine then says it cannot read the file
        return len(data)


def kind_of(data: bytes) -> str:
    """'ODS', 'XLSX' or 'XLS': what to call the file in messages (an ODS is not an 'Excel workbook')."""
    if data[:4] == OLE:
        return "XLS"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("mimetype") as mimetype:
            if b"opendocument" in mimetype.read(100):  # at most 100 bytes: the entry may be a zip bomb
                return "ODS"
    except Exception:  # noqa: BLE001 - a damaged zip raises many kinds (encrypted, unknown method, bad data ...)
        pass
    return "XLSX"


def workbook_csv(data: bytes, dataset: str, max_bytes: int | None = None) -> Workbook:
    """The sheet named after the dataset (any case), else the first, as CSV bytes; raises UnreadableWorkbook.
    A zip that unpacks to more than EXPANSION times `max_bytes` is refused unread (a workbook is about 5-10 times
    smaller than its XML; a 'zip bomb' is thousands of times)."""
    unpacked = _unpacked_size(data)  # before anything is unpacked
    kind = kind_of(data)
    if max_bytes is not None and unpacked > EXPANSION * max_bytes:
        # Translators: {kind} is XLSX, ODS or XLS; {size} and {limit} are sizes in megabytes (MB), {times} a number.
        # CSV UTF-8 is the name spreadsheets give the file type.
        raise UnreadableWorkbook(_("This {kind} workbook unpacks to {size} MB, more than {times} times the {limit} MB limit. "
                                   "Split it, or save the sheet as CSV UTF-8").format(
            kind=kind, size=number(round(unpacked / 2**20)), times=EXPANSION, limit=round(max_bytes / 2**20)))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        if not names:
            # Translators: {kind} is XLSX, ODS or XLS.
            raise UnreadableWorkbook(_("This {kind} workbook has no sheets").format(kind=kind))
        named = [n for n in names if n.strip().lower() == dataset.lower()]
        chosen, rows = next(((n, rows) for n in (named[:1] or names)  # sheets are read one by one, up to the first with rows
                             if (rows := _used_area(book.get_sheet_by_name(n).to_python(skip_empty_area=False)))), (None, []))
    except UnreadableWorkbook:
        raise
    except Exception as error:  # noqa: BLE001 - CalamineError, or the zip reader's own errors on a damaged file
        # Translators: {kind} is XLSX, ODS or XLS; {error} is the reading library's own (English) explanation.
        raise UnreadableWorkbook(_("This looks like an {kind} workbook but it cannot be read ({error}). Open it in your "
                                   "spreadsheet program and save it again, or save the sheet as CSV UTF-8").format(
            kind=kind, error=error)) from None
    if chosen is None:
        if named:
            # Translators: {sheet} is the name of a sheet of the workbook.
            empty = _("Its sheet '{sheet}', named after the dataset, is empty: it needs a header row and at least one row")
        else:
            # Translators: {kind} is XLSX, ODS or XLS.
            empty = _("Every sheet of this {kind} workbook is empty: it needs a header row and at least one row")
        raise UnreadableWorkbook(empty.format(sheet=named[0] if named else "", kind=kind))
    if named:
        # Translators: which sheet of a workbook was read: {sheet} is its name, {kind} XLSX, ODS or XLS.
        note = _("Read sheet '{sheet}' of the {kind} workbook, the sheet named after the dataset")
    elif len(names) == 1:
        # Translators: which sheet of a workbook was read: {sheet} is its name, {kind} XLSX, ODS or XLS.
        note = _("Read sheet '{sheet}' of the {kind} workbook, its only sheet")
    elif chosen == names[0]:
        # Translators: which sheet of a workbook was read: {sheet} is its name, {kind} XLSX, ODS or XLS.
        note = _("Read sheet '{sheet}' of the {kind} workbook, its first sheet")
    else:
        # Translators: which sheet of a workbook was read: {sheet} is its name, {kind} XLSX, ODS or XLS.
        note = _("Read sheet '{sheet}' of the {kind} workbook, its first sheet that is not empty")
    note = note.format(sheet=chosen, kind=kind)
    if len(names) > 1:
        # Translators: {note} says which sheet was read; {sheets} lists the names of the others, each in quotes.
        note = _("{note}; the other sheets ({sheets}) were not read").format(
            note=note, sheets=", ".join(repr(n) for n in names if n != chosen))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
    return Workbook(out.getvalue().encode("utf-8"), note)


def cell_text(value: object) -> str:
    """A cell as the dataset writes it: whole numbers without '.0', shortest decimals, ISO dates, true/false."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _used_area(rows: list[list[object]]) -> list[list[object]]:
    """Rows without the empty ones after the last filled row, and cells without the empty columns right of the
    header: a sheet's used area often runs past the data, which would read as blank rows and extra cells."""
    while rows and all(cell_text(v) == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        return rows
    width = len(rows[0])
    while width and cell_text(rows[0][width - 1]) == "":
        width -= 1
    return [row[:width] if all(cell_text(v) == "" for v in row[width:]) else row for row in rows]
