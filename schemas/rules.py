"""Column rules derived from a pydantic model, so the vectorised checks never restate a column by hand."""
from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass

import annotated_types
from pydantic import BaseModel

from .cells import Cell

NUMBER_KINDS = ("int", "decimal")  # the kinds whose cells are numbers: counts and decimals


@dataclass(frozen=True)
class ColumnRule:
    name: str
    kind: str  # int | decimal | date | partial_date | datetime | bool | text | slug | url | enum
    required: bool
    allowed: tuple[str, ...] = ()
    max_length: int | None = None
    not_future: bool = False  # a date that may not lie after the day of upload


def _unwrap(annotation: object) -> list[object]:
    """The non-None members of an Optional/Union annotation."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _rule(name: str, field) -> ColumnRule:
    (annotation,) = _unwrap(field.annotation)
    kind = "text"
    allowed: tuple[str, ...] = ()
    metadata = list(field.metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        metadata += list(annotation.__metadata__)
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        kind, allowed = "enum", tuple(typing.get_args(annotation))
    not_future = False
    for item in metadata:
        if isinstance(item, Cell):
            kind, not_future = item.kind, item.not_future
    max_length = next((m.max_length for m in metadata if isinstance(m, annotated_types.MaxLen)), None)
    return ColumnRule(name, kind, field.is_required(), allowed, max_length, not_future)


@functools.cache  # a model's fields never change; the reference path asks for them on every row
def column_rules(model: type[BaseModel]) -> Mapping[str, ColumnRule]:
    return types.MappingProxyType({name: _rule(name, field) for name, field in model.model_fields.items()})
