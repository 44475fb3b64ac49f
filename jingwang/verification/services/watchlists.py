"""Writes to watch lists and their entries: create a list, add, renew, remove and import entries.
Each write re-checks permission and scope, locks what it changes and is audited in its transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core import crypto, identity
from jingwang.core.access import has_permission
from jingwang.core.errors import Conflict, NotFound, PreconditionFailed, ServiceError
from jingwang.registry.identifiers import ID_CONTEXT
from jingwang.registry.models import Person
from jingwang.territory.models import Node
from jingwang.territory.scope import node_in_scope
from jingwang.verification.models import WatchCategory, WatchEntry, WatchList
from jingwang.verification.services.checks import lapse_today

LIST_LABEL = "verification.watchlist"
ENTRY_LABEL = "verification.watchentry"


def _invalid(errors: dict[str, list[Any]]) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields=errors)


def _require(by: Any, label: str, action: str) -> None:
    if not has_permission(by, label, action):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def watchlist_create(
    *, by: Any, name: str, category: str, legal_basis: str, node: Node, review_period_days: int = 180
) -> WatchList:
    """A new list kept by `node` (the owner's station or another node of their scope)."""
    _require(by, LIST_LABEL, "add")
    errors: dict[str, list[Any]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if category not in WatchCategory.values:
        errors["category"] = [_("Choose a category.")]
    if len(legal_basis.strip()) < 2:
        errors["legal_basis"] = [_("State the legal basis of the list.")]
    if not 1 <= review_period_days <= 3660:
        errors["review_period_days"] = [_("The review period is 1 to 3,660 days.")]
    if errors:
        raise _invalid(errors)
    if not node_in_scope(by, node, LIST_LABEL, "add"):
        raise NotFound()
    with transaction.atomic():
        watchlist = WatchList.objects.create(
            name=name.strip()[:100],
            category=category,
            legal_basis=legal_basis.strip(),
            owner=by,
            node=node,
            review_period_days=review_period_days,
        )
        audit_record(
            action="verification.watchlist.create",
            actor=by,
            object_type=LIST_LABEL,
            object_id=watchlist.pk,
            details={"category": category, "node": node.ref},
        )
    return watchlist


def access_watchlist(by: Any, watchlist_id: Any, action: str = "view", *, lock: bool = False) -> WatchList:
    """A list the user sees; for a write (`action` other than view) its node must also lie within
    the scope in which the user holds that action on entries: lists kept above them are read-only."""
    qs = WatchList.objects.restrict(by, "view").filter(pk=watchlist_id, is_active=True)
    found = (qs.select_for_update() if lock else qs).first()
    if found is None:
        raise NotFound()
    if action != "view" and by is not None and not node_in_scope(by, found.node, ENTRY_LABEL, action):
        raise NotFound()
    return found


def _identity_fields(id_number: str) -> dict[str, str]:
    p = crypto.protect(id_number, context=ID_CONTEXT, masked=identity.mask_id_number(id_number))
    return {"id_number_enc": p.enc, "id_number_index": p.index, "id_number_masked": p.masked}


def entry_add(
    *,
    by: Any,
    watchlist_id: int,
    person_id: int | None = None,
    id_number: str = "",
    name: str = "",
    birth_date: date | None = None,
    instruction: str,
    sensitive_details: str = "",
) -> WatchEntry:
    """Put a registered person (by id, or found by ID number within the adder's scope) or a person
    known by identifiers only on the list, until today + the list's review period. An entry
    removed earlier comes back."""
    _require(by, ENTRY_LABEL, "add")
    errors: dict[str, list[Any]] = {}
    if not instruction.strip():
        errors["instruction"] = [_("Tell the officer who meets this person what to do.")]
    normalized = ""
    if person_id is None:
        check = identity.check_id_number(id_number)
        if not check.valid:
            errors["id_number"] = [check.errors[0].message]
        else:
            normalized = check.normalized
            if birth_date is not None and birth_date != check.birth_date:
                errors["birth_date"] = [_("The birth date differs from the one in the ID number.")]
            birth_date = check.birth_date
        if not name.strip() and person_id is None:
            errors.setdefault("name", [_("This field is required.")])
    if errors:
        raise _invalid(errors)
    with transaction.atomic():
        watchlist = access_watchlist(by, watchlist_id, "add", lock=True)
        visible = Person.objects.restrict(by, "view").filter(is_active=True)
        if person_id is not None:
            person = visible.filter(pk=person_id).first()
            if person is None:
                raise NotFound()
        else:
            from jingwang.registry.services.persons import id_index

            person = visible.filter(id_number_index=id_index(normalized)).order_by("pk").first()
        if person is not None:
            fields = {
                "id_number_enc": person.id_number_enc,
                "id_number_index": person.id_number_index,
                "id_number_masked": person.id_number_masked,
            }
            name, birth_date = person.name, person.birth_date
        else:
            fields = _identity_fields(normalized)
        existing = WatchEntry.objects.select_for_update().filter(watchlist=watchlist)
        if person is not None:
            match = existing.filter(person=person).first() or (
                existing.filter(id_number_index=fields["id_number_index"]).first()
                if fields["id_number_index"]
                else None
            )
        else:
            match = existing.filter(id_number_index=fields["id_number_index"]).first()
        review = lapse_today(watchlist.review_period_days)
        if match is not None and match.is_active:
            raise Conflict("already_listed", _("This person is already on the list."))
        entry = match or WatchEntry(watchlist=watchlist, created_by=by)
        entry.person = person
        entry.name = name.strip()[:50]
        entry.birth_date = birth_date
        for key, value in fields.items():
            setattr(entry, key, value)
        entry.instruction = instruction.strip()[:300]
        entry.sensitive_details = sensitive_details.strip()
        entry.review_date = review
        entry.is_active, entry.removed_at = True, None
        if match is not None:
            entry.version += 1
        entry.save()
        audit_record(
            action="verification.watchentry.restore" if match is not None else "verification.watchentry.add",
            actor=by,
            object_type=ENTRY_LABEL,
            object_id=entry.pk,
            details={
                "watchlist": watchlist.pk,
                "person": person.pk if person else None,
                "id_number": entry.id_number_masked,
                "review_date": review.isoformat(),
            },
        )
    return entry


def _locked_entry(by: Any, entry_id: int, action: str, expected_version: int | None) -> WatchEntry:
    entry = (
        WatchEntry.objects.restrict(by, action)
        .select_for_update()
        .select_related("watchlist")
        .filter(pk=entry_id, is_active=True)
        .first()
    )
    if entry is None or not node_in_scope(by, entry.watchlist.node, ENTRY_LABEL, action):
        raise NotFound()
    if expected_version is not None and entry.version != expected_version:
        raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
    return entry


def entry_renew(*, by: Any, entry_id: int, expected_version: int | None = None) -> WatchEntry:
    """Keep the entry in force for another review period from today (also revives a lapsed one)."""
    _require(by, ENTRY_LABEL, "change")
    with transaction.atomic():
        entry = _locked_entry(by, entry_id, "change", expected_version)
        before = entry.review_date
        entry.review_date = lapse_today(entry.watchlist.review_period_days)
        entry.renewed_at = timezone.now()
        entry.version += 1
        entry.save(update_fields=["review_date", "renewed_at", "version"])
        audit_record(
            action="verification.watchentry.renew",
            actor=by,
            object_type=ENTRY_LABEL,
            object_id=entry.pk,
            details={"from": before.isoformat(), "to": entry.review_date.isoformat(), "watchlist": entry.watchlist_id},
        )
    return entry


def entry_remove(*, by: Any, entry_id: int, reason: str = "", expected_version: int | None = None) -> WatchEntry:
    """Take the entry off the list (kept, no longer hits)."""
    _require(by, ENTRY_LABEL, "delete")
    with transaction.atomic():
        entry = _locked_entry(by, entry_id, "delete", expected_version)
        entry.is_active = False
        entry.removed_at = timezone.now()
        entry.version += 1
        entry.save(update_fields=["is_active", "removed_at", "version"])
        audit_record(
            action="verification.watchentry.remove",
            actor=by,
            object_type=ENTRY_LABEL,
            object_id=entry.pk,
            details={"watchlist": entry.watchlist_id, "reason": reason[:200]},
        )
    return entry
