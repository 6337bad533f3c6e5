"""Slugs as words a reader sees ('unhcr_refugees' -> 'UNHCR refugees'), shared by chart labels and dispute titles."""
from __future__ import annotations

from schemas.vocab import METRIC_LABELS

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


def words(slug: str) -> str:
    """A slug as words, proper names capitalised: 'unhcr_refugees' -> 'UNHCR refugees'."""
    return " ".join(PROPER.get(w, w) for w in str(slug).split("_"))


def label(slug: str) -> str:
    """words() with a capital first letter, for axis labels."""
    text = words(slug)
    return text[:1].upper() + text[1:]


def measure_label(metric: str) -> str:
    """A blockade measure as a reader names it (vocab.METRIC_LABELS); one added since then reads as words."""
    return METRIC_LABELS.get(metric, label(metric))
