"""Report downloads. Access: the results pages' (``hjemmekontor.results.access``)."""

from django.urls import path

from hjemmekontor.reports import views

app_name = "reports"

urlpatterns = [
    path("<int:round_pk>/organisasjon.<str:fmt>", views.organisation_report, name="organisation"),
    path("<int:round_pk>/enhet/<int:unit_pk>.<str:fmt>", views.unit_report, name="unit"),
]
