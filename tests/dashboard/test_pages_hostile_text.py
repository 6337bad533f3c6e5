"""Text from data is shown literally on every page: a source, a claim and a dispute written to look like markdown,
links, images, icons, colours or formulas come out as the characters they are.

The validator refuses HTML tags, formulas and control characters; everything else a source may say reaches the
pages, so every label and markdown string that carries data must go through md_escape. AppTest returns the markdown
source: the test asserts both that the escaped form is there and that a reader sees the text unchanged.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from unittest import mock

import pytest
import streamlit as st
from shown import shown
from streamlit.testing.v1 import AppTest

import dashboard.ui.data_access as data_access
from dashboard.ui.markdown import WORD_JOINER, md_escape
from schemas.registry import DATASETS_DIR, get_spec
from store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")

# Each is valid text for the validator (no tag, no leading formula character, no control character).
IMAGE = "![b](http://127.0.0.1/b.png)"
SCRIPT_LINK = "[x](javascript:alert(1))"
AUTOLINK = "see www.example.org or https://example.org/x or a@b.org"
CODES = "icon :material/home: colour :red[alarm] emoji :smile:"
MARKUP = "$x^2$ **bold** *it* `code` ~~gone~~ | a | b | &lt;b&gt; # not a heading"
NUMBERED = "1. not a list"
HOSTILE = [IMAGE, SCRIPT_LINK, AUTOLINK, CODES, MARKUP, NUMBERED]


def _append(folder: Path, dataset: str, /, **row: str) -> None:
    spec = get_spec(dataset)
    path = folder / spec.file_name
    out = io.StringIO()
    csv.DictWriter(out, spec.columns, lineterminator="\n").writerow({c: row.get(c, "") for c in spec.columns})
    path.write_bytes(path.read_bytes() + out.getvalue().encode("utf-8"))


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """The shipped data plus one source, one Khojaly claim and one dispute written to look like markup."""
    folder = tmp_path_factory.mktemp("hostile") / "datasets"
    shutil.copytree(DATASETS_DIR, folder)
    _append(folder, "sources", source_id="hostile_source", publisher=IMAGE, title=SCRIPT_LINK, url="https://example.org/h",
            published="2024", accessed="2026-11-26", kind="media", party="independent", grade="report", note=CODES)
    _append(folder, "casualties", conflict="khojaly_1992", side="azerbaijani", category="civilian", outcome="killed",
            period=MARKUP, as_of="2024", value_best="7", claimed_by=AUTOLINK, claimant_party="independent",
            source_id="hostile_source", note=NUMBERED)
    _append(folder, "disputes", dispute_id="hostile_dispute", dataset="casualties",
            subject=f"conflict=khojaly 1992; side={AUTOLINK}", summary=MARKUP, positions=f"{IMAGE}; {SCRIPT_LINK}",
            source_ids="hostile_source", note=CODES)
    store = Store(f"sqlite:///{folder.parent / 'store.sqlite3'}")
    seeded = {meta.dataset for meta in store.seed_from_folder(folder)}
    assert {"sources", "casualties", "disputes"} <= seeded
    yield store
    store.close()


@pytest.fixture
def pages_on(hostile_store):
    """Pages read the hostile store; caches keyed by (dataset, version) are emptied before and after."""
    st.cache_data.clear()
    st.cache_resource.clear()
    with mock.patch.object(data_access, "_open_store", lambda: hostile_store):
        yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str, **query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(f"views/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def markdown_source(app: AppTest) -> str:
    """Every markdown string and label the page wrote, as AppTest hands them back (unrendered)."""
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [w.value for w in app.warning]
    parts += [e.value for e in app.error] + [e.label for e in app.expander]
    return "\n".join(parts)


def test_md_escape_leaves_nothing_a_renderer_would_act_on():
    for text in HOSTILE:
        escaped = md_escape(text)
        assert shown(escaped) == text
        assert ":" not in escaped  # every colon is &#58;: no icon, emoji or colour code can start
        assert "www." not in escaped and "://" not in escaped and "a@" not in escaped  # no autolink
        assert "![" not in escaped and "](" not in escaped  # no image or link
    assert md_escape("www.x.org") == f"www{WORD_JOINER}.x.org"


@pytest.mark.usefixtures("pages_on")
def test_sources_page_shows_a_hostile_dispute_and_source_as_plain_text():
    app = open_page("sources")
    source = markdown_source(app)
    reader = shown(source)

    label = next(e.label for e in app.expander if "example" in shown(e.label))
    assert shown(label) == f"Khojaly 1992 · {AUTOLINK} (Deaths, missing and wounded)"
    assert md_escape(AUTOLINK) in label  # an expander label is markdown too
    for text in (MARKUP, IMAGE, SCRIPT_LINK, CODES):
        assert md_escape(text) in source, text
        assert text in reader, text
    assert "](javascript" not in source and "![b](" not in source


@pytest.mark.usefixtures("pages_on")
def test_wars_page_card_names_a_hostile_source_and_claimant_as_plain_text():
    app = open_page("wars", episode="khojaly_1992")
    source = markdown_source(app)

    assert md_escape(IMAGE) in source  # the publisher, on the Source line
    assert md_escape(SCRIPT_LINK) in source  # the title, as the text of the link to the source's URL
    assert IMAGE in shown(source) and SCRIPT_LINK in shown(source)
    assert "![b](" not in source and "](javascript" not in source


def test_an_uploaded_files_name_is_shown_as_plain_text_in_the_status_label():
    from test_pages_maintain import maintain_page, status_labels

    name = "![x](http://127.0.0.1/x.png) :material/home:.csv"
    app = maintain_page()
    app.session_state["maintainer"] = "ana"  # logged in (the log-in form is test_pages_maintain's)
    app.run()
    app.selectbox(key="maintain-dataset").set_value("casualties").run()
    app.file_uploader(key="upload-casualties").set_value((name, b"not,a,dataset\n1,2,3\n", "text/csv")).run()

    assert not app.exception, [e.value for e in app.exception]
    (label,) = status_labels(app)
    assert label == f"Checked {md_escape(name)}: not accepted"
    assert shown(label) == f"Checked {name}: not accepted"
    problems = app.dataframe[0].value
    assert set(problems["kind"]) == {"Unknown column", "Missing column"}  # each code's title, for a person
