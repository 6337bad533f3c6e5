"""The log-in throttle's counters, kept in the store's database so every replica counts the same failures.

What it does (every number is in ThrottleRules below, and nowhere else):
- Per (user, client address): 3 failed log-ins within 15 minutes are free; then each further attempt waits 5 s
  after the last failure, doubling per failure, at most 15 minutes.
- Per user, from every address together: 10 failures within 15 minutes are free; then each attempt waits 1 s after
  the user's last failure, doubling, at most 60 s. This ceiling slows a guesser spread over many addresses, while a
  failure from another address delays the real maintainer by at most 60 s (never the 15 minutes of the first rule).
- An address the user logged in from successfully in the last 30 days is exempt from the per-user wait (its own
  per-address count still applies), so a sustained attack from elsewhere cannot keep her out from there at all.

An attempt is reserved before the password is checked: `begin_attempt` counts it as a failure straight away (or
refuses it, with the wait, if the rules say wait), all in one transaction that every replica takes in turn: SQLite's
write lock (BEGIN IMMEDIATE) or one PostgreSQL transaction-scoped advisory lock. So N simultaneous wrong passwords
from one address get exactly the free attempts through to argon2; the rest are refused without it. `succeeded`
forgives the (user, address) failures and remembers the address; `failed` says how long to wait now.

Stored per attempt: the user name lower-cased (as typed, also for unknown users), a SHA-256 of the client address
(a pseudonym, not a secret: addresses stay out of plain sight), the time, and whether it succeeded. Never a password.
Rows older than the window (successes: older than 30 days) are deleted at every reservation, so the table holds at
most the attempts of the last 15 minutes however many user names an attacker makes up.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Double,
    Engine,
    Index,
    MetaData,
    String,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.exc import OperationalError

from i18n import _
from store.errors import StoreUnavailable

UNKNOWN_CLIENT = "unknown"  # the client key when the address is not known (localhost, tests, a proxy hiding it)
USER_KEY_LENGTH = 200

# Its own MetaData: the table is created explicitly when a throttle is built (LoginThrottle.__init__), not as a
# side effect of opening a Store.
throttle_metadata = MetaData()

login_attempts = Table(
    "login_attempts",
    throttle_metadata,
    Column("user_key", String(USER_KEY_LENGTH), nullable=False),  # the user name as typed, stripped, lower-cased
    Column("client_key", String(64), nullable=False),  # hex SHA-256 of the client address
    Column("at", Double, nullable=False),  # seconds since the epoch (the throttle's clock)
    Column("succeeded", Boolean, nullable=False),  # False: a failure, or an attempt still being checked
    Index("login_attempts_user_at", "user_key", "at"),
    Index("login_attempts_at", "at"),
)

# Every write to login_attempts on PostgreSQL takes this one lock first (the two-key form: it cannot collide with
# the store's one-key locks). One lock rather than one per user: a reservation lasts milliseconds, and a single
# lock keeps the pruning DELETE free of deadlocks between replicas.
THROTTLE_LOCK_SQL = text("SELECT pg_advisory_xact_lock(hashtext('login_attempts'), 0)")


@dataclass(frozen=True)
class Backoff:
    """`free` failures cost nothing; after them the next attempt waits `first` seconds, doubling, at most `cap`."""

    free: int
    first: float
    cap: float

    def wait(self, failures: int, last: float | None, now: float) -> float:
        """Seconds still to wait at `now`, given the number of recent failures and the time of the last one."""
        if failures < self.free or last is None:
            return 0.0
        delay = min(self.first * 2.0 ** min(failures - self.free, 64), self.cap)
        return max(0.0, last + delay - now)


@dataclass(frozen=True)
class ThrottleRules:
    """All the throttle's numbers, in seconds."""

    window: float = 15 * 60  # failures older than this are forgotten
    per_address: Backoff = Backoff(free=3, first=5.0, cap=15 * 60)  # one user from one client address
    per_user: Backoff = Backoff(free=10, first=1.0, cap=60.0)  # one user from all addresses: the ceiling
    trusted_for: float = 30 * 24 * 3600  # a successful address skips the per-user wait this long


THROTTLE_RULES = ThrottleRules()


@dataclass(frozen=True)
class Attempt:
    """A reserved log-in attempt. `wait` > 0: refused, try again in that many seconds (do not check the password)."""

    user_key: str
    client_key: str
    wait: float

    @property
    def allowed(self) -> bool:
        return self.wait <= 0


def user_key(user: str) -> str:
    return user.strip().lower()[:USER_KEY_LENGTH]


def client_key(address: str | None) -> str:
    address = (address or "").strip() or UNKNOWN_CLIENT
    return hashlib.sha256(f"login-throttle:{address}".encode()).hexdigest()


