"""Spreadsheet damage: values a spreadsheet program changed on opening and saving a file, which are still valid
and so pass the validator, but are not what the maintainer meant. Each is a warning the maintainer must read
before publishing; damage that makes a value invalid is the validator's error instead.

Declared once, in DAMAGE: a check of a changed cell against the version the upload is based on ('1.10' saved as
'1.1'), and where the new value alone gives it away, a check of a cell in an added row ('04/01/16' in a text column).
Mojibake (text decoded as Windows-1252 and saved as UTF-8: 'N°187' as 'NÂ°187') is found by ftfy.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import ftfy
import pandas as pd
from ftfy.badness import is_bad

from i18n import N_, _
from schemas.registry import DatasetSpec
from schemas.rules import NUMBER_KINDS, column_rules  # in a number column '1.50' -> '1.5' is no damage

# What Excel and LibreOffice write for a text they took for a date: 04/01/16, 1.4.2016, 2-Jan, Jan-02.
MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
SPREADSHEET_DATE = re.compile(rf"\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}-{MONTH}(?:-\d{{2,4}})?|{MONTH}-\d{{2,4}}", re.IGNORECASE)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SCIENTIFIC = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d+")
# The problems and fixes are the project's words (N_: translated where shown, by SpreadsheetWarning and the page).
TEXT_AS_TEXT = N_("Type the value again in a cell formatted as Text (or with an apostrophe before it); "
                  "when opening a CSV in LibreOffice, set the column's type to Text in the import dialog")
# TEXT_AS_TEXT and one more step, written whole so it is one message to translate.
TEXT_AS_TEXT_NOT_SPECIAL = N_("Type the value again in a cell formatted as Text (or with an apostrophe before it); "
                              "when opening a CSV in LibreOffice, set the column's type to Text in the import dialog; "
                              "in LibreOffice also untick 'Detect special numbers'")
# The warnings table's headers a person reads; as_row keeps the machine keys, the page renames at display.
WARNING_LABELS = {
    # Translators: header of the warnings table: the upload's spreadsheet line number
    "line": N_("line"),
    # Translators: header of the warnings table: the name of the dataset column (not a verb)
    "column": N_("column"),
    # Translators: header of the warnings table: the cell's value in the current version
    "before": N_("before"),
    # Translators: header of the warnings table: the cell's value in the uploaded file
    "after": N_("after"),
    # Translators: header of the warnings table: the value to type back into the cell
    "suggested": N_("suggested"),
    "problem": N_("problem"),
    # Translators: header of the warnings table: a machine code such as lost-trailing-zero
    "code": N_("code"),
}


@dataclass(frozen=True)
class Damage:
    code: str
    problem: str  # N_-marked English: _(problem) where shown
    fix: str  # what to do, the same for every cell of this kind (N_-marked, like problem)
    changed: Callable[[str, str], bool]  # (before, after) of one cell: did a spreadsheet do this?
    alone: Callable[[str], bool] | None = None  # a cell with no before (an added row): does it show the damage?
    candidates: re.Pattern | None = None  # a regex that every cell `alone` flags contains: a column is searched at once, not cell by cell
    numbers_too: bool = False  # also in count and decimal columns


def _lost_trailing_zero(before: str, after: str) -> bool:
    return re.fullmatch(r"-?\d+\.\d*0", before) is not None and after == before.rstrip("0").rstrip(".")


def _lost_leading_zero(before: str, after: str) -> bool:
    return re.fullmatch(r"0+\d+(\.\d+)?", before) is not None and after == before.lstrip("0")


def _became_date(before: str, after: str) -> bool:
    """A month or year given a first day; a text saved in a spreadsheet's date form; or, from a workbook's date
    cell (read as YYYY-MM-DD), a text that holds no date in that form ('Oct 2023' -> '2023-10-01')."""
    month_or_year = re.fullmatch(r"\d{4}(-\d{2})?", before) is not None
    gained_day = month_or_year and after == (f"{before}-01" if len(before) == 7 else f"{before}-01-01")
    shaped = SPREADSHEET_DATE.fullmatch(after) is not None and SPREADSHEET_DATE.fullmatch(before) is None
    from_date_cell = (ISO_DAY.fullmatch(after) is not None and ISO_DAY.search(before) is None and bool(before)
                      and not month_or_year)  # '2020-10' made '2020-10-14' is an edit; '...-01' is caught above
    return gained_day or shaped or from_date_cell


def _became_scientific(before: str, after: str) -> bool:
    return SCIENTIFIC.fullmatch(after) is not None and SCIENTIFIC.fullmatch(before) is None


def _double_encoded(text: str) -> bool:
    return not text.isascii() and is_bad(text) and ftfy.fix_encoding(text) != text


DAMAGE = (
    Damage("lost-trailing-zero", N_("A spreadsheet read this id as a number and dropped its trailing zero"),
           TEXT_AS_TEXT, _lost_trailing_zero),
    Damage("lost-leading-zero", N_("A spreadsheet read this code as a number and dropped its leading zero"),
           TEXT_AS_TEXT, _lost_leading_zero),
    Damage("became-date", N_("A spreadsheet turned this text into a date"), TEXT_AS_TEXT_NOT_SPECIAL, _became_date,
           alone=lambda after: SPREADSHEET_DATE.fullmatch(after) is not None, candidates=re.compile(rf"^(?:{SPREADSHEET_DATE.pattern})$", re.I)),
    Damage("became-scientific", N_("A spreadsheet wrote this number in scientific notation"),
           N_("Format the column as Number with no decimals, or as Text, and type the full number"), _became_scientific,
           alone=lambda after: SCIENTIFIC.fullmatch(after) is not None, candidates=re.compile(rf"^(?:{SCIENTIFIC.pattern})$"),
           numbers_too=True),
    Damage("double-encoded", N_("The text was read in the wrong encoding and saved again (mojibake)"),
           N_("Open the original file as UTF-8 (LibreOffice: Character set 'Unicode (UTF-8)'; Excel: Data > From "
              "Text/CSV, File origin 'Unicode (UTF-8)'), or type the suggested text"),
           lambda before, after: after != before and _double_encoded(after) and not _double_encoded(before),
           alone=_double_encoded, candidates=re.compile(r"[^\x00-\x7f]"), numbers_too=True),
)
BY_CODE = {d.code: d for d in DAMAGE}


@dataclass(frozen=True)
class SpreadsheetWarning:
    line: int
    column: str
    before: str  # "" for a cell of an added row
    after: str
    code: str

    @property
    def problem(self) -> str:
        """What happened to the cell, in the reader's language."""
        return _(BY_CODE[self.code].problem)

    @property
    def fix(self) -> str:
        """What to do, in the reader's language."""
        return _(BY_CODE[self.code].fix)

    @property
    def suggested(self) -> str:
        """The value to type back: the text ftfy repairs for mojibake, else the value before (none for a new row)."""
        return ftfy.fix_encoding(self.after) if self.code == "double-encoded" else self.before

    def as_row(self) -> dict[str, object]:
        """One row of the page's table, left to right; the fix is said once per kind, below the table. The keys are
        machine names: rename them with warning_labels() where the table is shown."""
        return {"line": self.line, "column": self.column, "before": self.before, "after": self.after,
                "suggested": self.suggested, "problem": self.problem, "code": self.code}


