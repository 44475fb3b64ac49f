"""Incident bulletins (警情通报): an officer drafts a community's bulletin for a period, previews
it and publishes it; publishing sends it to the community's roster members and volunteers.

A bulletin holds no personal data: only counts by type (a count under the threshold, a setting,
shows as "fewer than N" and is not stored), the trend against the previous period (a direction
only where a count is suppressed, so no exact small number can be worked back), and the
officer's prevention advice, refused when it carries an ID or phone number."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jingwang.accounts.models import RoleAssignment, RosterMember, User
from jingwang.audit.services import audit_record
from jingwang.core.access import has_permission, scope_grants
from jingwang.core.errors import Forbidden, NotFound, ServiceError
from jingwang.core.types import Actor, Viewer
from jingwang.incidents.followups.figures import Period, in_period
from jingwang.incidents.followups.models import Bulletin, BulletinStatus
from jingwang.incidents.models import Incident, IncidentCategory
from jingwang.notifications.services import notify
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import visible_node_ids

MAX_DAYS = 366
# An 11-digit mobile, a landline, or an 18/15-digit ID number: personal data has no place here.
IDENTIFIER = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx]|\d{15}|0\d{2,3}-?\d{7,8})(?!\d)")


def threshold() -> int:
    return int(getattr(settings, "INCIDENT_BULLETIN_MIN_COUNT", 3))


def shown(count: int, limit: int) -> dict[str, Any]:
    """A count as a bulletin shows it: the number, or "fewer than N" (the number not kept)."""
    if 0 < count < limit:
        return {"value": None, "text": _("fewer than %(n)d") % {"n": limit}}
    return {"value": count, "text": str(count)}


def _trend(current: int, base: int, limit: int) -> str:
    small = 0 < current < limit or 0 < base < limit
    if base == 0:
        return _("Trend: new") if current else _("Trend: unchanged")
    if current == base:
        return _("Trend: unchanged")
    word = _("Trend: up") if current > base else _("Trend: down")
    if small:
        return word
    return f"{word} {abs(current - base) * 100 / base:.0f}%"


def communities_in_scope(viewer: Viewer, action: str) -> QuerySet[Node]:
    """Communities under the viewer's grants for bulletins, or holding a grid under them."""
    paths = sorted({g.path for g in _grants(viewer, action)})
    if not paths:
        return Node.objects.none()
    visible = Node.objects.filter(id__in=visible_node_ids(paths))
    return Node.objects.filter(
        Q(pk__in=visible.values("id")) | Q(pk__in=visible.values("parent_id")), kind=NodeKind.COMMUNITY
    ).order_by("code")


def _grants(viewer: Viewer, action: str) -> list[Any]:
    return scope_grants(viewer, Bulletin, action)


