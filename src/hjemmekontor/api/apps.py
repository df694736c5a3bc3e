from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hjemmekontor.api"
    verbose_name = "API"
