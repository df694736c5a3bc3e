"""The HMS pages, one module per part of the follow-up."""
