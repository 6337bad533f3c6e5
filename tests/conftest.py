"""Suite-wide settings. In CI (REQUIRE_CHROMIUM / REQUIRE_POSTGRES / REQUIRE_LIBREOFFICE set by .ci/run) a test that
would skip for a missing browser, database or spreadsheet program fails instead, so a green run proves those paths ran."""
from __future__ import annotations

import os

import pytest

_REQUIRED = {
    "REQUIRE_CHROMIUM": ("chromium",),
    "REQUIRE_POSTGRES": ("postgresql",),
    "REQUIRE_LIBREOFFICE": ("libreoffice",),
}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr).lower()
    for variable, words in _REQUIRED.items():
        if os.environ.get(variable) and any(word in reason for word in words):
            report.outcome = "failed"
            report.longrepr = f"{variable} is set, but the test was skipped: {reason}"
