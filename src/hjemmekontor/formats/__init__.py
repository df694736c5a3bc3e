"""One date format per language (``FORMAT_MODULE_PATH``).

Running text: ``2. des. 2026`` in bokmål, ``2 Dec 2026`` in English; tables and
forms: ``02.12.2026`` in both. Templates ask for ``DATE_FORMAT``,
``DATETIME_FORMAT``, ``SHORT_DATE_FORMAT`` or ``SHORT_DATETIME_FORMAT`` instead
of spelling a format out.
"""
