"""A saved SVG or PNG keeps the chart's title, sources, dispute and data version in its own metadata, not only in the image."""
from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib

from dashboard.export.errors import RenderError
from dashboard.export.provenance import DASHBOARD_NAME, dispute_line
from dashboard.figures.charts.base import Chart, provenance_texts
from i18n import _

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
ET.register_namespace("rdf", _RDF)
ET.register_namespace("dc", _DC)


def with_metadata(data: bytes, fmt: str, chart: Chart) -> bytes:
    """SVG and PNG bytes with the chart's title, short provenance lines and every source written into the file's
    own metadata (any other format unchanged), in the active language; the PNG's keywords stay the standard English
    ones (Title, Description, Source, Software) that programs look for."""
    if fmt == "svg":
        return svg_with_metadata(data, chart)
    if fmt == "png":
        return png_with_text(data, {"Title": chart.title, "Description": "\n".join(_short_lines(chart)),
                                    "Source": "\n".join(_source_lines(chart)), "Software": _(DASHBOARD_NAME)})
    return data


def _short_lines(chart: Chart) -> list[str]:
    """The lines written under the chart: attribution, short dispute line, data version and permalink."""
    return [" ".join(line.split()) for line in provenance_texts(chart)]


def _source_lines(chart: Chart) -> list[str]:
    """Each source's citation with its web addresses, one line each."""
    nowhere = _("no web address recorded")
    return [source.citation + "".join(f"; {what}: {url or nowhere}" for what, url in source.links)
            for source in chart.sources] or [_("Source: none recorded")]


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
              ("description", dispute_line(chart.dispute_note)), ("publisher", _(DASHBOARD_NAME)),
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
