"""Focus pages on the generic pages. The listing's page shows the category (only to those whose
scope covers it); the follow-up and lost-contact pages never do — they are what a grid worker
sees: name, address, due date and what to look for. Every read is audited as sensitive."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from jingwang.accounts.models import User
from jingwang.casework.columns import CaseColumn, state_label
from jingwang.casework.moves import case_move
from jingwang.casework.rules import available
from jingwang.core.access import has_permission
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.focus import followups, services
from jingwang.focus.filters import FollowupFilterSet, ListingFilterSet, LostContactFilterSet
from jingwang.focus.forms import CadenceForm, CareAssignForm, ConfirmForm, FollowupRecordForm, ListingForm
from jingwang.focus.models import SENSITIVE, Cadence, CareAssignment, Followup, Listing, ListingState, LostContact
from jingwang.focus.selectors import (
    care_worker_choices,
    followup_list,
    listing_list,
    lost_contact_counts,
    lost_contact_list,
)
from jingwang.registry.services.persons import person_by_id_number
from jingwang.web.generic import (
    Action,
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    RecordActionView,
)


class Sensitive:
    """Reads of the focus ledger are audited as reads of sensitive personal information."""

    audit_purpose = SENSITIVE


class ListingListView(Sensitive, ObjectListView):
    model = Listing
    url_name = "focus:list"
    title = _("Focus persons (关注人员)")
    filterset_class = ListingFilterSet
    table_testid = "listings"
    empty_message = _("No focus persons.")
    columns = (
        Column("person.name", _("Name"), link="focus:detail", title=True),
        Column("category.name", _("Category")),
        Column("tier_display", _("Tier")),
        Column("state", _("State"), badge="info"),
        Column("officer.display_name", _("Responsible officer")),
        Column("review_date", _("Review date"), date_format="Y-m-d"),
    )
    export_columns = [
        ("person__name", _("name")),
        ("category__name", _("category")),
        ("state", _("state")),
        ("review_date", _("review date")),
    ]
    actions = (Action(_("List a person"), "focus:add", "add", "get", "primary", with_pk=False, testid="add-listing"),)

    def queryset(self, action: str | None = None) -> Any:
        return listing_list(viewer=self.request.user, action=action or self.required_action)


class ListingView(Sensitive, ObjectView):
    model = Listing
    url_name = "focus:detail"
    template_name = "focus/listing.html"
    context_object_name = "listing"
    heading_testid = "listing-name"
    fields = (
        Column("category.name", _("Category")),
        Column("tier_display", _("Tier")),
        Column("state", _("State"), badge="info"),
        Column("legal_basis", _("Legal basis")),
        Column("address", _("Address for visits")),
        Column("officer.display_name", _("Responsible officer")),
        Column("grid_worker.display_name", _("Grid worker")),
        Column("helpers", _("帮教/帮扶 staff")),
        Column("guardian", _("Guardian")),
        Column("look_for", _("What to look for")),
        Column("review_date", _("Review date"), date_format="Y-m-d"),
        Column("approved_by.display_name", _("Approved by")),
        Column("delist_reason", _("Delisting reason")),
    )

    def get_context(self, obj: Listing) -> dict[str, Any]:
        user = self.request.user
        leader = has_permission(user, Listing, "approve")
        officer = has_permission(user, Listing, "add")
        return {
            "events": list(obj.events.select_related("actor")),
            "followups": list(obj.followups.select_related("case").order_by("-due_date")[:20]),
            "searches": list(obj.searches.select_related("case")[:10]),
            "can_decide": leader and obj.state == ListingState.PENDING,
            "can_decide_delist": leader and obj.state == ListingState.DELIST_PENDING,
            "can_change": officer and obj.state == ListingState.ACTIVE,
            "suggest_delist": obj.delisting_suggested(),
        }


class ListingCreateView(ObjectEditView):
    model = Listing
    url_name = "focus:add"
    required_action = "add"
    form_class = ListingForm
    title = _("List a focus person")
    submit_label = _("Send for approval")
    success_message = _("Listed: a station leader approves the listing.")
    testid = "listing"

    def save(self, form: BaseForm, obj: Any) -> Listing:
        d = form.cleaned_data
        person = person_by_id_number(d["id_number"])
        if person is None:
            raise ServiceError(
                "invalid", _("Unknown person."), fields={"id_number": [_("No registered person has this ID number.")]}
            )
        grid_worker = (
            User.objects.filter(username=d["grid_worker"].strip()).first() if d["grid_worker"].strip() else None
        )
        if d["grid_worker"].strip() and grid_worker is None:
            raise ServiceError("invalid", _("Unknown user."), fields={"grid_worker": [_("Unknown user.")]})
        return services.listing_create(
            by=actor(self.request),
            person=person,
            grid_worker=grid_worker,
            **{
                k: d[k]
                for k in (
                    "category",
                    "tier",
                    "legal_basis",
                    "review_date",
                    "since",
                    "address",
                    "helpers",
                    "guardian",
                    "look_for",
                    "plan",
                )
            },
        )

    def success_url(self, result: Listing) -> str:
        return result.get_absolute_url()


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class ListingActView(RecordActionView):
    """The listing's decisions (POST): approve or refuse, renew, ask to delist, decide a delisting."""

    model = Listing
    required_action = "view"  # each decision's own permission is the service's
    load_first = True
    success_message = _("Saved.")
    redirect_to = "focus:detail"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        what, by, note = data.get("action", ""), actor(request), data.get("note", "")
        if what in ("approve", "reject"):
            services.listing_decide(by=by, listing_id=pk, approve=what == "approve", note=note)
        elif what in ("delist_approve", "delist_refuse"):
            services.listing_decide_delist(by=by, listing_id=pk, approve=what == "delist_approve", note=note)
        elif what == "renew":
            review = _date(data.get("review_date", ""))
            if review is None:
                raise ServiceError(
                    "invalid", _("Some fields are invalid."), fields={"review_date": [_("Enter a date.")]}
                )
            services.listing_renew(by=by, listing_id=pk, review_date=review, reason=note)
        elif what == "delist":
            services.listing_request_delist(by=by, listing_id=pk, reason=note)
        else:
            raise ServiceError("invalid", _("Unknown action."))


