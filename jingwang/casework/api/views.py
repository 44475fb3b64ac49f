"""Casework API: cases of every type (list, retrieve, timeline, actions) and departments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.accounts.models import User
from jingwang.api.conventions import ScopedViewSet, expected_version, idempotent, with_etag
from jingwang.audit.selectors import audit_read
from jingwang.casework import attachments, catalogue, filters, moves, rules, services
from jingwang.casework.api import serializers as s
from jingwang.casework.models import Case, CaseEvent, DeadlinePolicy, Department
from jingwang.casework.selectors import timeline
from jingwang.casework.workflow import UPDATE_FIELDS, case_type, generic_writable
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import actor


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


# The generic action (rules.GENERIC_ACTIONS) each route takes; refer and transition read the body.
ROUTE_ACTIONS = {
    "partial_update": "update",
    "comment": "comment",
    "assign": "assign",
    "supervise": "supervise",
    "take_over": "take_over",
    "request_delay": "request_delay",
    "decide_delay": "decide_delay",
}


class CaseRulePermission(BasePermission):
    """The case type's rules for the route's action, on the case the route names: a role or a type
    that may not is refused (403) through the viewset's denial path, which records denials. The
    service checks the same rules again on the locked row (and answers 409 for a state)."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        for error in _refusals(request, view.action, obj):
            if error.status == status.HTTP_403_FORBIDDEN:
                self.message, self.code = str(error.message), error.code
                return False
        return True


def _refusals(request: Request, route: str | None, case: Case) -> list[ServiceError]:
    data = request.data if isinstance(request.data, Mapping) else {}
    user = request.user
    found: list[ServiceError | None]
    if route == "partial_update" and not generic_writable(case_type(case.kind), set(data) & set(UPDATE_FIELDS)):
        found = [rules.own_write(case_type(case.kind))]
    elif route in ROUTE_ACTIONS:
        found = [rules.refusal(case, user, ROUTE_ACTIONS[route])]
    elif route == "refer":
        found = [rules.refusal(case, user, a) for f, a in REFER_FIELDS.items() if data.get(f) not in (None, "")]
    elif route in ("transition", "move"):
        name = data.get("transition", "") if route == "transition" else request.parser_context["kwargs"]["move"]
        move = case_type(case.kind).transition(str(name))
        found = [rules.transition_refusal(case, user, move)] if move is not None else []
    else:
        found = []
    return [e for e in found if e is not None]


REFER_FIELDS = {"handler_user": "refer_person", "handler_department": "refer_department"}
# The routes of the generic actions; a transition of the same name is reached by /transition/ only.
RESERVED = {
    "files",
    "timeline",
    "transition",
    "comment",
    "assign",
    "refer",
    "supervise",
    "take-over",
    "request-delay",
    "delays",
}
MOVES = "|".join(n for n in moves.transition_names() if n not in RESERVED)


class CaseViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Cases of every type within the caller's scope (mediators and department staff: the cases
    referred to them). Actions go through the casework services; each answers the updated case."""

    model = Case
    audit_reads = True
    permission_classes = [*ScopedViewSet.permission_classes, CaseRulePermission]
    serializer_class = s.CaseSerializer
    filterset_class = filters.CaseFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {
        "timeline": "view",
        "attachment": "view",
        "transition": "change",
        "move": "change",
        "comment": "change",
        "assign": "change",
        "refer": "change",
        "supervise": "supervise",
        "take_over": "take_over",
        "request_delay": "change",
        "delays": "view",
        "decide_delay": "approve_delay",
    }

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("grid", "assignee", "leader", "handler_user", "handler_department")

    @extend_schema(responses=s.CaseDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        return with_etag(Response(s.CaseDetailSerializer(obj).data), obj)

    @extend_schema(responses={200: bytes})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<attachment_id>\d+)", url_name="attachment")
    def attachment(self, request: Request, pk: str, attachment_id: str) -> Any:
        """One file kept with the case (a photo inline, anything else as a download; audited)."""
        case = self.get_object()
        return attachments.attachment_response(by=request.user, case_id=case.pk, attachment_id=int(attachment_id))

    def _answer(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        fresh = Case.objects.select_related("grid", "assignee", "leader", "handler_user", "handler_department").get(
            pk=case.pk
        )
        return with_etag(Response(s.CaseSerializer(fresh).data, status=code), fresh)

    @extend_schema(request=s.CaseUpdateSerializer, responses=s.CaseSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Edit title, description, level or urgency (If-Match required)."""
        self.get_object()
        version = expected_version(request)
        data = _valid(s.CaseUpdateSerializer, request.data)
        case = services.case_update(by=actor(request), case_id=int(pk), expected_version=version, **data)
        return self._answer(case)

    @extend_schema(responses=s.CaseEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str) -> Response:
        """Every entry of the case's timeline, oldest first (the read is audited)."""
        case = self.get_object()
        entries = s.CaseEventSerializer(timeline(case), many=True).data
        audit_read(
            viewer=request.user,
            object_type="casework.case",
            object_id=str(case.pk),
            query={"view": "timeline"},
            result_count=len(entries),
        )
        return Response(entries)

    @extend_schema(request=s.TransitionSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Move the case along the transition of its type named in the body, with the input that
        transition declares (as POST …/{transition}/; If-Match optional but checked when sent)."""
        case = self.get_object()
        data = _valid(s.TransitionSerializer, request.data)
        version = expected_version(request) if request.headers.get("If-Match") else None
        moved = moves.case_move(
            by=actor(request), case=case, transition=data["transition"], data=request.data, expected_version=version
        )
        return self._answer(moved)

    @extend_schema(
        request={"application/json": moves.NoteInput, "multipart/form-data": moves.NoteWithFilesInput},
        responses=s.CaseSerializer,
        parameters=[OpenApiParameter("move", OpenApiTypes.STR, OpenApiParameter.PATH, enum=MOVES.split("|"))],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"(?P<move>{MOVES})",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def move(self, request: Request, pk: str, move: str) -> Response:
        """Move the case along the transition of its type named in the path (e.g. accept, report),
        with the input that transition declares (a note, and files where it takes them; multipart).
        Roles, guards and states as the case type declares; If-Match optional but checked when sent."""
        case = self.get_object()
        version = expected_version(request) if request.headers.get("If-Match") else None
        return self._answer(
            moves.case_move(by=actor(request), case=case, transition=move, data=request.data, expected_version=version)
        )

    @extend_schema(request=s.TextSerializer, responses={201: s.CaseEventSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str) -> Response:
        self.get_object()
        data = _valid(s.TextSerializer, request.data)

        def make() -> Response:
            entry = services.case_comment(by=actor(request), case_id=int(pk), text=data["text"])
            return Response(s.CaseEventSerializer(entry).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.AssignSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        self.get_object()
        data = _valid(s.AssignSerializer, request.data)
        assignee = User.objects.filter(pk=data["assignee"]).first()
        case = services.case_assign(by=actor(request), case_id=int(pk), assignee=assignee, note=data["note"])
        return self._answer(case)

    @extend_schema(request=s.ReferSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: str) -> Response:
        self.get_object()
        data = _valid(s.ReferSerializer, request.data)
        user = User.objects.filter(pk=data["handler_user"]).first() if data.get("handler_user") else None
        dept_id = data.get("handler_department")
        dept = Department.objects.filter(pk=dept_id).first() if dept_id else None
        if (data.get("handler_user") and user is None) or (data.get("handler_department") and dept is None):
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"handler": [_("Unknown value.")]})
        case = services.case_refer(
            by=actor(request), case_id=int(pk), handler_user=user, handler_department=dept, note=data["note"]
        )
        return self._answer(case)

    @extend_schema(request=s.TextSerializer, responses={201: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def supervise(self, request: Request, pk: str) -> Response:
        """督办: a leader's instruction, on the timeline and sent to who works on the case."""
        self.get_object()
        data = _valid(s.TextSerializer, request.data)
        supervision = services.case_supervise(by=actor(request), case_id=int(pk), comment=data["text"])
        return self._answer(supervision.case, status.HTTP_201_CREATED)

    @extend_schema(request=s.NoteSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="take-over")
    def take_over(self, request: Request, pk: str) -> Response:
        """包案: the calling leader takes personal charge of the case."""
        self.get_object()
        data = _valid(s.NoteSerializer, request.data)
        return self._answer(services.case_take_over(by=actor(request), case_id=int(pk), note=data["note"]))

    @extend_schema(request=s.DelayRequestInSerializer, responses={201: s.DelayRequestSerializer})
    @action(detail=True, methods=["post"], url_path="request-delay")
    def request_delay(self, request: Request, pk: str) -> Response:
        self.get_object()
        data = _valid(s.DelayRequestInSerializer, request.data)
        made = services.case_request_delay(
            by=actor(request), case_id=int(pk), hours=data["hours"], reason=data["reason"]
        )
        return Response(s.DelayRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.DelayRequestSerializer(many=True))
    @action(detail=True, methods=["get"])
    def delays(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        return Response(s.DelayRequestSerializer(case.delay_requests.select_related("requested_by"), many=True).data)

    @extend_schema(request=s.DelayDecisionSerializer, responses=s.DelayRequestSerializer)
    @action(detail=True, methods=["post"], url_path=r"delays/(?P<request_id>\d+)/decide")
    def decide_delay(self, request: Request, pk: str, request_id: str) -> Response:
        case = self.get_object()
        if not case.delay_requests.filter(pk=int(request_id)).exists():
            raise NotFound()
        data = _valid(s.DelayDecisionSerializer, request.data)
        decided = services.case_decide_delay(
            by=actor(request), request_id=int(request_id), approve=data["approve"], note=data["note"]
        )
        return Response(s.DelayRequestSerializer(decided).data)


class DepartmentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Departments (吹哨报到 and referrals): staff read them; the system administrator keeps them."""

    model = Department
    serializer_class = s.DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=s.DepartmentSerializer, responses=s.DepartmentSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(s.DepartmentSerializer, request.data)

        def make() -> Response:
            dept = catalogue.department_save(by=actor(request), department_id=None, expected_version=None, data=data)
            return Response(s.DepartmentSerializer(dept).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.DepartmentSerializer, responses=s.DepartmentSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()
        version = expected_version(request)
        serializer = s.DepartmentSerializer(data=request.data, partial=True)
        if not serializer.is_valid():
            raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
        dept = catalogue.department_save(
            by=actor(request), department_id=int(pk), expected_version=version, data=dict(serializer.validated_data)
        )
        return with_etag(Response(s.DepartmentSerializer(dept).data), dept)

    @extend_schema(request=s.DepartmentMembersSerializer, responses=s.DepartmentMembersSerializer)
    @action(detail=True, methods=["get", "put"])
    def members(self, request: Request, pk: str) -> Response:
        """The department's staff accounts by username (PUT replaces the list; system administrator)."""
        dept = self.get_object()
        if request.method == "PUT":
            data = _valid(s.DepartmentMembersSerializer, request.data)
            users = list(User.objects.filter(username__in=data["usernames"], is_active=True))
            unknown = sorted(set(data["usernames"]) - {u.username for u in users})
            if unknown:
                messages = [_("No active account is called %(username)s.") % {"username": u} for u in unknown]
                raise ServiceError("invalid", _("Some fields are invalid."), fields={"usernames": messages})
            dept = catalogue.department_set_members(by=actor(request), department_id=dept.pk, members=users)
        return Response({"usernames": sorted(dept.members.values_list("username", flat=True))})

    def required_action(self) -> str:
        if self.action == "members" and self.request.method == "PUT":
            return "change"
        return super().required_action()


class DeadlinePolicyViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Stage deadlines (yellow, red, bureau escalation) per case type, stage, level and urgency;
    blank matches any and the most specific row wins. Leaders read; the system administrator edits."""

    model = DeadlinePolicy
    serializer_class = s.DeadlinePolicySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=s.DeadlinePolicySerializer, responses=s.DeadlinePolicySerializer)
    def create(self, request: Request) -> Response:
        data = _valid(s.DeadlinePolicySerializer, request.data)

        def make() -> Response:
            policy = catalogue.deadline_policy_save(by=actor(request), policy_id=None, expected_version=None, data=data)
            return Response(s.DeadlinePolicySerializer(policy).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.DeadlinePolicySerializer, responses=s.DeadlinePolicySerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()
        version = expected_version(request)
        serializer = s.DeadlinePolicySerializer(data=request.data, partial=True)
        if not serializer.is_valid():
            raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
        policy = catalogue.deadline_policy_save(
            by=actor(request), policy_id=int(pk), expected_version=version, data=dict(serializer.validated_data)
        )
        return with_etag(Response(s.DeadlinePolicySerializer(policy).data), policy)


__all__ = ["CaseEvent", "CaseViewSet", "DepartmentViewSet"]
