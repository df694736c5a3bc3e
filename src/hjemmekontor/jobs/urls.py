from django.urls import path

from hjemmekontor.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/prov-igjen/", views.job_retry, name="retry"),
]
