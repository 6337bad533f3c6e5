"""HXL (Humanitarian Exchange Language) hashtags for every column, so HDX and libhxl read our files: one row of
hashtags under the header. The convention (docs/hxl.md) in short: a claim's number is tagged by what it counts
(#affected, #population, #indicator+num) with +best, +min and +max for value_best, value_low and value_high; what
kind of loss or status a row counts is its own column (#impact+type, #status+code), because in a table of one row
per claim the outcome is a value, not a column; who makes the claim is #org+name+claimant, the source #meta+source.

Declared once here; the export writes the row (hashtag_row) and the validator reads one back (mapped_columns).
"""
from __future__ import annotations

import re

from .registry import DOWNLOAD_COLUMNS, DatasetSpec

# Columns shared by datasets, tagged the same wherever they appear.
COMMON = {
    "ref_id": "#meta+ref", "source_id": "#meta+source+id", "note": "#description+notes",
    "conflict": "#crisis+code", "period": "#date+period", "as_of": "#date+reported", "date_basis": "#meta+date_basis",
    "qualifier": "#meta+qualifier", "claimed_by": "#org+name+claimant", "claimant_party": "#org+party+claimant",
    "interim": "#meta+interim", "reported_at": "#date+reported", "start_date": "#date+start", "end_date": "#date+end",
    "description": "#description", "topic": "#indicator+topic", "unit": "#indicator+unit",
}
# What each dataset's numbers count: value_best, value_low and value_high get this hashtag with +best, +min, +max.
COUNTS = {
    "casualties": "#affected", "displacement": "#affected+displaced", "population": "#population",
    "peacekeepers": "#indicator+num", "blockade_supplies": "#indicator+num", "refugee_arrivals_2023": "#affected+arrived",
    "exodus_figures": "#indicator+num",
}
BOUNDS = {"value_best": "best", "value_low": "min", "value_high": "max"}
OWN = {
    "sources": {"publisher": "#org+name+publisher", "title": "#meta+title", "url": "#meta+url", "published": "#date+published",
                "accessed": "#date+accessed", "kind": "#meta+kind", "party": "#org+party", "grade": "#meta+grade",
                "original_publisher": "#org+name+original+publisher", "original_title": "#meta+original+title",
                "original_published": "#date+original+published", "original_url": "#meta+original+url"},
    "casualties": {"side": "#group+side", "category": "#group+category", "outcome": "#impact+type"},
    "displacement": {"group": "#group+name", "origin": "#loc+origin", "destination": "#loc+destination", "status": "#status+code"},
    "population": {"reference_point": "#event+reference", "group": "#group+name"},
    "peacekeepers": {"measure": "#indicator+name", "basis": "#indicator+basis"},
    "blockade_events": {"date": "#date+event", "event_type": "#event+type", "date_note": "#meta+date_note"},
    "blockade_supplies": {"commodity": "#item+name", "metric": "#indicator+name"},
    "exodus_figures": {"category": "#indicator+category"},
    "disputes": {"dispute_id": "#meta+dispute+id", "dataset": "#meta+dataset", "subject": "#meta+subject",
                 "summary": "#description+summary", "positions": "#description+positions", "source_ids": "#meta+source+id+list"},
}
# The columns a download adds (schemas.registry.DOWNLOAD_COLUMNS; a test checks both name the same columns).
ADDED = {"source_publisher": "#meta+source+publisher", "source_title": "#meta+source+title",
         "source_original_url": "#meta+source+original+url", "source_url": "#meta+source+url",
         "source_published": "#date+published+source", "source_grade": "#meta+source+grade", "citation": "#meta+citation"}
# A chart ZIP's sources sheet, as HDX lists where each indicator comes from (dashboard/export/tables.sources_sheet).
SOURCES_SHEET = {"indicator": "#indicator+name", "date": "#date", "source": "#meta+source", "url": "#meta+url"}
# A hashtag and its attributes, as the HXL standard writes them: #tag+attribute+attribute, case and spaces aside.
HASHTAG = re.compile(r"\s*#[A-Za-z][A-Za-z0-9_]*(\s*\+\s*[A-Za-z][A-Za-z0-9_]*)*\s*")


def tag_of(column: str, dataset: str | None) -> str:
    """The hashtag of a column of `dataset` (None: a chart's rows, drawn from several); a column no declaration
    names (a chart's derived column) is #meta+<column>, so that every column of an export is tagged."""
    own = OWN.get(dataset or "", {})
    if column in own:
        return own[column]
    if column in BOUNDS and (dataset in COUNTS or dataset is None):
        return f"{COUNTS.get(dataset or '', '#indicator+num')}+{BOUNDS[column]}"
    return COMMON.get(column) or ADDED.get(column) or "#meta+" + re.sub(r"[^a-z0-9_]", "_", column.lower())


def hashtag_row(columns: list[str], dataset: str | None = None) -> list[str]:
    return [tag_of(column, dataset) for column in columns]


def normalised(tag: str) -> str:
    """A hashtag compared as HXL compares them: case-free, spaces dropped, attributes in any order."""
    name, *attributes = tag.replace(" ", "").lower().split("+")
    return "+".join([name, *sorted(attributes)])


def is_hashtag_row(cells: list[str], width: int | None = None) -> bool:
    """A row of hashtags, as libhxl finds it: every filled cell a hashtag. HXL lets cells be empty; here at least
    half of the header's `width` must be tagged, so a data row with one '#3' in it is not taken for one."""
    filled = [cell for cell in cells if cell.strip()]
    return len(filled) * 2 >= (width or 1) and bool(filled) and all(HASHTAG.fullmatch(cell) for cell in filled)


def mapped_columns(tags: list[str], spec: DatasetSpec) -> list[str | None]:
    """The dataset column each hashtag names (None where it names none of them)."""
    ours = {normalised(tag_of(column, spec.name)): column for column in [*spec.columns, *DOWNLOAD_COLUMNS]}
    return [ours.get(normalised(tag)) if tag.strip() else None for tag in tags]


def markdown_table() -> str:
    """The mapping as docs/hxl.md shows it (a test keeps the two the same)."""
    from .registry import DATASETS

    lines = ["| dataset | column | HXL hashtag |", "|---|---|---|"]
    for name, spec in DATASETS.items():
        lines += [f"| {name} | `{column}` | `{tag_of(column, name)}` |" for column in spec.columns]
    lines += [f"| (downloads) | `{column}` | `{tag}` |" for column, tag in ADDED.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
