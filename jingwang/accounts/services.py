"""Writes to accounts: users, roles over territory, sign-in, second factor, tokens (the roster: roster.py)."""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.accounts.models import AddressThrottle, ApiToken, RoleAssignment, User
from jingwang.audit.models import Outcome
from jingwang.audit.services import audit_record
from jingwang.core import context, crypto
from jingwang.core.access import forget_grants
from jingwang.core.errors import NotFound, PreconditionFailed, ServiceError
from jingwang.core.identity import check_phone
from jingwang.core.roles import ADMIN_ROLES, Role
from jingwang.core.types import Actor
from jingwang.territory.models import Node
from jingwang.territory.scope import node_in_scope

SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_THROTTLED = "throttled"
# Attempts refused from a blocked address are audited as one row a minute with their count, so a
# loop cannot flood the trail.
THROTTLE_AUDIT_EVERY = timedelta(minutes=1)


def _password_errors(password: str, user: User | None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(
            "invalid_password", " ".join(exc.messages), fields={"password": list(exc.messages)}
        ) from None


def _check_role_combination(user: User, role: str) -> None:
    held = set(user.assignments.values_list("role", flat=True))
    if role in ADMIN_ROLES and held - {role}:
        raise ServiceError(
            "separation_of_duties",
            _("An administrator account holds no other role (separation of the three administrators)."),
        )
    if held & ADMIN_ROLES and role not in held:
        raise ServiceError(
            "separation_of_duties",
            _("An administrator account holds no other role (separation of the three administrators)."),
        )


def user_create(
    *,
    by: Actor | None,
    username: str,
    display_name: str,
    password: str,
    role: str,
    scopes: list[Node],
    home_node: Node | None = None,
) -> User:
    """Create an account with one role over one or more nodes. `by=None` is the command line."""
    if role not in Role.values:
        raise ServiceError("invalid_role", _("Unknown role %(role)s.") % {"role": role})
    if not scopes:
        raise ServiceError("scope_required", _("A role is held over at least one territory node."))
    home = home_node or scopes[0]
    if by is not None:
        for node in [*scopes, home]:
            if not node_in_scope(by, node, "accounts.user", "add"):
                raise ServiceError("scope_denied", _("Node %(ref)s is outside your scope.") % {"ref": node.ref})
    username = username.strip()
    if not username or len(username) > 150:
        raise ServiceError("invalid_username", _("Enter a user name of at most 150 characters."))
    candidate = User(username=username, display_name=display_name)
    _password_errors(password, candidate)
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ServiceError("duplicate_username", _("The user name %(name)s is taken.") % {"name": username})
        candidate.home_node = home
        candidate.set_password(password)
        candidate.password_changed_at = timezone.now()
        candidate.save()
        for node in scopes:
            RoleAssignment.objects.create(user=candidate, role=role, node=node)
        audit_record(
            action="accounts.user.create",
            actor=by,
            object_type="accounts.user",
            object_id=candidate.pk,
            details={"role": role, "scopes": [n.ref for n in scopes]},
        )
    return candidate


def _locked_user(by: Actor, user_id: int, action: str = "change") -> User:
    user = User.objects.restrict(by, action).select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFound()
    return user


def role_assign(*, by: Actor, user_id: int, role: str, node: Node) -> RoleAssignment:
    if role not in Role.values:
        raise ServiceError("invalid_role", _("Unknown role %(role)s.") % {"role": role})
    if getattr(by, "pk", None) == user_id:
        raise ServiceError("self_assignment", _("You cannot change your own roles."))
    if not node_in_scope(by, node, "accounts.roleassignment", "add"):
        raise ServiceError("scope_denied", _("Node %(ref)s is outside your scope.") % {"ref": node.ref})
    with transaction.atomic():
        user = _locked_user(by, user_id)
        _check_role_combination(user, role)
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, node=node)
        if created:
            audit_record(
                action="accounts.role.assign",
                actor=by,
                object_type="accounts.user",
                object_id=user.pk,
                details={"role": role, "node": node.ref},
            )
    return assignment


