"""Several processes at once, and a process killed mid-publish: no lost version, no partial write."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import time
import types
from pathlib import Path

import pytest
from sqlalchemy import event
from store_samples import casualties_csv

from schemas.io import canonical_csv_bytes
from schemas.registry import DATASETS
from schemas.validate import validate_csv
from store import StaleBase, Store

# spawn, not fork: the validator's polars keeps a thread pool that a forked child inherits locked (its reads then
# hang). Each child opens its own Store (own engine) and waits at a barrier, so the children still race.
SPAWN = multiprocessing.get_context("spawn")


@pytest.fixture(autouse=True)
def bare_main(monkeypatch):
    """A spawned child runs the parent's __main__ again, and an AppTest earlier in the run leaves a page script
    there; the workers need nothing from it, so they are given an empty one."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
WORKERS = 4


def _run_all(target, args_per_worker: list[tuple]) -> list:
    """Start one process per args tuple; they all pass a barrier before racing. Returns their results in order."""
    barrier, results = SPAWN.Barrier(len(args_per_worker)), SPAWN.Queue()
    # daemon: a worker left waiting after a failure is ended with the test run instead of holding it open.
    processes = [SPAWN.Process(target=target, args=(i, barrier, results, *args), daemon=True)
                 for i, args in enumerate(args_per_worker)]
    for process in processes:
        process.start()
    collected = dict(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0, f"worker exited with {process.exitcode}"
    return [collected[i] for i in range(len(processes))]


def _seed_worker(index, barrier, results, url, seed_dir):
    store = Store(url)
    barrier.wait(timeout=60)
    results.put((index, [m.dataset for m in store.seed_from_folder(seed_dir)]))


def _publish_once_worker(index, barrier, results, url, data):
    store = Store(url)
    barrier.wait(timeout=60)
    try:
        meta = store.publish("casualties", data, author=f"worker {index}", note="race", base_version=1)
        results.put((index, ("won", meta.version)))
    except StaleBase as refused:
        results.put((index, ("stale", str(refused))))


def _publish_until_done_worker(index, barrier, results, url, data):
    """A careful maintainer: on StaleBase, reload the current version and publish again."""
    store = Store(url)
    barrier.wait(timeout=60)
    for attempt in range(1, 50):
        try:
            meta = store.publish(
                "casualties", data, author=f"worker {index}", note="retry", base_version=store.current_version("casualties")
            )
            results.put((index, (meta.version, attempt)))
            return
        except StaleBase:
            continue
    results.put((index, (None, attempt)))


def test_two_processes_seeding_at_once_make_exactly_one_version_1(store_url: str, seed_dir: Path):
    seeded = _run_all(_seed_worker, [(store_url, seed_dir)] * 2)
    store = Store(store_url)
    try:
        assert sorted(name for names in seeded for name in names) == ["casualties", "sources"]  # each seeded once
        for name in ("sources", "casualties"):
            assert [(v.version, v.author) for v in store.history(name)] == [(1, "seed")]
    finally:
        store.close()


def test_concurrent_publishes_on_the_same_base_exactly_one_wins(store: Store):
    uploads = [casualties_csv(4, note=f"worker {i}") for i in range(WORKERS)]
    outcomes = _run_all(_publish_once_worker, [(store.url, data) for data in uploads])

    winners = [i for i, (kind, _) in enumerate(outcomes) if kind == "won"]
    assert len(winners) == 1, outcomes
    assert outcomes[winners[0]] == ("won", 2)
    for _kind, message in (o for o in outcomes if o[0] == "stale"):
        assert f"Version 2 of 'casualties' was published by worker {winners[0]}" in message
        assert "since you started from version 1" in message
    assert [v.version for v in store.history("casualties")] == [2, 1]
    assert store.read("casualties", 2).sha256 == _canonical_sha(uploads[winners[0]])


def test_publishers_that_retry_on_stale_base_lose_no_version(store: Store):
    uploads = [casualties_csv(4, note=f"worker {i}") for i in range(WORKERS)]
    outcomes = _run_all(_publish_until_done_worker, [(store.url, data) for data in uploads])

    assert sorted(version for version, _ in outcomes) == list(range(2, 2 + WORKERS)), outcomes
    history = store.history("casualties")
    assert [v.version for v in history] == list(range(1 + WORKERS, 0, -1))
    assert all(v.based_on == v.version - 1 for v in history[:-1])  # a chain: each built on the one before
    assert {v.sha256 for v in history[:-1]} == {_canonical_sha(data) for data in uploads}  # every upload kept once
    for index, (version, _) in enumerate(outcomes):
        assert store.read("casualties", version).author == f"worker {index}"


def _publish_and_hang_worker(url: str, data: bytes, hang_at: str, ready) -> None:
    """Publish, but stop at `hang_at` (mid-insert or just before COMMIT) and wait there to be killed."""
    store = Store(url)

    def hang(*_args, **_kwargs):
        ready.set()
        time.sleep(120)

    if hang_at == "before-commit":
        event.listen(store.engine, "commit", hang)
    else:

        def mid_insert(conn, cursor, statement, *_):
            if statement.lstrip().upper().startswith("INSERT"):
                ready.set()  # the parent kills while the INSERT of the big content runs

        event.listen(store.engine, "before_cursor_execute", mid_insert)
    store.publish("casualties", data, author="doomed", note="killed", base_version=1)
    time.sleep(120)  # the INSERT committed before the kill came: still wait, the parent checks for that


@pytest.mark.parametrize("hang_at", ["mid-insert", "before-commit"])
def test_sigkill_in_the_middle_of_a_publish_leaves_the_previous_version_whole(store: Store, hang_at: str):
    big = casualties_csv(20_000, noise=120)  # about 4 MB of CSV: larger than SQLite's page cache
    ready = SPAWN.Event()
    child = SPAWN.Process(target=_publish_and_hang_worker, args=(store.url, big, hang_at, ready))
    child.start()
    assert ready.wait(timeout=60), "the publish never reached the database"
    os.kill(child.pid, signal.SIGKILL)
    child.join(timeout=10)
    assert child.exitcode == -signal.SIGKILL

    reopened = Store(store.url)
    try:
        if hang_at == "before-commit":
            assert reopened.current_version("casualties") == 1
        # Mid-insert the kill may land after COMMIT; either way the store holds whole versions only.
        current = reopened.read("casualties")
        assert current.sha256 == hashlib.sha256(current.csv_bytes).hexdigest()
        assert current.row_count in (3, 20_000)
        assert reopened.read("casualties", 1).row_count == 3
        # And the store is not left locked: the next publish goes through.
        after = reopened.publish(
            "casualties", casualties_csv(5), author="Ana", note="after the crash", base_version=current.version
        )
        assert after.version == current.version + 1
    finally:
        reopened.close()


def _canonical_sha(data: bytes) -> str:
    spec = DATASETS["casualties"]
    return hashlib.sha256(canonical_csv_bytes(validate_csv(data, spec.name).frame, spec)).hexdigest()
