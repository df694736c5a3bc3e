"""The demo organisation in the database, loaded through the web app's own actions.

``hjemmekontor start`` calls :func:`load_demo` when the database has no units:
an organisation of about 400 employees from :mod:`hjemmekontor.synth`, imported
as an HR file; two closed survey rounds a year apart with their answers
submitted on their own dates; one open round with a few answers in; and logins
with a known password for an HMS adviser, two managers, a safety and a union
representative and an employee. See ``docs/demo.md``.

>>> from hjemmekontor.demo import load_demo          # doctest: +SKIP
>>> summary = load_demo()                             # doctest: +SKIP
>>> print("\\n".join(summary.lines()))                 # doctest: +SKIP
"""

from hjemmekontor.demo.errors import DemoLoadError
from hjemmekontor.demo.loading import (
    DEFAULT_SEED,
    DEFAULT_SIZE,
    clear_demo,
    demo_state,
    load_demo,
)
from hjemmekontor.demo.personas import DEMO_PASSWORD, PERSONAS, Persona
from hjemmekontor.demo.register import DEMO_FILENAME
from hjemmekontor.demo.summary import DemoLogin, DemoRound, DemoSummary, demo_summary

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_SIZE",
    "DEMO_FILENAME",
    "DEMO_PASSWORD",
    "PERSONAS",
    "DemoLoadError",
    "DemoLogin",
    "DemoRound",
    "DemoSummary",
    "Persona",
    "clear_demo",
    "demo_state",
    "demo_summary",
    "load_demo",
]
