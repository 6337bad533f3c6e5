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
from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dashboard.export.provenance import DASHBOARD_NAME, grade_word, is_web_link, version_line
from dashboard.export.render import to_pdf_pages, to_png
from dashboard.export.table_paging import TableText, row_numbers, table_cells
from dashboard.figures.charts.base import Chart, DataVersion, SourceRef, short_dispute_line, source_line
from i18n import N_, _, language, ngettext, number

DEFAULT_TITLE = N_("Karabakh displacement: charts and sources")  # the cover's title unless one is given

# Fonts with the letters of the four languages and their place names: Armenian (Ստեփանակերտ), Azerbaijani
# (Xocalı, Şuşa, ə), Russian, and typographic punctuation. The first found sets the text and the others fill in
# letters it lacks. DejaVu Sans (fonts-dejavu-core) has them all; Liberation Sans (fonts-liberation, which comes
# with Debian's chromium) has no Armenian and no ə, which Noto Sans Armenian (fonts-noto-core) can fill in.
FONT_CANDIDATES = [
    ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("LiberationSans", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("NotoSansArmenian", "/usr/share/fonts/truetype/noto/NotoSansArmenian-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSansArmenian-Bold.ttf"),
]
FALLBACK_ONLY = frozenset({"NotoSansArmenian"})  # Armenian letters only: never the text's own font
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
    dashboard = _(DASHBOARD_NAME)
    appendix = _ReportPDF(footer_text=f"{dashboard} \u00b7 {chart.title}")
    appendix.set_creation_date(exported_at or datetime.now(UTC))
    _appendix(appendix, [chart])
    writer = pypdf.PdfWriter()
    for part in [*to_pdf_pages(chart, **kwargs), bytes(appendix.output())]:
        writer.append(io.BytesIO(part))
    writer.add_metadata({"/Title": chart.title, "/Subject": " ".join(_caption_lines(chart)), "/Keywords": chart.source_line,
                         "/Creator": dashboard, "/Producer": dashboard})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def report_pdf(
    charts: list[Chart],
    title: str | None = None,
    *,
    filters: Mapping[str, str] | None = None,
    exported_at: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """One PDF in the active language: a cover (`title`, else DEFAULT_TITLE translated; date, data versions,
    filters), one page per chart (the PNG drawn by the shared
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
    title = _(DEFAULT_TITLE) if title is None else title
    dashboard = _(DASHBOARD_NAME)
    pages: list[tuple[Chart, bytes | TableText]] = []
    for i, chart in enumerate(charts, start=1):
        if progress:
            progress(i, len(charts), chart.chart_id)
        pages.append((chart, table_cells(chart) or to_png(chart)))

    pdf = _ReportPDF(footer_text=f"{dashboard} \u00b7 {title}")
    pdf.set_title(title)
    # Translators: the PDF's subject (its document properties); {titles} lists the charts' titles.
    pdf.set_subject(ngettext("{n} chart from the {dashboard}: {titles}", "{n} charts from the {dashboard}: {titles}",
                             len(charts)).format(n=number(len(charts)), dashboard=dashboard,
                                                 titles="; ".join(chart.title for chart in charts)))
    pdf.set_keywords(source_line(_unique_sources(charts)))
    pdf.set_creator(dashboard)
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
        # Translators: the foot of every page of a PDF: {footer} names the dashboard and the document, {page} is this
        # page's number and {pages} the number of pages.
        label = _("{footer} \u00b7 page {page} of {pages}").format(footer=self.footer_text, page=number(self.page_no()),
                                                                  pages=self.str_alias_nb_pages)
        self.cell(0, 5, self.t(label), align="C")
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
    found.sort(key=lambda c: c[0] in FALLBACK_ONLY)  # stable: a font with Latin letters sets the text
    if found and found[0][0] not in FALLBACK_ONLY:
        for family, regular, bold in found:
            pdf.add_font(family, "", regular)
            pdf.add_font(family, "B", bold if os.path.isfile(bold) else regular)
        if len(found) > 1:  # letters missing from the first font are drawn with the next
            pdf.set_fallback_fonts([family for family, *_unused in found[1:]], exact_match=False)
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
    # Translators: under the report's title; {date} is the export's date, {dashboard} the dashboard's name.
    pdf.para(_("Exported {date} from the {dashboard}.").format(date=cover_date(exported_at), dashboard=_(DASHBOARD_NAME)),
             12, colour=_GREY, gap=10)
    pdf.para(_("Data versions"), 12, bold=True)
    versions = _unique_versions(charts)
    for v in versions:
        # Translators: one data version on the report's cover: the dataset's id (not translated), its version
        # number and its date of publication (YYYY-MM-DD).
        pdf.para(_("{dataset}: version {version}, published {date}").format(
            dataset=v.dataset, version=v.version, date=v.published_at[:10]), 10.5, gap=0.5)
    if not versions:
        # Translators: on the report's cover, under "Data versions".
        pdf.para(_("not recorded"), 10.5)
    pdf.ln(4)
    # Translators: a heading on the report's cover (a noun: the filters the charts were drawn with).
    pdf.para(_("Filters"), 12, bold=True)
    applied = {name: value for name, value in filters.items() if str(value).strip()}
    for name, value in applied.items():
        pdf.para(f"{name}: {value}", 10.5, gap=0.5)
    if not applied:
        # Translators: on the report's cover, under "Filters".
        pdf.para(_("None: every claim of each chart is included."), 10.5, gap=0.5)
    pdf.ln(6)
    pdf.para(_contents_line(charts), 10.5)
    pdf.para(
        _("Every number is a claim by a named source. Where sources disagree, each claim is shown and the "
          "disagreement is described; the dashboard does not pick a side."),
        10.5,
        colour=_GREY,
    )


def cover_date(value: datetime) -> str:
    """The export's date on the cover, day first with the month's name in the active language: 26 November 2026,
    26 ноября 2026, 26 նոյեմբերի 2026 (two digits for the day, as the English cover has always written it)."""
    return format_date(value, "dd MMMM y", locale=language())


def _contents_line(charts: list[Chart]) -> str:
    """What the report holds, on its cover: its charts, how many sources the appendix lists and how many disputes."""
    n, n_sources = len(charts), len(_unique_sources(charts))
    disputed = len({c.chart_id for c in charts if c.dispute_note})
    if any(table_cells(c) for c in charts):
        # Translators: on the report's cover: how many charts it holds ({n}), and that a table may take several pages.
        pages = ngettext("{n} chart, one per page (a table over as many pages as its rows need), each with its sources "
                         "under it.", "{n} charts, one per page (a table over as many pages as its rows need), each with "
                         "its sources under it.", n)
    else:
        # Translators: on the report's cover: how many charts it holds ({n}).
        pages = ngettext("{n} chart, one per page, each with its sources under it.",
                         "{n} charts, one per page, each with its sources under it.", n)
    if disputed:
        # Translators: {sources} is e.g. "all 12 sources cited", {figures} e.g. "the 2 figures on which sources
        # disagree" (messages of their own).
        appendix = _("The appendix lists {sources} and {figures}.").format(
            # Translators: {n} counts the sources the report's appendix lists.
            sources=ngettext("the {n} source cited", "all {n} sources cited", n_sources).format(n=number(n_sources)),
            # Translators: {n} counts the charts whose figures sources disagree on.
            figures=ngettext("the {n} figure on which sources disagree", "the {n} figures on which sources disagree",
                             disputed).format(n=number(disputed)))
    else:
        # Translators: on the report's cover; {n} counts the sources the report's appendix lists.
        appendix = ngettext("The appendix lists the {n} source cited.", "The appendix lists all {n} sources cited.",
                            n_sources).format(n=number(n_sources))
    return pages.format(n=number(n)) + " " + appendix


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
    # Translators: under a chart in a PDF; {attribution} is its "Source: ..." line, the appendix is the PDF's last part.
    attribution = _("{attribution}. Full citations: the appendix.").format(attribution=chart.attribution)
    blocks = [(chart.title, 13, True, (0, 0, 0)), (attribution, 9, False, (0, 0, 0))]
    if chart.dispute_note:
        # Translators: where a PDF's reader finds who claims which figure ("Who says what: the appendix").
        blocks.append((short_dispute_line(chart, who_says_what=_("the appendix")), 9, False, _DISPUTE))
    # Translators: {versions} is the data versions line, {chart_id} the chart's identifier (not translated).
    blocks.append((_("{versions} \u00b7 chart {chart_id}").format(versions=version_line(chart.versions), chart_id=chart.chart_id),
                   8, False, _GREY))
    if chart.permalink:
        # Translators: followed by the chart's web address in the dashboard.
        blocks.append((_("View online: {link}").format(link=chart.permalink), 8, False, _GREY))
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
        pdf.para(_table_label(first + 1, last, len(table.rows)), 9, colour=_GREY, gap=2)
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
    label = _table_label(len(table.rows), len(table.rows), len(table.rows))  # as long as any page's
    above = pdf.para_height(chart.title, 13, bold=True, gap=0.5, width=width) + pdf.para_height(label, 9, gap=2, width=width)
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


def _table_label(first: int, last: int, total: int) -> str:
    """'Table, rows 1-25 of 74': which rows of a table one page holds (counted from 1)."""
    # Translators: above the rows of a table on one page of a PDF.
    return _("Table, rows {first}-{last} of {total}").format(**row_numbers(first, last, total))


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
    # Translators: a heading of a PDF's last part, which lists every source cited.
    pdf.para(_("Appendix: sources"), 16, bold=True, gap=4)
    for source in _unique_sources(charts):
        pdf.para(source.citation, 10, bold=True, gap=0.5)
        # Translators: a source's grade (primary, report, compilation or copy), translated elsewhere.
        dates = " \u00b7 ".join(p for p in (_("Grade: {grade}").format(grade=grade_word(source.grade)) if source.grade else "",
                                            # Translators: when a source was published, as the sources table gives it.
                                            _("Published: {date}").format(date=source.published) if source.published else "",
                                            # Translators: when a source's web page was read, as the sources table gives it.
                                            _("Accessed: {date}").format(date=source.accessed) if source.accessed else "") if p)
        if dates:
            pdf.para(dates, 8.5, colour=_GREY, gap=0.5)
        for what, url in source.links:
            url = url or _("no URL recorded")
            pdf.para(f"{what}: {url}", 8.5, colour=(20, 60, 160), link=url if is_web_link(url) else None, gap=1)
        pdf.ln(2)
    disputed = list({c.chart_id: c for c in charts if c.dispute_note}.values())
    if disputed:
        pdf.ln(3)
        # Translators: a heading of a PDF's last part, which gives every dispute note in full.
        pdf.para(_("Appendix: where sources disagree"), 16, bold=True, gap=4)
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
