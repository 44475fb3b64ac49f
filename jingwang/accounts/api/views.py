from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jingwang.accounts import roster, services
from jingwang.accounts.api.serializers import (
    AssignmentCreateSerializer,
    AssignmentSerializer,
    MeSerializer,
    RosterMemberSerializer,
    RosterMemberWriteSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserCreateSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from jingwang.accounts.filters import UserFilterSet
from jingwang.accounts.models import RoleAssignment, RosterMember, User
from jingwang.accounts.stepup import ReauthenticatedRecently
from jingwang.api.conventions import ScopedViewSet, expected_version, idempotent, with_etag
from jingwang.core.access import grants
from jingwang.core.errors import ServiceError
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.selectors import resolve_ref


class SignInThrottled(exceptions.Throttled):
    """429 with Retry-After (SECURITY 30). The message already says how many minutes to wait, so
    the wait in seconds goes in the header only (DRF would append it to the message)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(detail=services.sign_in_throttled_message(retry_after), code="throttled")
        self.wait = retry_after


class TokenView(APIView):
    """Exchange a user name, password and (when enrolled) a one-time code for a bearer token."""

    access = "public"
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer})
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.sign_in_check(
            username=data.validated_data["username"],
            password=data.validated_data["password"],
            otp=data.validated_data.get("otp") or None,
        )
        if result.error == services.SIGN_IN_THROTTLED:
            raise SignInThrottled(result.retry_after)
        if result.error or result.user is None:
            raise ServiceError(
                services.SIGN_IN_FAILED, _("The user name or password is wrong, or the account is locked.")
            )
        if result.needs_otp:
            raise ServiceError("otp_required", _("Enter the one-time code from your authenticator."))
        if result.needs_enrolment:
            raise ServiceError("mfa_enrolment_required", _("Set up the second factor by signing in on the web first."))
        token, expires = services.token_issue(user=result.user)
        return Response({"token": token, "expires": expires}, status=status.HTTP_201_CREATED)


class MeView(APIView):
    """The caller's name and roles with their scopes."""

    access = "authenticated"
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        return Response(
            {
                "username": user.get_username(),
                "display_name": getattr(user, "display_name", ""),
                "roles": [{"role": g.role, "node": g.ref} for g in grants(user)],
                "require_mfa": settings.REQUIRE_MFA,
            }
        )


class UserViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Accounts managed by the security administrator, within their scope."""

    model = User
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    audit_reads = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> list[Any]:
        return [*super().get_permissions(), ReauthenticatedRecently()]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("home_node")
            .prefetch_related(Prefetch("assignments", queryset=RoleAssignment.objects.select_related("node")))
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        user = self.get_object()
        return with_etag(Response(UserSerializer(user).data), user)

    @extend_schema(request=UserCreateSerializer, responses=UserSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = UserCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            scopes = [resolve_ref(ref) for ref in v["scopes"]]
            user = services.user_create(
                by=request.user,
                username=v["username"],
                display_name=v["display_name"],
                password=v["password"],
                role=v["role"],
                scopes=scopes,
            )
            return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=UserUpdateSerializer, responses=UserSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        user = self.get_object()
        version = expected_version(request)
        data = UserUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "mobile" in data.validated_data:
            user = services.user_set_mobile(
                by=request.user, user_id=int(pk), mobile=data.validated_data["mobile"], expected_version=version
            )
            version = user.version
        if "is_active" in data.validated_data:
            user = services.user_set_active(
                by=request.user, user_id=int(pk), active=data.validated_data["is_active"], expected_version=version
            )
        return with_etag(Response(UserSerializer(user).data), user)


class RoleAssignmentViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Roles held over territory; granting and revoking need a fresh password confirmation."""

    model = RoleAssignment
    serializer_class = AssignmentSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_permissions(self) -> list[Any]:
        return [*super().get_permissions(), ReauthenticatedRecently()]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("node")

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AssignmentSerializer(self.get_object()).data)

    @extend_schema(request=AssignmentCreateSerializer, responses=AssignmentSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = AssignmentCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            assignment = services.role_assign(
                by=request.user, user_id=v["user"], role=v["role"], node=resolve_ref(v["node"])
            )
            return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    def destroy(self, request: Request, pk: str) -> Response:
        self.get_object()
        services.role_revoke(by=request.user, assignment_id=int(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RosterMemberViewSet(ScopedViewSet, mixins.ListModelMixin):
    """The 1+X+N roster of police districts within the caller's scope."""

    model = RosterMember
    serializer_class = RosterMemberSerializer
    audit_reads = True
    filterset_fields = ["position"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset().filter(is_active=True).select_related("police_district")
        district = self.request.query_params.get("police_district")
        return qs.filter(police_district__code=district) if district else qs

    def retrieve(self, request: Request, pk: str) -> Response:
        member = self.get_object()
        return with_etag(Response(RosterMemberSerializer(member).data), member)

    @extend_schema(request=RosterMemberWriteSerializer, responses=RosterMemberSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = RosterMemberWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = dict(data.validated_data)
            code = v.pop("police_district", "")
            district = Node.objects.filter(kind=NodeKind.POLICE_DISTRICT, code=code).first()
            if district is None:
                raise ServiceError(
                    "invalid",
                    _("Some fields are invalid."),
                    fields={"police_district": [_("Unknown police district.")]},
                )
            user_id = v.pop("user", None)
            user = User.objects.filter(pk=user_id).first() if user_id else None
            if user_id and user is None:
                raise ServiceError("invalid", _("Some fields are invalid."), fields={"user": [_("Unknown account.")]})
            if "position" not in v:
                raise ServiceError(
                    "invalid", _("Some fields are invalid."), fields={"position": [_("This field is required.")]}
                )
            member = roster.roster_member_add(by=request.user, police_district=district, user=user, **v)
            return Response(RosterMemberSerializer(member).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=RosterMemberWriteSerializer, responses=RosterMemberSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()
        version = expected_version(request)
        data = RosterMemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if "police_district" in changes or "user" in changes:
            raise ServiceError(
                "read_only_field", _("A member's district and account cannot be changed; remove and add instead.")
            )
        member = roster.roster_member_update(by=request.user, member_id=int(pk), expected_version=version, **changes)
        return with_etag(Response(RosterMemberSerializer(member).data), member)

    def destroy(self, request: Request, pk: str) -> Response:
        self.get_object()
        roster.roster_member_remove(by=request.user, member_id=int(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
