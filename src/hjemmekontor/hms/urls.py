"""HMS follow-up pages under /hms/. Access per role: hms/access.py and docs/hms.md."""

from django.urls import path

from hjemmekontor.hms.views import agreements, assessments, checklists, index, plans

app_name = "hms"

urlpatterns = [
    path("", index.index, name="index"),
    # Part 1: action plans.
    path("tiltak/", plans.plans, name="plans"),
    path("tiltak/ny/", plans.action_create, name="action-create"),
    path("tiltak/forfalte/", plans.overdue, name="overdue"),
    path("tiltak/<int:pk>/", plans.action_detail, name="action-detail"),
    path("tiltak/<int:pk>/endre/", plans.action_edit, name="action-edit"),
    path("tiltak/<int:pk>/kommenter/", plans.action_comment, name="action-comment"),
    path("tiltak/<int:pk>/evaluer/", plans.action_evaluate, name="action-evaluate"),
    # Part 2: home-office agreements.
    path("avtaler/", agreements.agreements, name="agreements"),
    path("avtaler/enhet/<int:unit_pk>/", agreements.agreement_unit, name="agreement-unit"),
    path(
        "avtaler/person/<int:person_pk>/omfang/",
        agreements.agreement_scope,
        name="agreement-scope",
    ),
    path(
        "avtaler/person/<int:person_pk>/ny/", agreements.agreement_create, name="agreement-create"
    ),
    path("avtaler/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("avtaler/<int:pk>/pdf/", agreements.agreement_pdf_view, name="agreement-pdf"),
    path("avtaler/<int:pk>/avslutt/", agreements.agreement_end, name="agreement-end"),
    path("min-avtale/", agreements.my_agreements, name="my-agreements"),
    # Part 3: the employee's checklist and requests.
    path("sjekkliste/", checklists.checklist, name="checklist"),
    path("sjekkliste/<int:pk>/", checklists.checklist_detail, name="checklist-detail"),
    path("sjekkliste/<int:pk>/foresporsel/", checklists.request_create, name="request-create"),
    path(
        "sjekkliste/enhet/<int:unit_pk>/",
        checklists.checklist_aggregate_view,
        name="checklist-aggregate",
    ),
    path("foresporsler/", checklists.requests, name="requests"),
    path("foresporsler/<int:pk>/behandlet/", checklists.request_handle, name="request-handle"),
    # Part 4: risk assessments.
    path("risiko/", assessments.assessments, name="assessments"),
    path("risiko/enhet/<int:unit_pk>/", assessments.assessment_unit, name="assessment-unit"),
    path(
        "risiko/enhet/<int:unit_pk>/start/",
        assessments.assessment_start,
        name="assessment-start",
    ),
    path("risiko/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("risiko/<int:pk>/endre/", assessments.assessment_edit, name="assessment-edit"),
    path("risiko/<int:pk>/signer/", assessments.assessment_sign, name="assessment-sign"),
    path("risiko/<int:pk>/pdf/", assessments.assessment_pdf_view, name="assessment-pdf"),
]
