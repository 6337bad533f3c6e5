"""Every store test runs twice: on a SQLite file in tmp_path and on the local PostgreSQL in a throwaway schema."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from store_samples import write_seed_folder

from store import Store

# DATABASE_URL wins when it names a PostgreSQL server; else the server these machines run.
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POSTGRES_URL = os.environ["DATABASE_URL"] if os.environ.get("DATABASE_URL", "").startswith("postgresql") else LOCAL_POSTGRES


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL URL, or a skip saying why there is none."""
    try:
        psycopg.connect(_libpq(POSTGRES_URL), connect_timeout=3).close()
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {make_url(POSTGRES_URL).render_as_string()}: {str(error).strip().splitlines()[0]}")
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """A URL to an empty database: a fresh SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    schema = f"store_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    # The schema goes first in the search path, so the store's unqualified table lands in it.
    yield make_url(server).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    return write_seed_folder(tmp_path / "datasets")


@pytest.fixture
def store(store_url: str, seed_dir: Path) -> Store:
    """A store seeded with version 1 of sources and casualties."""
    opened = Store(store_url)
    opened.seed_from_folder(seed_dir)
    yield opened
    opened.close()
