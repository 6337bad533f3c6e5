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

from i18n import N_, _, ngettext, number

if TYPE_CHECKING:
    from store.throttle import Attempt

MAINTAINERS_ENV = "DASHBOARD_MAINTAINERS"  # JSON object {"username": "$argon2id$..."}
EXPECTED = '{"username": "$argon2id$..."}'  # the setting's shape, quoted in its error messages
HASH_COMMAND = "python -m dashboard.maintain hash-password"

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

    Raises ValueError naming the problem (never a value: it may be a pasted password) when the setting is malformed;
    the Maintain page shows its message, so it is in the reader's language.
    """
    in_secrets = secrets is not None and "maintainers" in secrets
    if in_secrets:
        found = dict(secrets["maintainers"])
    elif environ.get(MAINTAINERS_ENV, "").strip():
        try:
            found = json.loads(environ[MAINTAINERS_ENV])
        except json.JSONDecodeError as error:
            # Translators: {error} is the JSON parser's own (English) description; {expected} is the setting's shape
            raise ValueError(_("the {variable} environment variable is not valid JSON ({error}); expected {expected}").format(
                variable=MAINTAINERS_ENV, error=error.msg, expected=EXPECTED)) from None
        if not isinstance(found, dict):
            # Translators: {expected} is the setting's shape, {"username": "$argon2id$..."}
            raise ValueError(_("the {variable} environment variable must be a JSON object {expected}").format(
                variable=MAINTAINERS_ENV, expected=EXPECTED))
    else:
        return {}
    not_hashes = sorted(str(user) for user, value in found.items() if not str(value).startswith("$argon2"))
    if not_hashes:
        users = ", ".join(not_hashes)
        if in_secrets:
            # Translators: {users} are maintainers' user names; keep [maintainers], the file name and the command as they are
            message = _("In [maintainers] in .streamlit/secrets.toml, the entry for {users} is not an argon2 hash; "
                        "make one with `{command}`.")
        else:
            # Translators: {users} are maintainers' user names; keep the variable's name and the command as they are
            message = _("In the {variable} environment variable, the entry for {users} is not an argon2 hash; "
                        "make one with `{command}`.")
        raise ValueError(message.format(users=users, variable=MAINTAINERS_ENV, command=HASH_COMMAND))
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


WRONG = N_("User name or password is wrong.")  # English; check_login says it in the reader's language


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
    return LoginResult(None, _(WRONG) + (f" {wait_message(wait)}" if wait > 0 else ""))  # two sentences


def wait_message(seconds: float) -> str:
    """How a page words the throttle: whole seconds, rounded up, in the reader's language."""
    whole = math.ceil(seconds)
    return ngettext("Too many failed attempts. Try again in {n} second.",
                    "Too many failed attempts. Try again in {n} seconds.", whole).format(n=number(whole))
