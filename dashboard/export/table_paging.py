"""A plotly table draws only the rows its height holds, so a table chart is split into page-sized charts holding every row."""
from __future__ import annotations

import dataclasses
import functools
import itertools
import math

import plotly.graph_objects as go

from dashboard.export.provenance import with_provenance
from dashboard.figures.charts.base import Chart, add_provenance
from i18n import _, number

# How plotly.js lays out a table (src/traces/table): text starts cellPad px inside each column, wraps at spaces
# to the column's width, and takes 1.3em a line. Measured in Chromium at 11 px: a row of n > 1 lines is
# 13.7 + 14.3 n px; 1.3em (n + 1) is a little more, so an estimate never holds fewer rows than it claims.
_CELL_PAD = 8
_LINE_EM = 1.3
_TABLE_SLACK_PX = 12
_FIGURE_FONT = ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")  # charts draw in Liberation Sans
# ... and letters Liberation lacks (Armenian, ə) in DejaVu Sans, the next font of the charts' family (common.FONT).
_FALLBACK_FONT = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


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
    return None if index is None else _table_text(chart.figure.data[index])


def _table_text(trace) -> TableText:
    columns = [list(column) for column in (trace.cells.values or [])]
    count = max((len(c) for c in columns), default=0)
    rows = [[_cell_text(c[i]) if i < len(c) else "" for c in columns] for i in range(count)]
    return TableText([_cell_text(v) for v in (trace.header.values or [])], rows, _column_weights(trace))


def _cell_text(value) -> str:
    return "" if value is None else " ".join(str(value).replace("<br>", " ").split())


def row_numbers(first: int, last: int, total: int) -> dict[str, str]:
    """{first}, {last} and {total} of a message saying which rows of a table one page holds (counted from 1), as
    the active language writes numbers."""
    return {"first": number(first), "last": number(last), "total": number(total)}


def page_title(title: str, first: int, last: int, total: int, rows_elsewhere: bool = False) -> str:
    """'Casualties (rows 1-25 of 74)': a table page's title; `rows_elsewhere` adds that the exports hold every row."""
    if rows_elsewhere:
        # Translators: the title of an image showing only the first rows of a long table; {title} is the chart's.
        return _("{title} (rows {first}-{last} of {total}; every row is in the CSV and PDF exports)").format(
            title=title, **row_numbers(first, last, total))
    # Translators: the title of one page of a long table; {title} is the chart's.
    return _("{title} (rows {first}-{last} of {total})").format(title=title, **row_numbers(first, last, total))


def table_pages(chart: Chart, *, width: int, max_height: int, rows_elsewhere: bool = False) -> list[Chart]:
    """A table chart as charts at most `max_height` pixels tall (title and footer included) holding every row
    in order: one chart as tall as its rows need, or several whose titles say 'rows 1-25 of 74' (and, with
    `rows_elsewhere`, that every row is in the CSV and PDF exports). Any other chart comes back as it is. The
    chart itself is not changed."""
    index = table_index(chart.figure)
    if index is None:
        return [chart]
    figure = with_provenance(chart)
    trace = figure.data[index]
    table = _table_text(trace)
    total = len(table.rows)
    if total == 0:
        return [chart]
    column_px = _column_widths(figure, trace, width)
    header_px = _row_height(table.headings, column_px, trace.header.font.size or 12, trace.header.height or 28, bold=True)
    size, minimum = trace.cells.font.size or figure.layout.font.size or 12, trace.cells.height or 20
    heights = [_row_height(cells, column_px, size, minimum) for cells in table.rows]
    chrome = (figure.layout.margin.t or 0) + (figure.layout.margin.b or 0) + _TABLE_SLACK_PX
    room = max(max_height - chrome - header_px, 1)
    pages, start, used = [], 0, 0.0
    for i, h in enumerate(heights):
        if i > start and used + h > room:
            pages.append((start, i, used))
            start, used = i, 0.0
        used += h
    pages.append((start, total, used))
    return [_table_page(chart, figure, index, first, last, total, header_px + used, len(pages) > 1, rows_elsewhere)
            for first, last, used in pages]


def _table_page(chart: Chart, figure: go.Figure, index: int, first: int, last: int, total: int, table_px: float,
                labelled: bool, rows_elsewhere: bool) -> Chart:
    page_figure = go.Figure(figure)
    trace = page_figure.data[index]
    cells = trace.cells.to_plotly_json()
    trace.cells = {**_slice_rows(cells, first, last, total), "values": [list(c)[first:last] for c in cells.get("values", [])]}
    top = page_figure.layout.margin.t or 0
    meta = dict(page_figure.layout.meta or {})
    meta["plot_height"] = math.ceil(table_px + top + _TABLE_SLACK_PX)  # add_provenance adds the footer to it
    page_figure.update_layout(meta=meta)
    title = page_title(chart.title, first + 1, last, total, rows_elsewhere) if labelled else chart.title
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
    """The width Chromium draws `text` at: each run of letters in the font that has them (an Armenian word
    measured in Liberation Sans would count half its width, and the table would be cut short)."""
    covered = _letters(_FIGURE_FONT[1 if bold else 0])
    width = 0.0
    for in_main_font, letters in itertools.groupby(text, key=lambda letter: ord(letter) in covered):
        run = "".join(letters)
        font = _font(round(size), bold, fallback=not in_main_font)
        width += font.getlength(run) * size / round(size) if font else 0.62 * size * len(run)  # wider than most
    return width


@functools.cache
def _letters(path: str) -> frozenset[int]:
    """The code points a font draws (its character map); empty when it cannot be read."""
    try:
        from fontTools.ttLib import TTFont  # fontTools comes with fpdf2

        return frozenset(TTFont(path, lazy=True).getBestCmap())
    except (ImportError, OSError):
        return frozenset()


@functools.lru_cache(maxsize=16)
def _font(size: int, bold: bool, fallback: bool = False):
    try:
        from PIL import ImageFont  # Pillow comes with fpdf2 and streamlit

        return ImageFont.truetype((_FALLBACK_FONT if fallback else _FIGURE_FONT)[1 if bold else 0], size)
    except (ImportError, OSError):
        return None

