"""The shipped sources an NGO can cite, and notes that point at something real.

Targets (issue: sources an NGO can cite): no source on a Wikipedia mirror without the Wikipedia article named as
its original; every source without a found headline and every claim resting on a bare copy listed in
docs/data-coverage.md; at most 5% of claim rows whose only citation is a copy; every file or row id a note names
exists (or, for a row id, is listed as left out).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from schemas.registry import DATASETS, DATASETS_DIR, SOURCES

REPO = DATASETS_DIR.parent
COVERAGE = REPO / "docs" / "data-coverage.md"
WIKIPEDIA_MIRRORS = ("pages.dev", "uncensored-wiki", "riteme.site", "wikimili.com", "encycloreader.org",
                     "explained.today", "search.com.vn", "cloudfront.net", "gravy.cc")
NO_HEADLINE = "[headline not found]"
ROW_ID = re.compile(r"(?<![\w.])((?:[ABN]\d{1,2}|\d)\.\d{2}[a-z]?)(?![\w.]*\d)")
FILE_NAME = re.compile(r"[\w/.-]+\.(?:csv|md|json)\b")
TEXT_COLUMNS = ("note", "summary", "positions", "date_note", "description")


def frames() -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(DATASETS_DIR / spec.file_name, dtype=str, keep_default_na=False) for name, spec in DATASETS.items()}


@pytest.fixture(scope="module")
def data():
    return frames()


@pytest.fixture(scope="module")
def coverage() -> str:
    return COVERAGE.read_text(encoding="utf-8")


def coverage_section(text: str, heading: str) -> str:
    """The body of the '## heading' section, up to the next heading of the same level."""
    start = text.index(f"## {heading}\n")
    rest = text[start + len(heading) + 4:]
    end = re.search(r"^## ", rest, re.M)
    return rest[: end.start()] if end else rest


def shipped_ids(data) -> set[str]:
    return {i for f in data.values() if "ref_id" in f for i in f["ref_id"] if i}


def listed_as_left_out(text: str) -> set[str]:
    """Ids a table row or bullet of data-coverage.md is about: every id on a line that starts with one."""
    ids = set()
    for line in text.splitlines():
        if re.match(r"\s*(\|\s*|-\s*\**)(?:[ABN]\d{1,2}|\d)\.\d{2}", line):
            ids |= set(ROW_ID.findall(line))
        for low, high in re.findall(r"((?:[AB]\d{1,2}|\d)\.\d{2})-((?:[AB]\d{1,2}|\d)\.\d{2})", line):
            ids |= {low, high}
    return ids


def host(url: str) -> str:
    return urlsplit(url).hostname or ""


def test_no_source_is_cited_on_a_wikipedia_mirror_without_the_article_as_its_original(data):
    sources = data[SOURCES]
    mirrored = sources[sources["url"].map(lambda u: any(m in host(u) for m in WIKIPEDIA_MIRRORS))]
    assert len(mirrored) > 0  # the check reads the hosts it is meant to
    unnamed = mirrored[~mirrored["original_url"].map(lambda u: host(u).endswith("wikipedia.org"))]
    assert unnamed["source_id"].tolist() == []
    assert set(mirrored["grade"]) == {"compilation"}


def test_every_source_without_a_found_headline_is_listed_in_data_coverage(data, coverage):
    sources = data[SOURCES]
    untitled = set(sources.loc[sources["title"].str.startswith(NO_HEADLINE), "source_id"])
    placeholder = sources["title"].str.contains(r"title not (?:recorded|given)", case=False)
    assert sources.loc[placeholder, "source_id"].tolist() == []  # every gap says the same, so it can be counted
    listed = set(re.findall(r"^- `([a-z0-9_]+)`", coverage_section(coverage, "Sources whose headline was not found"), re.M))
    assert untitled == listed


def test_at_most_five_percent_of_claims_rest_on_a_bare_copy_and_each_is_listed(data, coverage):
    grade = data[SOURCES].set_index("source_id")["grade"]
    cited = pd.concat([f["source_id"] for name, f in data.items() if name != SOURCES and "source_id" in f])
    on_copies = cited[cited.map(grade) == "copy"]
    assert len(on_copies) <= 0.05 * len(cited), f"{len(on_copies)} of {len(cited)} claim rows cite only a copy"
    listed = set(re.findall(r"^- `([a-z0-9_]+)`", coverage_section(coverage, "Claims that rest on a copy"), re.M))
    assert set(on_copies) == listed


@pytest.mark.parametrize("name", [n for n, spec in DATASETS.items() if set(TEXT_COLUMNS) & set(spec.columns)])
def test_every_row_id_and_file_a_note_names_exists(name, data, coverage):
    known = shipped_ids(data) | listed_as_left_out(coverage)
    frame = data[name]
    named_ids, named_files = set(), set()
    for column in set(TEXT_COLUMNS) & set(frame.columns):
        for text in frame[column]:
            named_ids |= set(ROW_ID.findall(text))
            named_files |= set(FILE_NAME.findall(text))
    assert sorted(named_ids - known) == []
    assert sorted(f for f in named_files if not (DATASETS_DIR / f).is_file() and not (REPO / f).is_file()) == []


def test_every_id_data_coverage_names_is_shipped_or_listed_as_left_out(data, coverage):
    named = set(ROW_ID.findall(coverage))
    assert len(named) > 100
    assert sorted(named - shipped_ids(data) - listed_as_left_out(coverage)) == []


def test_every_row_data_coverage_says_is_shipped_is_shipped(data, coverage):
    said = set(re.findall(r"shipped[^.|]{0,60}?\b(?:as|rows?)\s+((?:[ABN]\d{1,2}|\d)\.\d{2}[a-z]?)", coverage, re.I))
    assert said  # the pattern finds the claims it checks
    assert sorted(said - shipped_ids(data)) == []


def test_data_coverage_names_only_files_that_exist(coverage):
    reference = {"figures-wars.md", "figures-blockade-exodus.md"}  # the shared research reference, not in the repository
    named = set(FILE_NAME.findall(coverage)) - reference
    assert sorted(f for f in named if not (DATASETS_DIR / Path(f).name).is_file() and not (REPO / f).is_file()) == []
