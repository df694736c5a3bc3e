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
from hjemmekontor.surveys.models import Round

__all__ = ["can_compare", "visible_rounds", "visible_unit_codes"]


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


def visible_rounds(user: Any) -> list[Round]:
    """The closed rounds whose results the user may look at, newest first.

    A round about other units is no one's business: everyone but the HMS adviser
    and AMU sees the rounds that included their unit, i.e. the unit or one above
    it (a round includes its units' subtrees).
    """
    roles = roles_of(user)
    if not roles:
        return []
    rounds = [r for r in Round.objects.order_by("-opens_at") if r.status() == "closed"]
    person = person_for(user)
    if not roles & {"admin", "amu"} and person is not None and person.unit:
        line = [unit.pk for unit in person.unit.ancestors_and_self()]
        covering = set(Round.objects.filter(units__in=line).values_list("pk", flat=True))
        rounds = [r for r in rounds if r.pk in covering]
    return rounds
