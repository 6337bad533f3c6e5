"""Static images (PNG, SVG, PDF) of charts through Kaleido 1.x and Debian's Chromium.

One browser per process, started on first use and kept: booting Chromium costs seconds, a warm
render a fraction of one. Every call goes through one process-wide lock because Streamlit serves
sessions on threads and Kaleido's shared renderer is not safe for concurrent callers (measured:
threads got each other's images).

Kaleido's own `start_sync_server()` blocks forever if Chromium fails to start or dies, since its
caller waits on a queue with no timeout. So this module runs `kaleido.Kaleido` on an event loop
thread of its own: each call has a timeout, and a crashed or hung browser is replaced on the next
call instead of hanging every session. It never downloads a browser (no `kaleido.get_chrome()`).
A plotly table draws only the rows its height holds, so a table chart is never drawn as it is: `table_pages`
splits its rows into charts of a given height (every row in some page), and each file says which rows it shows.
SVG and PNG files carry the chart's title, sources, dispute and data version as metadata as well as in the image.
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import dataclasses
import functools
import math
import os
import re
import shutil
import struct
import threading
import xml.etree.ElementTree as ET
import zlib
from typing import Any

import plotly.graph_objects as go

from dashboard.export.provenance import DASHBOARD_NAME, dispute_line, with_provenance
from dashboard.figures.charts.base import TITLE_PX, TITLE_TOP_PX, Chart, add_provenance, provenance_lines

IMAGE_FORMATS = ("png", "svg", "pdf")
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720  # layout pixels: a 16:9 slide
PNG_SCALE = 2  # 2560 x 1440 pixels, sharp on a projector and in print
IMAGE_MAX_HEIGHT = 4000  # layout pixels a single PNG or SVG of a table may grow to (8000 pixels tall as PNG)
PDF_PAGE_HEIGHT = 905  # a PDF page of a long table: 1280 x 905, the shape of an A4 sheet on its side

STARTUP_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0
_DEFAULT_CHROMIUM = "/usr/bin/chromium"


class ChromiumMissing(RuntimeError):
    """No Chromium to draw static images with. HTML and CSV exports do not need one."""


class RenderError(RuntimeError):
    """Chromium was found but could not draw the image."""


def find_chromium() -> str:
    """Path of the Chromium to use: $BROWSER_PATH, else /usr/bin/chromium, else `chromium` on PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        if _is_executable(explicit):
            return explicit
        raise ChromiumMissing(
            f"BROWSER_PATH is set to {explicit!r}, but no executable is there. "
            "Point it at a Chromium binary, or unset it to use /usr/bin/chromium "
            "(install with: apt-get install -y chromium). "
            "HTML and CSV exports work without Chromium."
        )
    for candidate in (_DEFAULT_CHROMIUM, shutil.which("chromium")):
        if candidate and _is_executable(candidate):
            return candidate
    raise ChromiumMissing(
        "PNG, SVG and PDF export needs Chromium, and none was found at /usr/bin/chromium "
        "or on PATH. Install it with: apt-get install -y chromium "
        "(or set BROWSER_PATH to a Chromium binary). HTML and CSV exports work without it."
    )


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
            raise RenderError(
                f"Chromium took more than {RENDER_TIMEOUT_S:.0f} s to draw the chart; "
                "the browser was restarted, try again."
            ) from None
        except Exception as error:
            if not self._alive():
                self.close()
                raise RenderError(f"Chromium stopped while drawing the chart ({error}); try again.") from error
            raise RenderError(f"Chromium could not draw the chart: {error}") from error

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
                raise RenderError(f"Chromium at {chromium} did not start within {STARTUP_TIMEOUT_S:.0f} s.") from None
            # Not the library's own advice (it suggests downloading a browser): say how to check Debian's.
            raise RenderError(
                f"Chromium at {chromium} could not be started ({type(error).__name__}). Check that "
                f"`{chromium} --headless --no-sandbox --version` runs; reinstall with: apt-get install --reinstall -y chromium."
            ) from error
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
    page = table_pages(chart, width=width, max_height=height or IMAGE_MAX_HEIGHT,
                       more="; every row is in the CSV and PDF exports")[0]
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


# --- tables: every row on some page ------------------------------------------------------------------------------

# How plotly.js lays out a table (src/traces/table): text starts cellPad px inside each column, wraps at spaces
# to the column's width, and takes 1.3em a line. Measured in Chromium at 11 px: a row of n > 1 lines is
# 13.7 + 14.3 n px; 1.3em (n + 1) is a little more, so an estimate never holds fewer rows than it claims.
_CELL_PAD = 8
_LINE_EM = 1.3
_TABLE_SLACK_PX = 12
_FIGURE_FONT = ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")  # charts draw in Liberation Sans


def table_index(figure: go.Figure) -> int | None:
    """Index of the figure's one table trace; None for any other chart."""
    tables = [i for i, trace in enumerate(figure.data) if trace.type == "table"]
    return tables[0] if len(tables) == 1 else None


