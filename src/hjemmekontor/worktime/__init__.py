"""Working time checked against arbeidsmiljøloven chapter 10 (a plain library).

Works only from explicit time registrations: deriving working time from
device or application activity is prohibited in Norway (FOR-2018-07-02-1108).
No Django import here; web pages and the command line call this package.

Public API::

    from hjemmekontor.worktime import check, patterns, unit_patterns, RuleConfig
    from hjemmekontor.worktime import read_registrations, read_basis
"""

from .config import RuleConfig
from .engine import CheckResult, check
from .rules import BREACH_RULES, RULES, Rule

__all__ = ["BREACH_RULES", "RULES", "CheckResult", "Rule", "RuleConfig", "check"]

from .patterns import patterns, unit_patterns

__all__ += ["patterns", "unit_patterns"]
