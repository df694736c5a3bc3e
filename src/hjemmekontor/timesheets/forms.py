"""Forms of the working-time pages. Times are Europe/Oslo wall-clock times."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hjemmekontor.timesheets.actions import TimesheetError, validate_times
from hjemmekontor.timesheets.checking import Period
from hjemmekontor.timesheets.localtime import LocalTimeError, parse_local, resolve
from hjemmekontor.timesheets.models import LOCATION_CHOICES, WorkingTimeBasis
from hjemmekontor.web.uploads import too_large

TIME_HELP = _(
    "Norsk tid, for eksempel 02.03.2026 08:00. Natten klokken stilles tilbake, leses "
    "02:00–02:59 som første gang, og en slutt som da ville vært før starten som andre gang."
)


def _time_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegistrationForm(forms.Form):
    start = forms.CharField(label=_("Start"), widget=_time_input(), help_text=TIME_HELP)
    end = forms.CharField(label=_("Slutt"), widget=_time_input())
    break_minutes = forms.IntegerField(
        label=_("Pause (minutter)"),
        min_value=0,
        max_value=24 * 60,
        initial=0,
        help_text=_("Pauser i arbeidstiden (aml. § 10-9), i minutter."),
    )
    location = forms.ChoiceField(
        label=_("Hvor arbeidet du?"), choices=LOCATION_CHOICES, widget=forms.RadioSelect
    )

    start_at: dt.datetime
    end_at: dt.datetime

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            start = parse_local(data["start"])
        except LocalTimeError as error:
            self.add_error("start", str(error))
            return data
        try:
            end = parse_local(data["end"])
        except LocalTimeError as error:
            self.add_error("end", str(error))
            return data
        try:
            self.start_at = resolve(start)
        except LocalTimeError as error:
            self.add_error("start", str(error))
            return data
        try:
            self.end_at = resolve(end, after=self.start_at)
        except LocalTimeError as error:
            self.add_error("end", str(error))
            return data
        try:
            validate_times(self.start_at, self.end_at, data["break_minutes"])
        except TimesheetError as error:
            self.add_error(error.field, str(error))
        return data


class PeriodForm(forms.Form):
    """The period breaches and patterns are computed for (GET; defaults: last 8 weeks)."""

    fra = forms.DateField(
        label=_("Fra og med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("Til og med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self, today: dt.date) -> Period:
        default = Period.default(today)
        if not self.is_valid():
            return default
        first = self.cleaned_data.get("fra") or default.first
        last = self.cleaned_data.get("til") or default.last
        if last < first:
            return default
        # A year at most: the page stays quick, and the engine adds 52 weeks of history.
        first = max(first, last - dt.timedelta(days=366))
        return Period(first, last)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med timeregistreringer (CSV eller XLSX)"),
        allow_empty_file=True,
        help_text=_(
            "Standardoppsett: kolonnene person, start, end, break_minutes, location med "
            "norsk tid (2026-03-02T08:00). Person er ansattnummer eller e-postadresse."
        ),
    )
    mapping = forms.FileField(
        label=_("Kolonneoppsett (YAML eller JSON, valgfritt)"),
        required=False,
        help_text=_("For filer fra andre tidssystemer; se dokumentasjonen for arbeidstid."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                too_large(upload.name, upload.size, settings.MAX_UPLOAD_BYTES)
            )
        return upload


class BasisForm(forms.ModelForm):
    class Meta:
        model = WorkingTimeBasis
        fields = [
            "normal_hours_day",
            "normal_hours_week",
            "normal_start",
            "averaging",
            "tariff_bound",
            "evening_agreement",
            "exempt",
        ]
        widgets = {"normal_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
