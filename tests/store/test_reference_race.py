"""A dataset publish and a sources publish racing: never a claim citing a source that no longer exists.

Each test holds one publish just before its INSERT (after every check it makes) and starts the other
publish; once the second one has begun its write transaction, the first is let go. Before the fix the
second one had already checked against the old state by then, so both were stored; now its checks wait
for the first publish's transaction and see what it wrote.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from store_samples import SOURCE_IDS, casualties_csv, sources_csv, to_csv

from schemas.io import read_dataset_csv
from schemas.registry import DATASETS, SOURCES
from store import InvalidUpload, SourcesStillCited, Store

DROPPED = SOURCE_IDS[2]  # unhcr_2023: line 4 of casualties_csv(3) cites it
TIMEOUT = 30


class _Publish(threading.Thread):
    """One publish on its own Store (own engine, own connections); keeps its result or its exception."""

    def __init__(self, store: Store, dataset: str, data: bytes, base_version: int):
        super().__init__(daemon=True)
        self.store, self.args = store, (dataset, data)
        self.base_version = base_version
        self.result = self.error = None

    def run(self):
        try:
            self.result = self.store.publish(*self.args, author=self.name, note="race", base_version=self.base_version)
        except Exception as error:  # noqa: BLE001 - the test inspects it
            self.error = error


def _hold_before_insert(store: Store) -> tuple[threading.Event, threading.Event]:
    """The publish on `store` stops right before its INSERT until `go` is set; `held` says it got there."""
    held, go = threading.Event(), threading.Event()

    def before(conn, cursor, statement, *_):
        if statement.lstrip().upper().startswith("INSERT"):
            held.set()
            assert go.wait(TIMEOUT), "the held publish was never let go"

    event.listen(store.engine, "before_cursor_execute", before)
    return held, go


def _signal_write_begin(store: Store) -> threading.Event:
    """Set when a publish on `store` opens its write connection, right before BEGIN (IMMEDIATE) and any lock.

    (Not a "begin" listener: SQLAlchemy ignores insert=True for engine events, so one would run after the
    listener that sends BEGIN IMMEDIATE, i.e. only once the lock is had.)
    """
    began = threading.Event()

    def on_options(conn, options):
        if options.get("write"):
            began.set()

    event.listen(store.engine, "set_connection_execution_options", on_options)
    return began


def _race(url: str, first: tuple, second: tuple) -> tuple[_Publish, _Publish]:
    held_store, other_store = Store(url), Store(url)
    try:
        held, go = _hold_before_insert(held_store)
        began = _signal_write_begin(other_store)
        a = _Publish(held_store, *first)
        a.start()
        assert held.wait(TIMEOUT), f"the first publish never reached its INSERT: {a.error!r}"
        b = _Publish(other_store, *second)
        b.start()
        # The second publish has passed every check it makes before its write transaction (all of them,
        # before the fix): its BEGIN is now queued behind the first one's lock, or it already finished.
        assert began.wait(TIMEOUT) or not b.is_alive(), "the second publish never began its write transaction"
        go.set()
        for thread in (a, b):
            thread.join(TIMEOUT)
            assert not thread.is_alive(), f"{thread.name} hung"
        return a, b
    finally:
        held_store.close()
        other_store.close()


def _assert_every_citation_resolves(store: Store) -> None:
    known = set(read_dataset_csv(store.read(SOURCES).csv_bytes, DATASETS[SOURCES])["source_id"])
    for name, number in store.current_versions().items():
        if name == SOURCES or not number:
            continue
        cited = set(read_dataset_csv(store.read(name).csv_bytes, DATASETS[name])["source_id"])
        assert cited <= known, f"{name} v{number} cites {sorted(cited - known)}, missing from sources"


@pytest.fixture
def uncited(store: Store) -> Store:
    """casualties v2 cites only the first two sources, so dropping the third is allowed on its own."""
    store.publish("casualties", casualties_csv(2), author="Ana", note="two claims", base_version=1)
    return store


def test_a_sources_publish_waits_for_a_claims_publish_that_cites_the_source_it_drops(uncited: Store):
    claims, drop = _race(
        uncited.url,
        ("casualties", casualties_csv(3), 2),  # cites DROPPED again; held right before its INSERT
        (SOURCES, sources_csv(SOURCE_IDS[:2]), 1),  # drops DROPPED
    )
    assert claims.error is None and claims.result.version == 3
    assert isinstance(drop.error, SourcesStillCited), f"dropping a cited source was not refused: {drop.result or drop.error!r}"
    assert drop.error.dropped == {DROPPED}
    assert drop.error.citations == {"casualties": [4]}
    assert uncited.current_version(SOURCES) == 1
    _assert_every_citation_resolves(uncited)


def test_a_claims_publish_waits_for_a_sources_publish_that_drops_the_source_it_cites(uncited: Store):
    drop, claims = _race(
        uncited.url,
        (SOURCES, sources_csv(SOURCE_IDS[:2]), 1),  # drops DROPPED; held right before its INSERT
        ("casualties", casualties_csv(3), 2),  # cites DROPPED, which the sources version it first reads still has
    )
    assert drop.error is None and drop.result.version == 2
    assert isinstance(claims.error, InvalidUpload), f"a claim citing a dropped source was stored: {claims.result or claims.error!r}"
    assert [(e.line, e.column, e.code, e.value) for e in claims.error.report.errors] == [
        (4, "source_id", "foreign-key", DROPPED)
    ]
    assert "nothing was published" in str(claims.error)
    assert uncited.current_version("casualties") == 2
    _assert_every_citation_resolves(uncited)


def test_the_locked_check_also_reads_the_source_ids_lists_of_disputes(uncited: Store):
    """Dropping a source only a dispute's ';'-separated source_ids cites is refused, naming its line."""
    dispute = {
        "dispute_id": "toll_2020",
        "dataset": "casualties",
        "subject": "conflict=second_war; side=armenian",
        "summary": "Sources differ on the toll.",
        "positions": "A: 3000; B: 4000",
        "source_ids": f"{SOURCE_IDS[0]}; {DROPPED}",
    }
    uncited.publish("disputes", to_csv("disputes", [dispute]), author="Ana", note="one dispute", base_version=0)
    with pytest.raises(SourcesStillCited) as refused:
        uncited.publish(SOURCES, sources_csv(SOURCE_IDS[:2]), author="Ana", note="drop", base_version=1)
    assert (refused.value.dropped, refused.value.citations) == ({DROPPED}, {"disputes": [2]})
    assert uncited.current_version(SOURCES) == 1
