"""The volunteers' pages: the list and record (verify, refuse, leave, activities), registration by
an officer, teams, and the portal page where a resident applies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import has_permission, scope_grants
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import visible_node_ids
from jingwang.territory.selectors import grids_in_scope
from jingwang.volunteers import selectors, services
from jingwang.volunteers.filters import TeamFilterSet, VolunteerFilterSet
from jingwang.volunteers.forms import ActivityForm, JoinForm, NoteForm, TeamForm, VolunteerForm
from jingwang.volunteers.models import Status, Team, Volunteer
from jingwang.web.generic import (
    Action,
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    RecordActionView,
    ScopedPage,
    service_error_to_form,
)


class VolunteerListView(ObjectListView):
    model = Volunteer
    url_name = "volunteers:list"
    title = _("Volunteers")
    selector = staticmethod(selectors.volunteer_list)
    filterset_class = VolunteerFilterSet
    columns = (
        Column("name", _("Name"), link="volunteers:detail", title=True),
        Column("status", _("Status"), badge="info"),
        Column("team.name", _("Team")),
        Column("grid.name", _("Grid")),
        Column("skills", _("Skills")),
        Column("total_hours", _("Hours"), mono=True),
    )
    export_columns = [
        ("name", _("name")),
        ("status", _("status")),
        ("team__name", _("team")),
        ("grid__name", _("grid")),
    ]
    actions = (Action(_("Register a volunteer"), "volunteers:add", permission="add", method="get", with_pk=False),)
    table_testid = "volunteers"

    def refine(self, queryset: Any) -> Any:
        return queryset.order_by("-id")


class VolunteerView(ObjectView):
    model = Volunteer
    url_name = "volunteers:detail"
    template_name = "volunteers/volunteer.html"
    selector = staticmethod(selectors.volunteer_list)
    fields = (
        Column("status", _("Status")),
        Column("team.name", _("Team")),
        Column("grid.name", _("Grid")),
        Column("skills", _("Skills")),
        Column("availability", _("Availability")),
        Column("registered_at", _("Registered at"), date_format="Y-m-d"),
        Column("verified_at", _("Verified at"), date_format="Y-m-d"),
        Column("left_at", _("Left at"), date_format="Y-m-d"),
    )
    actions = (
        Action(
            _("Verify"),
            "volunteers:verify",
            permission="change",
            style="primary",
            when=lambda v: v.status == Status.APPLIED,
            testid="verify",
        ),
        Action(_("Refuse"), "volunteers:refuse", permission="change", when=lambda v: v.status == Status.APPLIED),
        Action(
            _("Leaves"),
            "volunteers:leave",
            permission="change",
            style="danger",
            when=lambda v: v.status == Status.VERIFIED,
        ),
    )

    def get_context(self, obj: Any) -> dict[str, Any]:
        from jingwang.volunteers.models import Activity

        return {
            "summary": selectors.volunteer_summary(obj),
            "activities": list(obj.activities.all()[:50]),
            "activity_form": ActivityForm(),
            "can_record": obj.status == Status.VERIFIED and has_permission(self.request.user, Activity, "add"),
        }


def _teams_for(user: Any) -> Any:
    return Team.objects.restrict(user, "view").filter(is_active=True).order_by("name")


class VolunteerAddView(ObjectEditView):
    model = Volunteer
    required_action = "add"
    url_name = "volunteers:add"
    title = _("Register a volunteer")
    testid = "volunteer-add"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        user = self.request.user
        return VolunteerForm(data, grids=grids_in_scope(user, Volunteer, "add"), teams=_teams_for(user))

    def save(self, form: BaseForm, obj: Any) -> Any:
        d = form.cleaned_data
        return services.volunteer_register(
            by=actor(self.request),
            name=d["name"],
            grid_id=d["grid"],
            team_id=d["team"],
            skills=d["skills"],
            availability=d["availability"],
            username=d["username"],
        )

    def success_url(self, result: Any) -> str:
        return reverse("volunteers:detail", args=[result.pk])


class _VolunteerMove(RecordActionView):
    model = Volunteer
    form_class = NoteForm
    redirect_to = "volunteers:detail"


class VolunteerVerifyView(_VolunteerMove):
    success_message = _("Verified: the volunteer role was granted over the community.")

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.volunteer_verify(by=actor(request), volunteer_id=pk)


class VolunteerRefuseView(_VolunteerMove):
    success_message = _("The application was refused.")

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.volunteer_refuse(by=actor(request), volunteer_id=pk, note=data.get("note", ""))


class VolunteerLeaveView(_VolunteerMove):
    success_message = _("The volunteer has left; the volunteer role was withdrawn.")

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.volunteer_leave(by=actor(request), volunteer_id=pk, note=data.get("note", ""))


class ActivityAddView(RecordActionView):
    """Hours on a volunteer's record: the page needs the volunteer in view, the role may add activities."""

    model = Volunteer
    required_action = "view"
    form_class = ActivityForm
    success_message = _("Activity recorded.")
    redirect_to = "volunteers:detail"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from jingwang.volunteers.models import Activity

        if not has_permission(request.user, Activity, "add"):
            self.deny("add")
        return super().post(request, pk)

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.activity_record(by=actor(request), volunteer_id=pk, **data)  # kind, day, hours, note


