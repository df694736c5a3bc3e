"""The read-only REST API: the same figures as the pages, to a token, in its user's scope."""
