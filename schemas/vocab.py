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
# The measures of blockade_supplies.csv (its `metric` column) as a reader names them. The unit is not part of the
# name: each claim states its own (tonnes, trucks, vehicle entries and exits ...), and charts write it on the axis.
METRIC_LABELS = {
    # supplies and vehicles: what reached Nagorno-Karabakh by road, before the blockade and during it
    "tonnes_per_day": "Goods carried in per day",
    "tonnes_exported_per_day": "Goods carried out per day",
    "share_imported_from_armenia": "Share of food brought in from Armenia",
    "tonnes_expected_without_blockade": "Goods expected over the same days without the blockade",
    "tonnes_imported_cumulative": "Goods brought in during the blockade, running total",
    "icrc_aid_tonnes_cumulative": "ICRC aid brought in during the blockade, running total",
    "tonnes_not_delivered_cumulative": "Goods not delivered during the blockade, running total",
    "tonnes_delivered": "Cargo delivered on one date",
    "convoy_cargo_tonnes": "Cargo of one convoy",
    "convoys_escorted_in_one_bulletin": "Convoys escorted, in one daily bulletin",
    "trucks_in_convoy": "Trucks in one convoy",
    "days_waiting_at_border": "Days a convoy waited at the border",
    "days_without_food_imports": "Days without any food brought in",
    "items_delivered": "Items in one delivery",
    "packages_handed_over": "Packages handed over in one distribution",
    "shortfall_factor": "Times fewer than expected without the blockade",
    "vehicles_per_day": "Vehicles crossing per day",
    "vehicles_per_27_days": "Vehicles crossing in 27 days",
    "vehicle_crossings_expected": "Vehicle crossings expected over the same days without the blockade",
    "vehicle_crossings_cumulative": "Vehicle crossings during the blockade, running total",
    "people_per_day": "People crossing per day",
    "people_per_27_days": "People crossing in 27 days",
    "person_crossings_expected": "Crossings by people expected over the same days without the blockade",
    "person_crossings_cumulative": "Crossings by people during the blockade, running total",
    # medical evacuations
    "patients_transferred_cumulative": "Patients transferred, running total",
    "patients_transferred_single_operation": "Patients transferred in one operation",
    "patients_transferred_day_1_after_resumption": "Patients transferred on the first day after transfers resumed",
    "patients_transferred_day_2_after_resumption": "Patients transferred on the second day after transfers resumed",
    "patients_transfer_cancelled": "Patients whose transfer was cancelled",
    "patients_waiting": "Patients waiting for a transfer",
    "evacuation_operations_cumulative": "Medical evacuations, running total",
    "people_moved_cumulative": "People moved to rejoin their families, running total",
    # shortages
    "ration_grams_per_person_per_day": "Ration per person per day, in grams",
    "ration_kg_per_person_per_month": "Ration per person per month, in kilograms",
    "ration_litres_per_person_per_month": "Ration per person per month, in litres",
    "ration_loaves_per_person_per_day": "Ration per person per day, in loaves",
    "shops_in_coupon_system": "Shops taking ration coupons",
    "share_of_stock_remaining": "Share of the stock left",
    "price_increase_factor": "Times the price rose",
    "people_in_one_queue": "People in one queue",
    "queue_duration_hours": "Hours spent queueing",
    "max_people_per_gathering": "Most people allowed at one gathering",
    # energy
    "rolling_blackout_hours_previous_schedule": "Hours of each rolling blackout, earlier schedule",
    "rolling_blackout_hours_new_schedule": "Hours of each rolling blackout, lengthened schedule",
    "outages_per_day": "Power outages per day",
    "outage_duration_hours": "Hours of each power outage",
    "water_volume": "Water held in the reservoir",
    "dead_volume": "Unusable (dead) volume of the reservoir",
    "share_of_capacity": "Share of the reservoir's capacity",
    "water_level_drop": "Fall of the reservoir's water level",
    "lowest_level_in_years": "Lowest water level in this many years",
    # economy
    "jobs_lost": "Jobs lost",
    "share_laid_off": "Share of those laid off",
    "businesses_suspended": "Businesses that stopped work",
    "share_of_businesses_suspended": "Share of businesses that stopped work",
    "share_of_work_not_done": "Share of the work not done",
    "economic_loss": "Loss to the economy",
    "planned_gdp_reduction": "Fall in the planned GDP",
    "payment_per_person": "Payment to each person who lost a job",
    "payment_per_person_usd_equivalent": "Payment to each person who lost a job, as the source gives it in US dollars",
    "payment_per_child": "Extra payment for each child",
    # births and health
    "births_cumulative": "Births during the blockade, running total",
    "people_without_planned_treatment": "People unable to get planned treatment",
    "rate_change_factor": "Times the rate changed from the month before",
    "share_with_anaemia": "Share with anaemia",
    # population affected
    "people_under_blockade": "People under blockade",
    "resident_population": "People living in Nagorno-Karabakh",
    "census_population": "Population at the census",
    "people_stranded_outside_nk": "People unable to return to Nagorno-Karabakh",
    "people_separated_from_homes": "People cut off from their homes",
    "people_sheltered_at_peacekeeper_base": "People sheltered at the peacekeepers' base",
    "claimed_overstatement_factor": "Times a figure is said to be overstated",
    # deaths
    "civilian_deaths_total": "Civilian deaths in all",
    "deaths_attributed_to_malnutrition": "Deaths attributed to malnutrition",
    "deaths_attributed_to_blocked_medical_transfer": "Deaths attributed to a blocked medical transfer",
    "fetal_deaths_linked_to_fuel_shortage": "Fetal deaths linked to the lack of fuel",
}
