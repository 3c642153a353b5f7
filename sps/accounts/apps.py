from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sps.accounts"
    label = "accounts"
    verbose_name = "Comptes"
