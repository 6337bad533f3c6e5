"""A report pack: several charts and the sources behind them in one PDF, for NGO reports."""
from __future__ import annotations

import io
import os
import struct
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import pypdf
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dashboard.export.provenance import DASHBOARD_NAME, is_web_link, version_line
from dashboard.export.render import to_pdf_pages, to_png
from dashboard.export.table_paging import TableText, rows_label, table_cells
from dashboard.figures.charts.base import Chart, DataVersion, SourceRef, short_dispute_line, source_line

DEFAULT_TITLE = "Karabakh displacement: charts and sources"

# Fonts with the letters of Azerbaijani and Armenian place names (Xocalı, Şuşa, ə) and typographic
# punctuation. fonts-liberation comes with Debian's chromium; DejaVu is often there too.
FONT_CANDIDATES = [
    ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("LiberationSans", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
]
_GREY = (90, 90, 90)
_DISPUTE = (154, 52, 18)

Progress = Callable[[int, int, str], None]


class NoUnicodeFont(UserWarning):
    """The report had to use a built-in PDF font: letters outside Latin-1 are replaced."""


def to_pdf(chart: Chart, *, exported_at: datetime | None = None, **kwargs) -> bytes:
    """The chart as vector PDF pages (a long table over several, each saying which rows it holds), followed by
    the full citation of every source and the dispute in full.

    The document's title is the chart's title, its subject the lines under the chart (attribution, dispute,
    data version, address) and its keywords the full Source line, so a PDF library or reader shows them
    (Kaleido alone writes "Kaleido-fier")."""
    appendix = _ReportPDF(footer_text=f"{DASHBOARD_NAME} \u00b7 {chart.title}")
    appendix.set_creation_date(exported_at or datetime.now(UTC))
    _appendix(appendix, [chart])
    writer = pypdf.PdfWriter()
    for part in [*to_pdf_pages(chart, **kwargs), bytes(appendix.output())]:
        writer.append(io.BytesIO(part))
    writer.add_metadata({"/Title": chart.title, "/Subject": " ".join(_caption_lines(chart)), "/Keywords": chart.source_line,
                         "/Creator": DASHBOARD_NAME, "/Producer": DASHBOARD_NAME})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def report_pdf(
    charts: list[Chart],
    title: str = DEFAULT_TITLE,
    *,
    filters: Mapping[str, str] | None = None,
    exported_at: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """One PDF: a cover (title, date, data versions, filters), one page per chart (the PNG drawn by the shared
    renderer, on a landscape or portrait page, whichever shows it larger, then its title, Source line,
    dispute note and data version as text), and an appendix listing every cited source (publisher,
    title, dates, URL, accessed) and every dispute note in full.

    A table chart is set as a text table instead, over as many pages as its rows need, each page saying
    which rows it holds ('rows 1-25 of 74'): every row is in the pack, and can be searched and copied.
    `filters` (what each filter is called -> what was chosen) are named on the cover; none means every
    claim is included. Needs Chromium for the chart images (raises ChromiumMissing otherwise).
    `progress(i, n, chart_id)` is called before each chart is drawn.
    """
    exported_at = exported_at or datetime.now(UTC)
    pages: list[tuple[Chart, bytes | TableText]] = []
    for i, chart in enumerate(charts, start=1):
        if progress:
            progress(i, len(charts), chart.chart_id)
        pages.append((chart, table_cells(chart) or to_png(chart)))

    pdf = _ReportPDF(footer_text=f"{DASHBOARD_NAME} \u00b7 {title}")
    pdf.set_title(title)
    pdf.set_subject(f"{len(charts)} chart{'s' if len(charts) != 1 else ''} from the {DASHBOARD_NAME}: "
                    + "; ".join(chart.title for chart in charts))
    pdf.set_keywords(source_line(_unique_sources(charts)))
    pdf.set_creator(DASHBOARD_NAME)
    pdf.set_creation_date(exported_at)
    _cover(pdf, title, charts, exported_at, filters or {})
    for chart, drawn in pages:
        if isinstance(drawn, TableText):
            _table_pages(pdf, chart, drawn)
        else:
            _chart_page(pdf, chart, drawn)
    _appendix(pdf, charts)
    return bytes(pdf.output())


class _ReportPDF(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        self.body_font, self.unicode = _register_fonts(self)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(self.body_font, size=7.5)
        self.set_text_color(*_GREY)
        self.cell(0, 5, self.t(f"{self.footer_text} \u00b7 page {self.page_no()} of {{nb}}"), align="C")
        self.set_text_color(0, 0, 0)

    def t(self, text: str) -> str:
        """Text as the current font can draw it."""
        return text if self.unicode else _latin1(text)

    def para(self, text: str, size: float, *, bold: bool = False, colour=(0, 0, 0), gap: float = 1.5, link: str | None = None) -> None:
        self.set_font(self.body_font, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.45, self.t(text), align="L", link=link or "", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(gap)

    def para_height(self, text: str, size: float, *, bold: bool = False, gap: float = 1.5, width: float = 0) -> float:
        self.set_font(self.body_font, "B" if bold else "", size)
        return self.multi_cell(width, size * 0.45, self.t(text), align="L", dry_run=True, output="HEIGHT") + gap


def _register_fonts(pdf: FPDF) -> tuple[str, bool]:
    found = [c for c in FONT_CANDIDATES if os.path.isfile(c[1])]
    for family, regular, bold in found:
        pdf.add_font(family, "", regular)
        pdf.add_font(family, "B", bold if os.path.isfile(bold) else regular)
    if found:
        if len(found) > 1:  # letters missing from the first font are drawn with the next
            pdf.set_fallback_fonts([family for family, _, _ in found[1:]], exact_match=False)
        return found[0][0], True
    warnings.warn(
        "No Unicode TrueType font found (looked for DejaVu Sans and Liberation Sans under "
        "/usr/share/fonts/truetype). The report uses Helvetica, and letters such as \u0131 \u015f \u0259 "
        "become plain or '?'. Install one with: apt-get install -y fonts-dejavu-core (or fonts-liberation).",
        NoUnicodeFont,
        stacklevel=3,
    )
    return "helvetica", False


_ASCII_PUNCTUATION = str.maketrans({"\u2014": "-", "\u2013": "-", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00b7": "-", "\u2026": "..."})


def _latin1(text: str) -> str:
    text = text.translate(_ASCII_PUNCTUATION)
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        else:  # ı -> i, Ş -> S; what has no Latin-1 base becomes '?'
            base = unicodedata.normalize("NFKD", ch)[0]
            out.append(base if ord(base) < 256 else ("i" if ch == "\u0131" else "?"))
    return "".join(out)


def _cover(pdf: _ReportPDF, title: str, charts: list[Chart], exported_at: datetime, filters: Mapping[str, str]) -> None:
    pdf.add_page(orientation="P")
    pdf.ln(45)
    pdf.para(title, 24, bold=True, gap=6)
    pdf.para(f"Exported {exported_at:%d %B %Y} from the {DASHBOARD_NAME}.", 12, colour=_GREY, gap=10)
    pdf.para("Data versions", 12, bold=True)
    versions = _unique_versions(charts)
    for v in versions:
        pdf.para(f"{v.dataset}: version {v.version}, published {v.published_at[:10]}", 10.5, gap=0.5)
    if not versions:
        pdf.para("not recorded", 10.5)
    pdf.ln(4)
    pdf.para("Filters", 12, bold=True)
    applied = {name: value for name, value in filters.items() if str(value).strip()}
    for name, value in applied.items():
        pdf.para(f"{name}: {value}", 10.5, gap=0.5)
    if not applied:
        pdf.para("None: every claim of each chart is included.", 10.5, gap=0.5)
    pdf.ln(6)
    n_sources = len(_unique_sources(charts))
    disputed = len({c.chart_id for c in charts if c.dispute_note})
    tables = " (a table over as many pages as its rows need)" if any(table_cells(c) for c in charts) else ""
    pdf.para(
        f"{len(charts)} chart{'s' if len(charts) != 1 else ''}, one per page{tables}, each with its sources under it. "
        f"The appendix lists all {n_sources} sources cited"
        + (f" and the {disputed} figure{'s' if disputed != 1 else ''} on which sources disagree." if disputed else "."),
        10.5,
    )
    pdf.para(
        "Every number is a claim by a named source. Where sources disagree, each claim is shown and the "
        "disagreement is described; the dashboard does not pick a side.",
        10.5,
        colour=_GREY,
    )


def _chart_page(pdf: _ReportPDF, chart: Chart, png: bytes) -> None:
    """The chart as large as the page allows, in whichever orientation gives it more room, its caption under it."""
    pixel_width, pixel_height = png_size(png)
    blocks = _caption(chart)
    best = None
    for orientation, (page_width, page_height) in (("L", (297, 210)), ("P", (210, 297))):
        text_width = page_width - pdf.l_margin - pdf.r_margin
        text_height = sum(pdf.para_height(text, size, bold=bold, width=text_width) for text, size, bold, _ in blocks)
        room = page_height - pdf.t_margin - pdf.b_margin - text_height - 4
        width = min(text_width, room * pixel_width / pixel_height)
        if best is None or width > best[1] * 1.02:  # ties go to landscape, the slide shape
            best = (orientation, width)
    orientation, width = best
    pdf.add_page(orientation=orientation)
    height = width * pixel_height / pixel_width
    pdf.image(png, x=pdf.l_margin + (pdf.epw - width) / 2, y=pdf.t_margin, w=width, h=height, alt_text=chart.alt_text or chart.title)
    pdf.set_y(pdf.t_margin + height + 4)
    for text, size, bold, colour in blocks:
        pdf.para(text, size, bold=bold, colour=colour)


def _caption(chart: Chart) -> list[tuple[str, float, bool, tuple[int, int, int]]]:
    """Under each chart: its title and the same short lines the image carries; the appendix has everything."""
    blocks = [(chart.title, 13, True, (0, 0, 0)), (chart.attribution + ". Full citations: the appendix.", 9, False, (0, 0, 0))]
    if chart.dispute_note:
        blocks.append((short_dispute_line(chart, who_says_what="the appendix"), 9, False, _DISPUTE))
    blocks.append((f"{version_line(chart.versions)} \u00b7 chart {chart.chart_id}", 8, False, _GREY))
    if chart.permalink:
        blocks.append((f"View online: {chart.permalink}", 8, False, _GREY))
    return blocks


def _caption_lines(chart: Chart) -> list[str]:
    """The caption's lines after the title, as one PDF's subject."""
    return [text for text, *_ in _caption(chart)[1:]]


_TABLE_PT = 7.5  # cell text of a table page
_TABLE_LINE_MM = 3.3
_TABLE_PAD_MM = 0.8
_HEADINGS = FontFace(emphasis="BOLD", fill_color=(232, 238, 244))  # the chart's own header colour


def _table_pages(pdf: _ReportPDF, chart: Chart, table: TableText) -> None:
    """A table chart as a text table on landscape pages, its headings on each, the caption under each page's rows."""
    blocks = _caption(chart)
    for first, last in _table_chunks(pdf, chart, table, blocks):
        pdf.add_page(orientation="L")
        pdf.para(chart.title, 13, bold=True, gap=0.5)
        pdf.para(f"Table, {rows_label(first + 1, last, len(table.rows))}", 9, colour=_GREY, gap=2)
        pdf.set_font(pdf.body_font, size=_TABLE_PT)
        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.1)
        with pdf.table(col_widths=table.widths, width=pdf.epw, headings_style=_HEADINGS, line_height=_TABLE_LINE_MM,
                       padding=_TABLE_PAD_MM, text_align="LEFT", borders_layout="HORIZONTAL_LINES",
                       cell_fill_mode="ROWS", cell_fill_color=(246, 248, 251)) as grid:
            for cells in [table.headings, *table.rows[first:last]]:
                row = grid.row()
                for text in cells:
                    row.cell(pdf.t(text))
        pdf.ln(3)
        for text, size, bold, colour in blocks[1:]:
            pdf.para(text, size, bold=bold, colour=colour)


def _table_chunks(pdf: _ReportPDF, chart: Chart, table: TableText, blocks) -> list[tuple[int, int]]:
    """[first, last) row ranges that each fit one landscape page under the title and above the caption."""
    width = 297 - pdf.l_margin - pdf.r_margin
    columns = [width * w / sum(table.widths) for w in table.widths]
    above = pdf.para_height(chart.title, 13, bold=True, gap=0.5, width=width) + pdf.para_height("Table, rows", 9, gap=2, width=width)
    below = 3 + sum(pdf.para_height(text, size, bold=bold, width=width) for text, size, bold, _ in blocks[1:])
    room = 210 - pdf.t_margin - pdf.b_margin - above - below - _row_mm(pdf, table.headings, columns, bold=True) - 2
    chunks, start, used = [], 0, 0.0
    for i, cells in enumerate(table.rows):
        height = _row_mm(pdf, cells, columns)
        if i > start and used + height > room:
            chunks.append((start, i))
            start, used = i, 0.0
        used += height
    return chunks + [(start, len(table.rows))] if table.rows else [(0, 0)]


def _row_mm(pdf: _ReportPDF, cells: list[str], columns: list[float], bold: bool = False) -> float:
    pdf.set_font(pdf.body_font, "B" if bold else "", _TABLE_PT)
    lines = max((len(pdf.multi_cell(w - 2 * _TABLE_PAD_MM, _TABLE_LINE_MM, pdf.t(text), dry_run=True, output="LINES") or [""])
                 for text, w in zip(cells, columns)), default=1)
    return lines * _TABLE_LINE_MM + 2 * _TABLE_PAD_MM


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def _appendix(pdf: _ReportPDF, charts: list[Chart]) -> None:
    pdf.add_page(orientation="P")
    pdf.para("Appendix: sources", 16, bold=True, gap=4)
    for source in _unique_sources(charts):
        pdf.para(source.citation, 10, bold=True, gap=0.5)
        dates = " \u00b7 ".join(p for p in (f"Grade: {source.grade}" if source.grade else "",
                                            f"Published: {source.published}" if source.published else "",
                                            f"Accessed: {source.accessed}" if source.accessed else "") if p)
        if dates:
            pdf.para(dates, 8.5, colour=_GREY, gap=0.5)
        for what, url in source.links:
            url = url or "no URL recorded"
            pdf.para(f"{what}: {url}", 8.5, colour=(20, 60, 160), link=url if is_web_link(url) else None, gap=1)
        pdf.ln(2)
    disputed = list({c.chart_id: c for c in charts if c.dispute_note}.values())
    if disputed:
        pdf.ln(3)
        pdf.para("Appendix: where sources disagree", 16, bold=True, gap=4)
        for chart in disputed:
            pdf.para(chart.title, 10, bold=True, gap=0.5)
            pdf.para(chart.dispute_note, 9.5, gap=3)


def _unique_sources(charts: list[Chart]) -> list[SourceRef]:
    seen: dict[str, SourceRef] = {}
    for chart in charts:
        for source in chart.sources:
            seen.setdefault(source.source_id or source.url or source.title, source)
    return list(seen.values())


def _unique_versions(charts: list[Chart]) -> list[DataVersion]:
    seen: dict[tuple[str, int], DataVersion] = {}
    for chart in charts:
        for v in chart.versions:
            seen.setdefault((v.dataset, v.version), v)
    return sorted(seen.values(), key=lambda v: (v.dataset, v.version))
