"""Versions of every dataset in one database: publish adds a version, rollback re-publishes an old one.

Rows of `dataset_versions` are only ever inserted (no UPDATE or DELETE anywhere), so history only grows
and each publish is a single INSERT inside one transaction: a crash leaves the previous version whole.

Publishes are serialised against each other: the transaction that inserts also re-reads what the upload
depends on (its base version, the current sources, and for a sources file the current datasets citing them),
under SQLite's write lock (BEGIN IMMEDIATE) or one PostgreSQL advisory lock. So a claim and the sources
version it cites can never be published past each other. Parsing and checking the file itself happens
before, outside the lock.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError

from i18n import _
from schemas.io import canonical_csv_bytes
from schemas.registry import DATASETS, DATASETS_DIR, SOURCE_REFERENCES, SOURCES, DatasetSpec, cited_ids, get_spec
from schemas.report import Code
from schemas.validate import validate_csv
from store.database import MAX_VERSION, SUPPORTED_BACKENDS, create_tables, database_url, dataset_versions, make_engine
from store.errors import (
    InvalidUpload,
    SourcesStillCited,
    StaleBase,
    StoreTimeout,
    StoreUnavailable,
    UnknownVersion,
    UnsupportedDatabase,
)
from store.versions import VersionMeta, VersionRecord

log = logging.getLogger(__name__)

SOURCE_ID = "source_id"  # the column of the sources registry that other datasets cite
SOURCE_IDS = "source_ids"  # a list of them (disputes), separated as SOURCE_REFERENCES says
# Every publish and rollback transaction on PostgreSQL takes this one transaction-scoped advisory lock first.
PUBLISH_LOCK_SQL = text("SELECT pg_advisory_xact_lock(hashtext('dataset_versions.publish'))")
# PostgreSQL's time limits (store.database.PG_TIMEOUTS) end a statement with one of these: lock_timeout,
# statement_timeout (or any cancel), idle_in_transaction_session_timeout.
IDLE_TX_TIMEOUT_SQLSTATE = "25P03"  # the server ended a session idle in its transaction: it never got our COMMIT
TIMEOUT_SQLSTATES = {"55P03", "57014", IDLE_TX_TIMEOUT_SQLSTATE}
SEED_AUTHOR = "seed"
SEED_NOTE = "shipped with the project"

_META_COLUMNS = [c for c in dataset_versions.c if c.name != "content"]


class Store:
    """The versioned dataset store on SQLite (default) or PostgreSQL (DATABASE_URL)."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self._safe_url = _checked_url(self.url).render_as_string(hide_password=True)
        with self._reachable():
            self.engine = make_engine(self.url)
            create_tables(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- reading -------------------------------------------------------------------------------

    def current_version(self, dataset: str) -> int:
        """The latest version number of a dataset; 0 while it has none."""
        get_spec(dataset)
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
        get_spec(dataset)
        with self._reachable(), self.engine.connect() as conn:
            if version is not None and not 1 <= version <= MAX_VERSION:  # the database could not even compare it
                raise UnknownVersion(dataset, version, _latest_number(conn, dataset))
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
        get_spec(dataset)
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
        spec = get_spec(dataset)
        with self._reachable(publishing=True):
            # The expensive part, outside the lock: every cell, and source ids against the sources of now.
            snapshot = None if dataset == SOURCES else self._current_source_ids()
            report = validate_csv(csv_bytes, dataset, source_ids=snapshot)
            if not report.ok:
                raise InvalidUpload(dataset, report)
            rows = report.frame
            try:
                return self._insert(
                    dataset,
                    canonical_csv_bytes(rows, spec),
                    row_count=report.rows,
                    author=author,
                    note=note,
                    base_version=base_version,
                    cites=_cited_ids(rows, spec),
                    source_ids=set(rows[SOURCE_ID]) if dataset == SOURCES else None,
                )
            except _SourcesChanged as changed:
                # A sources publish landed since the snapshot and dropped an id this file cites: the report
                # is of the file against the sources the locked transaction saw (the transaction is over).
                raise InvalidUpload(dataset, validate_csv(csv_bytes, dataset, source_ids=changed.known)) from None
            except _StillCited as cited:
                raise SourcesStillCited(cited.dropped, self._citations(cited.versions, cited.dropped, cited.new_ids)) from None

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

    def _insert(
        self,
        dataset: str,
        canonical: bytes,
        *,
        row_count: int,
        author: str,
        note: str,
        base_version: int,
        cites: set[str],
        source_ids: set[str] | None,
    ) -> VersionMeta:
        """Insert one version after re-checking, in the same locked transaction, what it depends on.

        `cites`: the source ids the rows cite (each must be in the current sources);
        `source_ids`: for a sources file, its ids (none a current dataset cites may be dropped).
        """
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
            with self._publish_transaction() as conn:
                # Read only now, under the lock: no other publish can change these before our COMMIT.
                if cites:
                    known = _source_ids(conn)
                    if cites - known:
                        raise _SourcesChanged(known)
                if source_ids is not None:
                    _check_not_cited(conn, source_ids)
                if _latest_number(conn, dataset) != base_version:
                    raise StaleBase(dataset, base_version, _latest_meta(conn, dataset))
                conn.execute(insert(dataset_versions).values(**meta.__dict__, content=content))
        except IntegrityError:
            # Another publish inserted the same version number between our check and our insert.
            with self.engine.connect() as conn:
                raise StaleBase(dataset, base_version, _latest_meta(conn, dataset)) from None
        return meta

    @contextmanager
    def _publish_transaction(self) -> Iterator[Connection]:
        """The one transaction of a publish or rollback, serialised against every other one.

        SQLite: BEGIN IMMEDIATE (the `write` option) takes the database's write lock before the first read.
        PostgreSQL: READ COMMITTED (each statement sees what was committed before it, so everything read
        after the lock sees the previous publish), then the publish-wide advisory lock, held until COMMIT.
        A time limit or a lost connection before COMMIT rolls everything back (publish() says so); a connection
        lost during COMMIT leaves the outcome unknown, and the message says how to find out.
        """
        conn = self.engine.connect().execution_options(write=True)
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="READ COMMITTED")
        committing = False
        try:
            with conn, conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(PUBLISH_LOCK_SQL)
                yield conn
                committing = True
        except DBAPIError as error:
            if not (committing and _timed_out(error)) or _sqlstate(error) == IDLE_TX_TIMEOUT_SQLSTATE:
                raise
            # Translators: {url} is the database's address (without its password), {reason} the database's own
            # (English) explanation.
            message = _("The dataset database stopped answering while committing the publish ({url}): {reason}. It may or "
                        "may not have been published: look at the history before trying again (publishing again from "
                        "the same version is refused if it was).")
            raise StoreTimeout(message.format(url=self._safe_url, reason=_reason(error))) from None

    def _current_source_ids(self) -> set[str]:
        """The source_ids of the current sources version: a snapshot, re-checked under the lock at insert."""
        with self.engine.connect() as conn:
            return _source_ids(conn)

    def _citations(self, versions: dict[str, int], dropped: set[str], new_ids: set[str]) -> dict[str, list[int]]:
        """Lines of each dataset version citing a dropped source (the validator finds them; versions never change)."""
        citations = {}
        for name, number in versions.items():
            report = validate_csv(self.read(name, number).csv_bytes, name, source_ids=new_ids)
            lines = sorted(
                {issue.line for issue in report.errors if issue.code == Code.FOREIGN_KEY and _cites(issue.value, dropped)}
            )
            if lines:
                citations[name] = lines
        return citations

    @contextmanager
    def _reachable(self, publishing: bool = False) -> Iterator[None]:
        """Turn "cannot reach the database" or "it did not answer in time" into StoreUnavailable / StoreTimeout
        with a message a maintainer can act on (`publishing`: the message says nothing was published)."""
        try:
            yield
        except DBAPIError as error:
            if _timed_out(error):
                # Raised before COMMIT (see _publish_transaction): the transaction was rolled back.
                if publishing:
                    # Translators: {url} is the database's address (without its password), {reason} the database's
                    # own (English) explanation.
                    text = _("The dataset database did not answer in time ({url}): {reason}; nothing was published. Try "
                             "again in a minute; if it keeps happening, check the database server's load and connection.")
                else:
                    # Translators: {url} is the database's address (without its password), {reason} the database's
                    # own (English) explanation.
                    text = _("The dataset database did not answer in time ({url}): {reason}; nothing was changed. Try "
                             "again in a minute; if it keeps happening, check the database server's load and connection.")
                raise StoreTimeout(text.format(url=self._safe_url, reason=_reason(error))) from None
            if not isinstance(error, OperationalError):
                raise
            # Translators: {url} is the database's address (without its password), {reason} the database's own (English)
            # explanation; DATABASE_URL and DASHBOARD_DB_PATH are settings: keep them as they are.
            message = _("The dataset database cannot be reached ({url}): {reason}. Check DATABASE_URL (or "
                        "DASHBOARD_DB_PATH) and that the database is running, then try again.")
            raise StoreUnavailable(message.format(url=self._safe_url, reason=_reason(error))) from None
        except OSError as error:
            # Translators: {url} is the database file's address, {error} the system's own (English) explanation;
            # DASHBOARD_DB_PATH is a setting: keep it as it is.
            message = _("The dataset database file cannot be opened ({url}): {error}. Check DASHBOARD_DB_PATH and that "
                        "its folder is writable.")
            raise StoreUnavailable(message.format(url=self._safe_url, error=error)) from None


