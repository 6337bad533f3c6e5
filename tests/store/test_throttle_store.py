"""The log-in throttle's counters in the store's database (store/throttle.py), on SQLite and on PostgreSQL.

Two LoginThrottle objects on two engines stand for two replicas; forked processes for two servers. Each reserves
attempts in one locked transaction, so however many wrong passwords arrive at once from one address, exactly the
3 free ones reach argon2."""
from __future__ import annotations

import multiprocessing
import threading

import pytest
from counting_hasher import CountingHasher
from sqlalchemy import func, select

from dashboard.maintain import auth
from dashboard.maintain.auth import check_login, hash_password
from store import Store
from store.database import make_engine
from store.throttle import THROTTLE_RULES, LoginThrottle, client_key, login_attempts

FORK = multiprocessing.get_context("fork")
MAINTAINER_ADDRESS = "192.0.2.7"
CEILING = THROTTLE_RULES.per_user.cap


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def maintainers() -> dict[str, str]:
    return {"ana": hash_password("correct horse")}


@pytest.fixture
def engines(store_url):
    """Two engines on one database: two replicas."""
    made = [make_engine(store_url), make_engine(store_url)]
    yield made
    for engine in made:
        engine.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def replicas(engines, clock) -> tuple[LoginThrottle, LoginThrottle]:
    return LoginThrottle(engines[0], clock=clock), LoginThrottle(engines[1], clock=clock)


def fail(throttle: LoginThrottle, user: str = "ana", client: str | None = "203.0.113.66") -> float:
    attempt = throttle.begin_attempt(user, client)
    assert attempt.allowed, f"refused with {attempt.wait} s"
    return throttle.failed(attempt)


def rows(throttle: LoginThrottle) -> list:
    with throttle.engine.connect() as conn:
        return conn.execute(select(login_attempts)).all()


def run_together(targets: list) -> None:
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a login thread hung"


def test_the_counters_are_shared_by_two_replicas(replicas):
    first, second = replicas
    assert [fail(first), fail(second)] == [0.0, 0.0]
    assert fail(first) == 5.0  # the third failure, counted across both
    assert second.wait_seconds("ana", "203.0.113.66") == 5.0
    refused = second.begin_attempt("Ana", "203.0.113.66")
    assert not refused.allowed and refused.wait == 5.0


def test_success_clears_that_address_only(replicas, clock):
    first, second = replicas
    for _ in range(3):
        fail(first, client=MAINTAINER_ADDRESS)
        fail(first, client="203.0.113.66")
    clock.now += 5
    attempt = second.begin_attempt("ana", MAINTAINER_ADDRESS)
    second.succeeded(attempt)
    assert first.wait_seconds("ana", MAINTAINER_ADDRESS) == 0.0
    assert [fail(first, client=MAINTAINER_ADDRESS) for _ in range(3)] == [0.0, 0.0, 5.0]  # three free again
    assert first.wait_seconds("ana", "203.0.113.66") == 0.0 and fail(first) == 10.0  # the other address: 4th failure
    kept = {(r.client_key, r.succeeded) for r in rows(first)}
    assert (client_key(MAINTAINER_ADDRESS), True) in kept


def test_twelve_wrong_passwords_at_once_on_two_replicas_reach_argon2_three_times(replicas, maintainers, monkeypatch):
    hasher = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", hasher)
    start, results = threading.Barrier(12), []

    def submit(throttle: LoginThrottle, index: int):
        def go():
            start.wait(timeout=60)
            results.append(check_login(throttle, maintainers, "ana", f"guess {index}", "203.0.113.66"))

        return go

    run_together([submit(replicas[i % 2], i) for i in range(12)])
    assert hasher.calls == 3
    assert len(results) == 12 and not any(r.maintainer for r in results)
    assert sum(r.message.startswith(auth.WRONG) for r in results) == 3
    assert sum(r.message == "Too many failed attempts. Try again in 5 seconds." for r in results) == 9
    assert len(rows(replicas[0])) == 3  # refused attempts are not counted


def _process_worker(url, barrier, results, maintainers, threads):
    """One server: its own engine and throttle (real clock), `threads` sessions submitting a wrong password at once."""
    hasher = CountingHasher(auth._hasher)
    auth._hasher = hasher  # this forked process only
    engine = make_engine(url)
    throttle = LoginThrottle(engine)
    messages = []

    def submit(index: int) -> None:
        barrier.wait(timeout=60)
        messages.append(check_login(throttle, maintainers, "ana", f"guess {index}", "203.0.113.66").message)

    run_together([lambda i=i: submit(i) for i in range(threads)])
    engine.dispose()
    results.put((hasher.calls, messages))


