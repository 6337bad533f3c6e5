"""One pydantic row model per dataset: the single declaration of its columns, types, constraints, labels and units.

Every field's `description` says what the column holds; `json_schema_extra` carries the `label` shown on pages
and exports and the `unit` where the column has one. Empty CSV cells arrive as None.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import row_rules as rules
from .cell_rules import (
    Count,
    Date,
    DateTime,
    Decimal,
    Flag,
    PartialDate,
    PastDate,
    PastPartialDate,
    Slug,
    Text,
    Url,
    canonical_value,
)
from .cells import rule_error
from .rules import column_rules
from .vocab import Conflict, DateBasis, EventType, Party, Qualifier, Side, SourceGrade, SourceKind


def column(description: str, label: str, unit: str | None = None, **constraints: Any) -> Any:
    """A model field with the metadata pages and exports read."""
    extra = {"label": label}
    if unit:
        extra["unit"] = unit
    return Field(description=description, json_schema_extra=extra, **constraints)


def date_basis() -> Any:
    """The one declaration of the date_basis column that every dated dataset carries (for claims, of as_of)."""
    return optional(
        "How the date was worked out: stated (the source gives it; empty means this), published (the source's "
        "publication date), derived (computed from the source's words, which the note keeps, e.g. 'day 150 of the "
        "blockade'), approximate (the source gives it only roughly).",
        "Date basis",
        default="stated",
    )


def optional(description: str, label: str, unit: str | None = None, default: Any = None, **constraints: Any) -> Any:
    """A field whose cell may be left empty."""
    return column(description, label, unit, default=default, **constraints)


class Row(BaseModel):
    """Shared reading rules: cells are trimmed, and an empty cell is a missing value (the field's default applies)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # The rules over several cells of a row (schemas.row_rules), declared here once: the validator runs them over a
    # whole file, row_rules_hold over one row.
    row_rules: ClassVar[tuple[rules.RowRule | rules.RowCheck, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def empty_cells_are_missing(cls, data: Any) -> Any:
        if isinstance(data, dict):
            # Dropped rather than set to None, so an empty interim is False and an empty date_basis is "stated".
            data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
            data = {k: v for k, v in data.items() if v is not None and not (isinstance(v, str) and not v)}
            columns = column_rules(cls)  # vocabulary values and flags in the form the dataset writes them
            data = {k: canonical_value(v, columns[k]) if isinstance(v, str) and k in columns else v for k, v in data.items()}
        return data

    @model_validator(mode="wrap")
    @classmethod
    def row_rules_hold(cls, data: Any, handler: Any) -> Any:
        """The row's cells first, then its row rules, on its trimmed text as the validator sees it."""
        row = handler(data)
        if cls.row_rules and isinstance(data, dict):
            text = {name: str(data.get(name) or "").strip() for name in cls.model_fields}
            problems = rules.first_problems(pl.DataFrame({k: [v] for k, v in text.items()}, schema={k: pl.String for k in text}),
                                            cls.row_rules)
            if problems:
                problem = problems[0][1]
                raise rule_error(problem.code, problem.message, problem.column)
        return row


class Claim(Row):
    """One quantity stated by one source (the UCDP convention: value_low <= value_best <= value_high).

    Values are counts: whole numbers from 0 to 999,999,999,999 (at most 12 digits, far below 2^53, so they stay
    exact as Int64 and as the float64 that ranges are compared and drawn in). DecimalClaim allows decimals.
    """

    row_rules = rules.value_range()
    ref_id: Text | None = optional(
        "Row id in the project's research reference (e.g. 1.01, A3.02) so a claim points back to its checked excerpt.",
        "Reference row",
        max_length=20,
    )
    value_best: Count | None = optional(
        "The figure the source states. Empty only when the source gives a range and no central figure.", "Best value"
    )
    value_low: Count | None = optional("Lower end of the range the source states, if any.", "Low")
    value_high: Count | None = optional("Upper end of the range the source states, if any.", "High")
    qualifier: Qualifier | None = optional(
        "How the source words the figure, keeping its word: about (~, some, around), nearly (almost, approaching), "
        "more_than (>, over), at_least, up_to, as_many_as (as many as, may have), fewer_than; empty = a plain count.",
        "Qualifier",
    )
    claimed_by: Text = column(
        "Who asserts the figure (the original claimant, not the outlet that relayed it).", "Claimed by", max_length=300, min_length=1
    )
    claimant_party: Party = column("The party the claimant belongs to; it sets the colour of the claim.", "Claimant's party")
    source_id: Slug = column("The source in sources.csv where the figure was read.", "Source", max_length=80)
    interim: Flag = optional(
        "true for a running count that a later figure superseded.", "Interim count", default=False
    )
    note: Text | None = optional("Context and caveats, in the project's own words.", "Note", max_length=1000)



class DecimalClaim(Claim):
    """A claim whose value may be a decimal (percentages, tonnes, cubic metres): 0 or more, below 10^15, with at
    most 15 significant digits (what a float64 holds exactly, so ranges compare and draw as written)."""

    value_best: Decimal | None = optional(
        "The figure the source states. Empty only when the source gives a range and no central figure.", "Best value"
    )
    value_low: Decimal | None = optional("Lower end of the range the source states, if any.", "Low")
    value_high: Decimal | None = optional("Upper end of the range the source states, if any.", "High")


class Source(Row):
    """A publication a figure was read from, and, where that page is not the original, the original it reproduces.

    `party` follows one rule: the party of whoever authored the content, never of the site that hosts it, so a
    repost, mirror, translation or catalogue record takes its author's party (an ICG report on an Armenian site is
    independent; a UN document on Docslib is international; the Azerbaijani foreign ministry's text on Docslib is
    azerbaijan). A government, ministry, army or de facto authority and its official news agency take that party (the
    Nagorno-Karabakh authorities and their Defence Army: nagorno_karabakh_authorities). Media based in a party's
    country, that country's state media abroad and its community press abroad take that party (Turkey's TRT and
    Anadolu: turkey; TASS, RIA and Sputnik: russia; Asbarez: armenia); foreign-funded or exile outlets such as RFE/RL's
    Azatutyun are independent. international is for intergovernmental bodies and courts only (UN, OSCE, ICRC, EU, ICJ);
    third-state governments, NGOs, foreign media and scholars are independent; a text several parties co-signed is
    multiple.
    """

    row_rules = rules.original_has_a_publisher()
    source_id: Slug = column("Short stable id that claims cite.", "Source id", max_length=80)
    publisher: Text = column("Who publishes the page at `url` (the site where the figure was read).", "Publisher",
                             max_length=200, min_length=1)
    title: Text = column("The page's own title (the headline of the article, report or document).", "Title",
                         max_length=400, min_length=1)
    url: Url = column("Where the figure was read.", "Link", max_length=1000)
    published: PastPartialDate | None = optional("Publication date (YYYY, YYYY-MM or YYYY-MM-DD); empty if undated.", "Published")
    accessed: PastDate = column("When the page was read to check the figure.", "Accessed")
    kind: SourceKind = column("What sort of author: government, UN agency, NGO, media, encyclopedia ...", "Kind")
    party: Party = column("The party of whoever authored the content, never of the host site (the rule is on the "
                          "Source model).", "Author's party")
    grade: SourceGrade = column(
        "What the document is: primary (the claimant's own publication), report (a news or NGO report of someone's "
        "claim), compilation (encyclopedia, database, book summary), copy (a repost, mirror or catalogue record whose "
        "original could not be found).",
        "Grade",
    )
    original_publisher: Text | None = optional(
        "When the page reproduces another's work: the organisation that published the original (a wire agency, an "
        "NGO, a ministry). The page at `url` is then cited as 'read via'.", "Original publisher", max_length=200)
    original_title: Text | None = optional("The original's own title, when it differs from the copy's.", "Original title",
                                           max_length=400)
    original_published: PastPartialDate | None = optional("The original's publication date.", "Original published")
    original_url: Url | None = optional("The original on its publisher's own site, where it was found.", "Original link",
                                        max_length=1000)
    note: Text | None = optional("Caveats about the source.", "Note", max_length=1000)



class Casualty(Claim):
    """Deaths, missing or wounded for one side and category of one conflict."""

    conflict: Conflict = column("Which war or episode.", "Conflict")
    side: Side = column(
        "Whose losses: armenian (Armenia and Nagorno-Karabakh), azerbaijani (Azerbaijan's own forces and civilians), "
        "russian_peacekeepers, foreign_fighters (fighters a source reports on one side who are not that state's own "
        "forces, kept apart so no chart adds them to its toll), all sides.", "Side"
    )
    category: Literal["military", "civilian", "total"] = column("Military, civilian, or total/unspecified.", "Category")
    outcome: Literal["killed", "missing", "wounded", "excess_deaths", "casualties"] = column(
        "killed, missing, wounded; excess_deaths for a demographic estimate; casualties where the source leaves the term undefined.",
        "Outcome",
    )
    period: Text = column("What the figure covers, in words (e.g. 1988-1994).", "Period", max_length=120, min_length=1)
    as_of: PastPartialDate | None = optional("When the figure was stated or valid; orders running counts.", "As of")
    date_basis: DateBasis = date_basis()


class Displacement(Claim):
    """People displaced: internally displaced, refugees, evacuees or returnees."""

    conflict: Conflict = column("Which war or episode displaced them.", "Conflict")
    group: Slug = column("Who was displaced (a stable id shared by rival claims about the same people).", "Group", max_length=80)
    origin: Text | None = optional("Where they came from.", "From", max_length=200)
    destination: Text | None = optional("Where they went.", "To", max_length=200)
    status: Literal["idp", "refugee", "refugee_and_idp", "evacuee", "returnee", "displaced"] = column(
        "idp, refugee, refugee_and_idp, evacuee, returnee, or displaced (unspecified).", "Status"
    )
    period: Text | None = optional("What the figure covers, in words.", "Period", max_length=120)
    as_of: PastPartialDate | None = optional("When the figure was stated or valid.", "As of")
    date_basis: DateBasis = date_basis()


class Population(Claim):
    """Population of Nagorno-Karabakh at a reference point, including contested estimates."""

    reference_point: Literal[
        "census_1989",
        "before_1988",
        "census_2015",
        "before_2020_war",
        "blockade_2022_2023",
        "before_2023_exodus",
        "after_2023_exodus",
    ] = column("The moment the population figure describes.", "Reference point")
    group: Literal["all", "armenians", "azerbaijanis", "children", "older_people", "people_with_disabilities"] = column(
        "Which part of the population.", "Group"
    )
    period: Text | None = optional("What the figure covers, in words.", "Period", max_length=120)
    as_of: PastPartialDate | None = optional("When the figure was stated or valid.", "As of")
    date_basis: DateBasis = date_basis()


class Peacekeepers(Claim):
    """Strength of the Russian peacekeeping contingent deployed under the 10 November 2020 statement."""

    measure: Literal["personnel", "armoured_personnel_carriers", "other_vehicles", "vehicles"] = column(
        "What is counted.", "Measure"
    )
    basis: Literal["agreed", "deployed", "reported"] = column(
        "agreed in the statement, announced at deployment, or reported by media.", "Basis"
    )
    as_of: PastPartialDate | None = optional("When the figure was stated.", "As of")
    date_basis: DateBasis = date_basis()


class BlockadeEvent(Row):
    """A dated event of the Lachin (Berdzor) corridor blockade, as one source reports it."""

    row_rules = rules.ends_after_start("date")
    ref_id: Text | None = optional("Row id in the project's research reference (e.g. A1.03).", "Reference row", max_length=20)
    date: Date = column("First day of the event.", "Date")
    end_date: Date | None = optional("Last day, for events that lasted.", "Until")
    event_type: EventType = column("What kind of event.", "Event type")
    description: Text = column("One neutral sentence saying who reports what.", "Event", max_length=600, min_length=1)
    date_note: Text | None = optional("Where accounts differ on the date.", "Date note", max_length=300)
    date_basis: DateBasis = date_basis()
    claimed_by: Text = column("Who reports the event.", "Reported by", max_length=300, min_length=1)
    claimant_party: Party = column("The party the reporter belongs to.", "Reporter's party")
    source_id: Slug = column("The source in sources.csv.", "Source", max_length=80)
    note: Text | None = optional("Context and caveats.", "Note", max_length=1000)



class BlockadeSupply(DecimalClaim):
    """A supply, crossing, evacuation, shortage or economic figure of the blockade period."""

    topic: Literal[
        "supplies",
        "vehicles",
        "medical_evacuations",
        "shortages",
        "energy",
        "economy",
        "births_health",
        "population_affected",
        "deaths",
    ] = column("Which part of the blockade's effects.", "Topic")
    commodity: Slug = column("What is counted (goods, vehicles, patients, bread ...).", "Commodity", max_length=80)
    metric: Slug = column("How it is counted (tonnes_per_day, patients_transferred_cumulative ...).", "Metric", max_length=80)
    unit: Text = column("Unit of the value, in words.", "Unit", max_length=60, min_length=1)
    period: Literal["before_blockade", "during_blockade", "point_in_time"] = column(
        "Whether the figure describes normal times before the blockade or the blockade itself.", "Period"
    )
    as_of: PastPartialDate | None = optional("The date the figure refers to.", "As of")
    date_basis: DateBasis = date_basis()


class RefugeeArrival(Row):
    """One official announcement of how many people had arrived in Armenia from Nagorno-Karabakh since 24 Sep 2023."""

    ref_id: Text | None = optional("Row id in the project's research reference (e.g. B1.04).", "Reference row", max_length=20)
    reported_at: DateTime = column(
        "When the count was announced, local time with offset (2023-09-26T08:00+04:00), or the date alone.", "Announced"
    )
    date_basis: DateBasis = date_basis()
    value_best: Count = column(
        "Cumulative number of people who had arrived: a whole number of at most 12 digits.", "Arrivals (cumulative)", unit="people"
    )
    qualifier: Qualifier | None = optional("How the source words the figure; empty = a count.", "Qualifier")
    claimed_by: Text = column("Who announced the count.", "Announced by", max_length=300, min_length=1)
    claimant_party: Party = column("The party of the announcer.", "Announcer's party")
    source_id: Slug = column("The source in sources.csv.", "Source", max_length=80)
    note: Text | None = optional("Context and caveats.", "Note", max_length=1000)


class ExodusFigure(DecimalClaim):
    """A figure about the 2023 exodus: totals by definition, flows, demographics, provinces, response, remaining."""

    topic: Literal["total", "daily_flow", "demographic", "province", "response_plan", "remaining"] = column(
        "Which view of the exodus.", "Topic"
    )
    category: Slug = column("The definition, group or province (border_count, children, syunik ...).", "Category", max_length=80)
    unit: Slug = column("people, percent, us_dollars ...", "Unit", max_length=40)
    period: Text | None = optional("What the figure covers, in words.", "Period", max_length=120)
    as_of: PastPartialDate | None = optional("When the figure was stated or valid.", "As of")
    date_basis: DateBasis = date_basis()


class Episode(Row):
    """A war or episode on the 1988-2023 timeline, with the dates one source gives for it."""

    row_rules = rules.ends_after_start("start_date")
    ref_id: Text | None = optional("Row id in the project's research reference.", "Reference row", max_length=20)
    conflict: Conflict = column("Which war or episode.", "Episode")
    start_date: PartialDate = column("First day (or month, or year) as the source gives it.", "From")
    end_date: PartialDate | None = optional("Last day (or month, or year); empty for a single-day event.", "Until")
    date_basis: DateBasis = date_basis()
    description: Text = column("One neutral sentence on what happened, in the project's words.", "Description", max_length=600, min_length=1)
    claimed_by: Text = column("Who gives these dates.", "Dated by", max_length=300, min_length=1)
    claimant_party: Party = column("The party of whoever gives the dates.", "Party")
    source_id: Slug = column("The source in sources.csv.", "Source", max_length=80)
    note: Text | None = optional("Where accounts of the dates differ.", "Note", max_length=1000)


def dispute_subject_problem(dataset: str, subject: str, columns_of: Mapping[str, tuple[str, ...]]) -> rules.Problem | None:
    """The dispute-subject rule, declared once for both paths (the Dispute model and the vectorised validator): the
    dataset is a claims dataset (a key of `columns_of`), and the subject is 'column=value; ...' over its columns."""
    if dataset not in columns_of:
        return rules.Problem("dataset", "foreign-key", f"'dataset' names '{dataset}', which is not a dataset",
                              f"use one of: {', '.join(columns_of)}")
    allowed = columns_of[dataset]
    for part in [p.strip() for p in subject.split(";") if p.strip()]:
        column, sep, value = part.partition("=")
        if not sep or not value.strip():
            text, code = f"'{part}' is not written column=value", "constraint-error"
        elif column.strip() not in allowed:
            # It names a column of another dataset that is not there: an unknown reference, like a bad source_id.
            text, code = f"'{column.strip()}' is not a subject column of {dataset} ({', '.join(allowed)})", "foreign-key"
        else:
            continue
        return rules.Problem("subject", code, f"'subject' {text}", "write e.g. conflict=khojaly_1992; side=azerbaijani")
    return None


class Dispute(Row):
    """A documented disagreement between sources about one subject of one dataset."""

    row_rules = (rules.RowCheck(lambda row: dispute_subject_problem(row["dataset"], row["subject"], Dispute.subject_columns_of)),)
    dispute_id: Slug = column("Short stable id.", "Dispute id", max_length=80)
    dataset: Slug = column("The dataset whose claims disagree (its file name without .csv).", "Dataset", max_length=80)
    subject: Text = column(
        "Which claims, as 'column=value; column=value' over the dataset's subject columns.", "Subject", max_length=400, min_length=1
    )
    summary: Text = column("What the disagreement is, neutrally.", "Summary", max_length=1500, min_length=1)
    positions: Text = column("Who says what, short: 'Who: figure; Who: figure'.", "Positions", max_length=1500, min_length=1)
    source_ids: Text = column("The sources involved, separated by ';'.", "Sources", max_length=1000, min_length=1)
    note: Text | None = optional("Context.", "Note", max_length=1000)

    # Each claims dataset's subject columns, set by the registry (which imports this module, so cannot be imported here).
    subject_columns_of: ClassVar[Mapping[str, tuple[str, ...]]] = {}

