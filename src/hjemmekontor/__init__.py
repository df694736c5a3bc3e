"""Hjemmekontor: home office mapping and HMS follow-up."""

__version__ = "0.1.0.dev0"
