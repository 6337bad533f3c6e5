"""A chart as one self-contained interactive HTML file: plotly.js inlined, opens offline, no Chromium needed."""
from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from dashboard.export.provenance import dispute_line, is_web_link, source_dates, version_line, with_provenance
from dashboard.figures.charts.base import Chart, SourceRef
from i18n import _, language

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 1.5rem auto; max-width: 1320px; color: #222; padding: 0 1rem; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .5rem; }}
.provenance {{ font-size: .9rem; line-height: 1.45; }}
.provenance .dispute {{ color: #9a3412; }}
.provenance ul {{ padding-left: 1.2rem; margin: .3rem 0; }}
.provenance .muted {{ color: #666; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{figure}
<section class="provenance">
<p class="source">{source_line}</p>
<ul class="sources">
{source_items}
</ul>
{dispute}<p class="version">{version_line}</p>
{permalink}
<p class="muted">{exported}</p>
</section>
</main>
</body>
</html>
"""


def to_html(chart: Chart, *, exported_at: datetime | None = None) -> str:
    """A standalone HTML page: the interactive chart (with its provenance footer) and, below it as
    escaped text, the title, the Source line with links, the dispute note and the data version line."""
    exported_at = exported_at or datetime.now(UTC)
    figure = with_provenance(chart).to_html(
        include_plotlyjs=True,  # inline the bundle: the file must work offline and outlive any CDN
        include_mathjax=False,
        full_html=False,
        default_width="100%",
        default_height="720px",
        config={"displaylogo": False, "responsive": True},
    )
    note = dispute_line(chart.dispute_note)
    # Translators: the last line of an HTML export; {chart_id} is the chart's identifier, {date} YYYY-MM-DD.
    exported = escape(_("Chart {chart_id} \u00b7 exported {date}")).format(
        chart_id=f"<code>{escape(chart.chart_id)}</code>", date=f"{exported_at:%Y-%m-%d}")
    # Translators: followed by the web address of the chart in the dashboard.
    permalink = escape(_("This view in the dashboard: {link}")).format(link=_link(chart.permalink)) if chart.permalink else ""
    return _PAGE.format(
        lang=escape(language(), quote=True),
        title=escape(chart.title),
        figure=figure,
        source_line=escape(chart.source_line),
        source_items="\n".join(_source_item(s) for s in chart.sources),
        dispute=f'<p class="dispute">{escape(note)}</p>\n' if note else "",
        version_line=escape(version_line(chart.versions)),
        permalink=f'<p class="permalink">{permalink}</p>' if permalink else "",
        exported=exported,
    )


def _source_item(source: SourceRef) -> str:
    label = escape(source.citation)
    extras = source_dates(source)
    extras_text = escape("; ".join(e for e in extras if e))
    links = "; ".join(f"{escape(what)} {_link(url)}" for what, url in source.links)
    return f"<li>{label}: {links}" + (f' <span class="muted">({extras_text})</span>' if extras_text else "") + "</li>"


def _link(url: str) -> str:
    if is_web_link(url):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(url)}</a>'
    return escape(url or _("no URL recorded"))  # never make a javascript: or data: URL clickable
