"""Errors the store raises for people: each message says what happened and what to do next."""
from __future__ import annotations

from typing import TYPE_CHECKING

from schemas.registry import UnknownDataset  # noqa: F401 - re-exported: one error for an unknown name
from store.versions import VersionMeta

if TYPE_CHECKING:
    from schemas.validate import ValidationReport


class StoreError(Exception):
    """Base of every expected store failure; str(error) is written for a maintainer."""


class StoreUnavailable(StoreError):
    """The database cannot be reached (server down, wrong URL, file not writable, locked too long)."""


class UnsupportedDatabase(StoreError):
    """DATABASE_URL names no database this store runs on: a setting to correct, not an outage."""


class StoreTimeout(StoreUnavailable):
    """The database did not answer in time (a lock or statement timeout, or the connection went silent).

    The message says whether anything was published: nothing, unless the answer to COMMIT itself was lost.
    """


class UnknownVersion(StoreError):
    def __init__(self, dataset: str, version: int | None, latest: int):
        self.dataset, self.version, self.latest = dataset, version, latest
        if latest == 0:
            message = f"Dataset '{dataset}' has no published version yet."
        else:
            message = f"Dataset '{dataset}' has no version {version}; versions run from 1 to {latest}."
        super().__init__(message)


class InvalidUpload(StoreError):
    """The file failed validation; `report` holds every problem with its line and column. Nothing was written."""

    def __init__(self, dataset: str, report: ValidationReport):
        self.dataset, self.report = dataset, report
        count = len(report.errors)
        super().__init__(
            f"The file for '{dataset}' was refused: {count} problem{'s' if count != 1 else ''} found; "
            "nothing was published. Fix them and upload again."
        )


class SourcesStillCited(StoreError):
    """A new sources file drops source_ids that current datasets still cite. Nothing was written."""

    def __init__(self, dropped: set[str], citations: dict[str, list[int]]):
        self.dropped, self.citations = dropped, citations  # citations: dataset -> lines citing a dropped source
        where = "; ".join(f"{name} lines {', '.join(map(str, lines))}" for name, lines in citations.items())
        super().__init__(
            f"The new sources file drops {', '.join(sorted(dropped))}, still cited by the published data ({where}); "
            "nothing was published. Keep those sources, or first publish those datasets without the rows that cite them."
        )


class StaleBase(StoreError):
    """Another publish landed since the maintainer's starting version: refuse rather than lose it."""

    def __init__(self, dataset: str, base_version: int, latest: VersionMeta | None):
        self.dataset, self.base_version, self.latest = dataset, base_version, latest
        if latest is None or latest.version < base_version:
            have = latest.version if latest else 0
            message = (
                f"You started from version {base_version} of '{dataset}', but the latest version is {have}; "
                "reload and re-apply your change."
            )
        else:
            when = latest.created_at.strftime("%Y-%m-%d %H:%M UTC")
            message = (
                f"Version {latest.version} of '{dataset}' was published by {latest.author} at {when} "
                f"since you started from version {base_version}; reload and re-apply your change."
            )
        super().__init__(message)
