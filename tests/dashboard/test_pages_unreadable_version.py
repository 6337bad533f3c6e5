"""A version stored before today's rules (a count beyond int64, say) gives every page a clear message naming the
version, never a traceback, and the Maintain page still opens so a maintainer can roll it back."""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import shutil
from pathlib import Path
from unittest import mock

import pytest
import streamlit as st
from shown import shown
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

import dashboard.ui.data_access as data_access
from schemas.registry import DATASETS_DIR
from store import Store
from store.database import dataset_versions

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
TOO_LARGE = "9" * 23


@pytest.fixture
def store_with_an_old_bad_version(tmp_path):
    """Version 2 of casualties written straight into the table, as a validator without number bounds let it in."""
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS_DIR, folder)
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    store.seed_from_folder(folder)
    rows = list(csv.DictReader(io.StringIO(store.read("casualties").csv_bytes.decode("utf-8"))))
    rows[0]["value_best"] = TOO_LARGE
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    content = out.getvalue().encode("utf-8")
    with store.engine.begin() as conn:
        conn.execute(insert(dataset_versions).values(
            dataset="casualties", version=2, based_on=1, sha256=hashlib.sha256(content).hexdigest(), author="old",
            note="before the bounds", created_at=store.history("casualties")[0].created_at, row_count=len(rows),
            content=gzip.compress(content)))
    st.cache_data.clear()
    st.cache_resource.clear()
    with mock.patch.object(data_access, "_open_store", lambda: store):
        yield store
    st.cache_data.clear()
    st.cache_resource.clear()
    store.close()


@pytest.mark.usefixtures("store_with_an_old_bad_version")
@pytest.mark.parametrize("page_name", ["overview", "wars", "sources", "data"])
def test_every_page_names_the_unreadable_version_instead_of_failing(page_name):
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if page_name != "overview":
        app.switch_page(f"views/{page_name}.py")
        app.run()

    assert not app.exception, [e.value for e in app.exception]
    (message,) = [shown(e.value) for e in app.error]
    assert message.startswith("A published version of the data cannot be shown, so no figures can be shown.")
    assert "Version 2 of casualties cannot be read (" in message  # pandas says TypeError or OverflowError
    assert "roll casualties back to an earlier version on the Maintain page" in message


def test_the_maintain_page_still_opens_with_the_history(store_with_an_old_bad_version):
    from test_pages_maintain import maintain_page

    app = maintain_page()
    app.session_state["maintainer"] = "ana"  # logged in (the log-in form is test_pages_maintain's)
    app.run()
    app.selectbox(key="maintain-dataset").set_value("casualties").run()

    assert not app.exception and not app.error
    assert "Current version: **2**" in "\n".join(m.value for m in app.markdown)
