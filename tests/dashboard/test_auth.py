"""Maintainer passwords, the maintainers setting, the login throttle and the OIDC allow-list.

The throttle here is the real one (store/throttle.py) on a SQLite file; tests/store/test_throttle_store.py runs its
shared-counter, replica and pruning tests on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest

from dashboard.maintain import auth
from dashboard.maintain.auth import (
    check_login,
    hash_password,
    is_allowed_email,
    load_maintainers,
    verify,
    wait_message,
)
from store.database import make_engine
from store.throttle import Backoff, LoginThrottle, ThrottleRules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))  # as test_admin does
from counting_hasher import CountingHasher  # noqa: E402


@pytest.fixture(scope="module")
def maintainers() -> dict[str, str]:
    return {"ana": hash_password("correct horse"), "boris": hash_password("tr0ub4dor")}


def test_verify_accepts_the_right_password(maintainers):
    assert verify("ana", "correct horse", maintainers)
    assert verify("boris", "tr0ub4dor", maintainers)


def test_verify_refuses_a_wrong_password_or_another_users(maintainers):
    assert not verify("ana", "correct horse ", maintainers)
    assert not verify("ana", "tr0ub4dor", maintainers)
    assert not verify("ana", "", maintainers)


def test_an_unknown_user_costs_the_same_argon2_work_and_is_refused(maintainers, monkeypatch):
    from dashboard.maintain import auth

    checked = []

    class Spy:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, hashed, password):
            checked.append(hashed)
            return real.verify(hashed, password)

    real = auth._hasher
    monkeypatch.setattr(auth, "_hasher", Spy())
    assert not verify("nobody", "correct horse", maintainers)
    assert not verify("ana", "wrong", maintainers)
    # Both paths run one argon2 verify with the same parameters, so their timing tells nothing.
    assert len(checked) == 2 and checked[0] != maintainers["ana"]
    assert checked[0].split("$")[1:4] == checked[1].split("$")[1:4]  # argon2id, v=19, m=..,t=..,p=..


def test_a_broken_hash_is_a_refusal_not_a_crash():
    assert not verify("ana", "x", {"ana": "not-a-hash"})


def test_maintainers_come_from_secrets_then_the_environment(maintainers):
    env = {"DASHBOARD_MAINTAINERS": json.dumps({"carla": maintainers["ana"]})}
    assert load_maintainers({"maintainers": {"ana": maintainers["ana"]}}, env) == {"ana": maintainers["ana"]}
    assert load_maintainers({}, env) == {"carla": maintainers["ana"]}
    assert load_maintainers(None, {}) == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["ana"]', "must be a JSON object"),
        ('{"ana": "hunter2"}', "the entry for ana is not an argon2 hash"),
    ],
)
def test_a_malformed_maintainers_setting_is_named_without_echoing_it(value, message):
    with pytest.raises(ValueError, match=message) as bad:
        load_maintainers(None, {"DASHBOARD_MAINTAINERS": value})
    assert "hunter2" not in str(bad.value)


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def engine(tmp_path):
    made = make_engine(f"sqlite:///{tmp_path / 'throttle.sqlite3'}")
    yield made
    made.dispose()


@pytest.fixture
def throttle(engine, clock) -> LoginThrottle:
    return LoginThrottle(engine, clock=clock)


def fail(throttle: LoginThrottle, user: str = "ana", client: str | None = "192.0.2.7") -> float:
    """One wrong password: reserve (must be allowed), then report the failure; returns the wait shown."""
    attempt = throttle.begin_attempt(user, client)
    assert attempt.allowed, f"refused with {attempt.wait} s"
    return throttle.failed(attempt)


def test_the_backoff_rule():
    rule = Backoff(free=3, first=5.0, cap=60.0)
    assert rule.wait(2, 1000.0, 1000.0) == 0.0
    assert rule.wait(3, 1000.0, 1000.0) == 5.0 and rule.wait(3, 1000.0, 1002.0) == 3.0
    assert [rule.wait(n, 0.0, 0.0) for n in (4, 5, 6, 7, 50, 10_000)] == [10.0, 20.0, 40.0, 60.0, 60.0, 60.0]


def test_three_failures_then_an_increasing_delay(throttle, clock):
    assert [fail(throttle) for _ in range(2)] == [0.0, 0.0]
    assert throttle.wait_seconds("ana", "192.0.2.7") == 0.0
    assert fail(throttle) == 5.0  # the third failure
    clock.now += 2
    assert throttle.wait_seconds("ana", "192.0.2.7") == 3.0
    refused = throttle.begin_attempt("ana", "192.0.2.7")
    assert not refused.allowed and refused.wait == 3.0  # refused: the password is not checked, nothing counted
    clock.now += 3
    assert throttle.wait_seconds("ana", "192.0.2.7") == 0.0
    assert fail(throttle) == 10.0
    clock.now += 10
    assert fail(throttle) == 20.0
    assert throttle.wait_seconds("boris", "192.0.2.7") == 0.0  # users are counted apart
    assert throttle.wait_seconds("ANA ", "192.0.2.7") == 20.0  # the same user, whatever the case
    assert wait_message(19.2) == "Too many failed attempts. Try again in 20 seconds."


def test_the_delay_is_capped(engine, clock):
    throttle = LoginThrottle(engine, clock=clock, rules=ThrottleRules(per_address=Backoff(3, 5.0, 60.0)))
    waits = []
    for _ in range(20):
        waits.append(fail(throttle, client="client-1"))
        clock.now += waits[-1]
    assert waits[:8] == [0, 0, 5, 10, 20, 40, 60, 60] and max(waits) == 60


def test_a_success_resets_the_count(throttle):
    for _ in range(2):
        fail(throttle)
    attempt = throttle.begin_attempt("ana", "192.0.2.7")
    throttle.succeeded(attempt)
    assert throttle.wait_seconds("ana", "192.0.2.7") == 0.0
    assert [fail(throttle) for _ in range(3)] == [0.0, 0.0, 5.0]  # three free failures again, not one


def test_failures_older_than_the_window_are_forgotten(throttle, clock):
    for _ in range(3):
        fail(throttle)
    clock.now += 15 * 60
    assert throttle.wait_seconds("ana", "192.0.2.7") == 0.0
    assert fail(throttle) == 0.0  # one recent failure, not four


def test_another_address_is_not_locked_out_by_the_first(throttle, clock):
    for _ in range(3):
        fail(throttle, client="203.0.113.66")
    assert throttle.wait_seconds("ana", "203.0.113.66") == 5.0
    assert throttle.wait_seconds("ana", "192.0.2.7") == 0.0
    assert throttle.wait_seconds("ana", None) == 0.0  # an unknown address is one more key, "unknown"


def test_check_login_reserves_before_argon2(throttle, maintainers, monkeypatch):
    hasher = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", hasher)
    assert check_login(throttle, maintainers, "ana", "wrong", "192.0.2.7") == auth.LoginResult(None, auth.WRONG)
    assert check_login(throttle, maintainers, "ana", "wrong", "192.0.2.7").message == auth.WRONG
    third = check_login(throttle, maintainers, "ana", "wrong", "192.0.2.7")
    assert third.message == "User name or password is wrong. Too many failed attempts. Try again in 5 seconds."
    refused = check_login(throttle, maintainers, "ana", "correct horse", "192.0.2.7")
    assert refused == auth.LoginResult(None, "Too many failed attempts. Try again in 5 seconds.")
    assert hasher.calls == 3  # the refused attempt never reached argon2, even with the right password
    assert check_login(throttle, maintainers, " ana ", "correct horse", "198.51.100.1") == auth.LoginResult("ana")
    assert hasher.calls == 4


def test_twelve_wrong_passwords_at_once_reach_argon2_three_times(throttle, maintainers, monkeypatch):
    hasher = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", hasher)
    start, results = threading.Barrier(12), []

    def submit(index: int) -> None:
        start.wait(timeout=30)
        results.append(check_login(throttle, maintainers, "ana", f"guess {index}", "192.0.2.7"))

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert hasher.calls == 3
    messages = sorted(r.message for r in results)
    assert len(results) == 12 and all(r.maintainer is None for r in results)
    assert sum(m.startswith(auth.WRONG) for m in messages) == 3
    assert messages.count("Too many failed attempts. Try again in 5 seconds.") == 9


def _login_page():
    from dashboard.ui.login import login_form

    login_form()


def _submit(app, user: str, password: str) -> list[str]:
    app.text_input[0].set_value(user)
    app.text_input[1].set_value(password)
    app.button[0].click().run()
    assert not app.exception
    return [e.value for e in app.error]


def test_the_log_in_form_reserves_before_argon2(monkeypatch):
    from streamlit.testing.v1 import AppTest

    hasher = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", hasher)
    app = AppTest.from_function(_login_page, default_timeout=60)
    app.secrets["maintainers"] = {"carla": hash_password("s3cret")}  # not ana: the page tests log her in later
    app.run()
    assert [_submit(app, "carla", "wrong") for _ in range(2)] == [[auth.WRONG]] * 2
    assert _submit(app, "carla", "wrong") == [f"{auth.WRONG} Too many failed attempts. Try again in 5 seconds."]
    refused = _submit(app, "carla", "s3cret")
    assert len(refused) == 1 and refused[0].startswith("Too many failed attempts. Try again in")
    assert hasher.calls == 3 and "maintainer" not in app.session_state


def test_the_log_in_form_fails_closed_without_the_store(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard.ui import login
    from dashboard.ui.data_access import DataUnavailable

    def unavailable():
        raise DataUnavailable("The dataset database cannot be reached (sqlite:///x.sqlite3): disk I/O error.")

    monkeypatch.setattr(login, "throttle", unavailable)
    app = AppTest.from_function(_login_page, default_timeout=60)
    app.secrets["maintainers"] = {"ana": hash_password("correct horse")}
    app.run()
    (error,) = _submit(app, "ana", "correct horse")
    assert error.startswith("Log-in is closed for now") and "disk I/O error" in error
    assert "maintainer" not in app.session_state


def test_allowed_emails_ignore_case_and_spaces():
    allowed = ["Ana@NGO.org", " boris@example.net "]
    assert is_allowed_email("ana@ngo.org", allowed)
    assert is_allowed_email("BORIS@example.NET", allowed)
    assert not is_allowed_email("carla@ngo.org", allowed)
    assert not is_allowed_email("ana@ngo.org.evil.com", allowed)
    assert not is_allowed_email("", allowed) and not is_allowed_email(None, allowed)
