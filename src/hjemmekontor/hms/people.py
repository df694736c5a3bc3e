"""Who is who around a unit: its nearest manager(s) and safety representative(s)."""

from __future__ import annotations

from hjemmekontor.organisation.models import Person, Unit


def _nearest(unit: Unit, **filters: object) -> list[Person]:
    # Walk up from the unit: the closest unit with someone matching wins, so a
    # sub-unit's own manager comes before the manager of the whole department.
    for node in reversed(unit.ancestors_and_self()):
        found = list(Person.objects.filter(unit=node, active=True, **filters).order_by("name"))
        if found:
            return found
    return []


def managers_of(unit: Unit, *, exclude: Person | None = None) -> list[Person]:
    """The nearest active managers at or above the unit (not `exclude` themselves)."""
    for node in reversed(unit.ancestors_and_self()):
        found = [
            person
            for person in Person.objects.filter(unit=node, active=True, is_manager=True)
            if exclude is None or person.pk != exclude.pk
        ]
        if found:
            return sorted(found, key=lambda person: person.name)
    return []


def safety_representatives_of(unit: Unit) -> list[Person]:
    """The nearest safety representatives (verneombud) at or above the unit."""
    return _nearest(unit, representative_role__in=["safety", "both"])
