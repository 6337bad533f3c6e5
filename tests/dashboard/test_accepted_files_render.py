"""The invariant behind 'nothing a maintainer can publish breaks a page': whatever the validator accepts can be
typed, drawn as every chart of the catalogue and exported in every format, and the numbers come out exact.

Files are generated at the edges of what is accepted (tests/dashboard/accepted_files.py), validated as an upload
is, stored as the store stores them (canonical CSV), read back as pages read them, then drawn and exported.
"""
from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pandas as pd
import plotly.io as pio
import pytest
from accepted_files import accepted_files, cell_values
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from test_export import needs_chromium

from dashboard.export import to_csv, to_html, to_image, to_zip
from dashboard.export.report import png_size
from dashboard.figures.bundle import Bundle
from dashboard.figures.catalog import CATALOG, build_chart
from dashboard.figures.charts.base import DataVersion
from schemas.io import canonical_csv_bytes, read_dataset_csv
from schemas.registry import SOURCES, get_spec
from schemas.report import ValidationReport
from schemas.validate import validate_csv

VALUE_COLUMNS = ("value_low", "value_best", "value_high")


def accepted(name: str, data: bytes, source_ids: set[str] | None) -> tuple[bytes, ValidationReport]:
    """The file without the rows the validator refuses, and its report, which must then be clean."""
    report = validate_csv(data, name, source_ids=source_ids)
    if not report.ok:
        refused = {issue.line for issue in report.errors}
        assert None not in refused, report.to_text()  # a problem of the whole file: the generator's fault
        lines = data.decode("utf-8").split("\n")  # no generated cell holds a line end: one row, one line
        data = "\n".join(line for number, line in enumerate(lines, start=1) if number not in refused).encode("utf-8")
        report = validate_csv(data, name, source_ids=source_ids)
    assert report.ok, f"refused after the refused rows were left out:\n{report.to_text()}"
    return data, report


def stored_claims(files: dict[str, bytes]) -> tuple[Bundle, dict[str, bytes]]:
    """Keep what the validator accepts of each file, store it as the store does (canonical CSV), read it back as the
    pages do. Returns the claims and the accepted files."""
    kept = {SOURCES: accepted(SOURCES, files[SOURCES], None)}
    ids = set(kept[SOURCES][1].table["source_id"].to_pylist())
    kept |= {name: accepted(name, data, ids) for name, data in files.items() if name != SOURCES}
    frames, versions = {}, {}
    for name, (_, report) in kept.items():
        frames[name] = read_dataset_csv(canonical_csv_bytes(report.frame, get_spec(name)), get_spec(name))
        versions[name] = DataVersion(name, 2, "2026-12-01T09:00:00+00:00")
    return Bundle(frames, versions), {name: data for name, (data, _) in kept.items()}


def exported_rows(data: bytes) -> pd.DataFrame:
    """The rows of a CSV export; none when the chart has none (its file then holds a header alone)."""
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False).drop(columns="citation")


def assert_exact(exported: pd.DataFrame, files: dict[str, bytes]) -> None:
    """Every number in the export is one a file stated, to the last digit (as a decimal, not as text: 007 is 7)."""
    stated = {Decimal(v) for data in files.values() for column in VALUE_COLUMNS if column in data.decode().split("\n", 1)[0]
              for v in cell_values(data, column) if v}
    for column in VALUE_COLUMNS:
        if column in exported:
            written = {Decimal(v) for v in exported[column] if v}
            assert written <= stated, f"{column}: exported {sorted(written - stated)[:3]} that no file states"


FILTERS = st.fixed_dictionaries({
    "side": st.sampled_from(["", "armenian", "azerbaijani,all"]),
    "party": st.sampled_from(["", "armenia", "azerbaijan,independent"]),
    "event_types": st.sampled_from(["", "road_closure", "gas_cut,other"]),
    "from": st.sampled_from(["", "0001-01-01", "2023-01-01"]),
    "to": st.sampled_from(["", "9999-12-31", "2023-06-30"]),
    "metric": st.sampled_from(["", "no_such_metric"]),
})

# derandomize: the same files on every run. No shrinking: one example draws every chart, so shrinking a failure
# took minutes; the failing files are printed whole instead, small enough to read.
SETTINGS = settings(max_examples=10, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


@SETTINGS
@given(files=accepted_files(), filters=FILTERS)
def test_every_accepted_file_draws_every_chart_and_exports_html_csv_and_zip(files, filters):
    claims, files = stored_claims(files)
    for chart_id in CATALOG:
        for chosen in ({}, filters):
            chart = build_chart(chart_id, claims, chosen)
            spec = json.loads(pio.to_json(chart.figure, validate=True))  # what st.plotly_chart sends the browser
            assert spec["layout"]["title"]["text"] == chart.title

            if not chosen:  # HTML inlines the 4 MB plotly.js bundle: once per chart is enough
                html = to_html(chart)
                assert "<h1>" in html and chart.chart_id in html

            exported = exported_rows(to_csv(chart))
            assert len(exported) == len(chart.rows)
            assert_exact(exported, files)

            with zipfile.ZipFile(io.BytesIO(to_zip(chart))) as archive:
                assert sorted(archive.namelist()) == sorted([f"{chart.chart_id}.csv", "datapackage.json", "README.txt", "sources-hxl.csv"])
                assert json.loads(archive.read("datapackage.json"))["dashboard"]["row_count"] == len(chart.rows)


@pytest.mark.chromium
@needs_chromium
@settings(max_examples=2, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(files=accepted_files())
def test_every_accepted_file_exports_every_chart_as_png_svg_and_pdf(files):
    claims, _ = stored_claims(files)
    for index, chart_id in enumerate(CATALOG):
        chart = build_chart(chart_id, claims, {})
        # PNG for every chart; SVG and PDF (the same renderer, other encoders) for a third of them each.
        formats = ["png"] + (["svg"] if index % 3 == 0 else []) + (["pdf"] if index % 3 == 1 else [])
        for fmt in formats:
            data = to_image(chart, fmt)
            if fmt == "png":  # slide width at scale 2, at least slide height (a chart with many rows grows)
                width, height = png_size(data)
                assert width == 2560 and height >= 1440, (chart_id, width, height)
            elif fmt == "svg":
                assert data.startswith(b"<svg") and b'width="1280"' in data[:400], (chart_id, data[:120])
            else:
                assert len(PdfReader(io.BytesIO(data)).pages) == 1, chart_id
