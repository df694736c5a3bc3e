"""Questionnaires as data: versioned, bilingual instrument files and their loader.

This package is used by the analysis library and therefore never imports
Django. The file format is described in ``docs/instruments.md``.

>>> from hjemmekontor.instruments import load_instrument
>>> inst = load_instrument("employee", 1)
>>> inst.item("ho_freq").codes[:2]
('never', 'less_than_monthly')
"""

from hjemmekontor.instruments.condition import Condition
from hjemmekontor.instruments.errors import AnswerError, InstrumentError
from hjemmekontor.instruments.instrument import Instrument
from hjemmekontor.instruments.loader import (
    available_instruments,
    latest_version,
    load_directory,
    load_file,
    load_instrument,
)
from hjemmekontor.instruments.model import Item, Option, Score, Section
from hjemmekontor.instruments.text import text

__all__ = [
    "AnswerError",
    "Condition",
    "Instrument",
    "InstrumentError",
    "Item",
    "Option",
    "Score",
    "Section",
    "available_instruments",
    "latest_version",
    "load_directory",
    "load_file",
    "load_instrument",
    "text",
]
