"""Static images (PNG, SVG, PDF) of charts through Kaleido 1.x and Debian's Chromium.

One browser per process, started on first use and kept: booting Chromium costs seconds, a warm
render a fraction of one. Every call goes through one process-wide lock because Streamlit serves
sessions on threads and Kaleido's shared renderer is not safe for concurrent callers (measured:
threads got each other's images).

Kaleido's own `start_sync_server()` blocks forever if Chromium fails to start or dies, since its
caller waits on a queue with no timeout. So this module runs `kaleido.Kaleido` on an event loop
thread of its own: each call has a timeout, and a crashed or hung browser is replaced on the next
call instead of hanging every session. It never downloads a browser (no `kaleido.get_chrome()`).

A table chart is split into page-sized charts first (`table_paging`); SVG and PNG files then get the chart's
provenance written into their metadata (`file_metadata`).
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import shutil
import threading
from typing import Any

import plotly.graph_objects as go

from dashboard.export.errors import ChromiumMissing, RenderError
from dashboard.export.file_metadata import with_metadata
from dashboard.export.provenance import with_provenance
from dashboard.export.table_paging import table_pages
from dashboard.figures.charts.base import TITLE_PX, TITLE_TOP_PX, Chart
from i18n import _, number

IMAGE_FORMATS = ("png", "svg", "pdf")
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720  # layout pixels: a 16:9 slide
PNG_SCALE = 2  # 2560 x 1440 pixels, sharp on a projector and in print
IMAGE_MAX_HEIGHT = 4000  # layout pixels a single PNG or SVG of a table may grow to (8000 pixels tall as PNG)
PDF_PAGE_HEIGHT = 905  # a PDF page of a long table: 1280 x 905, the shape of an A4 sheet on its side

STARTUP_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0
_DEFAULT_CHROMIUM = "/usr/bin/chromium"


def find_chromium() -> str:
    """Path of the Chromium to use: $BROWSER_PATH, else /usr/bin/chromium, else `chromium` on PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        if _is_executable(explicit):
            return explicit
        # Translators: {path} is the value of BROWSER_PATH, an environment variable; the command is a command (neither
        # is translated).
        raise ChromiumMissing(_("BROWSER_PATH is set to {path}, but no executable is there. "
                                "Point it at a Chromium binary, or unset it to use /usr/bin/chromium "
                                "(install with: apt-get install -y chromium). "
                                "HTML and CSV exports work without Chromium.").format(path=repr(explicit)))
    for candidate in (_DEFAULT_CHROMIUM, shutil.which("chromium")):
        if candidate and _is_executable(candidate):
            return candidate
    # Translators: PATH and BROWSER_PATH are environment variables and the command a command (not translated).
    raise ChromiumMissing(_("PNG, SVG and PDF export needs Chromium, and none was found at /usr/bin/chromium "
                            "or on PATH. Install it with: apt-get install -y chromium "
                            "(or set BROWSER_PATH to a Chromium binary). HTML and CSV exports work without it."))


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


