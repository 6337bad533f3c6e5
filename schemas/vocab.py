"""Controlled vocabularies shared by several datasets. Extending one is a schema change: add the value here.

The label tables hold the English words, marked for the catalogs (N_): they stay English, so anything that compares or
exports them is unaffected. A reader sees a label through the lookups at the end (side_label, conflict_label ...),
which translate it into the active language.
"""
from typing import Literal

from i18n import N_, _, pgettext

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
    "armenian": N_("Armenian side"),
    "azerbaijani": N_("Azerbaijani side"),
    "russian_peacekeepers": N_("Russian peacekeepers"),
    "foreign_fighters": N_("Foreign fighters reported on the Azerbaijani side"),
    "all": N_("All sides"),
}
EVENT_TYPE_LABELS = {
    "road_closure": N_("Road closure"),
    "road_reopening": N_("Road reopening"),
    "gas_cut": N_("Gas cut"),
    "gas_restored": N_("Gas restored"),
    "power_cut": N_("Power cut"),
    "rationing": N_("Rationing"),
    "fuel_restriction": N_("Fuel restriction"),
    "checkpoint": N_("Checkpoint"),
    "icrc_suspension": N_("ICRC suspension"),
    "aid_convoy": N_("Aid convoy"),
    "legal_diplomatic": N_("Legal diplomatic"),
    "protest": N_("Protest"),
    "offensive": N_("Offensive"),
    "other": N_("Other"),
}

