"""Maintainer log-in: argon2 password hashes, the log-in decision behind the throttle, and the OIDC e-mail allow-list.

Pure (no streamlit). Passwords are only ever handed to argon2: never logged, stored or echoed. The throttle's rules
and its counters (in the store's database, shared by replicas) are in store/throttle.py.
"""
from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

if TYPE_CHECKING:
    from store.throttle import Attempt

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
            "make one with `python -m dashboard.maintain hash-password`."
        )
    return {str(user): str(value) for user, value in found.items()}


def is_allowed_email(email: str | None, allowed: list[str]) -> bool:
    """Whether an OIDC-verified e-mail address is on the maintainers' allow-list (case-insensitive)."""
    if not email or not email.strip():
        return False
    wanted = email.strip().casefold()
    return any(wanted == entry.strip().casefold() for entry in allowed)


class Throttle(Protocol):
    """What check_login needs of a throttle: store.throttle.LoginThrottle (counters shared by every replica)."""

    def begin_attempt(self, user: str, client: str | None) -> Attempt: ...

    def succeeded(self, attempt: Attempt) -> None: ...

    def failed(self, attempt: Attempt) -> float: ...


@dataclass(frozen=True)
class LoginResult:
    """The outcome of one log-in form submission."""

    maintainer: str | None  # the user name when the password was right; None when refused
    message: str = ""  # what to tell the person when refused


WRONG = "User name or password is wrong."


def check_login(
    throttle: Throttle, maintainers: Mapping[str, str], username: str, password: str, client: str | None
) -> LoginResult:
    """Reserve an attempt first (refused: argon2 never runs), then verify; a success forgives the failures.

    The reservation counts as a failure until the password proves right, so simultaneous wrong passwords from one
    address get only the throttle's free attempts through to argon2. `client` is the client address (None: unknown).
    """
    name = username.strip()
    attempt = throttle.begin_attempt(name, client)
    if not attempt.allowed:
        return LoginResult(None, wait_message(attempt.wait))
    if verify(name, password, maintainers):
        throttle.succeeded(attempt)
        return LoginResult(name)
    wait = throttle.failed(attempt)
    return LoginResult(None, WRONG + (f" {wait_message(wait)}" if wait > 0 else ""))


def wait_message(seconds: float) -> str:
    """How a page words the throttle: whole seconds, rounded up."""
    return f"Too many failed attempts. Try again in {math.ceil(seconds)} seconds."
