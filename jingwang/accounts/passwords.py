"""Password rules beyond Django's own validators (SECURITY 8)."""

from __future__ import annotations

import re

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    def __init__(self, max_length: int = 64) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long: at most %(max)d characters.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("At most %(max)d characters.") % {"max": self.max_length}


class ComplexityValidator:
    """The strict profile: upper case, lower case, a digit and a symbol."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        checks = [r"[A-Z]", r"[a-z]", r"[0-9]", r"[^A-Za-z0-9]"]
        if not all(re.search(c, password) for c in checks):
            raise ValidationError(
                _("Use upper and lower case letters, a digit and a symbol."), code="password_not_complex"
            )

    def get_help_text(self) -> str:
        return _("Use upper and lower case letters, a digit and a symbol.")
