"""The FilterSet shared by the inbox page and the notifications API."""

from __future__ import annotations

from django_filters import rest_framework as filters

from jingwang.core.filter_fields import BooleanFilter
from jingwang.notifications.models import Notification


class NotificationFilterSet(filters.FilterSet):
    unread = BooleanFilter(field_name="read_at", lookup_expr="isnull", label="unread")

    class Meta:
        model = Notification
        fields = ["kind", "unread"]
