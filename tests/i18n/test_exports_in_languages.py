"""Every export format in every language: the file is written in the language the chart was built in, numbers
as the language writes them, and the letters of Armenian and Azerbaijani are in the fonts the files embed."""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from chromium import needs_chromium
from PIL import Image

import i18n
from dashboard.export import export_bytes, report_pdf
from dashboard.export.report import DEFAULT_TITLE
from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.catalog import build_chart

TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
# The Armenian government's 101,848 registered arrivals, a labelled mark of this chart.
CHART, FIGURE = "exodus-totals", 101848
ARMENIAN = re.compile("[\u0531-\u058f]")
AZERBAIJANI = re.compile("[əƏğĞşŞıİ]")
poppler = pytest.mark.skipif(shutil.which("pdffonts") is None and not os.environ.get("REQUIRE_CHROMIUM"),
                             reason="needs poppler-utils (pdffonts, pdftotext)")


@pytest.fixture(scope="module")
def shipped():
    return claims_from_folder()


def chart_in(code: str, shipped, chart_id: str = CHART):
    with i18n.using(code):
        return build_chart(chart_id, shipped, {})


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_fonts(pdf: bytes, tmp_path) -> list[list[str]]:
    """pdffonts' table: one row per font (name ... emb sub uni object ID)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    table = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in table.splitlines()[2:] if line.strip()]


def letters_of(code: str) -> re.Pattern | None:
    return {"hy": ARMENIAN, "az": AZERBAIJANI}.get(code)


@pytest.mark.parametrize("code", TRANSLATED)
def test_html_csv_and_zip_follow_the_language(code, shipped):
    chart, english = chart_in(code, shipped), chart_in("en", shipped)
    assert chart.title != english.title
    with i18n.using(code):
        page = export_bytes(chart, "html").decode("utf-8")
        table = export_bytes(chart, "csv").decode("utf-8-sig")
        package = zipfile.ZipFile(io.BytesIO(export_bytes(chart, "zip")))
    assert f'<html lang="{code}"' in page and html.escape(chart.title, quote=False) in page
    with i18n.using(code):
        written = i18n.number(FIGURE)
    assert written != "101,848" and (written in page or json.dumps(written)[1:-1] in page)  # the figure's JSON
    # The CSV is for machines: the same header and cells in every language, the citation in the reader's.
    english_table = export_bytes(english, "csv").decode("utf-8-sig")
    rows, english_rows = list(csv.reader(io.StringIO(table))), list(csv.reader(io.StringIO(english_table)))
    assert rows[0] == english_rows[0]
    assert [row[:-1] for row in rows] == [row[:-1] for row in english_rows]
    assert chart.title in rows[1][-1]
    readme = next(n for n in package.namelist() if n.lower().startswith("readme"))
    assert chart.title in package.read(readme).decode("utf-8")
    descriptor = json.loads(package.read("datapackage.json"))
    assert [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]] == rows[0]


@pytest.mark.chromium
@needs_chromium
@poppler
@pytest.mark.parametrize("code", TRANSLATED)
def test_images_and_pdf_follow_the_language_and_embed_its_letters(code, shipped, tmp_path):
    chart = chart_in(code, shipped)
    with i18n.using(code):
        svg = export_bytes(chart, "svg").decode("utf-8")
        png = export_bytes(chart, "png")
        pdf = export_bytes(chart, "pdf")
        written = i18n.number(FIGURE)
    drawn = html.unescape(svg)
    assert chart.title.split(":")[0] in drawn and written in drawn  # e.g. 101 848 with a no-break space
    assert Image.open(io.BytesIO(png)).text["Title"] == chart.title
    text = pdf_text(pdf, tmp_path)
    assert chart.title.split(":")[0].split()[0] in text
    if letters_of(code):
        assert letters_of(code).search(text)
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all(row[-5] == "yes" for row in fonts)  # every font embedded ("emb" column)


@pytest.mark.chromium
@needs_chromium
@poppler
@pytest.mark.parametrize("code", ["hy", "az"])
def test_the_report_pack_is_typeset_in_the_language_in_dejavu(code, shipped, tmp_path):
    charts = [chart_in(code, shipped), chart_in(code, shipped, "wars-khojaly")]
    with i18n.using(code):
        pdf = report_pdf(charts)
        cover_title = i18n._(DEFAULT_TITLE)
    text = pdf_text(pdf, tmp_path)
    assert cover_title != DEFAULT_TITLE and " ".join(cover_title.split()[:2]) in " ".join(text.split())
    assert letters_of(code).search(text)
    fonts = pdf_fonts(pdf, tmp_path)
    assert {row[0].split("+")[-1] for row in fonts} >= {"DejaVuSans"} or any("DejaVuSans" in row[0] for row in fonts)
    assert all(row[-5] == "yes" for row in fonts)


@pytest.mark.parametrize("word", ["Ստեփանակերտ", "Xankəndi"])
def test_a_table_image_measures_each_letter_in_the_font_that_draws_it(word):
    """Liberation Sans has no Armenian and no ə: measured in it, an Armenian row is planned at half its drawn width,
    and the table image is cut short. The letters are measured in DejaVu Sans, which Chromium draws them in."""
    from dashboard.export.table_paging import _font, _letters, _text_px

    drawn = sum(_font(11, False, fallback=ord(letter) not in _letters(_font(11, False).path)).getlength(letter)
                for letter in word)
    assert _text_px(word, 11, False) == pytest.approx(drawn, rel=0.05)
    assert _text_px(word, 11, False) > _font(11, False).getlength(word) * (1.3 if word[0] == "Ս" else 1.0)
