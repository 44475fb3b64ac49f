"""Duplicate persons: matching in the background, suggestions, merges and their undoing.

- Matching (`match_person`, `match_collection`) runs in worker jobs enqueued in the transaction
  that created or changed the record (`match_later`, `match_collection_later`); it is idempotent:
  a pair is suggested once (unique unordered pair) and a decided pair is never reopened by it.
- A merge keeps the survivor as it is and moves every row that pointed at the duplicate (its
  residences, employments, household relations, the collection records that touched it, and the
  links other apps hold, e.g. dispute parties) to the survivor; the duplicate is retired with
  `merged_into`. The `MergeRecord` lists exactly what moved and the duplicate's state before, so
  `merge_undo` puts everything back, and refuses when something has since come to depend on the
  merged state. Rows are locked, and the merge, its history rows and its audit event commit together.
- Deciding needs the right over both persons: the community officer when both lie in their
  district, otherwise a station leader over both (the officer sees the suggestion, not the buttons).
- Two ID numbers more than a typo apart are two people (`linkage.model.distinct_ids`): such a pair
  is never suggested, and a merge that would put two such numbers in one person, the records
  merged into either counted, is refused (409 `distinct_id_numbers`) whoever asks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.audit.services import audit_record
from jingwang.core.access import model_label
from jingwang.core.errors import Conflict, NotFound, PreconditionFailed, ServiceError
from jingwang.notifications.services import leaders_over, notify, responsible_officers
from jingwang.registry.merges.enqueue import match_later
from jingwang.registry.merges.matching import (
    current_addresses,
    distinct_people,
    find_matches,
    person_id_numbers,
    person_record,
    values_record,
)
from jingwang.registry.models import (
    Change,
    Collection,
    CollectionMatch,
    CollectionStatus,
    HouseholdRelation,
    MergeRecord,
    MergeSuggestion,
    Person,
    Residence,
    SuggestionStatus,
)
from jingwang.registry.services.collections import collection_payload
from jingwang.territory.scope import node_in_scope

PERSON = "registry.person"
COLLECTION_LINK = "registry.collection.record_id"
CLOSED_RESIDENCES = "closed_residences"
# Rows that hang on a person but are not links that follow a merge: the matcher's own records.
_NOT_LINKS = {"registry.person", "registry.mergesuggestion", "registry.mergerecord", "registry.collectionmatch"}


class OutsideScope(ServiceError):
    """The caller sees the suggestion but may not decide it (one person lies outside their area)."""

    status = 403


def suggest_threshold() -> float:
    return float(settings.MERGE_SUGGEST_PERCENT) / 100


def auto_threshold() -> float:
    return float(settings.MERGE_AUTO_PERCENT) / 100


# --- Matching (worker jobs) -------------------------------------------------------------------------


def match_person(*, person_id: int) -> list[MergeSuggestion]:
    """Suggest the duplicates of one active person; merge the certain ones when AUTO_MERGE is on."""
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        return []
    record = person_record(person, address=current_addresses([person.pk]).get(person.pk, ""))
    suggestions = []
    for match in find_matches(record, threshold=suggest_threshold(), exclude=[person.pk], person=person):
        suggestion, created = _suggest(
            person.pk, match.person.pk, match.probability, match.match_weight, match.fields, match.same_id_number
        )
        suggestions.append(suggestion)
        # Only a pair found for the first time merges by itself: an undone merge went back to open
        # for a person to decide, and must not be redone behind their back.
        certain = match.same_id_number and match.probability >= auto_threshold()
        if certain and created and settings.AUTO_MERGE:
            try:
                # The older record (registered first) keeps its identity.
                merge_persons(by=None, suggestion_id=suggestion.pk, survivor_id=suggestion.person_a_id)
            except ServiceError:
                continue  # one of the two changed meanwhile: the suggestion stays open for a person
            suggestion.refresh_from_db()
            if suggestion.person_b_id == person.pk:
                break  # this person was the duplicate: its other pairs are the survivor's to find
    return suggestions


def match_persons(*, first: int, last: int) -> int:
    """Match every active person with an id in first..last; returns how many were matched."""
    ids = list(
        Person.objects.filter(pk__gte=first, pk__lte=last, is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    for pk in ids:
        match_person(person_id=pk)
    return len(ids)


def _suggest(
    one: int, other: int, probability: float, weight: float, fields: list[dict[str, Any]], same_id: bool
) -> tuple[MergeSuggestion, bool]:
    """Create or refresh the open suggestion for a pair (True when new); decided pairs stay as they are."""
    a, b = sorted((one, other))
    values = {"probability": probability, "match_weight": weight, "fields": fields, "same_id_number": same_id}
    with transaction.atomic():
        suggestion, created = MergeSuggestion.objects.get_or_create(person_a_id=a, person_b_id=b, defaults=values)
        if created:
            _notify_new(suggestion)
        elif suggestion.status == SuggestionStatus.OPEN:
            MergeSuggestion.objects.filter(pk=suggestion.pk, status=SuggestionStatus.OPEN).update(
                **values, updated_at=timezone.now()
            )
            suggestion.refresh_from_db()
    return suggestion, created


def _notify_new(suggestion: MergeSuggestion) -> None:
    """Tell the keepers of both grids (and, across police districts, the station leaders)."""
    pair = list(Person.objects.filter(pk__in=[suggestion.person_a_id, suggestion.person_b_id]).select_related("grid"))
    recipients: dict[int, Any] = {}
    for person in pair:
        for user in responsible_officers(person.grid):
            recipients[user.pk] = user
    districts = {p.grid.police_path for p in pair}
    if len(districts) > 1:
        for user in leaders_over(pair[0].grid, "station_leader"):
            recipients[user.pk] = user
    if recipients:
        notify(
            recipients.values(),
            kind="registry.duplicate",
            title=gettext_lazy("Possible duplicate person"),
            body=" / ".join(p.name for p in pair),
            link=reverse("registry:merge-suggestion", args=[suggestion.pk]),
            subject=suggestion,
            dedupe_key=f"registry.mergesuggestion:{suggestion.pk}",
        )


def match_collection(*, collection_id: int) -> list[CollectionMatch]:
    """The registered persons a person submission resembles, kept beside it for the officer."""
    collection = Collection.objects.filter(pk=collection_id, kind="person").first()
    if collection is None or collection.status != CollectionStatus.PENDING:
        return []
    record = values_record(collection_payload(collection), record_id=f"c{collection.pk}")
    matches = find_matches(record, threshold=suggest_threshold())
    with transaction.atomic():
        CollectionMatch.objects.filter(collection=collection).delete()
        return CollectionMatch.objects.bulk_create(
            CollectionMatch(
                collection=collection,
                person=m.person,
                probability=m.probability,
                fields=m.fields,
                same_id_number=m.same_id_number,
            )
            for m in matches[:5]
        )


# --- Deciding -----------------------------------------------------------------------------------


def _decidable(by: Any, action: str, suggestion_id: int, expected_version: int | None) -> MergeSuggestion:
    base = MergeSuggestion.objects if by is None else MergeSuggestion.objects.restrict(by, action)
    suggestion = base.select_for_update().filter(pk=suggestion_id).first()
    if suggestion is None:
        raise NotFound()
    if expected_version is not None and suggestion.version != expected_version:
        raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
    if suggestion.status != SuggestionStatus.OPEN:
        raise Conflict("already_decided", _("This suggestion has already been decided."))
    return suggestion


def _lock_pair(by: Any, model: type[models.Model], action: str, ids: list[int]) -> dict[int, Person]:
    """Both persons, locked in id order; both must lie in the caller's scope for `action`."""
    pair = {
        p.pk: p
        for p in Person.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted(ids))
        .select_related("grid")
        .order_by("pk")
    }
    if by is not None and not all(node_in_scope(by, p.grid, model, action) for p in pair.values()):
        raise OutsideScope(
            "outside_scope",
            _("One of the two persons is registered outside your area: a station leader over both decides."),
        )
    return pair


