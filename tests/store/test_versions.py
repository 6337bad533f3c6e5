"""Seeding, publish, refusal, stale base, rollback and history on SQLite and PostgreSQL."""
from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from store_samples import SOURCE_IDS, casualties_csv, casualties_low_gt_high_csv, sources_csv, to_csv

from schemas.io import read_dataset_csv
from schemas.registry import DATASETS
from store import (
    InvalidUpload,
    SourcesStillCited,
    StaleBase,
    Store,
    UnknownDataset,
    UnknownVersion,
)
from store.database import database_url


def test_seeding_stores_version_1_of_each_shipped_file(store: Store):
    versions = store.current_versions()
    assert versions["sources"] == 1 and versions["casualties"] == 1
    assert set(versions) == set(DATASETS)
    assert all(v == 0 for name, v in versions.items() if name not in ("sources", "casualties"))
    (v1,) = store.history("casualties")
    assert (v1.version, v1.based_on, v1.author, v1.note, v1.row_count) == (1, None, "seed", "shipped with the project", 3)
    record = store.read("casualties")
    assert record.sha256 == hashlib.sha256(record.csv_bytes).hexdigest()
    assert list(read_dataset_csv(record.csv_bytes, DATASETS["casualties"])["claimed_by"]) == [
        "Claimant 0",
        "Claimant 1",
        "Claimant 2",
    ]


def test_seeding_again_changes_nothing(store: Store, seed_dir: Path):
    before = store.history("casualties")
    assert store.seed_from_folder(seed_dir) == []
    assert store.history("casualties") == before
    # A new file in the folder does not replace a dataset that already has versions.
    (seed_dir / "casualties.csv").write_bytes(casualties_csv(5))
    assert store.seed_from_folder(seed_dir) == []
    assert store.read("casualties").row_count == 3


def test_publish_creates_version_2_with_its_provenance(store: Store):
    upload = casualties_csv(4, note="revised")
    started = datetime.now(UTC)
    meta = store.publish("casualties", upload, author="Ana", note="Add a fourth claim", base_version=1)

    assert (meta.dataset, meta.version, meta.based_on, meta.author, meta.note, meta.row_count) == (
        "casualties", 2, 1, "Ana", "Add a fourth claim", 4
    )
    assert started - timedelta(seconds=1) <= meta.created_at <= datetime.now(UTC) + timedelta(seconds=1)
    stored = store.read("casualties")
    assert stored.version == 2 and stored.created_at == meta.created_at
    # The hash is of exactly the stored (canonical) bytes.
    spec = DATASETS["casualties"]
    assert stored.sha256 == meta.sha256 == hashlib.sha256(stored.csv_bytes).hexdigest()
    assert read_dataset_csv(stored.csv_bytes, spec)["note"].tolist() == ["revised"] * 4
    assert store.current_version("casualties") == 2
    assert store.read("casualties", 1).row_count == 3  # the old version stays whole


def test_publish_stores_canonical_bytes_so_the_same_rows_hash_the_same(store: Store):
    crlf_with_bom = b"\xef\xbb\xbf" + casualties_csv(4).replace(b"\n", b"\r\n")
    a = store.publish("casualties", casualties_csv(4), author="Ana", note="lf", base_version=1)
    b = store.publish("casualties", crlf_with_bom, author="Ana", note="crlf and BOM", base_version=2)
    assert a.sha256 == b.sha256
    assert store.read("casualties", 2).csv_bytes == store.read("casualties", 3).csv_bytes


def test_invalid_file_is_refused_with_its_report_and_nothing_is_written(store: Store):
    before = store.history("casualties")
    with pytest.raises(InvalidUpload) as refused:
        store.publish("casualties", casualties_low_gt_high_csv(), author="Ana", note="bad", base_version=1)
    assert (3, "value_low") in [(e.line, e.column) for e in refused.value.report.errors]
    assert "line 3" in refused.value.report.to_text()
    assert "nothing was published" in str(refused.value)
    assert store.history("casualties") == before


