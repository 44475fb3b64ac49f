"""Follow-ups and lost-contact searches of focus persons, on the casework engine.

Every write goes through the casework services (timeline, deadlines, audit, notifications). The
case's title names the person only: the category never appears in a case, a notification or a text
message (the sweep's warnings and texts quote the case title)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from jingwang.audit.services import audit_record
from jingwang.casework.models import Case
from jingwang.casework.services import case_open, case_recompute_deadlines, case_transition, case_url
from jingwang.casework.workflow import type_services
from jingwang.core.access import has_permission
from jingwang.core.errors import Conflict, Forbidden, NotFound, ServiceError
from jingwang.core.types import Actor
from jingwang.focus.models import (
    ACTIVE_STATES,
    FOLLOWUP,
    SEARCH,
    Cadence,
    ContactType,
    Followup,
    Listing,
    LostContact,
)
from jingwang.focus.selectors import carers_of
from jingwang.notifications.services import leaders_over, notify

DEFAULT_INTERVAL_DAYS = 90
HEALTH_HOURS = (48.0, 72.0, 48.0)
SEARCH_HOURS = {"searching": (12.0, 24.0, 24.0), "escalated": (24.0, 48.0, 24.0)}


class FollowupInput(serializers.Serializer[Any]):
    """The follow-up record (the transition's input); the officer recording it signs it off."""

    contact_type = serializers.ChoiceField(choices=ContactType.choices, label=gettext_lazy("contact type"))
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    at_home = serializers.BooleanField(required=False, default=False)
    observations = serializers.CharField(max_length=4000, label=gettext_lazy("observations"))
    abnormal = serializers.BooleanField(required=False, default=False)
    abnormal_note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    # kept as the case's attachments by the engine (casework.moves), never passed to the effect
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("abnormal") and not str(attrs.get("abnormal_note", "")).strip():
            raise serializers.ValidationError({"abnormal_note": [_("Say what was abnormal.")]})
        if attrs.get("contact_type") == ContactType.VISIT and not str(attrs.get("place", "")).strip():
            raise serializers.ValidationError({"place": [_("Say where the visit took place.")]})
        return attrs


class FoundInput(serializers.Serializer[Any]):
    place = serializers.CharField(max_length=300, label=gettext_lazy("found where"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


def _invalid(field: str, message: Any) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def _followup_of(case: Case) -> Followup | None:
    return Followup.objects.select_related("listing__category").filter(case_id=case.pk).first()


def needs_health_signoff(case: Case) -> bool:
    followup = _followup_of(case)
    return followup is not None and followup.listing.category.health_signoff


def followup_cases(user: Any) -> Any:
    """The follow-up cases a user may reach (the casework scope narrows to them): as the follow-ups."""
    return Followup.objects.restrict(user).values("case_id")


def search_cases(user: Any) -> Any:
    return LostContact.objects.restrict(user).values("case_id")


def sees_followup(case: Case, user: Any) -> bool:
    return Followup.objects.restrict(user).filter(case_id=case.pk).exists()


def interval_days(listing: Listing) -> int:
    row = Cadence.objects.filter(category_id=listing.category_id, tier=listing.tier).first()
    return row.interval_days if row is not None else DEFAULT_INTERVAL_DAYS


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def followup_deadline(case: Case, stage: str) -> tuple[float, float, float] | None:
    """Red at the end of the due date, yellow two thirds of the way there; the health worker's
    sign-off has its own (shorter) limits."""
    if stage == "health":
        return HEALTH_HOURS
    followup = Followup.objects.filter(case_id=case.pk).only("due_date").first()
    if followup is None or case.stage_started_at is None:
        return None  # while the case is being opened; followup_open recomputes after
    red = max(1.0, (_end_of(followup.due_date) - case.stage_started_at).total_seconds() / 3600)
    return red * 2 / 3, red, 72.0


def search_deadline(case: Case, stage: str) -> tuple[float, float, float] | None:
    return SEARCH_HOURS.get(stage)


def followup_url(case: Case) -> str:
    followup = Followup.objects.filter(case_id=case.pk).only("pk").first()
    return followup.get_absolute_url() if followup is not None else case.get_absolute_url()


def search_url(case: Case) -> str:
    lost = LostContact.objects.filter(case_id=case.pk).only("pk").first()
    return lost.get_absolute_url() if lost is not None else case.get_absolute_url()


def _title(listing: Listing, what: str) -> str:
    """A case title naming the person and nothing about the category."""
    return _("%(what)s: %(name)s") % {"what": what, "name": listing.person.name}


def followup_open(listing: Listing, *, due: date | None = None) -> Followup | None:
    """Open the listing's next follow-up (due one cadence interval from today) unless one is open
    already or the listing left the ledger: at most one open follow-up per listing."""
    if listing.state not in ACTIVE_STATES or Followup.objects.filter(listing=listing, is_open=True).exists():
        return None
    due = due or timezone.localdate() + timedelta(days=interval_days(listing))
    try:
        with transaction.atomic():
            case = case_open(
                by=None,
                kind=FOLLOWUP,
                title=_title(listing, _("Focus person follow-up")),
                grid=listing.grid,
                assignee=listing.officer,
            )
            followup = Followup.objects.create(case=case, listing=listing, due_date=due)
            case_recompute_deadlines(case_id=case.pk)
    except IntegrityError:  # another worker opened it at the same moment
        return None
    return followup


def record_effect(case: Case, actor: Any, data: dict[str, Any]) -> None:
    """Keep the record on the follow-up (inside the transition); a done follow-up opens the next."""
    followup = Followup.objects.select_for_update().select_related("listing__category").get(case_id=case.pk)
    now = timezone.now()
    followup.contact_type = data["contact_type"]
    followup.place = str(data.get("place", "")).strip()
    followup.at_home = bool(data.get("at_home"))
    followup.observations = str(data["observations"]).strip()
    followup.abnormal = bool(data.get("abnormal"))
    followup.abnormal_note = str(data.get("abnormal_note", "")).strip()
    followup.officer_signed_by, followup.officer_signed_at = actor, now
    done = case.closed_at is not None
    followup.is_open = not done
    followup.save()
    if done:
        followup_open(followup.listing)
    elif followup.listing.category.health_signoff:
        carers = carers_of(followup.listing)
        notify(
            carers,
            kind="focus.health_signoff",
            title=_("A follow-up awaits your sign-off"),
            body=case.title,
            link=case_url(case),
            subject=case,
        )


def health_effect(case: Case, actor: Any, data: dict[str, Any]) -> None:
    followup = Followup.objects.select_for_update().select_related("listing").get(case_id=case.pk)
    followup.is_open = False
    followup.save(update_fields=["is_open"])
    followup_open(followup.listing)


def followup_health_sign(*, by: Actor, followup_id: int, note: str = "") -> Followup:
    """The health worker (a care worker of the category) signs a recorded follow-up off."""
    followup = Followup.objects.restrict(by, "sign").select_related("case").filter(pk=followup_id).first()
    if followup is None:
        raise NotFound()
    with transaction.atomic():
        locked = Followup.objects.select_for_update().get(pk=followup.pk)
        if locked.health_signed_by_id is not None or followup.case.state != "health":
            raise Conflict("wrong_state", _("This follow-up does not await a health worker's sign-off."))
        locked.health_signed_by, locked.health_signed_at, locked.health_note = by, timezone.now(), note.strip()[:4000]
        locked.save(update_fields=["health_signed_by", "health_signed_at", "health_note"])
        with type_services():
            case_transition(
                by=None,
                case_id=followup.case_id,
                transition="health_signed",
                note=_("Signed off by the health worker %(name)s") % {"name": by.display_name},
                data={"signed_by": by.pk},
            )
        audit_record(action="focus.followup.health_sign", actor=by, object_type="focus.followup", object_id=followup.pk)
    return Followup.objects.get(pk=followup.pk)


def lost_contact_report(*, by: Actor, followup_id: int, last_seen: str, note: str = "") -> LostContact:
    """Anyone responsible for the person reports lost contact: a search case with a short deadline,
    the responsible officer told."""
    if not has_permission(by, LostContact, "add"):
        raise Forbidden(_("You may not report lost contact."))
    followup = (
        Followup.objects.restrict(by, "view")
        .select_related("listing__person", "listing")
        .filter(pk=followup_id)
        .first()
    )
    if followup is None:
        raise NotFound()
    listing = followup.listing
    if not last_seen.strip():
        raise _invalid("last_seen", _("Say where and when the person was last seen."))
    with transaction.atomic():
        if LostContact.objects.filter(listing=listing, case__closed_at__isnull=True).exists():
            raise Conflict("already_reported", _("A search for this person is already under way."))
        opener = by if has_permission(by, Case, "add") else None
        case = case_open(
            by=opener,
            kind=SEARCH,
            title=_title(listing, _("Lost contact")),
            grid=listing.grid,
            description=note.strip(),
            assignee=listing.officer,
            note=last_seen.strip()[:300],
        )
        lost = LostContact.objects.create(case=case, listing=listing, reported_by=by, last_seen=last_seen.strip()[:300])
        case_recompute_deadlines(case_id=case.pk)
        notify(
            [listing.officer],
            kind="focus.lost_contact",
            title=_("Lost contact reported: %(name)s") % {"name": listing.person.name},
            body=last_seen.strip()[:300],
            link=lost.get_absolute_url(),
            subject=case,
            sms=True,
        )
        audit_record(action="focus.lostcontact.report", actor=by, object_type="focus.lostcontact", object_id=lost.pk)
    return lost


def found_effect(case: Case, actor: Any, data: dict[str, Any]) -> None:
    lost = LostContact.objects.select_for_update().get(case_id=case.pk)
    lost.found_place, lost.found_at = str(data["place"]).strip()[:300], timezone.now()
    lost.save(update_fields=["found_place", "found_at"])


def escalate_effect(case: Case, actor: Any, data: dict[str, Any]) -> None:
    """Tell the station's leaders and the bureau's commanders (the sweep escalates too, at red)."""
    lost = LostContact.objects.select_related("listing__person").get(case_id=case.pk)
    grid = lost.listing.grid
    leaders = leaders_over(grid, "station_leader") + leaders_over(grid, "bureau_commander")
    notify(
        leaders,
        kind="focus.lost_escalated",
        title=_("Lost contact escalated: %(name)s") % {"name": lost.listing.person.name},
        body=case.title,
        link=lost.get_absolute_url(),
        subject=case,
    )


def followups_ensure(today: date | None = None) -> int:
    """The worker's sweep: every active listing has its one open follow-up."""
    opened = 0
    waiting = Listing.objects.filter(state__in=ACTIVE_STATES).exclude(followups__is_open=True)
    for listing in waiting.select_related("person", "category"):
        opened += followup_open(listing) is not None
    return opened


def followups_cancel(listing: Listing, note: str) -> None:
    """A listing left the ledger: its open follow-up is cancelled (inside the caller's transaction)."""
    for followup in Followup.objects.filter(listing=listing, is_open=True):
        with type_services():
            case_transition(by=None, case_id=followup.case_id, transition="cancel", note=note)
        Followup.objects.filter(pk=followup.pk).update(is_open=False)
