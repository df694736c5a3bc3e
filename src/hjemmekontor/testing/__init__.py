"""Test and benchmark tooling that needs real services (a throwaway PostgreSQL)."""
