"""Registry serializers: identifiers leave the server masked; writes go through the services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from jingwang.api.fields import RecordIdField
from jingwang.registry.models import Address, Change, Collection, House, MergeRecord, MergeSuggestion, Person, Unit


class GridCodeMixin(serializers.Serializer[Any]):
    grid = serializers.SerializerMethodField()

    def get_grid(self, obj: Any) -> str:
        return obj.grid.code


class PersonSerializer(GridCodeMixin, serializers.ModelSerializer[Person]):
    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "former_names",
            "sex",
            "birth_date",
            "document_type",
            "id_number",
            "phone",
            "residence_type",
            "hukou_address",
            "hukou_division_code",
            "residence_permit_number",
            "residence_permit_expires",
            "grid",
            "verified_at",
            "version",
        ]


class PersonWriteSerializer(serializers.Serializer[Any]):
    """Free-form input checked by the registry's own validation (messages per field)."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Expected an object.")]})
        return dict(data)


class PersonSearchSerializer(serializers.Serializer[Any]):
    """The list's filters, sent in the body so that an ID or phone number stays out of the URL."""

    q = serializers.CharField(
        required=False, allow_blank=True, help_text="ID number, phone, name, pinyin, birth date or address"
    )
    residence_type = serializers.CharField(required=False, allow_blank=True)
    grid = serializers.CharField(required=False, allow_blank=True, help_text="grid code")
    birth_date = serializers.CharField(required=False, allow_blank=True, help_text="YYYY-MM-DD")


class RevealSerializer(serializers.Serializer[Any]):
    field = serializers.ChoiceField(choices=["id_number", "phone"])
    purpose = serializers.CharField(max_length=255)


class AddressSerializer(GridCodeMixin, serializers.ModelSerializer[Address]):
    class Meta:
        model = Address
        fields = [
            "id",
            "canonical",
            "division_code",
            "township_code",
            "community",
            "group",
            "road",
            "road_number",
            "compound",
            "building",
            "unit",
            "floor",
            "room",
            "note",
            "lon",
            "lat",
            "grid",
            "is_active",
            "version",
        ]


class AddressCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=300)
    lon = serializers.FloatField(required=False, allow_null=True)
    lat = serializers.FloatField(required=False, allow_null=True)
    grid = serializers.CharField(required=False, allow_blank=True, help_text="grid code when there are no coordinates")


class HouseSerializer(GridCodeMixin, serializers.ModelSerializer[House]):
    address = serializers.CharField(source="address.canonical", read_only=True)

    class Meta:
        model = House
        fields = [
            "id",
            "address",
            "house_type",
            "use",
            "area_m2",
            "rental_start",
            "security_letter_signed",
            "hazard_level",
            "grid",
            "verified_at",
            "version",
        ]


class UnitSerializer(GridCodeMixin, serializers.ModelSerializer[Unit]):
    security_contact_phone = serializers.CharField(source="security_contact_phone_masked", read_only=True)
    address = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "credit_code",
            "unit_type",
            "industry",
            "legal_representative",
            "security_contact",
            "security_contact_phone",
            "staff_count",
            "address",
            "is_key_industry",
            "grid",
            "verified_at",
            "version",
        ]

    def get_address(self, obj: Unit) -> str | None:
        return obj.address.canonical if obj.address_id and obj.address else None


class CollectionSerializer(GridCodeMixin, serializers.ModelSerializer[Collection]):
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Collection
        fields = [
            "id",
            "kind",
            "summary",
            "grid",
            "lon",
            "lat",
            "submitted_by",
            "submitted_at",
            "due_at",
            "overdue",
            "status",
            "decided_at",
            "decision_note",
            "record_type",
            "record_id",
            "version",
        ]

    def get_overdue(self, obj: Collection) -> bool:
        return obj.status == "pending" and obj.due_at < timezone.now()


class CollectionRevealSerializer(serializers.Serializer[Any]):
    field = serializers.ChoiceField(choices=["id_number", "phone", "security_contact_phone"])
    purpose = serializers.CharField(max_length=255)


class RevealAnswerSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    value = serializers.CharField()


class CollectionCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["person", "house", "unit", "address"])
    values = serializers.DictField(help_text="the submitted fields (name, id_number, phone, address, …)")
    lon = serializers.FloatField(required=False, allow_null=True)
    lat = serializers.FloatField(required=False, allow_null=True)
    grid = serializers.CharField(required=False, allow_blank=True)


class CollectionDecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    corrections = serializers.DictField(required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class BulkDecisionSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(child=RecordIdField(), min_length=1, max_length=500)
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ChangeSerializer(serializers.ModelSerializer[Change]):
    changed_by = serializers.SerializerMethodField()

    class Meta:
        model = Change
        fields = ["field", "old", "new", "changed_at", "changed_by", "source"]

    def get_changed_by(self, obj: Change) -> str | None:
        return obj.changed_by.username if obj.changed_by_id and obj.changed_by else None


class ImportRequestSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["person", "house", "unit", "address"])
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


class AddressMatchQuerySerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=300)


class PersonBriefSerializer(GridCodeMixin, serializers.ModelSerializer[Person]):
    """One side of a duplicate pair: identifiers masked."""

    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "sex", "birth_date", "id_number", "phone", "residence_type", "grid", "is_active"]


class FieldAgreementSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    level = serializers.CharField()
    weight = serializers.FloatField(help_text="log2 Bayes factor: positive for agreement, negative against")


class MergeSuggestionSerializer(serializers.ModelSerializer[MergeSuggestion]):
    person_a = PersonBriefSerializer(read_only=True)
    person_b = PersonBriefSerializer(read_only=True)
    comparison = FieldAgreementSerializer(source="fields", many=True, read_only=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = MergeSuggestion
        fields = [
            "id",
            "person_a",
            "person_b",
            "probability",
            "match_weight",
            "same_id_number",
            "comparison",
            "status",
            "created_at",
            "decided_by",
            "decided_at",
            "note",
            "version",
        ]

    def get_decided_by(self, obj: MergeSuggestion) -> str | None:
        return obj.decided_by.username if obj.decided_by_id and obj.decided_by else None


class MergeRequestSerializer(serializers.Serializer[Any]):
    survivor = RecordIdField(help_text="id of the person who is kept (one of the pair)")


class RejectRequestSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MergeRecordSerializer(serializers.ModelSerializer[MergeRecord]):
    survivor = PersonBriefSerializer(read_only=True)
    duplicate = PersonBriefSerializer(read_only=True)
    moved = serializers.SerializerMethodField()
    merged_by = serializers.SerializerMethodField()
    undone_by = serializers.SerializerMethodField()

    class Meta:
        model = MergeRecord
        fields = [
            "id",
            "survivor",
            "duplicate",
            "suggestion",
            "moved",
            "automatic",
            "merged_by",
            "merged_at",
            "undone_by",
            "undone_at",
        ]

    def get_moved(self, obj: MergeRecord) -> dict[str, int]:
        """How many rows of each kind moved to the survivor."""
        return {key: len(ids) for key, ids in obj.moved.items()}

    def get_merged_by(self, obj: MergeRecord) -> str | None:
        return obj.merged_by.username if obj.merged_by_id and obj.merged_by else None

    def get_undone_by(self, obj: MergeRecord) -> str | None:
        return obj.undone_by.username if obj.undone_by_id and obj.undone_by else None
