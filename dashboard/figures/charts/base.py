"""The one shape every chart builder returns, so the page card and every export read the same provenance."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import pandas as pd
import plotly.graph_objects as go

from i18n import N_, _, ngettext, number, plotly_separators


@dataclass(frozen=True)
class SourceRef:
    """The columns of a sources.csv row (schemas.models.Source) that a citation under a chart needs."""

    source_id: str
    publisher: str
    title: str
    url: str
    published: str = ""
    accessed: str = ""
    kind: str = ""
    party: str = ""
    grade: str = ""
    original_publisher: str = ""
    original_title: str = ""
    original_published: str = ""
    original_url: str = ""

    @classmethod
    def from_row(cls, row) -> SourceRef:
        """From a typed sources row, by column name (every field here is a column of the model)."""
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    @property
    def cited_publisher(self) -> str:
        """Who a citation names first: the original's publisher where the page read is a copy of it."""
        return self.original_publisher or self.publisher

    @property
    def cited_title(self) -> str:
        return self.original_title or self.title

    @property
    def cited_date(self) -> str:
        return self.original_published if self.original_publisher else self.published

    @property
    def read_via(self) -> str:
        """The site the figure was read on, when that is not the original's publisher; else empty."""
        return self.publisher if self.original_publisher and self.original_publisher != self.publisher else ""

    @property
    def citation(self) -> str:
        """The one wording of a source in text: original publisher, title and date, then the copy read.

        Publisher, title and dates are the source's own (data, never translated); the words around them are ours."""
        # Translators: a source's publisher and its title, as stated by the source (not translated); use your
        # language's quotation marks.
        text = _("{publisher}, \u201c{title}\u201d").format(publisher=self.cited_publisher, title=self.cited_title)
        text += f" ({self.cited_date})" if self.cited_date else ""
        # Translators: {citation} is a source's publisher, title and date; {site} the website the figure was read on.
        return _("{citation}, read via {site}").format(citation=text, site=self.read_via) if self.read_via else text

    @property
    def links(self) -> list[tuple[str, str]]:
        """(what, url) pairs: the original's address where known, and the address the figure was read at.

        `what` is written for the reader, in the active language."""
        # Translators: label of a link to the original publication of a source (a copy of it was read elsewhere).
        pairs = [(_("original"), self.original_url)] if self.original_url else []
        # Translators: "read at" labels the address of the copy read; "link" the address of the source itself.
        return pairs + [(_("read at") if pairs or self.read_via else _("link"), self.url)]


@dataclass(frozen=True)
class DataVersion:
    """Which published version of a dataset a chart was drawn from."""

    dataset: str
    version: int
    published_at: str  # ISO timestamp of that version


@dataclass
class Chart:
    """A finished chart: the figure already carries title, source line, dispute note and version line."""

    chart_id: str
    title: str
    figure: go.Figure
    rows: pd.DataFrame  # the claims behind the chart, with source columns
    sources: list[SourceRef]
    dispute_note: str = ""  # empty when the figure is not disputed
    alt_text: str = ""
    versions: list[DataVersion] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)
    permalink: str = ""  # the dashboard's address of this view (page and filters), written under the chart

    @property
    def source_line(self) -> str:
        return source_line(self.sources)

    @property
    def attribution(self) -> str:
        claims = self.rows["source_id"].value_counts().to_dict() if "source_id" in self.rows else None
        return attribution_line(self.sources, claims=claims)


def source_line(sources: list[SourceRef]) -> str:
    """The single wording of a 'Source:' line, shared by cards, images and exports."""
    if not sources:
        return _("Source: none recorded")
    # Translators: {sources} is a list of sources (publishers, titles) separated by semicolons.
    return _("Source: {sources}").format(sources="; ".join(s.citation for s in sources))


# An identifier too (file metadata, the PDF's creator): shown to a reader as _(DASHBOARD_NAME).
DASHBOARD_NAME = N_("Karabakh displacement dashboard")
PROVENANCE = "provenance"  # name of the annotation that carries source, dispute and version lines


def version_line(versions: list[DataVersion]) -> str:
    if not versions:
        return _(DASHBOARD_NAME)
    # Translators: a dataset's id (not translated), its version number ("v" for version) and its date (YYYY-MM-DD).
    parts = [_("{dataset} v{version} ({published})").format(dataset=v.dataset, version=v.version, published=v.published_at[:10])
             for v in versions]
    # Translators: {versions} lists the datasets a chart was drawn from; {dashboard} is the dashboard's name.
    return _("Data: {versions} · {dashboard}").format(versions=", ".join(parts), dashboard=_(DASHBOARD_NAME))


