"""Notifying people: the inbox, text messages for what cannot wait, and who to notify."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from jingwang.accounts.models import RoleAssignment
from jingwang.core.roles import Role
from jingwang.core.tree import ancestor_paths
from jingwang.notifications import sms
from jingwang.notifications.models import Notification, SmsMessage, SmsStatus
from jingwang.territory.models import Node


def _text(value: str | Promise, limit: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)[:limit]


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str | Promise,
    body: str | Promise = "",
    link: str = "",
    subject: models.Model | None = None,
    dedupe_key: str = "",
    sms: bool = False,
) -> list[Notification]:
    """Put a notification in each recipient's inbox (once per `dedupe_key`) and, with `sms`, send a
    text message to those with a mobile once the caller's transaction commits."""
    made: list[Notification] = []
    seen: set[int] = set()
    title_text, body_text = _text(title, 200), _text(body, 4000)
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        # The repeated `exclude` lets SQLite use the partial unique index (recipient, dedupe_key).
        if (
            dedupe_key
            and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exclude(dedupe_key="").exists()
        ):
            continue
        note = Notification(
            recipient=user,
            kind=kind,
            title=title_text,
            body=body_text,
            link=link,
            dedupe_key=dedupe_key,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
        )
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:
            if dedupe_key:
                continue  # another worker notified this recipient under the same key first
            raise
        made.append(note)
        if sms and user.mobile:
            _queue_sms(note, user)
    return made


def _queue_sms(note: Notification, user: Any) -> None:
    text = note.title if not note.body else f"{note.title}: {note.body}"
    message = SmsMessage.objects.create(
        notification=note,
        recipient=user,
        phone_masked=user.mobile_masked,
        text=text[:500],
        backend=sms.backend_name(),
    )
    transaction.on_commit(lambda: sms_send(message.pk))


def sms_send(message_id: int) -> None:
    """Hand one queued message to the backend (after the effect that caused it has committed)."""
    message = SmsMessage.objects.select_related("recipient").filter(pk=message_id, status=SmsStatus.QUEUED).first()
    if message is None:
        return
    try:
        sms.backend().send(message.recipient.mobile_number(), message.text)
    except Exception as exc:
        SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.FAILED, error=str(exc)[:300])
        return
    SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.SENT, sent_at=timezone.now())


def notification_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all unread ones when `ids` is None)."""
    rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def unread_count(user: Any) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- who to notify ----------------------------------------------------------------------------------


def _ranked_holders(nodes: list[Any], roles: Iterable[str]) -> list[tuple[int, Any]]:
    """(rank of the nearest node, user) for active users holding one of `roles` over `nodes`."""

    rank = {n.pk: i for i, n in enumerate(nodes)}
    best: dict[int, tuple[int, Any]] = {}
    rows = RoleAssignment.objects.filter(node_id__in=list(rank), role__in=list(roles), user__is_active=True)
    for row in rows.select_related("user"):
        r = rank[row.node_id]
        if row.user_id not in best or r < best[row.user_id][0]:
            best[row.user_id] = (r, row.user)
    return sorted(best.values(), key=lambda pair: (pair[0], pair[1].pk))


def _lineage(grid: Any) -> list[Any]:
    """The grid and every node above it in both trees, nearest first."""

    chains = [[grid.path, *reversed(ancestor_paths(grid.path))]]
    if grid.police_path:
        chains.append([grid.police_path, *reversed(ancestor_paths(grid.police_path))])
    # Nearest first across both trees: the grid, then its community and police district, ...
    ranked = sorted((distance, i, path) for i, chain in enumerate(chains) for distance, path in enumerate(chain))
    paths = [path for _, _, path in ranked]
    by_path = {n.path: n for n in Node.objects.filter(path__in=paths)}
    return [by_path[p] for p in dict.fromkeys(paths) if p in by_path]


def responsible_officers(grid: Any) -> list[Any]:
    """The community officers responsible for a grid: those holding the role over the node nearest
    to it (the grid, its police district, its community, then further up)."""

    ranked = _ranked_holders(_lineage(grid), [Role.COMMUNITY_OFFICER])
    return [user for r, user in ranked if r == ranked[0][0]] if ranked else []


def leaders_over(grid: Any, role: str) -> list[Any]:
    """Users holding `role` (e.g. station_leader, bureau_commander) over a node above the grid."""
    return [user for _, user in _ranked_holders(_lineage(grid), [role])]
