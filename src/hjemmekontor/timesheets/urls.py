"""Working-time pages under /arbeidstid/ (see access.py for who reaches which)."""

from django.urls import path

from hjemmekontor.timesheets import importviews, oversight, views

app_name = "timesheets"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/slett/", views.delete, name="delete"),
    path("brudd/", oversight.breaches, name="breaches"),
    path("monstre/", oversight.patterns, name="patterns"),
    path("grunnlag/<int:pk>/", oversight.basis, name="basis"),
    path("import/", importviews.upload, name="import"),
    path("import/<int:pk>/", importviews.preview, name="import-preview"),
    path("import/<int:pk>/bekreft/", importviews.confirm, name="import-confirm"),
]
