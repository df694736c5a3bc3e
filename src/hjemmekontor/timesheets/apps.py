from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    name = "hjemmekontor.timesheets"
    label = "timesheets"
    verbose_name = "Arbeidstid"

    def ready(self) -> None:
        # The HMS risk assessment asks registered providers for evidence; working-time
        # patterns are evidence for the hazard "after_hours" (see evidence.py).
        from django.apps import apps

        if apps.is_installed("hjemmekontor.hms"):
            from hjemmekontor.timesheets import evidence

            evidence.register()
