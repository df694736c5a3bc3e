"""Forms of the HMS pages. They validate shape; the do_* actions enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from hjemmekontor.hms.actions.agreements import POINT_HEADINGS
from hjemmekontor.hms.checklist import ANSWERS, POINTS
from hjemmekontor.hms.models.plans import HELPED_CHOICES, STATUS_CHOICES
from hjemmekontor.organisation.models import Person, Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.Form):
    unit = forms.ModelChoiceField(label="Enhet", queryset=Unit.objects.none())
    problem = forms.CharField(
        label="Problem", widget=forms.Textarea(attrs={"rows": 3}), help_text="Hva er funnet?"
    )
    description = forms.CharField(
        label="Tiltak", widget=forms.Textarea(attrs={"rows": 3}), help_text="Hva skal gjøres?"
    )
    responsible = forms.ModelChoiceField(label="Ansvarlig", queryset=Person.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label="Deltakere",
        queryset=Person.objects.none(),
        required=False,
        help_text="Verneombudet for enheten er invitert som standard.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    due_date = forms.DateField(label="Frist", widget=DATE_INPUT)
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, initial="planned")
    indicator = forms.CharField(
        label="Indikator (valgfritt)",
        required=False,
        max_length=64,
        help_text="Id-en til indikatoren tiltaket skal bedre, for eksempel after_hours_weekly.",
    )
    finding = forms.CharField(
        label="Funn (valgfritt)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units
        for name in ("responsible", "participants"):
            field: Any = self.fields[name]
            field.queryset = people


class CommentForm(forms.Form):
    text = forms.CharField(label="Kommentar", widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(forms.Form):
    helped = forms.ChoiceField(label="Hjalp tiltaket?", choices=[c for c in HELPED_CHOICES if c[0]])
    text = forms.CharField(
        label="Evaluering",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hva ble gjort, og hva viser neste runde?",
    )
    indicator = forms.CharField(
        label="Indikator som sammenlignes i neste runde",
        required=False,
        max_length=64,
        help_text="For eksempel after_hours_weekly.",
    )


class ScopeForm(forms.Form):
    days_per_week = forms.DecimalField(
        label="Hjemmekontordager per uke (fast ordning)",
        min_value=0,
        max_value=7,
        decimal_places=1,
        max_digits=3,
    )
    only_home = forms.BooleanField(label="Arbeider bare hjemmefra", required=False)


class AgreementForm(forms.Form):
    start_date = forms.DateField(label="Avtalen gjelder fra", widget=DATE_INPUT)
    extent = forms.CharField(
        label=POINT_HEADINGS["extent"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For eksempel: to faste dager per uke, tirsdag og torsdag.",
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
    temporary = forms.BooleanField(label="Ordningen er midlertidig", required=False)
    expected_end = forms.DateField(
        label=POINT_HEADINGS["duration"],
        required=False,
        widget=DATE_INPUT,
        help_text="Fylles bare ut når ordningen er midlertidig.",
    )
    change_and_termination = forms.CharField(
        label=POINT_HEADINGS["change_and_termination"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    trial_period_none = forms.BooleanField(label="Ingen prøvetid", required=False)
    trial_period = forms.CharField(
        label=POINT_HEADINGS["trial_period"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Beskriv prøvetiden, eller kryss av for «Ingen prøvetid».",
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
    ended_on = forms.DateField(label="Siste dag", widget=DATE_INPUT)
    reason = forms.CharField(label="Begrunnelse", required=False)


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
    text = forms.CharField(label="Forespørsel til lederen din", max_length=1000)


class HandleRequestForm(forms.Form):
    note = forms.CharField(label="Svar (valgfritt)", required=False, max_length=1000)
