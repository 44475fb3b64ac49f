from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jingwang.accounts"
    label = "accounts"
