"""Rolling re-screening (滚动排查): every community gets a checklist each month, and the grid
workers and officers of that community check its lines off with what they found."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.audit.services import audit_record
from jingwang.core.access import has_permission, scope_grants
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.tree import ancestor_paths
from jingwang.core.types import Actor, Viewer
from jingwang.disputes.models import Dispute, ScreeningItem, ScreeningRound
from jingwang.disputes.services.common import Forbidden, invalid
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import visible_node_ids

# The monthly checklist: one line per kind of tension a community should look for.
CHECKLIST: list[tuple[str, Promise]] = [
    ("family", gettext_lazy("Family and marriage tensions: quarrels, violence, divorce and care of the elderly")),
    ("neighbours", gettext_lazy("Neighbour disputes: noise, leaks, boundaries, shared spaces, pets")),
    ("debt", gettext_lazy("Debts and private lending that may turn into conflict")),
    ("labour", gettext_lazy("Unpaid wages and labour disputes at employers and building sites")),
    ("property", gettext_lazy("Property management and owners' committee disputes")),
    ("demolition", gettext_lazy("Demolition, relocation and land disputes")),
    ("medical", gettext_lazy("Medical disputes involving residents")),
    ("risk_people", gettext_lazy("People at risk of extreme acts after a dispute")),
    ("follow_up", gettext_lazy("Disputes of earlier months that are still open: follow up")),
]


def month_start(day: date | None = None) -> date:
    day = day or timezone.localdate()
    return day.replace(day=1)


def screening_generate(
    *, month: date | None = None, by: Actor | None = None, communities: Iterable[Node] | None = None
) -> int:
    """Create the month's checklist for every community (or those given) that lacks one; returns
    how many rounds were created. Idempotent: the unique (community, month) decides."""
    if by is not None and not has_permission(by, ScreeningRound, "add"):
        raise Forbidden()
    month = month_start(month)
    nodes = communities_in_scope(by, "add") if by is not None else Node.objects.filter(kind=NodeKind.COMMUNITY)
    if communities is not None:
        nodes = nodes.filter(pk__in=[c.pk for c in communities])
    created = 0
    for community in nodes:
        if ScreeningRound.objects.filter(community=community, month=month).exists():
            continue
        try:
            with transaction.atomic():
                round_ = ScreeningRound.objects.create(community=community, month=month)
                ScreeningItem.objects.bulk_create(
                    ScreeningItem(round=round_, position=i, code=code, text=str(text))
                    for i, (code, text) in enumerate(CHECKLIST, start=1)
                )
                audit_record(
                    action="disputes.screening.generate",
                    actor=by,
                    object_type="disputes.screeninground",
                    object_id=round_.pk,
                    details={"community": community.code, "month": month.isoformat()},
                )
        except IntegrityError:
            continue  # another worker created it first
        created += 1
    return created


def communities_in_scope(by: Viewer, action: str = "view") -> QuerySet[Node]:
    """Communities whose checklists `by` may see (or, with "add", generate)."""
    held = scope_grants(by, ScreeningRound, action)
    if not held:
        return Node.objects.none()
    paths = sorted({g.path for g in held})
    visible = visible_node_ids(paths)
    above = sorted({a for g in held for a in ancestor_paths(g.path)})
    q = Q(pk__in=visible) | Q(pk__in=Node.objects.filter(kind=NodeKind.GRID, pk__in=visible).values("parent_id"))
    if above:
        q |= Q(path__in=above)
    return Node.objects.filter(kind=NodeKind.COMMUNITY).filter(q)


def screening_item_check(*, by: Actor, item_id: int, finding: str = "", dispute_id: int | None = None) -> ScreeningItem:
    """Check a line off (what was found; a dispute reported from it, if any)."""
    with transaction.atomic():
        item = (
            ScreeningItem.objects.restrict(by, "check")
            .select_for_update()
            .select_related("round")
            .filter(pk=item_id)
            .first()
        )
        if item is None:
            if has_permission(by, ScreeningItem, "check"):
                raise NotFound()
            raise Forbidden()
        if item.done_at is not None:
            raise ServiceError("already_checked", _("This line was checked already."))
        dispute = None
        if dispute_id is not None:
            dispute = Dispute.objects.restrict(by, "view").filter(pk=dispute_id, community=item.round.community).first()
            if dispute is None:
                raise invalid({"dispute": [_("No such dispute in this community.")]})
        item.done_at, item.done_by, item.finding, item.dispute = timezone.now(), by, finding.strip()[:500], dispute
        item.save(update_fields=["done_at", "done_by", "finding", "dispute"])
        if not ScreeningItem.objects.filter(round=item.round, done_at__isnull=True).exists():
            ScreeningRound.objects.filter(pk=item.round_id).update(completed_at=timezone.now())
        audit_record(
            action="disputes.screening.check",
            actor=by,
            object_type="disputes.screeninground",
            object_id=item.round_id,
            details={"item": item.pk, "code": item.code, "dispute": dispute.pk if dispute else None},
        )
    return item
