"""Nynorsk: ``2. des. 2026`` in text, ``02.12.2026`` in tables, as bokmål (see the package)."""

DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
