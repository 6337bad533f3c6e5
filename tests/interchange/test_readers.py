"""Every CSV export read with the tools our users' colleagues run, each with its defaults: pandas, Python's csv,
frictionless, LibreOffice. Each gets one header row with the right columns and every row's values; every ZIP is a
Data Package that `frictionless validate` accepts; a Data page download uploads back as "no changes"."""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.export.packages import datasets_readme, datasets_zip, to_zip
from dashboard.export.tables import dataset_csv, to_csv
from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.catalog import CATALOG, build_chart
from dashboard.maintain.changes import compare
from schemas.io import read_text_csv
from schemas.registry import DATASETS, DATASETS_DIR, SOURCES, get_spec
from schemas.validate import validate_csv

frictionless = pytest.importorskip("frictionless")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spreadsheets"))
from libreoffice import UTF8_COMMAS, convert_all, needs_libreoffice  # noqa: E402

CLAIMS = claims_from_folder()
TEXTS = {name: read_text_csv((DATASETS_DIR / get_spec(name).file_name).read_bytes(), get_spec(name)) for name in DATASETS}


def chart_csv(chart_id: str) -> tuple[bytes, pd.DataFrame]:
    chart = build_chart(chart_id, CLAIMS)
    return to_csv(chart), chart.rows


def dataset_download(name: str) -> bytes:
    return dataset_csv(TEXTS[name], TEXTS[SOURCES], f"{name}, version 0, test citation", dataset=name)


EXPORTS = [("chart", chart_id) for chart_id in CATALOG] + [("dataset", name) for name in DATASETS]


def export_bytes(kind: str, name: str) -> tuple[bytes, int]:
    """The export's bytes and how many data rows it must hold."""
    if kind == "chart":
        data, rows = chart_csv(name)
        return data, len(rows)
    return dataset_download(name), len(TEXTS[name])


@pytest.mark.parametrize(("kind", "name"), EXPORTS)
def test_pandas_the_csv_module_and_frictionless_read_the_same_header_and_rows_with_their_defaults(kind, name):
    data, rows = export_bytes(kind, name)
    by_pandas = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    header, *body = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(by_pandas.columns) == header and header[-1] == "citation" and not header[0].startswith("#")
    assert len(by_pandas) == len(body) == rows
    assert by_pandas.values.tolist() == body  # the same cells, to the character
    with frictionless.Resource(data=data, format="csv") as resource:
        assert resource.header == header
        assert sum(1 for _ in resource.row_stream) == rows
    if kind == "dataset":  # the dataset's own columns, exactly as stored
        own = get_spec(name).columns
        assert by_pandas[own].values.tolist() == TEXTS[name][own].values.tolist()


@pytest.mark.parametrize(("kind", "name"), EXPORTS)
def test_flags_numbers_and_dates_are_written_as_the_datasets_write_them(kind, name):
    data, _ = export_bytes(kind, name)
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    assert not {"True", "False", "nan", "NaN", "<NA>", "None"} & set(cells)
    assert not [c for c in cells if c.endswith((".0", " 00:00:00"))]


@pytest.mark.parametrize("name", list(DATASETS))
def test_a_data_page_download_uploads_back_as_no_changes(name):
    report = validate_csv(dataset_download(name), name, source_ids=set(TEXTS[SOURCES]["source_id"]))
    assert report.ok, report.to_text()
    if name != SOURCES:
        assert any("Left out the columns the dashboard's download adds" in note for note in report.notes)
    spec = get_spec(name)
    assert compare(TEXTS[name], report.frame, spec.key_columns, report.lines).empty


@pytest.fixture(scope="module")
def opened_in_libreoffice(tmp_path_factory):
    """Every export opened in LibreOffice Calc (as UTF-8 CSV) and saved as XLSX, all in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("exports")
    sources = []
    for kind, name in EXPORTS:
        path = folder / f"{kind}-{name}.csv"
        path.write_bytes(export_bytes(kind, name)[0])
        sources.append(path)
    return dict(zip(EXPORTS, convert_all(sources, folder / "saved", "xlsx", opened_as=UTF8_COMMAS)))


@needs_libreoffice
@pytest.mark.parametrize(("kind", "name"), EXPORTS)
def test_libreoffice_opens_the_export_with_one_header_row_and_every_row(opened_in_libreoffice, kind, name):
    from python_calamine import CalamineWorkbook

    data, rows = export_bytes(kind, name)
    sheet = CalamineWorkbook.from_path(str(opened_in_libreoffice[kind, name])).get_sheet_by_index(0).to_python()
    header, *body = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert sheet[0] == header and len(sheet) - 1 == rows
    assert [row[-1] for row in sheet[1:]] == [row[-1] for row in body]  # the citation, to the character


@pytest.mark.parametrize("chart_id", list(CATALOG))
def test_every_chart_zip_is_a_data_package_frictionless_accepts(tmp_path, chart_id):
    path = tmp_path / f"{chart_id}.zip"
    path.write_bytes(to_zip(build_chart(chart_id, CLAIMS)))
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_every_dataset_package_is_valid_keys_included_and_a_planted_error_is_found(tmp_path):
    good = datasets_zip(TEXTS, CLAIMS.versions, datasets_readme(CLAIMS.versions))
    (tmp_path / "all.zip").write_bytes(good)
    report = frictionless.validate(str(tmp_path / "all.zip"))
    assert report.valid and [t.name for t in report.tasks] == list(DATASETS)

    broken = {**TEXTS, "casualties": TEXTS["casualties"].assign(source_id=["no_such_source"] + list(TEXTS["casualties"]["source_id"][1:]))}
    (tmp_path / "broken.zip").write_bytes(datasets_zip(broken, CLAIMS.versions, datasets_readme(CLAIMS.versions)))
    assert frictionless.validate(str(tmp_path / "broken.zip")).flatten(["rowNumber", "type"]) == [[2, "foreign-key"]]
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        assert {"datapackage.json", "README.txt", "data/casualties.csv"} <= set(archive.namelist())
        assert "frictionless validate datapackage.json" in archive.read("README.txt").decode("utf-8-sig")
