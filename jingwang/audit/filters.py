from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.audit.models import AuditEvent, Outcome


class AuditEventFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(label=_("actor"), field_name="actor_username")
    action = django_filters.CharFilter(label=_("action"), field_name="action", lookup_expr="startswith")
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=Outcome.choices)
    object_type = django_filters.CharFilter(label=_("object type"))
    object_id = django_filters.CharFilter(label=_("object id"))
    since = django_filters.IsoDateTimeFilter(label=_("from"), field_name="occurred_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(label=_("to"), field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "outcome", "object_type", "object_id", "since", "until"]
