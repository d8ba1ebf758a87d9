"""The base of every JSON body the API accepts.

django-ninja's ``Schema`` reads fields from *attributes* of any object (so that an ORM instance
can be returned as a response), so as an input it turned ``null``, ``[]`` or ``"text"`` into an
object of defaults: ``PUT /agendas/{id}/after`` with ``null`` emptied the saved notes. An input
must be a JSON object with only the fields the schema names, each of its declared JSON type
(``false`` is not the number 0, ``"5"`` is not 5): anything else is a 422.
"""

from __future__ import annotations

import json
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, model_validator


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _only_a_json_object(cls, values: Any, handler, info):
        if not isinstance(values, dict):
            # Same shape as pydantic's own error, so clients see one format.
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("model_type", "Input should be a JSON object")
        if info.mode == "python":
            # ninja validates the parsed body as Python data, where pydantic's lax mode turns
            # booleans into numbers and strings into booleans.  Check the same data as JSON in
            # strict mode first (JSON strict mode still reads dates and UUIDs from strings).
            cls.model_validate_json(json.dumps(values), strict=True)
        return handler(values)
