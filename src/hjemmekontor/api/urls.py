"""The pages for API keys (the API itself is ``api.endpoints.api``, at /api/)."""

from django.urls import path

from hjemmekontor.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:pk>/trekk-tilbake/", views.revoke, name="revoke"),
]
