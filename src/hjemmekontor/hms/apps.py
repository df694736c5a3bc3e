from django.apps import AppConfig


class HmsConfig(AppConfig):
    name = "hjemmekontor.hms"
    label = "hms"
    verbose_name = "HMS-oppfølging"
