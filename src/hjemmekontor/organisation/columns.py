"""The columns of a people file: header aliases and how each cell is read.

HR systems name their columns in bokmål, nynorsk or English, with or without
underscores, hyphens and capitals; all of these map to one field name. Cell
readers return the stored value or raise `CellError` with a bokmål reason that
the preview shows next to the line number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# field -> header aliases (already normalised by `normalise_header`).
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_number": (
        "ansattnummer",
        "ansattnr",
        "ansattno",
        "ansatt",
        "tilsettnummer",
        "tilsettnr",
        "employeenumber",
        "employeeno",
        "employeeid",
        "employee",
        "empno",
    ),
    "email": ("epost", "epostadresse", "email", "emailaddress", "mail"),
    "name": ("navn", "fulltnavn", "namn", "fulltnamn", "name", "fullname"),
    "unit": (
        "enhet",
        "enhetssti",
        "eining",
        "einingssti",
        "avdeling",
        "unit",
        "unitpath",
        "department",
    ),
    "unit_code": (
        "enhetskode",
        "enhetsnr",
        "einingskode",
        "avdelingskode",
        "unitcode",
        "departmentcode",
    ),
    "parent_code": (
        "overordnetkode",
        "overordnetenhetskode",
        "overordnetenhet",
        "overordnakode",
        "overordnaeiningskode",
        "overordnaeining",
        "parentcode",
        "parentunitcode",
    ),
    "unit_name": (
        "enhetsnavn",
        "einingsnamn",
        "avdelingsnavn",
        "avdelingsnamn",
        "unitname",
        "departmentname",
    ),
    "is_manager": ("leder", "erleder", "leiar", "erleiar", "manager", "ismanager"),
    "representative_role": (
        "verv",
        "tillitsverv",
        "representantrolle",
        "representativerole",
        "representative",
    ),
    "gender": ("kjønn", "kjonn", "gender", "sex"),
    "birth_year": ("fødselsår", "fodselsar", "fødtår", "birthyear", "yearofbirth"),
    "birth_date": ("fødselsdato", "fodselsdato", "født", "fødd", "birthdate", "dateofbirth"),
    "age_group": ("aldersgruppe", "alder", "agegroup", "age"),
}

# The header text to show when listing what we expect, one per field.
DISPLAY_NAMES: dict[str, str] = {
    "employee_number": "ansattnummer",
    "email": "e-post",
    "name": "navn",
    "unit": "enhet",
    "unit_code": "enhetskode",
    "parent_code": "overordnet_kode",
    "unit_name": "enhetsnavn",
    "is_manager": "leder",
    "representative_role": "verv",
    "gender": "kjønn",
    "birth_year": "fødselsår",
    "birth_date": "fødselsdato",
    "age_group": "aldersgruppe",
}

FIELD_BY_ALIAS: dict[str, str] = {
    alias: field for field, aliases in ALIASES.items() for alias in aliases
}

MAX_CELL_CHARS = 500
UNIT_PATH_SEPARATOR = "/"

_TRUE = {"ja", "j", "x", "1", "true", "yes", "y", "sann"}
_FALSE = {"nei", "n", "0", "false", "no", "usann", ""}
_ROLES = {
    "verneombud": "safety",
    "vo": "safety",
    "hovedverneombud": "safety",
    "verneombod": "safety",
    "hovudverneombod": "safety",
    "safety": "safety",
    "safetyrepresentative": "safety",
    "tillitsvalgt": "union",
    "tillitsvald": "union",
    "tv": "union",
    "union": "union",
    "unionrepresentative": "union",
    "begge": "both",
    "both": "both",
    "verneombudogtillitsvalgt": "both",
    "tillitsvalgtogverneombud": "both",
    "verneombodogtillitsvald": "both",
    "tillitsvaldogverneombod": "both",
    "ingen": "",
    "nei": "",
    "none": "",
    "no": "",
    "": "",
}
_GENDERS = {
    "k": "female",
    "kvinne": "female",
    "kvinnelig": "female",
    "kvinneleg": "female",
    "f": "female",
    "female": "female",
    "woman": "female",
    "m": "male",
    "mann": "male",
    "mannlig": "male",
    "mannleg": "male",
    "male": "male",
    "man": "male",
    "a": "other",
    "annet": "other",
    "anna": "other",
    "other": "other",
    "o": "other",
    "x": "other",
    "": "",
}
_AGE_GROUPS = {
    "<30": "<30",
    "under30": "<30",
    "u30": "<30",
    "30-39": "30-39",
    "40-49": "40-49",
    "50-59": "50-59",
    "60+": "60+",
    "60ogover": "60+",
    "60orover": "60+",
    "over60": "60+",
    ">=60": "60+",
    "": "",
}
_DATE_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


class CellError(ValueError):
    """A cell whose value cannot be read; the message is the reason shown to the admin."""


def normalise_header(text: str) -> str:
    """Lower case without spaces, underscores, hyphens or dots: `E-post ` -> `epost`."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s_\-.]+", "", text)


