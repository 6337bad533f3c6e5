"""The datasets as a Frictionless Data Package (v2, Table Schema): generated from the models and the registry, so
other tools (frictionless, Open Data Editor, HDX, R's frictionless) read the files with our types instead of
guessing them. datasets/datapackage.json is this module's output, kept in sync by a test:

    python -m schemas.datapackage            # rewrite datasets/datapackage.json
    python -m schemas.datapackage --check    # exit 1 if it is out of date
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cells import DATETIME_PATTERN, PARTIAL_DATE_PATTERN, SLUG_PATTERN
from .io import read_text_csv
from .registry import DATASETS, DATASETS_DIR, SOURCE_REFERENCES, SOURCES, DatasetSpec, get_spec
from .rules import NUMBER_KINDS, ColumnRule, column_rules

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLE_SCHEMA = "https://datapackage.org/profiles/2.0/tableschema.json"
PACKAGE_FILE = DATASETS_DIR / "datapackage.json"
NAME = "karabakh-displacement-dashboard"
TITLE = "Karabakh displacement dashboard: deaths, displacement, blockade and exodus, every figure with its source"
LICENSE = {
    "name": "other-at",
    "title": "Each figure's licence is its source's (see the sources resource); the compilation may be reused with attribution",
}
# Table Schema types for the kinds of column_rules; a kind Table Schema has no type for is a string with a pattern.
TYPES = {"int": "integer", "decimal": "number", "date": "date", "bool": "boolean"}
PATTERNS = {"partial_date": PARTIAL_DATE_PATTERN, "datetime": DATETIME_PATTERN, "slug": SLUG_PATTERN}


def field(spec: DatasetSpec, rule: ColumnRule) -> dict:
    """One Table Schema field: type, format, description and the constraints the validator enforces."""
    model_field = spec.model.model_fields[rule.name]
    out: dict = {"name": rule.name, "title": spec.label(rule.name), "type": TYPES.get(rule.kind, "string")}
    if model_field.description:
        out["description"] = model_field.description
    if spec.unit(rule.name):
        out["unit"] = spec.unit(rule.name)
    if rule.kind == "url":
        out["format"] = "uri"
    if rule.kind == "bool":
        out["trueValues"], out["falseValues"] = ["true"], ["false"]
    constraints: dict = {}
    if rule.required:
        constraints["required"] = True
    if rule.kind in NUMBER_KINDS:
        constraints["minimum"] = 0
    if rule.allowed:
        constraints["enum"] = list(rule.allowed)
    if rule.kind in PATTERNS:
        constraints["pattern"] = PATTERNS[rule.kind].removeprefix("^").removesuffix("$")  # Table Schema anchors it
    if rule.max_length:
        constraints["maxLength"] = rule.max_length
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(spec: DatasetSpec) -> dict:
    rules = column_rules(spec.model)
    schema: dict = {"$schema": TABLE_SCHEMA, "fields": [field(spec, rules[c]) for c in spec.columns], "missingValues": [""]}
    if spec.key_columns:
        schema["primaryKey"] = list(spec.key_columns)
    # A single source id is a foreign key; a list of them in one cell (source_ids) is not one Table Schema can state.
    keys = [c for c, separator in SOURCE_REFERENCES.items() if c in spec.columns and separator is None and spec.name != SOURCES]
    if keys:
        schema["foreignKeys"] = [{"fields": [c], "reference": {"resource": SOURCES, "fields": ["source_id"]}} for c in keys]
    return schema


def resource(spec: DatasetSpec, version: int, path: str | None = None) -> dict:
    """One dataset's file at one of the dashboard's versions (the shipped files are version 1 of each)."""
    return {"$schema": RESOURCE_PROFILE, "name": spec.name, "path": path or spec.file_name, "title": spec.title,
            "type": "table", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"header": True, "delimiter": ","}, "version": str(version), "schema": table_schema(spec)}


def sources_list(sources_csv: bytes) -> list[dict]:
    """Every cited source as a Data Package source: the original publication where known, else where it was read."""
    rows = read_text_csv(sources_csv, get_spec(SOURCES))
    out = []
    for row in rows.to_dict("records"):
        publisher = row["original_publisher"] or row["publisher"]
        title = row["original_title"] or row["title"]
        entry = {"title": f"{publisher}: {title}", "path": row["original_url"] or row["url"]}
        if row["original_url"] and row["url"] != row["original_url"]:
            entry["description"] = f"Read at {row['url']}"
        out.append(entry)
    return out


def package(versions: dict[str, int] | None = None, paths: dict[str, str] | None = None,
            sources_csv: bytes | None = None, names: list[str] | None = None) -> dict:
    """The descriptor for `names` (default every dataset) at `versions` (default 1), files at `paths`."""
    names = names or list(DATASETS)
    versions, paths = versions or {}, paths or {}
    sources_csv = sources_csv if sources_csv is not None else (DATASETS_DIR / get_spec(SOURCES).file_name).read_bytes()
    return {
        "$schema": PROFILE,
        "name": NAME,
        "title": TITLE,
        "description": "What is known, and who says it, about the Nagorno-Karabakh conflict. One row per claim: a "
                       "number as one source states it. Where sources disagree every claim is kept and the disputes "
                       "resource names the disagreement.",
        "licenses": [LICENSE],
        "keywords": ["Nagorno-Karabakh", "displacement", "casualties", "refugees", "IDPs", "Lachin corridor", "humanitarian"],
        "resources": [resource(get_spec(n), versions.get(n, 1), paths.get(n)) for n in names],
        "sources": sources_list(sources_csv),
    }


def descriptor_text(descriptor: dict) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m schemas.datapackage", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if datasets/datapackage.json is out of date")
    parser.add_argument("--out", type=Path, default=PACKAGE_FILE)
    args = parser.parse_args(argv)
    text = descriptor_text(package())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python -m schemas.datapackage", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text):,} bytes, {len(DATASETS)} resources)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
