from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "hjemmekontor.organisation"
    verbose_name = "Organisasjon"
