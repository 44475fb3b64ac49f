from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jingwang.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Registers the schema's description of bearer tokens and the session cookie.
        from jingwang.accounts.api import schema  # noqa: F401
