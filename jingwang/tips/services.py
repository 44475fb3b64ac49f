"""Writes of tips and evaluations. A tip opens its case through the casework engine (timeline,
deadlines, audit and the officer's notification are the engine's); the resident acts only on
their own tip (or on the one whose tracking code they hold) and only through these services."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.casework.attachments import attachments_keep
from jingwang.casework.models import Case
from jingwang.casework.services import case_open, case_transition
from jingwang.casework.workflow import type_services
from jingwang.core import crypto
from jingwang.core.errors import ServiceError
from jingwang.core.roles import Role
from jingwang.notifications.services import leaders_over, notify
from jingwang.portal.appointments import booking_to_rate
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.spatial import grid_for_point
from jingwang.tips.evaluations import Subject, evaluated_kind
from jingwang.tips.models import KIND, ApiClient, Category, Evaluation, Source, Tip

# An unambiguous alphabet (no 0/O, 1/I/L): 16 characters carry 80 random bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16
DESCRIPTION_MAX = 2000
ADDRESS_MAX = 200


def _invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- Tracking codes ---------------------------------------------------------------------------


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """What the resident typed, as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_index(code: str) -> str:
    return crypto.blind_index(normalise_code(code), context="tips.code")


# --- Where a tip goes ---------------------------------------------------------------------------


def community_officer(grid: Node) -> Any:
    """The community officer over the grid's police district (the first, when several)."""
    found = leaders_over(grid, Role.COMMUNITY_OFFICER)
    return found[0] if found else None


def communities() -> list[Node]:
    return list(Node.objects.filter(kind=NodeKind.COMMUNITY, is_active=True).order_by("code"))


def _first_grid(community: Node) -> Node | None:
    return (
        Node.objects.filter(parent=community, kind=NodeKind.GRID, is_active=True).order_by("code").first()
        if community.kind == NodeKind.COMMUNITY
        else None
    )


def locate(*, lat: Decimal | None, lon: Decimal | None, community: Node | None) -> Node:
    """The grid a tip is filed under: the one under its point on the map, else the first grid of
    the community the resident chose."""
    if (lat is None) != (lon is None):
        raise _invalid("lat", _("Give both coordinates of the point, or none."))
    if lat is not None and lon is not None:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise _invalid("lat", _("The point lies outside the map."))
        grid = grid_for_point(float(lon), float(lat))
        if grid is not None:
            return grid
    if community is not None:
        grid = _first_grid(community)
        if grid is not None:
            return grid
    if lat is not None:
        raise _invalid("lat", _("The point lies outside our area; choose your community instead."))
    raise _invalid("community", _("Pick the place on the map or choose your community."))


# --- Abuse (SECURITY 30) -----------------------------------------------------------------------


def origin_of(address: str) -> str:
    """The throttled network unit of a sender, as a keyed hash ("" when there is none)."""
    from jingwang.accounts.services import _address_key

    unit = _address_key(address) if address else ""
    return crypto.blind_index(unit, context="tips.origin") if unit else ""


def _throttle(*, resident: Any, contact_index: str, origin: str) -> None:
    now = timezone.now()
    per_number = _setting("TIPS_PER_NUMBER_PER_DAY", 5)
    per_address = _setting("TIPS_PER_ADDRESS_PER_HOUR", 20)
    recent = Tip.objects.filter(created_at__gte=now - timedelta(days=1))
    sender = None
    if resident is not None:
        sender = recent.filter(resident=resident)
    elif contact_index:
        sender = recent.filter(contact_index=contact_index)
    if sender is not None and sender.count() >= per_number:
        raise ServiceError(
            "throttled", _("You have sent %(n)d tips today; try again tomorrow, or call 110.") % {"n": per_number}
        )
    if origin and recent.filter(origin_index=origin, created_at__gte=now - timedelta(hours=1)).count() >= per_address:
        raise ServiceError("throttled", _("Too many tips from your network address; try again in an hour."))


# --- Submitting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    tip: Tip
    code: str  # shown once to the sender, never stored in clear


def _case_description(*, category: Category, description: str, address_text: str) -> str:
    """The case's text: what was reported and where. Who reported it is on the tip's own page,
    which only the police read (grid workers, mediators and departments may read cases)."""
    return "\n".join([f"{_('Category')}: {category.name}", f"{_('Place')}: {address_text or '—'}", "", description])


