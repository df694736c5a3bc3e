"""Forms of the HMS pages. They validate shape; the do_* actions enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hjemmekontor.hms.actions.agreements import POINT_HEADINGS
from hjemmekontor.hms.checklist import ANSWERS, POINTS
from hjemmekontor.hms.indicators import indicator_choices
from hjemmekontor.hms.models.plans import HELPED_CHOICES, STATUS_CHOICES
from hjemmekontor.organisation.models import Person, Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A people list that hjemmekontor/picker.js makes searchable by name or unit.
SEARCHABLE = {
    "data-search-label": _("Søk i listen (navn eller enhet)"),
    "data-search-count": _("%s personer passer"),
}


class ActionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    problem = forms.CharField(
        label=_("Problem"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Hva er funnet?")
    )
    description = forms.CharField(
        label=_("Tiltak"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Hva skal gjøres?")
    )
    responsible = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=Person.objects.none(),
        widget=forms.Select(attrs=SEARCHABLE),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltakere"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Verneombudet for enheten er invitert som standard."),
        widget=forms.SelectMultiple(attrs={"size": 6, **SEARCHABLE}),
    )
    due_date = forms.DateField(label=_("Frist"), widget=DATE_INPUT)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, initial="planned")
    indicator = forms.ChoiceField(
        label=_("Indikator (valgfritt)"),
        required=False,
        help_text=_("Tallet i undersøkelsen som tiltaket skal bedre."),
    )
    finding = forms.CharField(
        label=_("Funn (valgfritt)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _indicator_field(self)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units
        for name in ("responsible", "participants"):
            field: Any = self.fields[name]
            field.queryset = people.order_by("name", "unit__name")
            # Two people of the same name are told apart by their unit.
            field.label_from_instance = _person_with_unit


def _person_with_unit(person: Person) -> str:
    return f"{person.name} ({person.unit.name})" if person.unit_id else person.name


def _indicator_field(form: forms.Form) -> None:
    """Offer the figures by name; an id saved earlier stays a choice."""
    current = str(form.data.get("indicator") or form.initial.get("indicator") or "")
    field: Any = form.fields["indicator"]
    field.choices = indicator_choices(current[:64])


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Hjalp tiltaket?"), choices=[c for c in HELPED_CHOICES if c[0]]
    )
    text = forms.CharField(
        label=_("Evaluering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva ble gjort, og hva viser neste runde?"),
    )
    indicator = forms.ChoiceField(
        label=_("Indikator som sammenlignes i neste runde"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _indicator_field(self)


class ScopeForm(forms.Form):
    days_per_week = forms.DecimalField(
        label=_("Hjemmekontordager per uke (fast ordning)"),
        min_value=0,
        max_value=7,
        decimal_places=1,
        max_digits=3,
    )
    only_home = forms.BooleanField(label=_("Arbeider bare hjemmefra"), required=False)


class AgreementForm(forms.Form):
    start_date = forms.DateField(label=_("Avtalen gjelder fra"), widget=DATE_INPUT)
    extent = forms.CharField(
        label=POINT_HEADINGS["extent"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel: to faste dager per uke, tirsdag og torsdag."),
    )
    working_hours = forms.CharField(
        label=POINT_HEADINGS["working_hours"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    availability = forms.CharField(
        label=POINT_HEADINGS["availability"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    temporary = forms.BooleanField(label=_("Ordningen er midlertidig"), required=False)
    expected_end = forms.DateField(
        label=POINT_HEADINGS["duration"],
        required=False,
        widget=DATE_INPUT,
        help_text=_("Fylles bare ut når ordningen er midlertidig."),
    )
    change_and_termination = forms.CharField(
        label=POINT_HEADINGS["change_and_termination"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    trial_period_none = forms.BooleanField(label=_("Ingen prøvetid"), required=False)
    trial_period = forms.CharField(
        label=POINT_HEADINGS["trial_period"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Beskriv prøvetiden, eller kryss av for «Ingen prøvetid»."),
    )
    equipment = forms.CharField(
        label=POINT_HEADINGS["equipment"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confidentiality = forms.CharField(
        label=POINT_HEADINGS["confidentiality"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EndAgreementForm(forms.Form):
    ended_on = forms.DateField(label=_("Siste dag"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Begrunnelse"), required=False)


class ChecklistForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for point in POINTS:
            self.fields[point.key] = forms.ChoiceField(
                label=f"{point.title}: {point.question}",
                choices=list(ANSWERS.items()),
                widget=forms.RadioSelect,
            )


class RequestForm(forms.Form):
    point = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Forespørsel til lederen din"), max_length=1000)


class HandleRequestForm(forms.Form):
    note = forms.CharField(label=_("Svar (valgfritt)"), required=False, max_length=1000)
