"""The organisation register: a tree of units and the people in it."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENDER_CHOICES = [
    ("female", _("Kvinne")),
    ("male", _("Mann")),
    ("other", _("Annet")),
]
AGE_GROUPS = ["<30", "30-39", "40-49", "50-59", "60+"]
AGE_GROUP_CHOICES = [(group, group) for group in AGE_GROUPS]
REPRESENTATIVE_CHOICES = [
    ("", _("Ingen")),
    ("safety", _("Verneombud")),
    ("union", _("Tillitsvalgt")),
    ("both", _("Verneombud og tillitsvalgt")),
]


def age_group_for(birth_year: int, year: int) -> str:
    """Coarse age group in the given year; the only age information ever analysed."""
    age = year - birth_year
    if age < 30:
        return "<30"
    if age < 40:
        return "30-39"
    if age < 50:
        return "40-49"
    if age < 60:
        return "50-59"
    return "60+"


class Unit(models.Model):
    """A unit (enhet) in the organisation tree; results for a unit cover its subtree."""

    code = models.CharField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        return "/".join(unit.name for unit in self.ancestors_and_self())

    def ancestors_and_self(self) -> list[Unit]:
        chain: list[Unit] = []
        node: Unit | None = self
        seen: set[int] = set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class UnitTree:
    """All units in memory: paths and subtrees without a query per node."""

    def __init__(self, units: Iterable[Unit] | None = None) -> None:
        self.units = {
            unit.pk: unit for unit in (units if units is not None else Unit.objects.all())
        }
        self.children: dict[int | None, list[int]] = {}
        for unit in self.units.values():
            self.children.setdefault(unit.parent_id, []).append(unit.pk)
        for kids in self.children.values():
            kids.sort(key=lambda pk: self.units[pk].name.lower())

    def path(self, pk: int) -> str:
        names: list[str] = []
        node: int | None = pk
        seen: set[int] = set()
        while node is not None and node not in seen and node in self.units:
            seen.add(node)
            names.append(self.units[node].name)
            node = self.units[node].parent_id
        return "/".join(reversed(names))

    def subtree(self, pk: int) -> list[int]:
        result: list[int] = []
        stack = [pk]
        while stack:
            node = stack.pop()
            result.append(node)
            stack.extend(self.children.get(node, []))
        return result

    def depth_first(self) -> list[tuple[int, Unit]]:
        """(depth, unit) pairs in display order."""
        ordered: list[tuple[int, Unit]] = []

        def visit(parent: int | None, depth: int) -> None:
            for pk in self.children.get(parent, []):
                ordered.append((depth, self.units[pk]))
                visit(pk, depth + 1)

        visit(None, 0)
        return ordered


class Person(models.Model):
    """Someone in the register. Only coarse background is ever analysed."""

    employee_number = models.CharField(
        _("ansattnummer"), max_length=64, unique=True, null=True, blank=True
    )
    email = models.EmailField(_("e-post"), unique=True, null=True, blank=True)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="people"
    )
    is_manager = models.BooleanField(_("leder"), default=False)
    representative_role = models.CharField(
        _("tillitsverv"), max_length=10, choices=REPRESENTATIVE_CHOICES, blank=True, default=""
    )
    gender = models.CharField(
        _("kjønn"), max_length=10, choices=GENDER_CHOICES, blank=True, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    age_group = models.CharField(
        _("aldersgruppe"), max_length=8, choices=AGE_GROUP_CHOICES, blank=True, default=""
    )
    amu_member = models.BooleanField(
        _("medlem av arbeidsmiljøutvalget (AMU)"),
        default=False,
        help_text=_("AMU-medlemmer ser alle handlingsplaner og status for risikovurderingene."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brukerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employee_number__isnull=False) | models.Q(email__isnull=False),
                name="person_has_identifier",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def current_age_group(self, year: int) -> str:
        if self.birth_year:
            return age_group_for(self.birth_year, year)
        return self.age_group


class ImportBatch(models.Model):
    """An uploaded people file between preview and confirmation.

    Parsed rows and problems are kept so that confirming imports exactly what the
    preview showed, and rejected rows can be downloaded afterwards.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    encoding = models.CharField(max_length=32, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    plan = models.JSONField(default=dict)
    deactivate_missing = models.BooleanField(default=False)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]


class AggregateSnapshot(models.Model):
    """The published figures of one aggregate of people for every unit at once.

    Pages and evidence read these, never live data; ``do_refresh_snapshot``
    replaces them only when no combination of old and new figures covers 1 to
    k − 1 people (docs/privacy-aggregates.md). ``basis`` holds each counted
    person's unit, change token and contribution, so that a held change keeps the
    person's previous contribution; it is never shown, and it is personal data
    like the checklists, agreements and time entries it is taken from.
    ``parents`` is the unit tree the figures were computed under
    (``{unit pk: parent pk or None}``): a reorganisation is published only when it
    can be, and until then the figures keep the old tree.
    """

    aggregate = models.CharField(max_length=32, unique=True)
    number = models.PositiveIntegerField(default=0)
    # A date, not a time: when the figures last moved is all a reader needs.
    taken_on = models.DateField(null=True, blank=True)
    figures = models.JSONField(default=dict)
    basis = models.JSONField(default=dict)
    parents = models.JSONField(default=dict)
    extra = models.JSONField(default=dict)