def _checked_url(url: str):
    """The parsed URL of a database this store runs on, else UnsupportedDatabase saying what would work."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        if parsed is not None:
            # Translators: {backend} is a kind of database (mysql); DATABASE_URL is a setting and
            # postgresql+psycopg://USER:PASSWORD@HOST:5432/DB its form: keep them as they are.
            text = _("DATABASE_URL names a {backend} database; the dashboard keeps its data in SQLite (leave DATABASE_URL "
                     "unset) or PostgreSQL (postgresql+psycopg://USER:PASSWORD@HOST:5432/DB). Nothing was opened.")
        else:
            # Translators: DATABASE_URL is a setting and postgresql+psycopg://USER:PASSWORD@HOST:5432/DB its form:
            # keep them as they are.
            text = _("DATABASE_URL names no database URL this store can read; the dashboard keeps its data in SQLite "
                     "(leave DATABASE_URL unset) or PostgreSQL (postgresql+psycopg://USER:PASSWORD@HOST:5432/DB). "
                     "Nothing was opened.")
        raise UnsupportedDatabase(text.format(backend=parsed.get_backend_name() if parsed is not None else ""))
    return parsed


def _timed_out(error: DBAPIError) -> bool:
    """A PostgreSQL time limit ended the statement, or the connection was lost while in use."""
    return _sqlstate(error) in TIMEOUT_SQLSTATES or error.connection_invalidated


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


def _reason(error: DBAPIError) -> str:
    """The driver's first line, without SQLAlchemy's statement and parameters."""
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)


class _SourcesChanged(Exception):
    """Under the lock, the current sources lack an id the upload cites (it was dropped after the snapshot)."""

    def __init__(self, known: set[str]):
        self.known = known


class _StillCited(Exception):
    """Under the lock, current dataset versions cite ids a new sources file drops."""

    def __init__(self, dropped: set[str], versions: dict[str, int], new_ids: set[str]):
        self.dropped, self.versions, self.new_ids = dropped, versions, new_ids


def _source_columns(spec: DatasetSpec) -> list[str]:
    return [column for column in SOURCE_REFERENCES if column in spec.columns]


def _cited_ids(rows: pd.DataFrame, spec: DatasetSpec) -> set[str]:
    """The source ids rows cite (what validate_csv checks against the sources): none for sources itself."""
    if spec.name == SOURCES:
        return set()
    return {sid for column in _source_columns(spec) for value in rows[column] for sid in cited_ids(value, SOURCE_REFERENCES[column])}


def _stored_column_values(conn: Connection, dataset: str, version: int, columns: list[str]) -> pd.DataFrame:
    """Some columns of a stored version, as text: one column parsed, not a validation."""
    content = conn.execute(
        select(dataset_versions.c.content).where(dataset_versions.c.dataset == dataset, dataset_versions.c.version == version)
    ).scalar_one()
    return pd.read_csv(io.BytesIO(gzip.decompress(content)), usecols=columns, dtype=str, keep_default_na=False)


def _source_ids(conn: Connection) -> set[str]:
    """The source_ids of the current sources version (empty while there is none: nothing can be cited)."""
    number = _latest_number(conn, SOURCES)
    if not number:
        return set()
    return set(_stored_column_values(conn, SOURCES, number, [SOURCE_ID])[SOURCE_ID])


def _check_not_cited(conn: Connection, new_ids: set[str]) -> None:
    """Raise _StillCited when the new sources ids drop one that a current dataset version cites."""
    dropped = _source_ids(conn) - new_ids
    if not dropped:
        return
    latest = select(dataset_versions.c.dataset, func.max(dataset_versions.c.version)).group_by(dataset_versions.c.dataset)
    current = dict(conn.execute(latest).all())
    citing = {}
    for name, spec in DATASETS.items():  # registry order, so the refusal lists datasets in a stable order
        number, columns = current.get(name), _source_columns(spec)
        if name == SOURCES or not number or not columns:
            continue
        if _cited_ids(_stored_column_values(conn, name, number, columns), spec) & dropped:
            citing[name] = number
    if citing:
        raise _StillCited(dropped, citing, new_ids)


def _cites(value: object, dropped: set[str]) -> bool:
    """Whether a reported cell names a dropped source (a single id, or a ';'-separated list of them)."""
    return any(sid in dropped for sid in cited_ids(value, SOURCE_REFERENCES[SOURCE_IDS]))


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
