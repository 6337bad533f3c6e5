"""What the store hands out about a version: plain frozen records, a leaf module that imports nothing of the store."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True)
class VersionMeta:
    """What is known about one published version, without its rows."""

    dataset: str
    version: int
    based_on: int | None  # the version the publisher started from; None for version 1
    sha256: str  # of the canonical CSV bytes
    author: str
    note: str
    created_at: datetime  # UTC, timezone-aware
    row_count: int

    def as_dict(self) -> dict:
        """The metadata as JSON-ready values (created_at as ISO 8601 with +00:00)."""
        meta = {f.name: getattr(self, f.name) for f in fields(VersionMeta)}
        return {**meta, "created_at": self.created_at.isoformat()}


@dataclass(frozen=True)
class VersionRecord(VersionMeta):
    """A version with its rows, as canonical CSV bytes (read them with schemas.io.read_dataset_csv)."""

    csv_bytes: bytes
