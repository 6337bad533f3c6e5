"""Exports: provenance in every file, Excel-safe CSV, offline HTML, images and report pack through Chromium."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import struct
import threading
import zipfile
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go
import pypdf
import pytest
from chromium import needs_chromium

from dashboard.export import (
    DASHBOARD_NAME,
    ChromiumMissing,
    cli,
    export_bytes,
    file_name,
    render,
    report_pdf,
    to_csv,
    to_html,
    to_pdf,
    to_png,
    to_svg,
    to_zip,
    with_provenance,
)
from dashboard.export.file_metadata import png_with_text, svg_with_metadata
from dashboard.export.provenance import citation
from dashboard.export.table_paging import table_cells, table_pages
from dashboard.export.tables import readme_text
from dashboard.figures.catalog import CATALOG
from dashboard.figures.charts.base import PROVENANCE, Chart, DataVersion, SourceRef, add_provenance

EXPORTED_AT = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)



chromium = pytest.mark.chromium

HRW = SourceRef(
    source_id="hrw-1992",
    publisher="Human Rights Watch",
    title="Bloodshed in the Caucasus: Escalation of the Armed Conflict in Nagorno Karabakh",
    url="https://www.hrw.org/reports/1992/WR92/HSW-07.htm",
    published="1992-09-01",
    accessed="2026-11-20",
    kind="ngo",
    party="independent",
)
AZ_MFA = SourceRef(
    source_id="az-mfa-khojaly",
    publisher="Ministry of Foreign Affairs of Azerbaijan",
    title="Khojaly genocide",
    url="https://mfa.gov.az/en/category/khojaly#facts",
    published="2020-02-25",
    accessed="2026-11-20",
    kind="government",
    party="azerbaijan",
)
UNHCR = SourceRef("unhcr-2023", "UNHCR", "Armenia: Refugee Response Plan", "https://data.unhcr.org/en/documents/armenia", "2023-10-12", "2026-11-21")
KHOJALY_DISPUTE = "Human Rights Watch counted at least 161 civilians killed; Azerbaijan\u2019s government states 613 \u2014 ə, Ş."


def bar_chart(chart_id="wars-khojaly", title="Khojaly/Xocalı 1992", sources=(HRW, AZ_MFA), dispute_note=KHOJALY_DISPUTE, rows=None,
              provenance=True):
    """A bar chart as a builder returns it (provenance written into the figure): one bar per claim, two sources, a dispute note."""
    sources = list(sources)
    if rows is None:
        rows = pd.DataFrame(
            {
                "conflict": ["khojaly_1992"] * len(sources),
                "claimed_by": [s.publisher for s in sources],
                "value_best": [161 + 452 * i for i in range(len(sources))],
                "source_id": [s.source_id for s in sources],
                "note": ["count of bodies seen #1"] + [""] * (len(sources) - 1),
            }
        )
    figure = go.Figure(go.Bar(x=rows["claimed_by"], y=rows["value_best"]))
    figure.update_layout(title_text=title, xaxis_title="claimed by")
    chart = Chart(
        chart_id=chart_id,
        title=title,
        figure=figure,
        rows=rows,
        sources=sources,
        dispute_note=dispute_note,
        versions=[DataVersion("casualties", 3, "2026-11-26T09:30:00+00:00")],
        filters={"conflict": "khojaly_1992"},
    )
    return add_provenance(chart) if provenance else chart


@pytest.fixture
def khojaly() -> Chart:
    return bar_chart()


@pytest.fixture
def exodus() -> Chart:
    return bar_chart("exodus-arrivals", "Arrivals in Armenia, September\u2013October 2023", sources=[UNHCR], dispute_note="")


# --- provenance in the figure ---------------------------------------------------------------


def footer_text(fig: go.Figure) -> str:
    return " ".join(a.text.replace("<br>", " ") for a in fig.layout.annotations if a.name == PROVENANCE)


def test_with_provenance_writes_title_source_dispute_version_and_dashboard():
    chart = bar_chart(provenance=False)  # as if drawn by hand, not by a builder
    fig = with_provenance(chart)
    footer = footer_text(fig)
    assert "Source: Human Rights Watch; Ministry of Foreign Affairs of Azerbaijan" in footer
    assert "Disputed: sources disagree on figures in this chart" in footer
    assert "Data: casualties v3 (2026-11-26)" in footer and DASHBOARD_NAME in footer
    assert fig.layout.title.text == "Khojaly/Xocalı 1992"
    assert chart.figure.layout.annotations == ()  # the chart's own figure is left alone


def test_with_provenance_does_not_duplicate_what_the_builder_wrote(khojaly):
    fig = with_provenance(khojaly)
    assert [a.name for a in fig.layout.annotations].count(PROVENANCE) == 1
    assert json.loads(fig.to_json()) == json.loads(khojaly.figure.to_json())
    twice = with_provenance(dataclasses.replace(khojaly, figure=fig))
    assert json.loads(twice.to_json()) == json.loads(fig.to_json())


def test_the_image_footer_keeps_its_size_however_many_sources_the_chart_has():
    many = [SourceRef(f"s{i}", f"Publisher {i}", f"A long report on displacement, part {i}", f"https://example.org/{i}") for i in range(55)]
    few = with_provenance(bar_chart(sources=[UNHCR], dispute_note="", provenance=False))
    lots = with_provenance(bar_chart(sources=many, dispute_note="", provenance=False))
    footer = next(a.text for a in lots.layout.annotations if a.name == PROVENANCE)
    assert footer.split("<br>")[0] == "Source: Publisher 0; Publisher 1; Publisher 2 and 52 others"
    assert lots.layout.margin.b == few.layout.margin.b


def test_citation_names_chart_versions_date_and_sources(khojaly):
    text = citation(khojaly, EXPORTED_AT)
    assert text.startswith("“Khojaly/Xocalı 1992”, chart wars-khojaly.")
    assert "Data: casualties v3 (2026-11-26)" in text and DASHBOARD_NAME in text and "Exported 2026-11-26" in text
    assert text.endswith(khojaly.source_line + ".")


# --- HTML -------------------------------------------------------------------------------------


def test_html_is_self_contained_and_shows_provenance_as_text(khojaly):
    page = to_html(khojaly, exported_at=EXPORTED_AT)
    assert "<script src" not in page.lower()  # nothing loaded from elsewhere: works offline
    assert "* plotly.js v" in page and len(page) > 1_000_000  # the plotly.js bundle itself is inlined
    assert '<p class="source">Source: Human Rights Watch, \u201cBloodshed in the Caucasus' in page
    assert f'href="{HRW.url}"' in page and 'href="https://mfa.gov.az/en/category/khojaly#facts"' in page
    assert "Azerbaijan\u2019s government states 613" in page
    assert "Data: casualties v3 (2026-11-26)" in page
    assert "<h1>Khojaly/Xocalı 1992</h1>" in page
    assert f'<p class="dispute">Disputed: {KHOJALY_DISPUTE}</p>' in page


def test_html_escapes_a_hostile_title_source_and_url():
    hostile = SourceRef("x", "Evil <img src=x onerror=alert(2)>", "t", "javascript:alert(3)")
    page = to_html(bar_chart(title="<script>alert(1)</script>", sources=[hostile], dispute_note="</p><script>alert(4)</script>"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript:' not in page
    assert "<script>alert(4)" not in page


# --- CSV and ZIP ------------------------------------------------------------------------------

HOSTILE_ROWS = pd.DataFrame(
    {
        "claimed_by": ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1:A9)", "-2+3", "\tTab", "Stepanakert/Khankendi"],
        "value_best": [161, 0, 5, 7, 9, 120000],
        "source_id": ["hrw-1992", "az-mfa-khojaly", "hrw-1992", "hrw-1992", "hrw-1992", "az-mfa-khojaly"],
        "note": ["see #3", "", None, "x", "y", "Xocalı; Şuşa"],
    }
)


def read_back(data: bytes) -> pd.DataFrame:
    """As a colleague reads it: pandas with its defaults."""
    return pd.read_csv(io.BytesIO(data))


def test_csv_neutralises_formulas_and_keeps_numbers():
    data = to_csv(bar_chart(rows=HOSTILE_ROWS), exported_at=EXPORTED_AT)
    rows = read_back(data)
    assert rows["claimed_by"].tolist() == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'@SUM(A1:A9)", "'-2+3", "'\tTab", "Stepanakert/Khankendi"]
    assert rows["value_best"].tolist() == [161, 0, 5, 7, 9, 120000]
    assert pd.api.types.is_integer_dtype(rows["value_best"])
    assert rows["note"].tolist()[0] == "see #3"
    assert rows["note"].tolist()[-1] == "Xocalı; Şuşa"


def test_csv_has_a_bom_one_header_row_a_citation_column_and_source_columns():
    data = to_csv(bar_chart(rows=HOSTILE_ROWS), exported_at=EXPORTED_AT)
    assert data.startswith(b"\xef\xbb\xbfclaimed_by,value_best,source_id,")  # the header first: nothing above it
    rows = read_back(data)
    assert list(rows.columns)[-1] == "citation" and rows["citation"].nunique() == 1
    cited = rows.loc[0, "citation"]
    assert "Khojaly/Xocalı 1992" in cited and DASHBOARD_NAME in cited
    assert "Data: casualties v3 (2026-11-26)" in cited and "Exported 2026-11-26" in cited
    assert "Human Rights Watch" in cited
    assert rows.loc[0, "source_publisher"] == "Human Rights Watch"
    assert rows.loc[1, "source_url"] == "https://mfa.gov.az/en/category/khojaly#facts"
    assert rows.loc[1, "source_title"] == "Khojaly genocide"


def test_csv_names_each_source_as_its_citation_does_not_as_the_copy_it_was_read_in():
    """A chart's rows carry the page each figure was read on (publisher, title, url); the export names the original
    first, as the Source line does, and keeps the page read as source_url."""
    copy = dataclasses.replace(HRW, publisher="A mirror site", original_publisher="Human Rights Watch",
                               original_url="https://www.hrw.org/report", url="https://mirror.example/hrw")
    rows = HOSTILE_ROWS.assign(publisher="A mirror site", title="Mirror page", url="https://mirror.example/hrw")
    back = read_back(to_csv(bar_chart(rows=rows, sources=[copy, AZ_MFA])))
    assert not {"publisher", "title", "url"} & set(back.columns)
    first = back.iloc[0]
    assert (first["source_publisher"], first["source_original_url"], first["source_url"]) == (
        "Human Rights Watch", "https://www.hrw.org/report", "https://mirror.example/hrw")


def test_csv_writes_cells_as_the_datasets_write_them():
    rows = HOSTILE_ROWS.assign(interim=[True, False, False, True, False, False], share=[2.0, 0.5, 1.25, 3.0, 0.0, 10.0],
                               as_of=pd.to_datetime(["2023-09-19"] * 6))
    body = to_csv(bar_chart(rows=rows)).decode("utf-8-sig")
    header, first = list(csv.reader(io.StringIO(body)))[:2]
    cell = dict(zip(header, first))
    assert (cell["interim"], cell["share"], cell["as_of"], cell["value_best"]) == ("true", "2", "2023-09-19", "161")
    assert "True" not in body and "2.0," not in body and "00:00:00" not in body


def test_zip_is_a_data_package_with_the_csv_the_export_metadata_and_a_readme(khojaly):
    archive = zipfile.ZipFile(io.BytesIO(to_zip(khojaly, exported_at=EXPORTED_AT)))
    assert sorted(archive.namelist()) == ["README.txt", "datapackage.json", "sources-hxl.csv", "wars-khojaly.csv"]
    descriptor = json.loads(archive.read("datapackage.json"))
    resource, sources_sheet = descriptor["resources"]
    assert resource["path"] == "wars-khojaly.csv" and resource["schema"]["fields"][-1]["name"] == "citation"
    assert sources_sheet["path"] == "sources-hxl.csv" and sources_sheet["dialect"] == {"commentRows": [2]}
    assert [s["path"] for s in descriptor["sources"]] == [HRW.url, AZ_MFA.url]
    metadata = descriptor["dashboard"]
    assert metadata["chart_id"] == "wars-khojaly" and metadata["title"] == "Khojaly/Xocalı 1992"
    assert [s["url"] for s in metadata["sources"]] == [HRW.url, AZ_MFA.url]
    assert [s["publisher"] for s in metadata["sources"]] == [HRW.publisher, AZ_MFA.publisher]
    assert metadata["datasets"] == [{"dataset": "casualties", "version": 3, "published_at": "2026-11-26T09:30:00+00:00"}]
    assert metadata["dispute_note"] == KHOJALY_DISPUTE
    assert metadata["filters"] == {"conflict": "khojaly_1992"}
    assert metadata["exported_at"] == "2026-11-26T12:00:00+00:00"
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert "Please cite it as:" in readme and "Khojaly/Xocalı 1992" in readme
    assert HRW.url in readme and AZ_MFA.url in readme and KHOJALY_DISPUTE in readme
    assert read_back(archive.read("wars-khojaly.csv"))["value_best"].tolist() == [161, 613]


def test_file_name_is_safe():
    assert file_name(bar_chart(chart_id="wars-khojaly"), "png") == "wars-khojaly.png"
    assert file_name(bar_chart(chart_id="../../etc/passwd"), "csv") == "etc-passwd.csv"


# --- Chromium missing -------------------------------------------------------------------------


def test_missing_chromium_fails_images_but_not_html_or_csv(monkeypatch, khojaly):
    def nowhere():
        raise ChromiumMissing("no chromium (apt-get install -y chromium)")

    monkeypatch.setattr(render, "find_chromium", nowhere)
    for export in (to_png, to_svg, to_pdf):
        with pytest.raises(ChromiumMissing):
            export(khojaly)
    with pytest.raises(ChromiumMissing):
        report_pdf([khojaly])
    assert "Khojaly/Xocalı 1992" in to_html(khojaly)
    assert read_back(to_csv(khojaly))["value_best"].tolist() == [161, 613]
    assert zipfile.ZipFile(io.BytesIO(export_bytes(khojaly, "zip"))).namelist()


def test_find_chromium_explains_how_to_install(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(render, "_DEFAULT_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    with pytest.raises(ChromiumMissing, match=r"apt-get install -y chromium"):
        render.find_chromium()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/other")
    with pytest.raises(ChromiumMissing, match=r"BROWSER_PATH is set to '/nonexistent/other'"):
        render.find_chromium()


# --- images through Chromium ------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@chromium
@needs_chromium
def test_png_is_slide_sized(khojaly):
    assert khojaly.figure.layout.height < 720
    assert png_size(to_png(khojaly)) == (2560, 1440)
    assert png_size(to_png(khojaly, scale=1)) == (1280, 720)


@chromium
@needs_chromium
def test_a_tall_chart_keeps_its_height_so_rows_stay_legible():
    chart = bar_chart(provenance=False)
    chart.figure.update_layout(height=1300)  # a builder's one-row-per-claim chart
    chart = add_provenance(chart)
    height = chart.figure.layout.height
    assert height > 1300
    assert png_size(to_png(chart)) == (2560, 2 * height)


@chromium
@needs_chromium
def test_svg_carries_source_and_dispute_text(khojaly):
    svg = to_svg(khojaly).decode("utf-8")
    assert svg.startswith("<svg")
    assert "Source: Human Rights Watch; Ministry of Foreign Affairs of Azerbaijan" in svg
    assert "Disputed: sources disagree on figures in this chart" in svg
    assert "Data: casualties v3 (2026-11-26) \u00b7 Karabakh displacement dashboard" in svg
    assert "Khojaly/Xocalı 1992" in svg


@chromium
@needs_chromium
def test_pdf_text_has_publisher_and_dispute(khojaly):
    data = export_bytes(khojaly, "pdf")  # what the page's button and the command line write
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2  # the chart, then every source and the dispute in full
    chart_page = " ".join(reader.pages[0].extract_text().split())
    assert "Source: Human Rights Watch; Ministry of Foreign Affairs of Azerbaijan" in chart_page and "casualties v3" in chart_page
    rest = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[1:])
    assert "Bloodshed in the Caucasus" in rest and "Khojaly genocide" in rest
    assert "counted at least 161 civilians killed" in rest
    assert reader.metadata.title == "Khojaly/Xocalı 1992"


@chromium
@needs_chromium
def test_concurrent_exports_each_get_their_own_chart():
    charts = [bar_chart(chart_id=f"chart-{i}", title=f"Distinct title number {i} Xocalı", sources=[UNHCR], dispute_note="") for i in range(6)]
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(charts))

    def export(i: int) -> None:
        try:
            start.wait()
            results[i] = [to_svg(charts[i]).decode("utf-8") for _ in range(3)]  # rounds: mix-ups are timing-dependent
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=export, args=(i,)) for i in range(len(charts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    for i, svgs in results.items():
        for svg in svgs:
            titles = set(re.findall(r"Distinct title number (\d)", svg))
            assert titles == {str(i)}, f"thread {i} got the SVG of chart(s) {titles}"
    assert len(results) == len(charts)


@chromium
@needs_chromium
def test_report_pack_has_cover_chart_pages_and_appendix(khojaly, exodus):
    charts = [khojaly, exodus]
    reader = pypdf.PdfReader(io.BytesIO(report_pdf(charts, title="Test pack \u2014 Xocalı", exported_at=EXPORTED_AT)))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) == 1 + len(charts) + 1
    assert "Test pack \u2014 Xocalı" in pages[0] and "casualties: version 3, published 2026-11-26" in pages[0]
    assert "26 November 2026" in pages[0]
    for chart, page in zip(charts, pages[1:]):
        assert chart.title in page
        assert chart.sources[0].publisher in page
    assert "Disputed: sources disagree on figures in this chart. Who says what: the appendix." in pages[1]
    assert reader.pages[1].images, "the chart page embeds the chart image"
    appendix = pages[-1]
    for source in (HRW, AZ_MFA, UNHCR):
        assert source.publisher in appendix and source.url in appendix
    assert "Accessed: 2026-11-20" in appendix
    assert KHOJALY_DISPUTE in appendix


# --- command line -----------------------------------------------------------------------------


@pytest.fixture
def catalogue(monkeypatch):
    """The real catalogue, drawing from the small hand-made claims instead of the store: returns the chart ids."""
    from claims_fixtures import small_claims

    monkeypatch.setattr(cli, "_load_claims", small_claims)
    return list(CATALOG)


def test_cli_lists_charts(catalogue, capsys):
    assert cli.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "wars-khojaly" in out and CATALOG["wars-khojaly"].title in out and "exodus-arrivals" in out
    assert len(out.splitlines()) == len(catalogue)


def test_cli_unknown_chart_suggests_close_ids(catalogue, tmp_path, capsys):
    assert cli.main(["wars-khojali", "--format", "csv", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "unknown chart id 'wars-khojali'" in err and "Did you mean: wars-khojaly," in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [[], ["wars-khojaly", "--format", "csv"], ["wars-khojaly", "--format", "gif", "--out", "x"], ["--list", "--report"], ["all", "--report", "--out", "x.pdf"]],
)
def test_cli_usage_errors_exit_2(catalogue, argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2


def test_cli_exports_all_charts_as_csv_with_progress(catalogue, tmp_path, capsys):
    assert cli.main(["all", "--format", "csv", "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    count = len(catalogue)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{chart_id}.csv" for chart_id in catalogue)
    assert f"[1/{count}] writing {catalogue[0]}.csv" in captured.err and f"[{count}/{count}] writing {catalogue[-1]}.csv" in captured.err
    assert str(tmp_path / "out" / "wars-khojaly.csv") in captured.out
    assert sorted(read_back((tmp_path / "out" / "wars-khojaly.csv").read_bytes())["value_best"]) == [161, 613, 1000]


def test_cli_reports_missing_chromium(catalogue, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(render, "find_chromium", lambda: (_ for _ in ()).throw(ChromiumMissing("install it: apt-get install -y chromium")))
    assert cli.main(["wars-khojaly", "--format", "png", "--out", str(tmp_path)]) == 1
    assert "apt-get install -y chromium" in capsys.readouterr().err
    assert cli.main(["wars-khojaly", "--format", "html", "--out", str(tmp_path)]) == 0


@chromium
@needs_chromium
def test_cli_writes_images_and_a_report(catalogue, tmp_path, capsys):
    assert cli.main(["wars-khojaly", "--format", "png", "--out", str(tmp_path)]) == 0
    assert png_size((tmp_path / "wars-khojaly.png").read_bytes()) == (2560, 1440)
    assert cli.main(["--report", "exodus-arrivals", "wars-khojaly", "--out", str(tmp_path / "pack.pdf")]) == 0
    err = capsys.readouterr().err
    assert "[1/1] rendering wars-khojaly.png" in err
    assert "[1/2] rendering exodus-arrivals" in err and "[2/2] rendering wars-khojaly" in err
    assert len(pypdf.PdfReader(tmp_path / "pack.pdf").pages) == 4


@chromium
@needs_chromium
def test_a_crashed_browser_is_replaced_on_the_next_call(exodus):
    to_svg(exodus)
    browser = render._RENDERER._kaleido.subprocess
    browser.kill()
    browser.wait(timeout=10)
    assert "Arrivals in Armenia" in to_svg(exodus).decode("utf-8")
    assert render._RENDERER._kaleido.subprocess.pid != browser.pid


@chromium
@needs_chromium
def test_report_keeps_one_page_per_chart_when_a_chart_cites_many_sources(khojaly):
    many = [SourceRef(f"s{i}", f"Publisher {i}", f"A report with a long title about displacement and return, part {i}", f"https://example.org/{i}")
            for i in range(60)]
    crowded = add_provenance(bar_chart("crowded", "Sixty sources", sources=many, dispute_note="Sources disagree. " * 80, provenance=False))
    reader = pypdf.PdfReader(io.BytesIO(report_pdf([crowded, khojaly])))
    with_images = [i for i, page in enumerate(reader.pages) if page.images]
    assert with_images == [1, 2]
    page = " ".join(reader.pages[1].extract_text().split())
    assert "Source: Publisher 0; Publisher 1; Publisher 2 and 57 others. Full citations: the appendix." in page
    assert "Who says what: the appendix." in page
    appendix = " ".join(" ".join(p.extract_text() for p in reader.pages[3:]).split())
    assert all(f"https://example.org/{i}" in appendix for i in range(60))


def test_report_without_a_unicode_font_says_so_and_still_writes(monkeypatch, khojaly):
    from PIL import Image

    from dashboard.export import report

    stub = io.BytesIO()
    Image.new("RGB", (64, 36), "white").save(stub, format="PNG")
    monkeypatch.setattr(report, "to_png", lambda chart: stub.getvalue())  # layout only: no browser needed
    monkeypatch.setattr(report, "FONT_CANDIDATES", [])
    with pytest.warns(report.NoUnicodeFont, match="fonts-dejavu-core"):
        data = report_pdf([khojaly], title="Pack \u2014 Xocalı")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split())
    assert "Pack - Xocali" in text and "Human Rights Watch" in text


@chromium
@needs_chromium
def test_a_browser_that_will_not_start_is_reported_then_the_real_one_used(monkeypatch, exodus):
    monkeypatch.setenv("BROWSER_PATH", "/bin/false")
    with pytest.raises(render.RenderError, match=r"could not be started.*apt-get install --reinstall -y chromium"):
        to_svg(exodus)
    monkeypatch.delenv("BROWSER_PATH")
    assert "Arrivals in Armenia" in to_svg(exodus).decode("utf-8")


def test_a_citation_that_starts_like_a_formula_cannot_run_in_a_spreadsheet():
    from dashboard.export.tables import export_csv

    data = export_csv(pd.DataFrame({"a": [1]}), "=1+cmd|' /C calc'!A0, and more")
    assert read_back(data).loc[0, "citation"] == "'=1+cmd|' /C calc'!A0, and more"


HRW_VIA_COPY = SourceRef(
    source_id="hrw-copy", publisher="karabakh.vn", title="HRW texts on Khojaly", url="https://karabakh.vn/hrw",
    published="2010", accessed="2026-11-20", kind="ngo", party="independent", grade="primary",
    original_publisher="Human Rights Watch", original_title="Azerbaijan: Seven Years of Conflict in Nagorno-Karabakh",
    original_published="1994-12", original_url="https://www.hrw.org/report/1994/12/01/seven-years-conflict",
)


def test_every_export_cites_the_original_first_with_the_copy_as_read_via_and_the_grade():
    chart = bar_chart(sources=(HRW_VIA_COPY,))
    cited = "Human Rights Watch, \u201cAzerbaijan: Seven Years of Conflict in Nagorno-Karabakh\u201d (1994-12), read via karabakh.vn"

    readme = readme_text(chart)
    assert f"  - {cited} (grade: primary; published 2010; accessed 2026-11-20)" in readme
    assert "    original: https://www.hrw.org/report/1994/12/01/seven-years-conflict\n    read at: https://karabakh.vn/hrw" in readme
    page = to_html(chart)
    assert "read via karabakh.vn" in page and 'original <a href="https://www.hrw.org/report/1994/12/01/seven-years-conflict"' in page
    assert chart.source_line == f"Source: {cited}"


def test_the_readme_says_no_filters_rather_than_listing_empty_ones():
    chart = bar_chart()
    chart.filters = {"party": "", "side": ""}
    assert "No filters: every claim of the chart is included." in readme_text(chart)
    chart.filters = {"party": "", "side": "armenian"}
    assert "Filters applied: side = armenian." in readme_text(chart)


# --- long tables: no export drops a row ------------------------------------------------------------------------

def table_chart(count: int, chart_id: str = "blockade-shortages", title: str = "Shortages & <living> conditions") -> Chart:
    """A sourced table as summary_charts.sourced_table_chart draws it (height capped at 1400 px), every third row
    long enough to wrap; each row is told apart by 'row 001:' and so on."""
    what = [f"row {i:03d}: " + ("a long description that wraps over two or three lines of its column " * (i % 3 == 0)) for i in range(1, count + 1)]
    figure = go.Figure(go.Table(
        columnwidth=[3, 1, 2],
        header=dict(values=["What", "Figure", "Claimed by"], font=dict(size=12)),
        cells=dict(values=[what, [f"{i * 10:,}" for i in range(1, count + 1)], ["NK Information Center"] * count],
                   align="left", font=dict(size=11), height=24),
    ))
    figure.update_layout(height=min(1400, 170 + 27 * count))
    rows = pd.DataFrame({"what": what, "source_id": [UNHCR.source_id] * count})
    chart = Chart(chart_id=chart_id, title=title, figure=figure, rows=rows, sources=[UNHCR], dispute_note="Sources differ.",
                  versions=[DataVersion("blockade_supplies", 2, "2026-11-30T10:00:00+00:00")])
    return add_provenance(chart)


def row_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"row (\d{3}):", text)]


def test_a_long_table_is_split_into_pages_holding_every_row_once_in_order():
    chart = table_chart(123)
    pages = table_pages(chart, width=1280, max_height=render.PDF_PAGE_HEIGHT)
    assert len(pages) > 2
    shown = [row for page in pages for row in page.figure.data[0].cells.values[0]]
    assert shown == list(chart.figure.data[0].cells.values[0])
    ranges = [re.search(r"\(rows (\d+)-(\d+) of 123\)$", page.title).groups() for page in pages]
    assert ranges[0][0] == "1" and ranges[-1][1] == "123"
    assert all(int(first) == int(last) + 1 for (_, last), (first, _) in zip(ranges, ranges[1:]))
    assert all(page.figure.layout.height <= render.PDF_PAGE_HEIGHT for page in pages)
    assert all(len(page.figure.data[0].cells.values[2]) == len(page.figure.data[0].cells.values[0]) for page in pages)
    assert chart.title == "Shortages & <living> conditions" and len(chart.figure.data[0].cells.values[0]) == 123  # left alone


def test_a_table_that_fits_keeps_its_title_and_grows_past_the_builders_cap_to_hold_every_row():
    chart = table_chart(74)
    assert chart.figure.layout.meta["plot_height"] == 1400  # the builder's cap: about 40 rows drawn
    [page] = table_pages(chart, width=1280, max_height=render.IMAGE_MAX_HEIGHT)
    assert page.title == chart.title and page.figure.layout.height > 2000
    other = bar_chart()  # any other chart comes back as it is
    assert table_pages(other, width=1280, max_height=905)[0] is other


@chromium
@needs_chromium
def test_a_table_image_draws_every_row_or_says_which_rows_it_shows():
    svg = to_svg(table_chart(74)).decode("utf-8")  # the shortages table stopped at row 41 of 74
    assert row_numbers(svg) == list(range(1, 75))
    svg = to_svg(table_chart(300)).decode("utf-8")
    shown = row_numbers(svg)
    last = shown[-1]
    assert shown == list(range(1, last + 1)) and 60 < last < 300
    assert f"(rows 1-{last} of 300; every row is in the CSV and PDF exports)" in svg
    png = to_png(table_chart(74), scale=1)
    assert png_size(png)[1] > 2000


@chromium
@needs_chromium
def test_a_table_pdf_has_every_row_over_pages_that_say_which_rows():
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(table_chart(123))))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert sorted(row_numbers(text)) == list(range(1, 124))
    assert "rows 1-" in text and " of 123)" in text
    assert len(reader.pages) >= 4  # three or more table pages, then the sources


def shipped_shortages() -> Chart:
    from dashboard.figures.bundle import claims_from_folder
    from dashboard.figures.catalog import build_chart

    return build_chart("blockade-shortages", claims_from_folder())


def pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_report_pack_holds_every_row_of_the_shortages_table():
    from collections import Counter

    chart = shipped_shortages()
    table = table_cells(chart)
    assert len(table.rows) == len(chart.rows) > 60  # the pack used to stop at 2023-02-13, row 41
    pages = pdf_text(report_pdf([chart], exported_at=EXPORTED_AT))  # a table is text: no browser needed
    text = " ".join(pages)
    for row, count in Counter(" ".join(" ".join(cells).split()) for cells in table.rows).items():
        assert text.count(row) >= count, row
    labels = [re.search(r"Table, rows (\d+)-(\d+) of (\d+)", page) for page in pages]
    ranges = [(int(m[1]), int(m[2])) for m in labels if m]
    assert len(ranges) > 1 and ranges[0][0] == 1 and ranges[-1][1] == len(table.rows)
    assert all(first == last + 1 for (_, last), (first, _) in zip(ranges, ranges[1:]))
    assert all(labels[i] for i in range(1, 1 + len(ranges)))  # the table's pages follow the cover, one label each
    assert all(chart.attribution in page for page in pages[1:1 + len(ranges)])  # every page says whose figures


def test_the_report_cover_names_the_filters_or_says_there_were_none(monkeypatch, khojaly):
    from dashboard.export import report

    monkeypatch.setattr(report, "to_png", lambda chart: stub_png())
    cover = pdf_text(report_pdf([khojaly], filters={"Claimant's party": "Armenia, Azerbaijan"}))[0]
    assert "Filters Claimant's party: Armenia, Azerbaijan" in cover
    assert "Filters None: every claim of each chart is included." in pdf_text(report_pdf([khojaly]))[0]


def stub_png() -> bytes:
    from PIL import Image

    stub = io.BytesIO()
    Image.new("RGB", (64, 36), "white").save(stub, format="PNG")
    return stub.getvalue()


# --- provenance inside the files' metadata ---------------------------------------------------------------------

HOSTILE_SOURCE = SourceRef("evil", "Evil & Sons <b>", 'The "best" report </desc><script>alert(1)</script>',
                           "https://example.org/a?b=1&c=<2>", original_publisher="Origin & Co", original_title="O'Brien's <notes>",
                           original_url="https://example.org/original?x=1&y=2")
SVG_NS = {"svg": "http://www.w3.org/2000/svg", "dc": "http://purl.org/dc/elements/1.1/",
          "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


def assert_svg_metadata(svg: bytes, chart: Chart) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)  # still well-formed XML, whatever the data text holds
    children = [child.tag.split("}")[1] for child in root][:3]
    assert children == ["title", "desc", "metadata"]
    assert root.find("svg:title", SVG_NS).text == chart.title
    desc = root.find("svg:desc", SVG_NS).text
    assert chart.attribution in desc and "Disputed: sources disagree on figures in this chart" in desc
    assert "Data: casualties v3 (2026-11-26)" in desc
    about = root.find("svg:metadata/rdf:RDF/rdf:Description", SVG_NS)
    assert about.find("dc:title", SVG_NS).text == chart.title
    sources = [element.text for element in about.findall("dc:source", SVG_NS)]
    assert len(sources) == len(chart.sources)
    for source, text in zip(chart.sources, sources):
        assert text.startswith(source.citation) and all(url in text for _, url in source.links)
    assert f"Disputed: {chart.dispute_note}" in [element.text for element in about.findall("dc:description", SVG_NS)]


def test_svg_metadata_holds_title_description_and_every_source_escaped():
    chart = bar_chart(title='Khojaly <b>&</b> "1992"', sources=(HRW, HOSTILE_SOURCE))
    chart.permalink = "https://dashboard.example/wars?episode=khojaly_1992&side=all"
    svg = svg_with_metadata(b'<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="1280"><rect/></svg>', chart)
    assert b"<script>" not in svg and b"</desc><script>" not in svg
    assert_svg_metadata(svg, chart)
    assert b'rdf:about="https://dashboard.example/wars?episode=khojaly_1992&amp;side=all"' in svg


@chromium
@needs_chromium
def test_an_svg_export_carries_title_desc_and_metadata_with_the_sources():
    chart = bar_chart(sources=(HRW, AZ_MFA, HOSTILE_SOURCE))
    svg = to_svg(chart)
    assert svg.startswith(b"<svg") and b'width="1280"' in svg[:400]
    assert_svg_metadata(svg, chart)


def test_png_text_chunks_hold_title_description_and_sources():
    from PIL import Image

    fields = {"Title": "Khojaly/Xocalı 1992", "Source": "HRW; “Şuşa” & <more>"}
    image = Image.open(io.BytesIO(png_with_text(stub_png(), fields)))
    image.load()  # checks every chunk's CRC
    assert {k: image.text[k] for k in fields} == fields


@chromium
@needs_chromium
def test_a_png_export_carries_its_title_source_and_description(khojaly):
    from PIL import Image

    image = Image.open(io.BytesIO(to_png(khojaly, scale=1)))
    image.load()
    assert image.text["Title"] == "Khojaly/Xocalı 1992"
    assert image.text["Source"].splitlines() == [f"{HRW.citation}; link: {HRW.url}", f"{AZ_MFA.citation}; link: {AZ_MFA.url}"]
    assert image.text["Description"].splitlines()[0] == khojaly.attribution
    assert "Data: casualties v3 (2026-11-26)" in image.text["Description"]


@chromium
@needs_chromium
def test_a_pdf_export_holds_title_subject_and_the_full_source_line_as_metadata(khojaly):
    metadata = pypdf.PdfReader(io.BytesIO(to_pdf(khojaly))).metadata
    assert metadata.title == "Khojaly/Xocalı 1992"
    assert khojaly.attribution in metadata.subject and "Disputed: sources disagree" in metadata.subject
    assert metadata["/Keywords"] == khojaly.source_line


@chromium
@needs_chromium
def test_the_zip_download_holds_the_chart_as_svg_and_png(khojaly):
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(khojaly, "zip", exported_at=EXPORTED_AT)))
    assert sorted(archive.namelist()) == ["README.txt", "datapackage.json", "sources-hxl.csv", "wars-khojaly.csv", "wars-khojaly.png",
                                          "wars-khojaly.svg"]
    assert_svg_metadata(archive.read("wars-khojaly.svg"), khojaly)
    assert png_size(archive.read("wars-khojaly.png")) == (2560, 1440)
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert "  wars-khojaly.svg  the chart as a vector image" in readme and "  wars-khojaly.png  the same chart" in readme
    assert json.loads(archive.read("datapackage.json"))["dashboard"]["images"] == ["wars-khojaly.png", "wars-khojaly.svg"]


def test_without_chromium_the_zip_readme_says_the_image_is_missing(monkeypatch, khojaly):
    def nowhere():
        raise ChromiumMissing("PNG, SVG and PDF export needs Chromium, and none was found. Install it")

    monkeypatch.setattr(render, "find_chromium", nowhere)
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(khojaly, "zip")))
    assert sorted(archive.namelist()) == ["README.txt", "datapackage.json", "sources-hxl.csv", "wars-khojaly.csv"]
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert ("No chart image: wars-khojaly.svg, wars-khojaly.png could not be drawn "
            "(PNG, SVG and PDF export needs Chromium, and none was found)") in readme


def test_every_data_file_names_the_dashboard_view_it_came_from(monkeypatch):
    """The permalink in the citation (CSV, README, report), in datapackage.json and as a link in the HTML page."""
    from dashboard.figures.bundle import claims_from_folder
    from dashboard.figures.catalog import build_chart

    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://karabakh-data.example.org")
    chart = build_chart("wars-khojaly", claims_from_folder(), {"side": "azerbaijani"})
    link = "https://karabakh-data.example.org/wars?episode=khojaly_1992&side=azerbaijani"
    assert chart.permalink == link
    assert f"Online: {link}." in citation(chart, EXPORTED_AT)
    from dashboard.export import export_metadata

    assert export_metadata(chart, exported_at=EXPORTED_AT)["permalink"] == link
    assert f'This view in the dashboard: <a href="{link.replace("&", "&amp;")}"' in to_html(chart, exported_at=EXPORTED_AT)
    assert f"Online: {link}." in read_back(to_csv(chart, exported_at=EXPORTED_AT)).loc[0, "citation"]


def test_file_metadata_keeps_each_line_under_the_chart_whole_and_separate():
    """Not rebuilt from the image's wrapped lines: a chart without data versions keeps its version line apart."""
    from dashboard.export.file_metadata import _short_lines

    chart = bar_chart(dispute_note="Sources disagree. " * 20)
    chart.versions = []
    lines = _short_lines(chart)
    assert lines[0].startswith("Source: ") and lines[1].startswith("Disputed: ")
    assert lines[-1] == DASHBOARD_NAME and len(lines) == 3