class LoginThrottle:
    """Failed log-ins counted in the store's database, shared by every process using it (see the module docstring).

    Build one per process: `LoginThrottle.from_store(store)` or `LoginThrottle(make_engine(url))` (an engine from
    store.database.make_engine, whose `write` option takes SQLite's write lock at BEGIN). The clock is injectable
    for tests; it must be wall-clock time (replicas compare each other's timestamps).
    """

    def __init__(self, engine: Engine, *, rules: ThrottleRules = THROTTLE_RULES, clock: Callable[[], float] = time.time):
        self.engine, self.rules, self._clock = engine, rules, clock
        self._safe_url = engine.url.render_as_string(hide_password=True)
        with self._locked() as conn:  # creating the table once, even when replicas start together
            login_attempts.create(conn, checkfirst=True)

    @classmethod
    def from_store(cls, store, **options) -> LoginThrottle:
        """A throttle on the database of a Store (its engine; closing the store closes it)."""
        return cls(store.engine, **options)

    def begin_attempt(self, user: str, client: str | None) -> Attempt:
        """Reserve one attempt, counted as a failure until `succeeded`; or refuse it with the wait."""
        ukey, ckey = user_key(user), client_key(client)
        with self._locked() as conn:
            now = self._clock()  # read under the lock, so reservations are in time order
            self._prune(conn, now)
            wait = self._wait(conn, ukey, ckey, now)
            if wait <= 0:
                conn.execute(insert(login_attempts).values(user_key=ukey, client_key=ckey, at=now, succeeded=False))
        return Attempt(ukey, ckey, wait)

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: forget this (user, address)'s failures and remember the address as trusted."""
        if not attempt.allowed:
            raise ValueError("a refused attempt cannot succeed: its password was never checked")
        pair = and_(login_attempts.c.user_key == attempt.user_key, login_attempts.c.client_key == attempt.client_key)
        with self._locked() as conn:
            conn.execute(delete(login_attempts).where(pair))
            conn.execute(
                insert(login_attempts).values(
                    user_key=attempt.user_key, client_key=attempt.client_key, at=self._clock(), succeeded=True
                )
            )

    def failed(self, attempt: Attempt) -> float:
        """The password was wrong (already counted at reservation): the seconds to wait before the next attempt."""
        return self._peek(attempt.user_key, attempt.client_key)

    def wait_seconds(self, user: str, client: str | None) -> float:
        """Seconds before this user may try again from this address; 0 when now. Reserves nothing."""
        return self._peek(user_key(user), client_key(client))

    # --- inside -------------------------------------------------------------------------------

    def _peek(self, ukey: str, ckey: str) -> float:
        with self._reachable(), self.engine.connect() as conn:
            return self._wait(conn, ukey, ckey, self._clock())

    def _wait(self, conn: Connection, ukey: str, ckey: str, now: float) -> float:
        t, rules = login_attempts.c, self.rules
        is_pair = t.client_key == ckey
        failures = (
            select(
                func.count(),
                func.max(t.at),
                func.count().filter(is_pair),
                func.max(t.at).filter(is_pair),
            )
            .where(t.user_key == ukey, t.succeeded.is_(False), t.at > now - rules.window)
        )
        user_count, user_last, pair_count, pair_last = conn.execute(failures).one()
        wait = rules.per_address.wait(pair_count, pair_last, now)
        trusted = conn.execute(
            select(
                exists().where(t.user_key == ukey, is_pair, t.succeeded.is_(True), t.at > now - rules.trusted_for)
            )
        ).scalar()
        if not trusted:
            wait = max(wait, rules.per_user.wait(user_count, user_last, now))
        return wait

    def _prune(self, conn: Connection, now: float) -> None:
        t = login_attempts.c
        conn.execute(
            delete(login_attempts).where(
                or_(
                    and_(t.succeeded.is_(False), t.at <= now - self.rules.window),
                    and_(t.succeeded.is_(True), t.at <= now - self.rules.trusted_for),
                )
            )
        )

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        """A write transaction every process takes in turn (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory lock)."""
        with self._reachable():
            conn = self.engine.connect().execution_options(write=True)
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="READ COMMITTED")  # reads after the lock see the last commit
            with conn, conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(THROTTLE_LOCK_SQL)
                yield conn

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            # Translators: {url} is the database's address (without its password), {reason} the database's own (English)
            # explanation; DATABASE_URL and DASHBOARD_DB_PATH are settings: keep them as they are.
            message = _("The log-in throttle's database cannot be reached ({url}): {reason}. Check DATABASE_URL (or "
                        "DASHBOARD_DB_PATH) and that the database is running, then try again.")
            raise StoreUnavailable(message.format(url=self._safe_url, reason=reason)) from None
        except OSError as error:
            # Translators: {url} is the database's address, {error} the system's own (English) explanation.
            raise StoreUnavailable(_("The log-in throttle's database file cannot be opened ({url}): {error}.").format(
                url=self._safe_url, error=error)) from None

