"""The dataset registry: name -> model, file, keys, title. Column lists are derived from the models, never written here."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel

from i18n import N_, _

from . import models

DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"
SOURCES = "sources"
# Columns the dashboard's CSV downloads add beside a dataset's own: each row's source, named, and the citation of
# the download. A downloaded file uploaded back is read without them (the store keeps sources in their own dataset).
# The descriptions are marked for the catalogs (N_): shown translated, written in English to a descriptor.
DOWNLOAD_COLUMNS = {
    "source_publisher": N_("Publisher of the row's source: the original publication's where the figure was read in a copy"),
    "source_title": N_("Title of the row's source: the original publication's where known"),
    "source_original_url": N_("Web address of the original publication, where the figure was read in a copy"),
    "source_url": N_("Web address the figure was read at"),
    "source_published": N_("When the row's source was published: the original's date where known"),
    "source_grade": N_("The source's grade (primary, report, compilation or copy), see the sources dataset"),
    "citation": N_("How to cite this download: the dataset or chart, the dashboard, the data versions and the date"),
}
CITATION = "citation"  # the download's citation, on every row


@dataclass(frozen=True)
class DatasetSpec:
    """`title` and the models' labels, descriptions and units are English, marked for the catalogs where they are
    declared (N_): a page shows them with _(), the Data Package descriptor as they are."""

    name: str
    title: str
    model: type[BaseModel]
    key_columns: tuple[str, ...]  # unique per row (a repeat is a primary-key error)
    subject_columns: tuple[str, ...] = ()  # claims sharing these values are compared for disputes
    value_unit: str = ""  # unit of value_* for claim datasets with no unit column (RefugeeArrival's model says its own)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @cached_property
    def columns(self) -> list[str]:
        """Canonical column order: ref_id, the dataset's own columns, then the shared claim columns."""
        fields = list(self.model.model_fields)
        if not issubclass(self.model, models.Claim):
            return fields
        inherited = [f for f in models.Claim.model_fields if f in fields and f != "ref_id"]
        own = [f for f in fields if f not in inherited and f != "ref_id"]
        return (["ref_id"] if "ref_id" in fields else []) + own + inherited

    def label(self, column: str) -> str:
        extra = self.model.model_fields[column].json_schema_extra or {}
        return str(extra.get("label", column))

    def unit(self, column: str) -> str:
        """The column's unit: the model's, else value_unit for value_low/value_best/value_high."""
        extra = self.model.model_fields[column].json_schema_extra or {}
        return str(extra.get("unit", "")) or (self.value_unit if column.startswith("value_") else "")

    @property
    def axis_title(self) -> str:
        """The value axis of a chart of this dataset: its unit in the active language, capitalised ('People')."""
        unit = self.unit("value_best")
        unit = _(unit) if unit else unit
        return unit[:1].upper() + unit[1:]

    @property
    def dispute_columns(self) -> tuple[str, ...]:
        """What a dispute's subject may name: the subject columns, or the key where claims have no subject."""
        return self.subject_columns or self.key_columns



_CLAIM_ID = ("claimed_by", "source_id")

DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in [
        DatasetSpec(SOURCES, N_("Sources"), models.Source, key_columns=("source_id",)),
        DatasetSpec(
            "casualties",
            N_("Deaths, missing and wounded"),
            models.Casualty,
            key_columns=("conflict", "side", "category", "outcome", "as_of", *_CLAIM_ID),
            subject_columns=("conflict", "side", "category", "outcome"),
            value_unit=N_("people"),
        ),
        DatasetSpec(
            "displacement",
            N_("People displaced"),
            models.Displacement,
            key_columns=("conflict", "group", "status", "as_of", *_CLAIM_ID),
            subject_columns=("conflict", "group", "status"),
            value_unit=N_("people"),
        ),
        DatasetSpec(
            "population",
            N_("Population of Nagorno-Karabakh"),
            models.Population,
            key_columns=("reference_point", "group", "as_of", *_CLAIM_ID),
            subject_columns=("reference_point", "group"),
            value_unit=N_("people"),
        ),
        DatasetSpec(
            "peacekeepers",
            N_("Russian peacekeeping contingent"),
            models.Peacekeepers,
            key_columns=("measure", "basis", "as_of", *_CLAIM_ID),
            subject_columns=("measure", "basis"),
        ),
        DatasetSpec(
            "blockade_events",
            N_("Blockade events"),
            models.BlockadeEvent,
            key_columns=("date", "event_type", *_CLAIM_ID, "description"),
        ),
        DatasetSpec(
            "blockade_supplies",
            N_("Supplies, crossings and shortages during the blockade"),
            models.BlockadeSupply,
            key_columns=("topic", "commodity", "metric", "period", "as_of", *_CLAIM_ID),
            subject_columns=("topic", "commodity", "metric", "period", "as_of"),
        ),
        DatasetSpec(
            "refugee_arrivals_2023",
            N_("Arrivals in Armenia, September-October 2023 (cumulative)"),
            models.RefugeeArrival,
            key_columns=("reported_at", *_CLAIM_ID),
            subject_columns=("reported_at",),
        ),
        DatasetSpec(
            "exodus_figures",
            N_("The 2023 exodus: totals, demographics, provinces, response"),
            models.ExodusFigure,
            key_columns=("topic", "category", "unit", "as_of", *_CLAIM_ID),
            subject_columns=("topic", "category", "unit"),
        ),
        DatasetSpec(
            "episodes",
            N_("Episodes of the conflict, 1988-2023"),
            models.Episode,
            key_columns=("conflict", "start_date", *_CLAIM_ID),
            subject_columns=("conflict",),
        ),
        DatasetSpec("disputes", N_("Documented disputes"), models.Dispute, key_columns=("dispute_id",)),
    ]
}


# The columns that cite sources.csv, each with the separator of a cell that cites several (None: the whole cell).
SOURCE_REFERENCES: dict[str, str | None] = {"source_id": None, "source_ids": ";"}


def cited_ids(cell: object, separator: str | None) -> list[str]:
    """The source ids one cell cites, as the validator reads them: each part stripped, an empty part citing nothing."""
    text = "" if cell is None else str(cell)
    parts = [text] if separator is None else text.split(separator)
    return [part.strip() for part in parts if part.strip()]


class UnknownDataset(KeyError):
    """A dataset name the registry does not hold: the one error for it, from schemas and the store alike."""

    def __init__(self, dataset: str):
        super().__init__(dataset)
        self.dataset = dataset

    def __str__(self) -> str:
        close = difflib.get_close_matches(self.dataset, list(DATASETS), n=1)
        known = ", ".join(DATASETS)
        if close:
            # Translators: {dataset} is the name asked for, {close} a dataset's name, {known} lists the datasets' names.
            text = _("There is no dataset named '{dataset}'. Did you mean '{close}'? Known datasets: {known}.")
        else:
            # Translators: {dataset} is the name asked for, {known} lists the datasets' names.
            text = _("There is no dataset named '{dataset}'. Known datasets: {known}.")
        return text.format(dataset=self.dataset, close=close[0] if close else "", known=known)


def get_spec(name: str) -> DatasetSpec:
    try:
        return DATASETS[name]
    except KeyError:
        raise UnknownDataset(name) from None



# The Dispute model checks a subject against the subject columns of the dataset it names; the registry holds them.
models.Dispute.subject_columns_of = MappingProxyType({name: spec.dispute_columns for name, spec in DATASETS.items()
                                                       if name not in (SOURCES, "disputes")})
