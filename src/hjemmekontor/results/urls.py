from django.urls import path

from hjemmekontor.results import views

app_name = "results"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:round_pk>/", views.unit_page, name="organisation"),
    path("<int:round_pk>/enhet/<int:unit_pk>/", views.unit_page, name="unit"),
    path("<int:round_pk>/sammenlign/", views.compare, name="heatmap"),
]
