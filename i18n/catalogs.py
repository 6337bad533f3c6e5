"""Keep the catalogs in step with the code: extract every message (Babel), merge it into each language's .po.

    python -m i18n.catalogs            # extract, then update every locales/<code>/LC_MESSAGES/messages.po
    python -m i18n.catalogs --add fr   # start a catalog for a new language (then add it to i18n.LANGUAGES)
    python -m i18n.catalogs --check    # exit 1 when a catalog lacks a message or a translation (what CI asserts)

Obsolete messages are dropped rather than kept commented out: the catalog is the code's messages, nothing else.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from i18n import DOMAIN, LANGUAGES, SOURCE_LANGUAGE, catalog_path

ROOT = Path(__file__).resolve().parent.parent
# Where the product's words are written; tests and benchmarks speak to developers, in English.
CODE = ("dashboard", "schemas", "store", "i18n")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


def extract() -> Catalog:
    """Every message the code marks, with the files and lines that use it."""
    template = Catalog(project="Karabakh displacement dashboard", domain=DOMAIN, fuzzy=False)
    for folder in CODE:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            template.add(message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments,
                         context=context)
    return template


def read_catalog(code: str) -> Catalog:
    with catalog_path(code).open("rb") as po:
        return read_po(po, locale=code, domain=DOMAIN)


def write_catalog(code: str, catalog: Catalog) -> None:
    catalog_path(code).parent.mkdir(parents=True, exist_ok=True)
    with catalog_path(code).open("wb") as po:
        write_po(po, catalog, width=120, sort_output=False, include_previous=False, omit_header=False)


def update(code: str, template: Catalog) -> Catalog:
    """The language's catalog with the code's messages: new ones empty, changed ones kept fuzzy, old ones gone."""
    catalog = read_catalog(code) if catalog_path(code).exists() else Catalog(locale=Locale.parse(code), domain=DOMAIN)
    catalog.update(template, no_fuzzy_matching=False)
    catalog.obsolete.clear()
    return catalog


def missing(code: str, template: Catalog) -> list[str]:
    """Message ids the language's catalog does not translate (absent, empty, or fuzzy)."""
    catalog = read_catalog(code) if catalog_path(code).exists() else Catalog(locale=Locale.parse(code))
    gaps = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found is not None else None
        filled = strings and (all(strings) if isinstance(strings, tuple) else bool(strings))
        if found is None or found.fuzzy or not filled:
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def languages() -> Iterable[str]:
    return [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m i18n.catalogs", description=__doc__.splitlines()[0])
    parser.add_argument("--add", metavar="CODE", help="start the catalog of a new language (e.g. fr)")
    parser.add_argument("--check", action="store_true", help="report missing translations; change nothing")
    args = parser.parse_args(argv)
    template = extract()
    codes = [args.add] if args.add else list(languages())
    if args.check:
        gaps = {code: missing(code, template) for code in codes}
        for code, ids in gaps.items():
            print(f"{code}: {len(template) - len(ids)} of {len(template)} messages translated")
            for message_id in ids[:20]:
                print(f"  missing: {message_id[:100]!r}")
        return 1 if any(gaps.values()) else 0
    for code in codes:
        catalog = update(code, template)
        write_catalog(code, catalog)
        print(f"{catalog_path(code).relative_to(ROOT)}: {len(template)} messages, {len(missing(code, template))} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
