"""A publisher whose connection goes silent must not hold the publish lock for ever (PostgreSQL only).

A small TCP relay on 127.0.0.1 stands between one Store and the server and can freeze: every socket stays open
but nothing is forwarded, as when a client's network vanishes. The server's idle-in-transaction timeout ends
that session and frees the lock; a publish waiting behind it gets the lock, or fails clearly at lock_timeout.
"""
from __future__ import annotations

import socket
import threading
import time
import uuid

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from store_samples import SOURCE_IDS, casualties_csv, sources_csv, write_seed_folder

from store import Store
from store.database import postgres_connect_args
from store.errors import StoreTimeout

LOCAL_HOSTS = ("127.0.0.1", "localhost")
PUBLISH_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('dataset_versions.publish'))"
IDLE_TX_MS, LOCK_MS = 2_000, 5_000  # the server ends a silent publisher after 2 s; a waiting publish gives up after 5 s
DEADLINE_S = 20  # no wait in this file is longer


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Relay:
    """Forwards 127.0.0.1:<free port> to the server; freeze() keeps every socket open and forwards nothing."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._flowing, self._stopped = threading.Event(), threading.Event()
        self._flowing.set()
        self._sockets: list[socket.socket] = []
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    def stop(self) -> None:
        """Close every socket (each peer sees the connection end) and wait for the threads, bounded."""
        self._stopped.set()
        self._flowing.set()
        for sock in [self._listener, *self._sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.target, timeout=5)
            self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                pump = threading.Thread(target=self._pump, args=(source, sink), daemon=True)
                self._threads.append(pump)
                pump.start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        source.settimeout(0.1)
        while not self._stopped.is_set():
            try:
                data = source.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            # Frozen: hold what arrived. The sender saw it sent, the receiver never gets it (until thawed).
            while not self._flowing.wait(timeout=0.1):
                pass
            if self._stopped.is_set():
                break
            try:
                sink.sendall(data)
            except OSError:
                break
        for sock in (source, sink):  # one side ended: end the other, so its peer sees it too
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def schema_url(postgres_server: str):
    """A direct URL to a fresh PostgreSQL schema (as conftest's store_url), dropped afterwards."""
    schema = f"store_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(postgres_server), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )
    with psycopg.connect(_libpq(postgres_server), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def small_timeouts(monkeypatch):
    monkeypatch.setenv("DASHBOARD_PG_IDLE_TX_TIMEOUT_MS", str(IDLE_TX_MS))
    monkeypatch.setenv("DASHBOARD_PG_LOCK_TIMEOUT_MS", str(LOCK_MS))


def _in_thread(call) -> tuple[threading.Thread, dict]:
    """Run call() in a daemon thread; the dict gets "result" or "error"."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _backend_alive(server: str, pid: int) -> bool:
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()[0] == 1


def _holds_publish_lock(server: str, pid: int) -> bool:
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = %s"
        return conn.execute(query, (pid,)).fetchone()[0] == 1


@pytest.mark.parametrize(
    "freeze_at, then, says",
    [
        # The network comes back: the silent publisher hears that the server ended its session.
        ("insert", "thaw", "idle-in-transaction timeout; nothing was published"),
        ("commit", "thaw", "idle-in-transaction timeout; nothing was published"),  # the server never got the COMMIT
        # The connection is cut while COMMIT is unanswered: the store cannot know, and says how to find out.
        ("commit", "cut", "may or may not have been published: look at the history"),
    ],
)
def test_a_publish_behind_a_silent_publisher_lands_within_seconds(
    postgres_server, schema_url, small_timeouts, tmp_path, freeze_at, then, says
):
    host, port = make_url(postgres_server).host or "127.0.0.1", make_url(postgres_server).port or 5432
    if host not in LOCAL_HOSTS:
        pytest.skip(f"the relay only forwards to a PostgreSQL on 127.0.0.1, not {host}")
    direct = Store(schema_url)
    direct.seed_from_folder(write_seed_folder(tmp_path / "datasets"))
    relay = Relay("127.0.0.1", port)
    stalled = None
    try:
        via_relay = make_url(schema_url).set(host="127.0.0.1", port=relay.port)
        stalled = Store(via_relay.render_as_string(hide_password=False))
        frozen, backend = threading.Event(), {}

        def freeze(conn, *_):
            # Runs before the INSERT (or COMMIT) is sent, the publish lock held: the relay holds the statement
            # back, and the server sees its session idle in the transaction.
            backend["pid"] = conn.connection.dbapi_connection.info.backend_pid
            relay.freeze()
            frozen.set()

        def freeze_at_insert(conn, _cursor, statement, *_):
            if statement.lstrip().upper().startswith("INSERT"):
                freeze(conn)

        if freeze_at == "commit":
            event.listen(stalled.engine, "commit", freeze)
        else:
            event.listen(stalled.engine, "before_cursor_execute", freeze_at_insert)
        silent, silent_outcome = _in_thread(
            lambda: stalled.publish("casualties", casualties_csv(4), author="silent", note="stalls", base_version=1)
        )
        assert frozen.wait(timeout=DEADLINE_S), "the stalled publish never reached its INSERT/COMMIT"
        assert _holds_publish_lock(postgres_server, backend["pid"])

        started = time.monotonic()
        waiting, outcome = _in_thread(
            lambda: direct.publish(
                "sources", sources_csv((*SOURCE_IDS, "icrc_2021")), author="Ana", note="add ICRC", base_version=1
            )
        )
        waiting.join(timeout=DEADLINE_S)
        took = time.monotonic() - started
        assert not waiting.is_alive(), f"the second publish still waits after {DEADLINE_S} s"
        assert "error" not in outcome, f"the second publish failed after {took:.1f} s: {outcome['error']}"
        assert took < LOCK_MS / 1000, took  # it got the lock when the server ended the silent session
        assert outcome["result"].version == 2
        assert [(v.version, v.author) for v in direct.history("sources")] == [(2, "Ana"), (1, "seed")]
        assert not _backend_alive(postgres_server, backend["pid"])  # the server ended the silent session

        relay.thaw() if then == "thaw" else relay.stop()
        silent.join(timeout=DEADLINE_S)
        assert not silent.is_alive()
        error = silent_outcome.get("error")
        assert isinstance(error, StoreTimeout), silent_outcome
        assert says in str(error), str(error)
        assert [(v.version, v.author) for v in direct.history("casualties")] == [(1, "seed")]  # it did not land
    finally:
        relay.stop()
        if stalled is not None:
            stalled.close()
        direct.close()


@pytest.mark.parametrize(
    "limit, reason",
    [("DASHBOARD_PG_LOCK_TIMEOUT_MS", "lock timeout"), ("DASHBOARD_PG_STATEMENT_TIMEOUT_MS", "statement timeout")],
)
def test_a_publish_that_waits_too_long_for_the_lock_is_refused_clearly(
    postgres_server, schema_url, tmp_path, monkeypatch, limit, reason
):
    direct = Store(schema_url)
    direct.seed_from_folder(write_seed_folder(tmp_path / "datasets"))
    monkeypatch.setenv("DASHBOARD_PG_LOCK_TIMEOUT_MS", "0")  # off, unless it is the limit under test
    monkeypatch.setenv(limit, "1000")
    store = Store(schema_url)
    holder = psycopg.connect(_libpq(postgres_server))  # another publisher, inside its transaction
    try:
        holder.execute(PUBLISH_LOCK_SQL)
        started = time.monotonic()
        waiting, outcome = _in_thread(
            lambda: store.publish("casualties", casualties_csv(5), author="Ana", note="waits", base_version=1)
        )
        waiting.join(timeout=DEADLINE_S)
        took = time.monotonic() - started
    finally:
        holder.close()  # ends its transaction, and so its lock, whatever happened above
    waiting.join(timeout=DEADLINE_S)
    assert took < 5, f"the publish waited {took:.1f} s for the lock: {outcome}"
    refused = outcome.get("error")
    assert isinstance(refused, StoreTimeout), outcome
    message = str(refused)
    assert "did not answer in time" in message and reason in message
    assert "nothing was published" in message and "Try again" in message
    assert refused.__cause__ is None and refused.__suppress_context__  # no driver traceback attached
    assert [(v.version, v.author) for v in store.history("casualties")] == [(1, "seed")]
    after = store.publish("casualties", casualties_csv(5), author="Ana", note="again", base_version=1)
    assert after.version == 2  # the refusal left nothing behind: the same publish goes through once the lock is free
    store.close()
    direct.close()


def test_session_settings_keep_the_urls_options(postgres_server, schema_url, monkeypatch):
    """connect_args would replace the URL's `options` (its search_path): ours go first, the URL's still apply."""
    monkeypatch.setenv("DASHBOARD_PG_STATEMENT_TIMEOUT_MS", "4321")
    monkeypatch.delenv("DASHBOARD_PG_IDLE_TX_TIMEOUT_MS", raising=False)
    url = make_url(schema_url)
    url = url.update_query_dict({"options": f"{url.query['options']} -c lock_timeout=1234"})  # the URL's own wins
    store = Store(url.render_as_string(hide_password=False))
    try:
        with store.engine.connect() as conn:
            shown = {name: conn.execute(text(f"SHOW {name}")).scalar() for name in
                     ("search_path", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")}
            keepalives = conn.connection.dbapi_connection.info.get_parameters().get("keepalives")
    finally:
        store.close()
    assert shown == {
        "search_path": url.query["options"].split()[0].removeprefix("-csearch_path="),
        "statement_timeout": "4321ms",
        "lock_timeout": "1234ms",
        "idle_in_transaction_session_timeout": "10s",
    }
    assert keepalives == "1"


def test_a_timeout_that_is_not_a_number_says_which_variable():
    with pytest.raises(ValueError, match="DASHBOARD_PG_LOCK_TIMEOUT_MS must be a whole number of milliseconds"):
        postgres_connect_args("postgresql+psycopg://postgres@127.0.0.1/test", {"DASHBOARD_PG_LOCK_TIMEOUT_MS": "10s"})