def role_revoke(*, by: Actor, assignment_id: int) -> None:
    """Demotion ends the user's sessions and tokens (SECURITY 6)."""
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.restrict(by, "delete").select_related("node").filter(pk=assignment_id).first()
        )
        if assignment is None:
            raise NotFound()
        if assignment.user_id == getattr(by, "pk", None):
            raise ServiceError("self_assignment", _("You cannot change your own roles."))
        user = _locked_user(by, assignment.user_id)
        details = {"role": assignment.role, "node": assignment.node.ref}
        assignment.delete()
        _end_sessions(user)
        audit_record(
            action="accounts.role.revoke", actor=by, object_type="accounts.user", object_id=user.pk, details=details
        )


def role_withdraw(*, user_id: int, role: str, node: Node) -> int:
    """A role a workflow granted (a verified volunteer's), withdrawn by that workflow: the account's
    sessions and tokens end as with any demotion (SECURITY 6). The caller audits its own step."""
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        return 0
    deleted, _rows = RoleAssignment.objects.filter(user=user, role=role, node=node).delete()
    if deleted:
        _end_sessions(user)
    return deleted


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1, version=F("version") + 1)
    ApiToken.objects.filter(user=user).delete()
    forget_grants(user)


def user_set_active(*, by: Actor, user_id: int, active: bool, expected_version: int | None = None) -> User:
    with transaction.atomic():
        user = _locked_user(by, user_id)
        if user.pk == getattr(by, "pk", None):
            raise ServiceError("self_disable", _("You cannot disable your own account."))
        if expected_version is not None and user.version != expected_version:
            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        if user.is_active != active:
            User.objects.filter(pk=user.pk).update(is_active=active, locked_until=None, failed_logins=0)
            if not active:
                _end_sessions(user)
            else:
                User.objects.filter(pk=user.pk).update(version=F("version") + 1)
            audit_record(
                action="accounts.user.enable" if active else "accounts.user.disable",
                actor=by,
                object_type="accounts.user",
                object_id=user.pk,
            )
        user.refresh_from_db()
    return user


def user_set_mobile(*, by: Actor, user_id: int, mobile: str, expected_version: int | None = None) -> User:
    """Set (or, with "", clear) the work mobile that receives urgent text messages."""
    number = ""
    if mobile.strip():
        checked = check_phone(mobile)
        if not checked.valid or checked.kind != "mobile":
            raise ServiceError(
                "invalid", _("Some fields are invalid."), fields={"mobile": [_("Enter a mobile phone number.")]}
            )
        number = checked.normalized
    with transaction.atomic():
        user = _locked_user(by, user_id)
        if expected_version is not None and user.version != expected_version:
            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        user.set_mobile(number)
        user.version = F("version") + 1
        user.save(update_fields=["mobile", "mobile_masked", "version"])
        audit_record(
            action="accounts.user.mobile",
            actor=by,
            object_type="accounts.user",
            object_id=user.pk,
            details={"mobile": user.mobile_masked},
        )
    user.refresh_from_db()
    return user


def user_set_password(*, by: Actor, user_id: int, password: str) -> None:
    """A security administrator resets a password, or a user changes their own (by == user)."""
    with transaction.atomic():
        if getattr(by, "pk", None) == user_id:
            user = User.objects.select_for_update().get(pk=user_id)
        else:
            user = _locked_user(by, user_id)
        _password_errors(password, user)
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.session_version = F("session_version") + 1
        user.save(update_fields=["password", "password_changed_at", "session_version"])
        ApiToken.objects.filter(user=user).delete()
        audit_record(action="accounts.password.change", actor=by, object_type="accounts.user", object_id=user.pk)
    user.refresh_from_db()


# --- Sign-in ------------------------------------------------------------------------------------


@dataclass
class SignInResult:
    user: User | None
    needs_otp: bool = False
    needs_enrolment: bool = False
    error: str = ""
    retry_after: int = 0  # seconds, when the caller's address is throttled


# --- Per-address throttle (SECURITY 30) ---------------------------------------------------------


