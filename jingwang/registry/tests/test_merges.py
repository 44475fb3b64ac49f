"""Duplicate persons: suggestions in scope, merge and undo, automatic merges, background matching."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import override_settings
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.core.identity import id_check_character, synthetic_id_number
from jingwang.demo.registry_seed import plant_duplicates
from jingwang.linkage.model import COMPARISONS
from jingwang.notifications.models import Notification
from jingwang.registry.imports.importer import import_file
from jingwang.registry.merges import matching
from jingwang.registry.merges import services as merges
from jingwang.registry.models import (
    Change,
    Collection,
    CollectionMatch,
    Employment,
    House,
    HouseholdRelation,
    MergeRecord,
    MergeSuggestion,
    Person,
    Residence,
    SuggestionStatus,
    Unit,
)
from jingwang.registry.services import persons
from jingwang.registry.services.collections import collection_decide
from jingwang.registry.templatetags.registry_labels import LEVELS, OTHER, field_label
from jingwang.registry.tests.conftest import A1, A2, B1, make_address, make_collection
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World, sign_in
from jingwang.worker.jobs import run_pending
from jingwang.worker.models import Job

BIRTH = date(1986, 4, 12)


# Tests that need exact probabilities (thresholds) use this stand-in; the others score with the
# shipped linkage model.
def fake_score(a: Any, b: Any) -> tuple[float, float, list[dict[str, Any]]]:
    """A stand-in for the linkage model with known answers: same ID 0.995, same name + birth date
    0.9 (0.999 with the same ID too), anything else 0.1."""
    fields = [
        {"field": "id_number", "level": "exact" if a.id_clean == b.id_clean else "different", "weight": 0.0},
        {"field": "name", "level": "exact" if a.name_py == b.name_py else "different", "weight": 0.0},
    ]
    same_id, same_name = a.id_valid and a.id_clean == b.id_clean, a.name_py == b.name_py and a.dob == b.dob
    probability = 0.999 if same_id and same_name else 0.995 if same_id else 0.9 if same_name else 0.1
    fields[0]["weight"] = 12.0 if same_id else -6.0
    fields[1]["weight"] = 8.0 if same_name else -4.0
    return probability, 10.0, fields


@pytest.fixture
def scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "score", fake_score)


def person(world: World, grid: str, name: str, *, seq: int, birth: date = BIRTH, **extra: Any) -> Person:
    data = {"name": name, "id_number": synthetic_id_number(region="320106", birth=birth, seq=seq), **extra}
    return persons.person_create(by=None, grid=world.node(grid), data=data)


def pair(world: World, grid_a: str = A1, grid_b: str = A1, *, same_id: bool = False) -> MergeSuggestion:
    """Two records of one person (same name and birth date; the same ID number, or one digit of
    it mistyped: two numbers further apart would be two people, whom no merge may join)."""
    a = person(world, grid_a, "王建国", seq=101)
    b = person(world, grid_b, "王建國", seq=101 if same_id else 111)
    suggestion, _created = merges._suggest(a.pk, b.pk, 0.93, 9.5, [{"field": "name", "level": "exact", "weight": 7.1}],
                                           same_id)  # fmt: skip
    return suggestion


def api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=world.users[name])
    return client


# --- scope ----------------------------------------------------------------------------------------


def _pair_of_strangers(world: World) -> MergeSuggestion:
    """One more suggested pair in grid A1, with ID numbers no other pair uses."""
    seq = 300 + 10 * Person.objects.count()
    a = person(world, A1, "李文", seq=seq, birth=date(1975, 6, 1))
    b = person(world, A1, "李文", seq=seq + 10, birth=date(1975, 6, 1))
    suggestion, _created = merges._suggest(a.pk, b.pk, 0.93, 9.5, [], False)
    return suggestion


class TestMergeSuggestionScope(ScopedResourceContract):
    list_url = "/api/v1/merge-suggestions/"
    model = MergeSuggestion
    viewer = "officer_a"
    no_permission_user = "mediator"
    writes = {
        "merge": Write("post", "merge/", lambda s: {"survivor": s.person_a_id}),
        "reject": Write("post", "reject/", {"note": "不是同一人"}),
    }
    not_applicable = {
        "search": "suggestions are filtered by status and a shared ID number; they hold no text of their own"
    }

    def in_scope(self, world: World) -> Any:
        return MergeSuggestion.objects.filter(person_a__grid=world.node(A1)).first() or pair(world, A1, A2)

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            _pair_of_strangers(world)

    def out_of_scope(self, world: World) -> Any:
        found = MergeSuggestion.objects.filter(person_a__grid=world.node(B1)).first()
        return found or pair(world, B1, B1)

    def page_url(self, obj: Any) -> str:
        return f"/registry/duplicates/{obj.pk}/"


class TestMergeRecordScope(ScopedResourceContract):
    list_url = "/api/v1/merges/"
    model = MergeRecord
    viewer = "officer_a"
    no_permission_user = "dept"
    writes = {"undo": Write("post", "undo/")}
    not_applicable = {"search": "merges are filtered by undone and automatic; they hold no text of their own"}

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            s = _pair_of_strangers(world)
            merges.merge_persons(by=None, suggestion_id=s.pk, survivor_id=s.person_a_id)

    def _merged(self, world: World, grid: str) -> MergeRecord:
        found = MergeRecord.objects.filter(survivor__grid=world.node(grid)).first()
        if found is not None:
            return found
        s = pair(world, grid, grid)
        return merges.merge_persons(by=None, suggestion_id=s.pk, survivor_id=s.person_a_id)

    def in_scope(self, world: World) -> Any:
        return self._merged(world, A1)

    def out_of_scope(self, world: World) -> Any:
        return self._merged(world, B1)

    def page_url(self, obj: Any) -> str:
        return f"/registry/merges/{obj.pk}/"


def test_suggestion_across_districts_is_seen_by_both_officers_and_decided_by_the_leader(world: World) -> None:
    s = pair(world, A1, B1)
    for name in ("officer_a", "officer_b", "leader"):
        assert api(world, name).get(f"/api/v1/merge-suggestions/{s.pk}/").status_code == 200
    refused = api(world, "officer_a").post(
        f"/api/v1/merge-suggestions/{s.pk}/merge/", {"survivor": s.person_a_id}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "outside_scope"
    assert Person.objects.filter(is_active=True, pk__in=[s.person_a_id, s.person_b_id]).count() == 2
    assert MergeSuggestion.objects.get(pk=s.pk).status == SuggestionStatus.OPEN
    done = api(world, "leader").post(
        f"/api/v1/merge-suggestions/{s.pk}/merge/", {"survivor": s.person_a_id}, format="json"
    )
    assert done.status_code == 201, done.content
    assert Person.objects.get(pk=s.person_b_id).merged_into_id == s.person_a_id


def test_grid_worker_sees_suggestions_but_cannot_merge(world: World) -> None:
    s = pair(world, A1, A1)
    client = api(world, "grid_a1")
    assert client.get(f"/api/v1/merge-suggestions/{s.pk}/").status_code == 200
    assert client.post(f"/api/v1/merge-suggestions/{s.pk}/merge/", {"survivor": s.person_a_id}).status_code == 403
    assert MergeSuggestion.objects.get(pk=s.pk).status == SuggestionStatus.OPEN


# --- merge and undo ---------------------------------------------------------------------------------


def _state(*people: Person) -> dict[str, Any]:
    """Everything a merge may touch, as plain values (versions and timestamps aside)."""
    ids = [p.pk for p in people]

    def rows(model: Any, **lookup: Any) -> list[dict[str, Any]]:
        return [model_to_dict(r) for r in model.objects.filter(**lookup).order_by("pk")]

    skip = {"version", "updated_at"}
    return {
        "persons": [
            {k: v for k, v in model_to_dict(p).items() if k not in skip}
            for p in Person.objects.filter(pk__in=ids).order_by("pk")
        ],
        "residences": rows(Residence, person_id__in=ids),
        "employments": rows(Employment, person_id__in=ids),
        "relations": rows(HouseholdRelation, person_id__in=ids) + rows(HouseholdRelation, relative_id__in=ids),
        "collections": rows(Collection, record_id__in=ids),
        "retired_at": list(Person.objects.filter(pk__in=ids).order_by("pk").values_list("retired_at", flat=True)),
    }


def _links(world: World, survivor: Person, duplicate: Person) -> None:
    """Residences (one at a house both live at), a job, relations both ways, a collection record."""
    shared = House.objects.create(
        address=make_address(world, A1, "江苏省南京市鼓楼区宁海路街道宁海路2号"), grid=world.node(A1)
    )
    other = House.objects.create(
        address=make_address(world, A1, "江苏省南京市鼓楼区宁海路街道宁海路3号"), grid=world.node(A1)
    )
    persons.residence_set(by=None, person=survivor, house=shared)
    persons.residence_set(by=None, person=duplicate, house=shared)
    Residence.objects.create(person=duplicate, house=other, since=date(2020, 1, 1), until=date(2021, 1, 1))
    unit = Unit.objects.create(name="甲公司", grid=world.node(A1))
    Employment.objects.create(person=duplicate, unit=unit, position="会计")
    spouse = person(world, A1, "李秀英", seq=302, birth=date(1988, 1, 1))
    son = person(world, A1, "王小明", seq=401, birth=date(2012, 6, 1))
    HouseholdRelation.objects.create(person=duplicate, relative=spouse, relation="10")
    HouseholdRelation.objects.create(person=son, relative=duplicate, relation="51")
    HouseholdRelation.objects.create(person=survivor, relative=spouse, relation="10")  # the same tie, kept
    c = make_collection(world, A1, "grid_a1")
    Collection.objects.filter(pk=c.pk).update(record_type="registry.person", record_id=duplicate.pk, status="accepted")


def test_merge_moves_links_to_the_survivor_and_undo_restores_exactly(world: World) -> None:
    s = pair(world)
    survivor, duplicate = Person.objects.get(pk=s.person_a_id), Person.objects.get(pk=s.person_b_id)
    _links(world, survivor, duplicate)
    before = _state(survivor, duplicate)
    officer = world.users["officer_a"]

    record = merges.merge_persons(by=officer, suggestion_id=s.pk, survivor_id=survivor.pk)

    duplicate.refresh_from_db()
    assert not duplicate.is_active and duplicate.merged_into_id == survivor.pk
    assert not Residence.objects.filter(person=duplicate).exists()
    assert Residence.objects.filter(person=survivor, until__isnull=True).count() == 1  # the shared house, once
    assert Employment.objects.get().person_id == survivor.pk
    assert HouseholdRelation.objects.filter(relative=survivor, relation="51").exists()
    assert HouseholdRelation.objects.filter(person=duplicate).count() == 1  # the tie the survivor had already
    assert Collection.objects.get(record_type="registry.person").record_id == survivor.pk
    assert MergeSuggestion.objects.get(pk=s.pk).status == SuggestionStatus.MERGED
    event = AuditEvent.objects.filter(action="registry.person.merge").get()
    assert event.actor_id == officer.pk and event.object_id == str(survivor.pk)
    assert Change.objects.filter(record_id=duplicate.pk, field="merged_into", new=str(survivor.pk)).exists()
    assert Change.objects.filter(record_id=survivor.pk, field="merged_from", new=str(duplicate.pk)).exists()

    merges.merge_undo(by=officer, merge_id=record.pk)

    assert _state(survivor, duplicate) == before
    assert MergeSuggestion.objects.get(pk=s.pk).status == SuggestionStatus.OPEN
    assert AuditEvent.objects.filter(action="registry.person.unmerge", object_id=str(survivor.pk)).count() == 1
    assert MergeRecord.objects.get(pk=record.pk).undone_by_id == officer.pk


def test_undo_is_refused_when_a_moved_link_changed_since(world: World) -> None:
    s = pair(world)
    survivor, duplicate = Person.objects.get(pk=s.person_a_id), Person.objects.get(pk=s.person_b_id)
    _links(world, survivor, duplicate)
    record = merges.merge_persons(by=world.users["officer_a"], suggestion_id=s.pk, survivor_id=survivor.pk)
    Employment.objects.all().delete()  # the job moved to the survivor has since ended and was removed

    response = api(world, "officer_a").post(f"/api/v1/merges/{record.pk}/undo/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cannot_undo"
    assert not Person.objects.get(pk=duplicate.pk).is_active
    assert MergeRecord.objects.get(pk=record.pk).undone_at is None


def test_undo_is_refused_when_the_survivor_was_merged_again(world: World) -> None:
    s = pair(world)
    first = merges.merge_persons(by=None, suggestion_id=s.pk, survivor_id=s.person_a_id)
    third = person(world, A1, "王建国", seq=121)
    again, _ = merges._suggest(s.person_a_id, third.pk, 0.9, 9.0, [], False)
    merges.merge_persons(by=None, suggestion_id=again.pk, survivor_id=third.pk)

    with pytest.raises(merges.Conflict) as refused:
        merges.merge_undo(by=world.users["officer_a"], merge_id=first.pk)

    assert refused.value.code == "cannot_undo"
    assert not Person.objects.get(pk=s.person_b_id).is_active


def test_rejected_pair_is_not_suggested_again(world: World, scorer: None) -> None:
    s = pair(world)
    api(world, "officer_a").post(f"/api/v1/merge-suggestions/{s.pk}/reject/", {"note": "twins"}, format="json")
    merges.match_person(person_id=s.person_b_id)
    s.refresh_from_db()
    assert s.status == SuggestionStatus.REJECTED and s.note == "twins"
    assert AuditEvent.objects.filter(action="registry.mergesuggestion.reject").count() == 1


def test_merge_with_a_stale_version_is_refused(world: World) -> None:
    s = pair(world)
    response = api(world, "officer_a").post(
        f"/api/v1/merge-suggestions/{s.pk}/merge/", {"survivor": s.person_a_id}, format="json", HTTP_IF_MATCH='"7"'
    )
    assert response.status_code == 412
    assert Person.objects.get(pk=s.person_b_id).is_active


def test_officer_merges_and_undoes_from_the_pages(world: World, client: Any) -> None:
    s = pair(world)
    sign_in(client, world.users["officer_a"])
    assert f"/registry/duplicates/{s.pk}/" in client.get(f"/registry/persons/{s.person_a_id}/").content.decode()
    page = client.get(f"/registry/duplicates/{s.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="merge"' in html and "王建國" in html
    assert synthetic_id_number(region="320106", birth=BIRTH, seq=101) not in html  # masked
    response = client.post(f"/registry/duplicates/{s.pk}/", {"decision": "merge", "survivor": s.person_b_id})
    record = MergeRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registry/merges/{record.pk}/"
    assert record.survivor_id == s.person_b_id
    assert client.post(f"/registry/merges/{record.pk}/").status_code == 302
    assert Person.objects.filter(pk__in=[s.person_a_id, s.person_b_id], is_active=True).count() == 2
    listing = client.get("/registry/duplicates/").content.decode()
    assert f"/registry/duplicates/{s.pk}/" in listing
    quality = client.get("/registry/quality/").content.decode()
    assert 'data-testid="quality-possible-duplicates">1<' in quality


# --- automatic merges -----------------------------------------------------------------------------


def test_same_id_number_and_high_probability_merge_automatically(world: World) -> None:
    old = person(world, A1, "赵丽", seq=122)
    new = person(world, A2, "赵丽", seq=122)
    run_pending()
    s = MergeSuggestion.objects.get()
    assert s.status == SuggestionStatus.AUTO and s.same_id_number
    new.refresh_from_db()
    assert new.merged_into_id == old.pk and not new.is_active
    record = MergeRecord.objects.get()
    assert record.automatic and record.merged_by is None and record.survivor_id == old.pk


@pytest.mark.parametrize(
    ("first", "second", "settings_", "status"),
    [
        ({"name": "赵丽", "seq": 122}, {"name": "孙强", "seq": 122}, {}, SuggestionStatus.OPEN),  # same ID, 0.995
        ({"name": "赵丽", "seq": 122}, {"name": "赵丽", "seq": 124}, {}, SuggestionStatus.OPEN),  # other ID, 0.9
        ({"name": "赵丽", "seq": 122}, {"name": "赵丽", "seq": 122}, {"AUTO_MERGE": False}, SuggestionStatus.OPEN),
    ],
)
def test_no_automatic_merge_without_the_same_id_number_and_a_high_probability(
    world: World, scorer: None, first: dict[str, Any], second: dict[str, Any], settings_: dict[str, Any], status: str
) -> None:
    with override_settings(MERGE_AUTO_PERCENT=99.9 if not settings_ else 99, **settings_):
        person(world, A1, first["name"], seq=first["seq"])
        person(world, A1, second["name"], seq=second["seq"])
        run_pending()
    assert MergeSuggestion.objects.get().status == status
    assert not MergeRecord.objects.exists()
    assert Person.objects.filter(is_active=True).count() == 2


def test_undone_automatic_merge_is_not_redone(world: World, scorer: None) -> None:
    person(world, A1, "赵丽", seq=122)
    newer = person(world, A1, "赵丽", seq=122)
    run_pending()
    merges.merge_undo(by=world.users["officer_a"], merge_id=MergeRecord.objects.get().pk)
    persons.person_update(by=world.users["officer_a"], person_id=newer.pk, expected_version=None,
                          data={"phone": "13912345678"})  # fmt: skip
    run_pending()
    assert MergeSuggestion.objects.get().status == SuggestionStatus.OPEN
    assert Person.objects.filter(is_active=True).count() == 2


# --- candidates -------------------------------------------------------------------------------------


def test_id_number_one_transposition_away_is_a_candidate(world: World) -> None:
    registered = person(world, A1, "钱多多", seq=517)
    number = synthetic_id_number(region="320106", birth=BIRTH, seq=517)
    stem = number[:14] + number[15] + number[14] + number[16]  # two sequence digits swapped
    typed = stem + id_check_character(stem)
    assert typed in matching.id_variants(number)
    record = matching.values_record({"name": "钱多", "id_number": typed})
    assert [p.pk for p in matching.candidates(record)] == [registered.pk]


def test_same_name_and_birth_date_or_phone_are_candidates(world: World) -> None:
    by_name = person(world, A1, "单明", seq=611, birth=date(1979, 2, 3))
    by_phone = person(world, B1, "孙浩", seq=613, phone="13700001111")
    record = matching.values_record({"name": "單明", "birth_date": "1979年2月3日", "phone": "+86 137 0000 1111"})
    assert {p.pk for p in matching.candidates(record)} == {by_name.pk, by_phone.pk}


# --- incremental matching ---------------------------------------------------------------------------


def test_accepting_a_collection_enqueues_matching_and_the_worker_suggests(world: World) -> None:
    registered = person(world, A1, "周杰", seq=711, birth=date(1990, 5, 5))
    run_pending()
    # Met at the door without the ID card: name, birth date and sex only.
    c = make_collection(world, A1, "grid_a1", name="周杰", birth_date="1990-05-05", sex="1")
    assert Job.objects.filter(kind="registry.match_collection", payload={"collection": c.pk}).exists()

    c = collection_decide(by=world.users["officer_a"], collection_id=c.pk, accept=True)
    assert Job.objects.filter(kind="registry.match_person", payload={"person": c.record_id}, done_at=None).exists()
    assert not MergeSuggestion.objects.exists()  # nothing until the worker runs

    run_pending()

    s = MergeSuggestion.objects.get()
    assert {s.person_a_id, s.person_b_id} == {registered.pk, c.record_id}
    assert s.fields and s.status == SuggestionStatus.OPEN


def test_queue_shows_possible_duplicate_of_a_pending_submission(world: World, client: Any) -> None:
    registered = person(world, A1, "吴敏", seq=812, birth=date(1975, 9, 9))
    c = make_collection(world, A1, "grid_a1", name="吴敏", birth_date="1975-09-09")
    run_pending()
    assert CollectionMatch.objects.get(collection=c).person_id == registered.pk
    sign_in(client, world.users["officer_a"])
    html = client.get("/registry/queue/").content.decode()
    assert 'data-testid="possible-duplicate"' in html and "吴敏" in html
    assert registered.id_number_masked in html
    body = api(world, "officer_a").get(f"/api/v1/collections/{c.pk}/").json()
    assert [d["person"]["id"] for d in body["possible_duplicates"]] == [registered.pk]
    assert body["possible_duplicates"][0]["person"]["id_number"] == registered.id_number_masked


def test_import_enqueues_matching_of_the_new_persons(world: World, tmp_path: Any, scorer: None) -> None:
    registered = person(world, A1, "郑爽", seq=902, birth=date(1992, 2, 2))
    number = synthetic_id_number(region="320106", birth=date(1992, 2, 2), seq=904)
    path = tmp_path / "people.csv"
    path.write_text(f"姓名,身份证号,网格\n郑爽,{number},320106001001001\n", encoding="utf-8")
    report = import_file(by=None, kind="person", path=path)
    assert report.created == 1, report.problems
    assert Job.objects.filter(kind="registry.match_persons").count() == 1
    run_pending()
    s = MergeSuggestion.objects.get()
    assert registered.pk in (s.person_a_id, s.person_b_id)


def test_new_suggestion_notifies_the_officers_and_across_districts_the_station_leader(world: World) -> None:
    s = pair(world, A1, B1)
    again = merges._suggest(s.person_a_id, s.person_b_id, 0.95, 9.9, [], False)[0]  # refreshed, not re-notified
    assert again.pk == s.pk and again.probability == 0.95
    told = set(Notification.objects.filter(dedupe_key=f"registry.mergesuggestion:{s.pk}").values_list(
        "recipient__username", flat=True))  # fmt: skip
    assert told == {"officer_a", "officer_b", "leader"}


def test_links_held_by_other_apps_follow_a_merge() -> None:
    keys = {f"{model._meta.label_lower}.{field}" for model, field in merges._links()}
    assert {"registry.residence.person", "registry.employment.person", "registry.householdrelation.person",
            "registry.householdrelation.relative", "disputes.party.person"} <= keys  # fmt: skip
    assert not keys & {
        "registry.mergesuggestion.person_a",
        "registry.collectionmatch.person",
        "registry.person.merged_into",
    }


def test_demo_plants_duplicates_the_matcher_finds(world: World) -> None:
    for i, name in enumerate(["王建国", "李华", "张丽", "刘强", "陈军", "杨红"]):
        person(world, A1, name, seq=101 + 2 * i, birth=date(1970 + i, 3, 4), sex="1")
    grid = world.node(A1).code
    assert plant_duplicates(count=3, grid_codes=[grid]) == 3
    statuses = sorted(MergeSuggestion.objects.values_list("status", flat=True))
    assert statuses == [SuggestionStatus.AUTO, SuggestionStatus.OPEN, SuggestionStatus.OPEN]
    assert plant_duplicates(count=3, grid_codes=[grid]) == 0


def test_every_comparison_level_of_the_linkage_model_has_a_name_in_the_interface() -> None:
    for spec in COMPARISONS:
        assert spec.field in OTHER or field_label(spec.field) != spec.field, spec.field
        for level in spec.levels:
            assert level.label in LEVELS, level.label
