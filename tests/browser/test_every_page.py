"""Every page of the product, on the demo organisation: fits a 390 px phone,
passes axe (WCAG 2.1 A and AA) there, and speaks English when asked.

axe also keeps the accessibility statement honest: a violation fails unless the
statement names its rule as a known gap, and a named rule no page breaks any
longer fails too, for the statement would then say more than is true.

The pages come from the URL configuration itself, so a new page is crawled
without anyone adding it here; only POST-only URLs and downloads are left out,
by name. Each page is opened by the first demo persona who may see it.
"""

from __future__ import annotations

import gettext
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from hjemmekontor.demo import DEMO_PASSWORD, load_demo
from hjemmekontor.hms.models import Action, Agreement, Checklist, RiskAssessment
from hjemmekontor.organisation.models import ImportBatch, Person, Unit
from hjemmekontor.surveys.links import token_for
from hjemmekontor.surveys.models import Invitation, Round
from hjemmekontor.timesheets.models import TimeRegistration, TimesheetImport
from hjemmekontor.web.accessibility import statement
from tests.browsing import assert_no_axe_violations, log_in
from tests.surveys.test_access_matrix import all_urls

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PHONE = {"width": 390, "height": 844}
# Whoever may see a page first: the HMS adviser, a manager, an employee.
VIEWERS = ("admin", "leder", "ansatt")
POST_ONLY = {
    "logout",
    "set_language",
    "organisation:unit-deactivate",
    "organisation:unit-activate",
    "organisation:person-deactivate",
    "organisation:person-activate",
    "organisation:person-access",
    "organisation:import-confirm",
    "hms:action-comment",
    "hms:agreement-end",
    "hms:agreement-scope",
    "hms:request-create",
    "hms:request-handle",
    "hms:assessment-start",
    "hms:assessment-sign",
    "timesheets:delete",
    "timesheets:import-confirm",
    "jobs:retry",
    "surveys:round-send",
    "surveys:round-remind",
    "surveys:round-close",
    "surveys:round-extend",
    "api_tokens:revoke",
    "surveys:round-letters",
}
DOWNLOADS = {
    "organisation:import-rejected",
    "hms:agreement-pdf",
    "hms:assessment-pdf",
    "reports:organisation",
    "reports:unit",
    "surveys:round-links",
    "surveys:round-export",
    "health",
}
# Reached only through an e-mailed link with a one-time token, or by way of the
# single sign-on provider (tests/accounts/test_sso.py).
TOKEN_ONLY = {"password_reset_confirm", "sso-login", "sso-callback"}


def _first(model: Any, **filters: Any) -> Any:
    return model.objects.filter(**filters).order_by("pk").first()


def paths() -> dict[str, str]:
    """A concrete path for every page, with objects of the demo."""
    closed = [r for r in Round.objects.order_by("opens_at") if r.status() == "closed"][-1]
    still_open = [r for r in Round.objects.order_by("opens_at") if r.status() == "open"]
    employee = Person.objects.get(user__username="ansatt")
    unit = Person.objects.get(user__username="leder").unit
    batch = _first(ImportBatch)
    timesheet_import = _first(TimesheetImport)
    invitation = (
        _first(Invitation, round=still_open[0], person=employee, answered=False)
        if still_open
        else None
    )
    objects: dict[str, Any] = {
        "organisation:unit-edit": _first(Unit),
        "organisation:person-edit": employee,
        "organisation:import-preview": batch,
        "organisation:import-result": batch,
        "hms:action-detail": _first(Action),
        "hms:action-edit": _first(Action),
        "hms:action-evaluate": _first(Action),
        "hms:agreement-detail": _first(Agreement),
        "hms:checklist-detail": _first(Checklist),
        "hms:assessment-detail": _first(RiskAssessment),
        "hms:assessment-edit": _first(RiskAssessment),
        "timesheets:edit": _first(TimeRegistration, person=employee),
        "timesheets:basis": employee,
        "timesheets:import-preview": timesheet_import,
        "surveys:round": closed,
    }
    values = {
        "unit_pk": unit.pk,
        "person_pk": employee.pk,
        "round_pk": closed.pk,
        "key": "employee@1",
        "step": "1",
    }
    found = {}
    for name, route in all_urls():
        if name in POST_ONLY | DOWNLOADS | TOKEN_ONLY or name.startswith("api:"):
            # The API answers JSON to a key, not pages (tests/api).
            continue
        if name.startswith("answer-"):
            if invitation is None:
                continue
            values["token"] = token_for(invitation.public_id)
        if "<int:pk>" in route:
            target = objects.get(name)
            if target is None:
                continue
            route = route.replace("<int:pk>", str(target.pk))
        route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), "x")), route)
        found[name] = "/" + route
    return found


def _bokmal_messages() -> list[str]:
    """Whole bokmål sentences of the interface (the catalogue's msgids that
    English translates differently); one on an English page is untranslated.

    Shorter ones are left out: they are also the words of what people wrote
    (a request "Trenger skjerm: …") and of file formats (the import's column
    "ansattnummer"), which are shown as they are."""
    import hjemmekontor

    folder = Path(hjemmekontor.__file__).parent / "locale" / "en" / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalogue: dict[Any, str] = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    return [
        msgid
        for msgid, msgstr in catalogue.items()
        if isinstance(msgid, str)
        and len(msgid) >= 20
        and "%" not in msgid
        and "{" not in msgid
        and msgid != msgstr
    ]


def _text(html: str) -> str:
    """The page's text without what people wrote (the comments are shown as
    written, in whatever language)."""
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<ul class="comments">.*?</ul>', " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_every_page_fits_a_phone_and_speaks_english(browser: Any, live_server: Any) -> None:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo()
    pages = paths()
    assert len(pages) > 50
    contexts = {}
    seen: dict[str, str] = {}
    for username in VIEWERS:
        page = browser.new_context(locale="nb-NO", viewport=PHONE).new_page()
        log_in(page, live_server.url, username, DEMO_PASSWORD)
        contexts[username] = page
    bokmal = _bokmal_messages()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=VIEWERS)}
    narrow: list[tuple[str, str, str, int]] = []
    untranslated: list[tuple[str, list[str]]] = []
    inaccessible: list[tuple[str, str]] = []
    admitted = statement().axe_rules()
    broken: set[str] = set()
    for name, path in pages.items():
        for username in VIEWERS:
            page = contexts[username]
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None
            html = "text/html" in (response.headers.get("content-type") or "")
            if response.status != 200 or not html:
                continue
            seen[name] = username
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                narrow.append((name, path, username, width))
            try:
                broken |= assert_no_axe_violations(page, admitted)
            except AssertionError as violations:
                inaccessible.append((name, str(violations)[:600]))
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            client.force_login(users[username])
            english = client.get(path, follow=True)
            text = _text(english.content.decode())
            assert '<html lang="en">' in english.content.decode(), path
            left = [m for m in bokmal if m in text]
            if left:
                untranslated.append((name, left[:3]))
            break
    for page in contexts.values():
        page.context.close()
    missing = sorted(set(pages) - set(seen))
    assert not missing, f"pages no persona could open: {missing}"
    assert not narrow, f"pages wider than a phone: {narrow}"
    assert not untranslated, f"bokmål on English pages: {untranslated}"
    assert not inaccessible, f"axe violations: {inaccessible}"
    fixed = admitted - broken
    assert not fixed, f"the accessibility statement admits rules no page breaks: {sorted(fixed)}"
