"""The reference path: every row through the pydantic model. Slow on big files; used to prove the vectorised
checks give the same findings, and handy for reading one row's problems in a debugger."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
from pydantic import ValidationError

from .registry import DatasetSpec
from .report import Code, ValidationIssue

_CODES = {code.value for code in Code}


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
    """Our rules raise their report code as the error type (cells.rule_error); pydantic's own types map to ours."""
    column = (detail.get("ctx") or {}).get("column") or (str(detail["loc"][0]) if detail["loc"] else None)
    if detail["type"] in _CODES:
        code = detail["type"]
    elif detail["type"] in ("literal_error", "string_too_long", "too_long", "missing") or detail.get("input") is None:
        code = Code.CONSTRAINT_ERROR.value
    else:
        code = Code.TYPE_ERROR.value
    return ValidationIssue(code, str(detail.get("msg", "")), line, column, record.get(column) if column else None)
