"""What a CSV cell of each kind must look like, as patterns and messages; schemas.cell_rules turns them into rules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic_core import PydanticCustomError

from i18n import N_, _, ngettext, number

# Rust regex (polars) syntax; each is also valid for Python's re.
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
# What Python's str.strip() trims, and so what a cell is trimmed of (polars' default strip lacks U+001C..U+001F).
# (tests/schemas/test_bounds.py holds it to the characters str.isspace() names.)
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
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
# The wording of each rule, "what is wrong" after "'column' " (schemas.cell_rules puts the two together), marked for
# the catalogs here and translated where a finding is written.


def column_message(column: str, problem: str) -> str:
    """A finding about one cell or row: the column's name, then what is wrong (already translated)."""
    # Translators: a problem of one cell or row. {column} is a column's name in the CSV header (keep it as it is, in its
    # quotes); {problem} is one of the messages that read "must be ...", "is ...", "contains ...". Reorder or add a
    # word (e.g. "Column '{column}': {problem}") if your language needs it.
    return _("'{column}' {problem}").format(column=column, problem=problem)


def did_you_mean(value: str | None) -> str | None:
    """The hint naming the allowed value, column or id closest to a wrong one (None when none is close)."""
    # Translators: {value} is an allowed value, a column name or a source id: keep it as it is, in its quotes.
    return _("did you mean '{value}'?").format(value=value) if value else None


def count_too_large() -> str:
    # Translators: after "'value_best' "; {digits} is the most digits a count may have (12).
    return ngettext("is too large: a count has at most {digits} digit (below one trillion)",
                    "is too large: a count has at most {digits} digits (below one trillion)",
                    COUNT_MAX_DIGITS).format(digits=number(COUNT_MAX_DIGITS))


def decimal_too_precise() -> str:
    # Translators: after "'value_best' "; {digits} is the most significant digits a decimal may have (15).
    return ngettext("has more than {digits} significant digit, more than the dashboard keeps exactly",
                    "has more than {digits} significant digits, more than the dashboard keeps exactly",
                    DECIMAL_MAX_DIGITS).format(digits=number(DECIMAL_MAX_DIGITS))


NUMBER_BOUND_HINT = N_("check the figure against its source: a typo or a pasted cell?")
CONTROL_MESSAGE = N_("contains an invisible control character (such as a bell, an escape code or a right-to-left override)")
CONTROL_HINT = N_("retype the text, or paste it as plain text")
FUTURE_MESSAGE = N_("is after today; a date of publication, access or validity cannot be in the future")
FUTURE_HINT = N_("check the year")


# The one wording of each kind's type error, for both paths (the readers below and the vectorised checks).
# Formats (YYYY-MM-DD, true, http://) and examples are what the cell must hold: they stay as they are.
KIND_MESSAGE = {
    "int": N_("must be a whole number written with digits only, e.g. 20000"),
    "decimal": N_("must be a number written with digits and an optional decimal point, e.g. 17.7"),
    "date": N_("must be a date written YYYY-MM-DD, e.g. 2023-09-24"),
    "partial_date": N_("must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    "datetime": N_("must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM+04:00"),
    "bool": N_("must be true or false"),
    "slug": N_("must use only lower-case letters, digits and _ (e.g. hrw_1993_report)"),
    "url": N_("must be a web address starting with http:// or https://, without spaces or invisible characters"),
}
NOT_A_DATE = N_("is not a real calendar date")
NEGATIVE_MESSAGE = N_("must be 0 or more")


def latest_today() -> str:
    """Today's date where it is latest on Earth (UTC+14), ISO: a date an uploader in any time zone calls today."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date().isoformat()


@dataclass(frozen=True)
class Cell:
    """Marks a model field with the kind of cell it is read from (schemas.rules reads it; cell_rules declares the kind's rules)."""

    kind: str  # int | decimal | date | partial_date | datetime | slug | url | bool | text
    not_future: bool = False  # a date that cannot lie after the day of upload (published, accessed, as_of)


def rule_error(code: str, message: str, column: str | None = None) -> PydanticCustomError:
    """A finding as pydantic carries it: the report's code as the error type, the wording as the message, and (for a
    row rule, which pydantic places on no column) the column in its context. Never code inside the text."""
    return PydanticCustomError(code, message, {"column": column} if column else None)
