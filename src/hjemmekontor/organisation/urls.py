"""The organisation register's pages, under /organisasjon/ (admin only)."""

from django.urls import path

from hjemmekontor.organisation import importviews, views

app_name = "organisation"

urlpatterns = [
    path("", views.units, name="units"),
    path("enheter/ny/", views.unit_edit, name="unit-create"),
    path("enheter/<int:pk>/", views.unit_edit, name="unit-edit"),
    path(
        "enheter/<int:pk>/deaktiver/",
        views.unit_set_active,
        {"active": False},
        name="unit-deactivate",
    ),
    path(
        "enheter/<int:pk>/aktiver/", views.unit_set_active, {"active": True}, name="unit-activate"
    ),
    path("personer/", views.people, name="people"),
    path("personer/ny/", views.person_edit, name="person-create"),
    path("personer/<int:pk>/", views.person_edit, name="person-edit"),
    path(
        "personer/<int:pk>/deaktiver/",
        views.person_set_active,
        {"active": False},
        name="person-deactivate",
    ),
    path(
        "personer/<int:pk>/aktiver/",
        views.person_set_active,
        {"active": True},
        name="person-activate",
    ),
    path("personer/<int:pk>/tilgang/", views.person_access, name="person-access"),
    path("import/", importviews.import_upload, name="import"),
    path("import/<int:pk>/", importviews.import_preview, name="import-preview"),
    path("import/<int:pk>/bekreft/", importviews.import_confirm, name="import-confirm"),
    path("import/<int:pk>/resultat/", importviews.import_result, name="import-result"),
    path("import/<int:pk>/avviste.csv", importviews.import_rejected, name="import-rejected"),
]