@dataclasses.dataclass(frozen=True)
class TableText:
    """A table chart's text as its table draws it: headings, rows of cells, and each column's relative width."""

    headings: list[str]
    rows: list[list[str]]
    widths: list[float]


def table_cells(chart: Chart) -> TableText | None:
    """The headings, rows and column widths of a table chart; None for any other chart."""
    index = table_index(chart.figure)
    if index is None:
        return None
    trace = chart.figure.data[index]
    columns = [list(column) for column in (trace.cells.values or [])]
    count = max((len(c) for c in columns), default=0)
    rows = [[_cell_text(c[i]) if i < len(c) else "" for c in columns] for i in range(count)]
    return TableText([_cell_text(v) for v in (trace.header.values or [])], rows, _column_weights(trace))


def _cell_text(value) -> str:
    return "" if value is None else " ".join(str(value).replace("<br>", " ").split())


def rows_label(first: int, last: int, total: int) -> str:
    """'rows 1-25 of 74': which rows of a table one page holds (counted from 1)."""
    return f"rows {first}-{last} of {total}"


def table_pages(chart: Chart, *, width: int, max_height: int, more: str = "") -> list[Chart]:
    """A table chart as charts at most `max_height` pixels tall (title and footer included) holding every row
    in order: one chart as tall as its rows need, or several whose titles say 'rows 1-25 of 74' (then `more`).
    Any other chart comes back as it is. The chart itself is not changed."""
    index = table_index(chart.figure)
    if index is None:
        return [chart]
    figure = with_provenance(chart)
    trace = figure.data[index]
    columns = [list(column) for column in (trace.cells.values or [])]
    total = max((len(c) for c in columns), default=0)
    if total == 0:
        return [chart]
    column_px = _column_widths(figure, trace, width)
    header_px = _row_height([_cell_text(v) for v in (trace.header.values or [])], column_px, trace.header.font.size or 12,
                            trace.header.height or 28, bold=True)
    size, minimum = trace.cells.font.size or figure.layout.font.size or 12, trace.cells.height or 20
    heights = [_row_height([_cell_text(c[i]) if i < len(c) else "" for c in columns], column_px, size, minimum) for i in range(total)]
    chrome = (figure.layout.margin.t or 0) + (figure.layout.margin.b or 0) + _TABLE_SLACK_PX
    room = max(max_height - chrome - header_px, 1)
    pages, start, used = [], 0, 0.0
    for i, h in enumerate(heights):
        if i > start and used + h > room:
            pages.append((start, i, used))
            start, used = i, 0.0
        used += h
    pages.append((start, total, used))
    return [_table_page(chart, figure, index, first, last, total, header_px + used, len(pages) > 1, more)
            for first, last, used in pages]


def _table_page(chart: Chart, figure: go.Figure, index: int, first: int, last: int, total: int, table_px: float,
                labelled: bool, more: str) -> Chart:
    page_figure = go.Figure(figure)
    trace = page_figure.data[index]
    cells = trace.cells.to_plotly_json()
    trace.cells = {**_slice_rows(cells, first, last, total), "values": [list(c)[first:last] for c in cells.get("values", [])]}
    top = page_figure.layout.margin.t or 0
    meta = dict(page_figure.layout.meta or {})
    meta["plot_height"] = math.ceil(table_px + top + _TABLE_SLACK_PX)  # add_provenance adds the footer to it
    page_figure.update_layout(meta=meta)
    title = f"{chart.title} ({rows_label(first + 1, last, total)}{more})" if labelled else chart.title
    return add_provenance(dataclasses.replace(chart, title=title, figure=page_figure))


def _slice_rows(value, first: int, last: int, total: int):
    """Cell attributes with only rows [first, last): every per-cell list (a column of `total` values) cut to them."""
    if isinstance(value, dict):
        return {key: _slice_rows(v, first, last, total) for key, v in value.items()}
    if isinstance(value, list | tuple) and value and all(
            not isinstance(c, str | dict) and hasattr(c, "__len__") and len(c) == total for c in value):
        return [list(c)[first:last] for c in value]
    return value


def _column_widths(figure: go.Figure, trace, width: int) -> list[float]:
    margin = figure.layout.margin
    plot = width - (margin.l if margin.l is not None else 80) - (margin.r if margin.r is not None else 80)
    domain = trace.domain.x or (0, 1)
    weights = _column_weights(trace)
    return [plot * (domain[1] - domain[0]) * w / sum(weights) for w in weights]


def _column_weights(trace) -> list[float]:
    n = len(trace.cells.values or []) or 1
    given = trace.columnwidth
    weights = [float(w) for w in given] if isinstance(given, list | tuple) and given else [float(given or 1)] * n
    return (weights + [weights[-1]] * n)[:n]


