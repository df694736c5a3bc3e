"""Survey analysis for Hjemmekontor: weights, estimates, indicators, findings.

A plain library (numpy, polars, scipy; never Django). The public
facade is :mod:`hjemmekontor.analysis.api`.
"""