def can_decide(user: Any, suggestion: MergeSuggestion, action: str = "merge") -> bool:
    """Whether the user may merge (or reject) this suggestion: authority over both persons."""
    return all(node_in_scope(user, p.grid, MergeSuggestion, action) for p in (suggestion.person_a, suggestion.person_b))


def _links() -> list[tuple[type[models.Model], str]]:
    """(model, foreign key) of every row that may point at a person and follows a merge."""
    out = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        related = rel.related_model
        if isinstance(related, type) and model_label(related) not in _NOT_LINKS:
            out.append((related, rel.field.name))  # type: ignore[union-attr]
    return sorted(out, key=lambda link: (model_label(link[0]), link[1]))


def _move_links(survivor: Person, duplicate: Person) -> dict[str, list[int]]:
    moved: dict[str, list[int]] = {}
    today = timezone.localdate()
    # Open residences at a house the survivor already lives at: closed today, then moved.
    shared = Residence.objects.filter(person=survivor, until__isnull=True).values("house_id")
    closing = list(
        Residence.objects.filter(person=duplicate, until__isnull=True, house_id__in=shared).values_list("pk", flat=True)
    )
    if closing:
        Residence.objects.filter(pk__in=closing).update(until=today)
        moved[CLOSED_RESIDENCES] = closing
    # Household relations that would duplicate one the survivor has, or relate it to itself, stay.
    kept_relatives = set(HouseholdRelation.objects.filter(person=survivor).values_list("relative_id", flat=True))
    kept_persons = set(HouseholdRelation.objects.filter(relative=survivor).values_list("person_id", flat=True))
    skip: dict[tuple[type[models.Model], str], set[int]] = {
        (HouseholdRelation, "person"): set(
            HouseholdRelation.objects.filter(
                person=duplicate, relative_id__in=kept_relatives | {survivor.pk}
            ).values_list("pk", flat=True)
        ),
        (HouseholdRelation, "relative"): set(
            HouseholdRelation.objects.filter(
                relative=duplicate, person_id__in=kept_persons | {survivor.pk}
            ).values_list("pk", flat=True)
        ),
    }
    for model, field in _links():
        manager = model._base_manager
        ids = sorted(
            set(manager.filter(**{field: duplicate}).values_list("pk", flat=True)) - skip.get((model, field), set())
        )
        if not ids:
            continue
        try:
            with transaction.atomic():
                manager.filter(pk__in=ids).update(**{field: survivor})
        except IntegrityError:
            raise Conflict(
                "merge_conflict",
                _("The two records cannot be merged: their %(links)s conflict. Correct them first.")
                % {"links": model._meta.verbose_name_plural},
            ) from None
        moved[f"{model_label(model)}.{field}"] = ids
    collections = list(
        Collection.objects.filter(record_type=PERSON, record_id=duplicate.pk).values_list("pk", flat=True)
    )
    if collections:
        Collection.objects.filter(pk__in=collections).update(record_id=survivor.pk)
        moved[COLLECTION_LINK] = collections
    return moved


