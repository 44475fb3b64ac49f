"""Residents sign in with their mobile number and a one-time code sent by text message.

Codes: six digits, only their keyed hash kept, five minutes, five tries each, the newest one only.
Limits: codes per number and per client address (an IPv6 /64 counts as one), and failed entries
per number and per address within a window; while a limit holds nothing is sent or checked and
the answer says when to try again. Staff accounts never sign in this way: a number only ever
leads to a resident's own portal account."""

from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from jingwang.accounts.models import RoleAssignment, User
from jingwang.accounts.services import _address_key  # the sign-in page's unit of throttling
from jingwang.audit.models import Outcome
from jingwang.audit.services import audit_record
from jingwang.core import context
from jingwang.core.errors import ServiceError
from jingwang.core.identity import mask_phone
from jingwang.core.roles import Role
from jingwang.notifications import sms
from jingwang.portal.models import Resident, SignInCode, Throttle
from jingwang.registry.identifiers import phone_index
from jingwang.registry.models import Person
from jingwang.territory.models import Node, NodeKind

CODE_LIFETIME = timedelta(minutes=5)
CODE_TRIES = 5
CODES_PER_NUMBER = 3  # in CODE_WINDOW
CODES_PER_ADDRESS = 10  # in CODE_WINDOW
CODE_WINDOW = timedelta(minutes=15)
FAILURES_PER_NUMBER = 10  # in FAILURE_WINDOW
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(hours=1)
MOBILE = re.compile(r"^1[3-9]\d{9}$")


def clean_mobile(text: str) -> str:
    """A mainland mobile number (11 digits, spaces, dashes and a +86 prefix allowed) or a 400."""
    digits = re.sub(r"[\s\-()]", "", str(text or ""))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not MOBILE.match(digits):
        raise ServiceError(
            "invalid_mobile",
            _("Enter an 11-digit mobile number."),
            fields={"mobile": [_("Enter an 11-digit mobile number.")]},
        )
    return digits


def _code_hash(mobile_idx: str, code: str) -> str:
    return salted_hmac("jingwang.portal.signin.code", f"{mobile_idx}:{code}", algorithm="sha256").hexdigest()


def _wait_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return _("Too many attempts. Try again in %(minutes)d minutes.") % {"minutes": minutes}


def _throttled(seconds: float) -> ServiceError:
    return ServiceError("throttled", _wait_message(seconds))


def _address() -> str:
    return _address_key(context.current().source_address)


# --- sending a code -------------------------------------------------------------------------------


