"""Forms for the HMS adviser's round administration."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from hjemmekontor.instruments import available_instruments
from hjemmekontor.organisation.models import Unit, UnitTree
from hjemmekontor.web.language import in_page_language

OSLO = ZoneInfo("Europe/Oslo")


class OsloDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read as Europe/Oslo wall-clock time."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]

    def to_python(self, value: Any) -> dt.datetime | None:
        result = super().to_python(value)
        if result is not None and result.tzinfo is None:
            result = result.replace(tzinfo=OSLO)
        return result


def _instrument_choices(kind: str, blank: bool) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("", str(_("Ingen")))] if blank else []
    for inst in available_instruments():
        if inst.id == kind:
            label = _("%(title)s (versjon %(version)s)") % {
                "title": in_page_language(inst.title),
                "version": inst.version,
            }
            choices.append((inst.key, str(label)))
    return choices


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Navn på runden"), max_length=200)
    employee_instrument = forms.ChoiceField(label=_("Ansattskjema"))
    manager_instrument = forms.ChoiceField(label=_("Lederskjema"), required=False)
    representative_instrument = forms.ChoiceField(
        label=_("Skjema for verneombud og tillitsvalgte"), required=False
    )
    units = forms.MultipleChoiceField(
        label=_("Enheter som er med (med alle underenheter)"),
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = OsloDateTimeField(label=_("Åpner (norsk tid)"))
    closes_at = OsloDateTimeField(label=_("Stenger (norsk tid)"))
    # Sent by the worker at these times to those who have not answered yet.
    reminder_1 = OsloDateTimeField(
        label=_("Automatisk påminnelse 1 (valgfritt, norsk tid)"), required=False
    )
    reminder_2 = OsloDateTimeField(
        label=_("Automatisk påminnelse 2 (valgfritt, norsk tid)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument_choices = {
            "employee_instrument": _instrument_choices("employee", False),
            "manager_instrument": _instrument_choices("manager", True),
            "representative_instrument": _instrument_choices("representative", True),
        }
        for name, choices in instrument_choices.items():
            self._choice(name).choices = choices
            # Default to the newest version of each questionnaire.
            non_blank = [value for value, _label in choices if value]
            if non_blank and not self.is_bound:
                self.initial.setdefault(name, non_blank[-1])
        tree = UnitTree(Unit.objects.filter(active=True))
        self._choice("units").choices = [
            (str(unit.pk), "— " * depth + unit.name) for depth, unit in tree.depth_first()
        ]

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Sluttidspunktet må være etter starttidspunktet."))
        for name in ("reminder_1", "reminder_2"):
            when = data.get(name)
            if when and opens and closes and not opens < when < closes:
                self.add_error(name, _("En påminnelse må sendes mens runden er åpen."))
        return data

    def planned_reminders(self) -> tuple[Any, ...]:
        found = [self.cleaned_data.get(name) for name in ("reminder_1", "reminder_2")]
        return tuple(sorted({when for when in found if when}))


class ExtendForm(forms.Form):
    closes_at = OsloDateTimeField(label=_("Ny sluttid (norsk tid)"))

    def clean_closes_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["closes_at"]
        return value
