from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """PDF, HTML, XLSX and CSV reports of a round's results."""

    name = "hjemmekontor.reports"
    label = "reports"
    verbose_name = "Rapporter"
