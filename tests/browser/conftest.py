"""Real-browser fixtures: one `streamlit run` per session, Debian's Chromium through pytest-playwright.

- The app runs against a throw-away SQLite store (DASHBOARD_DB_PATH in a tmp dir) with one test maintainer
  ("ana", password TEST_PASSWORD) given through DASHBOARD_MAINTAINERS; an empty secrets file is passed so a
  developer's own .streamlit/secrets.toml cannot change who may log in.
- Chromium is /usr/bin/chromium with the flags measured in /work/shared/platform-notes.md; never
  `playwright install`. Without it every test here skips with a reason naming chromium (tests/conftest.py turns
  that skip into a failure when REQUIRE_CHROMIUM is set).
- Screenshots land in artifacts/screenshots/ (git-ignored), on success too, so a person can look at them.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_FLAGS, ROOT, SCREENSHOTS, TEST_PASSWORD, TEST_USER, TIMEOUT_MS, screenshot


def pytest_collection_modifyitems(config, items):
    """Order inside this folder: the shared-link test first (a link is often the first request a freshly started
    server gets, and must work then too), then the page tour, the rest, and the maintainer flow last (it publishes
    casualties version 2)."""
    here = Path(__file__).parent
    mine = [i for i in items if Path(str(i.path)).parent == here]
    if not mine:
        return
    first = [i for i in mine if Path(str(i.path)).name == "test_browser_links.py"]
    last = [i for i in mine if "publishes" in i.name]
    pages = [i for i in mine if Path(str(i.path)).name == "test_browser_pages.py"]
    middle = pages + [i for i in mine if i not in first and i not in last and i not in pages]
    start = items.index(mine[0])
    rest = [i for i in items if i not in mine]
    items[:] = rest[:start] + first + middle + last + rest[start:]


# ---------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium not found at {CHROMIUM} (apt-get install -y chromium); browser tests need it")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    """pytest-playwright's launch arguments, pointed at Debian's Chromium with the measured flags."""
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_FLAGS,
            "headless": True, "timeout": TIMEOUT_MS}


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    """page.goto("/wars") goes to the app started for this session."""
    return app_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, app_server):
    return {**browser_context_args, "base_url": app_server.url, "accept_downloads": True,
            "viewport": {"width": 1400, "height": 900}}


@pytest.fixture
def context(context, app_server):
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    app_server.check_alive()
    yield context
    app_server.check_alive()


# ---------------------------------------------------------------- app server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process, self.url, self.log = process, url, log

    def log_text(self, tail: int = 8000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-tail:]
        except OSError as error:
            return f"(no log: {error})"

    def check_alive(self) -> None:
        code = self.process.poll()
        if code is not None:
            pytest.fail(f"streamlit died (exit code {code}). Its log:\n{self.log_text()}", pytrace=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, chromium_path) -> AppServer:
    """ONE `streamlit run dashboard/app.py` for the session, on a free port, with a throw-away store."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from dashboard.maintain.auth import hash_password

    for stale in SCREENSHOTS.glob("FAILED-*.png"):  # from an earlier run; this run makes its own
        stale.unlink(missing_ok=True)
    tmp = tmp_path_factory.mktemp("app")
    secrets = tmp / "secrets.toml"
    secrets.write_text("# empty: maintainers come from DASHBOARD_MAINTAINERS\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",) and not k.startswith("STREAMLIT_")}
    env.update(
        DASHBOARD_DB_PATH=str(tmp / "dashboard.sqlite3"),
        DASHBOARD_MAINTAINERS=json.dumps({TEST_USER: hash_password(TEST_PASSWORD)}),
        BROWSER_PATH=str(CHROMIUM),
        PYTHONUNBUFFERED="1",
    )
    port = _free_port()
    log = tmp / "streamlit.log"
    # The `streamlit` command, as the README starts the app (`python -m streamlit` would also put the repo on
    # sys.path, which hides import problems a real deployment has).
    launcher = Path(sys.executable).parent / "streamlit"
    command = [
        *([str(launcher)] if launcher.exists() else [sys.executable, "-m", "streamlit"]), "run", "dashboard/app.py",
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
        "--secrets.files", str(secrets),
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = AppServer(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 60
        while True:
            server.check_alive()
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer /_stcore/health within 60 s. Its log:\n{server.log_text()}",
                            pytrace=False)
            time.sleep(0.2)
        yield server
    finally:
        server.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.browser_call_failed = report.failed


@pytest.fixture(autouse=True)
def _screenshot_on_failure(request, page):
    yield
    if getattr(request.node, "browser_call_failed", False):
        try:
            screenshot(page, f"FAILED-{request.node.name}")
        except Exception:  # noqa: BLE001 - the page may be gone; the failure itself is what matters
            pass
