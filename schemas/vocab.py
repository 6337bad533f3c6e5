"""Controlled vocabularies shared by several datasets. Extending one is a schema change: add the value here."""
from typing import Literal

Party = Literal[
    "armenia",
    "azerbaijan",
    "nagorno_karabakh_authorities",
    "russia",
    "international",
    "independent",
    "multiple",
]
SourceKind = Literal["government", "un_agency", "intl_org", "ngo", "media", "academic", "encyclopedia", "court"]
Access = Literal["original", "mirror", "reproduction"]
Conflict = Literal[
    "first_war",
    "khojaly_1992",
    "april_2016",
    "second_war",
    "blockade",
    "offensive_2023",
    "fuel_depot_2023",
    "exodus_2023",
]
Qualifier = Literal["about", "more_than", "at_least", "up_to", "fewer_than"]

PARTY_LABELS = {
    "armenia": "Armenia",
    "azerbaijan": "Azerbaijan",
    "nagorno_karabakh_authorities": "Nagorno-Karabakh (Artsakh) authorities",
    "russia": "Russia",
    "international": "International organisation",
    "independent": "Independent",
    "multiple": "Several parties jointly",
}
CONFLICT_LABELS = {
    "first_war": "First war, 1988-1994",
    "khojaly_1992": "Khojaly/Xocalı, Feb 1992",
    "april_2016": "April 2016 clashes",
    "second_war": "Second war, 2020",
    "blockade": "Lachin (Berdzor) corridor blockade, 2022-2023",
    "offensive_2023": "September 2023 offensive",
    "fuel_depot_2023": "Fuel-depot explosion, 25 Sep 2023",
    "exodus_2023": "Exodus to Armenia, 2023",
}
QUALIFIER_WORDS = {
    "about": "about",
    "more_than": "more than",
    "at_least": "at least",
    "up_to": "up to",
    "fewer_than": "fewer than",
}
