from rest_framework import serializers

from jingwang.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "occurred_at",
            "actor",
            "actor_username",
            "roles",
            "scope",
            "action",
            "object_type",
            "object_id",
            "query",
            "result_count",
            "purpose",
            "outcome",
            "source",
            "source_address",
            "session_ref",
            "request_id",
            "details",
            "prev_hash",
            "hash",
        ]
