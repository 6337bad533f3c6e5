"""Shipped datasets opened and saved by LibreOffice Calc the ways maintainers do, uploaded back: each gives its
documented outcome. Every value the spreadsheet changed is warned about (line, column, shipped value) and nothing
else is; case-only changes (false -> FALSE) are no change; a Windows-1252 file is refused with what it is; the
project's own downloads survive a round trip through the spreadsheet unchanged."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from libreoffice import (
    UTF8_COMMAS,
    UTF8_SEMICOLONS,
    WINDOWS_1252_SEMICOLONS,
    convert,
    convert_all,
    needs_libreoffice,
    saved_as_csv,
)

from dashboard.maintain.changes import compare
from dashboard.maintain.damage import find_damage
from schemas.io import read_text_csv, spreadsheet_csv_bytes, spreadsheet_xlsx_bytes
from schemas.registry import DATASETS, DATASETS_DIR, get_spec
from schemas.validate import validate_csv

pytestmark = needs_libreoffice

# Datasets whose ids (1.10), periods (Apr 2016) and notes (N°187) a spreadsheet damages.
DAMAGED = ("casualties", "displacement", "exodus_figures")
SAVES = {  # how the file is saved -> (import filter, save as)
    "csv-commas": (UTF8_COMMAS, saved_as_csv(UTF8_COMMAS)),
    "csv-semicolons": (UTF8_COMMAS, saved_as_csv(UTF8_SEMICOLONS)),
    "xlsx": (UTF8_COMMAS, "xlsx"),
    "ods": (UTF8_COMMAS, "ods"),
    "opened-as-windows-1252": (None, saved_as_csv(UTF8_COMMAS)),  # LibreOffice's own guess of the encoding
}


@pytest.fixture(scope="session")
def saved(tmp_path_factory):
    """saved(dataset, how): the file LibreOffice saved. Each way of saving is done for every dataset that CASES
    saves that way in one LibreOffice run, the first time one of them is asked for (a run takes about a second)."""
    root = tmp_path_factory.mktemp("libreoffice")
    files: dict[tuple[str, str], Path] = {}

    def get(name: str, how: str) -> Path:
        if (name, how) not in files:
            names = [n for n, h in CASES if h == how] or [name]
            sources = []
            for each in names:
                source = root / "shipped" / f"{each}.csv"
                source.parent.mkdir(exist_ok=True)
                shutil.copy(DATASETS_DIR / f"{each}.csv", source)
                sources.append(source)
            opened_as, to = SAVES[how]
            files.update({(each, how): path for each, path in zip(names, convert_all(sources, root / how, to, opened_as=opened_as))})
        return files[name, how]
    return get


# Every dataset the two common ways (CSV with commas, XLSX); the three that a spreadsheet damages most, every way.
CASES = [(name, how) for name in DATASETS for how in ("csv-commas", "xlsx")] + [
    (name, how) for name in DAMAGED for how in SAVES if how not in ("csv-commas", "xlsx")]


def review(path: Path, name: str):
    """The Maintain page's review without a store: the report, the changes against the shipped file, the warnings."""
    spec = get_spec(name)
    report = validate_csv(path.read_bytes(), name)
    assert report.ok, report.to_text()
    shipped = read_text_csv((DATASETS_DIR / f"{name}.csv").read_bytes(), spec)
    changes = compare(shipped, report.frame, spec.key_columns, report.lines)
    return report, shipped, changes, find_damage(changes.changed, changes.added, spec)


@pytest.mark.parametrize(("name", "how"), CASES)
def test_every_value_the_spreadsheet_changed_is_warned_about_and_nothing_else(saved, name, how):
    report, shipped, changes, warnings = review(saved(name, how), name)

    assert report.rows == len(shipped)
    assert changes.added.empty and changes.removed.empty  # damage in a key still pairs the row with its original
    changed = set(changes.changed[["line", "column"]].itertuples(index=False, name=None))
    assert {(w.line, w.column) for w in warnings} == changed
    by_line = {line: row for line, row in zip(range(2, len(shipped) + 2), shipped.to_dict("records"))}
    assert all(w.before == by_line[w.line][w.column] for w in warnings)  # lines are the file's, values the shipped ones
    has_letters_beyond_ascii = any(not str(v).isascii() for v in shipped.to_numpy().ravel())
    assert ("double-encoded" in {w.code for w in warnings}) == (how == "opened-as-windows-1252" and has_letters_beyond_ascii)


