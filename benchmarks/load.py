"""Server load: N viewer sessions at once over Streamlit's own WebSocket protocol, each loading a page and changing a
filter; the time of every rerun until its script_finished message, errors and the server's memory.

    python -m benchmarks.load [--sessions 10,50,100] [--changes 3] [--pages wars,blockade] [--timeout 300]
                              [--rerun-timeout 120] [--no-file-watcher] [--url http://127.0.0.1:PORT] [--server-pid PID]
                              [--no-write]

No browser: each viewer is a WebSocket client (the `websockets` package, a dependency of Streamlit itself) that
sends the BackMsg protobufs the installed streamlit package ships and reads the ForwardMsgs back, as the frontend
does. It measures the server: script runs, serialising and sending the deltas. Unless --url is given, each load
level gets a fresh `streamlit run dashboard/app.py` on a free loopback port against a throwaway SQLite store
(DASHBOARD_DB_PATH, seeded from datasets/ on first open), warmed by one viewer per page before the clock starts.
Only loopback servers are accepted; the number of sessions and every wait are bounded.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from benchmarks._measure import ROOT, machine, machine_line, megabytes, seconds, table, update_results

MAX_SESSIONS = 200
# The widget each page's viewers change, by its key in the app (dashboard/ui/url_state.py prefixes filters with
# "url-"). Overview and Exodus have no filter of their own: their viewers switch the language (every page has it).
FILTERS = {"wars": "url-episode", "blockade": "url-measure", "overview": "language", "exodus": "language"}
# The page's address as a browser sends it (page_name is the URL path): Overview is the default page, at "/".
URL_PATHS = {"overview": ""}
SAMPLE_EVERY_S = 0.2
WARM_TIMEOUT_S = 180  # the first viewer of a fresh server also waits for the store to seed itself
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the server ---------------------------------------------------------------------------------------------------

def free_port() -> int:
    """A port nobody listens on now, so the benchmark never collides with a running app (or the CI's)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback_base(url: str) -> str:
    """http://host:port[/base] of a server on this machine; anything else is refused (this is a load generator)."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    host = parsed.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback or parsed.scheme not in ("http", "ws") or not parsed.port:
        raise SystemExit(f"--url must be http://127.0.0.1:PORT (loopback, with a port); got {url!r}")
    netloc = f"[{host}]:{parsed.port}" if ":" in host else f"{host}:{parsed.port}"
    return f"http://{netloc}{parsed.path.rstrip('/')}"


def start_server(store: Path, log: Path, watcher: bool = True) -> tuple[subprocess.Popen, str]:
    """`streamlit run` on a free loopback port, its output kept in `log` for when something fails. The file
    watcher stays on by default, as README's `streamlit run` has it: each new session scans sys.modules for files
    to watch after its first run, which the first load pays for."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
               "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false"] + ([] if watcher else ["--server.fileWatcherType", "none"])
    env = {**os.environ, "DASHBOARD_DB_PATH": str(store)}
    with open(log, "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(base: str, process: subprocess.Popen | None, timeout: float = 90) -> None:
    """Poll /_stcore/health until it answers ok: the port is open before the runtime can take sessions."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base}/_stcore/health did not answer within {timeout:.0f} s")


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM (Streamlit shuts down cleanly on it), then SIGKILL if it hangs: never leave a server behind."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


# --- the server's memory and CPU ------------------------------------------------------------------------------------

def _tree(pid: int) -> list[int]:
    """The process and every descendant (Streamlit starts none today, but a page could, e.g. Chromium for exports)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def cpu_seconds(pid: int, thread: int | None = None) -> float:
    """User + system CPU of a process (all its threads, dead ones included) or of one of its threads."""
    path = f"/proc/{pid}/task/{thread}/stat" if thread else f"/proc/{pid}/stat"
    try:
        with open(path) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


class RssSampler(threading.Thread):
    """Sums VmRSS over the server's process tree every 0.2 s and keeps the peak: VmHWM of one process would miss
    children, and the server cannot report its own peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.stopped = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in _tree(self.pid)))
            self.stopped.wait(SAMPLE_EVERY_S)

    def stop(self) -> float:
        self.stopped.set()
        self.join(timeout=5)
        return self.peak_kb * 1024 / 1e6


# --- one viewer -----------------------------------------------------------------------------------------------------

class RerunFailed(RuntimeError):
    """A rerun that ended without the page: compile error, page not found, or an Exception element drawn."""


@dataclass
class Viewer:
    """One browser tab's worth of protocol state: the socket, the URL's query string, the widgets last drawn."""

    ws: object
    page: str
    query_string: str = ""
    widgets: dict = field(default_factory=dict)   # element id -> Radio or Selectbox proto, drawn by the last run
    states: dict = field(default_factory=dict)    # element id -> WidgetState we set (sent again each rerun, as a tab does)
    exceptions: list = field(default_factory=list)
    charts: int = 0      # Plotly charts the last run drew: a first load without one is not the page
    received: int = 0    # bytes of ForwardMsgs, all runs

    async def rerun(self, timeout: float) -> float:
        """Send rerun_script with the current query string, page and widget states; seconds until the run's
        script_finished (a run the app restarted itself, FINISHED_EARLY_FOR_RERUN, is waited through)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        message.rerun_script.page_name = URL_PATHS.get(self.page, self.page)
        message.rerun_script.widget_states.widgets.extend(self.states.values())
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        await asyncio.wait_for(self._until_finished(), timeout)
        return time.perf_counter() - started

    async def _until_finished(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.widgets.clear()
        self.charts = 0
        while True:
            frame = await self.ws.recv()
            self.received += len(frame)
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if kind == "delta":
                self._element(message.delta)
            elif kind == "page_info_changed":  # the app wrote st.query_params: the browser's address bar follows
                self.query_string = message.page_info_changed.query_string
            elif kind == "page_not_found":
                raise RerunFailed(f"page not found: {self.page}")
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RerunFailed("script compile error")
                if self.exceptions:
                    raise RerunFailed(f"exception drawn: {self.exceptions[-1]}")
                return
            # ref_hash (a cached message) only comes when the client lists cached_message_hashes, which we never do;
            # new_session, navigation, session_status_changed and the rest carry nothing timed here.

    def _element(self, delta) -> None:
        """Remember the widgets this run drew (their ids change with their arguments) and any Exception element."""
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message[:120]}")
        elif kind == "plotly_chart":
            self.charts += 1
        elif kind in ("radio", "selectbox"):
            self.widgets[getattr(element, kind).id] = getattr(element, kind)

    def change_filter(self, key: str) -> None:
        """Pick the next option of the widget keyed `key` (element ids end in -<key>), as a click would."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        found = [(wid, proto) for wid, proto in self.widgets.items() if wid.endswith(f"-{key}")]
        if not found:
            raise RerunFailed(f"no widget keyed {key!r} on {self.page}")
        wid, proto = found[0]
        options = list(proto.options)
        if len(options) < 2:
            raise RerunFailed(f"widget {key!r} has fewer than two options")
        sent = self.states[wid].string_value if wid in self.states else None
        current = sent or (proto.raw_value if proto.HasField("raw_value") else options[proto.default])
        following = options[(options.index(current) + 1) % len(options)] if current in options else options[0]
        self.states = {known: state for known, state in self.states.items() if known in self.widgets}  # ids drawn
        self.states[wid] = WidgetState(id=wid, string_value=following)  # radio and selectbox send the option's label


@dataclass
class Level:
    """What every viewer of one load level measured."""

    sessions: int
    first: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    samples: list = field(default_factory=list)  # one message per error kind, to print
    received: int = 0                             # bytes the server sent, all viewers


def _error(level: Level, kind: str, detail: str) -> None:
    level.errors[kind] += 1
    if level.errors[kind] == 1:
        level.samples.append(f"{kind}: {detail[:200]}")


async def viewer_session(ws_url: str, page: str, changes: int, rerun_timeout: float, level: Level | None) -> None:
    """Connect, load `page` (first load = connect + first run), then change its filter `changes` times, each
    timed; every failure is counted by kind and ends this viewer (a real viewer would reload or leave)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    level = level or Level(0)
    viewer, started = None, time.perf_counter()
    try:
        # ping_interval=None: browsers send no pings, they only answer the server's. With the websockets default
        # (a ping every 20 s, 20 s to answer) a server too busy to pong in time is hung up on by the client.
        async with connect(ws_url, subprotocols=["streamlit"], max_size=256 * 2**20, open_timeout=rerun_timeout,
                           ping_interval=None, close_timeout=5) as ws:
            viewer = Viewer(ws, page)
            await viewer.rerun(rerun_timeout)
            if not viewer.charts:
                raise RerunFailed(f"the first run of {page} drew no chart")
            level.first.append(time.perf_counter() - started)
            for _ in range(changes):
                viewer.change_filter(FILTERS[page])
                level.changes.append(await viewer.rerun(rerun_timeout))
    except TimeoutError:
        _error(level, "timeout", f"{page}: no script_finished within {rerun_timeout:g} s")
    except ConnectionClosed as error:
        _error(level, "socket closed", f"{page}: {error}")
    except RerunFailed as error:
        _error(level, "exception" if "exception" in str(error) else "app error", f"{page}: {error}")
    except OSError as error:
        _error(level, "connect failed", f"{page}: {error!r}")
    except Exception as error:  # noqa: BLE001 - a refused handshake or a bad frame: counted, the other viewers go on
        _error(level, type(error).__name__, f"{page}: {error!r}")
    finally:
        level.received += viewer.received if viewer else 0


async def run_level(ws_url: str, pages: list[str], sessions: int, changes: int, rerun_timeout: float,
                    timeout: float) -> Level:
    """All `sessions` viewers at once in this event loop (viewer i on pages[i % len]); whatever is still running
    after `timeout` is cancelled and counted as an error."""
    level = Level(sessions)
    tasks = [asyncio.create_task(viewer_session(ws_url, pages[i % len(pages)], changes, rerun_timeout, level))
             for i in range(sessions)]
    _, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
        _error(level, "level timeout", f"still running after {timeout:g} s")
    await asyncio.gather(*pending, return_exceptions=True)
    return level


# --- the report -----------------------------------------------------------------------------------------------------

def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile, interpolated between the closest ranks (inclusive: a p95 of 10 values lies among them)."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def spread(values: list[float]) -> str:
    """p50 / p95 / max in one cell."""
    if not values:
        return "n/a"
    return " / ".join(seconds(v) for v in (quantile(values, 0.5), quantile(values, 0.95), max(values)))


def measure(base: str, pid: int | None, pages: list[str], sessions: int, args) -> dict:
    """One load level against a running server: the viewers, the server's peak RSS and CPU while they ran."""
    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    for page in pages:  # warm: store seeded and opened, caches filled, page modules imported; not timed
        warm = Level(1)
        asyncio.run(viewer_session(ws_url, page, 1, WARM_TIMEOUT_S, warm))
        if warm.errors:
            raise RuntimeError(f"warm-up viewer of {page} failed: {'; '.join(warm.samples)}")
    sampler = RssSampler(pid) if pid else None
    idle_mb = sum(_rss_kb(p) for p in _tree(pid)) * 1024 / 1e6 if pid else None
    cpu, loop_cpu = (cpu_seconds(pid), cpu_seconds(pid, pid)) if pid else (0.0, 0.0)
    if sampler:
        sampler.start()
    client_cpu, started = time.process_time(), time.perf_counter()
    level = asyncio.run(run_level(ws_url, pages, sessions, args.changes, args.rerun_timeout, args.timeout))
    wall = time.perf_counter() - started
    return {"level": level, "wall_s": wall, "client_cpu_s": time.process_time() - client_cpu,
            "idle_mb": idle_mb, "peak_mb": sampler.stop() if sampler else None,
            "server_cpu_s": cpu_seconds(pid) - cpu if pid else None,
            "loop_cpu_s": cpu_seconds(pid, pid) - loop_cpu if pid else None}


def row(result: dict, changes: int) -> list[str]:
    level: Level = result["level"]
    errors = sum(level.errors.values())
    server = "n/a"
    if result["server_cpu_s"] is not None:
        share = result["loop_cpu_s"] / result["server_cpu_s"] if result["server_cpu_s"] else 0
        server = f"{result['server_cpu_s']:.1f} s ({share:.0%} event loop)"
    return [str(level.sessions), f"{len(level.first)} + {len(level.changes)} of {level.sessions * (1 + changes)}",
            f"{errors}" + (f" ({', '.join(f'{k} {v}' for k, v in level.errors.items())})" if errors else ""),
            spread(level.first), spread(level.changes), megabytes(result["idle_mb"]), megabytes(result["peak_mb"]),
            server, f"{result['client_cpu_s']:.1f} s", megabytes(level.received / 1e6), seconds(result["wall_s"])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="10,50,100", help=f"comma-separated load levels, each <= {MAX_SESSIONS} (default 10,50,100)")
    parser.add_argument("--changes", type=int, default=3, help="filter changes per viewer after the first load (default 3)")
    parser.add_argument("--pages", default="wars,blockade", help=f"pages the viewers open, in turn; of {', '.join(FILTERS)} (default wars,blockade)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds one load level may take (default 300)")
    parser.add_argument("--rerun-timeout", type=float, default=120, help="seconds one rerun may take (default 120)")
    parser.add_argument("--no-file-watcher", action="store_true", help="start the server with --server.fileWatcherType none")
    parser.add_argument("--url", help="measure this running server (loopback only) instead of starting one")
    parser.add_argument("--server-pid", type=int, help="with --url: the server's pid, to read its RSS and CPU")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    levels = [int(n) for n in args.sessions.split(",") if n]
    pages = [p for p in args.pages.split(",") if p]
    if not levels or any(not 1 <= n <= MAX_SESSIONS for n in levels):
        parser.error(f"--sessions: each level between 1 and {MAX_SESSIONS}")
    if not pages or set(pages) - set(FILTERS):
        parser.error(f"--pages: of {', '.join(FILTERS)}")
    if not 0 <= args.changes <= 20:
        parser.error("--changes: 0 to 20")
    base = loopback_base(args.url) if args.url else None
    started = machine()

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        store, log = Path(folder) / "store.sqlite3", Path(folder) / "server.log"
        for sessions in levels:
            print(f"{sessions} viewers ...", file=sys.stderr, flush=True)
            process, url, pid = None, base, args.server_pid
            try:
                if base is None:
                    process, url = start_server(store, log, watcher=not args.no_file_watcher)
                    pid = process.pid
                wait_healthy(url, process)
                results.append(measure(url, pid, pages, sessions, args))
            except RuntimeError as error:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise SystemExit(f"{sessions} viewers: {error}\n--- server log, last lines ---\n{tail}") from None
            finally:
                if process:
                    stop_server(process)
            for sample in results[-1]["level"].samples:
                print(f"  {sample}", file=sys.stderr)

    out = table(["viewers", "runs timed (first + changes)", "errors", "first load p50 / p95 / max",
                 "filter change p50 / p95 / max", "server RSS idle", "server RSS peak", "server CPU",
                 "client CPU", "sent", "wall"], [row(r, args.changes) for r in results])
    print(out)
    if not args.no_write:
        command = (f"python -m benchmarks.load --sessions {args.sessions} --changes {args.changes} --pages {args.pages}"
                   + (" --no-file-watcher" if args.no_file_watcher else ""))
        update_results("load", "\n".join([
            "## Server load",
            "",
            f"Command: `{command}`. Machine: {machine_line(started)}.",
            "",
            "No browser: each viewer is a WebSocket client speaking Streamlit's protocol (BackMsg `rerun_script` "
            "with the query string, page and widget states; ForwardMsgs read until `script_finished`), all of them "
            "at once in one asyncio loop on the same machine as the server (what they cost is the client CPU column). "
            f"Viewers open {', '.join(pages)} in turn; first load = connect + the first run of the page; then "
            f"{args.changes} filter changes each ({', '.join(f'{p}: `{FILTERS[p]}`' for p in pages)}, the next "
            "option each time), timed from sending the rerun to its `script_finished`. "
            + (f"Server: {args.url}, as it was. " if args.url else "Each level runs against a fresh `streamlit run` on a "
               f"loopback port (throwaway SQLite store, file watcher {'off' if args.no_file_watcher else 'on, the default'}). ")
            + "Every level is warmed first by one viewer per page, not timed; RSS is "
            "VmRSS summed over the server's process tree, sampled every 0.2 s (idle = after the warm-up); server CPU is "
            "user + system over the level, the share in brackets being its main thread (the event loop: websocket, "
            "serialising, compression and, with the file watcher on, each new session's scan of sys.modules after its "
            "first run; the rest are the script threads); sent = ForwardMsg bytes the viewers received. "
            "Errors: Exception elements, a first load without a chart, timeouts, closed sockets.",
            "",
            out,
        ]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
