"""Registered persons with ID numbers more than a typo apart are two people: the matcher does not
suggest them, not through a merged record without an ID number either, and no merge joins them
(issue 16)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rest_framework.test import APIClient

from jingwang.core.identity import synthetic_id_number
from jingwang.registry.merges import matching
from jingwang.registry.merges import services as merges
from jingwang.registry.models import Address, House, MergeRecord, MergeSuggestion, Person, SuggestionStatus
from jingwang.registry.services import persons
from jingwang.registry.tests.conftest import A1, make_address
from jingwang.testing import World, sign_in
from jingwang.worker.jobs import run_pending

BORN = date(1986, 4, 12)
PHONE = "13912345678"
HOME = "江苏省南京市鼓楼区宁海路街道宁海路2号"


def number(seq: int, region: str = "320106") -> str:
    return synthetic_id_number(region=region, birth=BORN, seq=seq)


def resident(world: World, *, seq: int | None, region: str = "320106", name: str = "王建国") -> Person:
    """A resident of one house, all with the same name, sex, birth date and phone."""
    data: dict[str, Any] = {"name": name, "sex": "1", "birth_date": BORN, "phone": PHONE}
    if seq is not None:
        data["id_number"] = number(seq, region)
    someone = persons.person_create(by=None, grid=world.node(A1), data=data)
    address = Address.objects.filter(canonical=HOME).first() or make_address(world, A1, HOME)
    house = House.objects.get_or_create(address=address, defaults={"grid": world.node(A1)})[0]
    persons.residence_set(by=None, person=someone, house=house)
    return someone


def api(world: World, name: str, language: str = "zh-hans") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user=world.users[name])
    return client


def unchanged(*people: Person) -> bool:
    return (
        Person.objects.filter(pk__in=[p.pk for p in people], is_active=True, merged_into=None).count() == len(people)
        and not MergeRecord.objects.exists()
    )


# --- the matcher ------------------------------------------------------------------------------------


def test_matcher_does_not_suggest_two_people_with_distinct_id_numbers(world: World) -> None:
    first = resident(world, seq=101)
    second = resident(world, seq=303)  # same name, birth date, phone, house: another sequence number
    other_county = resident(world, seq=101, region="640425")
    run_pending()
    assert not MergeSuggestion.objects.exists()
    assert unchanged(first, second, other_county)


def test_matcher_still_suggests_a_number_mistyped_by_one_digit(world: World) -> None:
    first = resident(world, seq=101)
    second = resident(world, seq=111)
    run_pending()
    suggestion = MergeSuggestion.objects.get()
    assert {suggestion.person_a_id, suggestion.person_b_id} == {first.pk, second.pk}


def test_matcher_does_not_suggest_through_a_merged_record_without_an_id_number(world: World) -> None:
    with_x = resident(world, seq=101)
    without = resident(world, seq=None)
    s, _ = merges._suggest(with_x.pk, without.pk, 0.99, 12.0, [], False)
    merges.merge_persons(by=None, suggestion_id=s.pk, survivor_id=without.pk)  # the record without keeps it
    with_y = resident(world, seq=303)

    record = matching.person_record(with_y, address=HOME)
    assert matching.find_matches(record, threshold=0.5, exclude=[with_y.pk], person=with_y) == []
    assert matching.find_matches(record, threshold=0.5, exclude=[with_y.pk]) == []
    run_pending()
    assert not MergeSuggestion.objects.filter(person_b=with_y).exists()
    assert not MergeSuggestion.objects.filter(person_a=with_y).exists()


# --- merging ----------------------------------------------------------------------------------------


def _suggestion(one: Person, other: Person) -> MergeSuggestion:
    """An open suggestion for the pair, as one made before the rule (or by hand) would be."""
    return merges._suggest(one.pk, other.pk, 0.95, 10.0, [], False)[0]


def test_merging_two_people_with_distinct_id_numbers_is_refused_with_a_message(world: World) -> None:
    first, second = resident(world, seq=101), resident(world, seq=303)
    s = _suggestion(first, second)
    response = api(world, "officer_a").post(
        f"/api/v1/merge-suggestions/{s.pk}/merge/", {"survivor": first.pk}, format="json"
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "distinct_id_numbers" and "两个人" in error["message"]
    english = api(world, "officer_a", "en").post(
        f"/api/v1/merge-suggestions/{s.pk}/merge/", {"survivor": first.pk}, format="json"
    )
    assert "two people" in english.json()["error"]["message"]
    assert number(101) not in str(error) and number(303) not in str(error)
    assert unchanged(first, second)
    assert MergeSuggestion.objects.get(pk=s.pk).status == SuggestionStatus.OPEN


def test_merging_through_a_record_merged_before_is_refused(world: World) -> None:
    with_x, without, with_y = resident(world, seq=101), resident(world, seq=None), resident(world, seq=303)
    first = _suggestion(with_x, without)
    merges.merge_persons(by=world.users["officer_a"], suggestion_id=first.pk, survivor_id=without.pk)
    second = _suggestion(without, with_y)
    response = api(world, "officer_a").post(
        f"/api/v1/merge-suggestions/{second.pk}/merge/", {"survivor": with_y.pk}, format="json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "distinct_id_numbers"
    assert Person.objects.get(pk=with_y.pk).is_active and Person.objects.get(pk=without.pk).is_active
    assert MergeRecord.objects.count() == 1


def test_the_merge_page_refuses_two_people_and_says_why(world: World, client: Any) -> None:
    first, second = resident(world, seq=101), resident(world, seq=303)
    s = _suggestion(first, second)
    sign_in(client, world.users["officer_a"])
    response = client.post(f"/registry/duplicates/{s.pk}/", {"decision": "merge", "survivor": first.pk}, follow=True)
    assert response.status_code == 200
    assert "这是两个人" in response.content.decode()
    assert unchanged(first, second)


def test_matching_a_person_counts_the_records_merged_into_it(world: World) -> None:
    without = resident(world, seq=None)
    with_x = resident(world, seq=101)
    s = _suggestion(with_x, without)
    merges.merge_persons(by=None, suggestion_id=s.pk, survivor_id=without.pk)
    with_y = resident(world, seq=303)  # its own matching job is left unrun

    merges.match_person(person_id=without.pk)  # no ID number of its own: the merged one counts

    assert not MergeSuggestion.objects.filter(person_b=with_y).exists()
    assert Person.objects.get(pk=with_y.pk).is_active and MergeRecord.objects.count() == 1
