"""Staff and resident accounts, the roles they hold over territory, tokens and the 1+X+N roster."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager, RestrictedQuerySet, grants
from jingwang.core.crypto import decrypt, encrypt
from jingwang.core.identity import mask_phone
from jingwang.core.roles import Role


class UserManager(BaseUserManager["User"]):
    def get_queryset(self) -> RestrictedQuerySet[User]:
        return RestrictedQuerySet(self.model, using=self._db)

    def restrict(self, user: object, action: str = "view") -> RestrictedQuerySet[User]:
        return self.get_queryset().restrict(user, action)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username=username)


class User(AbstractBaseUser):
    """A person who signs in: staff of any role, a volunteer or a resident."""

    username = models.CharField(_("username"), max_length=150, unique=True)
    display_name = models.CharField(_("name"), max_length=100)
    home_node = models.ForeignKey(
        "territory.Node",
        verbose_name=_("home unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The territory node whose security administrator manages this account."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("created at"), auto_now_add=True)
    # Bumped when the account is disabled, moved, demoted or its password changes: every session
    # and token issued before then stops working on its next request (SECURITY 6).
    session_version = models.PositiveIntegerField(_("session version"), default=1)
    mfa_secret = models.CharField(_("TOTP secret (encrypted)"), max_length=255, blank=True)
    mfa_enabled = models.BooleanField(_("second factor enabled"), default=False)
    last_otp_step = models.BigIntegerField(_("last accepted OTP step"), default=0)
    failed_logins = models.PositiveSmallIntegerField(_("failed sign-ins"), default=0)
    first_failed_login_at = models.DateTimeField(_("first failed sign-in"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # A work mobile for urgent text messages (red deadline warnings): encrypted, shown masked.
    mobile = models.CharField(_("mobile (encrypted)"), max_length=255, blank=True)
    mobile_masked = models.CharField(_("mobile"), max_length=20, blank=True)

    objects: ClassVar[UserManager] = UserManager()
    scope_field = "home_node"

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "jingwang.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_version}",
            algorithm="sha256",
        ).hexdigest()

    def set_mobile(self, number: str) -> None:

        self.mobile = encrypt(number, context="user.mobile") if number else ""
        self.mobile_masked = mask_phone(number) if number else ""

    def mobile_number(self) -> str:

        return decrypt(self.mobile, context="user.mobile") if self.mobile else ""

    @property
    def role_codes(self) -> set[str]:

        return {g.role for g in grants(self)}


class RoleAssignment(models.Model):
    """A role held over one territory node: the node's subtree is the user's scope for that role."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    node = models.ForeignKey("territory.Node", verbose_name=_("scope"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager["RoleAssignment"]()
    scope_field = "node"

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "node"], name="accounts_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}@{self.node_id}"


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="tokens")
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    session_version = models.PositiveIntegerField(_("session version"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"token {self.pk} of {self.user_id}"


class AddressThrottle(models.Model):
    """Failed sign-ins from one client address (an IPv6 /64 counts as one) in the current window."""

    address = models.CharField(_("network address"), max_length=64, unique=True)
    window_started_at = models.DateTimeField(_("window started at"))
    failures = models.PositiveIntegerField(_("failed sign-ins"), default=0)
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)
    # Attempts refused while blocked since the last audit row about them (one row a minute at most).
    refused = models.PositiveIntegerField(_("refused attempts"), default=0)
    audited_at = models.DateTimeField(_("last audited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return f"{self.address}: {self.failures}"


class RosterPosition(models.TextChoices):
    OFFICER = "officer", _("Community officer (1)")
    AUXILIARY = "auxiliary", _("Auxiliary officer (X)")
    GRID_WORKER = "grid_worker", _("Grid worker (N)")
    SOCIAL_FORCE = "social_force", _("Other social force (N)")


class RosterMember(models.Model):
    """One member of a police district's 1+X+N roster, an account holder or not."""

    police_district = models.ForeignKey(
        "territory.Node",
        verbose_name=_("police district"),
        on_delete=models.PROTECT,
        related_name="roster",
    )
    position = models.CharField(_("position"), max_length=20, choices=RosterPosition.choices)
    user = models.ForeignKey(
        User, verbose_name=_("account"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedManager["RosterMember"]()
    scope_field = "police_district"

    class Meta:
        verbose_name = _("roster member")
        verbose_name_plural = _("roster members")
        ordering = ["police_district", "position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"