class FollowupListView(Sensitive, ObjectListView):
    """Follow-ups in scope (a grid worker: those of the persons assigned to them). No category."""

    model = Followup
    url_name = "focus:followups"
    title = _("Follow-ups")
    filterset_class = FollowupFilterSet
    table_testid = "followups"
    empty_message = _("No follow-ups.")
    default_filters = {"open": "true"}
    columns = (
        Column("listing.person.name", _("Name"), link="focus:followup", title=True),
        Column("listing.address", _("Address")),
        Column("due_date", _("Due"), date_format="Y-m-d"),
        CaseColumn("case", _("Deadline"), show="deadline"),
        Column("listing.look_for", _("What to look for")),
    )

    def queryset(self, action: str | None = None) -> Any:
        return followup_list(viewer=self.request.user, action=action or self.required_action).order_by("due_date", "id")


class FollowupView(Sensitive, ObjectView):
    model = Followup
    url_name = "focus:followup"
    template_name = "focus/followup.html"
    context_object_name = "followup"
    heading_testid = "followup-name"
    fields = (
        Column("listing.address", _("Address")),
        Column("due_date", _("Due"), date_format="Y-m-d"),
        Column("listing.look_for", _("What to look for")),
        Column("contact_type", _("Contact type")),
        Column("place", _("Place")),
        Column("observations", _("Observations")),
        Column("abnormal_note", _("What was abnormal")),
        Column("officer_signed_by.display_name", _("Officer's sign-off")),
        Column("health_signed_by.display_name", _("Health worker's sign-off")),
    )

    def get_context(self, obj: Followup) -> dict[str, Any]:
        user = self.request.user
        moves = {t.name for t in available(obj.case, user).transitions}
        record = next((m for m in ("record", "record_for_health") if m in moves), "")
        return {
            "case": obj.case,
            "record_move": record,
            "form": FollowupRecordForm() if record else None,
            "can_sign": obj.case.state == "health" and has_permission(user, Followup, "sign"),
            "can_report": has_permission(user, LostContact, "add") and obj.listing.is_active,
        }


class FollowupActView(RecordActionView):
    """The follow-up's writes (POST): record it, the health worker's sign-off, report lost contact
    (then on to the lost-contact report)."""

    model = Followup
    required_action = "view"  # each write's own permission is the service's
    load_first = True
    success_message = _("Saved.")
    redirect_to = "focus:followup"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> LostContact | None:
        what, by = data.get("action", ""), actor(request)
        if what in ("record", "record_for_health"):
            form = FollowupRecordForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ServiceError(
                    "invalid", _("Some fields are invalid."), fields={k: list(v) for k, v in form.errors.items()}
                )
            given = {
                **{k: v for k, v in form.cleaned_data.items() if k != "photos"},
                "files": form.cleaned_data["photos"],
            }
            case_move(by=by, case=self.record.case, transition=what, data=_multi(given))
        elif what == "health_sign":
            followups.followup_health_sign(by=by, followup_id=pk, note=data.get("note", ""))
        elif what == "report_lost":
            return followups.lost_contact_report(
                by=by, followup_id=pk, last_seen=data.get("last_seen", ""), note=data.get("note", "")
            )
        else:
            raise ServiceError("invalid", _("Unknown action."))
        return None

    def success_url(self, pk: int, result: LostContact | None) -> str:
        return result.get_absolute_url() if result is not None else super().success_url(pk, result)


def _multi(data: dict[str, Any]) -> MultiValueDict[str, Any]:
    files = data.pop("files")
    merged = MultiValueDict({k: [v] for k, v in data.items()})
    merged.setlist("files", files)
    return merged


