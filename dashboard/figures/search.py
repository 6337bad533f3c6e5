"""Search over the figures with their claimants and sources, the source registry and the documented disputes. Pure:
no streamlit.

Text is compared folded: case, accents and typographic variants removed (Xocalı, XOCALI and xocali are one word),
and the separators of a number's digit groups dropped (6,500 is 6500). A query of several words finds what holds them
all; "quoted words" match together. A word matches at the start of a word of the text ('gence' finds Gəncə, not
Agence), or anywhere in a web address or id, which run words together (justiceforkhojaly.org); a number matches a
whole number (6500 finds 6,500, not 16,500). A figure or dispute is found by the words of its sources too, since the
page shows them beside it.

An index is written in one language (what its rows say about each figure is in the reader's words), and is found by
the English words too, so a query in either finds the same figure: build one per language.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

import i18n
from dashboard.figures.bundle import Bundle
from dashboard.figures.catalog import charts_of_page
from dashboard.figures.charts.base import SourceRef
from dashboard.figures.disputes import format_value, interim, subject_words
from dashboard.figures.permalink import with_language
from dashboard.figures.wording import value_words, words
from i18n import N_, _
from schemas.registry import DATASETS, SOURCE_REFERENCES, SOURCES, cited_ids, get_spec
from schemas.vocab import conflict_label

# Letters NFKD leaves whole, folded the way people type them without the keyboard: Azerbaijani ı and ə (İ is I and
# a dot, which NFKD splits), a few others, and the dashes and quotes a word processor puts in for - and '.
_LETTERS = str.maketrans({"ı": "i", "ə": "e", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe",
                          "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
                          "‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'})
# A separator of digit groups (6,500 · 6'500 · 6 500 with a no-break or thin space); not a plain space, or
# "1992 613" would read as one number.
_DIGIT_GROUP = re.compile(r"(?<=\d)[,'’\u00a0\u2009\u202f](?=\d{3}(?!\d))")
_TERM = re.compile(r'"([^"]+)"|(\S+)')
_EDGE_PUNCTUATION = "\"'.,;:!?()[]{}"

# A claim's columns not searched as its words: read as the figure, the source's own text, or codes no reader sees.
_NOT_SEARCHED = {"ref_id", "source_id", "claimant_party", "date_basis", "interim", "qualifier",
                 "value_best", "value_low", "value_high"}
SOURCE_WORDS = ("publisher", "title", "original_publisher", "original_title")
SOURCE_NAMES = ("url", "original_url", "source_id")
DISPUTE_WORDS = ("summary", "positions", "note")
CLAIM_DATASETS = tuple(name for name in DATASETS if name not in (SOURCES, "disputes"))

# Where each dataset is charted: a page of dashboard.figures.catalog.CATALOG (tests check that the two agree).
CHARTED_ON = {"casualties": "wars", "displacement": "wars", "peacekeepers": "wars", "blockade_events": "blockade",
              "blockade_supplies": "blockade", "refugee_arrivals_2023": "exodus", "exodus_figures": "exodus",
              "population": "exodus", "episodes": "overview"}
WARS_SECTIONS = frozenset(entry.section for entry in charts_of_page("wars"))  # the Wars page's ?episode= values
# Episodes the Wars page charts under another's heading (the named strikes and the mines of the 2020 war).
WARS_EPISODE_OF = {"ganja_strikes_2020": "second_war", "ganja_2020_10_11": "second_war", "ganja_2020_10_17": "second_war",
                   "barda_2020_10_28": "second_war", "mines_after_2020": "second_war"}
PEACEKEEPERS_EPISODE = "second_war"
EXODUS_TOPICS_CHARTED = ("total", "demographic", "province")  # the exodus_figures topics the Exodus page draws
PAGE_PATHS = {"overview": "./", "wars": "wars", "blockade": "blockade", "exodus": "exodus"}  # relative to the app
# The pages as a result's "shown on" names them (the navigation's names, where it has the same).
PAGE_NAMES = {"overview": N_("Overview"), "wars": N_("Wars"), "blockade": N_("Blockade"), "exodus": N_("Exodus"),
              "data": N_("Data")}

# The results' columns: keys code and tests select by name, kept English (views/sources.py words the headers).
FIGURE_COLUMNS = ["dataset", "about", "figure", "as of", "claimed by", "source", "source title", "source link",
                  "shown on", "page link", "note"]


def fold(text: object) -> str:
    """Text as the search compares it: 'Xocalı, 6,500' -> 'xocali, 6500'."""
    folded = unicodedata.normalize("NFKD", _DIGIT_GROUP.sub("", str(text)).casefold())  # NFKD makes a no-break space a space
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_LETTERS)


def query_terms(query: str) -> list[str]:
    """The folded words of a query, each of which must match; a "quoted phrase" is one term."""
    terms = []
    for phrase, word in _TERM.findall(fold(query)):
        term = " ".join(phrase.split()) if phrase else word.strip(_EDGE_PUNCTUATION)
        if term:
            terms.append(term)
    return terms


class Searchable(NamedTuple):
    """A row's folded text: its words (matched at word starts) and its web addresses and ids (matched anywhere)."""

    words: str
    names: str

    @classmethod
    def of(cls, prose: list[str], names: list[str], *also: Searchable) -> Searchable:
        """Folded from the row's own texts plus those of what it cites (its sources)."""
        return cls(fold(" ".join([*prose, *(a.words for a in also)])), fold(" ".join([*names, *(a.names for a in also)])))


