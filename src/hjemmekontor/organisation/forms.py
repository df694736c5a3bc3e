"""Forms for units, people and the people import. They validate; `actions` writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hjemmekontor.organisation.actions import unit_cycle_error
from hjemmekontor.organisation.importing import (
    OSLO,
    ImportFileError,
    ParsedFile,
    check_size,
    parse_people_file,
)
from hjemmekontor.organisation.models import Person, Unit, UnitTree


def unit_choices(blank: Any, only_active: bool, keep: int | None = None) -> list[tuple[Any, Any]]:
    """(pk, path) in tree order after a blank choice labelled `blank`, so the list reads like the tree."""
    tree = UnitTree()
    choices: list[tuple[Any, Any]] = [("", blank)]
    for _depth, unit in tree.depth_first():
        if only_active and not unit.active and unit.pk != keep:
            continue
        choices.append((unit.pk, tree.path(unit.pk)))
    return choices


def _set_choices(form: forms.BaseForm, name: str, choices: list[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    field.choices = choices


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "parent"]
        help_texts = {
            "code": _("En kort, unik kode, gjerne den samme som i HR-systemet."),
            "parent": _("La feltet stå tomt for en enhet på øverste nivå."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self,
            "parent",
            unit_choices(_("(øverste nivå)"), only_active=True, keep=self.instance.parent_id),
        )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        reason = unit_cycle_error(self.instance, parent)
        if reason:
            raise forms.ValidationError(reason)
        return parent


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "employee_number",
            "email",
            "unit",
            "is_manager",
            "representative_role",
            "gender",
            "birth_year",
            "age_group",
        ]
        help_texts = {
            "employee_number": _("Ansattnummer eller e-post må fylles ut."),
            "birth_year": _("Bare aldersgruppen brukes i analysene."),
            "age_group": _("Brukes når fødselsår ikke er kjent."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = self.instance.unit_id if self.instance.pk else None
        _set_choices(self, "unit", unit_choices(_("(velg enhet)"), only_active=True, keep=keep))

    def clean_employee_number(self) -> str | None:
        value = (self.cleaned_data.get("employee_number") or "").strip()
        return value or None

    def clean_email(self) -> str | None:
        value = (self.cleaned_data.get("email") or "").strip().lower()
        if not value:
            return None
        others = Person.objects.filter(email__iexact=value).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("En annen person har allerede denne e-postadressen."))
        return value

    def clean_unit(self) -> Unit:
        unit: Unit = self.cleaned_data["unit"]
        if not unit.active and unit.pk != self.instance.unit_id:
            raise forms.ValidationError(_("Enheten er deaktivert; velg en aktiv enhet."))
        return unit

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = dt.datetime.now(tz=OSLO).year
        if year is not None and not 1900 <= year <= this_year:
            raise forms.ValidationError(
                _("Fødselsåret må være mellom 1900 og %(year)s.") % {"year": this_year}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("employee_number") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Fyll ut ansattnummer eller e-post (eller begge)."))
        return data


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    unit = forms.TypedChoiceField(label=_("Enhet"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("active", _("Aktive")),
            ("inactive", _("Deaktiverte")),
            ("all", _("Alle")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "unit", unit_choices(_("Alle enheter"), only_active=False))
        self.fields["q"].widget.input_type = "search"


class ImportUploadForm(forms.Form):
    # Empty files reach the parser, which names the file in its message.
    file = forms.FileField(
        allow_empty_file=True,
        label=_("Fil (CSV eller XLSX)"),
        help_text=_("Semikolon- eller kommaseparert CSV (UTF-8 eller Windows-1252), eller XLSX."),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deaktiver personer som ikke står i filen"),
        required=False,
        help_text=_("Kryss av bare når filen er en fullstendig liste over alle ansatte."),
    )

    parsed: ParsedFile

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            # Refuse before reading: the size is known from the upload itself.
            check_size(upload.size, settings.MAX_UPLOAD_BYTES, upload.name)
            data = upload.read()
            self.parsed = parse_people_file(data, upload.name, settings.MAX_UPLOAD_BYTES)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