PARTY_LABELS = {
    "armenia": N_("Armenia"),
    "azerbaijan": N_("Azerbaijan"),
    "nagorno_karabakh_authorities": N_("Nagorno-Karabakh (Artsakh) authorities"),
    "russia": N_("Russia"),
    "turkey": N_("Turkey"),
    "international": N_("International organisation"),
    "independent": N_("Independent"),
    "multiple": N_("Several parties jointly"),
}
CONFLICT_LABELS = {
    "first_war": N_("First war, 1988-1994"),
    "khojaly_1992": N_("Khojaly (Xocalı), Feb 1992"),
    "april_2016": N_("April 2016 clashes"),
    "second_war": N_("Second war, 2020"),
    "ganja_strikes_2020": N_("Strikes on Ganja/Gəncə, 4-17 Oct 2020"),
    "ganja_2020_10_11": N_("Ganja/Gəncə strike, 11 Oct 2020"),
    "ganja_2020_10_17": N_("Ganja/Gəncə strike, 17 Oct 2020"),
    "barda_2020_10_28": N_("Barda/Bərdə strike, 28 Oct 2020"),
    "mines_after_2020": N_("Mine and unexploded-ordnance victims since Nov 2020"),
    "blockade": N_("Lachin/Berdzor corridor blockade, 2022-2023"),
    "offensive_2023": N_("September 2023 offensive"),
    "fuel_depot_2023": N_("Fuel-depot explosion, 25 Sep 2023"),
    "exodus_2023": N_("Exodus to Armenia, 2023"),
}
# How a source words a figure; a reader sees it in QUALIFIED_FIGURES, whole (some languages put it after the number).
QUALIFIER_WORDS = {
    "about": "about",
    "nearly": "nearly",
    "more_than": "more than",
    "at_least": "at least",
    "up_to": "up to",
    "as_many_as": "as many as",
    "fewer_than": "fewer than",
}
QUALIFIED_FIGURES = {
    # Translators: {figure} is a number as the source words it ("about 20,000").
    "about": N_("about {figure}"),
    "nearly": N_("nearly {figure}"),
    "more_than": N_("more than {figure}"),
    "at_least": N_("at least {figure}"),
    "up_to": N_("up to {figure}"),
    "as_many_as": N_("as many as {figure}"),
    "fewer_than": N_("fewer than {figure}"),
}
# A source's grade with what it means (the source marks); grade_word() writes the grade alone (a table's cell).
GRADE_LABELS = {
    "primary": N_("primary (the claimant's own publication)"),
    "report": N_("report (of someone's claim)"),
    "compilation": N_("compilation (encyclopedia, database, book summary)"),
    "copy": N_("copy (original not found)"),
}
DATE_BASIS_LABELS = {
    "stated": N_("date stated by the source"),
    "published": N_("date of publication"),
    "derived": N_("date derived"),
    "approximate": N_("date approximate"),
}
# The measures of blockade_supplies.csv (its `metric` column) as a reader names them. The unit is not part of the
# name: each claim states its own (tonnes, trucks, vehicle entries and exits ...), and charts write it on the axis.
METRIC_LABELS = {
    # supplies and vehicles: what reached Nagorno-Karabakh by road, before the blockade and during it
    "tonnes_per_day": N_("Goods carried in per day"),
    "tonnes_exported_per_day": N_("Goods carried out per day"),
    "share_imported_from_armenia": N_("Share of food brought in from Armenia"),
    "tonnes_expected_without_blockade": N_("Goods expected over the same days without the blockade"),
    "tonnes_imported_cumulative": N_("Goods brought in during the blockade, running total"),
    "icrc_aid_tonnes_cumulative": N_("ICRC aid brought in during the blockade, running total"),
    "tonnes_not_delivered_cumulative": N_("Goods not delivered during the blockade, running total"),
    "tonnes_delivered": N_("Cargo delivered on one date"),
    "convoy_cargo_tonnes": N_("Cargo of one convoy"),
    "convoys_escorted_in_one_bulletin": N_("Convoys escorted, in one daily bulletin"),
    "trucks_in_convoy": N_("Trucks in one convoy"),
    "days_waiting_at_border": N_("Days a convoy waited at the border"),
    "days_without_food_imports": N_("Days without any food brought in"),
    "items_delivered": N_("Items in one delivery"),
    "packages_handed_over": N_("Packages handed over in one distribution"),
    "shortfall_factor": N_("Times fewer than expected without the blockade"),
    "vehicles_per_day": N_("Vehicles crossing per day"),
    "vehicles_per_27_days": N_("Vehicles crossing in 27 days"),
    "vehicle_crossings_expected": N_("Vehicle crossings expected over the same days without the blockade"),
    "vehicle_crossings_cumulative": N_("Vehicle crossings during the blockade, running total"),
    "people_per_day": N_("People crossing per day"),
    "people_per_27_days": N_("People crossing in 27 days"),
    "person_crossings_expected": N_("Crossings by people expected over the same days without the blockade"),
    "person_crossings_cumulative": N_("Crossings by people during the blockade, running total"),
    # medical evacuations
    "patients_transferred_cumulative": N_("Patients transferred, running total"),
    "patients_transferred_single_operation": N_("Patients transferred in one operation"),
    "patients_transferred_day_1_after_resumption": N_("Patients transferred on the first day after transfers resumed"),
    "patients_transferred_day_2_after_resumption": N_("Patients transferred on the second day after transfers resumed"),
    "patients_transfer_cancelled": N_("Patients whose transfer was cancelled"),
    "patients_waiting": N_("Patients waiting for a transfer"),
    "evacuation_operations_cumulative": N_("Medical evacuations, running total"),
    "people_moved_cumulative": N_("People moved to rejoin their families, running total"),
    # shortages
    "ration_grams_per_person_per_day": N_("Ration per person per day, in grams"),
    "ration_kg_per_person_per_month": N_("Ration per person per month, in kilograms"),
    "ration_litres_per_person_per_month": N_("Ration per person per month, in litres"),
    "ration_loaves_per_person_per_day": N_("Ration per person per day, in loaves"),
    "shops_in_coupon_system": N_("Shops taking ration coupons"),
    "share_of_stock_remaining": N_("Share of the stock left"),
    "price_increase_factor": N_("Times the price rose"),
    "people_in_one_queue": N_("People in one queue"),
    "queue_duration_hours": N_("Hours spent queueing"),
    "max_people_per_gathering": N_("Most people allowed at one gathering"),
    # energy
    "rolling_blackout_hours_previous_schedule": N_("Hours of each rolling blackout, earlier schedule"),
    "rolling_blackout_hours_new_schedule": N_("Hours of each rolling blackout, lengthened schedule"),
    "outages_per_day": N_("Power outages per day"),
    "outage_duration_hours": N_("Hours of each power outage"),
    "water_volume": N_("Water held in the reservoir"),
    "dead_volume": N_("Unusable (dead) volume of the reservoir"),
    "share_of_capacity": N_("Share of the reservoir's capacity"),
    "water_level_drop": N_("Fall of the reservoir's water level"),
    "lowest_level_in_years": N_("Lowest water level in this many years"),
    # economy
    "jobs_lost": N_("Jobs lost"),
    "share_laid_off": N_("Share of those laid off"),
    "businesses_suspended": N_("Businesses that stopped work"),
    "share_of_businesses_suspended": N_("Share of businesses that stopped work"),
    "share_of_work_not_done": N_("Share of the work not done"),
    "economic_loss": N_("Loss to the economy"),
    "planned_gdp_reduction": N_("Fall in the planned GDP"),
    "payment_per_person": N_("Payment to each person who lost a job"),
    "payment_per_person_usd_equivalent": N_("Payment to each person who lost a job, as the source gives it in US dollars"),
    "payment_per_child": N_("Extra payment for each child"),
    # births and health
    "births_cumulative": N_("Births during the blockade, running total"),
    "people_without_planned_treatment": N_("People unable to get planned treatment"),
    "rate_change_factor": N_("Times the rate changed from the month before"),
    "share_with_anaemia": N_("Share with anaemia"),
    # population affected
    "people_under_blockade": N_("People under blockade"),
    "resident_population": N_("People living in Nagorno-Karabakh"),
    "census_population": N_("Population at the census"),
    "people_stranded_outside_nk": N_("People unable to return to Nagorno-Karabakh"),
    "people_separated_from_homes": N_("People cut off from their homes"),
    "people_sheltered_at_peacekeeper_base": N_("People sheltered at the peacekeepers' base"),
    "claimed_overstatement_factor": N_("Times a figure is said to be overstated"),
    # deaths
    "civilian_deaths_total": N_("Civilian deaths in all"),
    "deaths_attributed_to_malnutrition": N_("Deaths attributed to malnutrition"),
    "deaths_attributed_to_blocked_medical_transfer": N_("Deaths attributed to a blocked medical transfer"),
    "fetal_deaths_linked_to_fuel_shortage": N_("Fetal deaths linked to the lack of fuel"),
}

