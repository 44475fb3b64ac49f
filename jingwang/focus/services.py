"""Listing and delisting focus persons: listed by the community officer, approved by a station
leader (a simple approval state on the listing: pending → active, delist_pending → delisted);
renewed with a reason at the review date or lapsed by the worker's sweep (kept in history)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.accounts.models import User
from jingwang.audit.services import audit_record
from jingwang.core.access import grants, has_permission, scope_grants
from jingwang.core.errors import Conflict, Forbidden, NotFound, ServiceError
from jingwang.core.types import Actor
from jingwang.focus.followups import followup_open, followups_cancel
from jingwang.focus.models import (
    Cadence,
    CareAssignment,
    Category,
    Listing,
    ListingEvent,
    ListingState,
    care_workers_under,
)
from jingwang.notifications.services import leaders_over, notify
from jingwang.registry.models import Person
from jingwang.territory.models import Node

S = ListingState


def _invalid(errors: dict[str, list[Any]]) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields=errors)


def _serves(user: User, grid: Node, role: str) -> bool:
    """Whether `user` holds `role` over a node containing `grid`."""
    paths = [p for p in (grid.path, grid.police_path) if p]
    return any(g.role == role and any(p.startswith(g.path) for p in paths) for g in grants(user))


def _log(listing: Listing, by: Actor | None, kind: str, note: str = "") -> None:
    ListingEvent.objects.create(listing=listing, actor=by, kind=kind, note=note[:4000])
    audit_record(
        action=f"focus.listing.{kind}",
        actor=by,
        object_type="focus.listing",
        object_id=listing.pk,
        details={"state": listing.state},
    )


def listing_create(
    *,
    by: Actor,
    person: Person,
    category: Category,
    legal_basis: str,
    tier: str,
    review_date: date,
    officer: User | None = None,
    grid_worker: User | None = None,
    address: str = "",
    helpers: str = "",
    guardian: str = "",
    plan: str = "",
    look_for: str = "",
    since: date | None = None,
) -> Listing:
    """List a registry person in the caller's scope; a station leader approves it."""
    if not has_permission(by, Listing, "add"):
        raise Forbidden(_("You may not list focus persons."))
    if not Person.objects.restrict(by).filter(pk=person.pk, is_active=True).exists():
        raise NotFound()
    errors: dict[str, list[Any]] = {}
    if not legal_basis.strip():
        errors["legal_basis"] = [_("Name the decision or document the listing rests on.")]
    if tier not in dict(category.tiers()):
        errors["tier"] = [_("Choose a tier of the category's scale.")]
    if not category.is_active:
        errors["category"] = [_("Unknown value.")]
    if review_date <= timezone.localdate():
        errors["review_date"] = [_("The review date must lie in the future.")]
    if Listing.objects.filter(
        person=person, category=category, state__in=(S.PENDING, S.ACTIVE, S.DELIST_PENDING)
    ).exists():
        errors["category"] = [_("This person is already listed in this category.")]
    if grid_worker is not None and not _serves(grid_worker, person.grid, "grid_worker"):
        errors["grid_worker"] = [_("Choose a grid worker of the person's grid.")]
    if errors:
        raise _invalid(errors)
    with transaction.atomic():
        listing = Listing.objects.create(
            person=person,
            category=category,
            grid=person.grid,
            legal_basis=legal_basis.strip()[:300],
            tier=tier,
            review_date=review_date,
            officer=officer or by,
            grid_worker=grid_worker,
            address=address.strip()[:300],
            helpers=helpers.strip()[:200],
            guardian=guardian.strip()[:100],
            plan=plan.strip(),
            look_for=look_for.strip()[:300],
            since=since,
            listed_by=by,
        )
        _log(listing, by, "listed", legal_basis)
        notify(
            leaders_over(listing.grid, "station_leader"),
            kind="focus.approve",
            title=_("A focus person listing awaits approval"),
            body=person.name,
            link=listing.get_absolute_url(),
            subject=listing,
        )
    return listing


def _locked(by: Actor, listing_id: int, action: str) -> Listing:
    listing = Listing.objects.restrict(by, action).select_for_update().filter(pk=listing_id).first()
    if listing is None:
        if Listing.objects.restrict(by, "view").filter(pk=listing_id).exists():
            raise Forbidden()
        raise NotFound()
    return listing


def _need(listing: Listing, *states: str) -> None:
    if listing.state not in states:
        raise Conflict("wrong_state", _("This is not possible in the listing's current state."))


def listing_decide(*, by: Actor, listing_id: int, approve: bool, note: str = "") -> Listing:
    """A station leader approves a listing (its first follow-up is opened) or refuses it."""
    with transaction.atomic():
        listing = _locked(by, listing_id, "approve")
        _need(listing, S.PENDING)
        if not approve and not note.strip():
            raise _invalid({"note": [_("Give the reason for refusing.")]})
        listing.state = S.ACTIVE if approve else S.REJECTED
        listing.approved_by, listing.approved_at = by, timezone.now()
        if not approve:
            listing.ended_at = timezone.now()
        listing.version += 1
        listing.save()
        _log(listing, by, "approved" if approve else "rejected", note)
        if approve:
            followup_open(listing)
    return listing


def listing_renew(*, by: Actor, listing_id: int, review_date: date, reason: str) -> Listing:
    """Keep the person on the ledger until a new review date, with the reason."""
    with transaction.atomic():
        listing = _locked(by, listing_id, "change")
        _need(listing, S.ACTIVE)
        errors: dict[str, list[Any]] = {}
        if not reason.strip():
            errors["reason"] = [_("Give the reason for keeping the person listed.")]
        if review_date <= timezone.localdate():
            errors["review_date"] = [_("The review date must lie in the future.")]
        if errors:
            raise _invalid(errors)
        listing.review_date = review_date
        listing.version += 1
        listing.save()
        _log(listing, by, "renewed", reason)
    return listing


