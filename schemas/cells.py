"""How one CSV cell of each kind is read. The pydantic models and the vectorised checks share these patterns."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer
from pydantic_core import PydanticCustomError

# RE2-compatible (pyarrow.compute) and Python-compatible at once.
INT_PATTERN = r"^[0-9]+$"
NEGATIVE_PATTERN = r"^-[0-9]+(\.[0-9]+)?$"
DECIMAL_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
SLUG_PATTERN = r"^[a-z0-9_]+$"
# No shorthand such as \s: Python's re and RE2 (pyarrow) read it differently (RE2's \s lacks \v and U+0085).
# Refused inside a URL: spaces and every Unicode space, control characters (C0, DEL, C1), bidi controls, < > ".
URL_PATTERN = '^https?://[^<>"\\x00-\\x20\\x7f\u0080-\u00a0\u1680\u2000-\u200b\u2028-\u202f\u205f\u2066-\u2069\u3000\ufeff]+$'
BOOL_TRUE = ("true", "yes", "1")
BOOL_FALSE = ("false", "no", "0", "")
# Output side: a cell a spreadsheet would run as a formula when it starts with one of these.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, made inert with a leading quote; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# A leading =, +, -, @ (or tab/CR) makes a spreadsheet run the cell as a formula; angle-bracket tags are markup.
FORMULA_PATTERN = r"^[=+\-@]"  # checked after surrounding spaces, tabs and CRs are trimmed
MARKUP_PATTERN = r"<[A-Za-z/!?]"  # a tag starts right after "<"; "deaths < wounded" is prose
# Characters that change how text is shown rather than what it says: C0 controls but tab and line ends (BEL, ESC of
# ANSI colour codes ...), DEL, C1 (U+0085 ...) and the bidi embeddings, overrides and isolates (U+202E reverses text).
CONTROL_PATTERN = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]"

# Number cells are bounded so that whatever the validator accepts stays exact in the types pages draw with: counts
# become Int64 and decimals float64, and low <= best <= high is compared in float64. A whole number of at most 12
# digits (below one trillion: no count of people, vehicles or days comes near it) and a decimal of at most 15
# significant digits (what a float64 holds exactly, C's DBL_DIG) both survive that, order included.
COUNT_MAX_DIGITS = 12
DECIMAL_MAX_DIGITS = 15
COUNT_TOO_LARGE = f"is too large: a count has at most {COUNT_MAX_DIGITS} digits (below one trillion)"
DECIMAL_TOO_PRECISE = f"has more than {DECIMAL_MAX_DIGITS} significant digits, more than the dashboard keeps exactly"
NUMBER_BOUND_HINT = "check the figure against its source: a typo or a pasted cell?"
CONTROL_MESSAGE = "contains an invisible control character (such as a bell, an escape code or a right-to-left override)"
CONTROL_HINT = "retype the text, or paste it as plain text"
FUTURE_MESSAGE = "is after today; a date of publication, access or validity cannot be in the future"
FUTURE_HINT = "check the year"


# The one wording of each kind's type error, for both paths (the readers below and the vectorised checks).
KIND_MESSAGE = {
    "int": "must be a whole number written with digits only, e.g. 20000",
    "decimal": "must be a number written with digits and an optional decimal point, e.g. 17.7",
    "date": "must be a date written YYYY-MM-DD, e.g. 2023-09-24",
    "partial_date": "must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
    "datetime": "must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM+04:00",
    "bool": "must be true or false",
    "slug": "must use only lower-case letters, digits and _ (e.g. hrw_1993_report)",
    "url": "must be a web address starting with http:// or https://, without spaces or invisible characters",
}
NOT_A_DATE = "is not a real calendar date"
NEGATIVE_MESSAGE = "must be 0 or more"


def count_digits(value: str) -> int:
    """Digits of a whole number cell, leading zeros aside."""
    return len(value.lstrip("0"))


def significant_digits(value: str) -> int:
    """Significant digits of a decimal cell: leading zeros and trailing zeros after the point aside."""
    whole, _, fraction = value.partition(".")
    return len((whole + fraction.rstrip("0")).lstrip("0"))


def latest_today() -> str:
    """Today's date where it is latest on Earth (UTC+14), ISO: a date an uploader in any time zone calls today."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date().isoformat()


def is_future(value: str, today: str | None = None) -> bool:
    """Whether a full or partial ISO date (2027, 2026-12, 2026-12-02) starts after today."""
    today = today or latest_today()
    return value[:10] > today[: len(value[:10])]


@dataclass(frozen=True)
class Cell:
    """Marks a model field with the kind of cell it is read from (the vectorised checks dispatch on it)."""

    kind: str  # int | decimal | date | partial_date | datetime | slug | url | bool | text
    not_future: bool = False  # a date that cannot lie after the day of upload (published, accessed, as_of)


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
            raise CellError("constraint-error", NEGATIVE_MESSAGE)
        if not _match(INT_PATTERN, value):
            raise CellError("type-error", KIND_MESSAGE["int"])
        if count_digits(value) > COUNT_MAX_DIGITS:
            raise CellError("constraint-error", COUNT_TOO_LARGE)
        return int(value)
    return value


