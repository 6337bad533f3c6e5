"""Slugs as words a reader sees ('unhcr_refugees' -> 'UNHCR refugees'), shared by chart labels and dispute titles.

A value a vocabulary of schemas.vocab names is written in the reader's language (value_words, measure_label); any
other slug (a data set's own: a displacement group, a commodity) reads as its words in English, the data's language.
"""
from __future__ import annotations

from schemas.vocab import (
    CASUALTY_CATEGORY_WORDS,
    CONFLICT_LABELS,
    DISPLACEMENT_STATUS_WORDS,
    EVENT_TYPE_LABELS,
    OUTCOME_WORDS,
    PARTY_LABELS,
    PEACEKEEPER_BASIS_WORDS,
    PEACEKEEPER_MEASURE_WORDS,
    POPULATION_GROUP_WORDS,
    REFERENCE_POINT_WORDS,
    SIDE_LABELS,
    SUPPLY_PERIOD_WORDS,
    TOPIC_WORDS,
    UNIT_WORDS,
    metric_label,
    shown,
)

# Names that keep their capitals when a slug (left_armenia, unhcr_refugees) becomes a label.
PROPER = {"armenia": "Armenia", "armenian": "Armenian", "armenians": "Armenians", "azerbaijan": "Azerbaijan",
          "azerbaijani": "Azerbaijani", "azerbaijanis": "Azerbaijanis", "karabakh": "Karabakh", "nagorno": "Nagorno",
          "nk": "NK", "yerevan": "Yerevan", "syunik": "Syunik", "kotayk": "Kotayk", "ararat": "Ararat",
          "armavir": "Armavir", "aragatsotn": "Aragatsotn", "gegharkunik": "Gegharkunik", "lori": "Lori",
          "shirak": "Shirak", "tavush": "Tavush", "vayots": "Vayots", "dzor": "Dzor", "unhcr": "UNHCR", "unicef": "UNICEF",
          "rrp": "RRP", "icrc": "ICRC", "idps": "IDPs", "idp": "IDP", "un": "UN", "iom": "IOM", "usd": "USD",
          "khojaly": "Khojaly", "stepanakert": "Stepanakert", "khankendi": "Khankendi", "lachin": "Lachin", "goris": "Goris",
          "kornidzor": "Kornidzor", "sarsang": "Sarsang", "russian": "Russian", "askeran": "Askeran", "martakert": "Martakert",
          "martuni": "Martuni", "hadrut": "Hadrut", "shushi": "Shushi", "shusha": "Shusha", "kashatagh": "Kashatagh",
          "shahumyan": "Shahumyan"}

# The columns whose values a vocabulary names, with its table (English, translated where shown). A column of several
# datasets (category, group, unit) has one table; a value it does not name reads as words.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "conflict": CONFLICT_LABELS, "side": SIDE_LABELS, "claimant_party": PARTY_LABELS, "event_type": EVENT_TYPE_LABELS,
    "category": CASUALTY_CATEGORY_WORDS, "outcome": OUTCOME_WORDS, "status": DISPLACEMENT_STATUS_WORDS,
    "reference_point": REFERENCE_POINT_WORDS, "group": POPULATION_GROUP_WORDS, "measure": PEACEKEEPER_MEASURE_WORDS,
    "basis": PEACEKEEPER_BASIS_WORDS, "topic": TOPIC_WORDS, "period": SUPPLY_PERIOD_WORDS, "unit": UNIT_WORDS,
}


def words(slug: str) -> str:
    """A slug as words, proper names capitalised: 'unhcr_refugees' -> 'UNHCR refugees' (English: the data's words)."""
    return " ".join(PROPER.get(w, w) for w in str(slug).split("_"))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def label(slug: str) -> str:
    """words() with a capital first letter, for axis labels."""
    return capitalised(words(slug))


def english_words(column: str, value: str) -> str:
    """A column's value in the English words of its vocabulary (what value_words writes in English): for sorting and
    searching, which must not depend on the reader's language."""
    return VALUE_WORDS.get(column, {}).get(str(value)) or words(value)


def value_words(column: str, value: str) -> str:
    """A column's value as a reader reads it: its vocabulary's words in the reader's language ('killed', 'IDP',
    'Armenian side'), else the slug's words."""
    return shown(VALUE_WORDS.get(column, {}), str(value), words(value))


def value_label(column: str, value: str) -> str:
    """value_words() with a capital first letter, for axis and subject labels."""
    return capitalised(value_words(column, value))


def measure_label(metric: str) -> str:
    """A blockade measure as a reader names it (vocab.METRIC_LABELS); one added since then reads as words."""
    return metric_label(metric) or label(metric)
