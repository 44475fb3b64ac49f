from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from jingwang.accounts.models import RoleAssignment, RosterMember, RosterPosition, User
from jingwang.api.fields import RecordIdField
from jingwang.core.roles import Role


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    otp = serializers.CharField(max_length=10, required=False, allow_blank=True)


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class AssignmentSerializer(serializers.ModelSerializer[RoleAssignment]):
    node = serializers.SerializerMethodField()
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "node", "node_name"]

    def get_node(self, obj: RoleAssignment) -> str:
        return obj.node.ref


class AssignmentCreateSerializer(serializers.Serializer[Any]):
    user = RecordIdField()
    role = serializers.ChoiceField(choices=Role.choices)
    node = serializers.CharField(help_text="kind:code of the scope node")


class UserSerializer(serializers.ModelSerializer[User]):
    home_node = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "home_node",
            "is_active",
            "mfa_enabled",
            "mobile_masked",
            "roles",
            "version",
        ]

    def get_home_node(self, obj: User) -> str | None:
        return obj.home_node.ref if obj.home_node else None

    def get_roles(self, obj: User) -> list[dict[str, str]]:
        return [{"role": a.role, "node": a.node.ref} for a in obj.assignments.all()]


class UserCreateSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    display_name = serializers.CharField(max_length=100)
    password = serializers.CharField(max_length=64, trim_whitespace=False, write_only=True)
    role = serializers.ChoiceField(choices=Role.choices)
    scopes = serializers.ListField(child=serializers.CharField(), min_length=1)


class UserUpdateSerializer(serializers.Serializer[Any]):
    is_active = serializers.BooleanField(required=False)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, write_only=True)


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.DictField())


class RosterMemberSerializer(serializers.ModelSerializer[RosterMember]):
    police_district = serializers.SerializerMethodField()

    class Meta:
        model = RosterMember
        fields = ["id", "police_district", "position", "user", "name", "organisation", "duty", "version"]

    def get_police_district(self, obj: RosterMember) -> str:
        return obj.police_district.code


class RosterMemberWriteSerializer(serializers.Serializer[Any]):
    police_district = serializers.CharField(required=False, help_text="code of the police district")
    position = serializers.ChoiceField(choices=RosterPosition.choices, required=False)
    user = RecordIdField(required=False, allow_null=True)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    organisation = serializers.CharField(max_length=100, required=False, allow_blank=True)
    duty = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError({f: [_("This field cannot be written.")] for f in sorted(unknown)})
        return attrs
