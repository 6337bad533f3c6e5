"""Exports as Frictionless Data Packages: a chart's ZIP and the Data page's every-dataset ZIP each carry a
datapackage.json that says what every column is, so `frictionless validate x.zip` (and HDX, R, Open Data Editor)
reads them with our types. The datasets' descriptors come from schemas.datapackage, the one declaration."""
from __future__ import annotations

import io
import logging
import zipfile
from datetime import UTC, datetime

from dashboard.export.errors import ChromiumMissing, RenderError
from dashboard.export.provenance import DASHBOARD_NAME, citation
from dashboard.export.render import to_image
from dashboard.export.tables import export_csv, export_metadata, readme_text, rows_for_export, sources_sheet
from dashboard.figures.charts.base import Chart, DataVersion
from i18n import _
from schemas.datapackage import LICENSE, NAME, PROFILE, RESOURCE_PROFILE, TABLE_SCHEMA, descriptor_text, field, package
from schemas.io import canonical_csv_bytes
from schemas.registry import CITATION, DATASETS, DOWNLOAD_COLUMNS, SOURCES, get_spec
from schemas.rules import column_rules

LOG = logging.getLogger(__name__)
SOURCES_SHEET = "sources-hxl.csv"  # the chart's sources, HDX style: its row 2 holds HXL hashtags
def export_field(column: str, datasets: list[str]) -> dict:
    """A column of an export: typed as the first of `datasets` that has it declares it (without the constraints,
    which hold for a whole dataset, not for a chart's selection of rows); else text, described where we know it."""
    for name in [*datasets, SOURCES]:
        spec = get_spec(name)
        if column in spec.columns:
            described = field(spec, column_rules(spec.model)[column])
            described.pop("constraints", None)
            return described
    described = DOWNLOAD_COLUMNS.get(column)
    return {"name": column, "type": "string", **({"description": described} if described else {})}


def chart_descriptor(chart: Chart, csv_name: str, columns: list[str], metadata: dict) -> dict:
    """The ZIP of one chart: its rows as one resource, its sources as the package's, the export metadata beside."""
    datasets = [v.dataset for v in chart.versions]
    resource = {"$schema": RESOURCE_PROFILE, "name": chart.chart_id.lower(), "path": csv_name, "title": chart.title,
                "type": "table", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {"$schema": TABLE_SCHEMA, "fields": [export_field(c, datasets) for c in columns], "missingValues": [""]}}
    sources = {"$schema": RESOURCE_PROFILE, "name": "sources-hxl", "path": SOURCES_SHEET, "title": f"Sources of: {chart.title}",
               "description": "One row per source, HDX style; row 2 holds the HXL hashtags", "type": "table",
               "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "dialect": {"commentRows": [2]},
               "schema": {"$schema": TABLE_SCHEMA, "missingValues": [""], "fields": [
                   {"name": "indicator", "type": "string", "description": "The chart the source is behind"},
                   {"name": "date", "type": "string", "description": "When the source was published"},
                   {"name": "source", "type": "string", "description": "The source's citation"},
                   {"name": "url", "type": "string", "format": "uri", "description": "Where to read it"}]}}
    return {"$schema": PROFILE, "name": f"{NAME}-{chart.chart_id}".lower(), "title": chart.title,
            "description": metadata["citation"], "licenses": [LICENSE], "resources": [resource, sources],
            "sources": [{"title": s.citation, "path": s.original_url or s.url} for s in chart.sources if s.original_url or s.url],
            "dashboard": metadata}


