from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "hjemmekontor.surveys"
    verbose_name = "Undersøkelser"
