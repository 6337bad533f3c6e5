"""HXL: every column has a hashtag, unique in its dataset; libhxl reads every HXL export and finds every tag; the
validator recognises a hashtag row where libhxl does, and an HXL download uploads back as "no changes"."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from dashboard.export.tables import dataset_csv, drawn_from, sources_sheet, to_csv
from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.catalog import CATALOG, build_chart
from dashboard.maintain.changes import compare
from schemas.hxl import ADDED, hashtag_row, is_hashtag_row, mapped_columns, markdown_table, normalised, tag_of
from schemas.io import read_text_csv
from schemas.registry import DATASETS, DATASETS_DIR, DOWNLOAD_COLUMNS, SOURCES, get_spec
from schemas.validate import validate_csv

hxl = pytest.importorskip("hxl")
from hxl.input import InputOptions  # noqa: E402

CLAIMS = claims_from_folder()
TEXTS = {name: read_text_csv((DATASETS_DIR / get_spec(name).file_name).read_bytes(), get_spec(name)) for name in DATASETS}
ROOT = Path(__file__).resolve().parents[2]


def libhxl_read(data: bytes, tmp_path: Path, name: str):
    """(the tags libhxl finds, its rows): the file read as libhxl reads a download (local files allowed)."""
    path = tmp_path / name
    path.write_bytes(data)
    source = hxl.data(str(path), InputOptions(allow_local=True))
    return [column.display_tag for column in source.columns], list(source)


def hxl_download(name: str) -> bytes:
    return dataset_csv(TEXTS[name], TEXTS[SOURCES], f"{name}, test citation", dataset=name, hxl=True)


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_column_has_a_hashtag_unique_in_its_dataset_that_maps_back_to_it(name):
    spec = get_spec(name)
    columns = [*spec.columns, *DOWNLOAD_COLUMNS]
    tags = [tag_of(c, name) for c in columns]
    assert len({normalised(t) for t in tags}) == len(tags), "two columns share a hashtag"
    assert mapped_columns(tags, spec) == columns
    assert all(is_hashtag_row([t]) for t in tags)


def test_the_documented_mapping_is_the_declared_one():
    assert markdown_table() in (ROOT / "docs" / "hxl.md").read_text(encoding="utf-8"), "run: python -m schemas.hxl"


@pytest.mark.parametrize("chart_id", list(CATALOG))
def test_libhxl_reads_every_chart_export_and_finds_every_tag(tmp_path, chart_id):
    chart = build_chart(chart_id, CLAIMS)
    data = to_csv(chart, hxl=True)
    tags, rows = libhxl_read(data, tmp_path, f"{chart_id}.csv")
    header = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, nrows=0).columns.tolist()
    assert [normalised(t) for t in tags] == [normalised(t) for t in hashtag_row(header, drawn_from(chart))]
    assert len(tags) == len(header) and all(tags)
    assert len(rows) == len(chart.rows)


@pytest.mark.parametrize("name", list(DATASETS))
def test_libhxl_reads_every_dataset_download_and_it_uploads_back_unchanged(tmp_path, name):
    data = hxl_download(name)
    tags, rows = libhxl_read(data, tmp_path, f"{name}.csv")
    header = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, nrows=0).columns.tolist()
    assert [normalised(t) for t in tags] == [normalised(tag_of(c, name)) for c in header]
    assert len(rows) == len(TEXTS[name])

    report = validate_csv(data, name, source_ids=set(TEXTS[SOURCES]["source_id"]))
    assert report.ok, report.to_text()
    assert "Line 2 holds HXL hashtags: it was read as such and left out of the rows" in report.notes
    assert report.lines[0] == 3  # the first data row is the file's line 3
    assert compare(TEXTS[name], report.frame, get_spec(name).key_columns, report.lines).empty


def test_a_file_with_its_own_header_names_is_read_by_its_hashtags():
    """What an HDX user uploads: our hashtags under headers in their own words."""
    spec = get_spec("casualties")
    frame = TEXTS["casualties"].head(5)
    theirs = [f"Column {i}" for i in range(len(spec.columns))]
    body = pd.concat([pd.DataFrame([hashtag_row(spec.columns, "casualties")], columns=spec.columns), frame])
    data = body.set_axis(theirs, axis=1).to_csv(index=False).encode()
    report = validate_csv(data, "casualties", source_ids=set(TEXTS[SOURCES]["source_id"]))
    assert report.ok, report.to_text()
    assert f"The HXL hashtags on line 2 named {len(spec.columns)} of the file's {len(spec.columns)} columns" in report.notes[0]
    assert report.frame.values.tolist() == frame.values.tolist()


def test_a_hashtag_row_as_the_only_header_is_read_too():
    spec = get_spec("casualties")
    frame = TEXTS["casualties"].head(3)
    data = frame.set_axis(hashtag_row(spec.columns, "casualties"), axis=1).to_csv(index=False).encode()
    report = validate_csv(data, "casualties", source_ids=set(TEXTS[SOURCES]["source_id"]))
    assert report.ok, report.to_text()
    assert report.frame.values.tolist() == frame.values.tolist()


def test_unknown_hashtags_name_no_column_and_the_report_says_which():
    spec = get_spec("casualties")
    tags = hashtag_row(spec.columns, "casualties")
    tags[spec.columns.index("value_best")] = "#affected+killed"
    frame = TEXTS["casualties"].head(3)
    body = pd.concat([pd.DataFrame([tags], columns=spec.columns), frame])
    data = body.set_axis([f"c{i}" for i in range(len(tags))], axis=1).to_csv(index=False).encode()
    report = validate_csv(data, "casualties")
    assert not report.ok
    assert report.flat() == [(1, "c8", "extra-label")]
    assert "These name no column of casualties (docs/hxl.md lists ours): #affected+killed (over 'c8')" in report.notes[0]


@pytest.mark.parametrize("cells", [["#affected+killed", "", "#date +reported"], ["#org+name"]])
def test_a_hashtag_row_is_what_libhxl_takes_for_one(tmp_path, cells):
    data = ("a,b,c\n" + ",".join(cells + [""] * (3 - len(cells))) + "\n1,2,3\n").encode()
    tags, _ = libhxl_read(data, tmp_path, "x.csv")
    assert is_hashtag_row(cells) and [t for t in tags if t] == [c.replace(" ", "") for c in cells if c]


def test_a_plain_file_has_no_hashtag_row_for_libhxl_nor_for_us(tmp_path):
    data = (DATASETS_DIR / "casualties.csv").read_bytes()
    with pytest.raises(hxl.HXLException):
        libhxl_read(data, tmp_path, "casualties.csv")
    assert not is_hashtag_row(data.decode().splitlines()[1].split(","))
    assert validate_csv(data, "casualties").notes == []


def test_a_charts_zip_sources_sheet_is_hdx_style(tmp_path):
    chart = build_chart("wars-khojaly", CLAIMS)
    tags, rows = libhxl_read(sources_sheet(chart), tmp_path, "sources-hxl.csv")
    assert tags == ["#indicator+name", "#date", "#meta+source", "#meta+url"]
    assert len(rows) == len(chart.sources) and {r.get("#meta+url") for r in rows} == {s.original_url or s.url for s in chart.sources}


def test_every_column_a_download_adds_has_its_own_hashtag():
    assert set(ADDED) == set(DOWNLOAD_COLUMNS)
    assert ADDED["citation"] == "#meta+citation" and ADDED["source_url"] == "#meta+source+url"


def test_a_data_row_with_a_lone_hash_cell_is_data_not_hashtags():
    header, row = (DATASETS_DIR / "casualties.csv").read_text(encoding="utf-8").splitlines()[:2]
    width = len(header.split(","))
    mostly_empty = ",".join(["#3"] + [""] * (width - 1))
    report = validate_csv(f"{header}\n{mostly_empty}\n{row}\n".encode(), "casualties")
    assert not report.ok and all(e.line == 2 for e in report.errors)  # reported as the bad row it is
    assert not any("HXL" in note for note in report.notes)
