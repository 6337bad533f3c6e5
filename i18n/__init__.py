"""The product's words in the reader's language: gettext catalogs (Babel) and locale-aware numbers and dates.

English is the source language: the code's own strings are the message ids and English needs no catalog. Each
other language is one `locales/<code>/LC_MESSAGES/messages.po`, compiled in memory the first time it is used, so no
compiled file is committed. The active language is a context variable, set once per Streamlit run (or by the CLIs),
so pure modules (schemas, charts, exports) translate without being handed a language.

Conventions (README "Add a language"): wrap a sentence in `_()` with named `{fields}` filled by `.format()` after
translation; `ngettext` for anything counted; `N_()` marks text defined at import time, translated where it is used.
"""
from __future__ import annotations

import gettext as _gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

# Each language's own name for itself, in the order the switcher lists them.
LANGUAGES = {"en": "English", "hy": "Հայերեն", "az": "Azərbaycan dili", "ru": "Русский"}
SOURCE_LANGUAGE = "en"
LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"

_active: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def catalog_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> _gettext.NullTranslations:
    """The language's catalog, compiled from its .po in memory; English (the message ids) needs none."""
    if code == SOURCE_LANGUAGE or not catalog_path(code).exists():
        return _gettext.NullTranslations()
    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def supported(code: str | None) -> str | None:
    """The language this code (`ru`, `ru-RU`, `hy_AM.UTF-8`) asks for, if the product speaks it."""
    if not code:
        return None
    base = str(code).replace("_", "-").split("-")[0].split(".")[0].lower()
    return base if base in LANGUAGES else None


def choose(*wishes: str | None) -> str:
    """The first wish the product speaks (the link's ?lang=, then the browser's language), else English."""
    for wish in wishes:
        if found := supported(wish):
            return found
    return SOURCE_LANGUAGE


def from_environment() -> str:
    """The CLIs' language: DASHBOARD_LANG, else the usual locale variables, else English."""
    names = ("DASHBOARD_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    return choose(*(os.environ.get(name, "").split(":")[0] for name in names))


def language() -> str:
    return _active.get()


def activate(code: str) -> None:
    """Make `code` the language of everything this thread or task writes from now on."""
    _active.set(choose(code))


@contextmanager
def using(code: str) -> Iterator[None]:
    """Write in `code` for the duration of the block (a cached build, an export, a test)."""
    token = _active.set(choose(code))
    try:
        yield
    finally:
        _active.reset(token)


def _(message: str) -> str:
    """The message in the active language (the English id where a catalog lacks it). An empty text stays empty:
    gettext would answer it with the catalog's header."""
    return translations(_active.get()).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message that the active language uses for n (Russian has three)."""
    return translations(_active.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is used (a column "Side" vs a "side" of a war)."""
    return translations(_active.get()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks text defined at import time for the catalogs; `_()` translates it where it is shown."""
    return message


def locale() -> Locale:
    return Locale.parse(_active.get())


def number(value: float | int | None, digits: int | None = None) -> str:
    """A number as the active language writes it: 101,848 / 101 848 / 101.848; `digits` fixes the decimals."""
    if value is None:
        return ""
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=_active.get())
    return format_decimal(value, locale=_active.get())


def percent(fraction: float, digits: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(fraction, format=pattern, locale=_active.get())


def plotly_separators() -> str:
    """Plotly's `layout.separators` (decimal mark, then thousands mark) for the active language."""
    code = _active.get()
    return get_decimal_symbol(code) + get_group_symbol(code)


def day(value: date | datetime) -> str:
    """A date in the active language: September 19, 2023 / 19 сентября 2023 г."""
    return format_date(value, "long", locale=_active.get())


def short_day(value: date | datetime) -> str:
    """A date in few letters, for axes and tables: 19 Sep 2023 / 19 сент. 2023."""
    return format_date(value, "medium", locale=_active.get())


def month(value: date | datetime) -> str:
    """A month and year standing alone: September 2023 / сентябрь 2023."""
    return format_date(value, "LLLL y", locale=_active.get())


def short_month(value: date | datetime) -> str:
    """A month and year in few letters: Sep 2023 / сент. 2023."""
    return format_date(value, "LLL y", locale=_active.get())
