"""Where the language reaches and where it stops: a command line speaks the language asked for and leaves its
caller's as it was; links that open a new session carry it; an empty text stays empty in every catalog."""
from __future__ import annotations

from pathlib import Path

import pytest

import i18n
from dashboard.figures.bundle import claims_from_folder
from dashboard.figures.search import SearchIndex
from schemas import validate

FIXTURE = Path(__file__).resolve().parents[1] / "schemas" / "fixtures" / "casualties_low_gt_best.csv"


def test_the_validator_cli_reports_in_russian_and_leaves_the_callers_language(capsys):
    assert validate.main([str(FIXTURE), "--dataset", "casualties", "--lang", "ru"]) == 1
    report = capsys.readouterr().out
    with i18n.using("ru"):
        assert i18n._("Wrong kind of value") != "Wrong kind of value"
    assert any("\u0400" <= letter <= "\u04ff" for letter in report)  # Cyrillic
    assert i18n.language() == "en"


@pytest.mark.parametrize("code", ["hy", "ru"])
def test_search_links_open_in_the_readers_language(code):
    with i18n.using(code):
        results = SearchIndex(claims_from_folder(), code).search("Khojaly")
    links = list(results.figures["page link"])
    assert links and all(link.endswith(f"lang={code}") for link in links)
    english = SearchIndex(claims_from_folder(), "en").search("Khojaly")
    assert not any("lang=" in link for link in english.figures["page link"])


@pytest.mark.parametrize("code", list(i18n.LANGUAGES))
def test_an_empty_text_stays_empty(code):
    """gettext answers "" with the catalog's header; a chart with no unit must not print it."""
    with i18n.using(code):
        assert i18n._("") == ""