def listing_request_delist(*, by: Actor, listing_id: int, reason: str) -> Listing:
    with transaction.atomic():
        listing = _locked(by, listing_id, "change")
        _need(listing, S.ACTIVE)
        if not reason.strip():
            raise _invalid({"reason": [_("Give the reason for delisting.")]})
        listing.state, listing.delist_reason = S.DELIST_PENDING, reason.strip()
        listing.version += 1
        listing.save()
        _log(listing, by, "delist_requested", reason)
        notify(
            leaders_over(listing.grid, "station_leader"),
            kind="focus.approve",
            title=_("A delisting awaits approval"),
            body=listing.person.name,
            link=listing.get_absolute_url(),
            subject=listing,
        )
    return listing


def listing_decide_delist(*, by: Actor, listing_id: int, approve: bool, note: str = "") -> Listing:
    with transaction.atomic():
        listing = _locked(by, listing_id, "approve")
        _need(listing, S.DELIST_PENDING)
        if approve:
            listing.state, listing.delisted_by, listing.ended_at = S.DELISTED, by, timezone.now()
            followups_cancel(listing, _("Delisted"))
        else:
            listing.state = S.ACTIVE
        listing.version += 1
        listing.save()
        _log(listing, by, "delisted" if approve else "delist_refused", note)
    return listing


def listings_lapse(today: date | None = None) -> int:
    """The worker's sweep: a listing not renewed by its review date leaves the active ledger
    (state `lapsed`, kept with its history); its open follow-up is cancelled. Once only."""
    today = today or timezone.localdate()
    lapsed = 0
    due = Listing.objects.filter(state__in=(S.ACTIVE, S.DELIST_PENDING), review_date__lte=today).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            listing = Listing.objects.select_for_update().get(pk=pk)
            if listing.state not in (S.ACTIVE, S.DELIST_PENDING) or listing.review_date > today:
                continue
            listing.state, listing.ended_at = S.LAPSED, timezone.now()
            listing.version += 1
            listing.save()
            followups_cancel(listing, _("The listing lapsed at its review date"))
            _log(listing, None, "lapsed", _("Not renewed by the review date %(date)s") % {"date": listing.review_date})
            notify(
                [listing.officer],
                kind="focus.lapsed",
                title=_("A focus person listing lapsed"),
                body=listing.person.name,
                link=listing.get_absolute_url(),
                subject=listing,
            )
            lapsed += 1
    return lapsed


def cadence_save(*, by: Actor, cadence_id: int, interval_days: int, source: str = "") -> Cadence:
    """The system administrator sets how often a category and tier is followed up."""
    if not 1 <= interval_days <= 366:
        raise _invalid({"interval_days": [_("Between 1 and 366 days.")]})
    with transaction.atomic():
        cadence = Cadence.objects.restrict(by, "change").select_for_update().filter(pk=cadence_id).first()
        if cadence is None:
            raise NotFound()
        before = cadence.interval_days
        cadence.interval_days, cadence.source = interval_days, source.strip()[:200]
        cadence.version += 1
        cadence.save()
        audit_record(
            action="focus.cadence.change",
            actor=by,
            object_type="focus.cadence",
            object_id=cadence.pk,
            details={"before": before, "after": interval_days},
        )
    return cadence


def care_assign(*, by: Actor, user_id: int, category_id: int) -> CareAssignment:
    """The security administrator gives a care worker of their territory a category to care for
    (the worker then sees that category's persons within their own role's territory). Audited."""
    if not has_permission(by, CareAssignment, "add"):
        raise Forbidden(_("You may not assign care workers."))
    paths = sorted({g.path for g in scope_grants(by, CareAssignment, "add")})
    if not User.objects.filter(pk=user_id, pk__in=care_workers_under(paths)).exists():
        raise ServiceError(
            "invalid", _("Some fields are invalid."), fields={"user": [_("Choose a care worker of your territory.")]}
        )
    if not Category.objects.filter(pk=category_id, is_active=True).exists():
        raise ServiceError("invalid", _("Some fields are invalid."), fields={"category": [_("Unknown value.")]})
    with transaction.atomic():
        if CareAssignment.objects.filter(user_id=user_id, category_id=category_id).exists():
            raise ServiceError(
                "invalid",
                _("Some fields are invalid."),
                fields={"category": [_("This care worker already cares for this category.")]},
            )
        assignment = CareAssignment.objects.create(user_id=user_id, category_id=category_id)
        audit_record(
            action="focus.care.assign",
            actor=by,
            object_type="focus.careassignment",
            object_id=assignment.pk,
            details={"user": user_id, "category": category_id},
        )
    return assignment


def care_unassign(*, by: Actor, assignment_id: int) -> None:
    """Take a category from a care worker (of the administrator's territory). Audited."""
    if not has_permission(by, CareAssignment, "delete"):
        raise Forbidden(_("You may not assign care workers."))
    with transaction.atomic():
        assignment = CareAssignment.objects.restrict(by, "delete").select_for_update().filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound()
        details = {"user": assignment.user_id, "category": assignment.category_id}
        assignment.delete()
        audit_record(
            action="focus.care.unassign",
            actor=by,
            object_type="focus.careassignment",
            object_id=assignment_id,
            details=details,
        )
