"""How one CSV cell of each kind is read. The pydantic models and the vectorised checks share these patterns."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

# RE2-compatible (pyarrow.compute) and Python-compatible at once.
INT_PATTERN = r"^[0-9]+$"
NEGATIVE_PATTERN = r"^-[0-9]+(\.[0-9]+)?$"
DECIMAL_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
SLUG_PATTERN = r"^[a-z0-9_]+$"
URL_PATTERN = r"^https?://[^\s<>\"]+$"
BOOL_TRUE = ("true", "yes", "1")
# Output side: a cell a spreadsheet would run as a formula when it starts with one of these.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, made inert with a leading quote; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
BOOL_FALSE = ("false", "no", "0", "")
# A leading =, +, -, @ (or tab/CR) makes a spreadsheet run the cell as a formula; angle-bracket tags are markup.
FORMULA_PATTERN = r"^[=+\-@]"  # checked after surrounding spaces, tabs and CRs are trimmed
MARKUP_PATTERN = r"<[A-Za-z/!?]"  # a tag starts right after "<"; "deaths < wounded" is prose


@dataclass(frozen=True)
class Cell:
    """Marks a model field with the kind of cell it is read from (the vectorised checks dispatch on it)."""

    kind: str  # int | decimal | date | partial_date | datetime | slug | url | bool | text


class CellError(ValueError):
    """A cell that cannot be read as its kind; `code` says which report code it becomes."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _match(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern.strip("^$"), value) is not None


def read_int(value: object) -> object:
    if isinstance(value, str):
        if _match(NEGATIVE_PATTERN, value):
            raise CellError("constraint-error", "must be 0 or more")
        if not _match(INT_PATTERN, value):
            raise CellError("type-error", "must be a whole number written with digits only, e.g. 20000")
        return int(value)
    return value


def read_decimal(value: object) -> object:
    if isinstance(value, str):
        if _match(NEGATIVE_PATTERN, value):
            raise CellError("constraint-error", "must be 0 or more")
        if not _match(DECIMAL_PATTERN, value):
            raise CellError("type-error", "must be a number written with digits and an optional decimal point, e.g. 17.7")
        return float(value)
    return value


def read_date(value: object) -> object:
    if isinstance(value, str):
        if not _match(DATE_PATTERN, value):
            raise CellError("type-error", "must be a date written YYYY-MM-DD, e.g. 2023-09-24")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CellError("type-error", "is not a real calendar date") from None
    return value


def read_partial_date(value: object) -> object:
    if isinstance(value, str):
        if not _match(PARTIAL_DATE_PATTERN, value):
            raise CellError("type-error", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
        if len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise CellError("type-error", "is not a real calendar date") from None
    return value


def read_datetime(value: object) -> object:
    if isinstance(value, str):
        if not _match(DATETIME_PATTERN, value):
            raise CellError("type-error", "must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM+04:00")
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            raise CellError("type-error", "is not a real calendar date") from None
    return value


def read_bool(value: object) -> object:
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in BOOL_TRUE:
            return True
        if lowered in BOOL_FALSE:
            return False
        raise CellError("type-error", "must be true or false")
    return value


def read_text(value: object) -> object:
    if isinstance(value, str):
        if re.match(FORMULA_PATTERN, value):
            raise CellError("unsafe-text", "starts with =, +, - or @, which spreadsheets run as a formula")
        if re.search(MARKUP_PATTERN, value):
            raise CellError("unsafe-text", "contains HTML markup (<...>); write plain text")
    return value


def read_slug(value: object) -> object:
    if isinstance(value, str) and not _match(SLUG_PATTERN, value):
        raise CellError("constraint-error", "must use only lower-case letters, digits and _ (e.g. hrw_1993_report)")
    return value


def read_url(value: object) -> object:
    if isinstance(value, str) and not _match(URL_PATTERN, value):
        raise CellError("constraint-error", "must be a web address starting with http:// or https://")
    return value


def _pydantic(reader):
    """Wrap a cell reader so pydantic reports our code and wording (through a ValueError subclass)."""

    def run(value):
        try:
            return reader(value)
        except CellError as error:
            raise ValueError(f"[{error.code}] {error}") from None

    return BeforeValidator(run)


Count = Annotated[int, Cell("int"), _pydantic(read_int)]
Decimal = Annotated[float, Cell("decimal"), _pydantic(read_decimal)]
Date = Annotated[dt.date, Cell("date"), _pydantic(read_date), PlainSerializer(lambda d: d.isoformat(), return_type=str)]
PartialDate = Annotated[str, Cell("partial_date"), _pydantic(read_partial_date)]
DateTime = Annotated[str, Cell("datetime"), _pydantic(read_datetime)]
Flag = Annotated[bool, Cell("bool"), _pydantic(read_bool)]
Text = Annotated[str, Cell("text"), _pydantic(read_text)]
Slug = Annotated[str, Cell("slug"), _pydantic(read_slug)]
Url = Annotated[str, Cell("url"), _pydantic(read_url)]
