"""Every dataset's model: its minimal row is valid by both paths, each enum rejects a value outside it, and every
column carries the description and label that pages and exports read."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas import models
from schemas.reader import all_rows, read_table
from schemas.registry import DATASETS, DATASETS_DIR, UnknownDataset, get_spec
from schemas.row_by_row import issues_by_pydantic
from schemas.rules import column_rules
from schemas.validate import validate_csv

ENUM_COLUMNS = [
    (name, column, rule.allowed)
    for name, spec in DATASETS.items()
    for column, rule in column_rules(spec.model).items()
    if rule.kind == "enum"
]


def test_every_dataset_has_a_minimal_valid_row(valid_rows):
    assert set(valid_rows) == set(DATASETS)


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_the_minimal_row_is_valid_through_validate_csv(dataset, make_row, make_csv, source_ids):
    report = validate_csv(make_csv(dataset, [make_row(dataset)]), dataset, source_ids=source_ids)

    assert report.flat() == []
    assert (report.ok, report.rows, report.table.column_names) == (True, 1, DATASETS[dataset].columns)


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_the_minimal_row_is_valid_through_the_model(dataset, valid_rows, make_row):
    model = DATASETS[dataset].model

    # as the reader gives it (every column, empty cells as "") and as a caller might (required columns only)
    for record in (make_row(dataset), valid_rows[dataset]):
        dumped = model.model_validate(record).model_dump(mode="json")
        assert {name: str(dumped[name]) for name in valid_rows[dataset]} == valid_rows[dataset]


@pytest.mark.parametrize(("dataset", "column", "allowed"), ENUM_COLUMNS, ids=[f"{d}.{c}" for d, c, _ in ENUM_COLUMNS])
def test_a_value_outside_each_enum_is_rejected_by_both_paths(dataset, column, allowed, make_row, make_csv):
    spec = DATASETS[dataset]
    data = make_csv(dataset, [make_row(dataset, **{column: "not_a_" + column})])

    report = validate_csv(data, dataset)
    by_model = [(i.line, i.column, i.code) for i in issues_by_pydantic(*all_rows(read_table(data, spec)), spec)]

    assert report.flat() == by_model == [(2, column, "constraint-error")]
    assert report.errors[0].message == f"'{column}' must be one of: {', '.join(allowed)}"
    with pytest.raises(ValidationError) as error:
        spec.model.model_validate(make_row(dataset, **{column: "not_a_" + column}))
    assert [(e["loc"], e["type"]) for e in error.value.errors()] == [((column,), "literal_error")]


@pytest.mark.parametrize(("dataset", "column", "allowed"), ENUM_COLUMNS, ids=[f"{d}.{c}" for d, c, _ in ENUM_COLUMNS])
def test_every_value_of_each_enum_is_accepted(dataset, column, allowed, make_row, make_csv):
    rows = [make_row(dataset, **{column: value}) for value in allowed]
    if dataset == "disputes" and column == "dataset":  # the subject must name a subject (else key) column of it
        subject = {name: (spec.subject_columns or spec.key_columns)[0] for name, spec in DATASETS.items()}
        rows = [dict(row, subject=f"{subject[row['dataset']]}=x") for row in rows]

    report = validate_csv(make_csv(dataset, rows), dataset)

    assert [t for t in report.flat() if t[2] != "primary-key"] == []


@pytest.mark.parametrize(("dataset", "column", "default"), [("casualties", "interim", False), ("episodes", "date_basis", "stated")])
def test_an_empty_optional_cell_takes_the_column_default(dataset, column, default, make_row):
    row = DATASETS[dataset].model.model_validate(make_row(dataset, **{column: " "}))

    assert getattr(row, column) == default


def test_a_row_with_a_column_the_model_does_not_know_is_rejected(make_row):
    with pytest.raises(ValidationError) as error:
        models.Casualty.model_validate(dict(make_row("casualties"), colour="red"))

    assert [e["type"] for e in error.value.errors()] == ["extra_forbidden"]


def test_the_claim_range_rule_lives_in_the_model(make_row):
    with pytest.raises(ValidationError) as error:
        models.Casualty.model_validate(make_row("casualties", value_low="7000"))
    # the report code travels as pydantic's error type and the column in its context, never inside the message
    (detail,) = error.value.errors()
    assert (detail["type"], detail["ctx"], detail["msg"]) == \
        ("row-constraint", {"column": "value_low"}, "'value_low' is greater than value_best")


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_column_has_a_description_and_a_label(dataset):
    for name, field in DATASETS[dataset].model.model_fields.items():
        assert field.description, f"{dataset}.{name} has no description"
        assert (field.json_schema_extra or {}).get("label"), f"{dataset}.{name} has no label"


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_the_column_order_lists_each_model_field_once_and_the_keys_are_columns(dataset):
    spec = DATASETS[dataset]

    assert sorted(spec.columns) == sorted(spec.model.model_fields)
    assert set(spec.key_columns) <= set(spec.columns)
    assert set(spec.subject_columns) <= set(spec.columns)


def test_an_unknown_dataset_names_the_known_ones():
    with pytest.raises(UnknownDataset) as error:
        get_spec("casualty")

    assert str(error.value) == ("There is no dataset named 'casualty'. Did you mean 'casualties'? Known datasets: sources, casualties, "
                                "displacement, population, peacekeepers, blockade_events, blockade_supplies, "
                                "refugee_arrivals_2023, exodus_figures, episodes, disputes.")


@pytest.mark.parametrize(("vocabulary", "labels"), [("Side", "SIDE_LABELS"), ("EventType", "EVENT_TYPE_LABELS"),
                                                    ("Party", "PARTY_LABELS"), ("Conflict", "CONFLICT_LABELS")])
def test_every_value_of_a_vocabulary_has_its_label_beside_it(vocabulary, labels):
    import typing

    from schemas import vocab

    assert list(getattr(vocab, labels)) == list(typing.get_args(getattr(vocab, vocabulary)))


@pytest.mark.parametrize("dataset, subject, column, code", [
    ("casualties", "no equals sign", "subject", "constraint-error"),
    ("casualties", "conflict=khojaly_1992; group=all", "subject", "foreign-key"),  # a displacement column
    ("casualtis", "conflict=khojaly_1992", "dataset", "foreign-key"),
])
def test_the_dispute_subject_rule_is_the_models_too(make_row, make_csv, dataset, subject, column, code):
    """Declared once (models.dispute_subject_problem): the model refuses what the vectorised path refuses."""
    row = make_row("disputes", dataset=dataset, subject=subject)
    with pytest.raises(ValidationError) as error:
        models.Dispute.model_validate(row)
    (detail,) = error.value.errors()
    assert (detail["type"], detail["ctx"]["column"]) == (code, column)
    assert (2, column, code) in validate_csv(make_csv("disputes", [row]), "disputes").flat()


def test_row_rules_are_declared_once_on_the_model_and_no_model_writes_its_own_validator():
    """Row.row_rules holds each rule (an expression or a one-row check) that both paths run; no model carries a
    row validator of its own that the validator could not see."""
    from schemas.row_rules import RowCheck, RowRule

    for spec in DATASETS.values():
        assert all(isinstance(rule, RowRule | RowCheck) for rule in spec.model.row_rules), spec.name
        after = [name for name, d in spec.model.__pydantic_decorators__.model_validators.items() if d.info.mode == "after"]
        assert after == [], (spec.name, after)
    assert {spec.name for spec in DATASETS.values() if spec.model.row_rules} == {
        "casualties", "displacement", "population", "peacekeepers", "blockade_supplies", "exodus_figures", "sources",
        "blockade_events", "episodes", "disputes"}


def test_the_dispute_model_knows_every_claims_datasets_subject_columns_however_it_is_imported():
    import subprocess
    import sys

    code = "from schemas.models import Dispute; print(sorted(Dispute.subject_columns_of))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=DATASETS_DIR.parent).stdout
    assert eval(out) == sorted(n for n in DATASETS if n not in ("sources", "disputes"))
