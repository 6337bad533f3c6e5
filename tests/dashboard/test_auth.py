"""Maintainer passwords, the maintainers setting, the login throttle and the OIDC allow-list."""
from __future__ import annotations

import json

import pytest

from dashboard.auth import (
    LoginThrottle,
    hash_password,
    is_allowed_email,
    load_maintainers,
    verify,
    wait_message,
)


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
    from dashboard import auth

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
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_three_failures_then_an_increasing_delay():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    assert [throttle.record_failure("ana") for _ in range(2)] == [0.0, 0.0]
    assert throttle.wait_seconds("ana") == 0.0
    assert throttle.record_failure("ana") == 5.0  # the third failure
    clock.now += 2
    assert throttle.wait_seconds("ana") == 3.0
    clock.now += 3
    assert throttle.wait_seconds("ana") == 0.0
    assert throttle.record_failure("ana") == 10.0
    clock.now += 10
    assert throttle.record_failure("ana") == 20.0
    assert throttle.wait_seconds("boris") == 0.0  # keys are counted apart
    assert wait_message(19.2) == "Too many failed attempts. Try again in 20 seconds."


def test_the_delay_is_capped():
    clock = Clock()
    throttle = LoginThrottle(clock=clock, max_delay=60)
    for _ in range(20):
        wait = throttle.record_failure("client-1")
        clock.now += wait
    assert wait == 60


def test_a_success_resets_the_count():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(3):
        throttle.record_failure("ana")
    throttle.record_success("ana")
    assert throttle.wait_seconds("ana") == 0.0
    assert throttle.record_failure("ana") == 0.0


def test_failures_older_than_the_window_are_forgotten():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(3):
        throttle.record_failure("ana")
    clock.now += 15 * 60
    assert throttle.wait_seconds("ana") == 0.0
    assert throttle.record_failure("ana") == 0.0  # one recent failure, not four


def test_allowed_emails_ignore_case_and_spaces():
    allowed = ["Ana@NGO.org", " boris@example.net "]
    assert is_allowed_email("ana@ngo.org", allowed)
    assert is_allowed_email("BORIS@example.NET", allowed)
    assert not is_allowed_email("carla@ngo.org", allowed)
    assert not is_allowed_email("ana@ngo.org.evil.com", allowed)
    assert not is_allowed_email("", allowed) and not is_allowed_email(None, allowed)
