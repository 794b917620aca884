from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wowdesk.accounts"
    label = "accounts"
