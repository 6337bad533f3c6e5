"""Shared test data for schemas/: one minimal valid row per dataset, and helpers that write rows as CSV bytes."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from schemas.registry import DATASETS

FIXTURES = Path(__file__).parent / "fixtures"

# The sources every valid row below cites; pass it as validate_csv(..., source_ids=SOURCE_IDS).
SOURCE_IDS = {"hrw_1994_report", "armenpress_2023_09_26", "unhcr_2023_update"}

# One minimal valid row per dataset: only what the model requires (a claim also needs value_best).
# Every other column of the dataset is written empty.
VALID_ROWS: dict[str, dict[str, str]] = {
    "sources": {
        "source_id": "hrw_1994_report",
        "publisher": "Human Rights Watch",
        "title": "Seven Years of Conflict in Nagorno-Karabakh",
        "url": "https://www.hrw.org/reports/1994/azerbaijan/",
        "accessed": "2024-05-01",
        "kind": "ngo",
        "party": "independent",
        "grade": "primary",
    },
    "casualties": {
        "conflict": "first_war",
        "side": "armenian",
        "category": "military",
        "outcome": "killed",
        "period": "1988-1994",
        "value_best": "6000",
        "claimed_by": "Test claimant",
        "claimant_party": "armenia",
        "source_id": "hrw_1994_report",
    },
    "displacement": {
        "conflict": "offensive_2023",
        "group": "karabakh_armenians",
        "status": "refugee",
        "value_best": "100000",
        "claimed_by": "Test claimant",
        "claimant_party": "international",
        "source_id": "unhcr_2023_update",
    },
    "population": {
        "reference_point": "census_1989",
        "group": "all",
        "value_best": "189085",
        "claimed_by": "Test claimant",
        "claimant_party": "independent",
        "source_id": "hrw_1994_report",
    },
    "peacekeepers": {
        "measure": "personnel",
        "basis": "agreed",
        "value_best": "1960",
        "claimed_by": "Test claimant",
        "claimant_party": "russia",
        "source_id": "hrw_1994_report",
    },
    "blockade_events": {
        "date": "2022-12-12",
        "event_type": "road_closure",
        "description": "The road was closed, according to the test claimant.",
        "claimed_by": "Test claimant",
        "claimant_party": "nagorno_karabakh_authorities",
        "source_id": "armenpress_2023_09_26",
    },
    "blockade_supplies": {
        "topic": "supplies",
        "commodity": "goods",
        "metric": "tonnes_per_day",
        "unit": "tonnes per day",
        "period": "before_blockade",
        "value_best": "400.5",
        "claimed_by": "Test claimant",
        "claimant_party": "armenia",
        "source_id": "armenpress_2023_09_26",
    },
    "refugee_arrivals_2023": {
        "reported_at": "2023-09-26T08:00+04:00",
        "value_best": "6650",
        "claimed_by": "Test claimant",
        "claimant_party": "armenia",
        "source_id": "armenpress_2023_09_26",
    },
    "exodus_figures": {
        "topic": "demographic",
        "category": "children",
        "unit": "percent",
        "value_best": "30.5",
        "claimed_by": "Test claimant",
        "claimant_party": "armenia",
        "source_id": "unhcr_2023_update",
    },
    "episodes": {
        "conflict": "blockade",
        "start_date": "2022-12-12",
        "end_date": "2023-09-19",
        "description": "The Lachin corridor was blocked, according to the test claimant.",
        "claimed_by": "Test claimant",
        "claimant_party": "international",
        "source_id": "hrw_1994_report",
    },
    "disputes": {
        "dispute_id": "first_war_military_deaths",
        "dataset": "casualties",
        "subject": "conflict=first_war; side=armenian",
        "summary": "Sources differ on the number.",
        "positions": "A: 6000; B: 11000",
        "source_ids": "hrw_1994_report;unhcr_2023_update",
    },
}


def full_row(dataset: str, /, **changes: str) -> dict[str, str]:
    """The dataset's minimal valid row with every column present (empty unless set), changed as asked."""
    row = {column: "" for column in DATASETS[dataset].columns}
    row.update(VALID_ROWS[dataset])
    unknown = set(changes) - set(row)
    assert not unknown, f"{dataset} has no column(s) {sorted(unknown)}"
    row.update(changes)
    return row


def to_csv(dataset: str, rows: list[dict[str, str]], columns: list[str] | None = None, newline: str = "\n") -> bytes:
    """Rows as UTF-8 CSV bytes, header first, in the dataset's column order unless `columns` says otherwise."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns or DATASETS[dataset].columns, lineterminator=newline, extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="session")
def valid_rows() -> dict[str, dict[str, str]]:
    return VALID_ROWS


@pytest.fixture(scope="session")
def make_row():
    """make_row(dataset, column=value, ...): a valid row of the dataset with those cells changed."""
    return full_row


@pytest.fixture(scope="session")
def make_csv():
    """make_csv(dataset, rows, columns=None, newline="\\n"): the rows as CSV bytes with a header."""
    return to_csv


@pytest.fixture(scope="session")
def fixture_bytes():
    """fixture_bytes(name): the bytes of tests/schemas/fixtures/<name>."""
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture(scope="session")
def source_ids() -> set[str]:
    return SOURCE_IDS


@pytest.fixture
def datasets_folder(tmp_path: Path) -> Path:
    """A folder named datasets/ holding one valid file per dataset, sources.csv listing every cited source."""
    folder = tmp_path / "datasets"
    folder.mkdir()
    sources = [full_row("sources", source_id=source_id) for source_id in sorted(SOURCE_IDS)]
    (folder / "sources.csv").write_bytes(to_csv("sources", sources))
    for name in DATASETS:
        if name != "sources":
            (folder / f"{name}.csv").write_bytes(to_csv(name, [full_row(name)]))
    return folder


@pytest.fixture(autouse=True, params=["polars read", "csv-module read"])
def validator_paths(request, monkeypatch):
    """Run every schema test twice: as is (polars reads a well-formed file), and with every file read the exact way
    (Python's csv module, which the reader keeps for malformed files), so the two reads are proven to give exactly
    the same report on every case these tests know."""
    if request.param == "csv-module read":
        from schemas import reader

        def not_well_formed(*args):
            raise reader.NotWellFormed("every file the exact way")
            yield

        monkeypatch.setattr(reader, "_polars_blocks", not_well_formed)
    return request.param
