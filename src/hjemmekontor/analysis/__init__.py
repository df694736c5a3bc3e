"""Survey analysis for Hjemmekontor: weights, estimates, indicators, findings.

A plain library (numpy, polars, scipy, statsmodels; never Django). The public
facade is :mod:`hjemmekontor.analysis.api`.
"""
