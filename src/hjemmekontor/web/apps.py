from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hjemmekontor.web"
    verbose_name = "Nettsted"

    def ready(self) -> None:
        # Connects the login signal that starts a session's clocks.
        from hjemmekontor.web import sessions  # noqa: F401