class LostContactListView(Sensitive, ObjectListView):
    model = LostContact
    url_name = "focus:lost_list"
    title = _("Lost contact (失控/脱管)")
    template_name = "focus/lost_list.html"
    filterset_class = LostContactFilterSet
    table_testid = "lost-contacts"
    empty_message = _("Nobody is out of contact.")
    columns = (
        Column("listing.person.name", _("Name"), link="focus:lost", title=True),
        CaseColumn("case", _("State"), badge="info"),
        CaseColumn("case", _("Deadline"), show="deadline"),
        Column("last_seen", _("Last seen")),
        Column("reported_at", _("Reported"), date_format="m-d H:i"),
    )

    def queryset(self, action: str | None = None) -> Any:
        return lost_contact_list(viewer=self.request.user, action=action or self.required_action)

    def get_context(self, **context: Any) -> dict[str, Any]:
        return {**super().get_context(**context), "counts": lost_contact_counts(viewer=self.request.user)}


class LostContactView(Sensitive, ObjectView):
    model = LostContact
    url_name = "focus:lost"
    template_name = "focus/lost.html"
    context_object_name = "lost"
    heading_testid = "lost-name"
    fields = (
        Column("listing.address", _("Address")),
        Column("last_seen", _("Last seen")),
        Column("reported_by.display_name", _("Reported by")),
        Column("reported_at", _("Reported"), date_format="Y-m-d H:i"),
        Column("found_place", _("Found where")),
        Column("found_at", _("Found at"), date_format="Y-m-d H:i"),
    )

    def get_context(self, obj: LostContact) -> dict[str, Any]:
        moves = {t.name for t in available(obj.case, self.request.user).transitions}
        return {
            "case": obj.case,
            "state": state_label(obj.case),
            "can_find": "found" in moves,
            "can_escalate": "escalate" in moves,
        }


class LostContactActView(RecordActionView):
    model = LostContact
    required_action = "view"  # the transition's own rule is the case's
    load_first = True
    success_message = _("Saved.")
    redirect_to = "focus:lost"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        what = data.get("action", "")
        if what not in ("found", "escalate"):
            raise ServiceError("invalid", _("Unknown action."))
        given = {"note": data.get("note", "")}
        if what == "found":
            given["place"] = data.get("place", "")
        case_move(by=actor(request), case=self.record.case, transition=what, data=given)


class CadenceListView(ObjectListView):
    model = Cadence
    url_name = "focus:cadences"
    title = _("Follow-up cadence")
    audit_reads = False  # settings, not personal data
    table_testid = "cadences"
    columns = (
        Column("category.name", _("Category"), link="focus:cadence_edit", title=True),
        Column("tier_display", _("Tier")),
        Column("interval_days", _("Follow up every (days)")),
        Column("source", _("Source")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("category").order_by("category_id", "tier")


class CadenceEditView(ObjectEditView):
    model = Cadence
    url_name = "focus:cadence_edit"
    form_class = CadenceForm
    title = _("Follow-up cadence")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return CadenceForm(data, files, instance=obj)

    def save(self, form: BaseForm, obj: Cadence) -> Cadence:
        d = form.cleaned_data
        return services.cadence_save(
            by=actor(self.request), cadence_id=obj.pk, interval_days=d["interval_days"], source=d.get("source") or ""
        )

    def success_url(self, result: Cadence) -> str:
        return "/focus/cadence/"


class CareAssignmentListView(ObjectListView):
    """The security administrator's page: which categories the care workers of their territory
    care for (the category decides whose sensitive records a care worker sees)."""

    model = CareAssignment
    url_name = "focus:care"
    title = _("Care workers' categories")
    audit_reads = False  # who cares for what: an access setting, not personal data
    table_testid = "care-assignments"
    empty_message = _("No care worker has a category yet.")
    columns = (
        Column("user.display_name", _("Care worker"), title=True),
        Column("category.name", _("Category"), link="focus:care_remove"),  # opens "take it away"
    )
    actions = (
        Action(_("Give a category"), "focus:care_add", "add", "get", "primary", with_pk=False, testid="care-add"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("user", "category").order_by("user__username", "category_id")


class CareAssignView(ObjectEditView):
    model = CareAssignment
    url_name = "focus:care_add"
    required_action = "add"
    title = _("Give a care worker a category")
    submit_label = _("Give")
    success_message = _("The care worker now cares for this category.")
    testid = "care-assign"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return CareAssignForm(data, files, workers=care_worker_choices(viewer=self.request.user))

    def save(self, form: BaseForm, obj: Any) -> CareAssignment:
        d = form.cleaned_data
        return services.care_assign(by=actor(self.request), user_id=d["user"].pk, category_id=d["category"].pk)

    def success_url(self, result: Any) -> str:
        return reverse("focus:care")


class CareUnassignView(ObjectEditView):
    model = CareAssignment
    url_name = "focus:care_remove"
    required_action = "delete"
    title = _("Take the category away")
    submit_label = _("Take away")
    success_message = _("The category was taken away.")
    testid = "care-remove"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return ConfirmForm(data, files)

    def save(self, form: BaseForm, obj: CareAssignment) -> None:
        services.care_unassign(by=actor(self.request), assignment_id=obj.pk)

    def success_url(self, result: Any) -> str:
        return reverse("focus:care")
