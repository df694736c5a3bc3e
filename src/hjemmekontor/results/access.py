"""Who may see which unit's results. Every results view asks `visible_unit_codes`.

* admin (HMS adviser) and AMU members: the whole organisation and every unit;
* a manager: the whole organisation, their own unit and everything below it;
* a safety or union representative: the whole organisation and their area (the
  subtree of the unit they are registered in);
* every other employee: the whole organisation and their own unit.

Whether a figure is shown at all is then decided by the stored suppression (k),
never here.
"""

from __future__ import annotations

from typing import Any

from hjemmekontor.accounts.roles import person_for, roles_of
from hjemmekontor.results.models import ORGANISATION

__all__ = ["can_compare", "visible_unit_codes"]


def _subtree_codes(tree: dict[str, dict[str, Any]], code: str) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for child, info in tree.items():
        children.setdefault(info["parent"], []).append(child)
    found: set[str] = set()
    stack = [code]
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.add(node)
        stack.extend(children.get(node, []))
    return found


def visible_unit_codes(user: Any, tree: dict[str, dict[str, Any]]) -> set[str]:
    """Codes of the round's units (``tree``: the stored snapshot) the user may see.

    ``ORGANISATION`` ("") in the set means the whole organisation. Empty for an
    anonymous visitor or a login without a role.
    """
    roles = roles_of(user)
    if not roles:
        return set()
    if "admin" in roles or "amu" in roles:
        return {ORGANISATION, *tree}
    visible = {ORGANISATION}
    person = person_for(user)
    if person is None:
        return visible
    own = next((code for code, info in tree.items() if info["pk"] == person.unit_id), None)
    if own is None:
        return visible
    visible.add(own)
    if "manager" in roles or "representative" in roles:
        visible |= _subtree_codes(tree, own)
    return visible


def can_compare(user: Any, tree: dict[str, dict[str, Any]]) -> bool:
    """Whether the heat map is open to the user: at least two units to compare."""
    return len(visible_unit_codes(user, tree) - {ORGANISATION}) >= 2
