"""Synthetic organisations that behave like the AFI home-office findings.

A plain library (numpy and polars, no Django): the demo, the tests and the
benchmarks all take their data from here. Everything is reproducible from an
integer seed. See ``docs/synth.md`` for the generating model.

>>> from hjemmekontor.synth import generate_organisation, generate_responses
>>> org = generate_organisation(500, seed=1)
>>> answers = {r: generate_responses(org, r, seed=1) for r in (1, 2)}
>>> sorted(answers[2])
['employee', 'manager', 'representative']
"""

from hjemmekontor.synth.organisation import MAX_SIZE, MIN_SIZE, Organisation, generate_organisation
from hjemmekontor.synth.output import GENERATOR_VERSION, margins, write_files
from hjemmekontor.synth.population import ROUNDS, Round
from hjemmekontor.synth.responses import BACKGROUND, LOADER_ONLY, generate_responses
from hjemmekontor.synth.variables import INSTRUMENTS

__all__ = [
    "BACKGROUND",
    "GENERATOR_VERSION",
    "INSTRUMENTS",
    "LOADER_ONLY",
    "MAX_SIZE",
    "MIN_SIZE",
    "ROUNDS",
    "Organisation",
    "Round",
    "generate_organisation",
    "generate_responses",
    "margins",
    "write_files",
]
