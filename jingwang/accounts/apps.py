from django.apps import AppConfig

from jingwang.accounts import navigation, permissions
from jingwang.core.access import register_grant_loader
from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions


class AccountsConfig(AppConfig):
    name = "jingwang.accounts"
    label = "accounts"

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        # Grants are the accounts app's rows; core's access checks load them through this hook.
        # (Selectors import models, which may not be imported before the app registry is ready.)
        from jingwang.accounts.selectors import grants_of_user

        register_grant_loader(grants_of_user)