class Term:
    """One folded query term and how it is found in a Searchable."""

    def __init__(self, term: str):
        self.term = term
        self.number = term.isdigit()
        # (?<![^\W_]): not after a letter or digit, so '_' and '/' start a word too (w_karabakhvn_hrw_khojaly).
        self.pattern = re.compile(rf"(?<!\d){term}(?!\d)" if self.number else rf"(?<![^\W_]){re.escape(term)}")

    def found_in(self, text: Searchable) -> bool:
        # The substring tests first: they are quick, and most rows fail them.
        if self.number:
            return any(self.term in part and self.pattern.search(part) for part in text)
        return (self.term in text.words and bool(self.pattern.search(text.words))) or self.term in text.names


def matching(texts: list[Searchable], query: str) -> list[bool]:
    """Which texts hold every term of the query (none when the query has no terms)."""
    terms = [Term(t) for t in query_terms(query)]
    return [bool(terms) and all(term.found_in(text) for term in terms) for text in texts]


def _number(value) -> str:
    return "" if pd.isna(value) else format(float(value), "f").rstrip("0").rstrip(".")


def figure_text(row, dataset: str) -> str:
    """The figure as the pages write it, with its unit: 'at least 161 people', '22,000-25,000 people'."""
    if "value_best" not in row:
        return ""
    unit = value_words("unit", row["unit"] if "unit" in row else get_spec(dataset).unit("value_best"))
    text = format_value(row) + (f" {unit}" if unit else "")
    return interim(text) if row.get("interim") else text


def about(row, dataset: str) -> str:
    """What a row is about, in words: its subject ('Khojaly (Xocalı), Feb 1992 · Azerbaijani side · civilian · killed'),
    or an event's type and date, then its description where it has one."""
    if dataset == "blockade_events":
        subject = f"{subject_words('event_type=' + row['event_type'])}, {row['date']}"
    else:
        subject = subject_words("; ".join(f"{c}={row[c]}" for c in get_spec(dataset).subject_columns))
    description = row.get("description", "")
    return f"{subject}: {description}" if description else subject


def chart_pointer(row, dataset: str) -> tuple[str, str]:
    """Where a reader sees the claim: (the page in words, its link relative to the app); the Data page, which shows
    every row, for a claim no chart draws."""
    page, episode = CHARTED_ON.get(dataset, ""), ""
    if dataset in ("casualties", "displacement"):
        episode = WARS_EPISODE_OF.get(row["conflict"], row["conflict"])
        page = "wars" if episode in WARS_SECTIONS else ""
    elif dataset == "peacekeepers":
        episode = PEACEKEEPERS_EPISODE
    elif dataset == "exodus_figures" and row["topic"] not in EXODUS_TOPICS_CHARTED:
        page = ""
    if not page:
        return f"{_(PAGE_NAMES['data'])} · {_(get_spec(dataset).title)}", with_language(f"data?dataset={dataset}")
    if page == "wars":
        return f"{_(PAGE_NAMES['wars'])} · {conflict_label(episode)}", with_language(f"wars?episode={episode}")
    return _(PAGE_NAMES[page]), with_language(PAGE_PATHS[page])



@dataclass(frozen=True)
class SearchResults:
    """What a query found: the figures as a table to show, and the matching rows of sources and disputes."""

    query: str
    figures: pd.DataFrame  # FIGURE_COLUMNS, one row per claim
    sources: pd.DataFrame  # rows of sources.csv
    disputes: pd.DataFrame  # rows of disputes.csv

    @property
    def total(self) -> int:
        return len(self.figures) + len(self.sources) + len(self.disputes)