# Words for the values of the single-dataset vocabularies of schemas.models, written as a chart or a dispute subject
# writes them (lowercase: the label lookups capitalise where a label starts). A value missing here reads as its slug's
# words (dashboard.figures.wording.words), in English.
CASUALTY_CATEGORY_WORDS = {
    # Translators: a casualty category (military, civilian, total): followed by an outcome, "military killed".
    "military": N_("military"),
    "civilian": N_("civilian"),
    # Translators: a casualty category: military and civilian together, or not specified.
    "total": N_("total"),
}
OUTCOME_WORDS = {
    # Translators: a casualty outcome (people killed), after a category: "civilian killed".
    "killed": N_("killed"),
    # Translators: a casualty outcome (people missing).
    "missing": N_("missing"),
    # Translators: a casualty outcome (people wounded).
    "wounded": N_("wounded"),
    "excess_deaths": N_("excess deaths"),
    # Translators: a casualty outcome where the source leaves the term undefined (killed and wounded, or either).
    "casualties": N_("casualties"),
}
DISPLACEMENT_STATUS_WORDS = {
    # Translators: what displaced people are: displaced (unspecified), evacuee, IDP, refugee, returnee.
    "displaced": N_("displaced"),
    "evacuee": N_("evacuee"),
    # Translators: internally displaced person.
    "idp": N_("IDP"),
    "refugee": N_("refugee"),
    "refugee_and_idp": N_("refugee and IDP"),
    "returnee": N_("returnee"),
}
REFERENCE_POINT_WORDS = {
    # Translators: the moment a population figure describes.
    "census_1989": N_("census 1989"),
    "before_1988": N_("before 1988"),
    "census_2015": N_("census 2015"),
    "before_2020_war": N_("before 2020 war"),
    # Translators: the moment a population figure describes: the blockade of 2022-2023.
    "blockade_2022_2023": N_("blockade 2022 2023"),
    "before_2023_exodus": N_("before 2023 exodus"),
    "after_2023_exodus": N_("after 2023 exodus"),
}
POPULATION_GROUP_WORDS = {
    # Translators: a part of a population: all of it.
    "all": N_("all"),
    "armenians": N_("Armenians"),
    "azerbaijanis": N_("Azerbaijanis"),
    "children": N_("children"),
    "older_people": N_("older people"),
    "people_with_disabilities": N_("people with disabilities"),
}
PEACEKEEPER_MEASURE_WORDS = {
    # Translators: what is counted of the Russian peacekeeping contingent.
    "personnel": N_("personnel"),
    "armoured_personnel_carriers": N_("armoured personnel carriers"),
    "other_vehicles": N_("other vehicles"),
    "vehicles": N_("vehicles"),
}
PEACEKEEPER_BASIS_WORDS = {
    # Translators: a strength of the peacekeeping contingent agreed in the November 2020 statement.
    "agreed": N_("agreed"),
    # Translators: a strength of the peacekeeping contingent announced at deployment.
    "deployed": N_("deployed"),
    # Translators: a strength of the peacekeeping contingent reported by media.
    "reported": N_("reported"),
}
TOPIC_WORDS = {
    # Translators: a topic of the blockade's figures (what reached Nagorno-Karabakh by road).
    "supplies": N_("supplies"),
    "vehicles": N_("vehicles"),
    "medical_evacuations": N_("medical evacuations"),
    "shortages": N_("shortages"),
    "energy": N_("energy"),
    "economy": N_("economy"),
    # Translators: a topic of the blockade's figures: births and health.
    "births_health": N_("births health"),
    "population_affected": N_("population affected"),
    "deaths": N_("deaths"),
    # Translators: a topic of the exodus figures: the totals of people who left.
    "total": N_("total"),
    "daily_flow": N_("daily flow"),
    "demographic": N_("demographic"),
    "province": N_("province"),
    "response_plan": N_("response plan"),
    # Translators: a topic of the exodus figures: people who remained in Nagorno-Karabakh.
    "remaining": N_("remaining"),
}
SUPPLY_PERIOD_WORDS = {
    "before_blockade": N_("before blockade"),
    "during_blockade": N_("during blockade"),
    # Translators: a blockade figure that describes one moment, not normal times or the blockade as a whole.
    "point_in_time": N_("point in time"),
}
# The units of exodus_figures.csv (a slug column) and of the datasets' values; blockade_supplies states its own units
# in words, which stay as the data writes them.
UNIT_WORDS = {
    # Translators: a unit of figures (Armenian drams).
    "amd": N_("amd"),
    "amd_per_person": N_("amd per person"),
    "amd_per_person_per_month": N_("amd per person per month"),
    "applications": N_("applications"),
    "buses": N_("buses"),
    "children_per_day": N_("children per day"),
    "dignity_kits": N_("dignity kits"),
    # Translators: a unit of figures (euros).
    "eur": N_("eur"),
    # Translators: a unit of figures: how many times a number grew.
    "fold_increase": N_("fold increase"),
    "food_parcels": N_("food parcels"),
    "months": N_("months"),
    "organisations": N_("organisations"),
    "patients": N_("patients"),
    "people": N_("people"),
    "people_per_day": N_("people per day"),
    "people_per_hour": N_("people per hour"),
    "percent": N_("percent"),
    "pupils": N_("pupils"),
    # Translators: a unit of figures (Swedish kronor).
    "sek": N_("sek"),
    "us_dollars": N_("us dollars"),
    "us_dollars_per_person": N_("us dollars per person"),
    "vehicles": N_("vehicles"),
}


