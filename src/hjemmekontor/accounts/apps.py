from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hjemmekontor.accounts"
    verbose_name = "Tilgang"
