from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "jingwang.verification"
    label = "verification"
