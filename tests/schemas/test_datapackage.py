"""datasets/datapackage.json: generated from the models, in sync with them, and read by frictionless (the Data
Package tool HDX and Open Data Editor use) with every shipped resource valid and every planted error found."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from schemas.datapackage import PACKAGE_FILE, descriptor_text, package
from schemas.registry import DATASETS, DATASETS_DIR, get_spec
from schemas.rules import column_rules

frictionless = pytest.importorskip("frictionless")


def test_the_shipped_descriptor_is_what_the_models_generate():
    assert PACKAGE_FILE.read_text(encoding="utf-8") == descriptor_text(package()), "run: python -m schemas.datapackage"


def test_every_dataset_is_a_resource_with_every_column_its_type_and_its_keys():
    resources = {r["name"]: r for r in json.loads(PACKAGE_FILE.read_text(encoding="utf-8"))["resources"]}
    assert list(resources) == list(DATASETS)
    for name, spec in DATASETS.items():
        schema = resources[name]["schema"]
        assert [f["name"] for f in schema["fields"]] == spec.columns
        assert schema["primaryKey"] == list(spec.key_columns)
        rules = column_rules(spec.model)
        for f in schema["fields"]:
            rule = rules[f["name"]]
            assert f.get("constraints", {}).get("required", False) == rule.required
            assert f.get("constraints", {}).get("enum", []) == list(rule.allowed)
            assert f["type"] == {"int": "integer", "decimal": "number", "date": "date", "bool": "boolean"}.get(rule.kind, "string")
            assert f.get("description"), f"{name}.{f['name']} has no description"
    assert resources["casualties"]["schema"]["foreignKeys"] == [
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}]


def test_frictionless_finds_every_shipped_resource_valid():
    """The command a colleague would type, as CI runs it."""
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", "datapackage.json", "--json"],
                          cwd=DATASETS_DIR, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert [(t["name"], t["valid"]) for t in report["tasks"]] == [(name, True) for name in DATASETS], report["errors"]
    assert done.returncode == 0


def test_frictionless_finds_what_our_validator_refuses(tmp_path):
    """The descriptor is not a formality: a negative count, an unknown side, a source that does not exist, a flag
    that is not true/false and a repeated key are each an error frictionless reports on its row."""
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS_DIR, folder)
    path = folder / "casualties.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    rows[1][header.index("value_best")] = "-5"
    rows[2][header.index("side")] = "martian"
    rows[3][header.index("source_id")] = "no_such_source"
    rows[4][header.index("interim")] = "maybe"
    rows[6] = list(rows[5])
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [
        [2, "value_best", "constraint-error"], [3, "side", "constraint-error"], [4, None, "foreign-key"],
        [5, "interim", "type-error"], [7, None, "primary-key"]]


def test_an_export_package_describes_the_versions_it_holds():
    descriptor = package(versions={"casualties": 7}, paths={"casualties": "data/casualties.csv"}, names=["casualties", "sources"])
    [casualties, sources] = descriptor["resources"]
    assert (casualties["version"], casualties["path"], sources["version"]) == ("7", "data/casualties.csv", "1")
    assert get_spec("casualties").title == casualties["title"]