def test_a_claim_citing_an_unknown_source_is_refused(store: Store):
    upload = casualties_csv(2, source_ids=("not_in_sources",))
    with pytest.raises(InvalidUpload) as refused:
        store.publish("casualties", upload, author="Ana", note="x", base_version=1)
    assert [(e.line, e.column, e.code) for e in refused.value.report.errors] == [
        (2, "source_id", "foreign-key"),
        (3, "source_id", "foreign-key"),
    ]
    assert store.current_version("casualties") == 1


def test_claims_are_checked_against_the_current_sources_version(store: Store):
    store.publish("sources", sources_csv((*SOURCE_IDS, "icg_2023")), author="Ana", note="add ICG", base_version=1)
    meta = store.publish("casualties", casualties_csv(2, source_ids=("icg_2023",)), author="Ana", note="x", base_version=1)
    assert meta.version == 2


def test_sources_cannot_drop_a_source_that_published_claims_cite(store: Store):
    # casualties v1 cites all three sources; line 4 (third claim) cites unhcr_2023.
    with pytest.raises(SourcesStillCited) as refused:
        store.publish("sources", sources_csv(SOURCE_IDS[:2]), author="Ana", note="drop UNHCR", base_version=1)
    assert refused.value.dropped == {"unhcr_2023"}
    assert refused.value.citations == {"casualties": [4]}
    assert "unhcr_2023" in str(refused.value) and "casualties lines 4" in str(refused.value)
    assert store.current_version("sources") == 1
    # Once no claim cites it, the source may go.
    store.publish("casualties", casualties_csv(2), author="Ana", note="only two claims", base_version=1)
    assert store.publish("sources", sources_csv(SOURCE_IDS[:2]), author="Ana", note="drop", base_version=1).version == 2


def test_stale_base_is_refused_naming_who_published_since(store: Store):
    store.publish("casualties", casualties_csv(4), author="Ana", note="first", base_version=1)
    with pytest.raises(StaleBase) as refused:
        store.publish("casualties", casualties_csv(5), author="Boris", note="second", base_version=1)
    message = str(refused.value)
    assert re.search(r"Version 2 of 'casualties' was published by Ana at \d{4}-\d\d-\d\d \d\d:\d\d UTC", message)
    assert "since you started from version 1; reload and re-apply your change" in message
    assert refused.value.latest.version == 2
    assert [v.version for v in store.history("casualties")] == [2, 1]
    assert store.read("casualties").row_count == 4


def test_a_base_ahead_of_the_store_is_refused(store: Store):
    with pytest.raises(StaleBase, match="latest version is 1"):
        store.publish("casualties", casualties_csv(4), author="Ana", note="x", base_version=7)
    assert store.current_version("casualties") == 1


def test_rollback_publishes_the_old_content_as_a_new_version(store: Store):
    store.publish("casualties", casualties_csv(4, note="v2"), author="Ana", note="v2", base_version=1)
    store.publish("casualties", casualties_csv(5, note="v3"), author="Ana", note="v3", base_version=2)
    meta = store.rollback("casualties", 1, author="Boris", note="v2 and v3 were wrong")

    assert (meta.version, meta.based_on, meta.author) == (4, 3, "Boris")
    assert meta.note == "Rollback to version 1: v2 and v3 were wrong"
    assert store.read("casualties", 4).csv_bytes == store.read("casualties", 1).csv_bytes
    assert meta.sha256 == store.read("casualties", 1).sha256
    assert [v.version for v in store.history("casualties")] == [4, 3, 2, 1]  # history only grows


def test_rollback_follows_the_stale_base_rule(store: Store):
    store.publish("casualties", casualties_csv(4), author="Ana", note="v2", base_version=1)
    with pytest.raises(StaleBase):
        store.rollback("casualties", 1, author="Boris", note="undo", base_version=1)
    assert store.current_version("casualties") == 2