def tip_submit(
    *,
    category: Category,
    description: str,
    address_text: str = "",
    lat: Decimal | None = None,
    lon: Decimal | None = None,
    community: Node | None = None,
    resident: Any = None,
    show_name: bool = False,
    reporter_name: str = "",
    contact: str = "",
    client: ApiClient | None = None,
    origin: str = "",
    files: list[UploadedFile] | None = None,
) -> Submitted:
    """A resident's tip (portal, signed in) or an Open311 client's request: checked, throttled,
    filed as a `tips.tip` case in the grid of its place, assigned to the grid's community officer."""
    if category is None or not category.is_active:
        raise _invalid("category", _("Choose a category."))
    text = (description or "").strip()
    if len(text) < 5:
        raise _invalid("description", _("Describe what happened in a few words."))
    if len(text) > DESCRIPTION_MAX:
        raise _invalid("description", _("At most %(n)d characters.") % {"n": DESCRIPTION_MAX})
    address_text = (address_text or "").strip()
    if len(address_text) > ADDRESS_MAX:
        raise _invalid("address_text", _("At most %(n)d characters.") % {"n": ADDRESS_MAX})
    if not address_text and lat is None:
        raise _invalid("address_text", _("Say where, or pick the place on the map."))
    grid = locate(lat=lat, lon=lon, community=community)
    name = (reporter_name or (getattr(resident, "display_name", "") if resident is not None else "")).strip()[:50]
    contact = contact.strip()[:40]
    protected = crypto.protect(contact, context="tips.contact", masked=_mask(contact)) if contact else crypto.EMPTY
    _throttle(resident=resident, contact_index=protected.index, origin=origin)
    officer = community_officer(grid)
    with transaction.atomic():
        case = case_open(
            by=None,
            kind=KIND,
            title=f"{category.name}: {text[:40]}",
            grid=grid,
            description=_case_description(category=category, description=text, address_text=address_text),
            assignee=officer,
            note=str(Source.OPEN311.label if client is not None else Source.PORTAL.label),
        )
        code = new_tracking_code()
        tip = Tip.objects.create(
            case=case,
            category=category,
            description=text,
            address_text=address_text,
            lat=lat,
            lon=lon,
            source=Source.OPEN311 if client is not None else Source.PORTAL,
            resident=resident,
            reporter_name=name,
            show_name=show_name,
            contact_enc=protected.enc,
            contact_index=protected.index,
            contact_masked=protected.masked,
            client=client,
            origin_index=origin,
            code_index=code_index(code),
        )
        page = reverse("tips:staff-detail", args=[tip.pk])
        who = _("Who sent it: on the tip's page, for the police only: %(url)s") % {"url": page}
        Case.objects.filter(pk=case.pk).update(description=f"{case.description}\n\n{who}")
        kept = attachments_keep(case=case, by=None, files=files or [])
        audit_record(
            action="tips.tip.submit",
            actor=resident,
            object_type="tips.tip",
            object_id=tip.pk,
            details={"case": case.number, "grid": grid.code, "files": len(kept), "source": tip.source},
        )
    return Submitted(tip, code)


def _mask(contact: str) -> str:
    from jingwang.core.identity import mask_phone

    digits = "".join(ch for ch in contact if ch.isdigit())
    return mask_phone(digits) if len(digits) >= 7 else "***"


# --- The resident's own actions ------------------------------------------------------------------


def tip_by_code(code: str) -> Tip | None:
    if len(normalise_code(code)) != CODE_LENGTH:
        return None
    return Tip.objects.select_related("category").filter(code_index=code_index(code)).first()


def may_reopen(tip: Tip, now: Any = None) -> bool:
    if not tip.is_closed or tip.closed_at is None:
        return False
    days = _setting("TIPS_REOPEN_DAYS", 14)
    return (now or timezone.now()) <= tip.closed_at + timedelta(days=days)


