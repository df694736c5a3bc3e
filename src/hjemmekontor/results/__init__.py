"""Results people can read: stored analysis results per closed round, unit pages, heat map."""