class TeamListView(ObjectListView):
    model = Team
    url_name = "volunteers:teams"
    title = _("Volunteer teams")
    selector = staticmethod(selectors.team_list)
    filterset_class = TeamFilterSet
    audit_reads = False  # teams are not personal data
    columns = (
        Column("name", _("Name"), link="volunteers:team", title=True),
        Column("kind", _("Kind")),
        Column("trade", _("Trade")),
        Column("district.name", _("Police district")),
        Column("member_count", _("Members"), mono=True),
    )
    actions = (Action(_("New team"), "volunteers:team-add", permission="add", method="get", with_pk=False),)
    table_testid = "teams"

    def refine(self, queryset: Any) -> Any:
        return queryset.filter(is_active=True).order_by("name")


class TeamView(ObjectView):
    model = Team
    url_name = "volunteers:team"
    template_name = "volunteers/team.html"
    selector = staticmethod(selectors.team_list)
    audit_reads = False
    fields = (
        Column("kind", _("Kind")),
        Column("trade", _("Trade")),
        Column("district.name", _("Police district")),
        Column("member_count", _("Members")),
    )

    def get_context(self, obj: Any) -> dict[str, Any]:
        # A volunteer sees their team's name and size; members' names are for staff.
        staff = any(g.role != "volunteer" for g in scope_grants(self.request.user, Team, "view"))
        return {"members": list(obj.members.filter(status=Status.VERIFIED).order_by("name")) if staff else []}


class TeamAddView(ObjectEditView):
    model = Team
    required_action = "add"
    url_name = "volunteers:team-add"
    title = _("New volunteer team")
    testid = "team-add"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        paths = sorted({g.path for g in scope_grants(self.request.user, Team, "add")})
        districts = (
            list(Node.objects.filter(pk__in=visible_node_ids(paths), kind=NodeKind.POLICE_DISTRICT).order_by("code"))
            if paths
            else []
        )
        return TeamForm(data, districts=districts)

    def save(self, form: BaseForm, obj: Any) -> Any:
        d = form.cleaned_data
        return services.team_create(
            by=actor(self.request), name=d["name"], kind=d["kind"], district_id=d["district"], trade=d["trade"]
        )

    def success_url(self, result: Any) -> str:
        return reverse("volunteers:teams")


class JoinView(ScopedPage):
    """The portal page where a signed-in resident applies to volunteer."""

    model = Volunteer
    required_action = "apply"
    url_name = "volunteers:join"
    template_name = "volunteers/join.html"
    audit_reads = False

    def form(self, data: Any = None) -> JoinForm:
        return JoinForm(data, grids=grids_in_scope(self.request.user, Volunteer, "apply"))

    def mine(self) -> Any:
        return Volunteer.objects.filter(user_id=self.request.user.pk or 0).order_by("-id").first()

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self.form(), "mine": self.mine()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.volunteer_apply(
                    by=actor(request), grid_id=d["grid"], skills=d["skills"], availability=d["availability"]
                )
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, str(_("Thank you. Your community officer will verify your application.")))
                return redirect("volunteers:join")
        return render(request, self.template_name, {"form": form, "mine": self.mine()}, status=400)