def test_twelve_wrong_passwords_from_two_processes_reach_argon2_three_times(store_url, maintainers):
    setup = make_engine(store_url)
    LoginThrottle(setup)  # the table exists before the race (replicas creating it at once: the test below)
    setup.dispose()  # nothing the parent opened is used across the fork
    barrier, results = FORK.Barrier(12), FORK.Queue()
    processes = [
        FORK.Process(target=_process_worker, args=(store_url, barrier, results, maintainers, 6), daemon=True)
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    collected = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    assert sum(calls for calls, _ in collected) == 3
    messages = [m for _, batch in collected for m in batch]
    assert len(messages) == 12 and sum(m.startswith(auth.WRONG) for m in messages) == 3


def test_two_replicas_starting_at_once_create_the_table_once(store_url):
    made, errors = [], []
    start = threading.Barrier(4)

    def open_one():
        engine = make_engine(store_url)
        start.wait(timeout=30)
        try:
            made.append(LoginThrottle(engine))
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)

    run_together([open_one] * 4)
    assert not errors and len(made) == 4
    fail(made[0])
    assert made[3].wait_seconds("ana", "203.0.113.66") == 0.0 and len(rows(made[3])) == 1
    for throttle in made:
        throttle.engine.dispose()


def test_one_address_locks_itself_out_not_the_real_maintainer(replicas, clock):
    attacker, page = replicas
    for _ in range(10):  # a patient guesser: each attempt as soon as it is allowed
        clock.now += attacker.wait_seconds("ana", "203.0.113.66")
        fail(attacker)
    assert attacker.wait_seconds("ana", "203.0.113.66") == 640.0  # 3 free, then 5 s doubling
    wait = page.wait_seconds("ana", MAINTAINER_ADDRESS)
    assert 0 < wait <= CEILING  # 10 failures on ana: the per-user ceiling slows her a little, for a short while
    clock.now += wait
    attempt = page.begin_attempt("ana", MAINTAINER_ADDRESS)
    assert attempt.allowed
    page.succeeded(attempt)


def _attack(throttle: LoginThrottle, clock: Clock, seconds: int, watch: list[str]) -> dict[str, float]:
    """Guess ana's password every second from 50 rotating addresses; return the longest wait each watched address saw."""
    longest = dict.fromkeys(watch, 0.0)
    guesses = 0
    for step in range(seconds):
        attempt = throttle.begin_attempt("ana", f"198.51.100.{step % 50}")
        if attempt.allowed:
            throttle.failed(attempt)
            guesses += 1
        for address in watch:
            longest[address] = max(longest[address], throttle.wait_seconds("ana", address))
        clock.now += 1
    assert 10 < guesses < 10 + seconds / 10  # the ceiling slowed the attack to about one guess a minute
    return longest


def test_an_attack_from_many_addresses_delays_a_new_address_at_most_the_ceiling(replicas, clock, maintainers):
    attacker, page = replicas
    longest = _attack(attacker, clock, 400, [MAINTAINER_ADDRESS])
    assert CEILING / 2 < longest[MAINTAINER_ADDRESS] <= CEILING
    clock.now += page.wait_seconds("ana", MAINTAINER_ADDRESS)
    assert check_login(page, maintainers, "ana", "correct horse", MAINTAINER_ADDRESS) == auth.LoginResult("ana")


def test_an_address_that_logged_in_before_is_not_slowed_by_an_attack_elsewhere(replicas, clock, maintainers):
    attacker, page = replicas
    assert check_login(page, maintainers, "ana", "correct horse", MAINTAINER_ADDRESS).maintainer == "ana"
    longest = _attack(attacker, clock, 300, [MAINTAINER_ADDRESS, "192.0.2.8"])
    assert longest[MAINTAINER_ADDRESS] == 0.0  # trusted for 30 days: the per-user ceiling does not apply
    assert 0 < longest["192.0.2.8"] <= CEILING
    assert check_login(page, maintainers, "ana", "correct horse", MAINTAINER_ADDRESS).maintainer == "ana"
    clock.now += THROTTLE_RULES.trusted_for
    fail(attacker, client="198.51.100.99")
    assert not any(r.succeeded for r in rows(page))  # the trusted mark is forgotten after 30 days


def test_pruning_bounds_the_table(replicas, clock):
    first, second = replicas
    for index in range(300):  # made-up user names: each gets its own free failures
        fail(first, user=f"nobody-{index}", client=f"198.51.100.{index % 7}")
    assert len(rows(first)) == 300
    clock.now += THROTTLE_RULES.window
    fail(second, user="one-more")
    assert [r.user_key for r in rows(first)] == ["one-more"]


def test_it_stores_no_password_and_no_plain_address(replicas, maintainers):
    first, _ = replicas
    check_login(first, maintainers, " Ana ", "hunter2-secret", "203.0.113.66")
    with first.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(login_attempts)).scalar() == 1
    (row,) = rows(first)
    assert row.user_key == "ana" and row.client_key == client_key("203.0.113.66") and len(row.client_key) == 64
    assert "hunter2" not in repr(row) and "203.0.113" not in repr(row)


def test_an_unreachable_database_is_a_store_error(tmp_path):
    from store import StoreUnavailable

    engine = make_engine(f"sqlite:///{tmp_path / 'elsewhere' / 'x.sqlite3'}")
    (tmp_path / "elsewhere").rmdir()
    (tmp_path / "elsewhere").write_text("now a file: the database cannot be opened")
    with pytest.raises(StoreUnavailable, match="throttle's database"):
        LoginThrottle(engine)


def test_a_throttle_from_a_store_uses_its_database(store_url):
    store = Store(store_url)
    try:
        throttle = LoginThrottle.from_store(store)
        fail(throttle)
        assert throttle.engine is store.engine and len(rows(throttle)) == 1
    finally:
        store.close()
