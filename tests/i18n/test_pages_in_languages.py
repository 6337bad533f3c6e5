"""Every page in every language through AppTest: it renders, writes numbers as the language does, and leaves no
English of the product's own on screen; what stays English is data text, as its sources published it."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import plotly.io as pio
import pytest
from shown import shown
from streamlit.testing.v1 import AppTest

import i18n
from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.wording import label, words
from dashboard.maintain.auth import hash_password
from dashboard.ui.markdown import md_escape
from i18n.catalogs import extract, read_catalog
from schemas.registry import DATASETS
from store.repository import SEED_NOTE

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGES = ["overview", "wars", "blockade", "exodus", "sources", "data", "maintain"]
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
WORD = re.compile(r"[A-Za-z]{4,}")
LINK = re.compile(r"https?://[^\s)\]]+")
URL = re.compile(r"https?://\S+|`[^`]*`|\b[\w.-]+\.(?:csv|json|zip|png|svg|pdf|html|xlsx|ods)\b")


def open_page(page: str, lang: str, **query) -> AppTest:
    """The page in `lang`. Call it inside `i18n.using(lang)`: AppTest formats widget options in the test's own
    thread with the widget's format_func, which writes in that thread's language."""
    app = AppTest.from_file(APP, default_timeout=90)
    app.secrets["maintainers"] = {"ana": hash_password("correct horse")}
    app.query_params["lang"] = lang
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py")
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def chart_texts(figure) -> list[str]:
    layout = figure.layout
    texts = [layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text, layout.legend.title.text]
    texts += [a.text for a in layout.annotations or ()]
    texts += [t.name for t in figure.data if getattr(t, "showlegend", None) is not False]  # a legend entry
    texts += [t.hovertemplate for t in figure.data if "hovertemplate" in t and t.hovertemplate]
    texts += [str(v) for t in figure.data if "text" in t and t.text is not None
              for v in (t.text if isinstance(t.text, tuple | list) else [t.text])]  # labels drawn on the marks
    return [t for t in texts if t]


def visible(app: AppTest) -> list[str]:
    """What a reader reads: headings, paragraphs, notes, labels, buttons, tabs and the charts' words."""
    texts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
                                  "success") for e in getattr(app, kind)]
    texts += [e.label for kind in ("expander", "tabs", "button", "selectbox", "multiselect", "radio", "checkbox",
                                   "text_input", "toggle", "number_input", "date_input", "slider", "select_slider")
              for e in getattr(app, kind)]
    texts += [e.help for kind in ("selectbox", "multiselect", "checkbox", "radio") for e in getattr(app, kind)
              if getattr(e, "help", None)]
    texts += [o for kind in ("radio", "selectbox") for e in getattr(app, kind) if e.key != "interface-language"
              for o in (e.options or [])]  # the switcher names each language in itself
    for element in app.get("plotly_chart"):
        texts += chart_texts(pio.from_json(element.proto.spec))
    for element in app.get("download_button"):
        texts.append(element.proto.label)
    return [shown(str(t)) for t in texts]


@cache
def data_texts() -> list[str]:
    """What stays as the data writes it, longest first, to be taken out of a page before looking for English:
    every text cell of the shipped datasets (as written, escaped, and a slug as words), and the datasets' and
    columns' names, which are identifiers, and the note the store keeps with the shipped versions."""
    cells = set(DATASETS) | {SEED_NOTE}
    for frame in claims_from_folder().frames.values():
        cells |= set(frame.columns)
        for column in frame.columns:
            if frame[column].dtype == object or str(frame[column].dtype).startswith("str"):
                cells |= {str(v) for v in frame[column].dropna().unique() if len(str(v)) >= 3}
    cells |= {variant for c in list(cells) for variant in (shown(md_escape(c)), words(c), label(c))}
    return sorted(cells, key=len, reverse=True)


@cache
def english_words(code: str) -> frozenset[str]:
    """Words of the product's English messages that its translation in `code` never uses: on a page in that
    language, one of them is English the catalog should have replaced."""
    catalog = read_catalog(code)
    english = {w.lower() for m in extract() for text in (m.id if isinstance(m.id, tuple) else (m.id,))
               for w in WORD.findall(URL.sub("", text or ""))}
    used = {w.lower() for m in catalog for text in (m.string if isinstance(m.string, tuple) else (m.string,))
            for w in WORD.findall(text or "")}
    return frozenset(english - used)


def english_left(texts: list[str], code: str) -> list[tuple[str, str]]:
    left = []
    for text in texts:
        rest = LINK.sub(" ", text)  # addresses are written percent-encoded, not as the data holds them
        for cell in data_texts():
            if cell in rest:
                rest = rest.replace(cell, " ")
        rest = re.sub(r"[^\n;]*…", " ", rest)  # a long title cut short: what is left of it is data too
        found = sorted({w for w in WORD.findall(URL.sub(" ", rest)) if w.lower() in english_words(code)})
        if found:
            left.append((", ".join(found[:6]), text[:120]))
    return left


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_english_of_the_products_own(page, code):
    with i18n.using(code):
        app = open_page(page, code)
        assert english_left(visible(app), code) == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_maintain_page_after_log_in_is_in_the_language(code):
    with i18n.using(code):
        app = open_page("maintain", code)
        app.text_input[0].set_value("ana")
        app.text_input[1].set_value("correct horse")
        app.button[0].click().run()
        assert not app.exception
        assert english_left(visible(app), code) == []


@pytest.mark.parametrize(("code", "written"), [("en", "101,848"), ("ru", "101\u00a0848"), ("hy", "101\u00a0848"),
                                               ("az", "101.848")])
def test_a_known_figure_is_written_as_the_language_writes_it(code, written):
    """The Armenian government's 101,848 registered arrivals, on the Exodus page's charts."""
    with i18n.using(code):
        app = open_page("exodus", code)
        assert written in "\n".join(visible(app))


def query_value(app: AppTest, name: str) -> str:
    value = app.query_params.get(name)
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_switcher_shows_the_language_and_keeps_it_in_the_url(code):
    with i18n.using(code):
        app = open_page("wars", code)
        switcher = next(s for s in app.selectbox if s.key == "interface-language")
        assert switcher.value == code
        assert query_value(app, "lang") == code
        assert app.title[0].value == i18n._("Wars: deaths, missing, wounded and displaced")
        assert app.title[0].value != "Wars: deaths, missing, wounded and displaced"
        switcher.set_value("en").run()  # AppTest reads the old widgets in the test thread's language
    assert not app.exception
    assert query_value(app, "lang") == "en"
    assert app.title[0].value == "Wars: deaths, missing, wounded and displaced"
