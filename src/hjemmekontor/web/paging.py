"""Long lists a page at a time (``?side=N``), keeping the page's other filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

__all__ = ["PAGE_PARAMETER", "paged"]

PAGE_PARAMETER = "side"


def paged(
    request: HttpRequest, items: Sequence[Any], per_page: int
) -> tuple[Page, dict[str, str | None]]:
    """The requested page of ``items`` and the links to the previous and next
    page, with the query's other parameters (period, filters) kept."""
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAMETER))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[PAGE_PARAMETER] = str(number)
        return f"?{query.urlencode()}"

    return page, {
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "next": link(page.next_page_number()) if page.has_next() else None,
    }