def shown(labels: dict[str, str], value: str, default: str | None = None) -> str:
    """A value's label from one of the tables above, in the reader's language; `default` (else the value itself)
    for a value the table does not name."""
    if value in labels:
        return _(labels[value])
    return value if default is None else default


def side_label(side: str) -> str:
    return shown(SIDE_LABELS, side)


def event_type_label(event_type: str) -> str:
    return shown(EVENT_TYPE_LABELS, event_type)


def conflict_label(conflict: str) -> str:
    """A war or episode as a reader names it ('First war, 1988-1994'): also the Wars page's section headings."""
    return shown(CONFLICT_LABELS, conflict)


def party_label(party: str) -> str:
    """A claimant's party ('Nagorno-Karabakh (Artsakh) authorities'); one the table lacks reads as its words."""
    return shown(PARTY_LABELS, party, party.replace("_", " ").capitalize())


def grade_label(grade: str) -> str:
    """A source's grade with what it means; empty for a version stored before grades existed."""
    return shown(GRADE_LABELS, grade, "")


def grade_word(grade: str) -> str:
    """A source's grade alone ('primary'), as a table's cell writes it; a value it does not know stays as it is.

    The words are in context "source grade" (the same messages as dashboard.export.provenance.grade_word)."""
    words = {
        # Translators: a source's grade: the claimant's own publication.
        "primary": pgettext("source grade", "primary"),
        # Translators: a source's grade: a report of someone's claim (a noun).
        "report": pgettext("source grade", "report"),
        # Translators: a source's grade: an encyclopedia, database or book summary (a noun).
        "compilation": pgettext("source grade", "compilation"),
        # Translators: a source's grade: a copy, the original was not found (a noun).
        "copy": pgettext("source grade", "copy"),
    }
    return words.get(grade, grade)


def date_basis_label(basis: str) -> str:
    return shown(DATE_BASIS_LABELS, basis)


def metric_label(metric: str) -> str | None:
    """A blockade measure's name, or None for one the table lacks (dashboard.figures.wording.measure_label words it)."""
    return _(METRIC_LABELS[metric]) if metric in METRIC_LABELS else None


def qualified(qualifier: str | None, figure: str) -> str:
    """A figure as the source words it: 'at least 161'; the figure alone without a (known) qualifier."""
    return _(QUALIFIED_FIGURES[qualifier]).format(figure=figure) if qualifier in QUALIFIED_FIGURES else figure