@pytest.mark.parametrize("how", list(SAVES))
def test_each_way_of_saving_damages_casualties_so_the_test_above_shows_something(saved, how):
    _, _, changes, warnings = review(saved("casualties", how), "casualties")
    assert len(changes.changed) >= 11 and "lost-trailing-zero" in {w.code for w in warnings}  # its eleven ids like 1.10


@pytest.mark.parametrize("how", ["csv-commas", "xlsx"])
def test_case_only_changes_of_flags_are_no_change(saved, how):
    data = saved("casualties", how).read_bytes()
    assert b"FALSE" in data or how == "xlsx"  # LibreOffice writes the flags in capitals (XLSX holds them as text)
    _, _, changes, _ = review(saved("casualties", how), "casualties")
    assert "interim" not in set(changes.changed["column"])


def test_the_report_says_how_the_file_was_read(saved):
    assert "Read as semicolon-separated" in " ".join(validate_csv(saved("casualties", "csv-semicolons").read_bytes(), "casualties").notes)
    for kind in ("xlsx", "ods"):
        [note] = validate_csv(saved("casualties", kind).read_bytes(), "casualties").notes
        assert note == f"Read sheet 'casualties' of the {kind.upper()} workbook, the sheet named after the dataset"


def test_a_windows_1252_file_is_refused_saying_both_what_it_is_and_that_semicolons_are_fine(tmp_path):
    source = tmp_path / "casualties.csv"
    shutil.copy(DATASETS_DIR / "casualties.csv", source)
    file = convert(source, tmp_path / "1252", saved_as_csv(WINDOWS_1252_SEMICOLONS), opened_as=UTF8_COMMAS)
    report = validate_csv(file.read_bytes(), "casualties")
    assert [e.code for e in report.errors] == ["encoding-error"]
    message = report.errors[0].message
    assert "not UTF-8" in message and "separated by semicolons, which is accepted" in message and "CSV UTF-8" in message


@pytest.mark.parametrize(("name", "saved_as"), [(name, "xlsx") for name in DATASETS] + [
    (name, saved_as) for name in DAMAGED for saved_as in ("ods", "csv")])
def test_the_xlsx_download_survives_a_round_trip_through_the_spreadsheet(tmp_path, name, saved_as):
    """Downloaded as XLSX (ids and periods as Text), opened and saved by LibreOffice: uploaded back, no change."""
    spec = get_spec(name)
    download = tmp_path / f"{name}.xlsx"
    download.write_bytes(spreadsheet_xlsx_bytes((DATASETS_DIR / f"{name}.csv").read_bytes(), spec))
    to = saved_as_csv(UTF8_COMMAS) if saved_as == "csv" else saved_as
    file = convert(download, tmp_path / "saved", to)
    _, _, changes, warnings = review(file, name)
    assert changes.empty and warnings == [], changes.changed.head(5).to_dict("records")


def test_a_csv_download_opened_without_choosing_utf8_is_caught_mark_and_text(tmp_path):
    """The download's byte-order mark makes Excel read it as UTF-8; LibreOffice, left to guess (as headless it
    does), reads it as Windows-1252 and saves the mark back as the text 'ï»¿'. The report says so and skips it,
    and every garbled cell is a warning with its repaired text."""
    download = tmp_path / "casualties.csv"
    download.write_bytes(spreadsheet_csv_bytes((DATASETS_DIR / "casualties.csv").read_bytes()))
    file = convert(download, tmp_path / "saved", saved_as_csv(UTF8_COMMAS))
    report, shipped, changes, warnings = review(file, "casualties")
    assert any("ï»¿" in note and "Windows-1252" in note for note in report.notes)
    garbled = changes.changed[changes.changed["column"] == "note"]
    assert len(garbled) == sum(not v.isascii() for v in shipped["note"])
    assert {(w.line, w.code) for w in warnings if w.column == "note"} == {(line, "double-encoded") for line in garbled["line"]}
    assert all(w.suggested == w.before for w in warnings if w.code == "double-encoded")  # ftfy's repair is the shipped text