def code_send(*, mobile: str) -> None:
    """Send a sign-in code to `mobile`, within the limits per number and per address."""
    number = clean_mobile(mobile)
    idx = phone_index(number)
    address = _address()
    now = timezone.now()
    since = now - CODE_WINDOW
    with transaction.atomic():
        _failures_block(idx, address, now)
        by_number = SignInCode.objects.filter(mobile_index=idx, created_at__gte=since).order_by("created_at")
        if by_number.count() >= CODES_PER_NUMBER:
            first = by_number.first()
            assert first is not None
            _audit("portal.code.refused", number, reason="number_limit")
            raise _throttled((first.created_at + CODE_WINDOW - now).total_seconds())
        if address:
            by_address = SignInCode.objects.filter(address=address, created_at__gte=since).order_by("created_at")
            if by_address.count() >= CODES_PER_ADDRESS:
                first = by_address.first()
                assert first is not None
                _audit("portal.code.refused", number, reason="address_limit")
                raise _throttled((first.created_at + CODE_WINDOW - now).total_seconds())
        # Only the newest code counts: earlier ones stop working.
        SignInCode.objects.filter(mobile_index=idx, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        code = f"{secrets.randbelow(1_000_000):06d}"
        SignInCode.objects.create(
            mobile_index=idx,
            code_hash=_code_hash(idx, code),
            address=address,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        _audit("portal.code.sent", number)
        text = _("Sunshine policing sign-in code: %(code)s. Valid for 5 minutes; never tell anyone.") % {"code": code}
        # Sent inside the transaction: a code that could not be sent is not kept (the backend raises).
        try:
            sms.backend().send(number, text)
        except Exception as exc:
            raise ServiceError("sms_failed", _("The text message could not be sent. Please try again later.")) from exc


def _audit(action: str, number: str, outcome: str = Outcome.SUCCESS, **details: str) -> None:
    audit_record(
        action=action,
        outcome=outcome if action != "portal.code.refused" else Outcome.DENIED,
        object_type="portal.resident",
        details={"mobile": mask_phone(number), **details},
    )


# --- checking a code ------------------------------------------------------------------------------


@dataclass
class SignInOutcome:
    user: User | None
    error: str = ""


def _window_failures(key: str, now: datetime) -> int:
    row = Throttle.objects.filter(key=key).first()
    if row is None or row.window_started_at < now - FAILURE_WINDOW:
        return 0
    return row.failures


def _failures_block(idx: str, address: str, now: datetime) -> None:
    """Refuse while the number or the address has used up its failed entries in the window."""
    checks = [(f"num:{idx}", FAILURES_PER_NUMBER)]
    if address:
        checks.append((f"addr:{address}", FAILURES_PER_ADDRESS))
    for key, limit in checks:
        if _window_failures(key, now) >= limit:
            row = Throttle.objects.get(key=key)
            raise _throttled((row.window_started_at + FAILURE_WINDOW - now).total_seconds())


def _count_failure(key: str, now: datetime) -> None:
    row, _created = Throttle.objects.select_for_update().get_or_create(key=key, defaults={"window_started_at": now})
    if row.window_started_at < now - FAILURE_WINDOW:
        row.window_started_at, row.failures = now, 0
    row.failures += 1
    row.save(update_fields=["window_started_at", "failures"])


def code_check(*, mobile: str, code: str) -> User:
    """The resident's account when `code` is the live code sent to `mobile` (created on the first
    sign-in); a ServiceError otherwise, every failure counted against the number and the address."""
    number = clean_mobile(mobile)
    idx = phone_index(number)
    address = _address()
    now = timezone.now()
    entered = re.sub(r"\s", "", str(code or ""))
    wrong = ServiceError(
        "wrong_code",
        _("The code is wrong or has expired. Ask for a new code."),
        fields={"code": [_("The code is wrong or has expired.")]},
    )
    with transaction.atomic():
        _failures_block(idx, address, now)
        live = (
            SignInCode.objects.select_for_update()
            .filter(mobile_index=idx, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        good = False
        if live is not None:
            live.attempts += 1
            good = live.attempts <= CODE_TRIES and constant_time_compare(live.code_hash, _code_hash(idx, entered))
            if good:
                live.used_at = now
            live.save(update_fields=["attempts", "used_at"])
        if not good:
            _count_failure(f"num:{idx}", now)
            if address:
                _count_failure(f"addr:{address}", now)
            _audit("portal.sign_in", number, outcome=Outcome.FAILURE, reason="wrong_code")
    if not good:
        raise wrong
    with transaction.atomic():
        user = resident_account(number)
        user.last_login = now
        user.save(update_fields=["last_login"])
        audit_record(
            action="auth.sign_in",
            actor=user,
            object_type="accounts.user",
            object_id=user.pk,
            details={"method": "portal_code"},
        )
    return user


# --- the resident's account -----------------------------------------------------------------------


def _community_of(number: str) -> tuple[Person | None, Node | None]:
    person = (
        Person.objects.filter(phone_index=phone_index(number), is_active=True)
        .select_related("grid__parent")
        .order_by("pk")
        .first()
    )
    if person is None:
        return None, None
    node = person.grid.parent
    while node is not None and node.kind != NodeKind.COMMUNITY:
        node = node.parent
    return person, node


def resident_account(number: str) -> User:
    """The portal account of the holder of `number`, made on the first sign-in: a user without a
    password, role resident over the community of the registry person with that number (none when
    the registry does not know the number). Refused for an account that holds a staff role."""
    idx = phone_index(number)
    found = Resident.objects.select_related("user").filter(mobile_index=idx).first()
    if found is not None:
        user = found.user
        staff = RoleAssignment.objects.filter(user=user).exclude(role=Role.RESIDENT).exists()
        if staff or not user.is_active:
            _audit("portal.sign_in", number, outcome=Outcome.DENIED, reason="not_a_resident")
            raise ServiceError("not_a_resident", _("This account cannot sign in here."))
        return user
    _person, community = _community_of(number)
    user = User(
        username=f"resident-{idx[:20]}",
        display_name=_("Resident %(mobile)s") % {"mobile": mask_phone(number)},
        home_node=community,
    )
    user.password = make_password(None)  # no password: the code is the only way in
    user.set_mobile(number)
    try:
        with transaction.atomic():
            user.save()
            Resident.objects.create(user=user, mobile_index=idx, community=community)
            if community is not None:
                RoleAssignment.objects.create(user=user, role=Role.RESIDENT, node=community)
            audit_record(
                action="portal.resident.create",
                object_type="accounts.user",
                object_id=user.pk,
                details={"mobile": mask_phone(number), "community": getattr(community, "code", "")},
            )
    except IntegrityError:  # the same number signing in twice at once: the other request made it
        return Resident.objects.select_related("user").get(mobile_index=idx).user
    return user