def test_rollback_checks_old_content_against_the_current_sources(store: Store):
    # v2 cites only the first two sources; then sources drops the third; v1 (which cites it) cannot come back.
    store.publish("casualties", casualties_csv(2), author="Ana", note="two claims", base_version=1)
    store.publish("sources", sources_csv(SOURCE_IDS[:2]), author="Ana", note="drop UNHCR", base_version=1)
    with pytest.raises(InvalidUpload) as refused:
        store.rollback("casualties", 1, author="Ana", note="back")
    assert [(e.line, e.column, e.code) for e in refused.value.report.errors] == [(4, "source_id", "foreign-key")]
    assert store.current_version("casualties") == 2


def test_history_is_newest_first_and_reads_every_version(store: Store):
    for base in (1, 2, 3):
        store.publish("casualties", casualties_csv(3 + base), author=f"author {base}", note=f"n{base}", base_version=base)
    history = store.history("casualties")
    assert [(v.version, v.based_on, v.row_count) for v in history] == [(4, 3, 6), (3, 2, 5), (2, 1, 4), (1, None, 3)]
    assert [v.created_at for v in history] == sorted((v.created_at for v in history), reverse=True)
    assert all(v.created_at.tzinfo is not None and v.created_at.utcoffset() == timedelta(0) for v in history)
    assert [store.read("casualties", v.version).row_count for v in history] == [6, 5, 4, 3]


def test_unknown_dataset_and_version_say_what_exists(store: Store):
    with pytest.raises(UnknownDataset, match="Did you mean 'casualties'"):
        store.history("casualty")
    with pytest.raises(UnknownDataset):
        store.publish("nope", b"a\n1\n", author="a", note="n", base_version=0)
    with pytest.raises(UnknownVersion, match="no version 9; versions run from 1 to 1"):
        store.read("casualties", 9)
    with pytest.raises(UnknownVersion, match="no published version yet"):
        store.read("disputes")
    # Beyond the version column's INTEGER: PostgreSQL could not compare it (a DataError), SQLite not bind it.
    for impossible in (0, -1, 2**31, 10**20):
        with pytest.raises(UnknownVersion, match=f"no version {impossible}; versions run from 1 to 1"):
            store.read("casualties", impossible)
    assert store.history("disputes") == []


def test_a_dataset_with_no_version_can_get_its_first_by_publish(store: Store):
    assert store.current_version("disputes") == 0
    disputes = to_csv(
        "disputes",
        [
            {
                "dispute_id": "toll_2020",
                "dataset": "casualties",
                "subject": "conflict=second_war; side=armenian",
                "summary": "Sources differ on the toll.",
                "positions": "A: 3000; B: 4000",
                "source_ids": "hrw_1994; reuters_2020",
            }
        ],
    )
    meta = store.publish("disputes", disputes, author="Ana", note="first", base_version=0)
    assert (meta.version, meta.based_on) == (1, None)


def test_store_code_never_updates_or_deletes_a_version():
    """History only grows: no UPDATE anywhere in the store, and no DELETE but of the log-in throttle's counters,
    which expire by design (store/throttle.py)."""
    package = Path(__file__).resolve().parents[2] / "store"
    for path in package.glob("*.py"):
        code = path.read_text()
        assert not re.search(r"\bupdate\s*\(|[\"']\s*UPDATE\b|[\"']\s*DELETE\b", code), path.name
        assert set(re.findall(r"\bdelete\s*\(\s*(\w+)", code)) <= {"login_attempts"}, path.name
        assert "dataset_versions" not in code or "delete(" not in code, path.name


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"DATABASE_URL": "postgres://u:p@db:5432/app"}, "postgresql+psycopg://u:p@db:5432/app"),
        ({"DATABASE_URL": "postgresql+psycopg://db/app", "DASHBOARD_DB_PATH": "/x.db"}, "postgresql+psycopg://db/app"),
        ({"DASHBOARD_DB_PATH": "/tmp/x/store.sqlite3"}, "sqlite:////tmp/x/store.sqlite3"),
        ({}, f"sqlite:///{Path(__file__).resolve().parents[2] / 'data' / 'dashboard.sqlite3'}"),
    ],
)
def test_database_url_comes_from_the_environment(environ, expected):
    assert database_url(environ) == expected