def wrap(text: str, width: int = 140) -> list[str]:
    """Break a long line at spaces so an annotation stays inside the image."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + ([current] if current else [])


ATTRIBUTION_NAMES = 3  # publishers named on a chart's one-line attribution; the rest are counted


def attribution_line(sources: list[SourceRef], names: int = ATTRIBUTION_NAMES, claims: dict[str, int] | None = None) -> str:
    """The one short line on a chart and in its image: 'Source: HRW; Azerbaijan MFA; Memorial and 6 others'.

    Names the original publishers, those behind the most claims first (`claims`: source_id -> claims drawn),
    else in first-cited order; the full citations are one click away on the card and in the HTML, CSV/ZIP and
    PDF exports."""
    weight: dict[str, int] = {}
    for s in sources:
        weight[s.cited_publisher] = weight.get(s.cited_publisher, 0) + (claims or {}).get(s.source_id, 0)
    publishers = sorted(weight, key=lambda p: -weight[p])  # stable: ties keep first-cited order
    if not publishers:
        return _("Source: none recorded")
    named = "; ".join(publishers[:names])
    rest = len(publishers) - names
    if rest <= 0:
        return _("Source: {sources}").format(sources=named)
    # Translators: {sources} names the first publishers (separated by semicolons); {count} counts the others.
    return ngettext("Source: {sources} and {count} other", "Source: {sources} and {count} others", rest).format(
        sources=named, count=number(rest))


WHO_SAYS_WHAT = N_("the dashboard's Sources & disputes page")  # where a chart's image sends the reader for the positions


def dispute_summary(chart: Chart, who_says_what: str = WHO_SAYS_WHAT) -> str:
    """The short dispute sentence without its 'Disputed:' label (a card shows the label apart); '' if undisputed.

    `who_says_what` is the caller's words for where the positions are, in the active language (the default is
    translated here)."""
    if not chart.dispute_note:
        return ""
    # Translators: follows "Disputed: " (hence no capital). {where} is where the reader finds who claims which
    # figure, e.g. "the list below", "the appendix".
    return _("sources disagree on figures in this chart. Who says what: {where}.").format(
        where=_(WHO_SAYS_WHAT) if who_says_what == WHO_SAYS_WHAT else who_says_what)


def short_dispute_line(chart: Chart, who_says_what: str = WHO_SAYS_WHAT) -> str:
    """The one short dispute line on a chart, in its image and under it in a report; who says what is elsewhere."""
    return dispute_line(dispute_summary(chart, who_says_what))


def dispute_line(note: str) -> str:
    """The one wording of a full dispute note, where there is room for it (card, HTML, README, PDF appendix)."""
    # Translators: {note} says what the sources disagree on.
    return _("Disputed: {note}").format(note=note) if note else ""


def provenance_texts(chart: Chart) -> list[str]:
    """What is written under a chart, one whole line each: attribution, short dispute line, data version, permalink."""
    texts = [chart.attribution] + ([short_dispute_line(chart)] if chart.dispute_note else []) + [version_line(chart.versions)]
    return texts + ([_("View online: {link}").format(link=chart.permalink)] if chart.permalink else [])


def provenance_lines(chart: Chart) -> list[str]:
    """provenance_texts wrapped for an image: one short line each, so the chart keeps its room."""
    return [line for text in provenance_texts(chart) for line in wrap(text)]


def plotly_escape(text: str) -> str:
    """Data text shown literally in a plotly annotation (which reads a few HTML tags and entities)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LEGEND_ROW_PX = 560  # width a legend row is assumed to have (a card on a laptop screen)
LEGEND_LINE_PX = 26  # height of one legend row
TITLE_PX = 46  # the title's band at the top of the figure
TITLE_TOP_PX = 12  # the title's distance from the top, in pixels at any height


def add_provenance(chart: Chart) -> Chart:
    """Write title, source, dispute and version lines into the figure itself, so a copied image keeps them."""
    figure = chart.figure
    figure.layout.annotations = [a for a in figure.layout.annotations if a.name != PROVENANCE]
    lines = provenance_lines(chart)
    text = "<br>".join(plotly_escape(line) for line in lines)
    left = figure.layout.margin.l if figure.layout.margin.l is not None else 80
    # Paper coordinates start at the plot area; shift the footer back to the figure's left edge.
    figure.add_annotation(
        name=PROVENANCE, text=text, showarrow=False, align="left", xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="top", yshift=-64, xshift=-left + 12, font=dict(size=11, color="#333333"),
    )
    # The legend sits between title and plot: give it as many rows as its entries need in a card about 560 px
    # wide (a laptop's page beside the sidebar), so it never runs into the title; wider images get spare room.
    names = {t.name for t in figure.data if t.name and t.showlegend is not False}
    legend_rows = math.ceil(sum(len(n) * 7 + 45 for n in names) / LEGEND_ROW_PX) if names else 0
    # The footer gets its own pixels: the plot keeps the height its builder gave it.
    meta = dict(figure.layout.meta or {})
    meta.setdefault("plot_height", figure.layout.height or 450)
    footer = 84 + 15 * len(lines)
    height = meta["plot_height"] + footer
    # Title at the top, the legend under it from the figure's left edge (not the plot's), then the plot: the three
    # never overlap, whatever the left margin the labels need.
    legend = dict(xref="container", yref="container", x=0.01, xanchor="left", y=1 - TITLE_PX / height, yanchor="top",
                  orientation="h")
    figure.update_layout(title=dict(text=plotly_escape(chart.title), x=0.01, xref="container", xanchor="left",
                                    y=1 - TITLE_TOP_PX / height, yref="container", yanchor="top", font=dict(size=17)),
                         legend=legend if names else {}, separators=plotly_separators(),
                         margin=dict(b=footer, t=TITLE_PX + LEGEND_LINE_PX * legend_rows + 12, l=left), height=height, meta=meta)
    return chart
