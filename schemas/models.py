"""One pydantic row model per dataset: the single declaration of its columns, types, constraints, labels and units.

Every field's `description` says what the column holds; `json_schema_extra` carries the `label` shown on pages
and exports and the `unit` where the column has one. They are English, marked for the catalogs (N_): pages show them
with _(), the Data Package descriptor (schemas.datapackage) as they are. Empty CSV cells arrive as None.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from i18n import N_, _

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
from .cells import column_message, rule_error
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
        N_("How the date was worked out: stated (the source gives it; empty means this), published (the source's "
           "publication date), derived (computed from the source's words, which the note keeps, e.g. 'day 150 of the "
           "blockade'), approximate (the source gives it only roughly)."),
        N_("Date basis"),
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
        N_("Row id in the project's research reference (e.g. 1.01, A3.02) so a claim points back to its checked excerpt."),
        N_("Reference row"),
        max_length=20,
    )
    value_best: Count | None = optional(
        N_("The figure the source states. Empty only when the source gives a range and no central figure."), N_("Best value")
    )
    value_low: Count | None = optional(N_("Lower end of the range the source states, if any."), N_("Low"))
    value_high: Count | None = optional(N_("Upper end of the range the source states, if any."), N_("High"))
    qualifier: Qualifier | None = optional(
        N_("How the source words the figure, keeping its word: about (~, some, around), nearly (almost, approaching), "
           "more_than (>, over), at_least, up_to, as_many_as (as many as, may have), fewer_than; empty = a plain count."),
        N_("Qualifier"),
    )
    claimed_by: Text = column(
        N_("Who asserts the figure (the original claimant, not the outlet that relayed it)."), N_("Claimed by"), max_length=300, min_length=1
    )
    claimant_party: Party = column(N_("The party the claimant belongs to; it sets the colour of the claim."), N_("Claimant's party"))
    source_id: Slug = column(N_("The source in sources.csv where the figure was read."), N_("Source"), max_length=80)
    interim: Flag = optional(
        N_("true for a running count that a later figure superseded."), N_("Interim count"), default=False
    )
    note: Text | None = optional(N_("Context and caveats, in the project's own words."), N_("Note"), max_length=1000)



class DecimalClaim(Claim):
    """A claim whose value may be a decimal (percentages, tonnes, cubic metres): 0 or more, below 10^15, with at
    most 15 significant digits (what a float64 holds exactly, so ranges compare and draw as written)."""

    value_best: Decimal | None = optional(
        N_("The figure the source states. Empty only when the source gives a range and no central figure."), N_("Best value")
    )
    value_low: Decimal | None = optional(N_("Lower end of the range the source states, if any."), N_("Low"))
    value_high: Decimal | None = optional(N_("Upper end of the range the source states, if any."), N_("High"))


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
    source_id: Slug = column(N_("Short stable id that claims cite."), N_("Source id"), max_length=80)
    publisher: Text = column(N_("Who publishes the page at `url` (the site where the figure was read)."), N_("Publisher"),
                             max_length=200, min_length=1)
    title: Text = column(N_("The page's own title (the headline of the article, report or document)."), N_("Title"),
                         max_length=400, min_length=1)
    url: Url = column(N_("Where the figure was read."), N_("Link"), max_length=1000)
    published: PastPartialDate | None = optional(N_("Publication date (YYYY, YYYY-MM or YYYY-MM-DD); empty if undated."), N_("Published"))
    accessed: PastDate = column(N_("When the page was read to check the figure."), N_("Accessed"))
    kind: SourceKind = column(N_("What sort of author: government, UN agency, NGO, media, encyclopedia ..."), N_("Kind"))
    party: Party = column(N_("The party of whoever authored the content, never of the host site (the rule is on the "
                             "Source model)."), N_("Author's party"))
    grade: SourceGrade = column(
        N_("What the document is: primary (the claimant's own publication), report (a news or NGO report of someone's "
           "claim), compilation (encyclopedia, database, book summary), copy (a repost, mirror or catalogue record whose "
           "original could not be found)."),
        N_("Grade"),
    )
    original_publisher: Text | None = optional(
        N_("When the page reproduces another's work: the organisation that published the original (a wire agency, an "
           "NGO, a ministry). The page at `url` is then cited as 'read via'."), N_("Original publisher"), max_length=200)
    original_title: Text | None = optional(N_("The original's own title, when it differs from the copy's."), N_("Original title"),
                                           max_length=400)
    original_published: PastPartialDate | None = optional(N_("The original's publication date."), N_("Original published"))
    original_url: Url | None = optional(N_("The original on its publisher's own site, where it was found."), N_("Original link"),
                                        max_length=1000)
    note: Text | None = optional(N_("Caveats about the source."), N_("Note"), max_length=1000)



class Casualty(Claim):
    """Deaths, missing or wounded for one side and category of one conflict."""

    conflict: Conflict = column(N_("Which war or episode."), N_("Conflict"))
    side: Side = column(
        N_("Whose losses: armenian (Armenia and Nagorno-Karabakh), azerbaijani (Azerbaijan's own forces and civilians), "
           "russian_peacekeepers, foreign_fighters (fighters a source reports on one side who are not that state's own "
           "forces, kept apart so no chart adds them to its toll), all sides."), N_("Side")
    )
    category: Literal["military", "civilian", "total"] = column(N_("Military, civilian, or total/unspecified."), N_("Category"))
    outcome: Literal["killed", "missing", "wounded", "excess_deaths", "casualties"] = column(
        N_("killed, missing, wounded; excess_deaths for a demographic estimate; casualties where the source leaves the term undefined."),
        N_("Outcome"),
    )
    period: Text = column(N_("What the figure covers, in words (e.g. 1988-1994)."), N_("Period"), max_length=120, min_length=1)
    as_of: PastPartialDate | None = optional(N_("When the figure was stated or valid; orders running counts."), N_("As of"))
    date_basis: DateBasis = date_basis()


class Displacement(Claim):
    """People displaced: internally displaced, refugees, evacuees or returnees."""

    conflict: Conflict = column(N_("Which war or episode displaced them."), N_("Conflict"))
    group: Slug = column(N_("Who was displaced (a stable id shared by rival claims about the same people)."), N_("Group"), max_length=80)
    origin: Text | None = optional(N_("Where they came from."), N_("From"), max_length=200)
    destination: Text | None = optional(N_("Where they went."), N_("To"), max_length=200)
    status: Literal["idp", "refugee", "refugee_and_idp", "evacuee", "returnee", "displaced"] = column(
        N_("idp, refugee, refugee_and_idp, evacuee, returnee, or displaced (unspecified)."), N_("Status")
    )
    period: Text | None = optional(N_("What the figure covers, in words."), N_("Period"), max_length=120)
    as_of: PastPartialDate | None = optional(N_("When the figure was stated or valid."), N_("As of"))
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
    ] = column(N_("The moment the population figure describes."), N_("Reference point"))
    group: Literal["all", "armenians", "azerbaijanis", "children", "older_people", "people_with_disabilities"] = column(
        N_("Which part of the population."), N_("Group")
    )
    period: Text | None = optional(N_("What the figure covers, in words."), N_("Period"), max_length=120)
    as_of: PastPartialDate | None = optional(N_("When the figure was stated or valid."), N_("As of"))
    date_basis: DateBasis = date_basis()


class Peacekeepers(Claim):
    """Strength of the Russian peacekeeping contingent deployed under the 10 November 2020 statement."""

    measure: Literal["personnel", "armoured_personnel_carriers", "other_vehicles", "vehicles"] = column(
        N_("What is counted."), N_("Measure")
    )
    basis: Literal["agreed", "deployed", "reported"] = column(
        N_("agreed in the statement, announced at deployment, or reported by media."), N_("Basis")
    )
    as_of: PastPartialDate | None = optional(N_("When the figure was stated."), N_("As of"))
    date_basis: DateBasis = date_basis()


class BlockadeEvent(Row):
    """A dated event of the Lachin (Berdzor) corridor blockade, as one source reports it."""

    row_rules = rules.ends_after_start("date")
    ref_id: Text | None = optional(N_("Row id in the project's research reference (e.g. A1.03)."), N_("Reference row"), max_length=20)
    date: Date = column(N_("First day of the event."), N_("Date"))
    end_date: Date | None = optional(N_("Last day, for events that lasted."), N_("Until"))
    event_type: EventType = column(N_("What kind of event."), N_("Event type"))
    description: Text = column(N_("One neutral sentence saying who reports what."), N_("Event"), max_length=600, min_length=1)
    date_note: Text | None = optional(N_("Where accounts differ on the date."), N_("Date note"), max_length=300)
    date_basis: DateBasis = date_basis()
    claimed_by: Text = column(N_("Who reports the event."), N_("Reported by"), max_length=300, min_length=1)
    claimant_party: Party = column(N_("The party the reporter belongs to."), N_("Reporter's party"))
    source_id: Slug = column(N_("The source in sources.csv."), N_("Source"), max_length=80)
    note: Text | None = optional(N_("Context and caveats."), N_("Note"), max_length=1000)



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
    ] = column(N_("Which part of the blockade's effects."), N_("Topic"))
    commodity: Slug = column(N_("What is counted (goods, vehicles, patients, bread ...)."), N_("Commodity"), max_length=80)
    metric: Slug = column(N_("How it is counted (tonnes_per_day, patients_transferred_cumulative ...)."), N_("Metric"), max_length=80)
    unit: Text = column(N_("Unit of the value, in words."), N_("Unit"), max_length=60, min_length=1)
    period: Literal["before_blockade", "during_blockade", "point_in_time"] = column(
        N_("Whether the figure describes normal times before the blockade or the blockade itself."), N_("Period")
    )
    as_of: PastPartialDate | None = optional(N_("The date the figure refers to."), N_("As of"))
    date_basis: DateBasis = date_basis()


class RefugeeArrival(Row):
    """One official announcement of how many people had arrived in Armenia from Nagorno-Karabakh since 24 Sep 2023."""

    ref_id: Text | None = optional(N_("Row id in the project's research reference (e.g. B1.04)."), N_("Reference row"), max_length=20)
    reported_at: DateTime = column(
        N_("When the count was announced, local time with offset (2023-09-26T08:00+04:00), or the date alone."), N_("Announced")
    )
    date_basis: DateBasis = date_basis()
    value_best: Count = column(
        N_("Cumulative number of people who had arrived: a whole number of at most 12 digits."), N_("Arrivals (cumulative)"), unit=N_("people")
    )
    qualifier: Qualifier | None = optional(N_("How the source words the figure; empty = a count."), N_("Qualifier"))
    claimed_by: Text = column(N_("Who announced the count."), N_("Announced by"), max_length=300, min_length=1)
    claimant_party: Party = column(N_("The party of the announcer."), N_("Announcer's party"))
    source_id: Slug = column(N_("The source in sources.csv."), N_("Source"), max_length=80)
    note: Text | None = optional(N_("Context and caveats."), N_("Note"), max_length=1000)


class ExodusFigure(DecimalClaim):
    """A figure about the 2023 exodus: totals by definition, flows, demographics, provinces, response, remaining."""

    topic: Literal["total", "daily_flow", "demographic", "province", "response_plan", "remaining"] = column(
        N_("Which view of the exodus."), N_("Topic")
    )
    category: Slug = column(N_("The definition, group or province (border_count, children, syunik ...)."), N_("Category"), max_length=80)
    unit: Slug = column(N_("people, percent, us_dollars ..."), N_("Unit"), max_length=40)
    period: Text | None = optional(N_("What the figure covers, in words."), N_("Period"), max_length=120)
    as_of: PastPartialDate | None = optional(N_("When the figure was stated or valid."), N_("As of"))
    date_basis: DateBasis = date_basis()


class Episode(Row):
    """A war or episode on the 1988-2023 timeline, with the dates one source gives for it."""

    row_rules = rules.ends_after_start("start_date")
    ref_id: Text | None = optional(N_("Row id in the project's research reference."), N_("Reference row"), max_length=20)
    conflict: Conflict = column(N_("Which war or episode."), N_("Episode"))
    start_date: PartialDate = column(N_("First day (or month, or year) as the source gives it."), N_("Start"))
    end_date: PartialDate | None = optional(N_("Last day (or month, or year); empty for a single-day event."), N_("End"))
    date_basis: DateBasis = date_basis()
    description: Text = column(N_("One neutral sentence on what happened, in the project's words."), N_("Description"), max_length=600, min_length=1)
    claimed_by: Text = column(N_("Who gives these dates."), N_("Dated by"), max_length=300, min_length=1)
    claimant_party: Party = column(N_("The party of whoever gives the dates."), N_("Party"))
    source_id: Slug = column(N_("The source in sources.csv."), N_("Source"), max_length=80)
    note: Text | None = optional(N_("Where accounts of the dates differ."), N_("Note"), max_length=1000)


def dispute_subject_problem(dataset: str, subject: str, columns_of: Mapping[str, tuple[str, ...]]) -> rules.Problem | None:
    """The dispute-subject rule, declared once for both paths (the Dispute model and the vectorised validator): the
    dataset is a claims dataset (a key of `columns_of`), and the subject is 'column=value; ...' over its columns."""
    if dataset not in columns_of:
        # Translators: after "'dataset' "; {dataset} is what the cell holds.
        problem = _("names '{dataset}', which is not a dataset").format(dataset=dataset)
        # Translators: {datasets} lists the datasets' names.
        return rules.Problem("dataset", "foreign-key", column_message("dataset", problem),
                             _("use one of: {datasets}").format(datasets=", ".join(columns_of)))
    allowed = columns_of[dataset]
    for part in [p.strip() for p in subject.split(";") if p.strip()]:
        column, sep, value = part.partition("=")
        if not sep or not value.strip():
            # Translators: after "'subject' "; {part} is a part of the cell; column=value is the form it must take.
            text, code = _("'{part}' is not written column=value").format(part=part), "constraint-error"
        elif column.strip() not in allowed:
            # It names a column of another dataset that is not there: an unknown reference, like a bad source_id.
            # Translators: after "'subject' "; {column} is a column name, {dataset} a dataset's name, {columns} lists
            # the dataset's subject columns.
            text = _("'{column}' is not a subject column of {dataset} ({columns})").format(
                column=column.strip(), dataset=dataset, columns=", ".join(allowed))
            code = "foreign-key"
        else:
            continue
        # Translators: an example of a subject cell: keep conflict=khojaly_1992; side=azerbaijani as it is.
        return rules.Problem("subject", code, column_message("subject", text),
                             _("write e.g. conflict=khojaly_1992; side=azerbaijani"))
    return None


class Dispute(Row):
    """A documented disagreement between sources about one subject of one dataset."""

    row_rules = (rules.RowCheck(lambda row: dispute_subject_problem(row["dataset"], row["subject"], Dispute.subject_columns_of)),)
    dispute_id: Slug = column(N_("Short stable id."), N_("Dispute id"), max_length=80)
    dataset: Slug = column(N_("The dataset whose claims disagree (its file name without .csv)."), N_("Dataset"), max_length=80)
    subject: Text = column(
        N_("Which claims, as 'column=value; column=value' over the dataset's subject columns."), N_("Subject"), max_length=400, min_length=1
    )
    summary: Text = column(N_("What the disagreement is, neutrally."), N_("Summary"), max_length=1500, min_length=1)
    positions: Text = column(N_("Who says what, short: 'Who: figure; Who: figure'."), N_("Positions"), max_length=1500, min_length=1)
    source_ids: Text = column(N_("The sources involved, separated by ';'."), N_("Sources"), max_length=1000, min_length=1)
    note: Text | None = optional(N_("Context."), N_("Note"), max_length=1000)

    # Each claims dataset's subject columns, set by the registry (which imports this module, so cannot be imported here).
    subject_columns_of: ClassVar[Mapping[str, tuple[str, ...]]] = {}

