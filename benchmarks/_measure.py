"""Shared helpers of the benchmarks: run one measured step in a fresh process, read its peak memory, print tables.

Each step runs in a new interpreter (multiprocessing "spawn"), so imports, caches and memory of one step never
help or hurt another. The child times its own work with time.perf_counter and reports its peak resident memory
(VmHWM from /proc/self/status, falling back to resource.getrusage) when the work is done.
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (1e6 bytes)."""
    kb = _status_kb("VmHWM")
    if kb is None:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return kb * 1024 / 1e6


def rss_mb() -> float:
    """Current resident memory of this process, in MB."""
    kb = _status_kb("VmRSS")
    return (kb or 0) * 1024 / 1e6


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    """Wall seconds and CPU seconds (this process, all threads) spent in work(), and what it returned."""
    cpu, start = time.process_time(), time.perf_counter()
    result = work()
    return time.perf_counter() - start, time.process_time() - cpu, result


def _child(target: str, args: tuple, env: dict[str, str], queue) -> None:
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        module, _, name = target.rpartition(".")
        result = getattr(importlib.import_module(module), name)(*args)
        result = dict(result or {})
        result["peak_rss_mb"] = peak_rss_mb()
        queue.put(("ok", result))
    except BaseException:  # noqa: BLE001 - the parent prints it
        queue.put(("error", traceback.format_exc()))


class StepFailed(RuntimeError):
    pass


def isolated(target: str, *args, env: dict[str, str] | None = None, timeout: float = 1800) -> dict:
    """Run `module.function(*args)` in a fresh interpreter; return its dict plus `peak_rss_mb`.

    The function does its own imports and set-up, times only the work it measures, and returns a dict.
    """
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(target, args, dict(env or {}), queue))
    process.start()
    try:
        status, payload = queue.get(timeout=timeout)
    except Exception as error:  # noqa: BLE001 - queue.Empty on timeout, or the child died without answering
        process.kill()
        process.join()
        raise StepFailed(f"{target} gave no result (exit code {process.exitcode}): {error!r}") from None
    process.join(timeout=60)
    if process.is_alive():
        process.kill()
        process.join()
    if status != "ok":
        raise StepFailed(f"{target} failed in its subprocess:\n{payload}")
    return payload


def repeat(target: str, *args, times: int = 1, env: dict[str, str] | None = None, timeout: float = 1800) -> dict:
    """`isolated` `times` times: the median of each timing (keys ending in _s) and the largest peak memory."""
    return merge_runs([isolated(target, *args, env=env, timeout=timeout) for _ in range(max(1, times))])


def interleaved(steps: dict[str, tuple], times: int, progress: Callable[[str], None] | None = None) -> dict[str, dict]:
    """Each step (label -> (target, *args)) `times` times in fresh processes, round-robin (step 1, step 2 ...,
    then again), so a busy spell on the machine falls on every step alike; merged as `repeat` does."""
    runs: dict[str, list[dict]] = {label: [] for label in steps}
    for round_ in range(max(1, times)):
        for label, (target, *args) in steps.items():
            if progress:
                progress(f"{label} (run {round_ + 1} of {times})")
            runs[label].append(isolated(target, *args))
    return {label: merge_runs(found) for label, found in runs.items()}


def merge_runs(runs: list[dict]) -> dict:
    """The median of each timing (keys ending in _s) and the largest peak memory of several runs of one step."""
    merged = dict(runs[0])
    for key, value in runs[0].items():
        if key.endswith("_s") and isinstance(value, (int, float)):
            merged[key] = statistics.median(run[key] for run in runs)
            merged[key + "_all"] = [run[key] for run in runs]
    merged["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    merged["runs"] = len(runs)
    return merged


def machine() -> dict[str, str]:
    """Cores, memory, Python and the versions of the libraries measured."""
    from importlib import metadata

    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kb = int(next(line for line in info if line.startswith("MemTotal:")).split()[1])
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        pass
    versions = []
    for package in ("streamlit", "pandas", "pyarrow", "numpy", "plotly", "pydantic", "kaleido", "fpdf2", "pandera", "frictionless"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        "versions": ", ".join(versions),
        # Other work on the machine slows every step; the 1-minute load average says how busy it was.
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def machine_line(info: dict[str, str] | None = None) -> str:
    info = info or machine()
    return (f"{info['date']} · {info['cores']} cores ({info['cpu']}) · {info['memory']} · load average at the start "
            f"{info['load']} · Python {info['python']} · {info['versions']}")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (prints well in a terminal and pastes into docs/benchmarks.md as it is)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells[1:]]
    return "\n".join(lines)


def seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def megabytes(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MB"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def update_results(section: str, body: str) -> None:
    """Replace (or append) one section of docs/benchmarks.md, marked by HTML comments, leaving the rest alone."""
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")


def missing_bench_packages(*names: str) -> list[str]:
    """The benchmark-only packages (requirements-bench.txt) that cannot be imported here."""
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


INSTALL_HINT = ".venv/bin/pip install -r requirements-bench.txt"
