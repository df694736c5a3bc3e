"""The JSON column that holds computed results, written and read with orjson.

A round's results are a few megabytes of JSON per questionnaire, written once
when the round is computed and read on every page view of a unit. With the
standard library's encoder, writing them was about a tenth of computing a round
(``docs/benchmarks.md``); orjson does the same in a fraction of the time.

The stored text is the same JSON: orjson writes NaN and infinity as ``null``
(the results hold none, ``analysis.results`` cleans them out, and the standard
encoder would have written invalid JSON), numpy scalars as numbers, and
non-string keys as strings, as ``json.dumps`` does.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.db import models

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> str:
    """``value`` as JSON text, as :class:`PayloadField` stores it."""
    return orjson.dumps(value, option=_OPTIONS).decode("utf-8")


class PayloadField(models.JSONField):
    """A ``JSONField`` whose values are encoded and decoded with orjson."""

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb(value, dumps=dumps)
        return dumps(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not isinstance(value, (str, bytes)):
            # None, or a key transform's value that the backend already extracted.
            return value
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
            return super().from_db_value(text, expression, connection)