def _history(person: Person, field: str, old: Any, new: Any, by: Any, source: str) -> None:
    Change.objects.create(
        record_type=PERSON,
        record_id=person.pk,
        field=field,
        old="" if old is None else str(old),
        new="" if new is None else str(new),
        changed_by=by if getattr(by, "pk", None) else None,
        source=source,
    )


def _refuse_two_people(survivor: Person, duplicate: Person) -> None:
    """Refuse a merge that would give one person two ID numbers more than a typo apart."""
    numbers = person_id_numbers([survivor, duplicate])
    if distinct_people(numbers[survivor.pk], numbers[duplicate.pk]):
        raise Conflict(
            "distinct_id_numbers",
            _(
                "These are two people: their ID numbers differ by more than a typo, so they cannot be "
                "merged. If one of the numbers was entered wrongly, correct it first."
            ),
        )


def merge_persons(*, by: Any, suggestion_id: int, survivor_id: int, expected_version: int | None = None) -> MergeRecord:
    """Merge the suggestion's two persons into `survivor_id`. `by=None` is the matcher's automatic
    merge (the same ID number, at least MERGE_AUTO_PERCENT), recorded as such."""
    with transaction.atomic():
        suggestion = _decidable(by, "merge", suggestion_id, expected_version)
        pair_ids = [suggestion.person_a_id, suggestion.person_b_id]
        if survivor_id not in pair_ids:
            raise ServiceError(
                "invalid",
                _("Some fields are invalid."),
                fields={"survivor": [_("Choose one of the two persons.")]},
            )
        pair = _lock_pair(by, MergeSuggestion, "merge", pair_ids)
        survivor = pair[survivor_id]
        duplicate = pair[pair_ids[0] if survivor_id == pair_ids[1] else pair_ids[1]]
        if not (survivor.is_active and duplicate.is_active):
            raise Conflict("inactive", _("One of the two records has been merged or retired in the meantime."))
        _refuse_two_people(survivor, duplicate)
        before = {
            "is_active": duplicate.is_active,
            "retired_at": duplicate.retired_at.isoformat() if duplicate.retired_at else None,
            "merged_into": duplicate.merged_into_id,
            "version": duplicate.version,
            "grid": duplicate.grid_id,
            "closed_on": timezone.localdate().isoformat(),
        }
        moved = _move_links(survivor, duplicate)
        now = timezone.now()
        Person.objects.filter(pk=duplicate.pk).update(
            is_active=False, retired_at=now, merged_into=survivor, version=F("version") + 1, updated_at=now
        )
        Person.objects.filter(pk=survivor.pk).update(version=F("version") + 1, updated_at=now)
        automatic = by is None
        source = "merge.auto" if automatic else "merge"
        _history(duplicate, "is_active", True, False, by, source)
        _history(duplicate, "merged_into", "", survivor.pk, by, source)
        _history(survivor, "merged_from", "", duplicate.pk, by, source)
        record = MergeRecord.objects.create(
            survivor=survivor,
            duplicate=duplicate,
            suggestion=suggestion,
            moved=moved,
            duplicate_before=before,
            automatic=automatic,
            merged_by=by if getattr(by, "pk", None) else None,
        )
        suggestion.status = SuggestionStatus.AUTO if automatic else SuggestionStatus.MERGED
        suggestion.decided_by = by if getattr(by, "pk", None) else None
        suggestion.decided_at = now
        suggestion.version += 1
        suggestion.save()
        audit_record(
            action="registry.person.merge",
            actor=by,
            object_type=PERSON,
            object_id=survivor.pk,
            details={
                "duplicate": duplicate.pk,
                "merge": record.pk,
                "suggestion": suggestion.pk,
                "automatic": automatic,
                "probability": round(suggestion.probability, 4),
                "moved": {k: len(v) for k, v in moved.items()},
            },
        )
        survivor.refresh_from_db()
        match_later(survivor)  # the survivor's other look-alikes (the duplicate's included) are found again
    return record