def tip_reopen(*, tip_id: int, reason: str, resident: Any = None) -> Tip:
    """The resident says a closed tip is not done: back to the officer's queue, with the reason
    on the timeline, within the reopening period."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why it is not done."))
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip_id)
        if not tip.is_closed:
            raise ServiceError("conflict", _("This tip is still being handled."))
        if not may_reopen(tip):
            raise ServiceError("too_late", _("The time to reopen this tip has passed; send a new one."))
        with type_services():
            case_transition(by=None, case_id=tip.case_id, transition="reopen", note=reason[:1000])
        Tip.objects.filter(pk=tip.pk).update(reopened=tip.reopened + 1)
        case = Case.objects.select_related("assignee").get(pk=tip.case_id)
        notify(
            [case.assignee],
            kind="tips.reopened",
            title=_("A resident reopened a tip"),
            link=case.get_absolute_url(),
            subject=case,
        )
        audit_record(
            action="tips.tip.reopen",
            actor=resident,
            object_type="tips.tip",
            object_id=tip.pk,
            details={"case": case.number},
        )
    tip.refresh_from_db()
    return tip


def evaluation_submit(
    *, resident: Any, kind: str, object_id: int, rating: int, comment: str = "", period: str = ""
) -> Evaluation:
    """One rating (1–5) with a comment, once per resident per item (and period)."""
    evaluated = evaluated_kind(kind)
    if evaluated is None:
        raise _invalid("kind", _("Unknown value."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise _invalid("rating", _("Rate from 1 to 5."))
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise _invalid("comment", _("At most %(n)d characters.") % {"n": 500})
    subject: Subject = evaluated.subject(resident, object_id, period)
    try:
        with transaction.atomic():
            row = Evaluation.objects.create(
                kind=kind,
                object_id=object_id,
                period=period,
                resident=resident,
                rating=rating,
                comment=comment,
                officer=subject.officer,
                grid=subject.grid,
            )
            audit_record(
                action="tips.evaluation.submit",
                actor=resident,
                object_type="tips.evaluation",
                object_id=row.pk,
                details={"kind": kind, "item": object_id, "period": period, "rating": rating},
            )
    except IntegrityError:
        raise ServiceError("conflict", _("You have already evaluated this.")) from None
    return row


# --- What may be evaluated (declared in apps.py) -------------------------------------------------


def tip_subject(resident: Any, object_id: int, period: str) -> Subject:
    """A closed tip of the resident's own: the officer who held it, in its grid."""
    tip = Tip.objects.select_related("case__assignee", "case__grid").filter(pk=object_id, resident=resident).first()
    if tip is None or resident is None:
        raise ServiceError("not_found", _("No such tip of yours."))
    if not tip.is_closed:
        raise ServiceError("conflict", _("A tip is evaluated once it is closed."))
    if period:
        raise _invalid("period", _("Unknown value."))
    return Subject(officer=tip.case.assignee, grid=tip.case.grid)


def officer_year_subject(resident: Any, object_id: int, period: str) -> Subject:
    """The community officer's year in a community the resident lives in (this year or last)."""
    from jingwang.core.access import grants

    year = timezone.localdate().year
    if period not in (str(year), str(year - 1)):
        raise _invalid("period", _("Evaluate this year or last year."))
    mine = {g.node_id for g in grants(resident) if g.role == Role.RESIDENT}
    community = Node.objects.filter(pk=object_id, kind=NodeKind.COMMUNITY).first()
    if community is None or community.pk not in mine:
        raise ServiceError("not_found", _("You may evaluate the officer of your own community only."))
    grid = _first_grid(community)
    if grid is None:
        raise ServiceError("not_found", _("This community has no grid yet."))
    return Subject(officer=community_officer(grid), grid=grid)


def appointment_subject(resident: Any, object_id: int, period: str) -> Subject:
    """A visit of the resident's own that took place (its time passed, not cancelled): the
    community officer over the office's police district, filed under the district's first grid (so
    it is in the district's scope and counts in the officer's figures). Bookings do not record who
    served, so the district's officer answers for the office, as for the yearly evaluation."""
    booking = booking_to_rate(resident=resident, booking_id=object_id)
    if period:
        raise _invalid("period", _("Unknown value."))
    district = booking.slot.service.office.district
    grid = Node.objects.filter(kind=NodeKind.GRID, police_district=district, is_active=True).order_by("code").first()
    if grid is None:
        raise ServiceError("not_found", _("This police district has no grid yet."))
    return Subject(officer=community_officer(grid), grid=grid)


# --- Open311 clients (managed by the system administrator) --------------------------------------


def key_index(key: str) -> str:
    return crypto.blind_index(key.strip(), context="tips.open311.key")


def api_client_create(*, by: Any, name: str) -> tuple[ApiClient, str]:
    name = (name or "").strip()
    if not name:
        raise _invalid("name", _("This field is required."))
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        if ApiClient.objects.filter(name=name).exists():
            raise _invalid("name", _("A client of this name exists."))
        client = ApiClient.objects.create(name=name[:100], key_index=key_index(key), key_hint=key[:6], created_by=by)
        audit_record(action="tips.apiclient.create", actor=by, object_type="tips.apiclient", object_id=client.pk)
    return client, key


def api_client_revoke(*, by: Any, client_id: int) -> ApiClient:
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client_id)
        client.is_active = False
        client.save(update_fields=["is_active"])
        audit_record(action="tips.apiclient.revoke", actor=by, object_type="tips.apiclient", object_id=client.pk)
    return client


def api_client_for_key(key: str) -> ApiClient | None:
    if not key:
        return None
    return ApiClient.objects.filter(key_index=key_index(key), is_active=True).first()