class _Renderer:
    """A Kaleido browser on its own event loop thread. Callers must hold _LOCK."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._path: str | None = None

    def render(self, fig_dict: dict, opts: dict, chromium: str) -> bytes:
        self._ensure_started(chromium)
        future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig_dict, opts=opts), self._loop)
        try:
            return future.result(timeout=RENDER_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            future.cancel()
            self.close()
            # Translators: {seconds} is a number of seconds.
            raise RenderError(_("Chromium took more than {seconds} s to draw the chart; the browser was restarted, "
                                "try again.").format(seconds=number(RENDER_TIMEOUT_S, digits=0))) from None
        except Exception as error:
            if not self._alive():
                self.close()
                # Translators: {error} is the browser's own error message (in English).
                raise RenderError(_("Chromium stopped while drawing the chart ({error}); try again.").format(error=error)) from error
            # Translators: {error} is the browser's own error message (in English).
            raise RenderError(_("Chromium could not draw the chart: {error}").format(error=error)) from error

    def _alive(self) -> bool:
        process = getattr(self._kaleido, "subprocess", None)
        return process is not None and process.poll() is None

    def _ensure_started(self, chromium: str) -> None:
        if self._kaleido is not None and self._path == chromium and self._alive():
            return
        self.close()
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            threading.Thread(target=self._loop.run_forever, name="kaleido-loop", daemon=True).start()
        started: list = []  # filled before the browser boots, so a failed start can still be cleaned up
        future = asyncio.run_coroutine_threadsafe(_open_kaleido(chromium, started), self._loop)
        try:
            future.result(timeout=STARTUP_TIMEOUT_S)
        except Exception as error:
            future.cancel()
            self._kaleido = started[0] if started else None
            self.close()
            if isinstance(error, concurrent.futures.TimeoutError):
                # Translators: {path} is where the browser is installed; {seconds} a number of seconds.
                raise RenderError(_("Chromium at {path} did not start within {seconds} s.").format(
                    path=chromium, seconds=number(STARTUP_TIMEOUT_S, digits=0))) from None
            # Not the library's own advice (it suggests downloading a browser): say how to check Debian's.
            # Translators: {path} is where the browser is installed, {error} the name of the error (not translated);
            # the commands in backquotes and after "reinstall with:" are commands (not translated).
            raise RenderError(_("Chromium at {path} could not be started ({error}). Check that "
                                "`{path} --headless --no-sandbox --version` runs; reinstall with: "
                                "apt-get install --reinstall -y chromium.").format(path=chromium, error=type(error).__name__)) from error
        self._kaleido, self._path = started[0], chromium

    def close(self) -> None:
        kaleido, self._kaleido, self._path = self._kaleido, None, None
        if kaleido is None or self._loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(kaleido.close(), self._loop).result(timeout=15)
        except Exception:  # noqa: BLE001 - a browser that will not close politely is killed
            process = getattr(kaleido, "subprocess", None)
            if process is not None and process.poll() is None:
                process.kill()


async def _open_kaleido(chromium: str, started: list) -> None:
    import kaleido  # lazy: HTML and CSV exports must work without it

    # mathjax=False: otherwise the page loads MathJax from a CDN, which this machine cannot reach.
    renderer = kaleido.Kaleido(path=chromium, mathjax=False, timeout=RENDER_TIMEOUT_S - 5)
    started.append(renderer)
    await renderer.open()


_LOCK = threading.Lock()
_RENDERER = _Renderer()


def shutdown_renderer() -> None:
    """Close the shared browser (it restarts on the next image); also run at interpreter exit."""
    with _LOCK:
        _RENDERER.close()


atexit.register(shutdown_renderer)


def render_figure(
    fig: go.Figure | dict,
    fmt: str = "png",
    *,
    width: int = SLIDE_WIDTH,
    height: int = SLIDE_HEIGHT,
    scale: float = 1,
) -> bytes:
    """Draw a plotly figure as PNG, SVG or PDF bytes with the shared browser. Draws exactly what it is given."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"Unknown image format {fmt!r}; expected one of {', '.join(IMAGE_FORMATS)}.")
    fig_dict = fig.to_dict() if isinstance(fig, go.Figure) else fig
    chromium = find_chromium()  # every call: a Chromium removed under a running app is reported clearly
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    with _LOCK:
        return _RENDERER.render(fig_dict, opts, chromium)


def to_image(chart: Chart, fmt: str, *, width: int = SLIDE_WIDTH, height: int | None = None, scale: float | None = None) -> bytes:
    """The chart with its provenance as PNG, SVG or PDF bytes; SVG and PNG also carry it as metadata.

    Slide-sized by default: 1280x720 layout pixels, PNG at scale 2 (2560x1440). A chart whose builder
    asked for more height (one row per claim, long tables) keeps that height, so rows are never
    squeezed on top of each other; the width stays 1280. A table grows to hold every row (up to
    IMAGE_MAX_HEIGHT, or `height` if given); a longer one shows its first rows and says in its title
    which rows and that every row is in the CSV and PDF.
    """
    page = table_pages(chart, width=width, max_height=height or IMAGE_MAX_HEIGHT, rows_elsewhere=True)[0]
    data = _draw(page, fmt, width=width, height=height, scale=scale)
    return with_metadata(data, fmt, chart)


def _draw(chart: Chart, fmt: str, *, width: int = SLIDE_WIDTH, height: int | None = None, scale: float | None = None) -> bytes:
    figure = with_provenance(chart)
    if height is None:
        height = max(SLIDE_HEIGHT, int(figure.layout.height or 0))
    if figure.layout.legend.yref == "container":  # keep title and legend at their pixels at the height drawn
        figure.update_layout(legend_y=1 - TITLE_PX / height)
    if figure.layout.title.yref == "container":
        figure.update_layout(title_y=1 - TITLE_TOP_PX / height)
    if scale is None:
        scale = PNG_SCALE if fmt == "png" else 1
    return render_figure(figure, fmt, width=width, height=height, scale=scale)


def to_png(chart: Chart, **kwargs) -> bytes:
    """PNG for slides and documents: 2560x1440 pixels (1280x720 at scale 2), taller if the chart needs it."""
    return to_image(chart, "png", **kwargs)


def to_svg(chart: Chart, **kwargs) -> bytes:
    """SVG (vector, text stays text)."""
    return to_image(chart, "svg", **kwargs)


def to_pdf_pages(chart: Chart, **kwargs) -> list[bytes]:
    """The chart as vector PDF pages (report.to_pdf adds the full sources after them): one page, or a long
    table's rows over as many 1280x905 pages as they need, each saying which rows it holds."""
    pages = table_pages(chart, width=kwargs.get("width", SLIDE_WIDTH), max_height=kwargs.get("height") or PDF_PAGE_HEIGHT)
    return [_draw(page, "pdf", **kwargs) for page in pages]
