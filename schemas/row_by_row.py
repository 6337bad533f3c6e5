"""The reference path: every row through the pydantic model. Slow on big files; used to prove the vectorised
checks give the same findings, and handy for reading one row's problems in a debugger."""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
from pydantic import ValidationError

from .registry import DatasetSpec
from .report import Code, ValidationIssue

_TAGGED = re.compile(r"\[([a-z-]+)(?::(\w+))?\] (.*)", re.S)


def issues_by_pydantic(table: pa.Table, lines: np.ndarray, spec: DatasetSpec) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    for index, record in enumerate(table.to_pylist()):
        try:
            spec.model.model_validate(record)
        except ValidationError as error:
            for detail in error.errors():
                issues.append(_issue(detail, int(lines[index]), record))
    return issues


def _issue(detail: dict, line: int, record: dict) -> ValidationIssue:
    column = str(detail["loc"][0]) if detail["loc"] else None
    message = str(detail.get("msg", ""))
    tagged = _TAGGED.search(message)
    if tagged:
        code, tagged_column, text = tagged.groups()
        column = tagged_column or column
    elif detail["type"] in ("literal_error", "string_too_long", "too_long", "missing") or detail.get("input") is None:
        code, text = Code.CONSTRAINT_ERROR.value, message
    else:
        code, text = Code.TYPE_ERROR.value, message
    return ValidationIssue(code, text, line, column, record.get(column) if column else None)
