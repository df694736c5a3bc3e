from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "hjemmekontor.results"
    verbose_name = "Resultater"
    default_auto_field = "django.db.models.BigAutoField"
