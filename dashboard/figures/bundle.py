"""The current data as one bundle: a typed frame per dataset and the version each came from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dashboard.figures.charts.base import DataVersion, SourceRef
from i18n import _
from schemas.io import read_dataset_csv
from schemas.registry import DATASETS, DATASETS_DIR, SOURCES, get_spec


@dataclass
class Bundle:
    """Every dataset at one version each: what a page or an export draws from (not a claim: see schemas.models.Claim)."""

    frames: dict[str, pd.DataFrame]
    versions: dict[str, DataVersion]

    def frame(self, dataset: str) -> pd.DataFrame:
        return self.frames[dataset]

    @property
    def sources(self) -> pd.DataFrame:
        return self.frames[SOURCES]

    @property
    def disputes(self) -> pd.DataFrame:
        return self.frames["disputes"]

    def source_refs(self, source_ids) -> list[SourceRef]:
        """The sources behind some claims, in first-cited order, each once."""
        table = self.sources.set_index("source_id", drop=False)
        return [SourceRef.from_row(table.loc[source_id]) for source_id in dict.fromkeys(source_ids) if source_id in table.index]

    def source_labels(self, source_ids: pd.Series) -> pd.Series:
        """For hover text: each id as its original publisher and title ('HRW, “Seven Years of Conflict…”'), not the id."""
        refs = {ref.source_id: ref for ref in self.source_refs(source_ids)}

        def name(sid: str) -> str:
            ref = refs.get(sid)
            if ref is None:
                return sid
            title = ref.cited_title if len(ref.cited_title) <= 60 else ref.cited_title[:58] + "…"
            # Translators: a source in a chart's hover text: its publisher and title (quote marks as your language writes them).
            return _("{publisher}, “{title}”").format(publisher=ref.cited_publisher, title=title)

        return source_ids.map(name)

    def versions_of(self, *datasets: str) -> list[DataVersion]:
        return [self.versions[d] for d in datasets if d in self.versions]

    def with_sources(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The rows plus the publisher, title, URL and grade of each row's source."""
        columns = ["source_id", "publisher", "title", "url", "published", "grade"]
        return rows.merge(self.sources[columns].rename(columns={"grade": "source_grade"}), on="source_id", how="left")


def claims_from_folder(folder: Path = DATASETS_DIR) -> Bundle:
    """The shipped CSVs as they are in the repository (version 0: not yet in a store)."""
    frames, versions = {}, {}
    stamp = datetime.fromtimestamp(max(p.stat().st_mtime for p in folder.glob("*.csv")), UTC).isoformat()
    for name, spec in DATASETS.items():
        frames[name] = read_dataset_csv((folder / spec.file_name).read_bytes(), spec)
        versions[name] = DataVersion(name, 0, stamp)
    return Bundle(frames, versions)


def read_version(store, dataset: str, version: int) -> tuple[pd.DataFrame, DataVersion]:
    record = store.read(dataset, version)
    created = record.created_at.isoformat() if hasattr(record.created_at, "isoformat") else str(record.created_at)
    return read_dataset_csv(record.csv_bytes, get_spec(dataset)), DataVersion(dataset, record.version, created)


def claims_from_store(store, versions: dict[str, int] | None = None) -> Bundle:
    versions = versions or store.current_versions()
    frames, meta = {}, {}
    for name in DATASETS:
        frames[name], meta[name] = read_version(store, name, versions[name])
    return Bundle(frames, meta)


def load_claims() -> Bundle:
    """The current version of every dataset from the default store (seeded from datasets/ on first use)."""
    from store import get_store  # lazily: opening the store is work an import should not do

    return claims_from_store(get_store())
