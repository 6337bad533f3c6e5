"""A database that cannot be reached is a plain StoreUnavailable, never a driver traceback."""
from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from store import Store, StoreUnavailable


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_postgres_on_a_closed_port_is_unavailable_and_the_password_stays_hidden():
    url = f"postgresql+psycopg://postgres:s3cret@127.0.0.1:{_closed_port()}/test"
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as down:
        Store(url)
    message = str(down.value)
    assert "cannot be reached" in message and "Check DATABASE_URL" in message
    assert "s3cret" not in message and "***" in message
    assert down.value.__cause__ is None and down.value.__suppress_context__  # no driver traceback attached
    assert time.monotonic() - started < 10


def test_sqlite_file_whose_folder_cannot_exist_is_unavailable(tmp_path: Path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the database folder should be")
    with pytest.raises(StoreUnavailable, match="DASHBOARD_DB_PATH"):
        Store(f"sqlite:///{blocker / 'store.sqlite3'}")
