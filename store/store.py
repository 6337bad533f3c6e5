"""Versions of every dataset in one database: publish adds a version, rollback re-publishes an old one.

Rows of `dataset_versions` are only ever inserted (no UPDATE or DELETE anywhere), so history only grows
and each publish is a single INSERT inside one transaction: a crash leaves the previous version whole.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError

from schemas.io import canonical_csv_bytes, read_dataset_csv
from schemas.registry import DATASETS, DATASETS_DIR, SOURCES, DatasetSpec
from schemas.report import Code
from schemas.validate import validate_csv
from store.database import create_tables, database_url, dataset_versions, make_engine
from store.errors import (
    InvalidUpload,
    SourcesStillCited,
    StaleBase,
    StoreUnavailable,
    UnknownDataset,
    UnknownVersion,
)

log = logging.getLogger(__name__)

SOURCE_ID = "source_id"  # the column of the sources registry that other datasets cite
SEED_AUTHOR = "seed"
SEED_NOTE = "shipped with the project"

_META_COLUMNS = [c for c in dataset_versions.c if c.name != "content"]


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


class Store:
    """The versioned dataset store on SQLite (default) or PostgreSQL (DATABASE_URL)."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self._safe_url = make_url(self.url).render_as_string(hide_password=True)
        with self._reachable():
            self.engine = make_engine(self.url)
            create_tables(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- reading -------------------------------------------------------------------------------

    def current_version(self, dataset: str) -> int:
        """The latest version number of a dataset; 0 while it has none."""
        _spec(dataset)
        with self._reachable(), self.engine.connect() as conn:
            return _latest_number(conn, dataset)

    def current_versions(self) -> dict[str, int]:
        """Latest version of every registered dataset (0 when none) in one query: cheap enough for every rerun."""
        query = select(dataset_versions.c.dataset, func.max(dataset_versions.c.version)).group_by(dataset_versions.c.dataset)
        with self._reachable(), self.engine.connect() as conn:
            found = dict(conn.execute(query).all())
        return {name: found.get(name, 0) for name in DATASETS}

    def read(self, dataset: str, version: int | None = None) -> VersionRecord:
        """One version with its CSV bytes; the current one when version is None."""
        _spec(dataset)
        with self._reachable(), self.engine.connect() as conn:
            number = _latest_number(conn, dataset) if version is None else version
            row = conn.execute(
                select(dataset_versions).where(dataset_versions.c.dataset == dataset, dataset_versions.c.version == number)
            ).one_or_none()
            if row is None:
                raise UnknownVersion(dataset, version, _latest_number(conn, dataset))
        meta = _meta(row)
        return VersionRecord(**meta.__dict__, csv_bytes=gzip.decompress(row.content))

    def history(self, dataset: str) -> list[VersionMeta]:
        """Every version of a dataset, newest first (without the rows)."""
        _spec(dataset)
        query = (
            select(*_META_COLUMNS)
            .where(dataset_versions.c.dataset == dataset)
            .order_by(dataset_versions.c.version.desc())
        )
        with self._reachable(), self.engine.connect() as conn:
            return [_meta(row) for row in conn.execute(query)]

    # --- writing -------------------------------------------------------------------------------

    def publish(self, dataset: str, csv_bytes: bytes, *, author: str, note: str, base_version: int) -> VersionMeta:
        """Validate an upload and store it as version base_version + 1.

        Raises InvalidUpload (with the report) or SourcesStillCited when the file is refused, StaleBase when
        another version was published since base_version. In every refusal nothing is written.
        """
        spec = _spec(dataset)
        with self._reachable():
            report = validate_csv(csv_bytes, dataset, source_ids=self._current_source_ids())
            if not report.ok:
                raise InvalidUpload(dataset, report)
            rows = report.frame
            if dataset == SOURCES:
                self._check_sources_still_cited(set(rows[SOURCE_ID]))
            canonical = canonical_csv_bytes(rows, spec)
            return self._insert(
                dataset,
                canonical,
                row_count=report.rows,
                author=author,
                note=note,
                base_version=base_version,
            )

    def rollback(
        self, dataset: str, version: int, *, author: str, note: str, base_version: int | None = None
    ) -> VersionMeta:
        """Publish an old version's rows again as a new version (checked against the current sources)."""
        old = self.read(dataset, version)
        if base_version is None:
            base_version = self.current_version(dataset)
        return self.publish(
            dataset, old.csv_bytes, author=author, note=f"Rollback to version {version}: {note}", base_version=base_version
        )

    def seed_from_folder(self, datasets_dir: Path | str = DATASETS_DIR) -> list[VersionMeta]:
        """Store each shipped CSV as version 1 of a dataset that has no version yet; returns what was seeded.

        Safe when several processes start at once: the unique (dataset, version) decides, the others move on.
        Sources go first so the other files are checked against them. A missing file is skipped.
        """
        folder = Path(datasets_dir)
        seeded = []
        current = self.current_versions()
        for name in sorted(DATASETS, key=lambda n: n != SOURCES):
            path = folder / DATASETS[name].file_name
            if current[name] or not path.is_file():
                continue
            try:
                seeded.append(self.publish(name, path.read_bytes(), author=SEED_AUTHOR, note=SEED_NOTE, base_version=0))
            except StaleBase:
                log.info("%s was seeded by another process", name)
        return seeded

    # --- internals -----------------------------------------------------------------------------

    def _insert(self, dataset: str, canonical: bytes, *, row_count: int, author: str, note: str, base_version: int) -> VersionMeta:
        meta = VersionMeta(
            dataset=dataset,
            version=base_version + 1,
            based_on=base_version or None,
            sha256=hashlib.sha256(canonical).hexdigest(),
            author=author,
            note=note,
            created_at=datetime.now(UTC),
            row_count=row_count,
        )
        content = gzip.compress(canonical, compresslevel=6, mtime=0)
        try:
            with self.engine.connect().execution_options(write=True) as conn, conn.begin():
                if _latest_number(conn, dataset) != base_version:
                    raise StaleBase(dataset, base_version, _latest_meta(conn, dataset))
                conn.execute(insert(dataset_versions).values(**meta.__dict__, content=content))
        except IntegrityError:
            # Another publish inserted the same version number between our check and our insert.
            with self.engine.connect() as conn:
                raise StaleBase(dataset, base_version, _latest_meta(conn, dataset)) from None
        return meta

    def _current_source_ids(self) -> set[str]:
        """The source_ids of the current sources version (empty while there is none: nothing can be cited)."""
        try:
            sources = self.read(SOURCES)
        except UnknownVersion:
            return set()
        return set(read_dataset_csv(sources.csv_bytes, DATASETS[SOURCES])[SOURCE_ID])

    def _check_sources_still_cited(self, new_ids: set[str]) -> None:
        """Refuse a sources file that drops ids a current dataset still cites (the validator finds the citations)."""
        dropped = self._current_source_ids() - new_ids
        if not dropped:
            return
        citations = {}
        for name, number in self.current_versions().items():
            if name == SOURCES or not number:
                continue
            report = validate_csv(self.read(name, number).csv_bytes, name, source_ids=new_ids)
            lines = sorted(
                {issue.line for issue in report.errors if issue.code == Code.FOREIGN_KEY and _cites(issue.value, dropped)}
            )
            if lines:
                citations[name] = lines
        if citations:
            raise SourcesStillCited(dropped, citations)

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """Turn "cannot reach the database" into StoreUnavailable with a message a maintainer can act on."""
        try:
            yield
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise StoreUnavailable(
                f"The dataset database cannot be reached ({self._safe_url}): {reason}. "
                "Check DATABASE_URL (or DASHBOARD_DB_PATH) and that the database is running, then try again."
            ) from None
        except OSError as error:
            raise StoreUnavailable(
                f"The dataset database file cannot be opened ({self._safe_url}): {error}. "
                "Check DASHBOARD_DB_PATH and that its folder is writable."
            ) from None


def _spec(dataset: str) -> DatasetSpec:
    try:
        return DATASETS[dataset]
    except KeyError:
        raise UnknownDataset(dataset, list(DATASETS)) from None


def _cites(value: object, dropped: set[str]) -> bool:
    """Whether a reported cell names a dropped source (a single id, or a ';'-separated list of them)."""
    return any(part.strip() in dropped for part in str(value).split(";"))


def _latest_number(conn: Connection, dataset: str) -> int:
    query = select(func.max(dataset_versions.c.version)).where(dataset_versions.c.dataset == dataset)
    return conn.execute(query).scalar() or 0


def _latest_meta(conn: Connection, dataset: str) -> VersionMeta | None:
    query = (
        select(*_META_COLUMNS)
        .where(dataset_versions.c.dataset == dataset)
        .order_by(dataset_versions.c.version.desc())
        .limit(1)
    )
    row = conn.execute(query).one_or_none()
    return _meta(row) if row is not None else None


def _meta(row) -> VersionMeta:
    created_at = row.created_at
    # SQLite keeps no zone (every value was written in UTC); PostgreSQL answers in the session's zone.
    created_at = created_at.replace(tzinfo=UTC) if created_at.tzinfo is None else created_at.astimezone(UTC)
    return VersionMeta(
        dataset=row.dataset,
        version=row.version,
        based_on=row.based_on,
        sha256=row.sha256,
        author=row.author,
        note=row.note,
        created_at=created_at,
        row_count=row.row_count,
    )


def open_store() -> Store:
    """A store at the configured URL, seeded from the shipped datasets/ folder."""
    store = Store()
    store.seed_from_folder(DATASETS_DIR)
    return store


@functools.cache
def get_store() -> Store:
    """The process-wide store (environment read once); pages wrap it in st.cache_resource."""
    return open_store()
