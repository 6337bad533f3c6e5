"""Maintainer log-in: argon2 password hashes, a throttle on repeated failures, and the OIDC e-mail allow-list.

Pure (no streamlit). Passwords are only ever handed to argon2: never logged, stored or echoed.
"""
from __future__ import annotations

import functools
import json
import math
import os
import threading
import time
from collections.abc import Callable, Mapping

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MAINTAINERS_ENV = "DASHBOARD_MAINTAINERS"  # JSON object {"username": "$argon2id$..."}

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash to put in the maintainers mapping."""
    return _hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("no such maintainer")


def verify(username: str, password: str, maintainers: Mapping[str, str]) -> bool:
    """Whether the password matches the user's hash. Unknown users cost the same argon2 work, so timing tells nothing."""
    stored = maintainers.get(username)
    try:
        _hasher.verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


def load_maintainers(secrets: Mapping | None = None, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """{username: argon2 hash} from secrets["maintainers"] (secrets.toml), else from DASHBOARD_MAINTAINERS (JSON).

    Raises ValueError naming the problem (never a value: it may be a pasted password) when the setting is malformed.
    """
    if secrets is not None and "maintainers" in secrets:
        found, origin = dict(secrets["maintainers"]), "[maintainers] in .streamlit/secrets.toml"
    elif environ.get(MAINTAINERS_ENV, "").strip():
        origin = f"the {MAINTAINERS_ENV} environment variable"
        try:
            found = json.loads(environ[MAINTAINERS_ENV])
        except json.JSONDecodeError as error:
            raise ValueError(f"{origin} is not valid JSON ({error.msg}); expected {{\"username\": \"$argon2id$...\"}}") from None
        if not isinstance(found, dict):
            raise ValueError(f"{origin} must be a JSON object {{\"username\": \"$argon2id$...\"}}")
    else:
        return {}
    not_hashes = sorted(str(user) for user, value in found.items() if not str(value).startswith("$argon2"))
    if not_hashes:
        raise ValueError(
            f"In {origin}, the entry for {', '.join(not_hashes)} is not an argon2 hash; "
            "make one with `python -m dashboard.admin hash-password`."
        )
    return {str(user): str(value) for user, value in found.items()}


def is_allowed_email(email: str | None, allowed: list[str]) -> bool:
    """Whether an OIDC-verified e-mail address is on the maintainers' allow-list (case-insensitive)."""
    if not email or not email.strip():
        return False
    wanted = email.strip().casefold()
    return any(wanted == entry.strip().casefold() for entry in allowed)


class LoginThrottle:
    """Slow down guessing: after `free_failures` failures within `window` seconds, each attempt waits longer.

    Keys are usernames or client keys; the caller checks `wait_seconds(key)` before verifying and shows it.
    Thread-safe (Streamlit serves sessions on threads); the clock is injectable for tests.
    """

    def __init__(
        self,
        *,
        free_failures: int = 3,
        window: float = 15 * 60,
        first_delay: float = 5.0,
        max_delay: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free_failures, self.window = free_failures, window
        self.first_delay, self.max_delay = first_delay, max_delay
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, key: str) -> float:
        """Seconds before the next attempt for this key is allowed; 0 when it may go ahead now."""
        with self._lock:
            now = self._clock()
            recent = self._recent(key, now)
            if len(recent) < self.free_failures:
                return 0.0
            # 3rd failure -> first_delay, then doubling for each further failure, capped.
            delay = min(self.first_delay * 2 ** (len(recent) - self.free_failures), self.max_delay)
            return max(0.0, recent[-1] + delay - now)

    def record_failure(self, key: str) -> float:
        """Count a failed attempt; returns the seconds to wait before the next one."""
        with self._lock:
            now = self._clock()
            self._failures[key] = self._recent(key, now) + [now]
            self._forget_old(now)
        return self.wait_seconds(key)

    def record_success(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> list[float]:
        return [t for t in self._failures.get(key, []) if now - t < self.window]

    def _forget_old(self, now: float) -> None:
        # Keys are attacker-chosen usernames: drop those with nothing recent so memory stays bounded by the window.
        for key in [k for k, times in self._failures.items() if not times or now - times[-1] >= self.window]:
            del self._failures[key]


def wait_message(seconds: float) -> str:
    """How a page words the throttle: whole seconds, rounded up."""
    return f"Too many failed attempts. Try again in {math.ceil(seconds)} seconds."