def _address_key(address: str) -> str:
    """The throttled unit: an IPv4 address, or the /64 network of an IPv6 address (one subscriber
    holds a whole /64). "" when there is no address (the command line): nothing is throttled."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def sign_in_throttled_message(retry_after: int) -> str:
    """What a throttled caller reads, in their language (the page and the API say the same)."""
    minutes = max(1, math.ceil(retry_after / 60))
    return _("Too many failed sign-ins from your network address. Try again in %(minutes)d minutes.") % {
        "minutes": minutes
    }


def _address_blocked(key: str, now: datetime, username: str) -> int:
    """Seconds until the address may try again (0 when it may now). A refused attempt is counted,
    and audited at most once a minute per address with the number refused since the last row."""
    if not key:
        return 0
    row = AddressThrottle.objects.filter(address=key, blocked_until__gt=now).first()
    if row is None or row.blocked_until is None:
        return 0
    due = row.audited_at is None or now - row.audited_at >= THROTTLE_AUDIT_EVERY
    # One of the concurrent requests claims this minute's audit row; the others are only counted.
    if due and AddressThrottle.objects.filter(pk=row.pk, audited_at=row.audited_at).update(audited_at=now, refused=0):
        _audit_sign_in(None, ok=False, username=username, reason="throttled", refused=row.refused + 1)
    else:
        AddressThrottle.objects.filter(pk=row.pk).update(refused=F("refused") + 1)
    return max(1, math.ceil((row.blocked_until - now).total_seconds()))


def _address_failure(key: str, now: datetime) -> None:
    """Count a failed sign-in against the address; block it for a window when it reaches the limit."""
    if not key:
        return
    window = settings.SIGN_IN_ADDRESS_WINDOW
    row, _created = AddressThrottle.objects.select_for_update().get_or_create(
        address=key, defaults={"window_started_at": now}
    )
    if row.window_started_at < now - window:
        row.window_started_at, row.failures = now, 0
    row.failures += 1
    if row.failures >= settings.SIGN_IN_ADDRESS_LIMIT and not (row.blocked_until and row.blocked_until > now):
        row.blocked_until, row.audited_at, row.refused = now + window, None, 0
        row.window_started_at, row.failures = now, 0
        audit_record(
            action="auth.throttle",
            outcome=Outcome.DENIED,
            details={
                "address": key,
                "failures": settings.SIGN_IN_ADDRESS_LIMIT,
                "until": row.blocked_until.isoformat(),
            },
        )
    row.save()


def _record_failure(user: User, now: datetime) -> None:
    window_start = now - settings.LOCKOUT_WINDOW
    if user.first_failed_login_at is None or user.first_failed_login_at < window_start:
        user.failed_logins, user.first_failed_login_at = 1, now
    else:
        user.failed_logins += 1
    if user.failed_logins >= settings.LOCKOUT_THRESHOLD:
        user.locked_until = now + settings.LOCKOUT_DURATION
        user.failed_logins, user.first_failed_login_at = 0, None
        audit_record(
            action="auth.lockout",
            actor=None,
            actor_username=user.username,
            outcome=Outcome.DENIED,
            object_type="accounts.user",
            object_id=user.pk,
        )
    user.save(update_fields=["failed_logins", "first_failed_login_at", "locked_until"])


def _audit_sign_in(user: User | None, *, ok: bool, username: str = "", reason: str = "", **details: str | int) -> None:
    """One sign-in attempt, as the audit trail records it (SECURITY 12): success or failure."""
    audit_record(
        action="auth.sign_in",
        actor=user if ok else None,
        actor_username=(user.username if user is not None else username[:150]),
        outcome=Outcome.SUCCESS if ok else Outcome.FAILURE,
        object_type="accounts.user" if user is not None else "",
        object_id=user.pk if user is not None else "",
        details={**({"reason": reason} if reason else {}), **details} or None,
    )


def sign_in_check(
    *, username: str, password: str, otp: str | None = None, require_otp: bool | None = None
) -> SignInResult:
    """Check a sign-in attempt. Every outcome is audited; every failure reads the same (SECURITY 9).
    Failures count against the account (lockout) and against the caller's address (throttle: while
    it is blocked, nothing is checked and the answer says when to retry)."""
    require = settings.REQUIRE_MFA if require_otp is None else require_otp
    now = timezone.now()
    address = _address_key(context.current().source_address)
    with transaction.atomic():
        wait = _address_blocked(address, now, username)
        if wait:
            return SignInResult(None, error=SIGN_IN_THROTTLED, retry_after=wait)
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            # Same work as a real check, so timing does not tell whether the name exists.
            User(password="").set_password(password)
            _address_failure(address, now)
            _audit_sign_in(None, ok=False, username=username, reason="unknown_user")
            return SignInResult(None, error=SIGN_IN_FAILED)
        locked = user.locked_until is not None and user.locked_until > now
        good = user.check_password(password)
        if locked or not good or not user.is_active:
            if not locked and not good:
                _record_failure(user, now)
            _address_failure(address, now)
            reason = "locked" if locked else ("bad_password" if not good else "inactive")
            _audit_sign_in(user, ok=False, reason=reason)
            return SignInResult(None, error=SIGN_IN_FAILED)
        if user.mfa_enabled:
            if not otp:
                return SignInResult(user, needs_otp=True)
            if not _otp_ok(user, otp):
                _record_failure(user, now)
                _address_failure(address, now)
                _audit_sign_in(user, ok=False, reason="bad_otp")
                return SignInResult(None, error=SIGN_IN_FAILED)
        elif require:
            return SignInResult(user, needs_enrolment=True)
        user.failed_logins, user.first_failed_login_at, user.locked_until = 0, None, None
        user.last_login = now
        user.save(
            update_fields=["failed_logins", "first_failed_login_at", "locked_until", "last_login", "last_otp_step"]
        )
        _audit_sign_in(user, ok=True)
    return SignInResult(user)


def _otp_ok(user: User, otp: str) -> bool:
    """Accept the current or an adjacent 30 s step once: a code cannot be replayed."""
    if not user.mfa_secret:
        return False
    totp = pyotp.TOTP(crypto.decrypt(user.mfa_secret, context="accounts.user.mfa_secret"))
    code = "".join(ch for ch in otp if ch.isdigit())
    now_step = int(timezone.now().timestamp()) // 30
    for step in (now_step - 1, now_step, now_step + 1):
        if step > user.last_otp_step and secrets.compare_digest(totp.at(step * 30), code):
            user.last_otp_step = step
            return True
    return False


def sign_in_second_factor(*, user: User, otp: str) -> bool:
    """Second step of a sign-in: enrol (first code) or check a code; audited, failures count
    towards the lockout like a wrong password."""
    now = timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active or (locked.locked_until is not None and locked.locked_until > now):
            ok = False
        else:
            ok = _otp_ok(locked, otp)
        if ok:
            locked.mfa_enabled = True
            locked.failed_logins, locked.first_failed_login_at, locked.locked_until = 0, None, None
            locked.last_login = now
            locked.save(
                update_fields=[
                    "mfa_enabled",
                    "last_otp_step",
                    "failed_logins",
                    "first_failed_login_at",
                    "locked_until",
                    "last_login",
                ]
            )
        else:
            _record_failure(locked, now)
            _address_failure(_address_key(context.current().source_address), now)
        second_factor = "enrol" if not user.mfa_enabled else "totp"
        _audit_sign_in(locked, ok=ok, reason="" if ok else "bad_otp", second_factor=second_factor)
    return ok


def step_up_check(*, user: Actor, password: str = "", otp: str = "") -> bool:
    """Confirm the signed-in user's identity again (step-up, SECURITY 11 and 30): the password, or a
    one-time code when the account has a second factor. Like a sign-in, a wrong answer counts towards
    the lockout, a locked or disabled account is refused even with the right answer, and every
    attempt is audited."""
    now = timezone.now()
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        locked = account.locked_until is not None and account.locked_until > now
        method = "totp" if (otp and account.mfa_enabled) else "password"
        good = _otp_ok(account, otp) if method == "totp" else bool(password) and account.check_password(password)
        ok = good and not locked and account.is_active
        if ok:
            fields = ["last_otp_step"] if method == "totp" else []
            if account.failed_logins or account.first_failed_login_at is not None:
                account.failed_logins, account.first_failed_login_at = 0, None
                fields += ["failed_logins", "first_failed_login_at"]
            if fields:
                account.save(update_fields=fields)
        elif not locked and not good:
            _record_failure(account, now)
        reason = "" if ok else ("locked" if locked else ("inactive" if good else f"bad_{method}"))
        audit_record(
            action="auth.reauth",
            actor=user,
            object_type="accounts.user",
            object_id=account.pk,
            outcome=Outcome.SUCCESS if ok else Outcome.FAILURE,
            details={"method": method, **({"reason": reason} if reason else {})},
        )
    return ok


def mfa_enrol_start(*, user: User) -> str:
    """A fresh secret, stored encrypted but not yet enabled; returns the provisioning URI."""
    secret = pyotp.random_base32()
    with transaction.atomic():
        User.objects.filter(pk=user.pk, mfa_enabled=False).update(
            mfa_secret=crypto.encrypt(secret, context="accounts.user.mfa_secret")
        )
    return mfa_provisioning_uri(user=user, secret=secret)


def mfa_pending_secret(*, user: User) -> str:
    return crypto.decrypt(user.mfa_secret, context="accounts.user.mfa_secret")


def mfa_provisioning_uri(*, user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="Jingwang")


def mfa_enrol_confirm(*, user: User, otp: str) -> bool:
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.mfa_enabled or not _otp_ok(locked, otp):
            return False
        locked.mfa_enabled = True
        locked.save(update_fields=["mfa_enabled", "last_otp_step"])
        audit_record(action="auth.mfa.enrol", actor=locked, object_type="accounts.user", object_id=locked.pk)
    user.mfa_enabled = True
    return True


def mfa_reset(*, by: Actor, user_id: int) -> None:
    with transaction.atomic():
        user = _locked_user(by, user_id)
        User.objects.filter(pk=user.pk).update(mfa_enabled=False, mfa_secret="", last_otp_step=0)
        _end_sessions(user)
        audit_record(action="auth.mfa.reset", actor=by, object_type="accounts.user", object_id=user.pk)


def token_issue(*, user: User) -> tuple[str, datetime]:
    """A new bearer token; the audit row names it by its id (never the secret)."""
    key = secrets.token_urlsafe(32)
    expires = timezone.now() + settings.API_TOKEN_LIFETIME
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            session_version=user.session_version,
            expires_at=expires,
        )
        audit_record(
            action="auth.token.issue",
            actor=user,
            object_type="accounts.apitoken",
            object_id=token.pk,
            details={"expires": expires.isoformat()},
        )
    return key, expires


def token_refuse(*, token: ApiToken, reason: str) -> None:
    """A known token that no longer works (expired, idle, revoked): audited by its id, then deleted,
    so it is refused as unknown from then on and a client retrying it cannot flood the trail."""
    with transaction.atomic():
        if ApiToken.objects.filter(pk=token.pk).delete()[0]:
            audit_record(
                action="auth.token.refused",
                actor_username=token.user.username,
                outcome=Outcome.DENIED,
                object_type="accounts.apitoken",
                object_id=token.pk,
                details={"reason": reason, "user": token.user_id},
            )


def tokens_purge() -> int:
    """Delete tokens that can no longer be used (expired or idle); housekeeping."""
    now = timezone.now()
    idle_since = now - settings.API_TOKEN_IDLE_TIMEOUT
    dead = ApiToken.objects.filter(
        Q(expires_at__lte=now)
        | Q(last_used_at__lt=idle_since)
        | Q(last_used_at__isnull=True, created_at__lt=idle_since)
    )
    return dead.delete()[0]


def address_throttles_purge() -> int:
    """Forget addresses whose window and block are over; housekeeping."""
    now = timezone.now()
    stale = AddressThrottle.objects.filter(window_started_at__lt=now - settings.SIGN_IN_ADDRESS_WINDOW).filter(
        Q(blocked_until__isnull=True) | Q(blocked_until__lte=now)
    )
    return stale.delete()[0]
