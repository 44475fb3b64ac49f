from django.apps import AppConfig

from jingwang.audit import navigation, permissions
from jingwang.core.navigation import declare_navigation
from jingwang.core.refusals import register_refusal_recorder
from jingwang.core.roles import declare_permissions


class AuditConfig(AppConfig):
    name = "jingwang.audit"
    label = "audit"

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        # Base views and the middleware record refusals through core; the audit trail keeps them.
        from jingwang.audit.services import audit_denied

        register_refusal_recorder(audit_denied)
