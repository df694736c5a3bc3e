from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hjemmekontor.web"
    verbose_name = "Nettsted"