def bulletin_figures(*, community: Node, period: Period) -> dict[str, Any]:
    """The bulletin's figures: counts by type this period and the previous one, suppressed. Their
    words are kept in the site's language (residents read it), whatever the drafter's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _figures(community=community, period=period)


def _figures(*, community: Node, period: Period) -> dict[str, Any]:
    limit = threshold()
    rows = Incident.objects.filter(grid__parent=community)
    kinds = dict(IncidentCategory._meta.get_field("kind").choices or [])
    now: dict[str, int] = {}
    before: dict[str, int] = {}
    for target, p in ((now, period), (before, period.previous())):
        for r in in_period(rows, p).values("category__kind").annotate(n=Count("id")).order_by():
            target[r["category__kind"]] = r["n"]
    table = [
        {
            "kind": kind,
            "label": str(label),
            "count": shown(now.get(kind, 0), limit),
            "previous": shown(before.get(kind, 0), limit),
            "trend": str(_trend(now.get(kind, 0), before.get(kind, 0), limit)),
        }
        for kind, label in kinds.items()
        if now.get(kind) or before.get(kind)
    ]
    total, total_before = sum(now.values()), sum(before.values())
    return {
        "threshold": limit,
        "period": [period.start.isoformat(), period.end.isoformat()],
        "previous": [period.previous().start.isoformat(), period.previous().end.isoformat()],
        "rows": table,
        "total": shown(total, limit),
        "previous_total": shown(total_before, limit),
        "trend": str(_trend(total, total_before, limit)),
    }


def _clean(title: str, advice: str, start: date | None, end: date | None) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if not advice.strip():
        errors["advice"] = [_("Write the prevention advice.")]
    for field, text in (("title", title), ("advice", advice)):
        if IDENTIFIER.search(text):
            errors.setdefault(field, []).append(_("A bulletin may not carry ID or phone numbers."))
    if start is None:
        errors["period_start"] = [_("Enter a date.")]
    if end is None:
        errors["period_end"] = [_("Enter a date.")]
    if start and end:
        if end < start:
            errors["period_end"] = [_("The period ends before it starts.")]
        elif (end - start).days >= MAX_DAYS:
            errors["period_end"] = [_("A bulletin covers at most a year.")]
        elif end >= timezone.localdate():
            errors["period_end"] = [_("A bulletin covers a period that has ended.")]
    return errors


def bulletin_draft(
    *, by: Actor, community: Node, period_start: date | None, period_end: date | None, advice: str, title: str = ""
) -> Bulletin:
    """Draft a community's bulletin for a period that has ended (its figures computed now)."""
    if not has_permission(by, Bulletin, "add"):
        raise Forbidden(_("You may not draft incident bulletins."))
    errors = _clean(title, advice, period_start, period_end)
    if community is None or not communities_in_scope(by, "add").filter(pk=community.pk).exists():
        errors["community"] = [_("Choose a community of your area.")]
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    assert period_start is not None and period_end is not None
    period = Period(period_start, period_end)
    title = title.strip() or _("%(community)s incident bulletin %(start)s to %(end)s") % {
        "community": community.name,
        "start": period_start.isoformat(),
        "end": period_end.isoformat(),
    }
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            community=community,
            period_start=period_start,
            period_end=period_end,
            title=title[:120],
            advice=advice.strip(),
            figures=bulletin_figures(community=community, period=period),
            created_by=by,
        )
        audit_record(
            action="incidents.bulletin.draft",
            actor=by,
            object_type="incidents.bulletin",
            object_id=bulletin.pk,
            details={"community": community.code},
        )
    return bulletin


def recipients(community: Node) -> list[User]:
    """The community's roster members (of the police districts of its grids) and volunteers."""
    grids = Node.objects.filter(parent=community, kind=NodeKind.GRID)
    districts = grids.exclude(police_district__isnull=True).values("police_district_id")
    roster = RosterMember.objects.filter(police_district__in=districts, is_active=True, user__isnull=False)
    volunteers = RoleAssignment.objects.filter(
        Q(node=community) | Q(node__in=grids.values("id")), role="volunteer", user__is_active=True
    )
    ids = set(roster.values_list("user_id", flat=True)) | set(volunteers.values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def bulletin_publish(*, by: Actor, bulletin_id: int) -> Bulletin:
    """Publish a draft (figures computed again) and send it to the roster and volunteers."""
    with transaction.atomic():
        bulletin = Bulletin.objects.restrict(by, "change").select_for_update().filter(pk=bulletin_id).first()
        if bulletin is None:
            raise NotFound()
        if bulletin.status != BulletinStatus.DRAFT:
            raise ServiceError("already_published", _("This bulletin has already been published."))
        period = Period(bulletin.period_start, bulletin.period_end)
        bulletin.figures = bulletin_figures(community=bulletin.community, period=period)
        bulletin.status = BulletinStatus.PUBLISHED
        bulletin.published_at, bulletin.published_by = timezone.now(), by
        bulletin.save()
        sent = notify(
            recipients(bulletin.community),
            kind="incidents.bulletin",
            title=_("Incident bulletin: %(title)s") % {"title": bulletin.title},
            body=bulletin.advice[:500],
            link=bulletin.get_absolute_url(),
            subject=bulletin,
            dedupe_key=f"incidents.bulletin:{bulletin.pk}",
        )
        audit_record(
            action="incidents.bulletin.publish",
            actor=by,
            object_type="incidents.bulletin",
            object_id=bulletin.pk,
            details={"community": bulletin.community.code, "recipients": len(sent)},
        )
    return bulletin
