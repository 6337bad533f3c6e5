"""Byte forms of a dataset: the canonical CSV the store hashes and keeps, and the typed frame pages draw from."""
from __future__ import annotations

import io

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from .cells import BOOL_TRUE
from .reader import BOM
from .registry import DatasetSpec
from .rules import NUMBER_KINDS, column_rules
from .workbook import cell_text


def canonical_csv_bytes(rows: pa.Table | pd.DataFrame, spec: DatasetSpec) -> bytes:
    """UTF-8, LF line ends, the model's column order, cells as text: the same rows always give the same bytes."""
    table = rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows.fillna("").astype(str), preserve_index=False)
    table = pa.table({name: table[name].cast(pa.string()) for name in spec.columns})
    out = io.BytesIO()
    pacsv.write_csv(table, out, write_options=pacsv.WriteOptions(quoting_style="needed", eol=b"\n"))
    return out.getvalue()


def spreadsheet_csv_bytes(canonical: bytes) -> bytes:
    """A version as a maintainer downloads it to edit: the canonical CSV behind a UTF-8 byte-order mark, without which
    Excel reads the file as Windows-1252 and saves 'N°187' back as 'NÂ°187'. The validator skips the mark."""
    return BOM + canonical


def spreadsheet_xlsx_bytes(canonical: bytes, spec: DatasetSpec) -> bytes:
    """A version as an XLSX workbook, one sheet named after the dataset: counts and decimals as numbers (so they
    sum), every other column as Text-formatted text, so that Excel keeps ids like 1.10, periods like 'Apr 2016' and
    flags as typed. Uploaded back unchanged it is read as the same cells (schemas/workbook.py)."""
    from openpyxl import Workbook  # only a download needs it

    kinds = {name: rule.kind for name, rule in column_rules(spec.model).items()}
    book = Workbook(write_only=True)
    sheet = book.create_sheet(spec.name)
    sheet.append(spec.columns)
    text_cell = _text_cell_factory(sheet)
    for row in _text_frame(canonical, spec).reindex(columns=spec.columns, fill_value="").itertuples(index=False, name=None):
        sheet.append([_number_or_text(value, kinds[name], text_cell) for name, value in zip(spec.columns, row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell_factory(sheet):
    from openpyxl.cell import WriteOnlyCell

    def text_cell(value: str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # a string, even one starting with '=' (openpyxl would write it as a formula)
        cell.number_format = "@"  # Excel's Text format: what is typed into it later stays text too
        return cell
    return text_cell


def _number_or_text(value: str, kind: str, text_cell):
    if value == "":
        return None
    if kind in NUMBER_KINDS:
        try:
            number = int(value) if kind == "int" else float(value)
        except ValueError:  # a version stored before a rule existed may hold a non-number: kept as the text it is
            return text_cell(value)
        if cell_text(number) == value:  # '1.50' would come back as 1.5: keep such a decimal as text
            return number
    return text_cell(value)


def read_text_csv(data: bytes, spec: DatasetSpec) -> pd.DataFrame:
    """Rows as the text the file holds ("" for empty), canonical column order: what a maintainer's diff compares.
    A column that a version stored before the column existed lacks reads as empty, as typed() reads it."""
    return _text_frame(data, spec).reindex(columns=spec.columns, fill_value="")


def _text_frame(data: bytes, spec: DatasetSpec) -> pd.DataFrame:
    # Every cell as text; polars reads quoted line ends whole and skips a leading BOM.
    frame = pl.read_csv(data, infer_schema=False, raise_if_empty=False)
    return frame.with_columns(pl.all().fill_null("")).to_pandas()


def read_dataset_csv(data: bytes, spec: DatasetSpec) -> pd.DataFrame:
    """Typed rows of an already validated CSV: counts as Int64, decimals as Float64, flags as bool, text as str."""
    return typed(_text_frame(data, spec), spec)


def typed(frame: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for name, rule in column_rules(spec.model).items():
        values = frame[name].astype(str).str.strip() if name in frame else pd.Series("", index=frame.index)
        if rule.kind == "int":
            out[name] = pd.to_numeric(values.replace("", None)).astype("Int64")
        elif rule.kind == "decimal":
            out[name] = pd.to_numeric(values.replace("", None)).astype("Float64")
        elif rule.kind == "bool":
            out[name] = values.str.lower().isin(BOOL_TRUE)
        else:
            out[name] = values
    return out[spec.columns]