def _row_height(cells: list[str], column_px: list[float], size: float, minimum: float, bold: bool = False) -> float:
    lines = max((_lines(text, px - 2 * _CELL_PAD, size, bold) for text, px in zip(cells, column_px)), default=1)
    return max(minimum, _LINE_EM * size * (lines + 1)) if lines > 1 else max(minimum, 2 * size)


def _lines(text: str, room: float, size: float, bold: bool) -> int:
    """Lines plotly wraps a cell's text onto: greedily at spaces, each word counted with a space after it."""
    space = _text_px(" ", size, bold)
    lines, used = 1, 0.0
    for word in text.split(" "):
        width = _text_px(word, size, bold) + space
        if used + width > room:
            lines, used = lines + 1, 0.0
        used += width
    return lines


def _text_px(text: str, size: float, bold: bool) -> float:
    font = _font(round(size), bold)
    return font.getlength(text) * size / round(size) if font else 0.62 * size * len(text)  # wider than most text


@functools.lru_cache(maxsize=8)
def _font(size: int, bold: bool):
    try:
        from PIL import ImageFont  # Pillow comes with fpdf2 and streamlit

        return ImageFont.truetype(_FIGURE_FONT[1 if bold else 0], size)
    except (ImportError, OSError):
        return None


# --- metadata inside the file ----------------------------------------------------------------------------------

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
ET.register_namespace("rdf", _RDF)
ET.register_namespace("dc", _DC)


def with_metadata(data: bytes, fmt: str, chart: Chart) -> bytes:
    """SVG and PNG bytes with the chart's title, short provenance lines and every source written into the file's
    own metadata (any other format unchanged)."""
    if fmt == "svg":
        return svg_with_metadata(data, chart)
    if fmt == "png":
        return png_with_text(data, {"Title": chart.title, "Description": "\n".join(_short_lines(chart)),
                                    "Source": "\n".join(_source_lines(chart)), "Software": DASHBOARD_NAME})
    return data


def _short_lines(chart: Chart) -> list[str]:
    """The lines written under the chart: attribution, short dispute line, data version and permalink."""
    return [" ".join(line.split()) for line in _joined(provenance_lines(chart))]


def _joined(lines: list[str]) -> list[str]:
    # provenance_lines wraps long lines for the image; metadata keeps each line whole.
    out: list[str] = []
    for line in lines:
        starts = ("Source:", "Disputed:", "Data:", "View online:")
        if out and not line.startswith(starts):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _source_lines(chart: Chart) -> list[str]:
    """Each source's citation with its web addresses, one line each."""
    return [source.citation + "".join(f"; {what}: {url or 'no web address recorded'}" for what, url in source.links)
            for source in chart.sources] or ["Source: none recorded"]


def svg_metadata(chart: Chart) -> str:
    """<title>, <desc> and an RDF/Dublin Core <metadata> element (title, description, every source, the view's
    address, the dashboard) as XML text, every value escaped by ElementTree."""
    title = ET.Element("title")
    title.text = chart.title
    desc = ET.Element("desc")
    desc.text = "\n".join(_short_lines(chart))
    metadata = ET.Element("metadata")
    rdf = ET.SubElement(metadata, f"{{{_RDF}}}RDF")
    about = ET.SubElement(rdf, f"{{{_RDF}}}Description", {f"{{{_RDF}}}about": chart.permalink} if chart.permalink else {})
    fields = [("title", chart.title), *[("description", line) for line in _short_lines(chart)],
              ("description", dispute_line(chart.dispute_note)), ("publisher", DASHBOARD_NAME),
              ("identifier", chart.permalink or chart.chart_id),
              ("date", max((v.published_at[:10] for v in chart.versions), default="")),  # the newest data version's
              *[("source", line) for line in _source_lines(chart)]]
    for tag, text in fields:
        if text:
            ET.SubElement(about, f"{{{_DC}}}{tag}").text = text
    return "".join(ET.tostring(element, encoding="unicode") for element in (title, desc, metadata))


_SVG_START = re.compile(rb"<svg\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


def svg_with_metadata(svg: bytes, chart: Chart) -> bytes:
    """The SVG with <title>, <desc> and <metadata> as the root element's first children (where readers look)."""
    match = _SVG_START.search(svg)
    if match is None:
        raise RenderError("Chromium's SVG has no <svg> element to put the chart's title and sources in.")
    return svg[:match.end()] + svg_metadata(chart).encode("utf-8") + svg[match.end():]


def png_with_text(png: bytes, fields: dict[str, str]) -> bytes:
    """The PNG with an iTXt chunk (UTF-8 text, so Xocalı stays Xocalı) per field, right after its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise RenderError("Chromium's PNG has no PNG header to put the chart's title and sources after.")
    header_end = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    chunks = b""
    for keyword, text in fields.items():
        # keyword, NUL, not compressed (0), method 0, no language tag, NUL, no translated keyword, NUL, text
        body = keyword.encode("latin-1") + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")
        chunks += struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    return png[:header_end] + chunks + png[header_end:]