def suggestion_reject(
    *, by: Any, suggestion_id: int, note: str = "", expected_version: int | None = None
) -> MergeSuggestion:
    """Not the same person: the pair is closed and the matcher will not suggest it again."""
    with transaction.atomic():
        suggestion = _decidable(by, "reject", suggestion_id, expected_version)
        _lock_pair(by, MergeSuggestion, "reject", [suggestion.person_a_id, suggestion.person_b_id])
        suggestion.status = SuggestionStatus.REJECTED
        suggestion.decided_by = by if getattr(by, "pk", None) else None
        suggestion.decided_at = timezone.now()
        suggestion.note = note.strip()[:300]
        suggestion.version += 1
        suggestion.save()
        audit_record(
            action="registry.mergesuggestion.reject",
            actor=by,
            object_type="registry.mergesuggestion",
            object_id=suggestion.pk,
            details={"persons": [suggestion.person_a_id, suggestion.person_b_id]},
        )
    return suggestion


def _cannot_undo(message: Any) -> Conflict:
    return Conflict("cannot_undo", message)


def merge_undo(*, by: Any, merge_id: int) -> MergeRecord:
    """Put back what a merge moved and bring the duplicate back as it was; refuses (409) when the
    merged state has since been built on: the survivor merged again, or a moved link changed."""
    with transaction.atomic():
        base = MergeRecord.objects if by is None else MergeRecord.objects.restrict(by, "undo")
        record = base.select_for_update().filter(pk=merge_id).first()
        if record is None:
            raise NotFound()
        if record.undone_at is not None:
            raise Conflict("already_undone", _("This merge has already been undone."))
        pair = _lock_pair(by, MergeRecord, "undo", [record.survivor_id, record.duplicate_id])
        survivor, duplicate = pair[record.survivor_id], pair[record.duplicate_id]
        if not survivor.is_active:
            raise _cannot_undo(_("The kept person has since been merged or retired; undo that first."))
        if duplicate.is_active or duplicate.merged_into_id != survivor.pk:
            raise _cannot_undo(_("The merged person has changed since the merge; it cannot be restored exactly."))
        links = {f"{model_label(m)}.{f}": (m, f) for m, f in _links()}
        for key, ids in record.moved.items():
            if key == CLOSED_RESIDENCES:
                continue
            if key == COLLECTION_LINK:
                still = Collection.objects.filter(pk__in=ids, record_type=PERSON, record_id=survivor.pk).count()
            elif key in links:
                model, field = links[key]
                still = model._base_manager.filter(pk__in=ids, **{field: survivor}).count()
            else:
                still = -1
            if still != len(ids):
                raise _cannot_undo(
                    _("Records moved by this merge have changed since (%(what)s); it cannot be undone exactly.")
                    % {"what": key}
                )
        closed = record.moved.get(CLOSED_RESIDENCES, [])
        if Residence.objects.filter(pk__in=closed).exclude(until=record.duplicate_before.get("closed_on")).exists():
            raise _cannot_undo(_("A residence closed by this merge has changed since; it cannot be undone exactly."))
        try:
            with transaction.atomic():
                for key, ids in record.moved.items():
                    if key == COLLECTION_LINK:
                        Collection.objects.filter(pk__in=ids).update(record_id=duplicate.pk)
                    elif key in links:
                        model, field = links[key]
                        model._base_manager.filter(pk__in=ids).update(**{field: duplicate})
                Residence.objects.filter(pk__in=closed).update(until=None)
        except IntegrityError:
            raise _cannot_undo(
                _("Records added since the merge conflict with the ones it moved; it cannot be undone exactly.")
            ) from None
        before = record.duplicate_before
        now = timezone.now()
        Person.objects.filter(pk=duplicate.pk).update(
            is_active=before.get("is_active", True),
            retired_at=before.get("retired_at"),
            merged_into_id=before.get("merged_into"),
            version=F("version") + 1,
            updated_at=now,
        )
        Person.objects.filter(pk=survivor.pk).update(version=F("version") + 1, updated_at=now)
        _history(duplicate, "is_active", False, before.get("is_active", True), by, "unmerge")
        _history(duplicate, "merged_into", survivor.pk, before.get("merged_into") or "", by, "unmerge")
        _history(survivor, "merged_from", duplicate.pk, "", by, "unmerge")
        record.undone_by = by if getattr(by, "pk", None) else None
        record.undone_at = now
        record.save(update_fields=["undone_by", "undone_at"])
        if record.suggestion_id is not None:
            MergeSuggestion.objects.filter(pk=record.suggestion_id).update(
                status=SuggestionStatus.OPEN, decided_by=None, decided_at=None, version=F("version") + 1, updated_at=now
            )
        audit_record(
            action="registry.person.unmerge",
            actor=by,
            object_type=PERSON,
            object_id=survivor.pk,
            details={"duplicate": duplicate.pk, "merge": record.pk},
        )
    return record