def warning_labels() -> dict[str, str]:
    """{as_row key: its header in the reader's language}, for DataFrame.rename(columns=...) where the table is shown."""
    return {key: _(label) for key, label in WARNING_LABELS.items()}


def damaged(before: str, after: str) -> bool:
    """Could a spreadsheet have turned `before` into `after` (in a text column)? Pairs key-damaged rows."""
    return any(d.changed(before, after) for d in DAMAGE)


def find_damage(changed: pd.DataFrame, added: pd.DataFrame, spec: DatasetSpec) -> list[SpreadsheetWarning]:
    """Warnings for changed cells (line, column, before, after) and for cells of added rows (line + columns)."""
    kinds = {name: rule.kind for name, rule in column_rules(spec.model).items()}
    found = []
    for line, column, before, after in changed[["line", "column", "before", "after"]].itertuples(index=False, name=None):
        for d in DAMAGE:
            if (d.numbers_too or kinds[column] not in NUMBER_KINDS) and d.changed(before, after):
                found.append(SpreadsheetWarning(int(line), column, before, after, d.code))
                break
    for column in spec.columns:
        if added.empty:
            break
        values = added[column].astype(str)
        for d in DAMAGE:
            if d.alone is None or not (d.numbers_too or kinds[column] not in NUMBER_KINDS):
                continue
            suspect = values.str.contains(d.candidates)
            hits = [(line, value) for line, value in zip(added.loc[suspect, "line"], values[suspect]) if d.alone(value)]
            found.extend(SpreadsheetWarning(int(line), column, "", value, d.code) for line, value in hits)
    return sorted(found, key=lambda w: (w.line, w.column))
