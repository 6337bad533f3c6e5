"""Errors the store raises for people: each message says what happened and what to do next, in the language active
when it is raised (the maintainer's page)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from i18n import _, ngettext
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
            # Translators: {dataset} is a dataset's name.
            message = _("Dataset '{dataset}' has no published version yet.").format(dataset=dataset)
        else:
            # Translators: {dataset} is a dataset's name; {version} and {latest} are version numbers.
            message = _("Dataset '{dataset}' has no version {version}; versions run from 1 to {latest}.").format(
                dataset=dataset, version=version, latest=latest)
        super().__init__(message)


class InvalidUpload(StoreError):
    """The file failed validation; `report` holds every problem with its line and column. Nothing was written."""

    def __init__(self, dataset: str, report: ValidationReport):
        self.dataset, self.report = dataset, report
        count = len(report.errors)
        # Translators: {dataset} is a dataset's name; {count} the number of problems found.
        message = ngettext("The file for '{dataset}' was refused: {count} problem found; nothing was published. Fix them "
                           "and upload again.",
                           "The file for '{dataset}' was refused: {count} problems found; nothing was published. Fix them "
                           "and upload again.", count)
        super().__init__(message.format(dataset=dataset, count=count))


class SourcesStillCited(StoreError):
    """A new sources file drops source_ids that current datasets still cite. Nothing was written."""

    def __init__(self, dropped: set[str], citations: dict[str, list[int]]):
        self.dropped, self.citations = dropped, citations  # citations: dataset -> lines citing a dropped source
        where = "; ".join(_lines_of(name, lines) for name, lines in citations.items())
        # Translators: {sources} lists source ids; {where} lists datasets and the lines of them that cite those ids.
        message = _("The new sources file drops {sources}, still cited by the published data ({where}); nothing was "
                    "published. Keep those sources, or first publish those datasets without the rows that cite them.")
        super().__init__(message.format(sources=", ".join(sorted(dropped)), where=where))


def _lines_of(dataset: str, lines: list[int]) -> str:
    # Translators: {dataset} is a dataset's name, {lines} lists line numbers of its file (the plural form follows
    # how many there are).
    return ngettext("{dataset} lines {lines}", "{dataset} lines {lines}", len(lines)).format(
        dataset=dataset, lines=", ".join(map(str, lines)))


class StaleBase(StoreError):
    """Another publish landed since the maintainer's starting version: refuse rather than lose it."""

    def __init__(self, dataset: str, base_version: int, latest: VersionMeta | None):
        self.dataset, self.base_version, self.latest = dataset, base_version, latest
        if latest is None or latest.version < base_version:
            have = latest.version if latest else 0
            # Translators: {base} and {latest} are version numbers, {dataset} a dataset's name.
            message = _("You started from version {base} of '{dataset}', but the latest version is {latest}; reload and "
                        "re-apply your change.").format(base=base_version, dataset=dataset, latest=have)
        else:
            when = latest.created_at.strftime("%Y-%m-%d %H:%M UTC")  # ISO: a time every language reads the same
            # Translators: {version} and {base} are version numbers, {dataset} a dataset's name, {author} the
            # maintainer who published, {when} a time written 2024-05-01 14:30 UTC.
            message = _("Version {version} of '{dataset}' was published by {author} at {when} since you started from "
                        "version {base}; reload and re-apply your change.").format(
                version=latest.version, dataset=dataset, author=latest.author, when=when, base=base_version)
        super().__init__(message)
