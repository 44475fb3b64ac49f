from __future__ import annotations

from rest_framework import serializers

from jingwang.api.fields import RecordIdField
from jingwang.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "subject_type", "subject_id", "created_at", "read_at"]
        read_only_fields = fields


class MarkReadSerializer(serializers.Serializer[None]):
    ids = serializers.ListField(child=RecordIdField(), required=False, allow_empty=True, max_length=500)
