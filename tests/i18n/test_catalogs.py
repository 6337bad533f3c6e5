"""The four languages are complete: every message the code marks is translated in every catalog, keeps its
{fields}, has each plural form its language needs, and names places both ways, as the glossary writes them."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

import i18n
from i18n.catalogs import extract, missing, read_catalog
from i18n.glossary import PLACES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
FIELD = re.compile(r"\{(\w*)[^{}]*\}")


@pytest.fixture(scope="module")
def template():
    return extract()


def ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def fields(text: str) -> set[str]:
    return set(FIELD.findall(text.replace("{{", "").replace("}}", "")))


def test_the_code_marks_its_words(template):
    """The catalogs are not empty shells: the pages', charts', exports' and validator's words are all marked."""
    locations = {path.split("/")[0] + "/" + path.split("/")[1] for m in template for path, _line in m.locations}
    assert len(template) > 500
    for folder in ("dashboard/views", "dashboard/ui", "dashboard/figures", "dashboard/export", "dashboard/maintain",
                   "schemas/report.py", "schemas/cell_rules.py"):
        assert any(loc.startswith(folder.split("/")[0] + "/" + folder.split("/")[1].split(".")[0]) for loc in locations), folder


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code, template):
    assert missing(code, template) == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_has_no_stale_messages(code, template):
    """`python -m i18n.catalogs` was run after the code last changed its words."""
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    held = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_catalog(code) if m.id}
    assert held - wanted == set()


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_fields(code, template):
    """A translation that drops or renames a {field} would raise at .format() or lose a number."""
    catalog = read_catalog(code)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        wanted = set().union(*(fields(text) for text in ids(message)))
        for text in strings(message):
            if fields(text) - wanted or (len(ids(message)) == 1 and fields(text) != wanted):
                wrong.append((ids(message)[0][:60], text[:60]))
    assert wrong == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_forms_are_the_languages_own(code):
    catalog = read_catalog(code)
    expected = get_plural(Locale.parse(code)).num_plurals
    assert catalog.num_plurals == expected
    short = [m.id[0] for m in catalog if isinstance(m.id, tuple) and len([s for s in m.string if s]) != expected]
    assert short == []


@pytest.mark.parametrize("code", [*TRANSLATED, i18n.SOURCE_LANGUAGE])
def test_places_are_named_both_ways(code, template):
    """Every sentence that names a place of the glossary names it as the glossary writes it in that language."""
    catalog = read_catalog(code) if code != i18n.SOURCE_LANGUAGE else None
    lacking = []
    for message in template:
        for number, english in enumerate(ids(message)):
            places = [p for p in PLACES if any(stem in english for stem in p.stems["en"])]
            if not places:
                continue
            found = catalog.get(message.id, context=message.context) if catalog else None
            text = strings(found)[min(number, len(strings(found)) - 1)] if found else english
            lacking += [(place.key, english[:70]) for place in places
                        if not all(stem in text for stem in place.stems[code])]
    assert lacking == []


def test_every_language_has_a_catalog_and_a_babel_locale():
    for code in i18n.LANGUAGES:
        Locale.parse(code)
        assert code == i18n.SOURCE_LANGUAGE or i18n.catalog_path(code).exists()


def test_no_compiled_catalog_is_committed():
    tracked = subprocess.run(["git", "ls-files", "i18n"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert [path for path in tracked if path.endswith(".mo")] == []


def test_the_check_command_agrees(template):
    result = subprocess.run([sys.executable, "-m", "i18n.catalogs", "--check"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert f"of {len(template)} messages translated" in result.stdout


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_translation_is_used_at_run_time(code):
    """The .po is compiled and served: the language's own word for 'Language' comes back, not the English id."""
    with i18n.using(code):
        assert i18n._("Language") not in ("", "Language")
    assert i18n._("Language") == "Language"