def datasets_zip(texts: dict, versions: dict[str, DataVersion], readme: str) -> bytes:
    """Every dataset at its current version as a Data Package: each CSV exactly as the store keeps it (so primary
    and foreign keys hold and `frictionless validate` checks every rule), datapackage.json and a README."""
    paths = {name: f"data/{get_spec(name).file_name}" for name in DATASETS}
    files = {paths[name]: canonical_csv_bytes(texts[name], get_spec(name)) for name in DATASETS}
    descriptor = package(versions={n: v.version for n, v in versions.items()}, paths=paths, sources_csv=files[paths[SOURCES]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", descriptor_text(descriptor).encode("utf-8"))
        archive.writestr("README.txt", readme.replace("\n", "\r\n").encode("utf-8-sig"))
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()


def to_zip(chart: Chart, *, exported_at: datetime | None = None, images: tuple[str, ...] = ()) -> bytes:
    """A Data Package: <chart_id>.csv, datapackage.json (with the export's metadata under "dashboard"), README.txt
    and the chart drawn in each of `images` ("svg", "png";
    export_bytes asks for both). Images need Chromium: without it, or if it fails, the ZIP is still written
    and its README says which image is missing and why."""
    exported_at = exported_at or datetime.now(UTC)
    drawn, problems = {}, {}
    for fmt in images:
        name = f"{chart.chart_id}.{fmt}"
        if problems:  # one failure is enough: a missing or broken browser will not draw the next format either
            problems[name] = next(iter(problems.values()))
            continue
        try:
            drawn[name] = to_image(chart, fmt)
        except (ChromiumMissing, RenderError) as error:
            LOG.warning("ZIP of %s without its chart image: %s", chart.chart_id, error)
            problems[name] = str(error).split(". ")[0].rstrip(".")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        rows = rows_for_export(chart)
        csv_name = f"{chart.chart_id}.csv"
        archive.writestr(csv_name, export_csv(rows, citation(chart, exported_at)))
        archive.writestr(SOURCES_SHEET, sources_sheet(chart))
        metadata = export_metadata(chart, exported_at=exported_at) | {"images": sorted(drawn)}
        columns = [c for c in rows.columns if c != CITATION] + [CITATION]
        archive.writestr("datapackage.json", descriptor_text(chart_descriptor(chart, csv_name, columns, metadata)).encode("utf-8"))
        readme = readme_text(chart, exported_at=exported_at, images={name: "" for name in drawn} | problems)
        archive.writestr("README.txt", readme.replace("\n", "\r\n").encode("utf-8-sig"))
        for name, data in drawn.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def datasets_readme(versions: dict[str, DataVersion], exported_at: datetime | None = None) -> str:
    """README.txt of the every-dataset package: what the files are, which versions, how to read and cite them, in the
    active language (file names, column names and dates, YYYY-MM-DD, as in the files)."""
    exported_at = exported_at or datetime.now(UTC)
    day = f"{exported_at:%Y-%m-%d}"
    dashboard = _(DASHBOARD_NAME)
    # Translators: the heading of the README in the ZIP of every dataset; {dashboard} is the dashboard's name.
    lines = [_("{dashboard}: every dataset").format(dashboard=dashboard), "",
             # Translators: {date} is YYYY-MM-DD; disputes.csv is a file name (not translated).
             _("Exported on {date}. One row per claim: a number as one source states it; where sources disagree every "
               "claim is kept and disputes.csv names the disagreement.").format(date=day), "",
             _("Files:"),
             # Translators: README, plain text in a fixed-width font: keep the line break and the six spaces that
             # indent the next line. {file} is a file name and "frictionless validate ..." a command (not translated).
             "  " + _("{file}  a Frictionless Data Package: each column's type, meaning and rules, the keys,\n"
                      "      and every source. Check it with: frictionless validate {file}").format(file="datapackage.json"),
             ""]
    # Translators: a dataset's file in the README: its title, version number and date (YYYY-MM-DD).
    lines += [f"  data/{get_spec(n).file_name}  " + _("{title}, version {version} of {date}").format(
              title=_(get_spec(n).title), version=versions[n].version, date=versions[n].published_at[:10])
              for n in DATASETS if n in versions]
    # Translators: README, plain text: keep the line breaks. source_id and data/sources.csv are a column and a file
    # (not translated); {dashboard} is the dashboard's name, {date} YYYY-MM-DD.
    lines += ["", _("Each row's source_id is a row of data/sources.csv, which gives the publisher, title and web address\n"
                    "(and the original's, where the figure was read in a copy). Cite a figure by its source, and the\n"
                    "compilation as: {dashboard}, datasets as of {date}.").format(dashboard=dashboard, date=day)]
    return "\n".join(lines) + "\n"
