"""The base of every JSON body the API accepts.

django-ninja's ``Schema`` reads fields from *attributes* of any object (so that an ORM instance
can be returned as a response), so as an input it turned ``null``, ``[]`` or ``"text"`` into an
object of defaults: ``PUT /agendas/{id}/after`` with ``null`` emptied the saved notes. An input
must be a JSON object with only the fields the schema names, each of its declared JSON type
(``false`` is not the number 0, ``"5"`` is not 5): anything else is a 422.
"""

from __future__ import annotations

import json
import types
import typing
from functools import cache
from typing import Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict, create_model, model_validator
from pydantic_core import PydanticCustomError


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _only_a_json_object(cls, values: Any, handler, info):
        if not isinstance(values, dict):
            raise PydanticCustomError("model_type", "Input should be a JSON object")
        # ninja validates the parsed body as Python data, where pydantic's lax mode turns
        # booleans into numbers and strings into booleans.  Check the same data as JSON against
        # a plain strict twin first (JSON strict mode still reads dates and UUIDs from strings).
        _strict_twin(cls).model_validate_json(json.dumps(values))
        return handler(values)


@cache
def _strict_twin(cls: type[InputSchema]) -> type[BaseModel]:
    fields = {
        name: (_twin_type(field.annotation), field if not field.is_required() else ...)
        for name, field in cls.model_fields.items()
    }
    return create_model(f"{cls.__name__}Strict", __config__=ConfigDict(strict=True, extra="forbid"), **fields)


def _twin_type(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, InputSchema):
        return _strict_twin(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if not args:
        return annotation
    twins = tuple(_twin_type(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[twins]  # noqa: UP007
    if origin is typing.Annotated:
        return annotation
    return origin[twins] if len(twins) > 1 else origin[twins[0]]