def read_decimal(value: object) -> object:
    if isinstance(value, str):
        if _match(NEGATIVE_PATTERN, value):
            raise CellError("constraint-error", NEGATIVE_MESSAGE)
        if not _match(DECIMAL_PATTERN, value):
            raise CellError("type-error", KIND_MESSAGE["decimal"])
        if significant_digits(value) > DECIMAL_MAX_DIGITS:
            raise CellError("constraint-error", DECIMAL_TOO_PRECISE)
        return float(value)
    return value


def read_date(value: object) -> object:
    if isinstance(value, str):
        if not _match(DATE_PATTERN, value):
            raise CellError("type-error", KIND_MESSAGE["date"])
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CellError("type-error", NOT_A_DATE) from None
    return value


def read_partial_date(value: object) -> object:
    if isinstance(value, str):
        if not _match(PARTIAL_DATE_PATTERN, value):
            raise CellError("type-error", KIND_MESSAGE["partial_date"])
        if len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise CellError("type-error", NOT_A_DATE) from None
    return value


def read_datetime(value: object) -> object:
    if isinstance(value, str):
        if not _match(DATETIME_PATTERN, value):
            raise CellError("type-error", KIND_MESSAGE["datetime"])
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            raise CellError("type-error", NOT_A_DATE) from None
    return value


def read_bool(value: object) -> object:
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in BOOL_TRUE:
            return True
        if lowered in BOOL_FALSE:
            return False
        raise CellError("type-error", KIND_MESSAGE["bool"])
    return value


def read_text(value: object) -> object:
    if isinstance(value, str):
        if re.match(FORMULA_PATTERN, value):
            raise CellError("unsafe-text", "starts with =, +, - or @, which spreadsheets run as a formula")
        if re.search(MARKUP_PATTERN, value):
            raise CellError("unsafe-text", "contains HTML markup (<...>); write plain text")
        if re.search(CONTROL_PATTERN, value):
            raise CellError("unsafe-text", CONTROL_MESSAGE)
    return value


def read_slug(value: object) -> object:
    if isinstance(value, str) and not _match(SLUG_PATTERN, value):
        raise CellError("constraint-error", KIND_MESSAGE["slug"])
    return value


def read_url(value: object) -> object:
    if isinstance(value, str) and not _match(URL_PATTERN, value):
        raise CellError("constraint-error", KIND_MESSAGE["url"])
    return value


def read_not_future(value: object) -> object:
    """After the kind's own reader: a date (or its ISO text) that is not after today."""
    text = value.isoformat() if isinstance(value, dt.date) else value
    if isinstance(text, str) and is_future(text):
        raise CellError("constraint-error", FUTURE_MESSAGE)
    return value


def rule_error(code: str, message: str, column: str | None = None) -> PydanticCustomError:
    """A finding as pydantic carries it: the report's code as the error type, the wording as the message, and (for a
    row rule, which pydantic places on no column) the column in its context. Never code inside the text."""
    return PydanticCustomError(code, message, {"column": column} if column else None)


def _pydantic(reader):
    """Wrap a cell reader so pydantic reports our code (its error type) and our wording."""

    def run(value):
        try:
            return reader(value)
        except CellError as error:
            raise rule_error(error.code, str(error)) from None

    return BeforeValidator(run)


def _chain(*readers):
    def run(value):
        for reader in readers:
            value = reader(value)
        return value

    return run


Count = Annotated[int, Cell("int"), _pydantic(read_int)]
Decimal = Annotated[float, Cell("decimal"), _pydantic(read_decimal)]
Date = Annotated[dt.date, Cell("date"), _pydantic(read_date), PlainSerializer(lambda d: d.isoformat(), return_type=str)]
PartialDate = Annotated[str, Cell("partial_date"), _pydantic(read_partial_date)]
# Dates of things that have happened: a publication, a visit to a page, the day a figure was valid.
PastDate = Annotated[dt.date, Cell("date", not_future=True), _pydantic(_chain(read_date, read_not_future)),
                     PlainSerializer(lambda d: d.isoformat(), return_type=str)]
PastPartialDate = Annotated[str, Cell("partial_date", not_future=True), _pydantic(_chain(read_partial_date, read_not_future))]
DateTime = Annotated[str, Cell("datetime"), _pydantic(read_datetime)]
Flag = Annotated[bool, Cell("bool"), _pydantic(read_bool)]
Text = Annotated[str, Cell("text"), _pydantic(read_text)]
Slug = Annotated[str, Cell("slug"), _pydantic(read_slug)]
Url = Annotated[str, Cell("url"), _pydantic(read_url)]
