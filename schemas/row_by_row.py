"""The reference path: every row through the pydantic model. Slow on big files; used to prove the validator gives
the same findings, and handy for reading one row's problems in a debugger."""
from __future__ import annotations

import numpy as np
import polars as pl
from pydantic import ValidationError

from .cell_rules import ENUM, REQUIRED, TOO_LONG
from .registry import DatasetSpec
from .report import ValidationIssue
from .rules import column_rules

# pydantic's own checks of a field (its vocabulary, max_length, a required value), as the rules that declare them.
PYDANTIC_RULES = {"literal_error": ENUM, "string_too_long": TOO_LONG, "too_long": TOO_LONG, "missing": REQUIRED}


def issues_by_pydantic(frame: pl.DataFrame, lines: np.ndarray, spec: DatasetSpec) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    rules = column_rules(spec.model)
    for index, record in enumerate(frame.to_dicts()):
        try:
            spec.model.model_validate(record)
        except ValidationError as error:
            for detail in error.errors():
                # Our rules raise their report code as the error type and their column in the context (cells.rule_error).
                column = (detail.get("ctx") or {}).get("column") or str(detail["loc"][0])
                declared = PYDANTIC_RULES.get(detail["type"])
                code, message = (declared.code.value, declared.message_for(rules[column])) if declared else (detail["type"], detail["msg"])
                issues.append(ValidationIssue(code, message, int(lines[index]), column, record.get(column)))
    return issues
