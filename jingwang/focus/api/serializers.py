"""The focus resources' shapes. A follow-up and a lost-contact search never carry the category:
they are what a grid worker reads (name, address, due date, what to look for)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.api.serializers import CaseAttachmentSerializer, CaseSerializer
from jingwang.focus.models import CareAssignment, Category, ContactType, Followup, Listing, LostContact
from jingwang.registry.models import Person


class ListingSerializer(serializers.ModelSerializer[Listing]):
    name = serializers.CharField(source="person.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    tier_label = serializers.CharField(source="tier_display", read_only=True)
    officer_name = serializers.CharField(source="officer.display_name", read_only=True)
    delisting_suggested = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id",
            "person",
            "name",
            "category",
            "category_name",
            "tier",
            "tier_label",
            "legal_basis",
            "address",
            "officer",
            "officer_name",
            "grid_worker",
            "helpers",
            "guardian",
            "plan",
            "look_for",
            "since",
            "review_date",
            "state",
            "listed_at",
            "approved_by",
            "approved_at",
            "delist_reason",
            "ended_at",
            "version",
            "delisting_suggested",
        ]
        read_only_fields = fields

    def get_delisting_suggested(self, obj: Listing) -> bool:
        return obj.delisting_suggested()


class ListingCreateSerializer(serializers.Serializer[Any]):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.filter(is_active=True))
    tier = serializers.CharField(max_length=20)
    legal_basis = serializers.CharField(max_length=300, allow_blank=True)
    review_date = serializers.DateField()
    since = serializers.DateField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    helpers = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    guardian = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    look_for = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class RenewSerializer(serializers.Serializer[Any]):
    review_date = serializers.DateField()
    reason = serializers.CharField(allow_blank=True, max_length=4000)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, max_length=4000, label=_("reason"))


class FollowupSerializer(serializers.ModelSerializer[Followup]):
    case = CaseSerializer(read_only=True)
    name = serializers.CharField(source="listing.person.name", read_only=True)
    address = serializers.CharField(source="listing.address", read_only=True)
    look_for = serializers.CharField(source="listing.look_for", read_only=True)
    # Blank until the follow-up is recorded: the schema says so (a blank choice besides the three).
    contact_type = serializers.ChoiceField(choices=ContactType.choices, allow_blank=True, read_only=True)
    # the record's photos: the case's files, downloaded through the case (audited as sensitive)
    attachments = CaseAttachmentSerializer(source="case.attachments", many=True, read_only=True)

    class Meta:
        model = Followup
        fields = [
            "id",
            "case",
            "name",
            "address",
            "look_for",
            "due_date",
            "is_open",
            "contact_type",
            "place",
            "at_home",
            "observations",
            "abnormal",
            "abnormal_note",
            "officer_signed_by",
            "officer_signed_at",
            "health_signed_by",
            "health_signed_at",
            "attachments",
        ]
        read_only_fields = fields


class SignSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class LostContactSerializer(serializers.ModelSerializer[LostContact]):
    case = CaseSerializer(read_only=True)
    name = serializers.CharField(source="listing.person.name", read_only=True)
    address = serializers.CharField(source="listing.address", read_only=True)

    class Meta:
        model = LostContact
        fields = ["id", "case", "name", "address", "reported_by", "reported_at", "last_seen", "found_place", "found_at"]
        read_only_fields = fields


class LostReportSerializer(serializers.Serializer[Any]):
    followup = serializers.IntegerField()
    last_seen = serializers.CharField(max_length=300, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class CareAssignmentSerializer(serializers.ModelSerializer[CareAssignment]):
    user_name = serializers.CharField(source="user.display_name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = CareAssignment
        fields = ["id", "user", "user_name", "category", "category_name"]


class CareAssignCreateSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    category = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
