"""Controlled vocabularies shared by several datasets. Extending one is a schema change: add the value here."""
from typing import Literal

Party = Literal[
    "armenia",
    "azerbaijan",
    "nagorno_karabakh_authorities",
    "russia",
    "turkey",
    "international",
    "independent",
    "multiple",
]
SourceKind = Literal["government", "un_agency", "intl_org", "ngo", "media", "academic", "encyclopedia", "court"]
# What a source document is: the claimant's own publication, a report of someone's claim, a compilation of others'
# work, or a copy (repost, mirror, catalogue record) whose original could not be identified.
SourceGrade = Literal["primary", "report", "compilation", "copy"]
# How a row's date was worked out: the source states it, it is the source's publication date, it was computed from
# the source's words (e.g. "day 150 of the blockade"), or the source gives it only approximately.
DateBasis = Literal["stated", "published", "derived", "approximate"]
Conflict = Literal[
    "first_war",
    "khojaly_1992",
    "april_2016",
    "second_war",
    "ganja_strikes_2020",
    "ganja_2020_10_11",
    "ganja_2020_10_17",
    "barda_2020_10_28",
    "mines_after_2020",
    "blockade",
    "offensive_2023",
    "fuel_depot_2023",
    "exodus_2023",
]
Qualifier = Literal["about", "nearly", "more_than", "at_least", "up_to", "as_many_as", "fewer_than"]
Side = Literal["armenian", "azerbaijani", "russian_peacekeepers", "foreign_fighters", "all"]
EventType = Literal[
    "road_closure",
    "road_reopening",
    "gas_cut",
    "gas_restored",
    "power_cut",
    "rationing",
    "fuel_restriction",
    "checkpoint",
    "icrc_suspension",
    "aid_convoy",
    "legal_diplomatic",
    "protest",
    "offensive",
    "other",
]

SIDE_LABELS = {
    "armenian": "Armenian side",
    "azerbaijani": "Azerbaijani side",
    "russian_peacekeepers": "Russian peacekeepers",
    "foreign_fighters": "Foreign fighters reported on the Azerbaijani side",
    "all": "All sides",
}
EVENT_TYPE_LABELS = {
    "road_closure": "Road closure",
    "road_reopening": "Road reopening",
    "gas_cut": "Gas cut",
    "gas_restored": "Gas restored",
    "power_cut": "Power cut",
    "rationing": "Rationing",
    "fuel_restriction": "Fuel restriction",
    "checkpoint": "Checkpoint",
    "icrc_suspension": "ICRC suspension",
    "aid_convoy": "Aid convoy",
    "legal_diplomatic": "Legal diplomatic",
    "protest": "Protest",
    "offensive": "Offensive",
    "other": "Other",
}

PARTY_LABELS = {
    "armenia": "Armenia",
    "azerbaijan": "Azerbaijan",
    "nagorno_karabakh_authorities": "Nagorno-Karabakh (Artsakh) authorities",
    "russia": "Russia",
    "turkey": "Turkey",
    "international": "International organisation",
    "independent": "Independent",
    "multiple": "Several parties jointly",
}
CONFLICT_LABELS = {
    "first_war": "First war, 1988-1994",
    "khojaly_1992": "Khojaly/Xocalı, Feb 1992",
    "april_2016": "April 2016 clashes",
    "second_war": "Second war, 2020",
    "ganja_strikes_2020": "Strikes on Ganja/Gəncə, 4-17 Oct 2020",
    "ganja_2020_10_11": "Ganja/Gəncə strike, 11 Oct 2020",
    "ganja_2020_10_17": "Ganja/Gəncə strike, 17 Oct 2020",
    "barda_2020_10_28": "Barda/Bərdə strike, 28 Oct 2020",
    "mines_after_2020": "Mine and unexploded-ordnance victims since Nov 2020",
    "blockade": "Lachin (Berdzor) corridor blockade, 2022-2023",
    "offensive_2023": "September 2023 offensive",
    "fuel_depot_2023": "Fuel-depot explosion, 25 Sep 2023",
    "exodus_2023": "Exodus to Armenia, 2023",
}
QUALIFIER_WORDS = {
    "about": "about",
    "nearly": "nearly",
    "more_than": "more than",
    "at_least": "at least",
    "up_to": "up to",
    "as_many_as": "as many as",
    "fewer_than": "fewer than",
}
GRADE_LABELS = {
    "primary": "primary (the claimant's own publication)",
    "report": "report (of someone's claim)",
    "compilation": "compilation (encyclopedia, database, book summary)",
    "copy": "copy (original not found)",
}
DATE_BASIS_LABELS = {
    "stated": "date stated by the source",
    "published": "date of publication",
    "derived": "date derived",
    "approximate": "date approximate",
}
