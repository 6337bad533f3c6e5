"""Numbers and dates as each language writes them (Babel's CLDR data), and the choice of language."""
from __future__ import annotations

from datetime import date

import pytest

import i18n

NBSP = "\u00a0"


@pytest.mark.parametrize(("code", "written"), [("en", "101,848"), ("ru", f"101{NBSP}848"), ("hy", f"101{NBSP}848"),
                                               ("az", "101.848")])
def test_a_known_figure_per_language(code, written):
    with i18n.using(code):
        assert i18n.number(101848) == written


@pytest.mark.parametrize(("code", "written"), [("en", "2.5"), ("ru", "2,5"), ("hy", "2,5"), ("az", "2,5")])
def test_decimal_mark(code, written):
    with i18n.using(code):
        assert i18n.number(2.5, digits=1) == written


@pytest.mark.parametrize(("code", "month"), [("en", "September 2023"), ("ru", "сентябрь 2023"),
                                             ("hy", "սեպտեմբեր 2023"), ("az", "sentyabr 2023")])
def test_month_names_in_the_language(code, month):
    with i18n.using(code):
        assert i18n.month(date(2023, 9, 19)) == month


@pytest.mark.parametrize(("code", "separators"), [("en", ".,"), ("ru", f",{NBSP}"), ("az", ",.")])
def test_plotly_separators(code, separators):
    with i18n.using(code):
        assert i18n.plotly_separators() == separators


@pytest.mark.parametrize(("wishes", "chosen"), [
    (("hy",), "hy"), (("ru-RU",), "ru"), (("az_AZ.UTF-8",), "az"), (("fr-FR", "ru"), "ru"), (("xx", None), "en"),
    ((None, "hy-AM"), "hy"), ((), "en"),
])
def test_choose_takes_the_first_spoken_wish(wishes, chosen):
    assert i18n.choose(*wishes) == chosen


def test_using_restores_the_language():
    with i18n.using("ru"):
        with i18n.using("hy"):
            assert i18n.language() == "hy"
        assert i18n.language() == "ru"
    assert i18n.language() == "en"


def test_environment_chooses_the_cli_language(monkeypatch):
    for name in ("DASHBOARD_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert i18n.from_environment() == "en"
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.from_environment() == "ru"
    monkeypatch.setenv("DASHBOARD_LANG", "az")
    assert i18n.from_environment() == "az"
