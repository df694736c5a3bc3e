"""Browser fixtures live in tests/browsing.py (registered by tests/conftest.py)."""

from tests.browsing import assert_no_axe_violations, browser, page

__all__ = ["assert_no_axe_violations", "browser", "page"]