def _token(text: str) -> str:
    return re.sub(r"[\s_\-.]+", "", text.strip().lower())


def clean_text(value: str) -> str:
    """Strip ordinary and non-breaking spaces; refuse cells too long to be register data."""
    text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").strip()
    if len(text) > MAX_CELL_CHARS:
        raise CellError(
            _("Verdien er %(length)s tegn lang; høyst %(max)s er tillatt.")
            % {"length": len(text), "max": MAX_CELL_CHARS}
        )
    return text


def read_employee_number(value: str) -> str | None:
    text = value.strip()
    if len(text) > 64:
        raise CellError(_("Ansattnummeret er lengre enn 64 tegn."))
    return text or None


def read_email(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    if len(text) > 254:
        raise CellError(_("E-postadressen er lengre enn 254 tegn."))
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("Ugyldig e-postadresse «%(value)s».") % {"value": text}) from None
    # Matching and uniqueness ignore case: HR systems are inconsistent about it.
    return text.lower()


def read_name(value: str) -> str:
    text = value.strip()
    if not text:
        raise CellError(_("Navn mangler."))
    if len(text) > 200:
        raise CellError(_("Navnet er lengre enn 200 tegn."))
    return text


def read_unit_path(value: str) -> list[str] | None:
    text = value.strip()
    if not text:
        return None
    parts = [part.strip() for part in text.split(UNIT_PATH_SEPARATOR)]
    if any(not part for part in parts):
        raise CellError(
            _("Enhetsstien «%(value)s» har et tomt ledd; skriv den som for eksempel Økonomi/Lønn.")
            % {"value": text}
        )
    if any(len(part) > 200 for part in parts):
        raise CellError(_("Et enhetsnavn i stien er lengre enn 200 tegn."))
    return parts


def read_code(value: str) -> str | None:
    text = value.strip()
    if len(text) > 64:
        raise CellError(_("Enhetskoden «%(value)s» er lengre enn 64 tegn.") % {"value": text})
    return text or None


def read_unit_name(value: str) -> str | None:
    text = value.strip()
    if len(text) > 200:
        raise CellError(_("Enhetsnavnet er lengre enn 200 tegn."))
    return text or None


def read_flag(value: str) -> bool:
    token = _token(value)
    if token in _TRUE:
        return True
    if token in _FALSE:
        return False
    raise CellError(
        _("«%(value)s» er verken ja eller nei; bruk ja/nei, x, 1/0 eller true/false.")
        % {"value": value.strip()}
    )


def read_role(value: str) -> str:
    token = _token(value)
    if token in _ROLES:
        return _ROLES[token]
    raise CellError(
        _("Ukjent verv «%(value)s»; bruk verneombud, tillitsvalgt, begge eller la feltet stå tomt.")
        % {"value": value.strip()}
    )


def read_gender(value: str) -> str:
    token = _token(value)
    if token in _GENDERS:
        return _GENDERS[token]
    raise CellError(
        _("Ukjent kjønn «%(value)s»; bruk K, M, kvinne, mann eller annet.")
        % {"value": value.strip()}
    )


def read_birth_year(value: str, this_year: int) -> int | None:
    text = value.strip()
    if not text:
        return None
    if text.endswith(".0"):
        # Spreadsheets store whole numbers as floats: 1980.0.
        text = text[:-2]
    if not text.isdigit():
        raise CellError(_("Fødselsåret «%(value)s» er ikke et årstall.") % {"value": value.strip()})
    return _checked_year(int(text), value.strip(), this_year)


def read_birth_date(value: str, this_year: int) -> int | None:
    """A birth date as dd.mm.yyyy (Norwegian Excel) or yyyy-mm-dd; only the year is kept."""
    text = value.strip()
    if not text:
        return None
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(group) for group in match.groups())
    else:
        match = _DATE_ISO.match(text)
        if not match:
            raise CellError(
                _("Fødselsdatoen «%(value)s» er ikke på formen dd.mm.åååå.") % {"value": text}
            )
        year, month, day = (int(group) for group in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise CellError(_("Fødselsdatoen «%(value)s» finnes ikke.") % {"value": text}) from None
    return _checked_year(year, text, this_year)


def _checked_year(year: int, shown: str, this_year: int) -> int:
    if not 1900 <= year <= this_year:
        raise CellError(
            _("Fødselsåret %(value)s er utenfor 1900–%(this_year)s.")
            % {"value": shown, "this_year": this_year}
        )
    return year


def read_age_group(value: str) -> str:
    # Hyphens carry meaning here (30-39), so only spaces and dash variants are normalised.
    token = re.sub(r"\s+", "", value.strip().lower()).replace("–", "-").replace("—", "-")
    if token in _AGE_GROUPS:
        return _AGE_GROUPS[token]
    raise CellError(
        _("Ukjent aldersgruppe «%(value)s»; bruk <30, 30-39, 40-49, 50-59 eller 60+.")
        % {"value": value.strip()}
    )
