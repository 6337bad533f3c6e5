"""Where the store lives and the one table it keeps.

The table is created on first start with `metadata.create_all`; once deployments hold data, every
change to this schema goes through an Alembic migration instead (create_all never alters a table).
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "dashboard.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another writer before giving up
POSTGRES_CONNECT_TIMEOUT_S = 5  # so "database down" is an error within seconds, not a hang

# PostgreSQL session limits in milliseconds (0 switches one off), each overridable by the variable beside it.
# Without them a publisher whose connection goes silent keeps the publish lock and every other publish waits, for ever.
PG_STATEMENT_TIMEOUT_MS = 30_000  # every query of this store takes well under a second; 30 s means the server is stuck
PG_LOCK_TIMEOUT_MS = 15_000  # longer than the idle timeout below, so a publish queued behind a stalled one still lands
PG_IDLE_TX_TIMEOUT_MS = 10_000  # the store never waits on a person inside a transaction: 10 s idle, its client is gone
PG_TIMEOUTS = {  # server setting: (environment variable, default)
    "statement_timeout": ("DASHBOARD_PG_STATEMENT_TIMEOUT_MS", PG_STATEMENT_TIMEOUT_MS),
    "lock_timeout": ("DASHBOARD_PG_LOCK_TIMEOUT_MS", PG_LOCK_TIMEOUT_MS),
    "idle_in_transaction_session_timeout": ("DASHBOARD_PG_IDLE_TX_TIMEOUT_MS", PG_IDLE_TX_TIMEOUT_MS),
}
# TCP keepalives and tcp_user_timeout (libpq parameters; like connect_timeout, the same name in the URL wins):
# a server that vanished without closing the connection is noticed in about 25-30 s, not the system's two hours.
PG_TCP_ARGS = {
    "keepalives": 1,
    "keepalives_idle": 10,  # seconds of silence before the first probe
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,  # ms: data we sent stays unacknowledged this long (keepalives cannot see that case)
}

# What this store runs on; any other URL is refused at start with a message naming these.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
MAX_VERSION = 2**31 - 1  # the version column is an INTEGER (32 bits on PostgreSQL)

metadata = MetaData()

# One row per published version of one dataset. Rows are only ever inserted: history only grows.
dataset_versions = Table(
    "dataset_versions",
    metadata,
    Column("dataset", String(64), nullable=False),  # registry name, e.g. "casualties"
    Column("version", Integer, nullable=False),  # 1, 2, 3... per dataset
    Column("based_on", Integer, nullable=True),  # the version the publisher started from; NULL for version 1
    Column("sha256", String(64), nullable=False),  # hex digest of the canonical (uncompressed) CSV bytes
    Column("author", String(200), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),  # UTC
    Column("row_count", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),  # gzip of the canonical CSV bytes
    # The primary key is the UNIQUE(dataset, version) that decides between concurrent publishes.
    PrimaryKeyConstraint("dataset", "version", name="dataset_versions_pkey"),
)


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """DATABASE_URL when set, else a SQLite file at DASHBOARD_DB_PATH or data/dashboard.sqlite3 in the repo."""
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        # Hosting platforms hand out postgres:// URLs; psycopg 3 is the driver this project installs.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url
    path = Path(environ.get("DASHBOARD_DB_PATH") or DEFAULT_SQLITE_PATH)
    return f"sqlite:///{path.resolve()}"


def postgres_connect_args(url: str, environ: Mapping[str, str] = os.environ) -> dict:
    """libpq connect arguments: connect timeout, TCP keepalives and the session timeouts (see PG_TIMEOUTS).

    SQLAlchemy passes connect_args over the URL's own query parameters, so the URL's `options` (e.g. a
    search_path) is appended to ours rather than lost; being later, its own `-c` settings win too.
    """
    query = make_url(url).query
    defaults = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S, **PG_TCP_ARGS}
    args: dict = {name: value for name, value in defaults.items() if name not in query}
    settings = [f"-c {setting}={_milliseconds(environ, *default)}" for setting, default in PG_TIMEOUTS.items()]
    # libpq reads PGOPTIONS only when no `options` is given, and we always give one: keep it, as libpq would.
    theirs = query.get("options") or environ.get("PGOPTIONS") or ()
    args["options"] = " ".join([*settings, *((theirs,) if isinstance(theirs, str) else theirs)])
    return args


def _milliseconds(environ: Mapping[str, str], variable: str, default: int) -> int:
    raw = environ.get(variable, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ValueError(f"{variable} must be a whole number of milliseconds (0 switches the limit off), not {raw!r}.")
    return int(raw)


def make_engine(url: str, environ: Mapping[str, str] = os.environ) -> Engine:
    """An engine for SQLite (WAL, busy timeout, writes take the lock at BEGIN) or PostgreSQL (timeouts, keepalives)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        connect_args = postgres_connect_args(url, environ) if parsed.get_backend_name() == "postgresql" else {}
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control away from the sqlite3 module so SQLAlchemy's BEGIN below is the only one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A writing transaction takes the write lock up front, so its "is my base still current?" check
        # and its insert see the same database; readers keep plain deferred transactions.
        mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _use_wal(cursor) -> None:
    """WAL journal, so readers never wait for the writer. Switching a new file to WAL needs the file to itself and
    SQLite answers "database is locked" at once rather than waiting, so several processes opening a new store
    together retry here, within the busy timeout. The mode stays with the file: later opens switch nothing."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def create_tables(engine: Engine) -> None:
    """Create the table if it is missing; safe when several processes start at once."""
    with engine.connect().execution_options(write=True) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            # Two processes creating the table at once would collide in the catalog; take turns.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('dataset_versions.create'))"))
        metadata.create_all(connection)
