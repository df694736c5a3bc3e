"""The unit's risk assessment: standard hazards, signing, versions, evidence, PDF, status."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hjemmekontor.hms.actions import (
    HazardChange,
    HmsError,
    do_save_assessment,
    do_save_checklist,
    do_sign_assessment,
)
from hjemmekontor.hms.evidence import (
    Evidence,
    evidence_for,
    register_evidence_provider,
    unregister_evidence_provider,
)
from hjemmekontor.hms.hazards import STANDARD_HAZARDS
from hjemmekontor.hms.models import RiskAssessment
from hjemmekontor.hms.pdf import assessment_pdf
from hjemmekontor.organisation.models import Person
from tests.hms.conftest import all_ok
from tests.hms.test_agreements import pdf_text

pytestmark = pytest.mark.django_db


def test_a_new_assessment_starts_from_the_standard_hazards(world):
    keys = [hazard.key for hazard in world.assessment.hazards.all()]
    assert keys == [hazard.key for hazard in STANDARD_HAZARDS]
    hazard = world.assessment.hazards.first()
    assert hazard.risk == hazard.probability * hazard.consequence


def test_manager_and_representative_each_sign_once(world, manager_a, representative):
    do_sign_assessment(world.assessment, as_role="manager", signer=manager_a.user)
    with pytest.raises(HmsError, match="allerede signert"):
        do_sign_assessment(world.assessment, as_role="manager", signer=manager_a.user)
    signed = do_sign_assessment(
        world.assessment, as_role="representative", signer=representative.user
    )
    assert signed.status == "signed" and signed.representative_signed_by == representative.name


def test_signing_twice_through_the_page_shows_a_clear_message(clients, world):
    url = reverse("hms:assessment-sign", args=[world.assessment.pk])
    clients["representative"].post(url, {"as_role": "representative"})
    page = clients["representative"].post(url, {"as_role": "representative"}, follow=True)
    assert "Verneombudet har allerede signert" in page.content.decode()
    # The representative cannot sign in the manager's place.
    assert clients["representative"].post(url, {"as_role": "manager"}).status_code == 403


def test_editing_a_signed_assessment_makes_a_new_version_and_keeps_the_old(
    world, manager_a, representative
):
    do_sign_assessment(world.assessment, as_role="manager", signer=manager_a.user)
    do_sign_assessment(world.assessment, as_role="representative", signer=representative.user)
    change = HazardChange(
        key="isolation", probability=4, consequence=4, action_ids=[world.action_a.pk]
    )
    with pytest.raises(HmsError, match="handlingsplan"):
        do_save_assessment(
            world.assessment, [HazardChange("isolation", 4, 4, "", [world.action_b.pk])]
        )
    new = do_save_assessment(world.assessment, [change], edited_by=manager_a.user)
    old = RiskAssessment.objects.get(pk=world.assessment.pk)
    assert (new.version, new.status, old.status) == (2, "draft", "superseded")
    assert old.hazards.get(key="isolation").risk == 9
    assert new.hazards.get(key="isolation").risk == 16
    assert list(new.hazards.get(key="isolation").actions.all()) == [world.action_a]
    assert old.manager_signed_by == manager_a.name and not new.manager_signed_at


def test_a_score_outside_one_to_five_is_refused(world):
    with pytest.raises(HmsError, match="mellom 1 og 5"):
        do_save_assessment(world.assessment, [HazardChange("isolation", 6, 2)])


def test_evidence_shows_checklist_aggregates_only_from_k_and_others_can_add_providers(
    org, world, settings
):
    settings.ANONYMITY_K = 3
    [hidden] = evidence_for(org.unit_a, "isolation")
    assert hidden.suppressed and "færre enn 3" in hidden.value
    # Figures move only with at least k changes at once (docs/privacy-aggregates.md).
    for number in range(3):
        person = Person.objects.create(
            name=f"K{number}", email=f"e{number}@demo.example", unit=org.unit_a
        )
        do_save_checklist(person, all_ok(contact="not_ok" if number else "ok"))
    [shown] = evidence_for(org.unit_a, "isolation")
    assert shown.value.startswith("67 % ikke OK") and shown.n == 3

    def survey(unit, key):
        return [Evidence("survey", "Ensomhet", "12 %", n=40)] if key == "isolation" else []

    register_evidence_provider(survey)
    try:
        assert [item.source for item in evidence_for(org.unit_a, "isolation")] == [
            "checklist",
            "survey",
        ]
    finally:
        unregister_evidence_provider(survey)


def test_the_pdf_holds_the_hazards_and_the_signatures(world, manager_a, tmp_path):
    do_sign_assessment(world.assessment, as_role="manager", signer=manager_a.user)
    world.assessment.refresh_from_db()
    text = " ".join(pdf_text(assessment_pdf(world.assessment), tmp_path).split())
    assert "Risikovurdering for hjemmekontor" in text and "Økonomi" in text
    for hazard in STANDARD_HAZARDS:
        assert hazard.title.split()[0] in text
    assert f"Leder: signert av {manager_a.name}" in text and "Verneombud: ikke signert" in text


def test_the_amu_sees_the_status_of_every_unit(clients, world, org, manager_a, representative):
    do_sign_assessment(world.assessment, as_role="manager", signer=manager_a.user)
    do_sign_assessment(world.assessment, as_role="representative", signer=representative.user)
    page = clients["amu"].get(reverse("hms:assessments")).content.decode()
    for unit in (org.root, org.unit_a, org.unit_a1, org.unit_b):
        assert unit.name in page
    assert page.count("signert") == 1 and page.count(">ingen<") == 3


def test_a_signed_assessment_keeps_its_figures_and_pdf_when_answers_change(
    org, world, manager_a, representative, clients, settings, tmp_path
):
    settings.ANONYMITY_K = 3
    people = [
        Person.objects.create(name=f"S{n}", email=f"s{n}@demo.example", unit=org.unit_a)
        for n in range(6)
    ]
    for person in people[:3]:
        do_save_checklist(person, all_ok(contact="not_ok"))
    [before] = evidence_for(org.unit_a, "isolation")
    assert before.value.startswith("100 % ikke OK")
    assessment = RiskAssessment.objects.get(unit=org.unit_a, status="draft")
    do_sign_assessment(assessment, as_role="manager", signer=manager_a.user)
    # Employees save checklists between the two signatures and after them.
    for person in people[3:]:
        do_save_checklist(person, all_ok())
    signed = do_sign_assessment(assessment, as_role="representative", signer=representative.user)
    for person in people[:3]:
        do_save_checklist(person, all_ok())
    [now] = evidence_for(org.unit_a, "isolation")
    assert now.value.startswith("0 % ikke OK")
    page = clients["manager_a"].get(reverse("hms:assessment-detail", args=[signed.pk]))
    text = " ".join(page.content.decode().split())
    assert "Kontakt med kolleger: 100 % ikke OK" in text
    assert "Kontakt med kolleger: 0 % ikke OK" not in text
    pdf = clients["manager_a"].get(reverse("hms:assessment-pdf", args=[signed.pk])).content
    assert pdf == bytes(RiskAssessment.objects.get(pk=signed.pk).signed_pdf)
    assert "Kontakt med kolleger: 100 % ikke OK" in " ".join(pdf_text(pdf, tmp_path).split())
    # A new version brings in the figures of today.
    change = HazardChange("isolation", 2, 2, "Nye tall.")
    newer = do_save_assessment(signed, [change], edited_by=manager_a.user)
    assert newer.version == signed.version + 1 and newer.evidence_snapshot is None
    page = clients["manager_a"].get(reverse("hms:assessment-detail", args=[newer.pk]))
    assert "Kontakt med kolleger: 0 % ikke OK" in " ".join(page.content.decode().split())


def test_the_sign_button_goes_once_the_signature_is_given(clients, world):
    detail = reverse("hms:assessment-detail", args=[world.assessment.pk])
    assert "Signer som verneombud" in clients["representative"].get(detail).content.decode()
    clients["representative"].post(
        reverse("hms:assessment-sign", args=[world.assessment.pk]), {"as_role": "representative"}
    )
    page = clients["representative"].get(detail).content.decode()
    assert "Signer som verneombud" not in page
    assert "ikke signert" in page  # the manager's line still waits


def test_the_risk_matrix_places_each_hazard_by_probability_and_consequence(clients, world):
    hazards = list(world.assessment.hazards.all())
    first = hazards[0]
    changes = [
        HazardChange(h.key, 5 if h == first else h.probability, 4 if h == first else 3, "")
        for h in hazards
    ]
    do_save_assessment(world.assessment, changes)
    page = clients["manager_a"].get(reverse("hms:assessment-detail", args=[world.assessment.pk]))
    html = " ".join(page.content.decode().split())
    matrix = html[html.index('class="risk-matrix"') :]
    rows = re.findall(r'<th scope="row">Konsekvens (\d)</th>(.*?)</tr>', matrix)
    cells = {
        (int(c), p): text
        for c, row in rows
        for p, text in enumerate(re.findall(r"</span>([^<]*)</td>", row), start=1)
    }
    assert cells[(4, 5)] == "1"  # the first hazard: probability 5, consequence 4
    assert cells[(3, 3)] == ", ".join(str(n) for n in range(2, len(hazards) + 1))
    assert 'class="num risk-high"' in matrix and "høy (20)" in matrix