class SearchIndex:
    """Every searchable row of a bundle, folded and worded once, so that a query only scans short strings.

    Worded in `language` (default: the active one): cache one index per language. Its rows are found by their English
    words as well, so an English query (or a word of the data, which stays in its source's language) finds them too."""

    def __init__(self, claims: Bundle, language: str | None = None):
        self.language = i18n.choose(language or i18n.language())
        with i18n.using(self.language):
            self._index(claims)

    def _index(self, claims: Bundle) -> None:
        self.sources, self.disputes = claims.sources, claims.disputes
        self.source_texts = [Searchable.of([str(row[c]) for c in SOURCE_WORDS], [str(row[c]) for c in SOURCE_NAMES])
                             for row in self.sources.to_dict("records")]
        of_source = dict(zip(self.sources["source_id"], self.source_texts))
        self.dispute_texts = [
            Searchable.of([subject_words(row["subject"]), *_in_english(subject_words, row["subject"]),
                           *(str(row[c]) for c in DISPUTE_WORDS)], [row["subject"]],
                          *(of_source[s] for s in cited_ids(row["source_ids"], SOURCE_REFERENCES["source_ids"]) if s in of_source))
            for row in self.disputes.to_dict("records")]
        refs = {ref.source_id: ref for ref in claims.source_refs(claims.sources["source_id"])}
        tables, self.figure_texts = [], []
        for dataset in CLAIM_DATASETS:
            if dataset in claims.frames and not claims.frame(dataset).empty:
                table, texts = _figure_rows(dataset, claims.frame(dataset), refs, of_source)
                tables.append(table)
                self.figure_texts += texts
        self.figures = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=FIGURE_COLUMNS)

    def search(self, query: str) -> SearchResults:
        return SearchResults(query, _rows(self.figures, matching(self.figure_texts, query)).reset_index(drop=True),
                             _rows(self.sources, matching(self.source_texts, query)),
                             _rows(self.disputes, matching(self.dispute_texts, query)))


def _in_english(write, *args) -> list[str]:
    """What write(*args) says, in English, when the active language is another (a row is found by its English words
    too); nothing in English, which the row's shown words already are."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return []
    with i18n.using(i18n.SOURCE_LANGUAGE):
        return [write(*args)]


def _rows(frame: pd.DataFrame, found: list[bool]) -> pd.DataFrame:
    return frame[pd.Series(found, index=frame.index, dtype=bool)]  # a bare empty list would select no columns


def _figure_rows(dataset: str, frame: pd.DataFrame, refs: dict[str, SourceRef],
                 of_source: dict[str, Searchable]) -> tuple[pd.DataFrame, list[Searchable]]:
    """One dataset's claims as result rows (FIGURE_COLUMNS), and the text each is found by."""
    searched = [c for c in frame.columns if c not in _NOT_SEARCHED]
    date = next((c for c in ("as_of", "reported_at", "date", "start_date") if c in frame), None)
    title = _(get_spec(dataset).title)
    rows, texts = [], []
    for row in frame.to_dict("records"):
        ref = refs.get(row["source_id"])
        where, link = chart_pointer(row, dataset)
        shown = {
            "dataset": title,
            "about": about(row, dataset),
            "figure": figure_text(row, dataset),
            "as of": row[date] if date else "",
            "claimed by": row["claimed_by"],
            "source": ref.cited_publisher if ref else row["source_id"],
            "source title": ref.cited_title if ref else "",
            "source link": (ref.original_url or ref.url) if ref else "",
            "shown on": where,
            "page link": link,
            "note": row.get("note", ""),
        }
        cells = [str(row[c]) for c in searched if str(row[c])]
        numbers = [_number(row[c]) for c in ("value_best", "value_low", "value_high") if c in row]
        worded = [shown["about"], shown["figure"], *_in_english(about, row, dataset), *_in_english(figure_text, row, dataset)]
        texts.append(Searchable.of([*worded, *numbers, *cells, *(words(c) for c in cells if "_" in c)],
                                   [], *([of_source[row["source_id"]]] if row["source_id"] in of_source else [])))
        rows.append(shown)
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS), texts


def search(claims: Bundle, query: str, language: str | None = None) -> SearchResults:
    """Find a query in a bundle's figures, sources and disputes (builds the index: keep a SearchIndex to search again)."""
    return SearchIndex(claims, language).search(query)
